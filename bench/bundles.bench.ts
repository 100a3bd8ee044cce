import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { bundleOptions, LAMBDA_BUNDLE } from '../infra/constructs/bundling.ts';
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
  OCR_LANG_PATH: '/tmp',
};

const functions = readdirSync(join(root, 'functions')).filter((name) =>
  existsSync(join(root, 'functions', name, 'handler.ts')),
);

/** How the AWS SDK v3 reaches the function: in the bundle (as the CDK app deploys) or from the runtime. */
const VARIANTS = [
  { name: 'deployed: AWS SDK bundled', external: [] as string[] },
  { name: 'AWS SDK from the runtime', external: ['@aws-sdk/*'] },
];

/** Milliseconds a fresh node process takes to import the bundle, module scope included. */
function coldImport(file: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(file)}); process.stdout.write(String(performance.now() - t));`;
  const ms = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, ...ENV, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    cwd: root,
    encoding: 'utf8',
  });
  return Number(ms);
}

/** The files loading `entry` loads: itself and every chunk it imports statically, transitively. */
function staticClosure(outputs: Metafile['outputs'], entry: string, seen = new Set<string>()) {
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const i of outputs[file]?.imports ?? []) {
      if (i.kind === 'import-statement' && !i.external) visit(i.path);
    }
  };
  visit(entry);
  return seen;
}

function bytesOf(outputs: Metafile['outputs'], files: Iterable<string>): number {
  return [...files].reduce((sum, file) => sum + (outputs[file]?.bytes ?? 0), 0);
}

/**
 * What a plain-text document costs the extract function past its cold start: the chunk of its
 * kind's parser (`shared/parsing/kinds/registry.ts`) and what that chunk imports, per kind.
 */
function textPathRows(outputs: Metafile['outputs'], entry: string): string[][] {
  const start = staticClosure(outputs, entry);
  return Object.entries(outputs)
    .filter(([, output]) => output.entryPoint?.startsWith('shared/parsing/kinds/'))
    .map(([file, output]) => {
      const kind = output.entryPoint?.replace(/^.*\/|\.ts$/g, '') ?? file;
      const added = [...staticClosure(outputs, file, new Set())].filter((f) => !start.has(f));
      const bytes = bytesOf(outputs, start) + bytesOf(outputs, added);
      return [kind, (bytesOf(outputs, added) / 1024).toFixed(0), (bytes / 1024).toFixed(0)];
    })
    .sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));
}

const rows: string[][] = [];
const chunkRows: string[][] = [];
const textRows: string[][] = [];
for (const name of functions) {
  for (const variant of VARIANTS) {
    const outdir = join(out, `${name}-${variant.external.length}`);
    // The settings the CDK construct bundles with (infra/constructs/bundling.ts).
    const { metafile } = await build(
      bundleOptions(name, outdir, {
        alias: variant.external.length > 0 ? {} : LAMBDA_BUNDLE.alias,
        external: variant.external,
        sourcemap: false,
        metafile: true,
      }),
    );
    const entry = join(outdir, 'index.mjs');
    const outputs = metafile?.outputs ?? {};
    const bytes = bytesOf(outputs, staticClosure(outputs, relative(root, entry)));
    if (name === 'extract' && variant.external.length === 0) {
      textRows.push(...textPathRows(outputs, relative(root, entry)));
    }
    const timings = Array.from({ length: RUNS }, () => coldImport(entry));
    rows.push([name, variant.name, (bytes / 1024).toFixed(0), median(timings).toFixed(0)]);
    const chunks = join(outdir, 'chunks');
    if (variant.external.length > 0 || !existsSync(chunks)) continue;
    for (const chunk of readdirSync(chunks).sort()) {
      const size = statSync(join(chunks, chunk)).size;
      if (size >= 10 * 1024) chunkRows.push([name, chunk, (size / 1024).toFixed(0)]);
    }
  }
}
rmSync(out, { recursive: true, force: true });
process.stdout.write(
  `Lambda bundles (esbuild, ESM, minified); KB loaded at a cold start (index.mjs and the chunks it imports statically) and its cold import in a fresh node process, median of ${RUNS}\n${formatTable(['function', 'bundle', 'KB at start', 'cold import ms'], rows)}\n`,
);
process.stdout.write(
  `\nThe extract function's text path, deployed variant: a plain-text document of each kind loads its kind's parser on first use\n${formatTable(['kind', 'parser KB', 'text path KB (start + parser)'], textRows)}\n`,
);
process.stdout.write(
  `\nChunks loaded on first use (format readers and their libraries), 10 KB and over, deployed variant\n${formatTable(['function', 'chunk', 'KB'], chunkRows)}\n`,
);
