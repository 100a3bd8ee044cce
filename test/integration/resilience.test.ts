import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { readDeadLetters } from '../../shared/local/queue.ts';
import { redriveDeadLetters } from '../../shared/local/redrive.ts';
import { startLocalRuntime } from '../../shared/local/runtime.ts';
import { ingestMessage } from '../../shared/pipeline/ingest.ts';
import { objectRefsOf, S3NotificationSchema } from '../../shared/schemas/s3-event.ts';
import { shuffled, syntheticDocument } from '../helpers/documents.ts';
import {
  freshStore,
  putObject,
  s3EventBody,
  scanTable,
  startTestServices,
  type TestServices,
} from '../helpers/services.ts';

const UPLOADS = 500;
const dirs: string[] = [];
let services: TestServices | undefined;

afterAll(async () => {
  await services?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Runs tasks with at most `limit` in flight, like concurrent Lambda invocations. */
async function pool<T>(tasks: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      for (let i = next++; i < tasks.length; i = next++) {
        const task = tasks[i];
        if (task) results[i] = await task();
      }
    }),
  );
  return results;
}

/** The object keys an S3 event message names. */
function keysOf(body: string): string[] {
  return objectRefsOf(S3NotificationSchema.parse(JSON.parse(body))).map((ref) => ref.key);
}

async function untilDeadLetters(dlqPath: string, count: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  while ((await readDeadLetters(dlqPath)).length < count) {
    if (Date.now() > deadline) throw new Error(`no dead letter within 60 s (wanted ${count})`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe(`${UPLOADS} uploads`, () => {
  it('leave the same table when every event arrives twice, shuffled, as with one in-order delivery', async () => {
    services = await startTestServices();
    const single = await freshStore(services);
    const double = await freshStore(services);
    const s3 = services.s3;
    const events = async (store: typeof single) =>
      pool(
        Array.from({ length: UPLOADS }, (_, n) => async () => {
          const object = await putObject(
            s3,
            store.bucket,
            `incoming/${n}.txt`,
            syntheticDocument(n),
          );
          const time = new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString();
          return s3EventBody(store.bucket, object, time);
        }),
        8,
      );
    const singleEvents = await events(single);
    const doubleEvents = await events(double);

    for (const [i, body] of singleEvents.entries()) await ingestMessage(body, `s${i}`, single.deps);
    await pool(
      shuffled([...doubleEvents, ...doubleEvents], 42).map(
        (body, i) => () => ingestMessage(body, `d${i}`, double.deps),
      ),
      8,
    );

    const normalise = (items: Record<string, unknown>[], bucket: string) =>
      JSON.parse(JSON.stringify(items).replaceAll(bucket, 'BUCKET'));
    const singleItems = await scanTable(services.ddb, single.table);
    expect(singleItems.filter((i) => i.type === 'report')).toHaveLength(UPLOADS);
    expect(normalise(await scanTable(services.ddb, double.table), double.bucket)).toEqual(
      normalise(singleItems, single.bucket),
    );
  }, 600_000);

  it('reconcile after DynamoDB is killed and restarted and S3 fails reads for a while, and redrive stores the rest once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'epm-faults-'));
    dirs.push(dataDir);
    const runtime = await startLocalRuntime({
      dataDir,
      tableName: 'faults',
      inboxBucket: 'faults-inbox',
      renderFinalReports: false,
    });
    try {
      let dynamoDown = false;
      for (let n = 0; n < UPLOADS; n++) {
        await runtime.s3.send(
          new PutObjectCommand({
            Bucket: runtime.inboxBucket,
            Key: `incoming/${n}.txt`,
            Body: syntheticDocument(n),
          }),
        );
        if (n === 100) {
          dynamoDown = true;
          void runtime.dynamo.stop();
        }
        if (n === 250 && dynamoDown) {
          await untilDeadLetters(runtime.dlqPath, 1);
          await runtime.restartDynamo();
          dynamoDown = false;
        }
        if (n === 300) runtime.s3Emulator.failReads(true);
        if (n === 400) {
          const before = (await readDeadLetters(runtime.dlqPath)).length;
          await untilDeadLetters(runtime.dlqPath, before + 1);
          runtime.s3Emulator.failReads(false);
        }
      }
      await runtime.queue.drained();

      // Each upload is counted once, by where it ended: stored, rejected, or only in the
      // dead-letter queue. A write that landed just before DynamoDB went down can leave its
      // message in the DLQ as well (at-least-once); redrive must then find it stored.
      const objects = (await scanTable(runtime.ddb, runtime.tableName)).filter(
        (i) => i.type === 'object' && i.status !== 'failed',
      );
      const keysWith = (status: string) =>
        new Set(objects.filter((o) => o.status === status).map((o) => String(o.key)));
      const stored = keysWith('stored');
      const rejected = keysWith('rejected');
      const dead = await readDeadLetters(runtime.dlqPath);
      const deadKeys = new Set(dead.flatMap((letter) => keysOf(letter.body)));
      const deadOnly = [...deadKeys].filter((key) => !stored.has(key) && !rejected.has(key));
      expect(dead.length).toBeGreaterThan(0);
      expect([...stored].filter((key) => rejected.has(key))).toEqual([]);
      expect(stored.size + rejected.size + deadOnly.length).toBe(UPLOADS);
      expect(new Set([...stored, ...rejected, ...deadKeys]).size).toBe(UPLOADS);

      await redriveDeadLetters(runtime.queue, runtime.dlqPath);

      const items = await scanTable(runtime.ddb, runtime.tableName);
      const reports = items.filter((i) => i.type === 'report');
      const finalObjects = items.filter((i) => i.type === 'object');
      expect(await readDeadLetters(runtime.dlqPath)).toEqual([]);
      expect(reports).toHaveLength(UPLOADS);
      expect(finalObjects).toHaveLength(UPLOADS);
      expect(finalObjects.every((o) => o.status === 'stored')).toBe(true);
    } finally {
      await runtime.stop();
    }
  }, 600_000);
});
