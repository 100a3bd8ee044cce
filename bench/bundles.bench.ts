import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { formatTable } from '../shared/cli/table.ts';
import { median } from './stats.ts';

const root = join(import.meta.dirname, '..');
// Inside the project, so that the externals resolve from node_modules as on the Lambda runtime.
const out = mkdtempSync(join(root, 'node_modules', '.epm-bundles-'));
const RUNS = 7;

/** What each function reads at cold start, so that importing its bundle runs its module scope. */
const ENV = {
  TABLE_NAME: 't',
  INBOX_BUCKET: 'i',
  OUTBOX_BUCKET: 'o',
  TOPIC_ARN: 'arn:aws:sns:eu-north-1:000000000000:t',
  AWS_REGION: 'eu-north-1',
  POWERTOOLS_SERVICE_NAME: 'bench',
};

const functions = readdirSync(join(root, 'functions')).filter((name) =>
  existsSync(join(root, 'functions', name, 'handler.ts')),
);

const rows: string[][] = [];
for (const name of functions) {
  const outfile = join(out, `${name}.mjs`);
  // The same settings as the CDK construct: ESM, minified, AWS SDK v3 left to the Lambda runtime.
  await build({
    entryPoints: [join(root, 'functions', name, 'handler.ts')],
    outfile,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    external: ['@aws-sdk/*'],
    banner: {
      js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
    },
    logLevel: 'error',
  });
  const bytes = statSync(outfile).size;
  const timings: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const script = `const t = performance.now(); await import(${JSON.stringify(outfile)}); process.stdout.write(String(performance.now() - t));`;
    const ms = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, ...ENV },
      cwd: root,
      encoding: 'utf8',
    });
    timings.push(Number(ms));
  }
  rows.push([name, (bytes / 1024).toFixed(0), median(timings).toFixed(0)]);
}
rmSync(out, { recursive: true, force: true });
process.stdout.write(
  `Lambda bundles (esbuild, ESM, minified, @aws-sdk/* external as on the nodejs22.x runtime); cold import in a fresh node process, median of ${RUNS}\n${formatTable(['function', 'KB', 'cold import ms'], rows)}\n`,
);
