import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { compareImages, firstPageOf, referencePath, VISUAL_SEEDS } from '../helpers/visual.ts';

/** Anti-aliasing and poppler versions move a few pixels; a layout change moves many more. */
const MAX_CHANGED = 0.005;

/** Kept after a failing run, for a look at what moved. */
function keepDiff(seed: string, diff: PNG): string {
  const dir = join(tmpdir(), 'epm-visual-diff');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${seed}page1.png`);
  writeFileSync(path, PNG.sync.write(diff));
  return path;
}

describe('page 1 of each seed final report', () => {
  it.each(VISUAL_SEEDS)('matches its reference image: %s', async (seed) => {
    const expected = PNG.sync.read(readFileSync(referencePath(seed)));

    const actual = await firstPageOf(seed);

    const { ratio, diff } = compareImages(actual, expected);
    const where = ratio > MAX_CHANGED ? keepDiff(seed, diff) : '';
    expect([actual.width, actual.height]).toEqual([expected.width, expected.height]);
    expect(ratio, `page 1 changed; difference image: ${where}`).toBeLessThanOrEqual(MAX_CHANGED);
  });
});
