import { describe, expect, it } from 'vitest';
import {
  authorize,
  can,
  ForbiddenError,
  POLICY,
  projectFilter,
  routeAction,
} from '../../../shared/auth/policy.ts';
import {
  claimsOf,
  groupsOf,
  OWNER,
  type Principal,
  principalFromEvent,
} from '../../../shared/auth/principal.ts';
import { UnauthorizedError } from '../../../shared/errors.ts';

const pm: Principal = { id: 'u1', name: 'pia', roles: ['project-manager'], projects: ['A77892'] };
const reviewer: Principal = { id: 'u2', name: 'rita', roles: ['reviewer'], projects: [] };
const auditor: Principal = { id: 'u3', name: 'aki', roles: ['auditor'], projects: [] };
const operator: Principal = { id: 'u4', name: 'olli', roles: ['operator'], projects: [] };

const jwt = (claims: Record<string, unknown>) => ({
  requestContext: { authorizer: { jwt: { claims } } },
});

describe('principalFromEvent', () => {
  it('reads the JWT claims of a signed-in user', () => {
    expect(
      principalFromEvent(
        jwt({
          sub: 'abc',
          'cognito:username': 'pia',
          'cognito:groups': '[project-manager auditor]',
          'custom:projects': 'A1, B2',
        }),
      ),
    ).toEqual({
      id: 'abc',
      name: 'pia',
      roles: ['project-manager', 'auditor'],
      projects: ['A1', 'B2'],
    });
  });

  it('accepts groups as an array and ignores groups that name no role', () => {
    const p = principalFromEvent(jwt({ sub: 's', 'cognito:groups': ['reviewer', 'admins'] }));
    expect(p).toEqual({ id: 's', name: 's', roles: ['reviewer'], projects: [] });
  });

  it('makes an IAM-signed caller a read-only machine', () => {
    const p = principalFromEvent({
      requestContext: { authorizer: { iam: { userArn: 'arn:aws:iam::1:role/x', userId: 'X' } } },
    });
    expect(p.roles).toEqual(['auditor']);
    expect(p.name).toBe('arn:aws:iam::1:role/x');
  });

  it('throws UnauthorizedError without claims or IAM', () => {
    expect(() => principalFromEvent({ requestContext: {} })).toThrow(UnauthorizedError);
    expect(() => principalFromEvent(jwt({ sub: '' }))).toThrow(UnauthorizedError);
  });

  it('reads back the claims claimsOf writes', () => {
    expect(principalFromEvent(jwt({ ...claimsOf(pm) }))).toEqual(pm);
    expect(principalFromEvent(jwt({ ...claimsOf(OWNER) }))).toEqual(OWNER);
  });

  it('splits group claims in every spelling', () => {
    expect(groupsOf('[a b]')).toEqual(['a', 'b']);
    expect(groupsOf('a,b')).toEqual(['a', 'b']);
    expect(groupsOf('["a","b"]')).toEqual(['a', 'b']);
    expect(groupsOf(undefined)).toEqual([]);
  });
});

describe('can', () => {
  const report = routeAction('GET', '/projects/{code}/reports/{version}');
  const review = routeAction('POST', '/projects/{code}/reports/{version}/reviews');
  const approve = routeAction('POST', '/projects/{code}/reports/{version}/approve');
  const text = routeAction('GET', '/projects/{code}/reports/{version}/text');

  it('lets project managers read and correct only their own projects, never approve', () => {
    expect(can(pm, report, { project: 'A77892' })).toBe(true);
    expect(can(pm, report, { project: 'B1' })).toBe(false);
    expect(can(pm, review, { project: 'A77892' })).toBe(true);
    expect(can(pm, approve, { project: 'A77892' })).toBe(false);
  });

  it('lets reviewers review and approve anything, auditors read only', () => {
    expect(can(reviewer, approve, { project: 'B1' })).toBe(true);
    expect(can(auditor, report, { project: 'B1' })).toBe(true);
    expect(can(auditor, routeAction('GET', '/projects/{code}/reports/{version}/reviews'))).toBe(
      true,
    );
    expect(can(auditor, review, { project: 'B1' })).toBe(false);
  });

  it('keeps operators away from records and read text but lets them run the pipeline', () => {
    expect(can(operator, report, { project: 'B1' })).toBe(false);
    expect(can(operator, text, { project: 'B1' })).toBe(false);
    expect(can(operator, 'epm reextract')).toBe(true);
    expect(can(reviewer, 'epm reextract')).toBe(false);
  });

  it('denies an action the policy does not list, to every role', () => {
    expect(can(OWNER, 'DELETE /projects/{code}')).toBe(false);
    expect(() => authorize(OWNER, 'DELETE /projects/{code}')).toThrow(/not in the policy/);
  });

  it('names the missing right in the 403', () => {
    const error = (() => {
      try {
        authorize(auditor, review, { project: 'B1' });
        return undefined;
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as ForbiddenError).statusCode).toBe(403);
    expect((error as ForbiddenError).message).toMatch(/lacks the right 'review'/);
    expect(() => authorize(pm, report, { project: 'B1' })).toThrow(
      /only for their own projects, not B1/,
    );
  });

  it('filters lists to a project manager’s own projects', () => {
    expect(projectFilter(pm, 'GET /projects')).toEqual(['A77892']);
    expect(projectFilter(reviewer, 'GET /projects')).toBeUndefined();
  });

  it('has one row per action', () => {
    const actions = POLICY.map((r) => r.action);
    expect(new Set(actions).size).toBe(actions.length);
  });
});
