import { withoutPersonalData } from '../parsing/contacts.ts';
import { normaliseText, tooLargeMessage } from '../parsing/decode.ts';
import { normaliseDigits } from '../parsing/numbers.ts';
import {
  type ExtractOptions,
  extractReadTextLoading,
  extractText,
  type LineOrigin,
  unreadableRecord,
} from '../parsing/record.ts';
import type { Check, ReportRecord } from '../schemas/report-record.ts';
import { sniffHtml } from './html-sniff.ts';
import {
  DEFAULT_LIMITS,
  type DocumentFormat,
  type ReadDocument,
  type Reader,
  type ReadLimits,
  type ReadLine,
  type ReadResult,
} from './reader.ts';
import { detectFormat } from './registry.ts';

/** Reads the pages of a scan by OCR; given where OCR is available (its own Lambda, or locally). */
export type OcrPages = (
  bytes: Uint8Array,
  pages: number[],
  limits: ReadLimits,
) => Promise<ReadResult>;

export interface DocumentOptions extends ExtractOptions {
  limits?: Partial<ReadLimits>;
  /** Without it, a page with no text layer is reported (`no-text-layer`), not read. */
  ocr?: OcrPages;
}

/** Each reader in its own module, loaded on first use so that the text path never pays for it. */
const READERS: Record<Exclude<DocumentFormat, 'text'>, () => Promise<Reader>> = {
  pdf: async () => (await import('./pdf.ts')).readPdf,
  docx: async () => (await import('./docx.ts')).readDocx,
  odt: async () => (await import('./odt.ts')).readOdt,
  xlsx: async () => (await import('./spreadsheet.ts')).readXlsx,
  ods: async () => (await import('./spreadsheet.ts')).readOds,
  html: async () => (await import('./html.ts')).readHtml,
};

const LINE_BREAKS = /[\n\r\f\v\u2028\u2029]/g;

/** The lines OCR read, put in page order among the lines of the text layer. */
function mergeByPage(text: ReadLine[], ocr: ReadLine[]): ReadLine[] {
  return [...text, ...ocr]
    .map((line, i) => ({ line, i }))
    .sort((a, b) => (a.line.page ?? 0) - (b.line.page ?? 0) || a.i - b.i)
    .map(({ line }) => line);
}

/** The text layer alone, with a finding that the scanned pages could not be read by OCR. */
function withoutOcr(read: ReadDocument, pages: number[], reason: string): ReadResult {
  const finding: Check = {
    id: 'ocr-failed',
    severity: 'warning',
    message: `Scanned page(s) ${pages.join(', ')} could not be read by OCR: ${reason}`,
    fields: [],
  };
  return { success: true, data: { ...read, checks: [...read.checks, finding] } };
}

async function withOcr(
  bytes: Uint8Array,
  read: ReadDocument,
  limits: ReadLimits,
  ocr: OcrPages | undefined,
): Promise<ReadResult> {
  const pages = read.scannedPages ?? [];
  if (pages.length === 0 || !ocr) return { success: true, data: read };
  const scanned = await ocr(bytes, pages, limits);
  if (!scanned.success) return withoutOcr(read, pages, scanned.error.message);
  return {
    success: true,
    data: {
      ...read,
      lines: mergeByPage(read.lines, scanned.data.lines),
      // The pages are read now; what OCR found about them replaces the missing-text finding.
      checks: [...read.checks.filter((c) => c.id !== 'no-text-layer'), ...scanned.data.checks],
    },
  };
}

/** A report record, and the read text its provenance lines point into (formats other than text). */
export interface ExtractedDocument {
  record: ReportRecord;
  readText?: string;
}

