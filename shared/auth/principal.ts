import { UnauthorizedError } from '../errors.ts';
import * as z from '../schemas/zod.ts';

/**
 * The four roles of the system. On AWS each is a Cognito group of the same name; locally each
 * user of `epm users` has one or more of them.
 * - `project-manager`: uploads; sees and corrects the reports of their own projects.
 * - `reviewer`: the managing authority's reviewer; reads all, reviews, corrects, approves.
 * - `auditor`: reads everything, including review history; changes nothing.
 * - `operator`: redrive, reextract, reconcile; never sees personal data or read text.
 */
export const ROLES = ['project-manager', 'reviewer', 'auditor', 'operator'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/** Who is asking: `projects` are the codes a project manager owns (empty for other roles). */
export const PrincipalSchema = z.object({
  id: z.string().check(z.minLength(1)),
  name: z.string().check(z.minLength(1)),
  roles: z.array(RoleSchema),
  projects: z.array(z.string()),
});
export type Principal = z.infer<typeof PrincipalSchema>;

/** Claims of an API Gateway HTTP API (payload 2.0) JWT authorizer, as they reach the function. */
export interface JwtClaims {
  sub: string;
  'cognito:username'?: string;
  /** `[reviewer auditor]` as API Gateway flattens a list claim, or the list itself. */
  'cognito:groups'?: string | string[];
  /** Project codes a project manager owns, comma-separated. */
  'custom:projects'?: string;
}

/** The parts of an HTTP API event the principal is read from. */
export interface AuthorizedEvent {
  requestContext?: {
    authorizer?: {
      jwt?: { claims?: Record<string, unknown> };
      iam?: Record<string, unknown> | undefined;
    };
  };
}

/** Groups from a claim: an array, `[a b]`, `a,b` or `["a","b"]`. */
export function groupsOf(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.map(String).filter((g) => g !== '');
  if (typeof claim !== 'string') return [];
  const inner = claim.trim().replace(/^\[/, '').replace(/\]$/, '');
  return inner
    .split(/[\s,]+/)
    .map((g) => g.replace(/^"|"$/g, ''))
    .filter((g) => g !== '');
}

function projectsOf(claim: unknown): string[] {
  if (typeof claim !== 'string') return [];
  return claim
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** The principal an IAM-authorised caller gets: a machine that reads, like an auditor. */
export const MACHINE_ROLES: Role[] = ['auditor'];

/**
 * Who made a request, from the claims API Gateway's JWT authorizer verified (or `epm serve`
 * put there for a local user); an IAM-signed call is a machine with read-only rights. Groups
 * that name no role are ignored. Without either, the request is unauthorised (401).
 */
export function principalFromEvent(event: { requestContext?: object }): Principal {
  const authorizer = (event as AuthorizedEvent).requestContext?.authorizer;
  const claims = authorizer?.jwt?.claims;
  if (claims && typeof claims.sub === 'string' && claims.sub !== '') {
    const username = claims['cognito:username'];
    return {
      id: claims.sub,
      name: typeof username === 'string' && username !== '' ? username : claims.sub,
      roles: [...new Set(groupsOf(claims['cognito:groups']).filter(isRole))],
      projects: projectsOf(claims['custom:projects']),
    };
  }
  const iam = authorizer?.iam;
  if (iam && typeof iam === 'object') {
    const arn = typeof iam.userArn === 'string' && iam.userArn !== '' ? iam.userArn : undefined;
    const id = arn ?? (typeof iam.userId === 'string' && iam.userId !== '' ? iam.userId : 'iam');
    return { id, name: id, roles: MACHINE_ROLES, projects: [] };
  }
  throw new UnauthorizedError();
}

/** The JWT claims a principal has: what `epm serve` and the local CLI hand the API handler. */
export function claimsOf(principal: Principal): JwtClaims {
  return {
    sub: principal.id,
    'cognito:username': principal.name,
    'cognito:groups': `[${principal.roles.join(' ')}]`,
    ...(principal.projects.length > 0 ? { 'custom:projects': principal.projects.join(',') } : {}),
  };
}

/**
 * The local CLI without `--as`: the owner of the data folder, with every role (it can read the
 * folder's files anyway).
 */
export const OWNER: Principal = Object.freeze({
  id: 'owner',
  name: 'owner',
  roles: [...ROLES],
  projects: [],
}) as Principal;
