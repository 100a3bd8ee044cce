import { EpmError } from '../errors.ts';
import type { Principal, Role } from './principal.ts';

/**
 * What a role may do with an action: `all` of it, or only for the projects the principal owns
 * (`own`, project managers: the project code in the path, or the list filtered to their codes).
 */
export type Reach = 'all' | 'own';

/** One row of the policy: an API route (`GET /projects/{code}`) or a CLI command (`epm review`). */
export interface PolicyRow {
  action: string;
  /** The right a 403 names: what the caller lacks. */
  right: string;
  roles: Partial<Record<Role, Reach>>;
}

const readers = { reviewer: 'all', auditor: 'all' } as const;
const ownReaders = { 'project-manager': 'own', ...readers } as const;
const everyone = { ...ownReaders, operator: 'all' } as const;

/**
 * The whole policy: one row per API route and per CLI command. Anything not listed is denied.
 * Operators see what the pipeline did (projects, versions, checks, audit log), never a record's
 * contents, read text, review notes or final reports, as those may hold personal data.
 */
export const POLICY: readonly PolicyRow[] = [
  // API routes (shared/api/routes.ts); every route there must have a row here.
  { action: 'GET /me', right: 'who-am-i', roles: everyone },
  { action: 'GET /openapi.json', right: 'read-api-description', roles: everyone },
  { action: 'GET /projects', right: 'list-projects', roles: everyone },
  { action: 'GET /projects/{code}', right: 'read-project', roles: everyone },
  { action: 'GET /projects/{code}/reports', right: 'list-report-versions', roles: everyone },
  { action: 'GET /projects/{code}/reports/{version}', right: 'read-report', roles: ownReaders },
  { action: 'GET /projects/{code}/reports/{version}/text', right: 'read-text', roles: ownReaders },
  {
    action: 'GET /projects/{code}/reports/{version}/reviews',
    right: 'read-review-history',
    roles: ownReaders,
  },
  {
    action: 'POST /projects/{code}/reports/{version}/reviews',
    right: 'review',
    roles: { 'project-manager': 'own', reviewer: 'all' },
  },
  {
    action: 'POST /projects/{code}/reports/{version}/approve',
    right: 'approve',
    roles: { reviewer: 'all' },
  },
  {
    action: 'POST /projects/{code}/reports/{version}/reopen',
    right: 'reopen',
    roles: { reviewer: 'all' },
  },
  { action: 'GET /projects/{code}/final-report', right: 'read-final-report', roles: ownReaders },
  { action: 'GET /review/queue', right: 'read-review-queue', roles: ownReaders },
  // Programme routes (shared/programme/routes.ts).
  { action: 'GET /projects/{code}/links', right: 'read-project-links', roles: ownReaders },
  { action: 'GET /programme/annex-vii/financial', right: 'read-annex-vii', roles: readers },
  { action: 'GET /programme/annex-vii/indicators', right: 'read-annex-vii', roles: readers },
  {
    action: 'GET /indicators/{path}',
    right: 'read-indicators',
    roles: { ...readers, operator: 'all' },
  },
  { action: 'GET /checks', right: 'list-checks', roles: { ...readers, operator: 'all' } },
  { action: 'GET /awards', right: 'list-awards', roles: readers },
  { action: 'GET /calls', right: 'list-calls', roles: readers },
  { action: 'GET /audit-log', right: 'read-audit-log', roles: everyone },
  {
    action: 'POST /uploads',
    right: 'upload',
    roles: { 'project-manager': 'all', reviewer: 'all' },
  },
  // CLI commands (bin/epm.ts); `--as USER` is checked against these rows.
  { action: 'epm extract', right: 'extract-files', roles: { ...ownReaders, operator: 'all' } },
  { action: 'epm run', right: 'run-pipeline', roles: { operator: 'all' } },
  { action: 'epm load', right: 'load-generated-projects', roles: { operator: 'all' } },
  { action: 'epm serve', right: 'serve', roles: { operator: 'all' } },
  { action: 'epm upload', right: 'upload', roles: { 'project-manager': 'all', reviewer: 'all' } },
  { action: 'epm redrive', right: 'redrive', roles: { operator: 'all' } },
  { action: 'epm reconcile', right: 'reconcile', roles: { operator: 'all' } },
  { action: 'epm reextract', right: 'reextract', roles: { operator: 'all' } },
  { action: 'epm query', right: 'query', roles: everyone },
  { action: 'epm render', right: 'render-final-report', roles: { reviewer: 'all' } },
  { action: 'epm programme-report', right: 'programme-report', roles: readers },
  {
    action: 'epm review',
    right: 'review',
    roles: { 'project-manager': 'own', reviewer: 'all' },
  },
  { action: 'epm users', right: 'manage-users', roles: { operator: 'all' } },
];

const BY_ACTION = new Map(POLICY.map((row) => [row.action, row]));

/** The API action of a route: `GET /projects/{code}`. */
export function routeAction(method: string, path: string): string {
  return `${method.toUpperCase()} ${path}`;
}

/** The policy row of an action, or undefined: an action without a row is denied to everyone. */
export function policyRow(action: string): PolicyRow | undefined {
  return BY_ACTION.get(action);
}

/** The widest reach any of the principal's roles gives for the action, or undefined. */
export function reachOf(principal: Principal, action: string): Reach | undefined {
  const row = BY_ACTION.get(action);
  if (!row) return undefined;
  let reach: Reach | undefined;
  for (const role of principal.roles) {
    const r = row.roles[role];
    if (r === 'all') return 'all';
    if (r === 'own') reach = 'own';
  }
  return reach;
}

/**
 * Whether the principal may take the action; with a project code, whether it may for that
 * project (a project manager only for their own codes).
 */
export function can(
  principal: Principal,
  action: string,
  resource?: { project?: string },
): boolean {
  const reach = reachOf(principal, action);
  if (reach === 'all') return true;
  if (reach !== 'own') return false;
  const project = resource?.project;
  return project === undefined || principal.projects.includes(project);
}

/** The caller lacks the right an action needs (403); the message names the right. */
export class ForbiddenError extends EpmError {
  readonly statusCode = 403;
  readonly right: string;

  constructor(principal: Principal, action: string, project?: string) {
    const row = BY_ACTION.get(action);
    const right = row?.right ?? 'unknown-action';
    const roles = principal.roles.length > 0 ? principal.roles.join(', ') : 'no role';
    const detail = !row
      ? `${action} is not in the policy, so it is denied to everyone`
      : project !== undefined && reachOf(principal, action) === 'own'
        ? `${principal.name} (${roles}) may do this only for their own projects, not ${project}`
        : `${principal.name} (${roles}) lacks the right '${right}' needed for ${action}`;
    super(`Forbidden: ${detail}`);
    this.name = 'ForbiddenError';
    this.right = right;
  }
}

/** Throws ForbiddenError unless `can(principal, action, resource)`. */
export function authorize(principal: Principal, action: string, resource?: { project?: string }) {
  if (!can(principal, action, resource))
    throw new ForbiddenError(principal, action, resource?.project);
}

/**
 * The project codes a list answer is limited to: undefined when the principal sees all of it,
 * else the codes they own (project managers).
 */
export function projectFilter(principal: Principal, action: string): string[] | undefined {
  return reachOf(principal, action) === 'all' ? undefined : principal.projects;
}
