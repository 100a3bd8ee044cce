import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { formatTable } from '../shared/cli/table.ts';
import { DEFAULT_LIMITS } from '../shared/readers/reader.ts';
import { median } from './stats.ts';

const root = join(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'epm-bench-formats-'));
const RUNS = 7;

/** A PDF of `pages` pages or more, made with qpdf from a report printed by LibreOffice. */
function longPdf(source: string, pages: number, name: string): string {
  const count = Number(execFileSync('qpdf', ['--show-npages', source], { encoding: 'utf8' }));
  const copies = Array.from({ length: Math.ceil(pages / count) }, () => source);
  const out = join(work, name);
  execFileSync('qpdf', ['--empty', '--pages', ...copies, '--', out]);
  return out;
}

function pageCount(file: string): number {
  return Number(execFileSync('qpdf', ['--show-npages', file], { encoding: 'utf8' }));
}

/** The PDF reader alone, bundled as the extract function's chunk is, behind a one-file command. */
function readerCommand(): string {
  const entry = join(work, 'read-pdf.ts');
  writeFileSync(
    entry,
    `import { readFileSync } from 'node:fs';
import { readPdf } from ${JSON.stringify(join(root, 'shared/readers/pdf.ts'))};
const limits = ${JSON.stringify(DEFAULT_LIMITS)};
const bytes = readFileSync(process.argv[2]);
const times = [];
let result;
for (let i = 0; i < Number(process.argv[3] ?? 1); i++) {
  const started = performance.now();
  result = await readPdf(new Uint8Array(bytes), limits);
  times.push(performance.now() - started);
}
// The second half of the readings: the first ones still compile and optimise PDF.js.
const warm = times.slice(Math.ceil(times.length / 2)).sort((a, b) => a - b);
const { maxRSS } = process.resourceUsage();
process.stdout.write(JSON.stringify({ ok: result.success, lines: result.success ? result.data.lines.length : 0, ms: times[0], warmMs: warm[Math.floor(warm.length / 2)] ?? times[0], maxRssKb: maxRSS }));
`,
  );
  const outfile = join(work, 'read-pdf.mjs');
  buildSync({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: true,
    logLevel: 'error',
    banner: {
      js: "import { createRequire as epmCreateRequire } from 'node:module';const require = epmCreateRequire(import.meta.url);",
    },
  });
  return outfile;
}

interface ReaderRun {
  ok: boolean;
  lines: number;
  /** The first reading in a fresh process (PDF.js loaded and compiled on the way). */
  ms: number;
  /** The median of the later readings, as a warm function reads document after document. */
  warmMs: number;
  maxRssKb: number;
}

/** One process reading `file` `times` times in a row. */
function runReader(command: string, file: string, times = 1): ReaderRun & { wallMs: number } {
  const started = performance.now();
  const out = execFileSync(process.execPath, [command, file, String(times)], { encoding: 'utf8' });
  return { ...(JSON.parse(out) as ReaderRun), wallMs: performance.now() - started };
}

function runPdftotext(file: string): number {
  const started = performance.now();
  const done = spawnSync('pdftotext', ['-layout', file, '-'], { maxBuffer: 64 * 1024 * 1024 });
  if (done.status !== 0) throw new Error(`pdftotext failed on ${file}`);
  return performance.now() - started;
}

const source = join(root, 'test/fixtures/formats/libreoffice/seed-004.pdf');
const report = longPdf(source, 20, 'report-20.pdf');
const big = longPdf(source, 200, 'report-200.pdf');
const command = readerCommand();
const pages = pageCount(report);

// In turn, reader then pdftotext, so that both meet the same machine.
const ours: Array<ReaderRun & { wallMs: number }> = [];
const warm: Array<ReaderRun & { wallMs: number }> = [];
const theirs: number[] = [];
runReader(command, report);
runPdftotext(report);
for (let i = 0; i < RUNS; i++) {
  ours.push(runReader(command, report));
  theirs.push(runPdftotext(report));
  warm.push(runReader(command, report, 12));
}
const ratios = ours.map((o, i) => o.wallMs / (theirs[i] ?? 1));
const warmRatios = warm.map((o, i) => o.warmMs / (theirs[i] ?? 1));
const rows = [
  [
    'epm PDF reader (whole process: node, PDF.js, layout)',
    median(ours.map((o) => o.wallMs)).toFixed(0),
    (median(ours.map((o) => o.wallMs)) / pages).toFixed(1),
  ],
  [
    'epm PDF reader (first reading in a fresh process)',
    median(ours.map((o) => o.ms)).toFixed(0),
    (median(ours.map((o) => o.ms)) / pages).toFixed(1),
  ],
  [
    'epm PDF reader (warm: a later reading in the process)',
    median(warm.map((o) => o.warmMs)).toFixed(0),
    (median(warm.map((o) => o.warmMs)) / pages).toFixed(1),
  ],
  [
    'pdftotext -layout (whole process)',
    median(theirs).toFixed(0),
    (median(theirs) / pages).toFixed(1),
  ],
];
process.stdout.write(
  `PDF reading, a ${pages}-page report (LibreOffice print of the EURA seed, repeated with qpdf); medians of ${RUNS} runs taken in turn\n${formatTable(['reader', 'ms', 'ms per page'], rows)}\nratio epm / pdftotext, pair by pair:\n  warm reading against the pdftotext process: median ${median(warmRatios).toFixed(2)} (min ${Math.min(...warmRatios).toFixed(2)}, max ${Math.max(...warmRatios).toFixed(2)})\n  whole process against whole process (cold start included): median ${median(ratios).toFixed(2)} (min ${Math.min(...ratios).toFixed(2)}, max ${Math.max(...ratios).toFixed(2)})\n`,
);

const bigPages = pageCount(big);
const bigRuns = Array.from({ length: 3 }, () => runReader(command, big));
process.stdout.write(
  `\n${bigPages}-page PDF: peak RSS of the reading process ${(median(bigRuns.map((r) => r.maxRssKb)) / 1024).toFixed(0)} MB (median of 3; Node itself included), ${median(bigRuns.map((r) => r.ms)).toFixed(0)} ms, ${bigRuns[0]?.lines ?? 0} lines\n`,
);
rmSync(work, { recursive: true, force: true });
