import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteTableCommand, type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import {
  type DynamoDbLocal,
  localDynamoClient,
  localS3Client,
  type S3Emulator,
  startDynamoDbLocal,
  startS3Emulator,
} from '../../shared/local/services.ts';
import type { IngestDeps } from '../../shared/pipeline/ingest.ts';
import { encodeS3Key } from '../../shared/schemas/s3-event.ts';
import { ensureBucket, ensureTable } from '../../shared/storage/provision.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export interface TestServices {
  dynamo: DynamoDbLocal;
  s3Emulator: S3Emulator;
  s3: S3Client;
  ddb: ReturnType<typeof localDynamoClient>;
  stop(): Promise<void>;
}

/** DynamoDB Local (in memory) and the S3 emulator (temporary folder) on free loopback ports. */
export async function startTestServices(): Promise<TestServices> {
  const dir = mkdtempSync(join(tmpdir(), 'epm-s3-'));
  const [dynamo, s3Emulator] = await Promise.all([
    startDynamoDbLocal(),
    startS3Emulator({ directory: dir }),
  ]);
  const s3 = localS3Client(s3Emulator.endpoint);
  const ddb = localDynamoClient(dynamo.endpoint);
  return {
    dynamo,
    s3Emulator,
    s3,
    ddb,
    async stop() {
      s3.destroy();
      ddb.destroy();
      await Promise.all([dynamo.stop(), s3Emulator.stop()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A uniquely named table and bucket for one test, and the ingest dependencies that use them. */
export async function freshStore(services: TestServices) {
  const id = randomUUID().slice(0, 8);
  const table = `reports-${id}`;
  const bucket = `inbox-${id}`;
  await ensureTable(services.ddb, table);
  await ensureBucket(services.s3, bucket);
  const logs: Array<{ message: string; extra: Record<string, unknown> }> = [];
  const deps: IngestDeps = {
    s3: services.s3,
    ddb: services.ddb,
    table,
    maxBytes: 10 * 1024 * 1024,
    logger: { info: (message, extra) => logs.push({ message, extra }) },
  };
  return {
    table,
    bucket,
    deps,
    logs,
    drop: () => services.ddb.send(new DeleteTableCommand({ TableName: table })),
  };
}

export async function putObject(
  s3: S3Client,
  bucket: string,
  key: string,
  body: Uint8Array | string,
) {
  const out = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  return { key, eTag: (out.ETag ?? '').replace(/"/g, '') };
}

/** An S3 → SQS message body as AWS writes it, key URL-encoded. */
export function s3EventBody(
  bucket: string,
  object: { key: string; eTag?: string; size?: number },
  eventTime: string,
  sequencer = '00',
): string {
  return JSON.stringify({
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: 'eu-north-1',
        eventTime,
        eventName: 'ObjectCreated:Put',
        s3: {
          bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` },
          object: { ...object, key: encodeS3Key(object.key), sequencer },
        },
      },
    ],
  });
}

/** Every item of a table, sorted, for comparing two tables by content. */
export async function scanTable(
  ddb: DynamoDBClient,
  table: string,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, never> | undefined;
  do {
    const out = await ddb.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
    items.push(...(out.Items ?? []).map((i) => unmarshall(i)));
    start = out.LastEvaluatedKey as Record<string, never> | undefined;
  } while (start);
  return items.sort((a, b) => `${a.PK}|${a.SK}`.localeCompare(`${b.PK}|${b.SK}`));
}
