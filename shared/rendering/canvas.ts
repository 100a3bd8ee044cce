import { THEME } from '../../templates/theme.ts';
import { type ReportFonts, sharedShaping } from './fonts.ts';
import { type LineSetter, widthOfString } from './text-ops.ts';

export type Weight = 'regular' | 'bold';

/** A document being drawn: pdfkit's state plus the content box of the page. */
export interface Canvas {
  doc: PDFKit.PDFDocument;
  fonts: ReportFonts;
  /** Cursor: where the next block starts. */
  y: number;
  left: number;
  width: number;
  top: number;
  bottom: number;
  /**
   * Texts already broken into lines, by text and then face and width, so that measuring and
   * drawing a text break it once. Keyed by the text itself, whose hash V8 keeps, rather than by
   * a key string built (and hashed) anew on every lookup.
   */
  lines: Map<string, BrokenText[]>;
  /** Writes one line of text straight into the page content (text-ops.ts); else `doc.text`. */
  setLine?: LineSetter | undefined;
  /** Last fill colour set on the current page, to skip repeating it. */
  fill?: string | undefined;
  /** Last stroke colour and line width set on the current page, likewise. */
  stroke?: string | undefined;
  lineWidth?: number | undefined;
}

/** One line of broken text and its width. */
export interface SetLine {
  text: string;
  width: number;
}

/** A text broken into lines in one face and width. */
export interface BrokenText {
  weight: Weight;
  size: number;
  width: number;
  lines: SetLine[];
}

const FAMILY: Record<Weight, string> = { regular: 'NotoSans-Regular', bold: 'NotoSans-Bold' };

export function setFont(canvas: Canvas, weight: Weight, size: number): void {
  canvas.doc.font(canvas.fonts[weight], FAMILY[weight], size);
}

export function lineHeight(canvas: Canvas, weight: Weight, size: number): number {
  setFont(canvas, weight, size);
  return canvas.doc.currentLineHeight(true);
}

/** A face to measure in: its shared advances where fonts.ts keeps them, else pdfkit measures. */
interface Face {
  canvas: Canvas;
  weight: Weight;
  size: number;
  advance: ((text: string) => number) | undefined;
}

function faceOf(canvas: Canvas, weight: Weight, size: number): Face {
  return { canvas, weight, size, advance: sharedShaping(canvas.fonts[weight])?.advance };
}

function measure(face: Face, text: string): number {
  if (face.advance) return widthOfString(face.advance, text, face.size);
  setFont(face.canvas, face.weight, face.size);
  return face.canvas.doc.widthOfString(text);
}

/** Width of `text` in the given face, as `doc.widthOfString` measures it. */
export function widthOf(canvas: Canvas, text: string, weight: Weight, size: number): number {
  return measure(faceOf(canvas, weight, size), text);
}

/** Cuts a word wider than a line into pieces that fit, after `.`, `/`, `-` or `_` where possible. */
function breakWord(word: string, width: number, face: Face): SetLine[] {
  const pieces: SetLine[] = [];
  let start = 0;
  while (start < word.length) {
    let end = start;
    let used = 0;
    let soft = -1;
    while (end < word.length) {
      const next = used + measure(face, word.charAt(end));
      if (next > width && end > start) break;
      used = next;
      if ('./-_'.includes(word.charAt(end))) soft = end + 1;
      end++;
    }
    const cut = end < word.length && soft > start ? soft : end;
    const text = word.slice(start, cut);
    pieces.push({ text, width: measure(face, text) });
    start = cut;
  }
  return pieces;
}

/** Opens a line with `word`, cut first if wider than a line: the pieces but the last go to `lines`. */
function startLine(
  lines: SetLine[],
  word: string,
  wordWidth: number,
  width: number,
  face: Face,
): SetLine {
  if (wordWidth <= width) return { text: word, width: wordWidth };
  const pieces = breakWord(word, width, face);
  const last = pieces.pop();
  lines.push(...pieces);
  return last ?? { text: '', width: 0 };
}

/**
 * Breaks `text` into lines of at most `width` at spaces, greedily. Runs of white space print as
 * one space; the exact text stays in the attached record.
 */
