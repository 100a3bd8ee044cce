import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { type ExtractConfig, loadExtractConfig } from '../../shared/config.ts';
import { ingestMessage, recordFailure } from '../../shared/pipeline/ingest.ts';
import type { OcrPages } from '../../shared/readers/intake.ts';
import { ocrInProcess } from '../../shared/readers/ocr-in-process.ts';
import type { ObjectRef } from '../../shared/schemas/s3-event.ts';
import { createDynamoClient, createS3Client } from '../../shared/storage/clients.ts';
import type { ocrByFunction as OcrByFunction } from '../../shared/storage/ocr-function.ts';
import { MAX_RECEIVES } from '../../shared/storage/table-definition.ts';

const config = loadExtractConfig();
const logger = new Logger({ serviceName: 'extract' });
const deps = {
  s3: createS3Client({ forcePathStyle: config.S3_FORCE_PATH_STYLE }),
  ddb: createDynamoClient(),
  table: config.TABLE_NAME,
  maxBytes: config.MAX_DOCUMENT_BYTES,
  logger,
  ...ocrSetting(config),
};

/** Scans go to the OCR function on AWS, or are read in this process locally; else not read. */
function ocrSetting({ OCR_FUNCTION_NAME: name, OCR_LANG_DIR: langDir }: ExtractConfig) {
  if (name) {
    // The Lambda client is loaded with the first scan, not at cold start.
    let client: Promise<{ ocrByFunction: typeof OcrByFunction; lambda: LambdaClient }> | undefined;
    const loadClient = async () => ({
      ocrByFunction: (await import('../../shared/storage/ocr-function.ts')).ocrByFunction,
      lambda: new (await import('@aws-sdk/client-lambda')).LambdaClient({}),
    });
    return {
      ocrFor:
        (object: ObjectRef): OcrPages =>
        async (bytes, pages, limits) => {
          client ??= loadClient();
          const { ocrByFunction, lambda } = await client;
          return ocrByFunction(lambda, name, object)(bytes, pages, limits);
        },
    };
  }
  if (langDir) {
    const ocr = ocrInProcess(langDir);
    return { ocrFor: () => ocr };
  }
  return {};
}

async function handleRecord(record: SQSRecord) {
  try {
    return await ingestMessage(record.body, record.messageId, deps);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    logger.warn('message failed', { messageId: record.messageId, reason });
    if (Number(record.attributes.ApproximateReceiveCount) >= MAX_RECEIVES) {
      await recordFailure(record.body, record.messageId, reason, deps).catch(() => undefined);
    }
    throw error;
  }
}

// A processor per invocation: its state belongs to one batch, even when batches run concurrently.
export const handler = middy<SQSEvent, unknown, Error, Context>().handler((event, context) =>
  processPartialResponse(event, handleRecord, new BatchProcessor(EventType.SQS), {
    context,
    processInParallel: false,
  }),
);
