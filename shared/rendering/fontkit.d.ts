declare module 'fontkit' {
  export interface GlyphPosition {
    xAdvance: number;
    yAdvance: number;
    xOffset: number;
    yOffset: number;
  }

  /** A shaped run of text; pdfkit reads these three members of it. */
  export interface GlyphRun {
    glyphs: readonly unknown[];
    positions: GlyphPosition[];
    readonly advanceWidth: number;
  }

  /** The part of a parsed font that rendering relies on; pdfkit takes the object as it is. */
  export interface Font {
    readonly postscriptName: string;
    readonly unitsPerEm: number;
    layout(text: string, features?: unknown): GlyphRun;
  }

  export function create(buffer: Uint8Array, postscriptName?: string): Font;
}
