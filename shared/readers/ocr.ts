import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createWorker, OEM } from 'tesseract.js';
import { getDocumentProxy, getResolvedPDFJS } from 'unpdf';
import { detectLanguage } from '../parsing/classify.ts';
import type { Check, Language } from '../schemas/report-record.ts';
import {
  type ReadLimits,
  type ReadLine,
  type ReadResult,
  readFailure,
  readingCheck,
} from './reader.ts';

/** Tesseract language codes read by default: Finnish, Swedish, English. */
export const OCR_LANGUAGES = ['fin', 'swe', 'eng'] as const;

/**
 * The models a page in a known language is read with: with all three, Swedish å reads as ä and
 * Ö as O; English text carries Finnish and Swedish names, so it keeps all three.
 */
const MODELS_FOR: Record<Language, readonly string[]> = {
  fi: ['fin', 'eng'],
  sv: ['swe', 'eng'],
  en: OCR_LANGUAGES,
};

/** Past this many pixels one page image is not read; an A4 page at 600 dpi is 35 megapixels. */
export const MAX_IMAGE_PIXELS = 40_000_000;

/** An image drawn over less than this share of the page is a logo or a stamp, not the scan. */
const MIN_PAGE_SHARE = 0.05;

/** A gap between words wider than this many median character widths separates table cells. */
const CELL_GAP_CHARS = 2.5;

/** A line that ends within this many character widths of the right margin may have wrapped. */
const WRAP_SLACK_CHARS = 12;

/** Share of the image width that the widest line of a page of prose spans at least. */
const PROSE_WIDTH = 0.6;

/** A line that starts with `Label:`, a section number or a bullet never continues the line above. */
const LINE_START = /^(\p{Lu}[^:]{0,60}:(\s|$)|\d+(\.\d+)*\.?\s+\p{Lu}|[-•*–]\s)/u;

export interface OcrOptions {
  /** A folder holding `<lang>.traineddata.gz` for every language; see `prepareLangPath`. */
  langPath: string;
  /** Tesseract language codes; `OCR_LANGUAGES` when not given. */
  languages?: readonly string[];
  limits: ReadLimits;
  /** Larger page images are skipped; `MAX_IMAGE_PIXELS` when not given. */
  maxImagePixels?: number;
}

/**
 * Makes one folder holding the traineddata of every language from the `@tesseract.js-data`
 * packages (each package has its own folder, tesseract.js reads from one) and returns it.
 */
