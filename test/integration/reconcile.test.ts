import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runReconcile } from '../../shared/cli/reconcile-command.ts';
import { redriveStreamDeadLetters } from '../../shared/local/redrive.ts';
import { type LocalRuntime, startLocalRuntime } from '../../shared/local/runtime.ts';
import { LOCAL_AWS, localStreamsClient } from '../../shared/local/services.ts';
import { LocalStreamPoller, readStreamDeadLetters } from '../../shared/local/stream-poller.ts';
import { reportVersionOf } from '../../shared/pipeline/ingest.ts';
import { extractDocument } from '../../shared/readers/intake.ts';
import { ensureTable } from '../../shared/storage/provision.ts';
import { claimReport, getReport } from '../../shared/storage/report-store.ts';
import { syntheticDocument } from '../helpers/documents.ts';
import { startTestServices, type TestServices } from '../helpers/services.ts';

const dirs: string[] = [];
const runtimes: LocalRuntime[] = [];
let services: TestServices | undefined;

afterAll(async () => {
  for (const runtime of runtimes) await runtime.stop().catch(() => undefined);
  await services?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

function captured() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
}

async function upload(runtime: LocalRuntime, key: string, body: string): Promise<void> {
  await runtime.s3.send(
    new PutObjectCommand({ Bucket: runtime.inboxBucket, Key: key, Body: Buffer.from(body) }),
  );
}

/** Report versions of synthetic documents, the `empty`-th with no provenance at all. */
async function versionsOf(numbers: number[], bucket: string, empty: number) {
  return Promise.all(
    numbers.map(async (n) => {
      const record = await extractDocument(Buffer.from(syntheticDocument(n)), { key: `${n}.txt` });
      const ref = { bucket, key: `incoming/${n}.txt`, eventTime: '2026-12-01T08:00:00.000Z' };
      return reportVersionOf(
        n === empty ? { ...record, provenance: {} } : record,
        ref,
        ref.eventTime,
      );
    }),
  );
}

/**
 * `epm reconcile` in a fresh render function: it reads its configuration once, as at a cold
 * start, and each run starts its services on new ports.
 */
function reconcile(...args: Parameters<typeof runReconcile>) {
  vi.resetModules();
  return runReconcile(...args);
}

describe('epm reconcile', () => {
  it('renders stored reports without their PDF, extracts uploads without their record, and repairs nothing the second time', async () => {
    const dataDir = tempDir('epm-reconcile-');
    const first = await startLocalRuntime({
      dataDir,
      renderFinalReports: false,
      logLevel: 'ERROR',
      printEvents: false,
    });
    runtimes.push(first);
    for (let n = 0; n < 5; n++) await upload(first, `incoming/${n}.txt`, syntheticDocument(n));
    await upload(first, 'incoming/empty.txt', '');
    await first.queue.drained();
    // Two uploads whose events are never handled: stored objects without a record.
    first.queue.stop();
    await upload(first, 'incoming/5.txt', syntheticDocument(5));
    await upload(first, 'incoming/6.txt', syntheticDocument(6));
    await first.stop();
    const settings = { dataDir, authorityLanguages: {} };

    const dry = captured();
    const dryCode = await reconcile({ ...settings, dryRun: true }, dry.io);
    const repair = captured();
    const repairCode = await reconcile({ ...settings, dryRun: false }, repair.io);
    const again = captured();
    const againCode = await reconcile({ ...settings, dryRun: false }, again.io);

    expect(dryCode).toBe(1);
    expect(dry.err.at(-1)).toBe(
      'epm: 8 upload(s): 0 rendered, 5 awaiting-pdf, 1 quarantined, 2 dead-lettered; 7 to repair (dry run)',
    );
    expect(dry.out.join('\n')).toMatch(
      /incoming\/5\.txt\s+dead-lettered\s+no record of this upload/,
    );
    expect(dry.out.join('\n')).toMatch(
      /incoming\/0\.txt\s+awaiting-pdf\s+[0-9a-f]{12}\s+no final report rendered yet\s+render/,
    );
    expect(repairCode).toBe(0);
    expect(repair.err.at(-1)).toBe(
      'epm: 8 upload(s): 7 rendered, 0 awaiting-pdf, 1 quarantined, 0 dead-lettered; repaired 7 (5 rendered, 2 extracted again)',
    );
    expect(againCode).toBe(0);
    expect(again.err.at(-1)).toBe(
      'epm: 8 upload(s): 7 rendered, 0 awaiting-pdf, 1 quarantined, 0 dead-lettered; repaired 0 (0 rendered, 0 extracted again)',
    );
    const check = await startLocalRuntime({
      dataDir,
      renderFinalReports: false,
      logLevel: 'ERROR',
    });
    runtimes.push(check);
    const pdfs = await check.s3.send(
      new ListObjectsV2Command({ Bucket: check.outboxBucket, Prefix: 'final-reports/' }),
    );
    expect((pdfs.Contents ?? []).map((o) => o.Key)).toHaveLength(7);
  }, 300_000);

  it('renders a recorded final report again when its file is gone from the outbox', async () => {
    const dataDir = tempDir('epm-reconcile-gone-');
    vi.resetModules();
    const first = await startLocalRuntime({ dataDir, logLevel: 'ERROR', printEvents: false });
    runtimes.push(first);
    for (let n = 0; n < 2; n++) await upload(first, `incoming/${n}.txt`, syntheticDocument(n));
    await first.queue.drained();
    await first.renders.drained();
    const listed = await first.s3.send(
      new ListObjectsV2Command({ Bucket: first.outboxBucket, Prefix: 'final-reports/' }),
    );
    const gone = listed.Contents?.[0]?.Key ?? '';
    await first.s3.send(new DeleteObjectCommand({ Bucket: first.outboxBucket, Key: gone }));
    await first.stop();
    const settings = { dataDir, authorityLanguages: {} };

    const dry = captured();
    await reconcile({ ...settings, dryRun: true }, dry.io);
    const repair = captured();
    const code = await reconcile({ ...settings, dryRun: false }, repair.io);

    expect(listed.Contents).toHaveLength(2);
    expect(dry.out.join('\n')).toContain('its recorded final report is not in the outbox');
    expect(code).toBe(0);
    expect(repair.err.at(-1)).toBe(
      'epm: 2 upload(s): 2 rendered, 0 awaiting-pdf, 0 quarantined, 0 dead-lettered; repaired 1 (1 rendered, 0 extracted again)',
    );
  }, 300_000);
});

describe('the local stream poller', () => {
  it('hands a batch with a record of empty provenance to the function whole, in one batch', async () => {
    services = await startTestServices();
    const { ddb } = services;
    const table = 'poller-batch';
    await ensureTable(services.ddb, table, { stream: true });
    const streams = localStreamsClient(services.dynamo.endpoint);
    const batches: DynamoDBRecord[][] = [];
    const problems: string[] = [];
    const poller = new LocalStreamPoller({
      streams,
      ddb: services.ddb,
      table,
      region: LOCAL_AWS.region,
      filter: () => true,
      intervalMs: 5000,
      onProblem: (message) => problems.push(message),
    });
    await poller.start(async (event) => {
      batches.push(event.Records);
      return { batchItemFailures: [] };
    });

    const versions = await versionsOf([0, 1, 2], 'inbox', 1);
    await Promise.all(versions.map((version) => claimReport(ddb, table, version)));
    await poller.drained();
    await poller.stop();
    streams.destroy();

    expect(problems).toEqual([]);
    expect(batches).toHaveLength(1);
    const images = (batches[0] ?? []).map((r) => r.dynamodb?.NewImage);
    expect(images.map((i) => i?.sha256?.S).sort()).toEqual(versions.map((v) => v.sha256).sort());
    const empty = images.find((i) => i?.sha256?.S === versions[1]?.sha256);
    expect(empty?.record?.M?.provenance).toEqual({ M: {} });
  });

  it('renders every record of a batch, dead-letters the one the render keeps failing on, and redrive renders it once it works', async () => {
    // The render function reads its configuration once, as at a cold start: start it afresh.
    vi.resetModules();
    const failing = new Set<string>();
    const runtime = await startLocalRuntime({
      dataDir: tempDir('epm-poller-'),
      inMemory: true,
      logLevel: 'ERROR',
      printEvents: false,
      beforeRender: (record) => {
        const sha256 = record.dynamodb?.NewImage?.sha256?.S ?? '';
        if (failing.has(sha256)) throw new Error(`injected render fault for ${sha256}`);
      },
    });
    runtimes.push(runtime);
    const versions = await versionsOf([0, 1, 2, 3], runtime.inboxBucket, 2);
    failing.add(versions[3]?.sha256 ?? '');

    for (const version of versions) await claimReport(runtime.ddb, runtime.tableName, version);
    await runtime.renders.drained();
    const rendered = await Promise.all(
      versions.map((v) => getReport(runtime.ddb, runtime.tableName, v.sha256)),
    );
    const letters = await readStreamDeadLetters(runtime.streamDlqPath);
    failing.clear();
    const redriven = await redriveStreamDeadLetters(runtime.poller, runtime.streamDlqPath);
    const after = await getReport(runtime.ddb, runtime.tableName, versions[3]?.sha256 ?? '');

    expect(rendered.map((v) => Object.keys(v?.finalReports ?? {}).length)).toEqual([1, 1, 1, 0]);
    expect(letters).toEqual([
      expect.objectContaining({
        sha256: versions[3]?.sha256,
        attempts: 3,
        reason: `injected render fault for ${versions[3]?.sha256}`,
      }),
    ]);
    expect(redriven).toBe(1);
    expect(Object.keys(after?.finalReports ?? {})).toHaveLength(1);
    expect(await readStreamDeadLetters(runtime.streamDlqPath)).toEqual([]);
  });
});
