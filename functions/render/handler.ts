import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import middy from '@middy/core';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { loadRenderConfig } from '../../shared/config.ts';
import { renderStreamRecord } from '../../shared/pipeline/final-report.ts';
import { loadFonts } from '../../shared/rendering/fonts.ts';
import { createDynamoClient, createS3Client } from '../../shared/storage/clients.ts';
import { linePublisher, snsPublisher } from '../../shared/storage/final-report-events.ts';
import { createSnsClient } from '../../shared/storage/messaging-clients.ts';

const config = loadRenderConfig();
const logger = new Logger({ serviceName: 'render' });
const topic = config.FINAL_REPORT_TOPIC_ARN;
const deps = {
  s3: createS3Client({ forcePathStyle: config.S3_FORCE_PATH_STYLE }),
  ddb: createDynamoClient(),
  table: config.TABLE_NAME,
  outbox: config.OUTBOX_BUCKET,
  fonts: loadFonts(config.FONT_DIR),
  authorityLanguages: config.AUTHORITY_LANGUAGES,
  timeZone: config.EPM_TIME_ZONE,
  publish: topic
    ? snsPublisher(createSnsClient(), topic)
    : linePublisher((line) => process.stderr.write(`${line}\n`)),
  logger,
};
const processor = new BatchProcessor(EventType.DynamoDBStreams);

async function handleRecord(record: DynamoDBRecord) {
  try {
    return await renderStreamRecord(record, () => new Date(), deps);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    logger.warn('record failed', { eventId: record.eventID, reason });
    throw error;
  }
}

export const handler = middy<DynamoDBStreamEvent, unknown, Error, Context>().handler(
  (event, context) =>
    processPartialResponse(event, handleRecord, processor, { context, processInParallel: false }),
);
