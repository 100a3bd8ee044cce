import { constants, inflateSync } from 'node:zlib';
import type { PDFDocumentProxy, PDFPageProxy } from 'unpdf/pdfjs';
import {
  bodySize,
  buildLines,
  lineSpacing,
  type PageLines,
  pageText,
  removeFurniture,
  resolveBrokenWords,
  type TextRun,
} from './pdf-layout.ts';
import {
  type Reader,
  type ReadLimits,
  type ReadLine,
  type ReadResult,
  readFailure,
  readingCheck,
} from './reader.ts';

/** What reading a PDF gives: the result, and the pages that are images only (for OCR). */
export interface PdfLayout {
  result: ReadResult;
  /** 1-based pages with no text but images on them: scanned pages. */
  textlessPages: number[];
}

interface PdfJs {
  getDocument: typeof import('unpdf/pdfjs').getDocument;
  OPS: Record<string, number>;
}

const IMAGE_OPS = [
  'paintImageXObject',
  'paintInlineImageXObject',
  'paintImageMaskXObject',
  'paintImageXObjectRepeat',
  'paintImageMaskXObjectRepeat',
  'paintInlineImageXObjectGroup',
  'paintImageMaskXObjectGroup',
];

class TimedOut {}

interface Run {
  cancelled: boolean;
  destroy?: () => Promise<void>;
}

function pageRuns(items: readonly unknown[]): TextRun[] {
  const runs: TextRun[] = [];
  for (const item of items) {
    if (typeof item !== 'object' || item === null || !('str' in item) || !('transform' in item)) {
      continue;
    }
    const { str, transform, width } = item as { str: string; transform: number[]; width: number };
    const [a = 0, b = 0, c = 0, d = 0, x = 0, y = 0] = transform;
    if (str.trim() === '') continue;
    // Rotated text keeps its origin; its size is the length of the matrix's vertical vector.
    const size = Math.hypot(c, d) || Math.hypot(a, b);
    runs.push({ text: str.replace(/[\r\n]/gu, ' '), x, y, width, size });
  }
  return runs;
}

async function hasImages(page: PDFPageProxy, ops: Record<string, number>): Promise<boolean> {
  const list = await page.getOperatorList();
  const wanted = new Set(IMAGE_OPS.map((name) => ops[name]).filter((op) => op !== undefined));
  return list.fnArray.some((op) => wanted.has(op));
}

function failureOf(error: unknown): ReadResult {
  const name = error instanceof Object && 'name' in error ? String(error.name) : '';
  const message = error instanceof Object && 'message' in error ? String(error.message) : '';
  if (name === 'PasswordException') {
    return readFailure(
      'document-encrypted',
      'The PDF is protected by a password to open it; upload it without the password (print it to a new PDF or save a copy without protection).',
    );
  }
  if (name === 'InvalidPDFException') {
    return readFailure(
      'document-unreadable',
      `The file is not a readable PDF: ${message || 'its structure is broken'}. It may be truncated or damaged; export it again from the program that made it.`,
    );
  }
  return readFailure(
    'document-unreadable',
    `The PDF could not be read: ${message || name || 'unknown error'}. It may be damaged; export it again from the program that made it.`,
  );
}

async function readPages(
  pdfjs: PdfJs,
  bytes: Uint8Array,
  limits: ReadLimits,
  run: Run,
): Promise<PdfLayout> {
  const task = pdfjs.getDocument({
    // PDF.js may take over the buffer it is given; the caller keeps theirs.
    data: bytes.slice(),
    verbosity: 0,
    useSystemFonts: false,
    disableFontFace: true,
    stopAtErrors: false,
  });
  run.destroy = () => task.destroy();
  let doc: PDFDocumentProxy;
  try {
    doc = await task.promise;
  } catch (error) {
    return { result: failureOf(error), textlessPages: [] };
  }
  const pages: PageLines[] = [];
  const textlessPages: number[] = [];
  try {
    if (doc.numPages > limits.maxPages) {
      const message = `The PDF has ${doc.numPages} pages; at most ${limits.maxPages} are read.`;
      return { result: readFailure('document-limit', message), textlessPages: [] };
    }
    // A few pages are asked for ahead: PDF.js answers through messages, and the wait for one
    // page's text is spent on the next page's parsing.
    const ahead: Array<Promise<PageText>> = [];
    const ask = (number: number) => {
      if (number <= doc.numPages) ahead.push(textOfPage(doc, number));
    };
    for (let number = 1; number <= Math.min(PAGES_AHEAD, doc.numPages); number++) ask(number);
    for (let number = 1; number <= doc.numPages; number++) {
      if (run.cancelled) throw new TimedOut();
      const next = ahead.shift();
      if (!next) break;
      ask(number + PAGES_AHEAD);
      const { page, items } = await next;
      try {
        const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] = page.view;
        const runs = pageRuns(items).map((r) => ({ ...r, x: r.x - x0, y: r.y - y0 }));
        // Only the page's lines are kept; its text content is dropped with the page's caches.
        pages.push({ width: x1 - x0, height: y1 - y0, lines: buildLines(runs) });
        if (runs.length === 0 && (await hasImages(page, pdfjs.OPS))) textlessPages.push(number);
      } finally {
        page.cleanup();
      }
    }
  } catch (error) {
    if (error instanceof TimedOut) throw error;
    return { result: failureOf(error), textlessPages: [] };
  } finally {
    await task.destroy();
  }
  return { result: documentOf(pages, textlessPages, limits), textlessPages };
}

