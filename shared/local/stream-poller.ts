import { appendFile, readFile, writeFile } from 'node:fs/promises';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AttributeValue, DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type {
  DynamoDBBatchResponse,
  DynamoDBRecord,
  DynamoDBStreamEvent,
  AttributeValue as LambdaAttributeValue,
} from 'aws-lambda';
import {
  listStreamShards,
  readShard,
  type ShardPosition,
  type StreamRecord,
  shardIterator,
  tableStreamArn,
} from '../storage/table-stream.ts';

export type StreamHandler = (
  event: DynamoDBStreamEvent,
) => Promise<DynamoDBBatchResponse | undefined | unknown>;

export interface StreamPollerOptions {
  streams: DynamoDBStreamsClient;
  ddb: DynamoDBClient;
  table: string;
  region: string;
  /** Which records reach the handler, as an event source mapping's filter decides in AWS. */
  filter: (record: DynamoDBRecord) => boolean;
  /** Deliveries of a failing record before it is dead-lettered. */
  maxAttempts?: number;
  /**
   * Records read from a shard, as long as it has more, before they are delivered as one batch
   * (Lambda's batch size); default 100, one read.
   */
  batchSize?: number;
  intervalMs?: number;
  /** Delay before a failed record is delivered again; grows with each attempt. */
  retryDelayMs?: number;
  /** JSON Lines file of the records given up, so `epm redrive` can deliver them again. */
  deadLetterPath?: string;
  /** Fault injection: runs before the function gets each record; a throw fails that record. */
  beforeDeliver?: (record: DynamoDBRecord) => void;
  /** Told about poll errors and records given up; the poller itself keeps going. */
  onProblem: (message: string, detail: Record<string, unknown>) => void;
}

/** A table stream record given up after its retries, with the reason it kept failing. */
export interface StreamDeadLetter {
  eventId?: string | undefined;
  sequenceNumber?: string | undefined;
  /** The report version the record carries, when it carries one. */
  sha256?: string | undefined;
  /** The record as the function gets it; absent when it could not be put in that shape. */
  record?: DynamoDBRecord | undefined;
  /** The record as the stream gave it, when it could not be put in the function's shape. */
  raw?: StreamRecord | undefined;
  attempts: number;
  reason: string;
  deadAt: string;
}

export async function readStreamDeadLetters(path: string): Promise<StreamDeadLetter[]> {
  const text = await readFile(path, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as StreamDeadLetter);
}