/** The record of a document a format reader has read. */
async function recordOfLines(
  bytes: Uint8Array,
  key: string,
  read: ReadDocument,
): Promise<ExtractedDocument> {
  // Ended by a line break: a reader's last line is whole, never a cut-off line of a truncated file.
  const joined = `${read.lines.map((l) => l.text.replace(LINE_BREAKS, ' ')).join('\n')}\n`;
  const normalised = normaliseText(joined);
  const source = { format: read.format, ...(read.pages ? { pages: read.pages } : {}) };
  if (normalised.trim().length === 0) {
    const scan = read.checks.find((c) => c.id === 'no-text-layer');
    const record = unreadableRecord(
      bytes,
      key,
      scan ?? {
        id: 'document-unreadable',
        message: `Document is ${read.format.toUpperCase()} but holds no text.`,
      },
      source,
    );
    return { record };
  }
  const { text, lines: digitLines } = normaliseDigits(normalised);
  const origins: Array<LineOrigin | undefined> = read.lines.map((l) =>
    l.page === undefined && l.sheet === undefined && !l.ocr
      ? undefined
      : {
          ...(l.page === undefined ? {} : { page: l.page }),
          ...(l.sheet === undefined ? {} : { sheet: l.sheet }),
          ...(l.cell === undefined ? {} : { cell: l.cell }),
          ...(l.ocr ? { ocr: true as const } : {}),
        },
  );
  const record = await extractReadTextLoading(bytes, key, {
    text,
    ...(read.encoding ? { encoding: read.encoding } : {}),
    findings: read.checks,
    digitLines,
    ...source,
    origins,
  });
  // Stored beside the original and shown to auditors: never with contact persons in it.
  return { record, readText: withoutPersonalData(text) };
}

function timeLimit(ms: number): { promise: Promise<ReadResult>; clear: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<ReadResult>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          success: false,
          error: {
            id: 'document-limit',
            message: `Reading the document took longer than ${Math.round(ms / 1000)} s, the limit; nothing was extracted.`,
          },
        }),
      ms,
    );
  });
  return { promise, clear: () => clearTimeout(timer) };
}

/** A document of a format other than text, read by its reader (and OCR for a scan's pages). */
async function readFormat(
  bytes: Uint8Array,
  format: Exclude<DocumentFormat, 'text'>,
  options: DocumentOptions,
): Promise<ReadResult> {
  const limits = {
    ...DEFAULT_LIMITS,
    ...options.limits,
    ...(options.maxBytes ? { maxBytes: options.maxBytes } : {}),
  };
  if (bytes.length > limits.maxBytes) {
    return {
      success: false,
      error: { id: 'document-too-large', message: tooLargeMessage(bytes.length, limits.maxBytes) },
    };
  }
  const read = await READERS[format]();
  // Libraries such as PDF.js refuse a Node Buffer; a plain copy also keeps the caller's bytes theirs.
  const plain = Buffer.isBuffer(bytes) ? new Uint8Array(bytes) : bytes;
  const deadline = timeLimit(limits.timeoutMs);
  let result: ReadResult;
  try {
    result = await Promise.race([read(plain, limits), deadline.promise]);
  } finally {
    deadline.clear();
  }
  if (!result.success) return result;
  const ocrDeadline = timeLimit(limits.ocrTimeoutMs);
  try {
    const ocrLimits = { ...limits, timeoutMs: limits.ocrTimeoutMs };
    const read = result.data;
    // Past its time, OCR leaves the text layer as it is, with a finding: never a lost report.
    const late = ocrDeadline.promise.then((timeout) =>
      timeout.success ? timeout : withoutOcr(read, read.scannedPages ?? [], timeout.error.message),
    );
    return await Promise.race([withOcr(plain, read, ocrLimits, options.ocr), late]);
  } finally {
    ocrDeadline.clear();
  }
}

/**
 * Turns an uploaded document of any supported format into a report record: the format is told
 * from the bytes, its reader gives lines with their origins, and the text extractor reads them.
 * Never throws for bad input: a document that cannot be read gives a record whose check says why.
 */
export async function extractDocument(
  bytes: Uint8Array,
  options: DocumentOptions = {},
): Promise<ReportRecord> {
  return (await extractDocumentWithText(bytes, options)).record;
}

/** `extractDocument`, with the read text a format reader gave, to be kept beside the original. */
export async function extractDocumentWithText(
  bytes: Uint8Array,
  options: DocumentOptions = {},
): Promise<ExtractedDocument> {
  const key = options.key ?? '';
  const detected = detectFormat(bytes, sniffHtml);
  if (!detected.readable) return { record: unreadableRecord(bytes, key, detected.error) };
  if (detected.format === 'text') return { record: await extractText(bytes, options) };
  const read = await readFormat(bytes, detected.format, options);
  if (!read.success) {
    return { record: unreadableRecord(bytes, key, read.error, { format: detected.format }) };
  }
  return recordOfLines(bytes, key, read.data);
}
