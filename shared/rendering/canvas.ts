import { THEME } from '../../templates/theme.ts';
import type { ReportFonts } from './fonts.ts';

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
  /** Lines already broken, so that measuring and drawing a text break it once. */
  lines: Map<string, SetLine[]>;
  /** Last fill colour set on the current page, to skip repeating it. */
  fill?: string | undefined;
}

/** One line of broken text and its width. */
export interface SetLine {
  text: string;
  width: number;
}

const FAMILY: Record<Weight, string> = { regular: 'NotoSans-Regular', bold: 'NotoSans-Bold' };

export function setFont(canvas: Canvas, weight: Weight, size: number): void {
  canvas.doc.font(canvas.fonts[weight], FAMILY[weight], size);
}

export function lineHeight(canvas: Canvas, weight: Weight, size: number): number {
  setFont(canvas, weight, size);
  return canvas.doc.currentLineHeight(true);
}

/** Cuts a word wider than a line into pieces that fit, after `.`, `/`, `-` or `_` where possible. */
function breakWord(canvas: Canvas, word: string, width: number): SetLine[] {
  const { doc } = canvas;
  const pieces: SetLine[] = [];
  let start = 0;
  while (start < word.length) {
    let end = start;
    let used = 0;
    let soft = -1;
    while (end < word.length) {
      const next = used + doc.widthOfString(word.charAt(end));
      if (next > width && end > start) break;
      used = next;
      if ('./-_'.includes(word.charAt(end))) soft = end + 1;
      end++;
    }
    const cut = end < word.length && soft > start ? soft : end;
    const text = word.slice(start, cut);
    pieces.push({ text, width: doc.widthOfString(text) });
    start = cut;
  }
  return pieces;
}

/**
 * Breaks `text` into lines of at most `width` at spaces, greedily, in the current font. Runs of
 * white space print as one space; the exact text stays in the attached record.
 */
function breakLines(canvas: Canvas, text: string, width: number): SetLine[] {
  const { doc } = canvas;
  const lines: SetLine[] = [];
  const space = doc.widthOfString(' ');
  let line = '';
  let lineWidth = 0;
  const start = (word: string, wordWidth: number) => {
    if (wordWidth <= width) {
      line = word;
      lineWidth = wordWidth;
      return;
    }
    const pieces = breakWord(canvas, word, width);
    const last = pieces.pop();
    lines.push(...pieces);
    line = last?.text ?? '';
    lineWidth = last?.width ?? 0;
  };
  for (const paragraph of text.split('\n')) {
    const words = paragraph.split(/\s+/).filter((w) => w !== '');
    line = '';
    lineWidth = 0;
    for (const word of words) {
      const wordWidth = doc.widthOfString(word);
      if (line === '') {
        start(word, wordWidth);
      } else if (lineWidth + space + wordWidth <= width) {
        line = `${line} ${word}`;
        lineWidth += space + wordWidth;
      } else {
        lines.push({ text: line, width: lineWidth });
        start(word, wordWidth);
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
  setFont(canvas, weight, size);
  const key = `${weight}|${size}|${width}|${text}`;
  const cached = canvas.lines.get(key);
  if (cached) return cached;
  const textWidth = canvas.doc.widthOfString(text);
  const lines =
    textWidth <= width && !text.includes('\n')
      ? [{ text, width: textWidth }]
      : breakLines(canvas, text, width);
  canvas.lines.set(key, lines);
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
  const lines = setLines(canvas, text, weight, size, width);
  return lines.length * canvas.doc.currentLineHeight(true);
}

export interface TextStyle {
  weight: Weight;
  size: number;
  color: string;
  align?: 'left' | 'right' | 'center';
  characterSpacing?: number;
}

export function fillColor(canvas: Canvas, color: string): void {
  if (canvas.fill === color) return;
  canvas.doc.fillColor(color);
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
  const { doc } = canvas;
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
  canvas.fill = undefined;
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

export function hline(
  canvas: Canvas,
  x: number,
  y: number,
  width: number,
  color: string,
  weight = 0.5,
) {
  canvas.doc
    .moveTo(x, y)
    .lineTo(x + width, y)
    .lineWidth(weight)
    .strokeColor(color)
    .stroke();
}

export const COLORS = THEME.colors;
export const SIZE = THEME.size;
