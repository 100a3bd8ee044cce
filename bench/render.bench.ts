import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { formatTable } from '../shared/cli/table.ts';
import { extractReport } from '../shared/parsing/extract.ts';
import { FONT_FILES, fontPaths, loadFonts } from '../shared/rendering/fonts.ts';
import { renderFinalReport } from '../shared/rendering/render-report.ts';
import { layoutFinalReport } from '../templates/final-report.ts';
import { THEME } from '../templates/theme.ts';
import { reportHtml, runningTemplates } from './report-html.ts';
import { millisPerCall } from './stats.ts';

const TARGET_MS = 10;
const TARGET_RATIO = 20;
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const root = join(import.meta.dirname, '..');
const seed = '004_c272ed91a4645a04.txt';
const record = extractReport(readFileSync(join(root, 'seeds', seed)), { key: seed });
const language = record.language ?? 'en';
const generatedAt = new Date('2026-01-05T10:00:00Z');

/** A young generation big enough that a whole PDF is built between two scavenges. */
const TUNED_HEAP = '--max-semi-space-size=64';

interface Timing {
  median: number;
  runs: number[];
  bytes: number;
}

/** pdfkit rendering, the fonts parsed once before the clock starts. */
async function pdfkitRun(): Promise<Timing> {
  const fonts = loadFonts();
  const render = () => renderFinalReport(record, { language, generatedAt, fonts });
  const timing = await millisPerCall(render, 7, 100, 100);
  return { ...timing, bytes: (await render()).length };
}

/** In a fresh process, as V8 heap flags only apply at start. */
function pdfkitInChild(flags: string[]): Timing {
  const out = execFileSync(
    process.execPath,
    [...flags, ...process.execArgv, import.meta.filename, '--pdfkit-only'],
    { encoding: 'utf8' },
  );
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Timing;
}

if (process.argv.includes('--pdfkit-only')) {
  process.stdout.write(`${JSON.stringify(await pdfkitRun())}\n`);
  process.exit(0);
}

/** The same layout as HTML, printed by headless Chromium with the same fonts and page. */
async function chromiumRun() {
  const work = mkdtempSync(join(tmpdir(), 'epm-bench-chromium-'));
  const paths = fontPaths();
  copyFileSync(paths.regular, join(work, FONT_FILES.regular));
  copyFileSync(paths.bold, join(work, FONT_FILES.bold));
  const layout = layoutFinalReport(record, { language, generatedAt });
  writeFileSync(join(work, 'report.html'), reportHtml(layout));
  const url = pathToFileURL(join(work, 'report.html')).href;
  const { header, footer } = runningTemplates(layout);
  const inches = (points: number) => `${points / 72}in`;
  const context = await chromium.launchPersistentContext(join(work, 'profile'), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await context.newPage();
    let bytes = 0;
    const print = async () => {
      await page.goto(url);
      const pdf = await page.pdf({
        format: 'A4',
        printBackground: true,
        tagged: true,
        displayHeaderFooter: true,
        headerTemplate: header,
        footerTemplate: footer,
        margin: {
          top: inches(THEME.margins.top),
          bottom: inches(THEME.margins.bottom),
          left: inches(THEME.margins.left),
          right: inches(THEME.margins.right),
        },
      });
      bytes = pdf.length;
    };
    return { ...(await millisPerCall(print, 5, 5, 3)), bytes };
  } finally {
    await context.close();
    rmSync(work, { recursive: true, force: true });
  }
}

const plain = pdfkitInChild([]);
const tuned = pdfkitInChild([TUNED_HEAP]);
const browser = await chromiumRun();
const row = (engine: string, t: Timing) => [
  engine,
  t.median.toFixed(1),
  (1000 / t.median).toFixed(1),
  (browser.median / t.median).toFixed(1),
  String(t.bytes),
];
const verdict = (met: boolean) => (met ? 'met' : 'NOT met');
const runs = (t: Timing) => t.runs.map((r) => r.toFixed(1)).join(' ');

process.stdout.write(
  [
    `Final-report PDF of seed ${seed} (${record.kind}, ${language}): median ms per PDF of the runs`,
    formatTable(
      ['engine', 'ms/PDF', 'PDFs/s', 'x faster than Chromium', 'bytes'],
      [
        row('pdfkit, tagged PDF/A-3a, fonts parsed once', plain),
        row(`same, node ${TUNED_HEAP}`, tuned),
        row('headless Chromium, page.pdf of the same layout', browser),
      ],
    ),
    `runs (ms/PDF): pdfkit ${runs(plain)}; tuned ${runs(tuned)}; Chromium ${runs(browser)}`,
    `Target <= ${TARGET_MS} ms per PDF: ${verdict(plain.median <= TARGET_MS)} (tuned: ${verdict(tuned.median <= TARGET_MS)}); >= ${TARGET_RATIO}x Chromium: ${verdict(browser.median / plain.median >= TARGET_RATIO)}.`,
    '',
  ].join('\n'),
);
