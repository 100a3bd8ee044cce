import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ListTablesCommand,
  ResourceInUseException,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { createTableInput } from './table-definition.ts';

export async function listTables(ddb: DynamoDBClient): Promise<string[]> {
  return (await ddb.send(new ListTablesCommand({}))).TableNames ?? [];
}

const NEW_IMAGE_STREAM = { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } as const;

/**
 * Creates the report table from the shared definition; an existing table is kept. With
 * `stream`, the table has the stream the render function reads, an existing table included.
 */
export async function ensureTable(
  ddb: DynamoDBClient,
  tableName: string,
  options: { stream?: boolean } = {},
): Promise<void> {
  try {
    await ddb.send(
      new CreateTableCommand({
        ...createTableInput(tableName),
        ...(options.stream ? { StreamSpecification: NEW_IMAGE_STREAM } : {}),
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
    if (options.stream) await enableStream(ddb, tableName);
  }
}

async function enableStream(ddb: DynamoDBClient, tableName: string): Promise<void> {
  const out = await ddb.send(new DescribeTableCommand({ TableName: tableName }));
  if (out.Table?.StreamSpecification?.StreamEnabled) return;
  await ddb.send(
    new UpdateTableCommand({ TableName: tableName, StreamSpecification: NEW_IMAGE_STREAM }),
  );
}

export async function ensureBucket(s3: S3Client, bucket: string): Promise<void> {
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw error;
  }
}
