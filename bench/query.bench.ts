import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatTable } from '../shared/cli/table.ts';
import { median, percentile } from './stats.ts';

/**
 * `epm query` as a user runs it: a new `node bin/epm.js query …` process each time, against an
 * `epm serve` running on the seeds, and once without it (the store started by the query).
 */
const ROOT = join(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_QUERY_RUNS ?? 15);
const data = mkdtempSync(join(tmpdir(), 'epm-bench-query-'));
const epm = (...args: string[]) =>
  execFileSync(process.execPath, ['bin/epm.js', ...args, '--data', data], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });

function timed(args: string[]): number {
  const start = process.hrtime.bigint();
  epm(...args);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

epm('run', 'seeds');
const cold = timed(['query', '/projects']);

const serve = spawn(process.execPath, ['bin/epm.js', 'serve', '--port', '0', '--data', data], {
  cwd: ROOT,
  stdio: 'ignore',
});
const deadline = Date.now() + 120_000;
while (!existsSync(join(data, 'serve.json'))) {
  if (Date.now() > deadline || serve.exitCode !== null) throw new Error('epm serve did not start');
  await new Promise((r) => setTimeout(r, 200));
}

const cases: Array<[string, string[]]> = [
  ['/projects', ['query', '/projects']],
  ['/projects/A77892', ['query', '/projects/A77892']],
  [
    'indicator by region, CSV',
    ['query', '/indicators/indicators.jobsCreated.realised', 'groupBy=region', '--format', 'csv'],
  ],
];
const rows: string[][] = [];
for (const [label, args] of cases) {
  timed(args);
  const timings = Array.from({ length: RUNS }, () => timed(args));
  rows.push([label, String(RUNS), median(timings).toFixed(0), percentile(timings, 95).toFixed(0)]);
}
const bare = Array.from({ length: 5 }, () => timed(['--version']));

serve.kill('SIGTERM');
await new Promise((r) => serve.once('exit', r));
rmSync(data, { recursive: true, force: true });

process.stdout.write(
  `epm query, a new process per call, against a running epm serve (seeds)\n${formatTable(
    ['request', 'n', 'p50 ms', 'p95 ms'],
    rows,
    60,
  )}\nepm --version (the CLI with its TypeScript loader): ${median(bare).toFixed(0)} ms; without epm serve (the query starts the store): ${cold.toFixed(0)} ms\n`,
);
