/**
 * Measuring a string and setting one line of text exactly as pdfkit 0.20 does, minus the
 * overhead of its general-purpose `widthOfString` and `text`: option copies, the wrapping
 * machinery, the line measured twice more, a character scan that allocates, runs joined with
 * `Array.concat`, and each operator built as a string and then converted to bytes on its own.
 * The widths are the same numbers and the content stream the same bytes as pdfkit's; where a
 * pdfkit internal used here is missing, `doc.text` sets the line instead.
 */
import type { Font, Glyph } from 'fontkit';
import { sharedShaping } from './fonts.ts';
import { type ByteSink, pageContentSink } from './pdf-writes.ts';

/**
 * Width of `text` at `size`, equal to the last bit to what `doc.widthOfString(text)` returns in
 * that font: pdfkit shapes the text in runs that end after each space or tab, adds up their
 * advances in order and scales the sum. `advance` gives a run's advance in font units (1000 per
 * em), from the same shared runs pdfkit lays out (`SharedShaping` in fonts.ts).
 */
export function widthOfString(
  advance: (text: string) => number,
  text: string,
  size: number,
): number {
  let total = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 32 || code === 9) {
      total += advance(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < text.length) total += advance(text.slice(start));
  // pdfkit's arithmetic as written (character spacing 0, horizontal scaling 100%), which keeps
  // the result identical even where `x * 100 / 100` is not `x`.
  return ((total * (size / 1000) + 0 * (text.length - 1)) * 100) / 100;
}

/** A glyph position of a run, with the glyph width pdfkit (and fonts.ts) notes on it. */
interface Placement {
  xAdvance: number;
  xOffset: number;
  yOffset: number;
  advanceWidth: number;
}

/** pdfkit's `EmbeddedFont`: the members that encoding and setting a line rely on. */
interface EmbeddedFont {
  /** The fontkit font it embeds: here one from `loadFonts`. */
  font: Font;
  id: string;
  ascender: number;
  scale: number;
  widths: number[];
  unicode: number[][];
  subset: { includeGlyph(id: number): number };
  ref(): unknown;
}

/** The members of pdfkit's document that setting a line relies on. */
interface PdfkitText {
  _font?: EmbeddedFont;
  _fontSize: number;
  page: { height: number; fonts: Record<string, unknown> };
}

function canEncode(font: EmbeddedFont | undefined): font is EmbeddedFont {
  return (
    font !== undefined &&
    font.scale === 1 &&
    typeof font.id === 'string' &&
    typeof font.subset?.includeGlyph === 'function' &&
    Array.isArray(font.widths) &&
    Array.isArray(font.unicode)
  );
}

/** Subset glyph ids and placements of the line being set; reused from line to line. */
const gids: number[] = [];
const placements: Placement[] = [];

/**
 * pdfkit's `EmbeddedFont.encode(text)`, into `gids` and `placements`: the text in runs that end
 * after each space or tab, each glyph added to the subset with its width and code points on
 * first use. The runs come from the shared shaping (fonts.ts), glyph widths noted on them once,
 * where pdfkit lays each run out again in every document (rescaling its positions by 1, for
 * Noto Sans, and noting the widths) before joining them.
 */
function encode(
  font: EmbeddedFont,
  run: (text: string) => { glyphs: readonly Glyph[]; positions: readonly unknown[] },
  text: string,
): void {
  gids.length = 0;
  placements.length = 0;
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : -1;
    if (code === 32 || code === 9 || (code === -1 && start < i)) {
      const { glyphs, positions } = run(text.slice(start, i + 1));
      for (let g = 0; g < glyphs.length; g++) {
        const glyph = glyphs[g] as Glyph;
        const gid = font.subset.includeGlyph(glyph.id);
        gids.push(gid);
        if (font.widths[gid] == null) font.widths[gid] = glyph.advanceWidth * font.scale;
        if (font.unicode[gid] == null) font.unicode[gid] = glyph.codePoints;
        placements.push(positions[g] as Placement);
      }
      start = i + 1;
    }
  }
}

