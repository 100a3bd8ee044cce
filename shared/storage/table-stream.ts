import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import { InfrastructureError } from '../errors.ts';
import type { ClientOptions } from './clients.ts';

export type { StreamRecord };

export function createStreamsClient(options: ClientOptions = {}): DynamoDBStreamsClient {
  return new DynamoDBStreamsClient({
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.region ? { region: options.region } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
  });
}

function wrap<T>(operation: string, fn: () => Promise<T>): Promise<T> {
  return fn().catch((error: unknown) => {
    throw new InfrastructureError(operation, { cause: error });
  });
}

/** The ARN of the table's stream, or undefined when the table has none enabled. */
export async function tableStreamArn(
  ddb: DynamoDBClient,
  table: string,
): Promise<string | undefined> {
  const out = await wrap(`DescribeTable ${table}`, () =>
    ddb.send(new DescribeTableCommand({ TableName: table })),
  );
  return out.Table?.StreamSpecification?.StreamEnabled ? out.Table.LatestStreamArn : undefined;
}

export interface StreamShard {
  shardId: string;
  parentShardId?: string | undefined;
  /** No more records will be added: the shard has an ending sequence number. */
  closed: boolean;
}

export async function listStreamShards(
  streams: DynamoDBStreamsClient,
  streamArn: string,
): Promise<StreamShard[]> {
  const shards: StreamShard[] = [];
  let start: string | undefined;
  do {
    const out = await wrap('DescribeStream', () =>
      streams.send(
        new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: start }),
      ),
    );
    for (const shard of out.StreamDescription?.Shards ?? []) {
      if (!shard.ShardId) continue;
      shards.push({
        shardId: shard.ShardId,
        parentShardId: shard.ParentShardId,
        closed: shard.SequenceNumberRange?.EndingSequenceNumber !== undefined,
      });
    }
    start = out.StreamDescription?.LastEvaluatedShardId;
  } while (start);
  return shards;
}

export type ShardPosition =
  | { type: 'LATEST' | 'TRIM_HORIZON' }
  | { type: 'AFTER_SEQUENCE_NUMBER'; sequenceNumber: string };

export async function shardIterator(
  streams: DynamoDBStreamsClient,
  streamArn: string,
  shardId: string,
  position: ShardPosition,
): Promise<string | undefined> {
  const out = await wrap('GetShardIterator', () =>
    streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shardId,
        ShardIteratorType: position.type,
        ...(position.type === 'AFTER_SEQUENCE_NUMBER'
          ? { SequenceNumber: position.sequenceNumber }
          : {}),
      }),
    ),
  );
  return out.ShardIterator;
}

/** Reads the records after an iterator; `next` is undefined once a closed shard is exhausted. */
export async function readShard(
  streams: DynamoDBStreamsClient,
  iterator: string,
): Promise<{ records: StreamRecord[]; next?: string | undefined }> {
  const out = await wrap('GetRecords', () =>
    streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 100 })),
  );
  return { records: out.Records ?? [], next: out.NextShardIterator };
}
