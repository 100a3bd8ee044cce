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
  /** Deliveries of a failing record before it is given up. */
  maxAttempts?: number;
  intervalMs?: number;
  /** Told about poll errors and records given up; the poller itself keeps going. */
  onProblem: (message: string, detail: Record<string, unknown>) => void;
}

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

  constructor(options: StreamPollerOptions) {
    this.#options = { maxAttempts: 3, intervalMs: 100, ...options };
  }

  /** Opens the stream at its latest position, then polls until stopped. */
  async start(handler: StreamHandler): Promise<void> {
    if (this.#running) return;
    await this.#open();
    this.#running = true;
    this.#loop = this.#run(handler);
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
      const { records, next } = await readShard(streams, state.iterator);
      state.iterator = next;
      if (!next) {
        state.done = true;
        this.#discover = true;
      }
      if (records.length === 0) continue;
      read += records.length;
      state.last = records.at(-1)?.dynamodb?.SequenceNumber ?? state.last;
      const delivered = records
        .map((r) => toLambdaRecord(r, arn, region))
        .filter(this.#options.filter);
      if (delivered.length > 0) await this.#deliver(handler, delivered);
    }
    return read;
  }

  async #deliver(handler: StreamHandler, records: DynamoDBRecord[]): Promise<void> {
    let pending = records;
    for (let attempt = 1; pending.length > 0; attempt++) {
      this.#inFlight++;
      let failed: Set<string>;
      try {
        failed = failedIds(await handler({ Records: pending }));
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        this.#options.onProblem('stream batch failed', { reason, attempt });
        failed = new Set(pending.map((r) => r.dynamodb?.SequenceNumber ?? ''));
      } finally {
        this.#inFlight--;
      }
      pending = pending.filter((r) => failed.has(r.dynamodb?.SequenceNumber ?? ''));
      if (pending.length > 0 && attempt >= this.#options.maxAttempts) {
        for (const record of pending) {
          this.#options.onProblem('stream record given up', {
            eventId: record.eventID,
            sequenceNumber: record.dynamodb?.SequenceNumber,
            attempts: attempt,
          });
        }
        return;
      }
    }
  }
}
