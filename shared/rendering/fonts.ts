import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { create, type Font, type GlyphRun } from 'fontkit';

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

/**
 * The font with its shaping shared across documents. pdfkit caches shaped words per document
 * only, and shaping (kerning, ligatures) is most of the cost of a PDF; words repeat across
 * reports (labels, digits), so later documents mostly skip it.
 */
function withSharedShaping(font: Font): Font {
  const runs = new Map<string, GlyphRun>();
  // pdfkit scales runs in place by 1000 / unitsPerEm: a no-op at 1000, as in Noto Sans.
  const shareable = font.unitsPerEm === 1000;
  const layout = (text: string, features?: unknown): GlyphRun => {
    if (features !== undefined) return font.layout(text, features);
    let run = runs.get(text);
    if (!run) {
      if (runs.size >= MAX_SHARED_RUNS) runs.clear();
      run = font.layout(text);
      runs.set(text, run);
    }
    return shareable ? run : copyRun(run);
  };
  return new Proxy(font, {
    get: (target, property) => (property === 'layout' ? layout : Reflect.get(target, property)),
  });
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
