import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryDeps } from '../../shared/api/queries.ts';
import { ROUTES } from '../../shared/api/routes.ts';
import { can } from '../../shared/auth/policy.ts';
import { ROLES, type Role } from '../../shared/auth/principal.ts';
import { addUser, userByName } from '../../shared/auth/users.ts';
import { DASHBOARD_DIR } from '../../shared/cli/serve-command.ts';
import { createApiHandler } from '../../shared/lambda/http.ts';
import { type ApiServer, startApiServer } from '../../shared/local/server.ts';
import { ingestMessage } from '../../shared/pipeline/ingest.ts';
import { PROGRAMME_ROUTES } from '../../shared/programme/routes.ts';
import { ensureBucket } from '../../shared/storage/provision.ts';
import { getProject } from '../../shared/storage/report-store.ts';
import { ROOT, seedPath } from '../helpers/fixtures.ts';
import {
  freshStore,
  putObject,
  s3EventBody,
  startTestServices,
  type TestServices,
} from '../helpers/services.ts';

const run = promisify(execFile);

/** ok: answered (2xx, or 4xx other than 401/403 such as a 404 of a PDF not rendered); 403: refused. */
type Outcome = 'ok' | 403;
type Row = [
  method: 'GET' | 'POST',
  path: string,
  request: (v: { sha: string; other: string }) => { url: string; body?: unknown },
  expected: Record<Role, Outcome>,
];

const all: Record<Role, Outcome> = {
  'project-manager': 'ok',
  reviewer: 'ok',
  auditor: 'ok',
  operator: 'ok',
};
const noOperator: Record<Role, Outcome> = { ...all, operator: 403 };
const readersOnly: Record<Role, Outcome> = { ...all, 'project-manager': 403, operator: 403 };
const reviewerOnly: Record<Role, Outcome> = {
  'project-manager': 403,
  reviewer: 'ok',
  auditor: 403,
  operator: 403,
};
const pmAndReviewer: Record<Role, Outcome> = { ...reviewerOnly, 'project-manager': 'ok' };
const noProjectManager: Record<Role, Outcome> = { ...all, 'project-manager': 403 };

/**
 * The role matrix: every API route × every role. The project manager owns A77892; rows with
 * B12345 show the same routes refused for a project they do not own. Rows run in order (approve
 * before reopen).
 */
const API_MATRIX: Row[] = [
  ['GET', '/me', () => ({ url: '/me' }), all],
  ['GET', '/openapi.json', () => ({ url: '/openapi.json' }), all],
  ['GET', '/projects', () => ({ url: '/projects' }), all],
  ['GET', '/projects/{code}', () => ({ url: '/projects/A77892' }), all],
  [
    'GET',
    '/projects/{code}',
    () => ({ url: '/projects/B12345' }),
    { ...all, 'project-manager': 403 },
  ],
  ['GET', '/projects/{code}/reports', () => ({ url: '/projects/A77892/reports' }), all],
  [
    'GET',
    '/projects/{code}/reports/{version}',
    ({ sha }) => ({ url: `/projects/A77892/reports/${sha}` }),
    noOperator,
  ],
  [
    'GET',
    '/projects/{code}/reports/{version}',
    ({ other }) => ({ url: `/projects/B12345/reports/${other}` }),
    readersOnly,
  ],
  [
    'GET',
    '/projects/{code}/reports/{version}/text',
    ({ sha }) => ({ url: `/projects/A77892/reports/${sha}/text` }),
    noOperator,
  ],
  [
    'GET',
    '/projects/{code}/reports/{version}/reviews',
    ({ sha }) => ({ url: `/projects/A77892/reports/${sha}/reviews` }),
    noOperator,
  ],
  [
    'POST',
    '/projects/{code}/reports/{version}/reviews',
    ({ sha }) => ({
      url: `/projects/A77892/reports/${sha}/reviews`,
      body: { action: 'confirmed', path: 'funding.publicPlanned' },
    }),
    pmAndReviewer,
  ],
  [
    'POST',
    '/projects/{code}/reports/{version}/reviews',
    ({ other }) => ({
      url: `/projects/B12345/reports/${other}/reviews`,
      body: { action: 'confirmed', path: 'funding.publicPlanned' },
    }),
    reviewerOnly,
  ],
  [
    'POST',
    '/projects/{code}/reports/{version}/approve',
    ({ sha }) => ({ url: `/projects/A77892/reports/${sha}/approve`, body: {} }),
    reviewerOnly,
  ],
  [
    'POST',
    '/projects/{code}/reports/{version}/reopen',
    ({ sha }) => ({ url: `/projects/A77892/reports/${sha}/reopen`, body: { reason: 'check' } }),
    reviewerOnly,
  ],
  ['GET', '/review/queue', () => ({ url: '/review/queue' }), noOperator],
  ['GET', '/projects/{code}/links', () => ({ url: '/projects/A77892/links' }), noOperator],
  [
    'GET',
    '/programme/annex-vii/financial',
    () => ({ url: '/programme/annex-vii/financial?authority=X&period=2021-2027' }),
    readersOnly,
  ],
  [
    'GET',
    '/programme/annex-vii/indicators',
    () => ({ url: '/programme/annex-vii/indicators?authority=X&period=2021-2027' }),
    readersOnly,
  ],
  [
    'GET',
    '/projects/{code}/final-report',
    () => ({ url: '/projects/A77892/final-report' }),
    noOperator,
  ],
  [
    'GET',
    '/indicators/{path}',
    () => ({ url: '/indicators/funding.publicPlanned' }),
    noProjectManager,
  ],
  ['GET', '/checks', () => ({ url: '/checks' }), noProjectManager],
  ['GET', '/awards', () => ({ url: '/awards' }), readersOnly],
  ['GET', '/calls', () => ({ url: '/calls' }), readersOnly],
  ['GET', '/audit-log', () => ({ url: '/audit-log?project=A77892' }), all],
  [
    'GET',
    '/audit-log',
    () => ({ url: '/audit-log?project=B12345' }),
    { ...all, 'project-manager': 403 },
  ],
  [
    'POST',
    '/uploads',
    () => ({ url: '/uploads', body: { fileName: 'report.txt' } }),
    { ...reviewerOnly, 'project-manager': 'ok' },
  ],
];

