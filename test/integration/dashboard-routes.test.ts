import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryDeps } from '../../shared/api/queries.ts';
import { ROUTES } from '../../shared/api/routes.ts';
import { queryEvent } from '../../shared/cli/query-command.ts';
import { createApiHandler } from '../../shared/lambda/http.ts';
import { localContext } from '../../shared/local/lambda-context.ts';
import { ingestMessage } from '../../shared/pipeline/ingest.ts';
import { seedPath } from '../helpers/fixtures.ts';
import {
  freshStore,
  putObject,
  s3EventBody,
  startTestServices,
  type TestServices,
} from '../helpers/services.ts';

let services: TestServices;
let api: ReturnType<typeof createApiHandler>;
let errors: string[];

async function get(path: string, params: string[] = [], format = 'json') {
  const result = await api(queryEvent(path, params, format), localContext('query'));
  return { ...result, json: () => JSON.parse(result.body ?? 'null') };
}

async function ingest(
  store: Awaited<ReturnType<typeof freshStore>>,
  key: string,
  body: string,
  at: string,
) {
  const object = await putObject(services.s3, store.bucket, key, body);
  await ingestMessage(s3EventBody(store.bucket, object, at), key, store.deps);
}

beforeAll(async () => {
  services = await startTestServices();
  const store = await freshStore(services);
  const deps: QueryDeps = {
    ddb: services.ddb,
    s3: services.s3,
    table: store.table,
    inboxBucket: store.bucket,
    outboxBucket: store.bucket,
    urlSeconds: 60,
  };
  errors = [];
  api = createApiHandler(ROUTES, deps, (message) => errors.push(message));
  const call = readFileSync(seedPath('002_'), 'utf8');
  await ingest(store, 'incoming/call-2017.txt', call, '2026-03-01T08:00:00.000Z');
  await ingest(
    store,
    'incoming/call-2018.txt',
    call.replace('högst 70 av', 'högst 60 av').replace('15 september 2017', '14 september 2018'),
    '2026-03-02T08:00:00.000Z',
  );
  for (const prefix of ['003_', '004_']) {
    await ingest(
      store,
      `incoming/${prefix}.txt`,
      readFileSync(seedPath(prefix), 'utf8'),
      '2026-03-03T08:00:00.000Z',
    );
  }
}, 120_000);

afterAll(async () => {
  await services?.stop();
});

describe('GET /calls', () => {
  it('lists the funding calls only, newest first, with deadline, funding rate and applicants', async () => {
    const response = await get('/calls');

    expect(response.statusCode).toBe(200);
    const items = response.json().items;
    expect(items.map((c: { objectKey: string }) => c.objectKey)).toEqual([
      'incoming/call-2018.txt',
      'incoming/call-2017.txt',
    ]);
    expect(items[1]).toMatchObject({
      status: 'stored',
      language: 'sv',
      deadline: '2017-09-15T16:15:00+03:00',
      maxFundingRate: 70,
      receivedAt: '2026-03-01T08:00:00.000Z',
    });
    expect(items[1].applicants).toMatch(/^kommuner som redan deltar/);
    expect(items[0]).toMatchObject({ maxFundingRate: 60 });
    expect(items[0].deadline).toMatch(/^2018-09-14/);
    expect(errors).toEqual([]);
  });

  it('pages with the cursor it returns', async () => {
    const first = await get('/calls', ['limit=1']);
    const second = await get('/calls', ['limit=1', `cursor=${first.json().cursor}`]);

    expect(first.json().items[0].objectKey).toBe('incoming/call-2018.txt');
    expect(second.json().items[0].objectKey).toBe('incoming/call-2017.txt');
  });

  it('exports the calls as CSV', async () => {
    const response = await get('/calls', [], 'csv');

    expect(response.statusCode).toBe(200);
    const [header, ...rows] = (response.body ?? '').trim().split(/\r?\n/);
    expect(header).toBe('version,receivedAt,objectKey,language,deadline,maxFundingRate,applicants');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain('2017-09-15T16:15:00+03:00,70,');
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await get('/openapi.json')).json();

    expect(doc.paths['/calls'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['limit', 'cursor', 'format']),
    );
  });
});

describe('GET /audit-log for a document about no project', () => {
  it('answers for a call by DOC# and its version, as the dashboard asks', async () => {
    const [call] = (await get('/calls')).json().items;

    const response = await get('/audit-log', [`project=DOC#${call.version}`]);

    expect(response.statusCode).toBe(200);
    expect(response.json().items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['uploaded', 'extracted']),
    );
  });
});
