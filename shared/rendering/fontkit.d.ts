declare module 'fontkit' {
  export interface GlyphPosition {
    xAdvance: number;
    yAdvance: number;
    xOffset: number;
    yOffset: number;
    /** Not fontkit's: pdfkit adds the glyph's advance width to each position it encodes. */
    advanceWidth?: number;
  }

  /** A glyph of a shaped run; pdfkit reads these members of it. */
  export interface Glyph {
    readonly id: number;
    readonly advanceWidth: number;
    readonly codePoints: number[];
  }

  /** A shaped run of text; pdfkit reads these three members of it. */
  export interface GlyphRun {
    glyphs: readonly Glyph[];
    positions: GlyphPosition[];
    readonly advanceWidth: number;
  }

  /** The part of a parsed font that rendering relies on; pdfkit takes the object as it is. */
  export interface Font {
    readonly postscriptName: string;
    readonly unitsPerEm: number;
    layout(text: string, features?: unknown): GlyphRun;
    /** One glyph object per id, kept by the font; null past the last glyph. */
    getGlyph(id: number, characters?: number[]): object | null;
    /** Set for a variable font with an instance chosen; fontkit-internal. */
    readonly _variationProcessor?: unknown;
  }

  export function create(buffer: Uint8Array, postscriptName?: string): Font;
}
