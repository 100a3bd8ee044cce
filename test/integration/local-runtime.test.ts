import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDeadLetters } from '../../shared/local/queue.ts';
import { redriveDeadLetters } from '../../shared/local/redrive.ts';
import { type LocalRuntime, startLocalRuntime } from '../../shared/local/runtime.ts';
import { listReportsByStatus } from '../../shared/storage/report-store.ts';
import { uploadFiles } from '../../shared/storage/upload.ts';
import { SEEDS_DIR } from '../helpers/fixtures.ts';
import { listeners } from '../helpers/processes.ts';
import { scanTable } from '../helpers/services.ts';

let runtime: LocalRuntime;
let dataDir: string;

beforeAll(async () => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  dataDir = mkdtempSync(join(tmpdir(), 'epm-runtime-'));
  runtime = await startLocalRuntime({
    dataDir,
    tableName: 'runtime-reports',
    inboxBucket: 'runtime-inbox',
  });
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const seeds = () =>
  readdirSync(SEEDS_DIR)
    .sort()
    .map((name) => ({ path: join(SEEDS_DIR, name), key: `incoming/${name}` }));

describe('the local runtime', () => {
  it('listens on 127.0.0.1 only: DynamoDB Local (Java) and the S3 emulator', () => {
    const open = listeners([runtime.dynamo.pid, process.pid]);
    const ports = [runtime.dynamo.port, runtime.s3Emulator.port];

    expect(open.filter((l) => ports.includes(l.port)).sort((a, b) => a.port - b.port)).toEqual(
      [
        { address: '127.0.0.1', port: runtime.dynamo.port, pid: runtime.dynamo.pid },
        { address: '127.0.0.1', port: runtime.s3Emulator.port, pid: process.pid },
      ].sort((a, b) => a.port - b.port),
    );
    expect(open.filter((l) => l.pid === runtime.dynamo.pid)).toHaveLength(1);
  });

  it('carries uploads from the S3 emulator through the extract handler into DynamoDB Local', async () => {
    await uploadFiles(runtime.s3, runtime.inboxBucket, seeds());

    await runtime.queue.drained();

    const stored = await listReportsByStatus(runtime.ddb, runtime.tableName, 'stored');
    expect(stored).toHaveLength(5);
  });

  it('logs structured JSON with the object key and report id, and no contact details', () => {
    const text = readFileSync(join(dataDir, 'logs.jsonl'), 'utf8');
    const lines = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));

    expect(lines.find((l) => l.key === 'incoming/004_c272ed91a4645a04.txt')).toMatchObject({
      message: 'report stored',
      reportId: expect.stringMatching(/^[0-9a-f]{64}$/),
      projectId: 'A77892',
    });
    // The EURA seed names a contact person with an e-mail address and a phone number.
    for (const contact of ['Honkanen', 'viitasaari.fi', '459 7301']) {
      expect(text).not.toContain(contact);
    }
  });

  it('ignores s3:TestEvent without failing the batch', async () => {
    await runtime.renders.drained();
    const before = await scanTable(runtime.ddb, runtime.tableName);

    runtime.queue.send(JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent' }));
    await runtime.queue.drained();

    await runtime.renders.drained();
    expect(await readDeadLetters(runtime.dlqPath)).toEqual([]);
    expect(await scanTable(runtime.ddb, runtime.tableName)).toEqual(before);
  });

  it('retries while DynamoDB is down, dead-letters with the reason, and stores each once after redrive', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'epm-outage-'));
    const files = seeds().map((f, i) => {
      const path = join(dir, `outage-${i}.txt`);
      writeFileSync(path, `${readFileSync(f.path, 'utf8')}\nOutage copy ${i}\n`);
      return { path, key: `incoming/outage/${i}.txt` };
    });

    await uploadFiles(runtime.s3, runtime.inboxBucket, files.slice(0, 2));
    await runtime.dynamo.stop();
    await uploadFiles(runtime.s3, runtime.inboxBucket, files.slice(2));
    await runtime.queue.drained();
    const dead = await readDeadLetters(runtime.dlqPath);
    await runtime.restartDynamo();
    const before = await outageObjects();

    expect(dead.length).toBeGreaterThanOrEqual(3);
    expect(
      dead.every((d) => d.receiveCount === 5 && /failed: connect ECONNREFUSED/.test(d.reason)),
    ).toBe(true);
    expect(before.length + dead.length).toBe(files.length);

    const moved = await redriveDeadLetters(runtime.queue, runtime.dlqPath);
    const after = await outageObjects();

    expect(moved).toBe(dead.length);
    expect(await readDeadLetters(runtime.dlqPath)).toEqual([]);
    expect(after.map((o) => o.status)).toEqual(files.map(() => 'stored'));
    const reports = (await scanTable(runtime.ddb, runtime.tableName)).filter(
      (i) =>
        i.type === 'report' &&
        String((i.object as { key: string }).key).startsWith('incoming/outage/'),
    );
    expect(reports).toHaveLength(files.length);
    rmSync(dir, { recursive: true, force: true });
  });
});

async function outageObjects() {
  const items = await scanTable(runtime.ddb, runtime.tableName);
  return items.filter(
    (i) =>
      i.type === 'object' && String(i.key).startsWith('incoming/outage/') && i.status !== 'failed',
  );
}
