import { randomUUID } from 'node:crypto';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { MAX_RECEIVES } from '../storage/table-definition.ts';

export type BatchHandler = (event: SQSEvent) => Promise<SQSBatchResponse | undefined | unknown>;

interface QueuedMessage {
  messageId: string;
  body: string;
  receiveCount: number;
  sentAt: number;
  visibleAt: number;
}

/** A message that ran out of receives, with the reason it kept failing. */
export interface DeadLetter {
  messageId: string;
  body: string;
  receiveCount: number;
  reason: string;
  deadAt: string;
}

export interface LocalQueueOptions {
  /** JSON Lines file the dead-letter queue is kept in, so `epm redrive` can move messages back. */
  dlqPath: string;
  batchSize?: number;
  maxReceives?: number;
  /** Delay before a failed message is visible again; grows with each receive. */
  retryDelayMs?: number;
  /** Batches handled at once, as concurrent Lambda invocations would. */
  concurrency?: number;
}

function toRecord(message: QueuedMessage): SQSRecord {
  return {
    messageId: message.messageId,
    receiptHandle: `${message.messageId}#${message.receiveCount}`,
    body: message.body,
    attributes: {
      ApproximateReceiveCount: String(message.receiveCount),
      SentTimestamp: String(message.sentAt),
      SenderId: 'local-runtime',
      ApproximateFirstReceiveTimestamp: String(message.sentAt),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-north-1:000000000000:ingest',
    awsRegion: 'eu-north-1',
  };
}

/**
 * The ingest queue of the local runtime: SQS semantics where they matter here — batches,
 * partial batch failures, a receive count, and a dead-letter queue after `maxReceives`.
 */
export class LocalQueue {
  readonly #messages: QueuedMessage[] = [];
  readonly #options: Required<LocalQueueOptions>;
  readonly #idle = new Set<() => void>();
  #inFlight = 0;
  #running = false;
  #batchesInFlight = 0;
  #wake: (() => void) | undefined;
  #lastError = new Map<string, string>();

  constructor(options: LocalQueueOptions) {
    this.#options = {
      batchSize: 10,
      maxReceives: MAX_RECEIVES,
      retryDelayMs: 200,
      concurrency: 4,
      ...options,
    };
  }

  send(body: string): string {
    const messageId = randomUUID();
    this.#messages.push({ messageId, body, receiveCount: 0, sentAt: Date.now(), visibleAt: 0 });
    this.#wake?.();
    return messageId;
  }

  get depth(): number {
    return this.#messages.length + this.#inFlight;
  }

  /** Notes why a message failed; the handler's logger is not visible to the queue. */
  noteFailure(messageId: string, reason: string): void {
    this.#lastError.set(messageId, reason);
  }

  /** Resolves when nothing is queued or in flight. */
  drained(): Promise<void> {
    if (this.depth === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.add(resolve));
  }

  /** Polls the queue and feeds visible messages to the handler in batches until stopped. */
  start(handler: BatchHandler): void {
    if (this.#running) return;
    this.#running = true;
    void this.#loop(handler);
  }

  stop(): void {
    this.#running = false;
    this.#wake?.();
  }

  async #loop(handler: BatchHandler): Promise<void> {
    while (this.#running) {
      const now = Date.now();
      const batch: QueuedMessage[] = [];
      if (this.#batchesInFlight < this.#options.concurrency) {
        for (let i = 0; i < this.#messages.length && batch.length < this.#options.batchSize; ) {
          const message = this.#messages[i];
          if (message && message.visibleAt <= now) {
            batch.push(message);
            this.#messages.splice(i, 1);
          } else {
            i++;
          }
        }
      }
      if (batch.length === 0) {
        this.#notifyIdle();
        const next = Math.min(...this.#messages.map((m) => m.visibleAt), now + 1000);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.max(5, next - now));
          this.#wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.#wake = undefined;
        continue;
      }
      this.#batchesInFlight++;
      void this.#process(handler, batch).finally(() => {
        this.#batchesInFlight--;
        this.#wake?.();
      });
    }
  }

  /** Delivers one batch, like one Lambda invocation, and requeues or dead-letters its failures. */
  async #process(handler: BatchHandler, batch: QueuedMessage[]): Promise<void> {
    this.#inFlight += batch.length;
    for (const message of batch) message.receiveCount++;
    const failed = await this.#deliver(handler, batch);
    for (const message of batch) {
      if (!failed.has(message.messageId)) {
        this.#lastError.delete(message.messageId);
      } else if (message.receiveCount >= this.#options.maxReceives) {
        await this.#deadLetter(message);
      } else {
        message.visibleAt = Date.now() + this.#options.retryDelayMs * message.receiveCount;
        this.#messages.push(message);
      }
    }
    this.#inFlight -= batch.length;
    this.#notifyIdle();
  }

  async #deliver(handler: BatchHandler, batch: QueuedMessage[]): Promise<Set<string>> {
    try {
      const response = (await handler({ Records: batch.map(toRecord) })) as
        | SQSBatchResponse
        | undefined;
      return new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      for (const message of batch) {
        if (!this.#lastError.has(message.messageId)) this.#lastError.set(message.messageId, reason);
      }
      return new Set(batch.map((m) => m.messageId));
    }
  }

  async #deadLetter(message: QueuedMessage): Promise<void> {
    const letter: DeadLetter = {
      messageId: message.messageId,
      body: message.body,
      receiveCount: message.receiveCount,
      reason: this.#lastError.get(message.messageId) ?? 'handler reported the message as failed',
      deadAt: new Date().toISOString(),
    };
    this.#lastError.delete(message.messageId);
    await appendFile(this.#options.dlqPath, `${JSON.stringify(letter)}\n`);
  }

  #notifyIdle(): void {
    if (this.depth > 0) return;
    for (const resolve of this.#idle) resolve();
    this.#idle.clear();
  }
}

export async function readDeadLetters(dlqPath: string): Promise<DeadLetter[]> {
  const text = await readFile(dlqPath, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as DeadLetter);
}

export async function writeDeadLetters(dlqPath: string, letters: DeadLetter[]): Promise<void> {
  await writeFile(dlqPath, letters.map((l) => `${JSON.stringify(l)}\n`).join(''));
}