/** Pages whose text is asked for before the page being laid out is done. */
const PAGES_AHEAD = 3;

interface PageText {
  page: PDFPageProxy;
  items: Awaited<ReturnType<PDFPageProxy['getTextContent']>>['items'];
}

async function textOfPage(doc: PDFDocumentProxy, number: number): Promise<PageText> {
  const page = await doc.getPage(number);
  const { items } = await page.getTextContent();
  return { page, items };
}

function documentOf(pages: PageLines[], textless: number[], limits: ReadLimits): ReadResult {
  const lines: ReadLine[] = [];
  const bodies = removeFurniture(pages);
  const spacing = lineSpacing(bodies.map((page) => page.lines));
  const body = bodySize(bodies.map((page) => page.lines));
  bodies.forEach((page, index) => {
    for (const text of pageText(page, spacing, body)) lines.push({ text, page: index + 1 });
  });
  const texts = resolveBrokenWords(lines.map((line) => line.text));
  lines.forEach((line, i) => {
    line.text = texts[i] ?? line.text;
  });
  if (lines.length > limits.maxLines) {
    return readFailure(
      'document-limit',
      `The PDF has ${lines.length} lines of text; at most ${limits.maxLines} are read.`,
    );
  }
  const checks = [];
  if (textless.length > 0) {
    const list = textless.join(', ');
    const none = lines.length === 0;
    checks.push(
      readingCheck(
        'no-text-layer',
        none ? 'error' : 'warning',
        none
          ? `No page of the PDF has a text layer: page(s) ${list} are scanned images.`
          : `Page(s) ${list} have no text layer (scanned images); their text is not in the read text.`,
      ),
    );
  }
  return {
    success: true,
    data: {
      format: 'pdf',
      lines,
      pages: pages.length,
      checks,
      ...(textless.length > 0 ? { scannedPages: textless } : {}),
    },
  };
}

/** How far back from `stream` its dictionary with the /Filter is looked for. */
const DICTIONARY_REACH = 4096;

/**
 * Whether the PDF's Flate streams inflate to more than `budget` bytes together. Streams that do
 * not inflate (encrypted, damaged) are left for PDF.js to judge.
 */
export function flateExceeds(bytes: Uint8Array, budget: number): boolean {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let total = 0;
  let at = 0;
  for (;;) {
    const keyword = buffer.indexOf('stream', at, 'latin1');
    if (keyword < 0) return false;
    at = keyword + 6;
    if (buffer[keyword - 1] === 0x64) continue;
    const head = buffer.toString('latin1', Math.max(0, keyword - DICTIONARY_REACH), keyword);
    if (!head.slice(head.lastIndexOf('obj')).includes('/FlateDecode')) continue;
    let start = at;
    if (buffer[start] === 0x0d) start++;
    if (buffer[start] === 0x0a) start++;
    const end = buffer.indexOf('endstream', start, 'latin1');
    const data = buffer.subarray(start, end < 0 ? buffer.length : end);
    at = end < 0 ? buffer.length : end + 9;
    try {
      // A sync flush also inflates a stream cut short, as PDF.js would.
      const out = inflateSync(data, {
        maxOutputLength: budget - total + 1,
        finishFlush: constants.Z_SYNC_FLUSH,
      });
      total += out.byteLength;
    } catch (error) {
      if (error instanceof RangeError) return true;
      continue;
    }
    if (total > budget) return true;
  }
}

/**
 * Reads a PDF's text layer in reading order (lines by baseline, columns one after another,
 * running headers, footers and page numbers removed) and lists its scanned pages. Never throws
 * for a bad document; stops after `limits.timeoutMs`.
 */
export async function readPdfLayout(bytes: Uint8Array, limits: ReadLimits): Promise<PdfLayout> {
  if (bytes.byteLength > limits.maxBytes) {
    return {
      result: readFailure(
        'document-too-large',
        `The PDF is ${bytes.byteLength} bytes; the limit is ${limits.maxBytes}.`,
      ),
      textlessPages: [],
    };
  }
  if (flateExceeds(bytes, limits.maxUnzippedBytes)) {
    return {
      result: readFailure(
        'document-limit',
        `The PDF's compressed streams inflate past ${limits.maxUnzippedBytes} bytes; it is refused as a possible decompression bomb.`,
      ),
      textlessPages: [],
    };
  }
  const pdfjs: PdfJs = await (await import('unpdf')).getResolvedPDFJS();
  const run: Run = { cancelled: false };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), limits.timeoutMs);
  });
  const work = readPages(pdfjs, bytes, limits, run);
  // The work settles after a timeout too; its late failure must not go unhandled.
  work.catch(() => undefined);
  try {
    const outcome = await Promise.race([work, timeout]);
    if (outcome !== 'timeout') return outcome;
  } catch (error) {
    if (!(error instanceof TimedOut)) throw error;
  } finally {
    clearTimeout(timer);
  }
  run.cancelled = true;
  await run.destroy?.().catch(() => undefined);
  return {
    result: readFailure(
      'document-limit',
      `Reading the PDF took longer than ${limits.timeoutMs / 1000} s and was stopped.`,
    ),
    textlessPages: [],
  };
}

export const readPdf: Reader = async (bytes, limits) => (await readPdfLayout(bytes, limits)).result;
