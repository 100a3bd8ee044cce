import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../shared/api/routes.ts';
import { queryEvent } from '../../shared/cli/query-command.ts';
import { createApiHandler } from '../../shared/lambda/http.ts';
import { localContext } from '../../shared/local/lambda-context.ts';
import { renderStoredReport } from '../../shared/pipeline/final-report.ts';
import { ingestMessage } from '../../shared/pipeline/ingest.ts';
import { loadFonts } from '../../shared/rendering/fonts.ts';
import { ensureBucket } from '../../shared/storage/provision.ts';
import { getReport } from '../../shared/storage/report-store.ts';
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
let outbox: string;

beforeAll(async () => {
  services = await startTestServices();
  store = await freshStore(services);
  outbox = `${store.bucket}-out`;
  await ensureBucket(services.s3, outbox);
});

afterAll(async () => {
  await store?.drop();
  await services?.stop();
});

async function auditLog(project: string): Promise<Array<{ at: string; action: string }>> {
  const api = createApiHandler(
    ROUTES,
    {
      ddb: services.ddb,
      s3: services.s3,
      table: store.table,
      inboxBucket: store.bucket,
      outboxBucket: outbox,
      urlSeconds: 120,
    },
    () => undefined,
  );
  const result = await api(
    queryEvent('/audit-log', [`project=${project}`], 'json'),
    localContext('query'),
  );
  return JSON.parse(result.body ?? '{}').items;
}

describe('the audit log', () => {
  it('lists the events of a project in the order they happened, on one clock', async () => {
    const seed = readFileSync(seedPath('004_'));
    const uploadedAt = '2026-02-01T08:00:30.250Z';
    const first = await putObject(services.s3, store.bucket, 'incoming/A77892.txt', seed);
    const copy = await putObject(services.s3, store.bucket, 'incoming/A77892 copy.txt', seed);
    const [stored] = await ingestMessage(
      s3EventBody(store.bucket, first, uploadedAt),
      'm1',
      store.deps,
    );
    await ingestMessage(
      s3EventBody(store.bucket, copy, '2026-02-01T08:00:45.000Z'),
      'm2',
      store.deps,
    );
    const version = await getReport(services.ddb, store.table, stored?.sha256 ?? '');
    if (!version) throw new Error('the seed was not stored');
    // The stream's creation time is rounded down to before the upload, and so is this clock.
    const rounded = new Date('2026-02-01T08:00:00.000Z');

    const outcome = await renderStoredReport(version, rounded, {
      s3: services.s3,
      ddb: services.ddb,
      table: store.table,
      outbox,
      fonts: loadFonts(),
      authorityLanguages: {},
      publish: async () => undefined,
      logger: { info: () => undefined },
      now: () => rounded,
    });
    const events = await auditLog('A77892');

    expect(outcome.status).toBe('rendered');
    expect(events.map((e) => e.action)).toEqual(['uploaded', 'extracted', 'duplicate', 'rendered']);
    expect(events.map((e) => e.at)).toEqual([
      uploadedAt,
      uploadedAt,
      '2026-02-01T08:00:45.000Z',
      '2026-02-01T08:00:45.001Z',
    ]);
    for (const event of events)
      expect(event.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('stamps a later event with the function clock where that clock is ahead', async () => {
    const seed = readFileSync(seedPath('002_'));
    const object = await putObject(services.s3, store.bucket, 'incoming/call.txt', seed);
    const [stored] = await ingestMessage(
      s3EventBody(store.bucket, object, '2026-02-02T08:00:00.000Z'),
      'm3',
      store.deps,
    );
    const version = await getReport(services.ddb, store.table, stored?.sha256 ?? '');
    if (!version) throw new Error('the seed was not stored');
    const later = new Date('2026-02-02T08:05:12.345Z');

    await renderStoredReport(version, new Date('2026-02-02T08:05:00.000Z'), {
      s3: services.s3,
      ddb: services.ddb,
      table: store.table,
      outbox,
      fonts: loadFonts(),
      authorityLanguages: {},
      publish: async () => undefined,
      logger: { info: () => undefined },
      now: () => later,
    });
    const events = await auditLog(`DOC#${version.sha256}`);

    expect(events.map((e) => [e.action, e.at])).toEqual([
      ['uploaded', '2026-02-02T08:00:00.000Z'],
      ['extracted', '2026-02-02T08:00:00.000Z'],
      ['rendered', '2026-02-02T08:05:12.345Z'],
    ]);
  });
});
