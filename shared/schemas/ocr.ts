import { ObjectRefSchema } from './s3-event.ts';
import * as z from './zod.ts';

/** What the extract function asks of the OCR function: these pages of this object. */
export const OcrRequestSchema = z.object({
  object: ObjectRefSchema,
  pages: z.array(z.int().check(z.positive())).check(z.minLength(1), z.maxLength(2000)),
  timeoutMs: z.int().check(z.positive()),
});
export type OcrRequest = z.infer<typeof OcrRequestSchema>;

const ReadLineSchema = z.object({
  text: z.string(),
  page: z.optional(z.int()),
  ocr: z.optional(z.literal(true)),
});

const CheckSchema = z.object({
  id: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  message: z.string(),
  fields: z.array(z.string()),
});

/** The OCR function's answer: the pages' lines, or why they could not be read. */
export const OcrResponseSchema = z.union([
  z.object({
    success: z.literal(true),
    data: z.object({
      format: z.literal('pdf'),
      lines: z.array(ReadLineSchema),
      checks: z.array(CheckSchema),
    }),
  }),
  z.object({
    success: z.literal(false),
    error: z.object({
      id: z.enum([
        'unsupported-format',
        'document-encrypted',
        'document-unreadable',
        'document-too-large',
        'document-limit',
        'no-text-layer',
      ]),
      message: z.string(),
    }),
  }),
]);
