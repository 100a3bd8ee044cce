import { readFileSync } from 'node:fs';
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryDeps } from '../../shared/api/queries.ts';
import { ROUTES } from '../../shared/api/routes.ts';
import type { Principal } from '../../shared/auth/principal.ts';
import { queryEvent } from '../../shared/cli/query-command.ts';
import { createApiHandler } from '../../shared/lambda/http.ts';
import { localContext } from '../../shared/local/lambda-context.ts';
import { ingestMessage } from '../../shared/pipeline/ingest.ts';
import { reextractAll } from '../../shared/pipeline/reextract.ts';
import { getProject, getReport } from '../../shared/storage/report-store.ts';
import { seedPath } from '../helpers/fixtures.ts';
import {
  freshStore,
  putObject,
  s3EventBody,
  startTestServices,
  type TestServices,
} from '../helpers/services.ts';

let services: TestServices;
let store: Awaited<ReturnType<typeof freshStore>>;
let api: ReturnType<typeof createApiHandler>;
let sha: string;
let other: string;

const rita: Principal = { id: 'r1', name: 'rita', roles: ['reviewer'], projects: [] };
const pia: Principal = { id: 'p1', name: 'pia', roles: ['project-manager'], projects: ['A77892'] };
const aki: Principal = { id: 'a1', name: 'aki', roles: ['auditor'], projects: [] };
const olli: Principal = { id: 'o1', name: 'olli', roles: ['operator'], projects: [] };

async function call(principal: Principal, path: string, body?: unknown, params: string[] = []) {
  const event = queryEvent(path, params, 'json', principal, {
    ...(body === undefined ? {} : { method: 'POST' as const, body }),
  });
  const result = await api(event, localContext('query'));
  return { status: result.statusCode, json: JSON.parse(result.body ?? 'null') };
}

const base = () => `/projects/A77892/reports/${sha}`;

beforeAll(async () => {
  services = await startTestServices();
  store = await freshStore(services);
  const deps: QueryDeps = {
    ddb: services.ddb,
    s3: services.s3,
    table: store.table,
    inboxBucket: store.bucket,
    outboxBucket: `${store.bucket}-out`,
    urlSeconds: 60,
  };
  api = createApiHandler(ROUTES, deps, () => undefined);
  const seed = readFileSync(seedPath('004_'), 'utf8');
  const uploads = [
    ['incoming/A77892.txt', seed, '2026-03-01T10:00:00.000Z'],
    ['incoming/B12345.txt', seed.replace('A77892', 'B12345'), '2026-03-01T11:00:00.000Z'],
  ] as const;
  for (const [i, [key, text, at]] of uploads.entries()) {
    const object = await putObject(services.s3, store.bucket, key, text);
    await ingestMessage(s3EventBody(store.bucket, object, at), `m${i}`, store.deps);
  }
  sha = (await getProject(services.ddb, store.table, 'A77892'))?.latestSha ?? '';
  other = (await getProject(services.ddb, store.table, 'B12345'))?.latestSha ?? '';
  // As an older parser would have left it: 2 jobs realised, where the document states 3.70.
  await services.ddb.send(
    new UpdateItemCommand({
      TableName: store.table,
      Key: marshall({ PK: `REPORT#${sha}`, SK: 'REPORT' }),
      UpdateExpression:
        'SET #r.indicators.jobsCreated.realised = :jobs, #r.#s.parserVersion = :old',
      ExpressionAttributeNames: { '#r': 'record', '#s': 'source' },
      ExpressionAttributeValues: marshall({ ':jobs': 2, ':old': '0.9.0' }),
    }),
  );
});

afterAll(async () => {
  await store?.drop();
  await services?.stop();
});