const operatorOnly: Record<Role, Outcome> = {
  'project-manager': 403,
  reviewer: 403,
  auditor: 403,
  operator: 'ok',
};

/** Every CLI command × every role, as `--as USER` is allowed it. */
const CLI_MATRIX: Record<string, Record<Role, Outcome>> = {
  extract: all,
  run: operatorOnly,
  load: operatorOnly,
  serve: operatorOnly,
  upload: { ...reviewerOnly, 'project-manager': 'ok' },
  redrive: operatorOnly,
  reconcile: operatorOnly,
  reextract: operatorOnly,
  query: all,
  render: reviewerOnly,
  'programme-report': readersOnly,
  review: pmAndReviewer,
  users: operatorOnly,
};

const NAMES: Record<Role, string> = {
  'project-manager': 'pia',
  reviewer: 'rita',
  auditor: 'aki',
  operator: 'olli',
};

let services: TestServices;
let store: Awaited<ReturnType<typeof freshStore>>;
let server: ApiServer;
let dataDir: string;
const tokens = new Map<Role, string>();
const ids = { sha: '', other: '' };

beforeAll(async () => {
  services = await startTestServices();
  store = await freshStore(services);
  await ensureBucket(services.s3, `${store.bucket}-out`);
  const deps: QueryDeps = {
    ddb: services.ddb,
    s3: services.s3,
    table: store.table,
    inboxBucket: store.bucket,
    outboxBucket: `${store.bucket}-out`,
    urlSeconds: 60,
  };
  const seed = readFileSync(seedPath('004_'), 'utf8');
  for (const [i, code] of ['A77892', 'B12345'].entries()) {
    const object = await putObject(
      services.s3,
      store.bucket,
      `incoming/${code}.txt`,
      seed.replace('A77892', code),
    );
    const at = `2026-03-0${i + 1}T10:00:00.000Z`;
    await ingestMessage(s3EventBody(store.bucket, object, at), `m${i}`, store.deps);
  }
  ids.sha = (await getProject(services.ddb, store.table, 'A77892'))?.latestSha ?? '';
  ids.other = (await getProject(services.ddb, store.table, 'B12345'))?.latestSha ?? '';
  dataDir = mkdtempSync(join(tmpdir(), 'epm-roles-'));
  for (const role of ROLES) {
    const { token } = await addUser(dataDir, {
      name: NAMES[role],
      roles: [role],
      projects: role === 'project-manager' ? ['A77892'] : [],
    });
    tokens.set(role, token);
  }
  server = await startApiServer({
    handler: createApiHandler([...ROUTES, ...PROGRAMME_ROUTES], deps, () => undefined),
    token: 'local-token-of-the-built-in-reviewer',
    dataDir,
    dashboardDir: DASHBOARD_DIR,
  });
});

