import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { loadFonts } from '../../shared/rendering/fonts.ts';
import { DOCUMENT_KINDS, LANGUAGES } from '../../shared/schemas/report-record.ts';
import {
  bodyCoverage,
  KIND_DOCUMENTS,
  PAGE_DPI,
  writeReportPages,
} from '../helpers/report-pages.ts';

/** A page before the last is at least half full: a forced break never leaves one mostly empty. */
const MIN_EXTENT = 0.5;
/** The last page holds more than a few lines. */
const MIN_LAST_EXTENT = 0.2;

const fonts = loadFonts();
const cases = DOCUMENT_KINDS.flatMap((kind) => LANGUAGES.map((language) => ({ kind, language })));

describe('final report pages of every kind in every language', () => {
  it('has a document of every kind to render', () => {
    for (const kind of DOCUMENT_KINDS) expect(KIND_DOCUMENTS[kind]().kind, kind).toBe(kind);
  });

  it.each(cases)(
    'writes $kind in $language as PNG pages with content',
    async ({ kind, language }) => {
      const record = KIND_DOCUMENTS[kind]();

      const pages = await writeReportPages(record, language, `${kind}.${language}`, fonts);

      expect(pages.length).toBeGreaterThan(0);
      for (const [i, page] of pages.entries()) {
        const name = basename(page);
        const png = PNG.sync.read(readFileSync(page));
        const { extent, inkedRows } = bodyCoverage(page);
        const last = i === pages.length - 1;
        expect(statSync(page).size, name).toBeGreaterThan(1000);
        expect(
          Math.abs(png.width - (595.28 / 72) * PAGE_DPI),
          `${name} is an A4 page`,
        ).toBeLessThan(1);
        expect(inkedRows, `${name} has text on it`).toBeGreaterThan(0.1);
        expect(extent, `${name} is not mostly empty`).toBeGreaterThanOrEqual(
          last ? MIN_LAST_EXTENT : MIN_EXTENT,
        );
      }
    },
  );
});