describe('review of a report version', () => {
  it('starts unreviewed, with the effective record equal to the extracted one', async () => {
    const answer = await call(rita, base());
    expect(answer.status).toBe(200);
    expect(answer.json.review).toEqual({ status: 'unreviewed', fields: {} });
    expect(answer.json.effective).toEqual(answer.json.record);
  });

  it('refuses bad requests with the reason', async () => {
    const noReason = await call(rita, `${base()}/reviews`, {
      action: 'corrected',
      path: 'funding.euAndStateGranted',
      value: 1,
    });
    expect(noReason.status).toBe(400);
    expect(noReason.json.message).toMatch(/reason/);
    const wrongType = await call(rita, `${base()}/reviews`, {
      action: 'corrected',
      path: 'funding.euAndStateGranted',
      value: 'a lot',
      reason: 'x',
    });
    expect(wrongType.status).toBe(400);
    expect(wrongType.json.message).toMatch(/funding\.euAndStateGranted: .*number/);
    const unknownPath = await call(rita, `${base()}/reviews`, {
      action: 'confirmed',
      path: 'source.sha256',
    });
    expect(unknownPath.status).toBe(400);
    const addExisting = await call(rita, `${base()}/reviews`, {
      action: 'added',
      path: 'funding.euAndStateGranted',
      value: 5,
      reason: 'x',
    });
    expect(addExisting.json.message).toMatch(/correct it instead/);
  });

  it('corrects, confirms, adds and marks absent, keeping the extracted record', async () => {
    const corrected = await call(rita, `${base()}/reviews`, {
      action: 'corrected',
      path: 'funding.euAndStateGranted',
      value: 336124,
      reason: 'typo in the export',
    });
    expect(corrected.status).toBe(201);
    expect(corrected.json.fields['funding.euAndStateGranted']).toMatchObject({
      action: 'corrected',
      value: 336124,
      previous: 336123,
      by: 'rita',
      reason: 'typo in the export',
    });
    const jobs = await call(pia, `${base()}/reviews`, {
      action: 'corrected',
      path: 'indicators.jobsCreated.realised',
      value: 3,
      reason: 'three people',
    });
    expect(jobs.status).toBe(201);
    expect(
      (
        await call(rita, `${base()}/reviews`, {
          action: 'confirmed',
          path: 'funding.publicPlanned',
        })
      ).json.fields['funding.publicPlanned'],
    ).toMatchObject({ action: 'confirmed', value: 420153 });
    const added = await call(rita, `${base()}/reviews`, {
      action: 'added',
      path: 'funding.totalBudget',
      value: 500000,
      reason: 'stated in the budget table',
      line: 80,
    });
    expect(added.json.fields['funding.totalBudget']).toMatchObject({ action: 'added', line: 80 });
    await call(rita, `${base()}/reviews`, {
      action: 'absent',
      path: 'indicators.enterprisesCreated.planned',
      reason: 'not stated',
    });
    const answer = await call(aki, base());
    expect(answer.json.review.status).toBe('in-review');
    expect(answer.json.record.funding.euAndStateGranted).toBe(336123);
    expect(answer.json.effective.funding.euAndStateGranted).toBe(336124);
    expect(answer.json.effective.funding.totalBudget).toBe(500000);
    expect(answer.json.record.funding.totalBudget).toBeUndefined();
    expect(answer.json.effective.indicators.enterprisesCreated.planned).toBeUndefined();
    expect(answer.json.record.indicators.enterprisesCreated.planned).toBe(0);
  });

  it('keeps project managers to their own projects and away from approval', async () => {
    const foreign = await call(pia, `/projects/B12345/reports/${other}/reviews`, {
      action: 'confirmed',
      path: 'funding.publicPlanned',
    });
    expect(foreign.status).toBe(403);
    expect(foreign.json.message).toMatch(/own projects, not B12345/);
    const approve = await call(pia, `${base()}/approve`, {});
    expect(approve.status).toBe(403);
    expect(approve.json.message).toMatch(/'approve'/);
    const auditorWrites = await call(aki, `${base()}/reviews`, {
      action: 'confirmed',
      path: 'funding.publicPlanned',
    });
    expect(auditorWrites.status).toBe(403);
  });

  it('lists the review queue: errors, warnings, then unconfirmed key indicators', async () => {
    const queue = await call(rita, '/review/queue');
    expect(queue.status).toBe(200);
    const versions = queue.json.items.map((i: { version: string }) => i.version);
    expect(versions).toEqual(expect.arrayContaining([sha, other]));
    const mine = queue.json.items.find((i: { version: string }) => i.version === sha);
    expect(mine.unconfirmed).not.toContain('funding.euAndStateGranted');
    expect(mine.unconfirmed).toContain('indicators.jobsCreated.planned');
    const theirs = queue.json.items.find((i: { version: string }) => i.version === other);
    expect(theirs.unconfirmed.length).toBeGreaterThan(mine.unconfirmed.length);
    const own = await call(pia, '/review/queue');
    expect(own.json.items.map((i: { projectId: string }) => i.projectId)).toEqual(['A77892']);
  });

  it('approves, locks, renders again, and reopens with a reason', async () => {
    const approved = await call(rita, `${base()}/approve`, {});
    expect(approved.status).toBe(200);
    expect(approved.json).toMatchObject({ status: 'approved', approvedBy: 'rita' });
    expect((await getReport(services.ddb, store.table, sha))?.finalReports).toBeUndefined();
    const stored = await getReport(services.ddb, store.table, sha);
    expect((stored as { reviewedAt?: string } | undefined)?.reviewedAt).toBe(
      approved.json.approvedAt,
    );
    const locked = await call(rita, `${base()}/reviews`, {
      action: 'confirmed',
      path: 'funding.publicRealised',
    });
    expect(locked.status).toBe(409);
    expect(locked.json.message).toMatch(/approved by rita and locked; reopen it/);
    expect(
      (await call(rita, '/review/queue')).json.items.map((i: { version: string }) => i.version),
    ).not.toContain(sha);
    expect((await call(rita, `${base()}/reopen`, {})).status).toBe(400);
    const reopened = await call(rita, `${base()}/reopen`, { reason: 'total to check' });
    expect(reopened.json.status).toBe('in-review');
    expect((await call(rita, `${base()}/reopen`, { reason: 'again' })).status).toBe(409);
  });

  it('keeps the history in order, with who, when and why, and the audit log too', async () => {
    const history = await call(aki, `${base()}/reviews`, undefined);
    expect(history.status).toBe(200);
    const actions = history.json.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual([
      'corrected',
      'corrected',
      'confirmed',
      'added',
      'absent',
      'approved',
      'reopened',
    ]);
    expect(history.json.items.map((e: { seq: number }) => e.seq)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(history.json.items[1]).toMatchObject({ by: 'pia', reason: 'three people' });
    const times = history.json.items.map((e: { at: string }) => e.at);
    expect([...times].sort()).toEqual(times);
    const one = await call(aki, `${base()}/reviews`, undefined, ['path=funding.totalBudget']);
    expect(one.json.items.map((e: { action: string }) => e.action)).toEqual([
      'added',
      'approved',
      'reopened',
    ]);
    const audit = await call(aki, '/audit-log', undefined, ['project=A77892']);
    const reviews = audit.json.items.filter((e: { action: string }) =>
      e.action.startsWith('review-'),
    );
    expect(reviews.map((e: { action: string }) => e.action)).toEqual(
      actions.map((a: string) => `review-${a}`),
    );
    expect(JSON.stringify(reviews)).not.toContain('typo in the export');
    expect(reviews[0].detail).toBe('review #1: corrected funding.euAndStateGranted by rita');
  });

  it('serves the read text without contact details, not to operators', async () => {
    const text = await call(aki, `${base()}/text`);
    expect(text.status).toBe(200);
    const lines: Array<{ line: number; text: string }> = text.json.lines;
    expect(lines[108]?.text).toMatch(/^Toteutunut seurantatietojen mukaan: 3\.70/);
    expect(lines[108]?.line).toBe(109);
    expect(JSON.stringify(lines)).not.toContain('459 7301');
    expect(JSON.stringify(lines)).toContain('[contact removed]');
    expect((await call(olli, `${base()}/text`)).status).toBe(403);
    expect((await call(olli, base())).status).toBe(403);
  });

  it('re-extraction keeps every review and flags where the parser now disagrees', async () => {
    const outcomes = await reextractAll({ ...store.deps, now: () => new Date(), all: true });
    expect(outcomes.find((o) => o.sha256 === sha)?.status).toBe('re-extracted');
    const answer = await call(rita, base());
    expect(answer.json.record.indicators.jobsCreated.realised).toBe(3.7);
    expect(answer.json.effective.indicators.jobsCreated.realised).toBe(3);
    expect(answer.json.record.funding.euAndStateGranted).toBe(336123);
    expect(answer.json.effective.funding.euAndStateGranted).toBe(336124);
    expect(answer.json.review.fields['indicators.jobsCreated.realised']).toMatchObject({
      action: 'corrected',
      previous: 2,
      value: 3,
    });
    const conflicts = answer.json.record.checks.filter(
      (c: { id: string }) => c.id === 'review-conflict',
    );
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({
      severity: 'warning',
      fields: ['indicators.jobsCreated.realised'],
    });
    expect(conflicts[0].message).toMatch(/now reads 3\.7 where the reviewer saw 2/);
    const again = await reextractAll({ ...store.deps, now: () => new Date(), all: true });
    expect(again.find((o) => o.sha256 === sha)?.status).toBe('unchanged');
  });

  it('answers /me with the principal', async () => {
    expect((await call(pia, '/me')).json).toEqual(pia);
  });
});
