import type { S3Client } from '@aws-sdk/client-s3';
import { DEFAULT_LIMITS, type ReadResult, readFailure } from '../readers/reader.ts';
import type { OcrRequest } from '../schemas/ocr.ts';
import { readObject } from '../storage/object-store.ts';

export interface OcrDeps {
  s3: S3Client;
  maxBytes: number;
  langPath: string;
}

/** Reads the requested pages of an uploaded scan by OCR (the OCR function's one job). */
export async function ocrObject(request: OcrRequest, deps: OcrDeps): Promise<ReadResult> {
  const read = await readObject(deps.s3, request.object, deps.maxBytes);
  if (!read.found) return readFailure('document-unreadable', read.reason);
  if (read.truncated) {
    return readFailure('document-too-large', `The document is over ${deps.maxBytes} bytes.`);
  }
  const { ocrPdfPages } = await import('../readers/ocr.ts');
  const limits = { ...DEFAULT_LIMITS, maxBytes: deps.maxBytes, timeoutMs: request.timeoutMs };
  return ocrPdfPages(new Uint8Array(read.bytes), request.pages, {
    langPath: deps.langPath,
    limits,
  });
}
