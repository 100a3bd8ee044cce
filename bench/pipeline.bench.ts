import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { formatTable } from '../shared/cli/table.ts';
import { startLocalRuntime } from '../shared/local/runtime.ts';
import { syntheticDocument } from '../test/helpers/documents.ts';
import { median, percentile } from './stats.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

interface RunResult {
  count: number;
  seconds: number;
  latencies: number[];
  /** Peak resident set of the process running the handler, in MB. */
  peakRssMb: number;
  /** Heap still in use once the run has drained and garbage is collected, in MB: what it retains. */
  retainedHeapMb: number;
  /**
   * Milliseconds per report between the 10th and the 90th percentile of completions: the steady
   * pace, without the warm-up of a fresh JVM at the start and the draining tail at the end.
   */
  steadyMsPerReport: number;
}

function steadyPace(done: number[]): number {
  const sorted = [...done].sort((a, b) => a - b);
  const from = Math.floor(sorted.length * 0.1);
  const to = Math.floor(sorted.length * 0.9);
  const first = sorted[from];
  const last = sorted[to];
  return first === undefined || last === undefined || to <= from ? 0 : (last - first) / (to - from);
}

/** Collects garbage when node runs with --expose-gc (the child processes below do). */
function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
}

async function runOnce(count: number): Promise<RunResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'epm-bench-'));
  // The extract path only: final reports are another function's work, measured by bench:render.
  const runtime = await startLocalRuntime({ dataDir, logLevel: 'INFO', renderFinalReports: false });
  const uploadedAt = new Map<string, number>();
  const start = Date.now();
  for (let n = 0; n < count; n++) {
    const key = `incoming/bench/${n}.txt`;
    uploadedAt.set(key, Date.now());
    await runtime.s3.send(
      new PutObjectCommand({ Bucket: runtime.inboxBucket, Key: key, Body: syntheticDocument(n) }),
    );
  }
  await runtime.queue.drained();
  const seconds = (Date.now() - start) / 1000;
  collectGarbage();
  const retainedHeapMb = process.memoryUsage().heapUsed / 1024 / 1024;
  await runtime.stop();
  const latencies: number[] = [];
  const done: number[] = [];
  for (const line of readFileSync(join(dataDir, 'logs.jsonl'), 'utf8').split('\n')) {
    if (!line.includes('"report stored"') && !line.includes('"report rejected"')) continue;
    const entry = JSON.parse(line) as { key: string; timestamp: string };
    const sent = uploadedAt.get(entry.key);
    if (sent === undefined) continue;
    latencies.push(Date.parse(entry.timestamp) - sent);
    done.push(Date.parse(entry.timestamp));
  }
  rmSync(dataDir, { recursive: true, force: true });
  if (latencies.length !== count)
    throw new Error(`expected ${count} stored reports, saw ${latencies.length}`);
  return {
    count,
    seconds,
    latencies,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    retainedHeapMb,
    steadyMsPerReport: steadyPace(done),
  };
}

/** Each run in a fresh process: the handler binds its clients to one runtime at cold start. */
function runInChild(count: number): RunResult {
  const out = execFileSync(
    process.execPath,
    ['--expose-gc', ...process.execArgv, import.meta.filename, '--single', String(count)],
    {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as RunResult;
}

const singleIndex = process.argv.indexOf('--single');
if (singleIndex >= 0) {
  const result = await runOnce(Number(process.argv[singleIndex + 1]));
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

const plan: Array<[number, number]> = [
  [100, 3],
  [1000, 3],
  [10_000, 1],
];
const rows: string[][] = [];
for (const [count, runs] of plan) {
  const results: RunResult[] = [];
  for (let r = 0; r < runs; r++) results.push(runInChild(count));
  const perSecond = median(results.map((r) => r.count / r.seconds));
  const p50 = median(results.map((r) => percentile(r.latencies, 50)));
  const p95 = median(results.map((r) => percentile(r.latencies, 95)));
  rows.push([
    String(count),
    String(runs),
    perSecond.toFixed(1),
    (1000 / perSecond).toFixed(1),
    median(results.map((r) => r.steadyMsPerReport)).toFixed(1),
    p50.toFixed(0),
    p95.toFixed(0),
    Math.max(...results.map((r) => r.peakRssMb)).toFixed(0),
    median(results.map((r) => r.retainedHeapMb)).toFixed(0),
  ]);
}
const [small, medium, large] = rows;
process.stdout.write(
  `Local pipeline (upload → S3 emulator event → extract handler → DynamoDB Local), medians of runs\n${formatTable(
    [
      'uploads',
      'runs',
      'reports/s',
      'ms/report',
      'steady ms/report',
      'p50 latency ms',
      'p95 latency ms',
      'peak RSS MB',
      'heap after run MB',
    ],
    rows,
  )}\n`,
);
const ratio = (a: string[] | undefined, b: string[] | undefined, column: number) =>
  a && b ? (Number(a[column]) / Number(b[column])).toFixed(2) : 'n/a';
process.stdout.write(
  `time per report, whole run: 1,000 vs 100 uploads ${ratio(medium, small, 3)}x; 10,000 vs 1,000 uploads ${ratio(large, medium, 3)}x\n` +
    `time per report, steady pace: 1,000 vs 100 uploads ${ratio(medium, small, 4)}x; 10,000 vs 1,000 uploads ${ratio(large, medium, 4)}x\n`,
);