export function prepareLangPath(
  folder: string,
  languages: readonly string[] = OCR_LANGUAGES,
): string {
  const require = createRequire(import.meta.url);
  mkdirSync(folder, { recursive: true });
  for (const lang of languages) {
    const name = `${lang}.traineddata.gz`;
    const from = join(
      dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`)),
      '4.0.0_best_int',
      name,
    );
    const to = join(folder, name);
    if (!existsSync(to) || statSync(to).size !== statSync(from).size) copyFileSync(from, to);
  }
  return folder;
}

interface RawImage {
  width: number;
  height: number;
  data: Uint8Array | Uint8ClampedArray;
  kind?: number;
}

type Matrix = [number, number, number, number, number, number];

function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ];
}

function isRawImage(value: unknown): value is RawImage {
  if (typeof value !== 'object' || value === null) return false;
  const image = value as Partial<RawImage>;
  return (
    typeof image.width === 'number' &&
    typeof image.height === 'number' &&
    (image.data instanceof Uint8Array || image.data instanceof Uint8ClampedArray)
  );
}

/** Grey bytes (0 black, 255 white) of a PDF.js decoded image: packed 1-bit, grey, RGB or RGBA. */
function toGrey(image: RawImage): Uint8Array | undefined {
  const { width, height, data } = image;
  const pixels = width * height;
  const grey = new Uint8Array(pixels);
  const rowBytes = Math.ceil(width / 8);
  if (data.length === rowBytes * height && data.length !== pixels) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const bit = ((data[y * rowBytes + (x >> 3)] ?? 0) >> (7 - (x & 7))) & 1;
        grey[y * width + x] = bit ? 255 : 0;
      }
    }
  } else if (data.length === pixels) {
    grey.set(data);
  } else if (data.length === pixels * 3 || data.length === pixels * 4) {
    const channels = data.length / pixels;
    for (let i = 0; i < pixels; i++) {
      const at = i * channels;
      grey[i] = ((data[at] ?? 0) * 77 + (data[at + 1] ?? 0) * 150 + (data[at + 2] ?? 0) * 29) >> 8;
    }
  } else {
    return undefined;
  }
  let sum = 0;
  for (let i = 0; i < pixels; i += 97) sum += grey[i] ?? 0;
  // A page that is mostly dark is a negative (1-bit scans and masks differ in polarity).
  if (sum / Math.ceil(pixels / 97) < 100)
    for (let i = 0; i < pixels; i++) grey[i] = 255 - (grey[i] ?? 0);
  return grey;
}

/** A binary PGM: leptonica reads it without a codec, and it costs no compression. */
function pgm(width: number, height: number, grey: Uint8Array): Uint8Array {
  const header = new TextEncoder().encode(`P5\n${width} ${height}\n255\n`);
  const out = new Uint8Array(header.length + grey.length);
  out.set(header);
  out.set(grey, header.length);
  return out;
}

/** Pixels darker than this are ink; rules are often printed light grey, so lighter counts there. */
const INK = 160;
const RULE_INK = 210;

/** A dark run longer than this share of the page's width (or height) is a table rule. */
const RULE_SHARE = 0.05;

/** A rule is at most this share of the page's height (or width) thick; thicker is a bar or a picture. */
const RULE_THICKNESS = 0.004;

/** Skew, in degrees, that is looked for and undone; below `MIN_SKEW` the page is left as it is. */
const MAX_SKEW = 3;
const MIN_SKEW = 0.15;

interface GreyImage {
  width: number;
  height: number;
  grey: Uint8Array;
}

/** The page's skew in degrees (positive: rows fall to the right), from the rows of ink. */
export function skewOf({ width, height, grey }: GreyImage): number {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let y = 0; y < height; y += 2) {
    for (let x = 0; x < width; x += 2) {
      if ((grey[y * width + x] ?? 255) < INK) {
        xs.push(x);
        ys.push(y);
      }
    }
  }
  if (xs.length < 100) return 0;
  const bins = new Float64Array(height + 2 * width);
  const sharpness = (degrees: number): number => {
    const slope = Math.tan((degrees * Math.PI) / 180);
    bins.fill(0);
    for (let i = 0; i < xs.length; i++) {
      // Bins as tall as the sampling step: narrower ones favour the unturned grid.
      const bin = Math.round(((ys[i] ?? 0) - (xs[i] ?? 0) * slope) / 2) + width;
      bins[bin] = (bins[bin] ?? 0) + 1;
    }
    let sum = 0;
    for (const count of bins) sum += count * count;
    return sum;
  };
  let best = 0;
  let bestScore = sharpness(0);
  for (const step of [0.25, 0.05]) {
    const around = best;
    const span = step === 0.25 ? MAX_SKEW : 0.25;
    for (let degrees = around - span; degrees <= around + span + 1e-9; degrees += step) {
      const score = sharpness(degrees);
      if (score > bestScore) {
        bestScore = score;
        best = degrees;
      }
    }
  }
  return best;
}

/** Samples the image at (x, y) between pixels; outside the image is white. */
function sample({ width, height, grey }: GreyImage, x: number, y: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  if (x0 < 0 || y0 < 0 || x0 >= width - 1 || y0 >= height - 1) return 255;
  const fx = x - x0;
  const fy = y - y0;
  const at = y0 * width + x0;
  const top = (grey[at] ?? 255) * (1 - fx) + (grey[at + 1] ?? 255) * fx;
  const bottom = (grey[at + width] ?? 255) * (1 - fx) + (grey[at + width + 1] ?? 255) * fx;
  return top * (1 - fy) + bottom * fy;
}

/** The image turned by `degrees` about its centre, sampled bilinearly. */
function turn(image: GreyImage, degrees: number): GreyImage {
  const { width, height } = image;
  const grey = new Uint8Array(width * height);
  const cos = Math.cos((degrees * Math.PI) / 180);
  const sin = Math.sin((degrees * Math.PI) / 180);
  const cx = width / 2;
  const cy = height / 2;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const dx = x - cx;
      const dy = y - cy;
      grey[y * width + x] = sample(
        image,
        image.width / 2 + dx * cos - dy * sin,
        image.height / 2 + dx * sin + dy * cos,
      );
    }
  }
  return { width, height, grey };
}

/**
 * Whitens the long thin runs of ink that are table rules: read with their borders, the cells of
 * a table come back with stray `|`, `[`, `_` and with letters taken for digits.
 */
export function removeRules({ width, height, grey }: GreyImage): number {
  const rule = new Uint8Array(width * height);
  const mark = (along: number, across: number, step: number, lineStep: number, min: number) => {
    for (let line = 0; line < across; line++) {
      let start = -1;
      let gap = 0;
      for (let i = 0; i <= along; i++) {
        const ink = i < along && (grey[line * lineStep + i * step] ?? 255) < RULE_INK;
        if (ink) {
          if (start < 0) start = i;
          gap = 0;
        } else if (start >= 0 && (++gap > 2 || i === along)) {
          const end = i - gap + 1;
          if (end - start >= min) {
            for (let j = start; j < end; j++) rule[line * lineStep + j * step] = 1;
          }
          start = -1;
          gap = 0;
        }
      }
    }
  };
  mark(width, height, 1, width, RULE_SHARE * width);
  mark(height, width, width, 1, RULE_SHARE * height);
  const thickest = Math.max(2, Math.round(RULE_THICKNESS * Math.max(width, height)));
  let whitened = 0;
  const clear = (at: number) => {
    if (rule[at] === 1) whitened++;
    grey[at] = 255;
  };
  // A rule is thin across its run: thicker marked areas are bars or pictures and stay.
  const keepThin = (along: number, across: number, step: number, lineStep: number) => {
    for (let line = 0; line < across; line++) {
      let start = -1;
      for (let i = 0; i <= along; i++) {
        const marked = i < along && rule[line * lineStep + i * step] === 1;
        if (marked && start < 0) start = i;
        if (!marked && start >= 0) {
          if (i - start <= thickest) {
            const from = Math.max(0, start - 2);
            const to = Math.min(along, i + 2);
            for (let j = from; j < to; j++) {
              const at = line * lineStep + j * step;
              // The grey edge of the rule goes too, but not ink that touches it.
              if (rule[at] === 1 || (grey[at] ?? 255) >= INK) clear(at);
            }
          }
          start = -1;
        }
      }
    }
  };
  keepThin(height, width, width, 1);
  keepThin(width, height, 1, width);
  return whitened;
}

/**
 * The scan made ready for OCR: turned straight and its table rules removed. Reading coarse
 * scans at twice their size was tried and read no better, at twice the time.
 */
export function prepareScan(image: GreyImage): GreyImage {
  const degrees = skewOf(image);
  const ready = Math.abs(degrees) >= MIN_SKEW ? turn(image, degrees) : { ...image };
  removeRules(ready);
  return ready;
}

interface PdfPage {
  getOperatorList(): Promise<{ fnArray: number[]; argsArray: unknown[][] }>;
  getViewport(options: { scale: number }): { width: number; height: number };
  objs: { get(key: string, callback: (value: unknown) => void): void };
  commonObjs: { get(key: string, callback: (value: unknown) => void): void };
}

interface ImageOps {
  paintImageXObject: number;
  paintInlineImageXObject: number;
  paintImageMaskXObject: number;
  transform: number;
  save: number;
  restore: number;
}

interface PlacedImage {
  raw: RawImage;
  /** Top edge and area of the image as drawn on the page, in page units (y grows upwards). */
  top: number;
  area: number;
}

async function pageImages(page: PdfPage, ops: ImageOps): Promise<PlacedImage[]> {
  const list = await page.getOperatorList();
  const placed: PlacedImage[] = [];
  const stack: Matrix[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  for (let i = 0; i < list.fnArray.length; i++) {
    const fn = list.fnArray[i];
    const args = list.argsArray[i] ?? [];
    if (fn === ops.save) stack.push(ctm);
    else if (fn === ops.restore) ctm = stack.pop() ?? ctm;
    else if (fn === ops.transform && args.length === 6 && args.every((a) => typeof a === 'number'))
      ctm = multiply(ctm, args as Matrix);
    else if (
      fn === ops.paintImageXObject ||
      fn === ops.paintInlineImageXObject ||
      fn === ops.paintImageMaskXObject
    ) {
      let raw: unknown = args[0];
      if (typeof raw === 'string') {
        const key = raw;
        const objs = key.startsWith('g_') ? page.commonObjs : page.objs;
        raw = await new Promise((resolve) => objs.get(key, resolve));
      }
      if (!isRawImage(raw)) continue;
      // The image fills the unit square under the current matrix.
      const top = Math.max(ctm[5], ctm[1] + ctm[5], ctm[3] + ctm[5], ctm[1] + ctm[3] + ctm[5]);
      const area = Math.abs(ctm[0] * ctm[3] - ctm[1] * ctm[2]);
      placed.push({ raw, top, area });
    }
  }
  return placed;
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

interface OcrWord {
  text: string;
  bbox: Box;
  /** 0–100; a word without one counts as read with confidence. */
  confidence?: number;
  symbols?: { text: string; bbox: Box }[] | null;
}

interface OcrLine {
  words: OcrWord[];
  bbox: Box;
}

/** The parts of a tesseract.js result this module reads. */
interface OcrPage {
  text?: string | null;
  blocks: { paragraphs: { lines: OcrLine[] }[] }[] | null;
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

const LIGATURES: Record<string, string> = { ﬁ: 'fi', ﬂ: 'fl', ﬀ: 'ff', ﬃ: 'ffi', ﬄ: 'ffl' };

function cleanWord(text: string): string {
  return text.replace(/[ﬁﬂﬀﬃﬄ]/g, (l) => LIGATURES[l] ?? l).replace(/\s+/g, '');
}

/** Vertical ranges overlap by at least half the shorter one: the same printed row. */
function sameRow(a: Box, b: Box): boolean {
  const overlap = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
  return overlap >= 0.5 * Math.min(a.y1 - a.y0, b.y1 - b.y0);
}

/**
 * A word holding a figure whose confidence is below this is not passed on as read. On the test
 * scans misread figures came back at 0–23 and right ones down to 27; 50 and 70 lost right ones.
 */
export const MIN_FIGURE_CONFIDENCE = 25;

/**
 * Tokens no amount, date or code is written as: letters between digits (`1210000eu0`,
 * `se7s0ems`) or a long number run into a word (`89850eurs`).
 */
const GARBLED = /\d[\p{L}'’]+\d|\d{3,}\p{Ll}{3,}/u;

/** An internal gap this many digit widths wider than the usual one separates thousands groups. */
const GROUP_GAP_DIGITS = 0.35;

/**
 * Splits a number word that tesseract ran over a thousands gap (`1210` of `1 210 000`) where its
 * digits stand apart: the right part is a group of three, the left of one to three digits.
 */
function splitGroups(word: OcrWord, digitGap: number, digitWidth: number): OcrWord[] {
  const symbols = word.symbols ?? [];
  if (!/^\d{4,6}$/.test(word.text) || symbols.map((s) => s.text).join('') !== word.text) {
    return [word];
  }
  const split = symbols.length - 3;
  const left = symbols[split - 1];
  const right = symbols[split];
  if (!left || !right || split > 3) return [word];
  if (right.bbox.x0 - left.bbox.x1 < digitGap + GROUP_GAP_DIGITS * digitWidth) return [word];
  return [
    { ...word, text: word.text.slice(0, split), bbox: { ...word.bbox, x1: left.bbox.x1 } },
    { ...word, text: word.text.slice(split), bbox: { ...word.bbox, x0: right.bbox.x0 } },
  ];
}

/** The usual gap between the digits of a number, and a digit's width, on one page. */
function digitMetrics(words: OcrWord[]): { digitGap: number; digitWidth: number } {
  const gaps: number[] = [];
  const widths: number[] = [];
  for (const word of words) {
    const symbols = word.symbols ?? [];
    for (const [i, symbol] of symbols.entries()) {
      if (!/^\d$/.test(symbol.text)) continue;
      widths.push(symbol.bbox.x1 - symbol.bbox.x0);
      const next = symbols[i + 1];
      if (next && /^\d$/.test(next.text)) gaps.push(next.bbox.x0 - symbol.bbox.x1);
    }
  }
  return { digitGap: median(gaps), digitWidth: median(widths) || 10 };
}

/** A word that holds a figure but was not read well enough to be passed on. */
function unreadableFigure(word: OcrWord): boolean {
  if (!/\d/.test(word.text)) return false;
  return GARBLED.test(word.text) || (word.confidence ?? 100) < MIN_FIGURE_CONFIDENCE;
}

/** A lone rule or dash that the OCR reads inside a wide gap between table cells. */
const GAP_MARK = /^[|—]+$/;

/**
 * The row's text, cells joined by tabs; a cell with a figure that was not read well enough is
 * left out, so that a misread figure never reaches the extractor. `unreadable` says if one was.
 */
function joinWords(words: OcrWord[], cellGap: number): { text: string; unreadable: boolean } {
  const sorted = [...words].sort((a, b) => a.bbox.x0 - b.bbox.x0);
  const cells: OcrWord[][] = [];
  let right = Number.NEGATIVE_INFINITY;
  let gapMark = false;
  for (const [i, word] of sorted.entries()) {
    const next = sorted[i + 1];
    if (GAP_MARK.test(word.text) && cells.length > 0 && next && next.bbox.x0 - right > cellGap) {
      gapMark = true;
      continue;
    }
    const cell = cells.at(-1);
    if (cell && !gapMark && word.bbox.x0 - right <= cellGap) cell.push(word);
    else cells.push([word]);
    right = Math.max(right, word.bbox.x1);
    gapMark = false;
  }
  const texts = cells.map((cell) =>
    cell.some(unreadableFigure) ? undefined : cell.map((word) => word.text).join(' '),
  );
  const unreadable = texts.includes(undefined);
  // An unreadable cell of a table stays as an empty cell, so that the columns keep their places.
  const kept =
    cells.length === 1 ? texts.filter((t) => t !== undefined) : texts.map((t) => t ?? '');
  return { text: kept.join('\t'), unreadable };
}

function unite(a: Box, b: Box): Box {
  return {
    x0: Math.min(a.x0, b.x0),
    y0: Math.min(a.y0, b.y0),
    x1: Math.max(a.x1, b.x1),
    y1: Math.max(a.y1, b.y1),
  };
}

/**
 * Rebuilds the printed rows of one page from tesseract's lines: lines that tesseract put in
 * different blocks (table columns) but that share a row are joined, a wide gap becomes a tab,
 * and a prose line that runs to the right margin is joined with the next line of its paragraph.
 */
export function linesFromOcr(
  page: OcrPage,
  imageWidth: number,
): { lines: string[]; unreadable: number } {
  const paragraphs: OcrLine[][] = [];
  const blocks = page.blocks ?? [];
  const { digitGap, digitWidth } = digitMetrics(
    blocks.flatMap((b) => b.paragraphs.flatMap((p) => p.lines.flatMap((l) => l.words))),
  );
  for (const block of blocks) {
    for (const paragraph of block.paragraphs) {
      const lines: OcrLine[] = [];
      for (const line of paragraph.lines) {
        const words = line.words
          .map((word) => ({ ...word, text: cleanWord(word.text) }))
          .filter((word) => word.text !== '')
          .flatMap((word) => splitGroups(word, digitGap, digitWidth));
        if (words.length > 0) lines.push({ words, bbox: line.bbox });
      }
      if (lines.length > 0) paragraphs.push(lines);
    }
  }
  const all = paragraphs.flat();
  const charWidths = all.flatMap((line) =>
    line.words
      .filter((word) => word.text.length >= 3)
      .map((word) => (word.bbox.x1 - word.bbox.x0) / word.text.length),
  );
  const charWidth = median(charWidths) || 10;
  const cellGap = CELL_GAP_CHARS * charWidth;
  // Only a page with lines across most of its width has a right margin that prose wraps at.
  const widest = Math.max(...all.map((line) => line.bbox.x1));
  const margin = widest >= PROSE_WIDTH * imageWidth ? widest : Number.POSITIVE_INFINITY;
  const rows: OcrLine[] = [];
  for (const line of [...all].sort((a, b) => a.bbox.y0 - b.bbox.y0)) {
    const row = rows.find(
      (r) => sameRow(r.bbox, line.bbox) && (line.bbox.x0 >= r.bbox.x1 || line.bbox.x1 <= r.bbox.x0),
    );
    if (row) {
      row.words.push(...line.words);
      row.bbox = unite(row.bbox, line.bbox);
    } else {
      rows.push({ words: [...line.words], bbox: { ...line.bbox } });
    }
  }
  // A line of one paragraph that reaches the margin and was not joined into a table row wrapped.
  const wrapped = new Set<OcrLine>();
  for (const lines of paragraphs) {
    for (const [i, line] of lines.entries()) {
      const next = lines[i + 1];
      if (next && line.bbox.x1 >= margin - WRAP_SLACK_CHARS * charWidth) wrapped.add(next);
    }
  }
  const texts: string[] = [];
  let unreadable = 0;
  for (const row of rows.sort((a, b) => a.bbox.y0 - b.bbox.y0)) {
    const joined = joinWords(row.words, cellGap);
    const { text } = joined;
    if (joined.unreadable) unreadable++;
    if (text === '') continue;
    const alone = !text.includes('\t');
    const previous = texts.length - 1;
    const lineOf = all.find(
      (line) => line.words[0] === row.words[0] && line.words.length === row.words.length,
    );
    if (
      alone &&
      lineOf &&
      wrapped.has(lineOf) &&
      !LINE_START.test(text) &&
      previous >= 0 &&
      !texts[previous]?.includes('\t')
    ) {
      texts[previous] = `${texts[previous]} ${text}`;
    } else {
      texts.push(text);
    }
  }
  return { lines: texts, unreadable };
}

interface OcrWorker {
  reinitialize(languages: string[], oem: number): Promise<unknown>;
  recognize(
    image: Uint8Array,
    options: Record<string, unknown>,
    output: Record<string, boolean>,
  ): Promise<{ data: OcrPage }>;
  terminate(): Promise<unknown>;
}

/** The models the first scan's language needs, when fewer than were given; else undefined. */
function narrowedModels(
  text: string,
  languages: readonly string[],
): { language: Language; models: string[] } | undefined {
  const language = detectLanguage(text);
  if (!language) return undefined;
  const models = MODELS_FOR[language].filter((model) => languages.includes(model));
  return models.length > 0 && models.length < languages.length ? { language, models } : undefined;
}

/** The finding for lines whose figures OCR could not read with confidence, by page. */
function unreadableCheck(byPage: Map<number, number>): Check {
  const count = [...byPage.values()].reduce((sum, n) => sum + n, 0);
  const pages = [...byPage.keys()];
  return readingCheck(
    'ocr-unreadable-lines',
    'warning',
    `${count} ${count === 1 ? 'line' : 'lines'} on page${pages.length === 1 ? '' : 's'} ${pages.join(', ')} held figures OCR could not read with confidence; they were left out. Check them against the scan.`,
  );
}

class TimeoutSignal {
  readonly ms: number;
  constructor(ms: number) {
    this.ms = ms;
  }
}

/**
 * Reads the given 1-based pages of a scanned PDF by OCR: the page's scan image(s), top to
 * bottom, each line with its page and `ocr: true`. Pages without an image, or with an image past
 * `MAX_IMAGE_PIXELS`, give no lines and a check. One tesseract worker serves the whole call.
 */
export async function ocrPdfPages(
  bytes: Uint8Array,
  pages: readonly number[],
  options: OcrOptions,
): Promise<ReadResult> {
  const { limits } = options;
  const languages = options.languages ?? OCR_LANGUAGES;
  const maxPixels = options.maxImagePixels ?? MAX_IMAGE_PIXELS;
  let worker: OcrWorker | undefined;
  let cancelled = false;
  let narrowed = (options.languages ?? OCR_LANGUAGES).length < 2;
  let timer: NodeJS.Timeout | undefined;

  const work = async (): Promise<ReadResult> => {
    const pdfjs = await getResolvedPDFJS();
    let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
    try {
      // PDF.js takes over the buffer it is given; a copy leaves the caller's bytes usable.
      pdf = await getDocumentProxy(bytes.slice(), {
        isOffscreenCanvasSupported: false,
        isImageDecoderSupported: false,
        verbosity: 0,
      });
    } catch (error: unknown) {
      if (error instanceof Error && error.name === 'PasswordException') {
        return readFailure('document-encrypted', 'The PDF needs a password to open.');
      }
      if (error instanceof Error) {
        return readFailure('document-unreadable', `The PDF could not be opened: ${error.message}`);
      }
      throw error;
    }
    try {
      const wanted = [...new Set(pages)].sort((a, b) => a - b);
      if (wanted.length > limits.maxPages) {
        return readFailure(
          'document-limit',
          `OCR of ${wanted.length} pages asked for; at most ${limits.maxPages} are read.`,
        );
      }
      const lines: ReadLine[] = [];
      const checks: Check[] = [];
      const unreadable = new Map<number, number>();
      for (const pageNumber of wanted) {
        if (cancelled) break;
        if (!Number.isInteger(pageNumber) || pageNumber < 1 || pageNumber > pdf.numPages) {
          checks.push(
            readingCheck(
              'ocr-page-missing',
              'warning',
              `Page ${pageNumber} was asked for OCR but the PDF has ${pdf.numPages} pages.`,
            ),
          );
          continue;
        }
        const page = (await pdf.getPage(pageNumber)) as unknown as PdfPage;
        const viewport = page.getViewport({ scale: 1 });
        const placed = await pageImages(page, pdfjs.OPS);
        const pageArea = viewport.width * viewport.height;
        const scans = placed
          .filter((image) => image.area >= MIN_PAGE_SHARE * pageArea)
          .sort((a, b) => b.top - a.top);
        if (scans.length === 0) {
          checks.push(
            readingCheck(
              'ocr-no-image',
              'warning',
              `Page ${pageNumber} has neither a text layer nor a scanned image; nothing was read from it.`,
            ),
          );
          continue;
        }
        for (const scan of scans) {
          const { width, height } = scan.raw;
          if (width * height > maxPixels) {
            checks.push(
              readingCheck(
                'ocr-image-too-large',
                'warning',
                `Page ${pageNumber} has a ${width}×${height} image (${Math.round((width * height) / 1e6)} megapixels), past the ${maxPixels / 1e6} read by OCR; it was skipped. Scan at 300 dpi or less.`,
              ),
            );
            continue;
          }
          const grey = toGrey(scan.raw);
          if (!grey) {
            checks.push(
              readingCheck(
                'ocr-image-unreadable',
                'warning',
                `Page ${pageNumber} has an image in a pixel format OCR does not read; it was skipped.`,
              ),
            );
            continue;
          }
          if (!worker) {
            const created = await createWorker([...languages], OEM.LSTM_ONLY, {
              langPath: options.langPath,
              cacheMethod: 'none',
              gzip: true,
            });
            // The deadline passed while the worker started; nothing else will stop it.
            if (cancelled) {
              await created.terminate();
              break;
            }
            worker = created as unknown as OcrWorker;
          }
          const ready = prepareScan({ width, height, grey });
          const image = pgm(ready.width, ready.height, ready.grey);
          let result = await worker.recognize(image, {}, { blocks: true, text: !narrowed });
          const narrowing = narrowed
            ? undefined
            : narrowedModels(result.data.text ?? '', languages);
          narrowed = true;
          if (narrowing && !cancelled) {
            const { language, models } = narrowing;
            // Read again with only the models of its language: mixed models confuse å/ä, Ö/O.
            await worker.reinitialize(models, OEM.LSTM_ONLY);
            result = await worker.recognize(image, {}, { blocks: true });
            checks.push(
              readingCheck(
                'ocr-languages',
                'info',
                `The scan reads as ${language}; OCR used the ${models.join('+')} models.`,
              ),
            );
          }
          const read = linesFromOcr(result.data, ready.width);
          for (const text of read.lines) lines.push({ text, page: pageNumber, ocr: true });
          if (read.unreadable > 0) unreadable.set(pageNumber, read.unreadable);
          if (lines.length > limits.maxLines) {
            return readFailure(
              'document-limit',
              `OCR read more than ${limits.maxLines} lines; the document is past the line limit.`,
            );
          }
        }
      }
      if (unreadable.size > 0) checks.push(unreadableCheck(unreadable));
      return { success: true, data: { format: 'pdf', lines, pages: pdf.numPages, checks } };
    } finally {
      await pdf.loadingTask.destroy();
    }
  };

  const deadline = new Promise<TimeoutSignal>((resolve) => {
    timer = setTimeout(() => resolve(new TimeoutSignal(limits.timeoutMs)), limits.timeoutMs);
  });
  const running = work();
  // After the deadline the stopped worker makes the abandoned run reject; nobody awaits it.
  running.catch(() => undefined);
  try {
    const outcome = await Promise.race([running, deadline]);
    if (outcome instanceof TimeoutSignal) {
      cancelled = true;
      return readFailure(
        'document-limit',
        `OCR of the scanned pages took longer than ${Math.round(outcome.ms / 1000)} s and was stopped.`,
      );
    }
    return outcome;
  } finally {
    clearTimeout(timer);
    await worker?.terminate();
  }
}
