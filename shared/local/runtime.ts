import { appendFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { aggregateStreamHandler, needsAggregation } from '../aggregates/stream.ts';
import { needsFinalReport } from '../pipeline/final-report.ts';
import { encodeS3Key } from '../schemas/s3-event.ts';
import { ensureBucket, ensureTable } from '../storage/provision.ts';
import { INBOX_PREFIX } from '../storage/table-definition.ts';
import { localContext } from './lambda-context.ts';
import { type BatchHandler, LocalQueue } from './queue.ts';
import {
  type DynamoDbLocal,
  LOCAL_AWS,
  localDynamoClient,
  localS3Client,
  localStreamsClient,
  type S3Emulator,
  startDynamoDbLocal,
  startS3Emulator,
} from './services.ts';
import { LocalStreamPoller, type StreamPollerOptions } from './stream-poller.ts';

export interface LocalRuntimeOptions {
  dataDir: string;
  tableName?: string;
  inboxBucket?: string;
  /** Where the render function writes final reports (default `epm-outbox`). */
  outboxBucket?: string;
  /** Run the render function on the table stream (default); off for commands that only read. */
  renderFinalReports?: boolean;
  /** Run the aggregate function on the table stream; by default where render runs. */
  aggregates?: boolean;
  /** Keep DynamoDB in memory instead of under `dataDir` (tests). */
  inMemory?: boolean;
  logLevel?: string;
  /** Print the functions' events (final report ready) on stderr (default); else only log them. */
  printEvents?: boolean;
  /** Fault injection: runs before the render function gets each record; a throw fails it. */
  beforeRender?: StreamPollerOptions['beforeDeliver'];
}

export interface LocalRuntime {
  dataDir: string;
  tableName: string;
  inboxBucket: string;
  outboxBucket: string;
  dynamo: DynamoDbLocal;
  s3Emulator: S3Emulator;
  s3: S3Client;
  ddb: DynamoDBClient;
  queue: LocalQueue;
  dlqPath: string;
  /** Table stream records the render function kept failing on, for `epm redrive`. */
  streamDlqPath: string;
  poller: LocalStreamPoller;
  /** Final reports: resolves once every stored version seen so far has been rendered. */
  renders: { drained(): Promise<void> };
  /** Aggregates: resolves once every indicator change seen so far is counted. */
  aggregates: { drained(): Promise<void> };
  /** Restarts DynamoDB Local on the same port and data (fault injection). */
  restartDynamo(): Promise<void>;
  /** Restarts the S3 emulator on the same port and folder (fault injection). */
  restartS3(): Promise<void>;
  stop(): Promise<void>;
}

interface S3rverEvent {
  Records: Array<{
    eventName: string;
    eventTime: string;
    s3: {
      bucket: { name: string };
      object: { key: string; size?: number; eTag?: string; sequencer?: string };
    };
  }>;
}

/** An emulator event as AWS would send it: key URL-encoded (space as `+`), real region and ARN. */
export function toAwsNotification(event: S3rverEvent, region: string): string {
  return JSON.stringify({
    Records: event.Records.map((r) => ({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: region,
      eventTime: r.eventTime,
      eventName: r.eventName,
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'incoming',
        bucket: { name: r.s3.bucket.name, arn: `arn:aws:s3:::${r.s3.bucket.name}` },
        object: { ...r.s3.object, key: encodeS3Key(r.s3.object.key) },
      },
    })),
  });
}

/** Sets the environment the functions read at cold start, pointing them at local services. */
function configureFunctionEnv(
  runtime: {
    tableName: string;
    inboxBucket: string;
    outboxBucket: string;
    dynamo: string;
    s3: string;
    dataDir: string;
  },
  logLevel: string,
) {
  Object.assign(process.env, {
    TABLE_NAME: runtime.tableName,
    INBOX_BUCKET: runtime.inboxBucket,
    OUTBOX_BUCKET: runtime.outboxBucket,
    AWS_ENDPOINT_URL_DYNAMODB: runtime.dynamo,
    AWS_ENDPOINT_URL_S3: runtime.s3,
    S3_FORCE_PATH_STYLE: 'true',
    AWS_REGION: LOCAL_AWS.region,
    AWS_ACCESS_KEY_ID: LOCAL_AWS.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_AWS.credentials.secretAccessKey,
    POWERTOOLS_LOG_LEVEL: logLevel,
    POWERTOOLS_SERVICE_NAME: 'extract',
    // Scans are read by OCR in this process; the language data is gathered here once.
    OCR_LANG_DIR: join(runtime.dataDir, 'ocr-languages'),
  });
}