function breakLines(text: string, width: number, face: Face): SetLine[] {
  const lines: SetLine[] = [];
  const space = measure(face, ' ');
  for (const paragraph of text.split('\n')) {
    const words = paragraph.split(/\s+/).filter((w) => w !== '');
    let line = '';
    let lineWidth = 0;
    for (const word of words) {
      const wordWidth = measure(face, word);
      if (line === '') {
        ({ text: line, width: lineWidth } = startLine(lines, word, wordWidth, width, face));
      } else if (lineWidth + space + wordWidth <= width) {
        line = `${line} ${word}`;
        lineWidth += space + wordWidth;
      } else {
        lines.push({ text: line, width: lineWidth });
        ({ text: line, width: lineWidth } = startLine(lines, word, wordWidth, width, face));
      }
    }
    lines.push({ text: line, width: lineWidth });
  }
  return lines;
}

/** The lines `text` sets in `width` with the given face; broken once per canvas. */
function setLines(
  canvas: Canvas,
  text: string,
  weight: Weight,
  size: number,
  width: number,
): SetLine[] {
  let broken = canvas.lines.get(text);
  if (broken) {
    for (const b of broken) {
      if (b.weight === weight && b.size === size && b.width === width) return b.lines;
    }
  } else {
    broken = [];
    canvas.lines.set(text, broken);
  }
  const face = faceOf(canvas, weight, size);
  const textWidth = measure(face, text);
  const lines =
    textWidth <= width && !text.includes('\n')
      ? [{ text, width: textWidth }]
      : breakLines(text, width, face);
  broken.push({ weight, size, width, lines });
  return lines;
}

/** Height of `text` set in `width`. */
export function textHeight(
  canvas: Canvas,
  text: string,
  weight: Weight,
  size: number,
  width: number,
): number {
  return setLines(canvas, text, weight, size, width).length * lineHeight(canvas, weight, size);
}

export interface TextStyle {
  weight: Weight;
  size: number;
  color: string;
  align?: 'left' | 'right' | 'center';
  characterSpacing?: number;
}

/**
 * Forgets the colours and line width set so far, so that the next drawing sets them again: on a
 * new page, when going back to a page to add to it, and after a `restore()`.
 */
export function resetGraphicsState(canvas: Canvas): void {
  canvas.fill = undefined;
  canvas.stroke = undefined;
  canvas.lineWidth = undefined;
}

/** The operands pdfkit writes for a `#rrggbb` colour: its channels over 255. */
const RGB_OPERANDS = new Map<string, string>();

