import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { loadExtractConfig } from '../../shared/config.ts';
import { ingestMessage, recordFailure } from '../../shared/pipeline/ingest.ts';
import { createDynamoClient, createS3Client } from '../../shared/storage/clients.ts';
import { MAX_RECEIVES } from '../../shared/storage/table-definition.ts';

const config = loadExtractConfig();
const logger = new Logger({ serviceName: 'extract' });
const deps = {
  s3: createS3Client({ forcePathStyle: config.S3_FORCE_PATH_STYLE }),
  ddb: createDynamoClient(),
  table: config.TABLE_NAME,
  maxBytes: config.MAX_DOCUMENT_BYTES,
  logger,
};

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
