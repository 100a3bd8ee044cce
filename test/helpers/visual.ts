import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { loadFonts } from '../../shared/rendering/fonts.ts';
import { renderFinalReport } from '../../shared/rendering/render-report.ts';
import { extractFile, ROOT, seedPath } from './fixtures.ts';
import { firstPagePng, scratch } from './pdf-tools.ts';

/** Reference images of page 1 of each seed's final report, at `VISUAL_DPI`. */
export const VISUAL_DIR = join(ROOT, 'test', 'fixtures', 'visual');
export const VISUAL_DPI = 50;
export const VISUAL_SEEDS = ['000_', '001_', '002_', '003_', '004_'];
const AT = new Date('2026-01-05T10:00:00Z');

export function referencePath(seed: string): string {
  return join(VISUAL_DIR, `${basename(seedPath(seed), '.txt')}.png`);
}

/** Page 1 of the seed's final report in its own language, as poppler draws it. */
export async function firstPageOf(seed: string): Promise<PNG> {
  const record = extractFile(seedPath(seed));
  const pdf = await renderFinalReport(record, {
    language: record.language ?? 'en',
    generatedAt: AT,
    fonts: loadFonts(),
  });
  const work = scratch('epm-visual-');
  try {
    return firstPagePng(work.write('report.pdf', pdf), VISUAL_DPI);
  } finally {
    work.drop();
  }
}

/** Share of pixels that differ beyond anti-aliasing, and the difference image. */
export function compareImages(actual: PNG, expected: PNG): { ratio: number; diff: PNG } {
  const { width, height } = expected;
  const diff = new PNG({ width, height });
  if (actual.width !== width || actual.height !== height) return { ratio: 1, diff };
  const changed = pixelmatch(actual.data, expected.data, diff.data, width, height, {
    threshold: 0.1,
  });
  return { ratio: changed / (width * height), diff };
}

/** Writes the reference images anew; look at them before committing. */
export async function updateReferences(): Promise<string[]> {
  mkdirSync(VISUAL_DIR, { recursive: true });
  const written: string[] = [];
  for (const seed of VISUAL_SEEDS) {
    const path = referencePath(seed);
    writeFileSync(path, PNG.sync.write(await firstPageOf(seed)));
    written.push(path);
  }
  return written;
}
