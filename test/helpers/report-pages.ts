import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import type { ReportFonts } from '../../shared/rendering/fonts.ts';
import { renderFinalReport } from '../../shared/rendering/render-report.ts';
import type { DocumentKind, Language, ReportRecord } from '../../shared/schemas/report-record.ts';
import { THEME } from '../../templates/theme.ts';
import { extractFile, GENERALITY_DIR, ROOT, seedPath } from './fixtures.ts';

/** Where the final reports' page images go for CI to keep; git-ignored. */
export const ARTIFACTS_DIR = join(ROOT, 'artifacts', 'final-report');
export const PAGE_DPI = 60;

/** One document of every kind: the seeds, and a document of no known kind. */
export const KIND_DOCUMENTS: Record<DocumentKind, () => ReportRecord> = {
  'project-description': () => extractFile(seedPath('004_')),
  'project-page': () => extractFile(seedPath('000_')),
  'research-project': () => extractFile(seedPath('001_')),
  'funding-call': () => extractFile(seedPath('002_')),
  'grant-decisions': () => extractFile(seedPath('003_')),
  unknown: () => extractFile(join(GENERALITY_DIR, 'unknown-en-monitoring-committee-agenda.txt')),
};

const GENERATED_AT = new Date('2026-12-07T17:05:00Z');
const RECEIVED_AT = new Date('2026-12-07T16:58:00Z');

/** Renders a record's final report and writes each page as `<name>-<n>.png`; returns the paths. */
export async function writeReportPages(
  record: ReportRecord,
  language: Language,
  name: string,
  fonts: ReportFonts,
): Promise<string[]> {
  const pdf = await renderFinalReport(record, {
    language,
    generatedAt: GENERATED_AT,
    receivedAt: RECEIVED_AT,
    fonts,
  });
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  for (const old of readdirSync(ARTIFACTS_DIR).filter((f) => f.startsWith(`${name}-`))) {
    rmSync(join(ARTIFACTS_DIR, old));
  }
  const pdfPath = join(ARTIFACTS_DIR, `${name}.pdf`);
  writeFileSync(pdfPath, pdf);
  execFileSync('pdftoppm', ['-png', '-r', String(PAGE_DPI), pdfPath, join(ARTIFACTS_DIR, name)]);
  return readdirSync(ARTIFACTS_DIR)
    .filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png'))
    .sort()
    .map((f) => join(ARTIFACTS_DIR, f));
}

/** How much of a page's body, between the running header and footer, its content takes. */
export function bodyCoverage(path: string): { inkedRows: number; extent: number } {
  const png = PNG.sync.read(readFileSync(path));
  const scale = png.height / THEME.page.height;
  const top = Math.round(THEME.margins.top * scale);
  const bottom = Math.round((THEME.page.height - THEME.margins.bottom) * scale);
  let inked = 0;
  let last = top;
  for (let y = top; y < bottom; y++) {
    for (let x = 0; x < png.width; x++) {
      const i = (y * png.width + x) * 4;
      const dark = (png.data[i] ?? 255) + (png.data[i + 1] ?? 255) + (png.data[i + 2] ?? 255);
      if (dark < 3 * 235) {
        inked++;
        last = y;
        break;
      }
    }
  }
  const height = bottom - top;
  return { inkedRows: inked / height, extent: (last - top) / height };
}
