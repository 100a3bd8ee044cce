import type { Check, Encoding, SourceFormat } from '../schemas/report-record.ts';

/** The formats a report is read from; `text` is plain text in any of the supported encodings. */
export type DocumentFormat = SourceFormat;

/**
 * One line of a document's read text and where it came from. A table row is one line with its
 * cells joined by a tab, so that `label<TAB>value` reads like `Label: value`.
 */
export interface ReadLine {
  /** The line's text: no line breaks inside. */
  text: string;
  /** 1-based PDF page. */
  page?: number;
  /** Spreadsheet sheet name, and the first cell of the row (`B7`). */
  sheet?: string;
  cell?: string;
  /** Read by OCR from an image of the page, not from a text layer. */
  ocr?: true;
}

/** Bounds on the work one document may cause; past any of them a reader stops with `limit`. */
export interface ReadLimits {
  maxBytes: number;
  /** PDF pages. */
  maxPages: number;
  /** Entries of a ZIP container (DOCX, XLSX, ODT, ODS). */
  maxZipEntries: number;
  /** Sum of a ZIP container's uncompressed entry sizes. */
  maxUnzippedBytes: number;
  /** Largest ratio of an entry's uncompressed to compressed size. */
  maxCompressionRatio: number;
  /** Spreadsheet cells read, over all sheets. */
  maxCells: number;
  /** Lines of read text. */
  maxLines: number;
  /** Wall-clock time for reading one document. */
  timeoutMs: number;
  /** Wall-clock time for reading the scanned pages of one document by OCR. */
  ocrTimeoutMs: number;
}

export const DEFAULT_LIMITS: ReadLimits = {
  maxBytes: 10 * 1024 * 1024,
  maxPages: 500,
  maxZipEntries: 2_000,
  maxUnzippedBytes: 100 * 1024 * 1024,
  maxCompressionRatio: 200,
  maxCells: 1_000_000,
  maxLines: 200_000,
  timeoutMs: 60_000,
  ocrTimeoutMs: 240_000,
};

/** What a reader gives back: the document's lines, and what it had to guess, repair or skip. */
export interface ReadDocument {
  format: DocumentFormat;
  lines: ReadLine[];
  /** Number of pages (PDF). */
  pages?: number;
  /** The character encoding of a text or HTML document. */
  encoding?: Encoding;
  /** Pages with images but no text layer (PDF): the pages OCR is for. */
  scannedPages?: number[];
  /** Findings about the reading itself (a page without a text layer, a skipped part). */
  checks: Check[];
}

/**
 * Why a document could not be read, as the id of the check its record carries:
 * - `unsupported-format`: a format no reader takes (legacy `.doc`, an image, an archive);
 * - `document-encrypted`: it needs a password to open;
 * - `document-unreadable`: it claims a supported format but is damaged or malformed;
 * - `document-too-large`, `document-limit`: it is past one of the `ReadLimits`;
 * - `no-text-layer`: a scan whose pages have no text and could not be read by OCR.
 */
export type ReadFailureId =
  | 'unsupported-format'
  | 'document-encrypted'
  | 'document-unreadable'
  | 'document-too-large'
  | 'document-limit'
  | 'no-text-layer';

export interface ReadFailure {
  id: ReadFailureId;
  /** A plain statement of what was found and what to upload instead. */
  message: string;
}

export type ReadResult =
  | { success: true; data: ReadDocument }
  | { success: false; error: ReadFailure };

/** Reads one format; never throws for bad input, only for bugs. */
export type Reader = (bytes: Uint8Array, limits: ReadLimits) => Promise<ReadResult>;

export function readFailure(id: ReadFailureId, message: string): ReadResult {
  return { success: false, error: { id, message } };
}

export function readingCheck(id: string, severity: Check['severity'], message: string): Check {
  return { id, severity, message, fields: [] };
}
