import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { reconcileStore } from '../../shared/cli/reconcile-command.ts';
import { readDeadLetters } from '../../shared/local/queue.ts';
import { redriveDeadLetters, redriveStreamDeadLetters } from '../../shared/local/redrive.ts';
import { type LocalRuntime, startLocalRuntime } from '../../shared/local/runtime.ts';
import { readStreamDeadLetters } from '../../shared/local/stream-poller.ts';
import { DEFAULT_MAX_BYTES } from '../../shared/parsing/decode.ts';
import { loadFonts } from '../../shared/rendering/fonts.ts';
import { listObjects } from '../../shared/storage/inventory.ts';
import { shuffled, syntheticDocument } from '../helpers/documents.ts';
import { s3EventBody, scanTable } from '../helpers/services.ts';

/** 500 with every fault take under three minutes on two cores; fewer for a quick local run. */
const UPLOADS = Number(process.env.EPM_FAULT_UPLOADS ?? 500);
const dirs: string[] = [];
let runtime: LocalRuntime | undefined;

afterAll(async () => {
  await runtime?.stop().catch(() => undefined);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `done` holds, polling; throws after `ms`. */
async function until(what: string, done: () => boolean | Promise<boolean>, ms = 60_000) {
  const deadline = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await sleep(50);
  }
}

/** One report in ten, chosen by its content hash, fails to render while faults are on. */
const failsToRender = (sha256: string) => Number.parseInt(sha256.slice(0, 6), 16) % 10 === 0;

describe('the pipeline under faults', () => {
  it(`stores each of ${UPLOADS} uploads once with one final report each, after DynamoDB Local and the S3 emulator are killed and restarted mid-run, 10 % of renders throw, and every event arrives twice, shuffled`, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'epm-fault-injection-'));
    dirs.push(dataDir);
    let faults = true;
    const failedRenders = new Set<string>();
    runtime = await startLocalRuntime({
      dataDir,
      tableName: 'faults',
      inboxBucket: 'faults-inbox',
      outboxBucket: 'faults-outbox',
      logLevel: 'ERROR',
      printEvents: false,
      beforeRender: (record) => {
        const sha256 = record.dynamodb?.NewImage?.sha256?.S ?? '';
        if (faults && failsToRender(sha256)) {
          failedRenders.add(sha256);
          throw new Error(`injected render fault for ${sha256}`);
        }
      },
    });
    const local = runtime;
    // The test delivers the emulator's events itself: each twice, in shuffled order.
    local.s3Emulator.server.removeAllListeners('event');
    const bodies: string[] = [];
    for (let n = 0; n < UPLOADS; n++) {
      const key = `incoming/${n}.txt`;
      const out = await local.s3.send(
        new PutObjectCommand({ Bucket: local.inboxBucket, Key: key, Body: syntheticDocument(n) }),
      );
      const eventTime = new Date(Date.UTC(2026, 11, 1, 8, 0, n)).toISOString();
      const eTag = (out.ETag ?? '').replace(/"/g, '');
      bodies.push(s3EventBody(local.inboxBucket, { key, eTag }, eventTime, String(n)));
    }
    const started = Date.now();
    const phase = (name: string) =>
      console.log(`fault injection: ${name} after ${Date.now() - started} ms`);
    const deliveries = shuffled([...bodies, ...bodies], 7);
    const third = Math.ceil(deliveries.length / 3);
    const deadLetters = async () => (await readDeadLetters(local.dlqPath)).length;
    const send = (part: number) => {
      for (const body of deliveries.slice(part * third, (part + 1) * third)) local.queue.send(body);
    };

    // Each fault strikes while a third of the deliveries is being handled.
    send(0);
    await until('some handled', () => local.queue.depth <= third * 0.6, 120_000);
    await local.dynamo.stop();
    await until('a message dead-lettered', async () => (await deadLetters()) > 0);
    await local.restartDynamo();
    phase('DynamoDB Local restarted');
    send(1);
    await until('some more handled', () => local.queue.depth <= third * 0.6, 120_000);
    // Killed: open keep-alive connections are cut as well, as when the process dies.
    const emulator = local.s3Emulator;
    const closing = emulator.stop();
    emulator.server.httpServer.closeAllConnections();
    await closing;
    const deadBefore = await deadLetters();
    await until('a read failed', async () => (await deadLetters()) > deadBefore);
    await local.restartS3();
    phase('S3 emulator restarted');
    local.s3Emulator.server.removeAllListeners('event');
    send(2);
    await local.queue.drained();
    await local.renders.drained();
    faults = false;
    phase('all deliveries handled');

    const store = {
      s3: local.s3,
      ddb: local.ddb,
      table: local.tableName,
      inbox: local.inboxBucket,
      outbox: local.outboxBucket,
      deadLetters: async () => new Map<string, string>(),
      settle: async () => {
        await local.queue.drained();
        await local.renders.drained();
      },
    };
    const settings = {
      now: () => new Date(),
      maxBytes: DEFAULT_MAX_BYTES,
      render: {
        fonts: loadFonts(),
        authorityLanguages: {},
        logger: { info: () => undefined },
        publish: async () => undefined,
      },
    };
    const beforeRedrive = await reconcileStore(store, settings, true);
    const deadMessages = (await readDeadLetters(local.dlqPath)).length;
    const deadRecords = (await readStreamDeadLetters(local.streamDlqPath)).length;
    const redrivenMessages = await redriveDeadLetters(local.queue, local.dlqPath);
    await local.renders.drained();
    const redrivenRecords = await redriveStreamDeadLetters(local.poller, local.streamDlqPath);
    await local.renders.drained();
    phase('redriven');
    const before = await reconcileStore(store, settings, true);
    const reconciled = await reconcileStore(store, settings, false);
    const again = await reconcileStore(store, settings, false);
    const seconds = Math.round((Date.now() - started) / 1000);

    const items = await scanTable(local.ddb, local.tableName);
    const reports = items.filter((i) => i.type === 'report');
    const objects = items.filter((i) => i.type === 'object');
    const pdfs = (await listObjects(local.s3, local.outboxBucket, 'final-reports/')).map(
      (o) => o.key,
    );
    const pdfsOf = (sha256: string) => pdfs.filter((key) => key.includes(`/${sha256}.`));
    const counts = {
      uploads: UPLOADS,
      deliveries: deliveries.length,
      deadLetteredMessages: deadMessages,
      deadLetteredStreamRecords: deadRecords,
      renderFaults: failedRenders.size,
      redriven: { messages: redrivenMessages, records: redrivenRecords },
      beforeRedrive: beforeRedrive.plan.counts,
      beforeReconcile: before.plan.counts,
      repairs: reconciled.repairs.length,
      afterReconcile: reconciled.plan.counts,
      secondReconcileRepairs: again.repairs.length,
      reports: reports.length,
      pdfs: pdfs.length,
      seconds,
    };
    console.log(`fault injection: ${JSON.stringify(counts)}`);

    expect(deadMessages).toBeGreaterThan(0);
    expect(failedRenders.size).toBeGreaterThan(0);
    // Every upload is in exactly one state at every step; those without a PDF are listed so.
    for (const { plan } of [beforeRedrive, before, reconciled, again]) {
      expect(new Set(plan.uploads.map((u) => u.key)).size).toBe(UPLOADS);
      expect(Object.values(plan.counts).reduce((a, b) => a + b, 0)).toBe(UPLOADS);
    }
    expect(beforeRedrive.plan.counts['awaiting-pdf']).toBeGreaterThanOrEqual(failedRenders.size);
    expect(reports).toHaveLength(UPLOADS);
    expect(new Set(reports.map((r) => String(r.sha256))).size).toBe(UPLOADS);
    expect(objects).toHaveLength(UPLOADS);
    expect(objects.every((o) => o.status === 'stored')).toBe(true);
    expect(reconciled.plan.counts).toEqual({
      rendered: UPLOADS,
      'awaiting-pdf': 0,
      quarantined: 0,
      'dead-lettered': 0,
    });
    expect(again.repairs).toEqual([]);
    expect(pdfs).toHaveLength(UPLOADS);
    for (const report of reports) {
      const keys = Object.values((report.finalReports ?? {}) as Record<string, string>);
      expect(keys).toHaveLength(1);
      expect(pdfsOf(String(report.sha256))).toEqual(keys);
    }
  }, 600_000);
});