function rgbOperands(color: string): string | undefined {
  let operands = RGB_OPERANDS.get(color);
  if (operands === undefined) {
    if (!/^#[0-9a-f]{6}$/i.test(color)) return undefined;
    const hex = Number.parseInt(color.slice(1), 16);
    operands = [hex >> 16, (hex >> 8) & 0xff, hex & 0xff].map((part) => part / 255).join(' ');
    RGB_OPERANDS.set(color, operands);
  }
  return operands;
}

/**
 * Sets the fill or stroke colour as `doc.fillColor(color)`/`strokeColor(color)` would, with the
 * same operators (`/DeviceRGB cs` and `r g b scn`), but without parsing the colour again and
 * building its operands every time. Other colour forms go to pdfkit.
 */
function setColor(canvas: Canvas, color: string, stroke: boolean): void {
  const operands = rgbOperands(color);
  const { doc } = canvas;
  if (operands === undefined) {
    if (stroke) doc.strokeColor(color);
    else doc.fillColor(color);
    return;
  }
  doc.addContent(stroke ? `/DeviceRGB CS\n${operands} SCN` : `/DeviceRGB cs\n${operands} scn`);
  // pdfkit remembers the fill colour (for underlines); kept the same.
  if (!stroke) (doc as unknown as { _fillColor?: unknown })._fillColor = [color, undefined];
}

export function fillColor(canvas: Canvas, color: string): void {
  if (canvas.fill === color) return;
  setColor(canvas, color, false);
  canvas.fill = color;
}

/** Draws `text` with its top-left corner at (x, y), broken to `width`; returns its height. */
export function drawText(
  canvas: Canvas,
  text: string,
  x: number,
  y: number,
  width: number,
  style: TextStyle,
): number {
  const { doc, setLine } = canvas;
  const spacing = style.characterSpacing ?? 0;
  const lines = spacing
    ? [{ text, width: 0 }]
    : setLines(canvas, text, style.weight, style.size, width);
  setFont(canvas, style.weight, style.size);
  fillColor(canvas, style.color);
  const height = doc.currentLineHeight(true);
  for (const [i, line] of lines.entries()) {
    const lineWidth = spacing
      ? doc.widthOfString(line.text, { characterSpacing: spacing })
      : line.width;
    const offset =
      style.align === 'right'
        ? width - lineWidth
        : style.align === 'center'
          ? (width - lineWidth) / 2
          : 0;
    if (setLine && !line.text.includes('\n')) {
      setLine(line.text, x + offset, y + i * height, spacing);
      continue;
    }
    doc.text(line.text, x + offset, y + i * height, {
      lineBreak: false,
      ...(spacing ? { characterSpacing: spacing } : {}),
    });
  }
  return lines.length * height;
}

/** Starts a new page and puts the cursor at the top of its content box. */
export function newPage(canvas: Canvas): void {
  canvas.doc.addPage();
  canvas.y = canvas.top;
  resetGraphicsState(canvas);
}

/** Moves to a new page unless `height` still fits below the cursor. */
export function ensureSpace(canvas: Canvas, height: number): void {
  if (canvas.y + height > canvas.bottom && canvas.y > canvas.top) newPage(canvas);
}

/** Draws decoration that carries no content (rules, backgrounds) outside the structure tree. */
export function artifact(
  canvas: Canvas,
  draw: () => void,
  type: 'Layout' | 'Pagination' = 'Layout',
) {
  canvas.doc.markContent('Artifact', { type });
  draw();
  canvas.doc.endMarkedContent();
}

/** Adds a structure element under `parent`, with the content `draw` marks, and closes it. */
export function tagged(
  canvas: Canvas,
  parent: PDFKit.PDFStructureElement,
  type: string,
  draw: () => void,
  options: PDFKit.Mixins.StructureElementOptions = {},
): PDFKit.PDFStructureElement {
  const element = canvas.doc.struct(type, options);
  parent.add(element);
  element.add(draw);
  element.end();
  return element;
}

/** Adds an open structure element under `parent`, for children added by the caller. */
export function group(
  canvas: Canvas,
  parent: PDFKit.PDFStructureElement,
  type: string,
  options: PDFKit.Mixins.StructureElementOptions = {},
): PDFKit.PDFStructureElement {
  const element = canvas.doc.struct(type, options);
  parent.add(element);
  return element;
}

/** Fills a rectangle; the fill colour is the one text uses next, so it is tracked too. */
export function fillRect(
  canvas: Canvas,
  x: number,
  y: number,
  width: number,
  height: number,
  color: string,
) {
  fillColor(canvas, color);
  canvas.doc.rect(x, y, width, height).fill();
}

/**
 * Strokes a straight line. Width and colour are set first, and only when they change: they are
 * graphics state, which belongs before the path rather than between its points and `S`.
 */
export function line(
  canvas: Canvas,
  from: [number, number],
  to: [number, number],
  color: string,
  weight: number,
) {
  const { doc } = canvas;
  if (canvas.lineWidth !== weight) {
    doc.lineWidth(weight);
    canvas.lineWidth = weight;
  }
  if (canvas.stroke !== color) {
    setColor(canvas, color, true);
    canvas.stroke = color;
  }
  doc.moveTo(from[0], from[1]).lineTo(to[0], to[1]).stroke();
}

export function hline(
  canvas: Canvas,
  x: number,
  y: number,
  width: number,
  color: string,
  weight = 0.5,
) {
  line(canvas, [x, y], [x + width, y], color, weight);
}

export const COLORS = THEME.colors;
export const SIZE = THEME.size;
