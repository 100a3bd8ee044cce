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

/** A lone rule or dash that the OCR reads inside a wide gap between table cells. */
const GAP_MARK = /^[|—]+$/;

function joinWords(words: OcrWord[], cellGap: number): string {
  const sorted = [...words].sort((a, b) => a.bbox.x0 - b.bbox.x0);
  let text = '';
  let right = Number.NEGATIVE_INFINITY;
  let gapMark = false;
  for (const [i, word] of sorted.entries()) {
    const next = sorted[i + 1];
    if (GAP_MARK.test(word.text) && text !== '' && next && next.bbox.x0 - right > cellGap) {
      gapMark = true;
      continue;
    }
    if (text !== '') text += gapMark || word.bbox.x0 - right > cellGap ? '\t' : ' ';
    text += word.text;
    right = Math.max(right, word.bbox.x1);
    gapMark = false;
  }
  return text;
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
export function linesFromOcr(page: OcrPage, imageWidth: number): string[] {
  const paragraphs: OcrLine[][] = [];
  for (const block of page.blocks ?? []) {
    for (const paragraph of block.paragraphs) {
      const lines: OcrLine[] = [];
      for (const line of paragraph.lines) {
        const words = line.words
          .map((word) => ({ ...word, text: cleanWord(word.text) }))
          .filter((word) => word.text !== '');
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
  for (const row of rows.sort((a, b) => a.bbox.y0 - b.bbox.y0)) {
    const text = joinWords(row.words, cellGap);
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
  return texts;
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
          const image = pgm(width, height, grey);
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
          for (const text of linesFromOcr(result.data, width)) {
            lines.push({ text, page: pageNumber, ocr: true });
          }
          if (lines.length > limits.maxLines) {
            return readFailure(
              'document-limit',
              `OCR read more than ${limits.maxLines} lines; the document is past the line limit.`,
            );
          }
        }
      }
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
