import { execFileSync } from 'node:child_process';
import { formatTable } from '../shared/cli/table.ts';
import { loadFonts } from '../shared/rendering/fonts.ts';
import { renderFinalReport } from '../shared/rendering/render-report.ts';
import type { ReportRecord } from '../shared/schemas/report-record.ts';
import { largeDecisionRecord } from '../test/helpers/large-decision.ts';
import { median } from './stats.ts';

const AWARDS = 100_000;
const RUNS = 5;
const TARGET_SECONDS = 10;
const TARGET_RSS_MB = 512;

interface Run {
  /** From the stored record's JSON to the PDF's bytes, as the render function does it. */
  seconds: number;
  /** The child's peak resident set, fonts and record included. */
  rssMb: number;
  bytes: number;
}

/** One render in this process: parse the stored JSON, lay out, write the PDF. */
async function renderOnce(): Promise<Run> {
  const stored = JSON.stringify(largeDecisionRecord(AWARDS));
  const fonts = loadFonts();
  const start = performance.now();
  const record = JSON.parse(stored) as ReportRecord;
  const pdf = await renderFinalReport(record, {
    language: 'fi',
    generatedAt: new Date('2026-01-05T10:00:00Z'),
    fonts,
  });
  const seconds = (performance.now() - start) / 1000;
  return { seconds, rssMb: process.resourceUsage().maxRSS / 1024, bytes: pdf.length };
}

if (process.argv.includes('--child')) {
  process.stdout.write(`${JSON.stringify(await renderOnce())}\n`);
  process.exit(0);
}

/** Each run in a fresh process, so that its peak RSS is that render's alone. */
function runInChild(): Run {
  const out = execFileSync(
    process.execPath,
    [...process.execArgv, import.meta.filename, '--child'],
    { encoding: 'utf8', maxBuffer: 1024 * 1024 },
  );
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Run;
}

const runs = Array.from({ length: RUNS }, runInChild);
const seconds = median(runs.map((r) => r.seconds));
const rssMb = median(runs.map((r) => r.rssMb));
const peakMb = Math.max(...runs.map((r) => r.rssMb));
const verdict = (met: boolean) => (met ? 'met' : 'NOT met');

process.stdout.write(
  [
    `Final-report PDF of a ${AWARDS.toLocaleString('en')}-award grant decision, ${RUNS} fresh processes`,
    formatTable(
      ['run', 's', 'peak RSS MB', 'bytes'],
      runs.map((r, i) => [
        String(i + 1),
        r.seconds.toFixed(2),
        r.rssMb.toFixed(0),
        String(r.bytes),
      ]),
    ),
    `median ${seconds.toFixed(2)} s, peak RSS median ${rssMb.toFixed(0)} MB (largest ${peakMb.toFixed(0)} MB)`,
    `Target <= ${TARGET_SECONDS} s: ${verdict(seconds <= TARGET_SECONDS)}; <= ${TARGET_RSS_MB} MB: ${verdict(peakMb <= TARGET_RSS_MB)}.`,
    '',
  ].join('\n'),
);