export async function writeStreamDeadLetters(
  path: string,
  letters: StreamDeadLetter[],
): Promise<void> {
  await writeFile(path, letters.map((l) => `${JSON.stringify(l)}\n`).join(''));
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface ShardState {
  iterator?: string | undefined;
  /** Sequence number of the last record read, to resume after an outage. */
  last?: string | undefined;
  /** A closed shard read to its end. */
  done: boolean;
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

/** An attribute value as Lambda's JSON event spells it (binary as base64). */
function toLambdaValue(value: AttributeValue): LambdaAttributeValue {
  if (value.S !== undefined) return { S: value.S };
  if (value.N !== undefined) return { N: value.N };
  if (value.BOOL !== undefined) return { BOOL: value.BOOL };
  if (value.NULL !== undefined) return { NULL: value.NULL };
  if (value.SS !== undefined) return { SS: value.SS };
  if (value.NS !== undefined) return { NS: value.NS };
  if (value.B !== undefined) return { B: base64(value.B) };
  if (value.BS !== undefined) return { BS: value.BS.map(base64) };
  if (value.L !== undefined) return { L: value.L.map(toLambdaValue) };
  if (value.M !== undefined) return { M: toLambdaImage(value.M) };
  // The SDK reads an empty map attribute back as `{}`, without its type.
  if (Object.keys(value).length === 0) return { M: {} };
  throw new Error(`Stream image holds an attribute of unknown type: ${Object.keys(value).join()}`);
}

function toLambdaImage(
  image: Record<string, AttributeValue>,
): Record<string, LambdaAttributeValue> {
  return Object.fromEntries(Object.entries(image).map(([k, v]) => [k, toLambdaValue(v)]));
}

/** A stream record as Lambda delivers it: creation time in epoch seconds, the stream's ARN. */
export function toLambdaRecord(
  record: StreamRecord,
  streamArn: string,
  region: string,
): DynamoDBRecord {
  const d = record.dynamodb ?? {};
  const created = d.ApproximateCreationDateTime;
  return {
    ...(record.eventID ? { eventID: record.eventID } : {}),
    ...(record.eventName ? { eventName: record.eventName } : {}),
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: region,
    eventSourceARN: streamArn,
    dynamodb: {
      ...(created ? { ApproximateCreationDateTime: Math.floor(created.getTime() / 1000) } : {}),
      ...(d.Keys ? { Keys: toLambdaImage(d.Keys) } : {}),
      ...(d.NewImage ? { NewImage: toLambdaImage(d.NewImage) } : {}),
      ...(d.OldImage ? { OldImage: toLambdaImage(d.OldImage) } : {}),
      ...(d.SequenceNumber ? { SequenceNumber: d.SequenceNumber } : {}),
      ...(d.SizeBytes === undefined ? {} : { SizeBytes: d.SizeBytes }),
      ...(d.StreamViewType ? { StreamViewType: d.StreamViewType } : {}),
    },
  };
}

function failedIds(response: unknown): Set<string> {
  if (typeof response !== 'object' || response === null || !('batchItemFailures' in response)) {
    return new Set();
  }
  const failures = response.batchItemFailures;
  if (!Array.isArray(failures)) return new Set();
  return new Set(
    failures.flatMap((f: unknown) =>
      typeof f === 'object' && f !== null && 'itemIdentifier' in f
        ? [String(f.itemIdentifier)]
        : [],
    ),
  );
}

/**
 * The table stream's event source for the local runtime: polls DynamoDB Local Streams and hands
 * the filtered records to a function in Lambda's event shape, retrying partial batch failures.
 * Nothing invokes a function locally, so this stands in for the event source mapping.
 */
export class LocalStreamPoller {
  readonly #options: Required<StreamPollerOptions>;
  readonly #shards = new Map<string, ShardState>();
  #streamArn: string | undefined;
  #discover = true;
  #reset = false;
  #running = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  #round = 0;
  #inFlight = 0;
  #waiters: Array<{ after: number; resolve: () => void }> = [];
  #lastProblem = '';
  #handler: StreamHandler | undefined;

  constructor(options: StreamPollerOptions) {
    this.#options = {
      maxAttempts: 3,
      batchSize: 100,
      intervalMs: 100,
      retryDelayMs: 100,
      deadLetterPath: '',
      beforeDeliver: () => undefined,
      ...options,
    };
  }

  /** Opens the stream at its latest position, then polls until stopped. */
  async start(handler: StreamHandler): Promise<void> {
    if (this.#running) return;
    await this.#open();
    this.#handler = handler;
    this.#running = true;
    this.#loop = this.#run(handler);
  }

  /**
   * Delivers dead-lettered records to the function again, with the same retries; those that
   * fail again go back to the dead-letter file. Returns how many were delivered.
   */
  async redeliver(letters: StreamDeadLetter[]): Promise<number> {
    const handler = this.#handler;
    if (!handler) throw new Error('The stream poller has not been started');
    const { region } = this.#options;
    const records: DynamoDBRecord[] = [];
    for (const letter of letters) {
      if (letter.record) {
        records.push(letter.record);
        continue;
      }
      try {
        const raw = letter.raw ?? {};
        records.push(toLambdaRecord(raw, this.#streamArn ?? '', region));
      } catch (error) {
        await this.#deadLetter({ ...letter, reason: reasonOf(error) });
      }
    }
    this.#inFlight++;
    try {
      if (records.length > 0) await this.#deliver(handler, records);
    } finally {
      this.#inFlight--;
    }
    return records.length;
  }

  /** Resolves after a poll that began after this call found nothing new and nothing is running. */
  drained(): Promise<void> {
    return new Promise((resolve) => {
      this.#waiters.push({ after: this.#round, resolve });
      this.#wake?.();
    });
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#wake?.();
    await this.#loop;
    for (const waiter of this.#waiters) waiter.resolve();
    this.#waiters = [];
  }

  /**
   * Finds the stream's shards and positions an iterator on each new one: at the latest record
   * when the poller starts, at the start of a shard that appears later, and after the last
   * record read when resuming after an outage.
   */
  async #open(): Promise<void> {
    const { ddb, streams, table } = this.#options;
    const arn = await tableStreamArn(ddb, table);
    if (!arn) throw new Error(`Table ${table} has no stream enabled`);
    const starting = this.#streamArn === undefined;
    if (arn !== this.#streamArn) this.#shards.clear();
    this.#streamArn = arn;
    for (const shard of await listStreamShards(streams, arn)) {
      const known = this.#shards.get(shard.shardId);
      if (known && (known.done || !this.#reset)) continue;
      if (starting && shard.closed) continue;
      const position: ShardPosition = known?.last
        ? { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: known.last }
        : { type: starting || known ? 'LATEST' : 'TRIM_HORIZON' };
      const iterator = await shardIterator(streams, arn, shard.shardId, position);
      this.#shards.set(shard.shardId, { iterator, last: known?.last, done: false });
    }
    this.#discover = false;
    this.#reset = false;
  }

  async #run(handler: StreamHandler): Promise<void> {
    while (this.#running) {
      const round = ++this.#round;
      let delivered = 0;
      let failed = false;
      try {
        if (this.#discover || this.#reset) await this.#open();
        delivered = await this.#pollShards(handler);
        // A shard that appeared since the last look is read in this round, so that a quiet
        // round means nothing is left to read.
        if (delivered === 0 && this.#discover) {
          await this.#open();
          delivered = await this.#pollShards(handler);
        }
      } catch (error) {
        failed = true;
        this.#reset = true;
        const reason = error instanceof Error ? error.message : String(error);
        if (reason !== this.#lastProblem) this.#options.onProblem('stream poll failed', { reason });
        this.#lastProblem = reason;
      }
      if (!failed) this.#lastProblem = '';
      if (!failed && delivered === 0 && this.#inFlight === 0) {
        const ready = this.#waiters.filter((w) => w.after < round);
        this.#waiters = this.#waiters.filter((w) => w.after >= round);
        for (const waiter of ready) waiter.resolve();
      }
      if (delivered > 0) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, failed ? 500 : this.#options.intervalMs);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = undefined;
    }
  }

  async #pollShards(handler: StreamHandler): Promise<number> {
    const { streams, region } = this.#options;
    const arn = this.#streamArn ?? '';
    let read = 0;
    // A stream just enabled on an existing table gets its first shard with its first write.
    if (![...this.#shards.values()].some((s) => s.iterator && !s.done)) this.#discover = true;
    for (const state of this.#shards.values()) {
      if (!state.iterator || state.done) continue;
      const records: StreamRecord[] = [];
      const { batchSize } = this.#options;
      do {
        const read = await readShard(streams, state.iterator);
        records.push(...read.records);
        state.iterator = read.next;
        if (!read.next) {
          state.done = true;
          this.#discover = true;
        }
        if (read.records.length < 100) break;
      } while (state.iterator && records.length < batchSize);
      if (records.length === 0) continue;
      read += records.length;
      state.last = records.at(-1)?.dynamodb?.SequenceNumber ?? state.last;
      const delivered: DynamoDBRecord[] = [];
      // Each record on its own: one that cannot be read must not take the others with it.
      for (const raw of records) {
        try {
          const record = toLambdaRecord(raw, arn, region);
          if (this.#options.filter(record)) delivered.push(record);
        } catch (error) {
          await this.#deadLetter({
            eventId: raw.eventID,
            sequenceNumber: raw.dynamodb?.SequenceNumber,
            raw,
            attempts: 0,
            reason: reasonOf(error),
            deadAt: new Date().toISOString(),
          });
        }
      }
      if (delivered.length > 0) {
        this.#inFlight++;
        try {
          await this.#deliver(handler, delivered);
        } finally {
          this.#inFlight--;
        }
      }
    }
    return read;
  }

  /**
   * Delivers records as one batch, then each failed record on its own until it succeeds or runs
   * out of attempts; those are dead-lettered. No record's failure holds back or drops another.
   */
  async #deliver(handler: StreamHandler, records: DynamoDBRecord[]): Promise<void> {
    const reasons = new Map<DynamoDBRecord, string>();
    let pending = await this.#invoke(handler, records, reasons, 1);
    for (let attempt = 2; pending.length > 0 && attempt <= this.#options.maxAttempts; attempt++) {
      await sleep(this.#options.retryDelayMs * (attempt - 1));
      const next: DynamoDBRecord[] = [];
      for (const record of pending) {
        next.push(...(await this.#invoke(handler, [record], reasons, attempt)));
      }
      pending = next;
    }
    for (const record of pending) {
      const image = record.dynamodb?.NewImage;
      await this.#deadLetter({
        eventId: record.eventID,
        sequenceNumber: record.dynamodb?.SequenceNumber,
        sha256: image?.type?.S === 'report' ? image.sha256?.S : undefined,
        record,
        attempts: this.#options.maxAttempts,
        reason: reasons.get(record) ?? 'the function reported the record as failed',
        deadAt: new Date().toISOString(),
      });
    }
  }

  /** One invocation of the function; returns the records that failed in it. */
  async #invoke(
    handler: StreamHandler,
    records: DynamoDBRecord[],
    reasons: Map<DynamoDBRecord, string>,
    attempt: number,
  ): Promise<DynamoDBRecord[]> {
    const failed: DynamoDBRecord[] = [];
    const handed: DynamoDBRecord[] = [];
    for (const record of records) {
      try {
        this.#options.beforeDeliver(record);
        handed.push(record);
      } catch (error) {
        reasons.set(record, reasonOf(error));
        failed.push(record);
      }
    }
    if (handed.length === 0) return failed;
    try {
      const ids = failedIds(await handler({ Records: handed }));
      failed.push(...handed.filter((r) => ids.has(r.dynamodb?.SequenceNumber ?? '')));
    } catch (error) {
      const reason = reasonOf(error);
      this.#options.onProblem('stream batch failed', { reason, attempt, records: handed.length });
      for (const record of handed) reasons.set(record, reason);
      failed.push(...handed);
    }
    return failed;
  }

  async #deadLetter(letter: StreamDeadLetter): Promise<void> {
    this.#options.onProblem('stream record dead-lettered', {
      eventId: letter.eventId,
      sequenceNumber: letter.sequenceNumber,
      ...(letter.sha256 ? { reportId: letter.sha256 } : {}),
      attempts: letter.attempts,
      reason: letter.reason,
    });
    if (this.#options.deadLetterPath) {
      await appendFile(this.#options.deadLetterPath, `${JSON.stringify(letter)}\n`);
    }
  }
}
