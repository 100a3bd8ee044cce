import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { loadOcrConfig } from '../../shared/config.ts';
import { ocrObject } from '../../shared/pipeline/ocr-object.ts';
import { OcrRequestSchema } from '../../shared/schemas/ocr.ts';
import { createS3Client } from '../../shared/storage/clients.ts';

const config = loadOcrConfig();
const deps = {
  s3: createS3Client({ forcePathStyle: config.S3_FORCE_PATH_STYLE }),
  maxBytes: config.MAX_DOCUMENT_BYTES,
  langPath: config.OCR_LANG_PATH,
};

/** Invoked by the extract function for the pages of a scan that have no text layer. */
export const handler = middy<unknown, unknown, Error, Context>().handler((event) =>
  ocrObject(OcrRequestSchema.parse(event), deps),
);