afterAll(async () => {
  await server?.close();
  await store?.drop();
  await services?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function ask(token: string | undefined, method: string, url: string, body?: unknown) {
  const response = await fetch(`${server.url}${url}`, {
    method,
    headers: {
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as { message?: string } };
}

describe('the role matrix', () => {
  it('lists every route of the API', () => {
    const listed = new Set(API_MATRIX.map(([method, path]) => `${method} ${path}`));
    const missing = [...ROUTES, ...PROGRAMME_ROUTES]
      .map((r) => `${r.method} ${r.path}`)
      .filter((r) => !listed.has(r));
    expect(missing).toEqual([]);
  });

  it('lists every command of the CLI', () => {
    const source = readFileSync(join(ROOT, 'bin', 'epm.ts'), 'utf8');
    const list = /const COMMANDS = \[([^\]]*)\]/.exec(source)?.[1] ?? '';
    const commands = [...list.matchAll(/'([^']+)'/g)].map((m) => m[1]);
    expect(commands.length).toBeGreaterThan(5);
    expect(commands.filter((c) => c !== undefined && !(c in CLI_MATRIX))).toEqual([]);
  });

  it('answers every route for every role as the table says, through epm serve with real users', async () => {
    const seen: string[] = [];
    for (const [method, path, request, expected] of API_MATRIX) {
      for (const role of ROLES) {
        const { url, body } = request(ids);
        const answer = await ask(tokens.get(role), method, url, body);
        const outcome: Outcome | number =
          answer.status === 403 ? 403 : answer.status === 401 ? 401 : 'ok';
        seen.push(`${role} ${method} ${url} → ${outcome}`);
        expect(outcome, `${role} ${method} ${path} (${url}): ${answer.json.message}`).toBe(
          expected[role],
        );
        expect(answer.status, `${role} ${method} ${url}: ${answer.json.message}`).toBeLessThan(500);
        if (answer.status === 403) expect(answer.json.message).toMatch(/^Forbidden: /);
      }
    }
    expect(seen.length).toBe(API_MATRIX.length * ROLES.length);
  });

  it('refuses a request without a known token (401), and takes the built-in local reviewer', async () => {
    expect((await ask(undefined, 'GET', '/me')).status).toBe(401);
    expect((await ask('not-a-token', 'GET', '/me')).status).toBe(401);
    const local = await ask('local-token-of-the-built-in-reviewer', 'GET', '/me');
    expect(local.json).toEqual({ id: 'local', name: 'local', roles: ['reviewer'], projects: [] });
  });

  it('allows every CLI command to the roles the table says', async () => {
    for (const [command, expected] of Object.entries(CLI_MATRIX)) {
      for (const role of ROLES) {
        const principal = await userByName(dataDir, NAMES[role]);
        expect(can(principal, `epm ${command}`) ? 'ok' : 403, `${role} epm ${command}`).toBe(
          expected[role],
        );
      }
    }
  });

  it('refuses --as USER for a command their role lacks, before anything starts', async () => {
    const refused = Object.entries(CLI_MATRIX).flatMap(([command, expected]) =>
      ROLES.filter((role) => expected[role] === 403).map((role) => ({ command, role })),
    );
    for (let i = 0; i < refused.length; i += 4) {
      await Promise.all(
        refused.slice(i, i + 4).map(async ({ command, role }) => {
          const failed = await run(
            'node',
            ['bin/epm.js', command, '--as', NAMES[role], '--data', dataDir],
            { cwd: ROOT },
          ).then(
            () => undefined,
            (error: { code?: number; stderr?: string }) => error,
          );
          expect(failed?.code, `${role} epm ${command}`).toBe(1);
          expect(failed?.stderr, `${role} epm ${command}`).toMatch(
            new RegExp(`^epm: Forbidden: ${NAMES[role]} \\(${role}\\) lacks the right`),
          );
        }),
      );
    }
    const list = await run(
      'node',
      ['bin/epm.js', 'users', 'list', '--as', 'olli', '--data', dataDir],
      {
        cwd: ROOT,
      },
    );
    expect(list.stdout).toMatch(/pia\s+project-manager\s+A77892/);
    expect(list.stdout).not.toMatch(/[0-9a-f]{64}/);
    expect(statSync(join(dataDir, 'users.json')).mode & 0o777).toBe(0o600);
  });
});
