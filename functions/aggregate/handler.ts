import { Logger } from '@aws-lambda-powertools/logger';
import middy from '@middy/core';
import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { aggregateStreamRecords } from '../../shared/aggregates/stream.ts';
import { loadAggregateConfig } from '../../shared/config.ts';
import { createDynamoClient } from '../../shared/storage/clients.ts';

const config = loadAggregateConfig();
const logger = new Logger({ serviceName: 'aggregate' });
const deps = { ddb: createDynamoClient(), table: config.TABLE_NAME };

/**
 * One batch of the table stream's indicator-item records. The batch is worked as a whole (its
 * records only name items to look at again), so a failure fails the batch: the event source
 * retries it, halves it, and sends what keeps failing to its dead-letter queue.
 */
export const handler = middy<DynamoDBStreamEvent, unknown, Error, Context>().handler(
  async (event) => {
    const outcome = await aggregateStreamRecords(event.Records, deps);
    logger.info('aggregates updated', { ...outcome });
    return outcome;
  },
);
