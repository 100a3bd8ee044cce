import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { InfrastructureError } from '../errors.ts';
import type { OcrPages } from '../readers/intake.ts';
import type { ReadResult } from '../readers/reader.ts';
import { OcrResponseSchema } from '../schemas/ocr.ts';
import type { ObjectRef } from '../schemas/s3-event.ts';

/**
 * OCR by the OCR function, for one uploaded object: the function reads the object itself, so
 * only the page numbers travel, never the document.
 */
export function ocrByFunction(
  lambda: LambdaClient,
  functionName: string,
  object: ObjectRef,
): OcrPages {
  return async (_bytes, pages, limits): Promise<ReadResult> => {
    let payload: Uint8Array | undefined;
    let failed: string | undefined;
    try {
      const response = await lambda.send(
        new InvokeCommand({
          FunctionName: functionName,
          Payload: JSON.stringify({ object, pages, timeoutMs: limits.timeoutMs }),
        }),
      );
      payload = response.Payload;
      failed = response.FunctionError;
    } catch (error) {
      throw new InfrastructureError(`Invoke ${functionName}`, { cause: error });
    }
    const text = new TextDecoder().decode(payload ?? new Uint8Array());
    if (failed)
      throw new InfrastructureError(`${functionName} failed: ${failed} ${text.slice(0, 500)}`);
    const parsed = OcrResponseSchema.safeParse(JSON.parse(text));
    if (!parsed.success) {
      throw new InfrastructureError(`${functionName} answered with something else than OCR lines`);
    }
    return parsed.data;
  };
}