/** How the render function's stand-in for its topic prints an event (see `linePublisher`). */
const EVENT_LINE = 'epm: final report ready';

/**
 * Routes the function's JSON log lines (stdout, as in Lambda) to `logs.jsonl`, the local stand-in
 * for CloudWatch Logs, and hands failure reasons to the queue for its dead-letter entries.
 */
function captureFunctionLogs(path: string, queue: LocalQueue, printEvents: boolean): () => void {
  const restore = [process.stdout, process.stderr].map((stream) => {
    const write = stream.write.bind(stream);
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      if (!printEvents && text.startsWith(EVENT_LINE)) {
        appendFileSync(
          path,
          `${JSON.stringify({ level: 'INFO', message: text.slice(5).trim(), service: 'local-runtime', timestamp: new Date().toISOString() })}\n`,
        );
        return true;
      }
      if (!text.startsWith('{"level"')) {
        return (write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
      }
      appendFileSync(path, text.endsWith('\n') ? text : `${text}\n`);
      noteFailure(text, queue);
      return true;
    }) as typeof stream.write;
    return () => {
      stream.write = write;
    };
  });
  return () => {
    for (const release of restore) release();
  };
}

function noteFailure(logLine: string, queue: LocalQueue): void {
  try {
    const line = JSON.parse(logLine) as { message?: string; messageId?: string; reason?: string };
    if (line.message === 'message failed' && line.messageId && line.reason) {
      queue.noteFailure(line.messageId, line.reason);
    }
  } catch {
    // A log line that is not JSON is kept in the file as it is.
  }
}

/** Appends a line in the functions' log format, for what the local event sources notice. */
function logProblem(path: string, message: string, detail: Record<string, unknown>): void {
  appendFileSync(
    path,
    `${JSON.stringify({ level: 'WARN', message, service: 'local-runtime', timestamp: new Date().toISOString(), ...detail })}\n`,
  );
}

/**
 * Starts the whole pipeline on one machine: DynamoDB Local and the S3 emulator on free loopback
 * ports, the table and buckets from the shared definitions, the extract function fed with the
 * emulator's object-created events as SQS batches, and the render function fed with the table
 * stream's new report versions.
 */