/** Where the TJ array of the line being set stands. */
interface TextArray {
  sink: ByteSink;
  /** First glyph not yet written. */
  last: number;
  /** Whether `[` and at least one item are written. */
  open: boolean;
}

/** Writes glyphs `last` to `end` as one TJ item, followed by the kerning after the last one. */
function addSegment(tj: TextArray, end: number): void {
  if (tj.last < end) {
    const { sink } = tj;
    sink.byte(tj.open ? 32 : 91); // ' ' between items, '[' before the first
    sink.byte(60); // <
    for (let k = tj.last; k < end; k++) sink.hex4(gids[k] as number);
    sink.byte(62); // >
    sink.byte(32);
    const placement = placements[end - 1] as Placement;
    sink.number(-(placement.xAdvance - placement.advanceWidth));
    tj.open = true;
  }
  tj.last = end;
}

/** Ends the TJ array being written, if any. */
function flush(tj: TextArray, end: number): void {
  addSegment(tj, end);
  if (tj.open) {
    tj.sink.text('] TJ\n');
    tj.open = false;
  }
}

/** `1 0 0 1 x y Tm` and a line feed. */
function textMatrix(sink: ByteSink, x: number, y: number): void {
  sink.text('1 0 0 1 ');
  sink.number(x);
  sink.byte(32);
  sink.number(y);
  sink.text(' Tm\n');
}

/** Sets one line at (x, y), the top left of its line box, in the document's current font. */
export type LineSetter = (text: string, x: number, y: number, characterSpacing: number) => void;

/**
 * What `doc.text(line, x, y, { lineBreak: false, characterSpacing })` writes for a line without
 * newlines, left-aligned, with no link, underline or word spacing (pdfkit's `_fragment`),
 * written straight into the page's content bytes (pdf-writes.ts). Like pdfkit, the line is
 * framed by `q … Q` so that the page's flipped coordinate system is undone for the text only;
 * `doc.x`/`doc.y`, which `text` also moves, are left alone.
 */
export function lineSetter(doc: PDFKit.PDFDocument): LineSetter {
  const pdf = doc as unknown as PdfkitText;
  return (text, x, y, characterSpacing) => {
    const font = pdf._font;
    const shaping = font?.font ? sharedShaping(font.font) : undefined;
    const sink = pageContentSink(doc);
    if (!canEncode(font) || !shaping || !sink || text.includes('\n')) {
      doc.text(text, x, y, {
        lineBreak: false,
        ...(characterSpacing ? { characterSpacing } : {}),
      });
      return;
    }
    if (text.length === 0) return;
    const size = pdf._fontSize;
    const page = pdf.page;
    const baseline = page.height - y - (font.ascender / 1000) * size;
    if (page.fonts[font.id] == null) page.fonts[font.id] = font.ref();
    encode(font, shaping.run, text);
    sink.text('q\n1 0 0 -1 0 ');
    sink.number(page.height);
    sink.text(' cm\nBT\n');
    textMatrix(sink, x, baseline);
    sink.byte(47); // /
    sink.text(font.id);
    sink.byte(32);
    sink.number(size);
    sink.text(' Tf\n');
    if (characterSpacing) {
      sink.number(characterSpacing);
      sink.text(' Tc\n');
    }
    // Glyphs go into TJ items that end where a glyph's advance differs from its width (kerning,
    // written after the item), and into their own text matrix where moved off the baseline.
    const scale = size / 1000;
    const tj: TextArray = { sink, last: 0, open: false };
    let penX = x;
    let hadOffset = false;
    let i = 0;
    for (; i < placements.length; i++) {
      const placement = placements[i] as Placement;
      if (placement.xOffset || placement.yOffset) {
        flush(tj, i);
        textMatrix(sink, penX + placement.xOffset * scale, baseline + placement.yOffset * scale);
        flush(tj, i + 1);
        hadOffset = true;
      } else {
        if (hadOffset) {
          textMatrix(sink, penX, baseline);
          hadOffset = false;
        }
        if (placement.xAdvance - placement.advanceWidth !== 0) addSegment(tj, i + 1);
      }
      penX += placement.xAdvance * scale;
    }
    flush(tj, i);
    sink.text('ET\nQ\n');
  };
}
