import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { create, type Font, type Glyph, type GlyphRun } from 'fontkit';

/** The report's two faces, parsed once and shared by every document rendered afterwards. */
export interface ReportFonts {
  regular: Font;
  bold: Font;
}

export const FONT_FILES = {
  regular: 'NotoSans_400Regular.ttf',
  bold: 'NotoSans_700Bold.ttf',
} as const;

const loaded = new Map<string, ReportFonts>();

/** Shaped words kept per font; past this many the cache starts over, to bound memory. */
const MAX_SHARED_RUNS = 20_000;

/** A copy pdfkit may scale in place without touching the cached run. */
function copyRun(run: GlyphRun): GlyphRun {
  const positions = run.positions.map((p) => ({
    xAdvance: p.xAdvance,
    yAdvance: p.yAdvance,
    xOffset: p.xOffset,
    yOffset: p.yOffset,
  }));
  return {
    glyphs: run.glyphs,
    positions,
    get advanceWidth() {
      let width = 0;
      for (const p of positions) width += p.xAdvance;
      return width;
    },
  };
}

/** The part of a fontkit glyph that subsetting decodes; `_decode` is fontkit-internal. */
interface DecodableGlyph {
  _decode?: () => unknown;
}

/**
 * `getGlyph` whose glyphs decode their outline once. pdfkit subsets the font of every document
 * (fontkit `TTFSubset`), and that decodes each used glyph in full again just to learn whether it
 * is composite: a third of the cost of embedding a font. The outline is a property of the font
 * file, not of a report, and nothing changes it once decoded in a static font; fontkit itself
 * keeps one glyph object per id, so the decoded outline is kept on it. Variable fonts, whose
 * outlines depend on the chosen instance, are left alone.
 */
function withDecodedGlyphs(font: Font): Font['getGlyph'] {
  const getGlyph = font.getGlyph.bind(font);
  if (font._variationProcessor) return getGlyph;
  const memoized = new WeakSet<object>();
  return (id, characters) => {
    const glyph = getGlyph(id, characters);
    const decodable = glyph as DecodableGlyph | null;
    if (decodable && typeof decodable._decode === 'function' && !memoized.has(decodable)) {
      const decoded = decodable._decode();
      decodable._decode = () => decoded;
      memoized.add(decodable);
    }
    return glyph;
  };
}

/** A shaped word and its advance width in font units, summed once. */
interface SharedRun {
  run: GlyphRun;
  advance: number;
}

/**
 * Shaping shared across documents, for code that measures and encodes text itself instead of
 * asking pdfkit (text-ops.ts). Only for a font of 1000 units per em, which pdfkit does not
 * rescale, so that its runs are the very ones pdfkit would use.
 */
export interface SharedShaping {
  /** Advance width of `text` in font units: the `advanceWidth` of its run, summed once. */
  advance(text: string): number;
  /**
   * The run of `text`, each position carrying the `advanceWidth` of its glyph, which is what
   * pdfkit's `layoutRun` adds (times 1000 / unitsPerEm, here 1) before it encodes a run.
   */
  run(text: string): GlyphRun;
}

const sharing = new WeakMap<Font, SharedShaping>();

/**
 * The font with its shaping shared across documents. pdfkit caches shaped words per document
 * only, and shaping (kerning, ligatures) is most of the cost of a PDF; words repeat across
 * reports (labels, digits), so later documents mostly skip it. Glyph outlines are decoded once
 * too (`withDecodedGlyphs`).
 */
function withSharedShaping(font: Font): Font {
  const runs = new Map<string, SharedRun>();
  // pdfkit scales runs in place by 1000 / unitsPerEm: a no-op at 1000, as in Noto Sans.
  const shareable = font.unitsPerEm === 1000;
  const shaped = (text: string): SharedRun => {
    let shared = runs.get(text);
    if (!shared) {
      if (runs.size >= MAX_SHARED_RUNS) runs.clear();
      const run = font.layout(text);
      if (shareable) {
        for (const [i, position] of run.positions.entries()) {
          position.advanceWidth = (run.glyphs[i] as Glyph).advanceWidth;
        }
      }
      shared = { run, advance: run.advanceWidth };
      runs.set(text, shared);
    }
    return shared;
  };
  const layout = (text: string, features?: unknown): GlyphRun => {
    if (features !== undefined) return font.layout(text, features);
    const { run } = shaped(text);
    return shareable ? run : copyRun(run);
  };
  const getGlyph = withDecodedGlyphs(font);
  const shared = new Proxy(font, {
    get: (target, property) =>
      property === 'layout'
        ? layout
        : property === 'getGlyph'
          ? getGlyph
          : Reflect.get(target, property),
  });
  if (shareable) {
    sharing.set(shared, {
      advance: (text) => shaped(text).advance,
      run: (text) => shaped(text).run,
    });
  }
  return shared;
}

/** The shared shaping of a font from `loadFonts`; undefined for a font pdfkit rescales. */
export function sharedShaping(font: Font): SharedShaping | undefined {
  return sharing.get(font);
}

/** The two TTF files: in `dir` when given (a Lambda bundle ships them), else the npm package. */
export function fontPaths(dir?: string): { regular: string; bold: string } {
  if (dir) return { regular: join(dir, FONT_FILES.regular), bold: join(dir, FONT_FILES.bold) };
  const require = createRequire(import.meta.url);
  const regular = require.resolve(`@expo-google-fonts/noto-sans/400Regular/${FONT_FILES.regular}`);
  return { regular, bold: join(dirname(dirname(regular)), '700Bold', FONT_FILES.bold) };
}

/** Reads and parses Noto Sans regular and bold; parsing costs ~100 ms, so each folder is read once. */
export function loadFonts(dir?: string): ReportFonts {
  const cacheKey = dir ?? '';
  const cached = loaded.get(cacheKey);
  if (cached) return cached;
  const paths = fontPaths(dir);
  const fonts = {
    regular: withSharedShaping(create(readFileSync(paths.regular))),
    bold: withSharedShaping(create(readFileSync(paths.bold))),
  };
  loaded.set(cacheKey, fonts);
  return fonts;
}