export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const dataDir = resolve(options.dataDir);
  const tableName = options.tableName ?? 'epm-reports';
  const inboxBucket = options.inboxBucket ?? 'epm-inbox';
  const outboxBucket = options.outboxBucket ?? 'epm-outbox';
  const render = options.renderFinalReports ?? true;
  const aggregates = options.aggregates ?? render;
  mkdirSync(join(dataDir, 's3'), { recursive: true });
  mkdirSync(join(dataDir, 'dynamodb'), { recursive: true });
  const dbPath = options.inMemory ? undefined : join(dataDir, 'dynamodb');
  let dynamo = await startDynamoDbLocal(dbPath ? { dbPath } : {});
  let s3Emulator = await startS3Emulator({ directory: join(dataDir, 's3') }).catch(
    async (error: unknown) => {
      await dynamo.stop();
      throw error;
    },
  );
  const s3 = localS3Client(s3Emulator.endpoint);
  const ddb = localDynamoClient(dynamo.endpoint);
  try {
    await ensureTable(ddb, tableName, { stream: render || aggregates });
    await ensureBucket(s3, inboxBucket);
    await ensureBucket(s3, outboxBucket);
  } catch (error) {
    await Promise.all([dynamo.stop(), s3Emulator.stop()]);
    throw error;
  }

  const dlqPath = join(dataDir, 'dlq.jsonl');
  const queue = new LocalQueue({ dlqPath });
  configureFunctionEnv(
    {
      tableName,
      inboxBucket,
      outboxBucket,
      dynamo: dynamo.endpoint,
      s3: s3Emulator.endpoint,
      dataDir,
    },
    options.logLevel ?? 'INFO',
  );
  const logPath = join(dataDir, 'logs.jsonl');
  const releaseLogs = captureFunctionLogs(logPath, queue, options.printEvents ?? true);
  const { handler } = await import('../../functions/extract/handler.ts');
  const context = localContext('extract');

  // One attempt per call: the poller retries on its own schedule, also through an outage.
  const streams = localStreamsClient(dynamo.endpoint, 1);
  const streamDdb = localDynamoClient(dynamo.endpoint, 1);
  const poller = new LocalStreamPoller({
    streams,
    ddb: streamDdb,
    table: tableName,
    region: LOCAL_AWS.region,
    filter: needsFinalReport,
    onProblem: (message, detail) => logProblem(logPath, message, detail),
    deadLetterPath: join(dataDir, 'stream-dlq.jsonl'),
    ...(options.beforeRender ? { beforeDeliver: options.beforeRender } : {}),
  });
  // The aggregate function on the same stream, with batches as large as the deployed one's.
  const aggregatePoller = new LocalStreamPoller({
    streams,
    ddb: streamDdb,
    table: tableName,
    region: LOCAL_AWS.region,
    filter: needsAggregation,
    batchSize: 1_000,
    // A record only names an item to look at again: retrying it is always safe.
    maxAttempts: 10,
    onProblem: (message, detail) => logProblem(logPath, `aggregates: ${message}`, detail),
    deadLetterPath: join(dataDir, 'aggregate-dlq.jsonl'),
  });
  if (aggregates) {
    await aggregatePoller.start(aggregateStreamHandler({ ddb: streamDdb, table: tableName }));
  }
  if (render) {
    const renderFunction = await import('../../functions/render/handler.ts');
    const renderContext = localContext('render');
    await poller.start((event) => renderFunction.handler(event, renderContext));
  }

  const batchHandler: BatchHandler = (event) => handler(event, context);
  queue.start(batchHandler);
  const forward = (event: S3rverEvent) => {
    const record = event.Records[0];
    if (
      !record?.eventName.startsWith('ObjectCreated') ||
      !record.s3.object.key.startsWith(INBOX_PREFIX)
    )
      return;
    queue.send(toAwsNotification(event, LOCAL_AWS.region));
  };
  s3Emulator.server.on('event', forward);

  return {
    dataDir,
    tableName,
    inboxBucket,
    outboxBucket,
    get dynamo() {
      return dynamo;
    },
    get s3Emulator() {
      return s3Emulator;
    },
    s3,
    ddb,
    queue,
    dlqPath,
    streamDlqPath: join(dataDir, 'stream-dlq.jsonl'),
    poller,
    renders: { drained: () => (render ? poller.drained() : Promise.resolve()) },
    aggregates: {
      drained: () => (aggregates ? aggregatePoller.drained() : Promise.resolve()),
    },
    async restartDynamo() {
      await dynamo.stop();
      dynamo = await startDynamoDbLocal({ port: dynamo.port, ...(dbPath ? { dbPath } : {}) });
    },
    async restartS3() {
      await s3Emulator.stop().catch(() => undefined);
      s3Emulator = await startS3Emulator({ port: s3Emulator.port, directory: join(dataDir, 's3') });
      s3Emulator.server.on('event', forward);
    },
    async stop() {
      queue.stop();
      await poller.stop();
      // The last writes' records are counted before the poller goes: a later start reads from
      // the stream's end. Bounded, so that a stop while DynamoDB is gone still ends.
      if (aggregates) {
        await Promise.race([
          aggregatePoller.drained(),
          new Promise((resolve) => setTimeout(resolve, 30_000).unref()),
        ]);
      }
      await aggregatePoller.stop();
      streams.destroy();
      streamDdb.destroy();
      releaseLogs();
      s3.destroy();
      ddb.destroy();
      await Promise.all([dynamo.stop(), s3Emulator.stop()]);
    },
  };
}
