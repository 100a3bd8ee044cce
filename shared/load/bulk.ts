import {
  BatchWriteItemCommand,
  type DynamoDBClient,
  type TransactWriteItem,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { InfrastructureError } from '../errors.ts';

/**
 * Bulk writes for a generated load into a fresh table: the store's own items (built by the
 * same functions its transactions are built from), sent with `BatchWriteItem`, 25 at a time,
 * instead of one conditional put and two transactions per report.
 *
 * What the transactions' conditions guard against cannot happen in such a load, and is checked
 * in memory instead (`BulkGuard`): this process is the table's only writer, every report's
 * content hash is new (the claim's `attribute_not_exists(PK)`), and a project's versions are
 * written one after another in the order they came in (the latest pointer's
 * `latestOrder <= :order`). What it does not exercise: conditional claims and lost races
 * between writers, and the all-or-nothing of a transaction (the integration tests of the
 * store and the pipeline cover those).
 */

/** DynamoDB's most writes in one `BatchWriteItem`. */
export const MAX_BATCH_WRITES = 25;

/**
 * The batch requests that write what these transaction actions write: a put as a put of the
 * same item, a delete as a delete of the same key. Their conditions are left to the caller.
 */
export function writeRequestsOf(actions: readonly TransactWriteItem[]): WriteRequest[] {
  return actions.map((action) => {
    if (action.Put?.Item) return { PutRequest: { Item: action.Put.Item } };
    if (action.Delete?.Key) return { DeleteRequest: { Key: action.Delete.Key } };
    throw new Error(
      `A bulk write takes puts and deletes only, not ${Object.keys(action).join(', ') || 'an empty action'}`,
    );
  });
}

/** Splits `items` into runs of at most `size`, as even as they can be (26 → 13 + 13). */
export function batchesOf<T>(items: readonly T[], size = MAX_BATCH_WRITES): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new Error(`batch size ${size}: expected ≥ 1`);
  if (items.length === 0) return [];
  const count = Math.ceil(items.length / size);
  const base = Math.floor(items.length / count);
  const extra = items.length % count;
  const batches: T[][] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    const length = base + (i < extra ? 1 : 0);
    batches.push(items.slice(at, at + length));
    at += length;
  }
  return batches;
}

/** Writes one batch, sending again what DynamoDB left unprocessed, with a growing pause. */
export async function writeBatch(
  ddb: DynamoDBClient,
  table: string,
  requests: WriteRequest[],
  maxRounds = 10,
): Promise<void> {
  let pending = requests;
  for (let round = 1; pending.length > 0; round++) {
    if (round > maxRounds) {
      throw new InfrastructureError(
        `BatchWriteItem (${pending.length} writes still unprocessed after ${maxRounds} rounds)`,
      );
    }
    if (round > 1) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** round));
    const sent = pending;
    const out = await ddb
      .send(new BatchWriteItemCommand({ RequestItems: { [table]: sent } }))
      .catch((error: unknown) => {
        throw new InfrastructureError('BatchWriteItem', { cause: error });
      });
    pending = out.UnprocessedItems?.[table] ?? [];
  }
}

/**
 * The conditions of the store's writes, kept in memory for a load that is the table's only
 * writer: a report's content is claimed once, and a project's latest pointer only moves to a
 * later version. A broken condition is an error: the load would not match what the store does.
 */
export class BulkGuard {
  readonly #claimed = new Set<string>();
  readonly #latest = new Map<string, string>();

  /** `attribute_not_exists(PK)` on the report item. */
  claim(sha256: string): void {
    if (this.#claimed.has(sha256)) {
      throw new Error(`Bulk load: report ${sha256} is written twice; the store would not claim it`);
    }
    this.#claimed.add(sha256);
  }

  /** `attribute_not_exists(latestOrder) OR latestOrder <= :order` on the project item. */
  moveLatest(projectId: string, order: string): void {
    const before = this.#latest.get(projectId);
    if (before !== undefined && before > order) {
      throw new Error(
        `Bulk load: project ${projectId} got version ${order} after ${before}; the store would keep ${before} latest`,
      );
    }
    this.#latest.set(projectId, order);
  }
}
