import {
  type AttributeValue,
  BatchGetItemCommand,
  type DynamoDBClient,
  QueryCommand,
  type QueryCommandInput,
  TransactionCanceledException,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { toUnits, unitsToDecimal } from '../aggregates/fixed-point.ts';
import {
  type CellRef,
  type CellState,
  type Contribution,
  GROUPINGS,
  type Grouping,
} from '../aggregates/groupings.ts';
import { InfrastructureError } from '../errors.ts';
import { ABSENT_PART, keyPart } from './keys.ts';

/**
 * Aggregate items in the report table:
 * - one per (field, grouping, group): `AGG#<path>#<grouping>` / `GROUP#<group>` with the exact
 *   sum, count, minimum and maximum (and how many equal each), and a revision;
 * - one contribution per (field, project): `AGGC#<path>` / `PROJECT#<id>` with the value and
 *   the groups it was last counted in, and a revision.
 * A contribution and the aggregates it moves are written in one transaction, each conditioned
 * on the revision read, so the aggregates always equal the sum of the contributions.
 */

export interface ItemKey {
  PK: string;
  SK: string;
}

const INDICATOR_SK = 'INDICATOR#';

/** The indicator item's key → its contribution item's key. */
export function contributionKeyOf(indicator: ItemKey): ItemKey {
  return { PK: `AGGC#${indicator.SK.slice(INDICATOR_SK.length)}`, SK: indicator.PK };
}

export function isIndicatorKey(key: ItemKey): boolean {
  return key.PK.startsWith('PROJECT#') && key.SK.startsWith(INDICATOR_SK);
}

export function cellKeyOf(cell: CellRef): ItemKey {
  return {
    PK: `AGG#${keyPart(cell.path)}#${cell.grouping}`,
    SK: `GROUP#${cell.group === undefined ? ABSENT_PART : keyPart(cell.group)}`,
  };
}

function wrap<T>(operation: string, fn: () => Promise<T>): Promise<T> {
  return fn().catch((error: unknown) => {
    if (error instanceof TransactionCanceledException) throw error;
    throw new InfrastructureError(operation, { cause: error });
  });
}

const S = (value: string): AttributeValue => ({ S: value });
const N = (value: bigint | number): AttributeValue => ({
  N: typeof value === 'bigint' ? unitsToDecimal(value) : String(value),
});
const keyAttrs = (key: ItemKey) => ({ PK: S(key.PK), SK: S(key.SK) });
const idOf = (key: ItemKey) => `${key.PK}\u0000${key.SK}`;

function str(item: Record<string, AttributeValue>, name: string): string | undefined {
  return item[name]?.S;
}
function num(item: Record<string, AttributeValue>, name: string): string {
  const value = item[name]?.N;
  if (value === undefined) throw new InfrastructureError(`Aggregate item lacks ${name}`);
  return value;
}

/** Reads items by key, consistently, 100 at a time; unprocessed keys are asked again. */
async function batchGet(
  ddb: DynamoDBClient,
  table: string,
  keys: ItemKey[],
  projection?: string,
): Promise<Map<string, Record<string, AttributeValue>>> {
  const found = new Map<string, Record<string, AttributeValue>>();
  const unique = [...new Map(keys.map((k) => [idOf(k), k])).values()];
  for (let i = 0; i < unique.length; i += 100) {
    let request: Array<Record<string, AttributeValue>> = unique.slice(i, i + 100).map(keyAttrs);
    for (let attempt = 0; request.length > 0; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
      const out = await wrap('BatchGetItem aggregates', () =>
        ddb.send(
          new BatchGetItemCommand({
            RequestItems: {
              [table]: {
                Keys: request,
                ConsistentRead: true,
                ...(projection ? { ProjectionExpression: projection } : {}),
              },
            },
          }),
        ),
      );
      for (const item of out.Responses?.[table] ?? []) {
        found.set(`${item.PK?.S}\u0000${item.SK?.S}`, item);
      }
      request = out.UnprocessedKeys?.[table]?.Keys ?? [];
    }
  }
  return found;
}

function contributionFrom(item: Record<string, AttributeValue>): Contribution {
  const groups = item.groups?.M ?? {};
  return {
    value: toUnits(num(item, 'value')),
    groups: Object.fromEntries(
      GROUPINGS.filter((g) => g !== 'all').map((g) => [g, groups[g]?.S]),
    ) as Contribution['groups'],
  };
}

/** The current indicator items (the truth to count), by key; absent keys have none. */
export async function readIndicatorContributions(
  ddb: DynamoDBClient,
  table: string,
  keys: ItemKey[],
): Promise<Map<string, { contribution: Contribution; projectId: string; sha256?: string }>> {
  const items = await batchGet(ddb, table, keys);
  const out = new Map<string, { contribution: Contribution; projectId: string; sha256?: string }>();
  for (const [id, item] of items) {
    const value = item.value?.N;
    if (value === undefined) continue;
    out.set(id, {
      projectId: str(item, 'projectId') ?? '',
      ...(item.sha256?.S ? { sha256: item.sha256.S } : {}),
      contribution: {
        value: toUnits(value),
        groups: {
          region: str(item, 'region'),
          fund: str(item, 'fund'),
          programme: str(item, 'programme'),
          priorityAxis: str(item, 'priorityAxis'),
          managingAuthority: str(item, 'managingAuthority'),
          programmingPeriod: str(item, 'programmingPeriod'),
          status: str(item, 'status'),
        },
      },
    });
  }
  return out;
}

export interface StoredContribution {
  contribution: Contribution;
  rev: number;
}

/** The contributions last counted, by their indicator item's key. */
export async function readContributions(
  ddb: DynamoDBClient,
  table: string,
  indicatorKeys: ItemKey[],
): Promise<Map<string, StoredContribution>> {
  const items = await batchGet(ddb, table, indicatorKeys.map(contributionKeyOf));
  const out = new Map<string, StoredContribution>();
  for (const key of indicatorKeys) {
    const item = items.get(idOf(contributionKeyOf(key)));
    if (item)
      out.set(idOf(key), { contribution: contributionFrom(item), rev: Number(num(item, 'rev')) });
  }
  return out;
}

export interface StoredCell {
  state: CellState;
  rev: number;
}

function cellStateFrom(item: Record<string, AttributeValue>): CellState {
  return {
    sum: toUnits(num(item, 'sum')),
    count: Number(num(item, 'count')),
    min: toUnits(num(item, 'min')),
    max: toUnits(num(item, 'max')),
    minCount: Number(num(item, 'minCount')),
    maxCount: Number(num(item, 'maxCount')),
  };
}

export async function readCells(
  ddb: DynamoDBClient,
  table: string,
  cells: CellRef[],
): Promise<Map<string, StoredCell>> {
  const items = await batchGet(ddb, table, cells.map(cellKeyOf));
  const out = new Map<string, StoredCell>();
  for (const cell of cells) {
    const key = cellKeyOf(cell);
    const item = items.get(idOf(key));
    if (item) out.set(idOf(key), { state: cellStateFrom(item), rev: Number(num(item, 'rev')) });
  }
  return out;
}

export { idOf as itemId };

/** Every contribution of one field, consistently (to find a lost minimum or maximum again). */
export async function readFieldContributions(
  ddb: DynamoDBClient,
  table: string,
  path: string,
): Promise<Map<string, Contribution>> {
  const out = new Map<string, Contribution>();
  let start: QueryCommandInput['ExclusiveStartKey'];
  do {
    const page = await wrap('Query contributions', () =>
      ddb.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': S(`AGGC#${keyPart(path)}`) },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      ),
    );
    for (const item of page.Items ?? []) {
      // Keyed like the indicator item, so callers can put their pending changes over it.
      out.set(
        idOf({ PK: item.SK?.S ?? '', SK: `${INDICATOR_SK}${keyPart(path)}` }),
        contributionFrom(item),
      );
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
}

export interface ContributionWrite {
  indicatorKey: ItemKey;
  path: string;
  projectId: string;
  sha256?: string | undefined;
  /** Undefined: the project no longer has a value for the field. */
  next: Contribution | undefined;
  /** The revision read; undefined when there was no contribution. */
  rev: number | undefined;
}

export interface CellWrite {
  cell: CellRef;
  /** Undefined: the group has no contribution left. */
  next: CellState | undefined;
  rev: number | undefined;
}

function revCondition(rev: number | undefined) {
  return rev === undefined
    ? { ConditionExpression: 'attribute_not_exists(PK)' }
    : {
        ConditionExpression: 'rev = :rev',
        ExpressionAttributeValues: { ':rev': N(rev) },
      };
}

/**
 * Writes contributions and the aggregates they move in one transaction. Returns false when
 * another writer changed one of them since it was read (nothing is written then).
 */
export async function commitAggregates(
  ddb: DynamoDBClient,
  table: string,
  contributions: ContributionWrite[],
  cells: CellWrite[],
): Promise<boolean> {
  const actions: TransactWriteItem[] = [];
  for (const c of contributions) {
    const key = contributionKeyOf(c.indicatorKey);
    if (!c.next) {
      if (c.rev === undefined) continue;
      actions.push({ Delete: { TableName: table, Key: keyAttrs(key), ...revCondition(c.rev) } });
      continue;
    }
    const groups: Record<string, AttributeValue> = {};
    for (const [g, v] of Object.entries(c.next.groups)) if (v !== undefined) groups[g] = S(v);
    actions.push({
      Put: {
        TableName: table,
        Item: {
          ...keyAttrs(key),
          type: S('aggregate-contribution'),
          path: S(c.path),
          projectId: S(c.projectId),
          ...(c.sha256 ? { sha256: S(c.sha256) } : {}),
          value: N(c.next.value),
          groups: { M: groups },
          rev: N((c.rev ?? 0) + 1),
        },
        ...revCondition(c.rev),
      },
    });
  }
  for (const w of cells) {
    const key = cellKeyOf(w.cell);
    if (!w.next) {
      if (w.rev === undefined) continue;
      actions.push({ Delete: { TableName: table, Key: keyAttrs(key), ...revCondition(w.rev) } });
      continue;
    }
    actions.push({
      Put: {
        TableName: table,
        Item: {
          ...keyAttrs(key),
          type: S('aggregate'),
          path: S(w.cell.path),
          grouping: S(w.cell.grouping),
          ...(w.cell.group === undefined ? {} : { group: S(w.cell.group) }),
          sum: N(w.next.sum),
          count: N(w.next.count),
          min: N(w.next.min),
          max: N(w.next.max),
          minCount: N(w.next.minCount),
          maxCount: N(w.next.maxCount),
          rev: N((w.rev ?? 0) + 1),
        },
        ...revCondition(w.rev),
      },
    });
  }
  if (actions.length === 0) return true;
  if (actions.length > 100)
    throw new Error(`commitAggregates: ${actions.length} writes in one transaction`);
  try {
    await wrap('TransactWriteItems aggregates', () =>
      ddb.send(new TransactWriteItemsCommand({ TransactItems: actions })),
    );
    return true;
  } catch (error) {
    if (error instanceof TransactionCanceledException) {
      const codes = (error.CancellationReasons ?? []).map((r) => r.Code ?? 'None');
      if (codes.some((c) => c === 'ConditionalCheckFailed' || c === 'TransactionConflict')) {
        return false;
      }
    }
    if (error instanceof Error && error.name === 'TransactionConflictException') return false;
    throw error instanceof InfrastructureError
      ? error
      : new InfrastructureError('TransactWriteItems aggregates', { cause: error });
  }
}

/** One aggregate as read for an answer. */
export interface AggregateRow {
  group: string | undefined;
  state: CellState;
}

/**
 * One page of the aggregates of a field by one grouping, in key order: one item per group, so
 * the cost grows with the groups asked for, never with the projects.
 */
export async function listCellsPage(
  ddb: DynamoDBClient,
  table: string,
  path: string,
  grouping: Grouping,
  limit: number,
  start?: Record<string, AttributeValue>,
): Promise<{ rows: AggregateRow[]; last?: Record<string, AttributeValue> | undefined }> {
  const out = await wrap('Query aggregates', () =>
    ddb.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': S(`AGG#${keyPart(path)}#${grouping}`) },
        Limit: limit,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    ),
  );
  return {
    rows: (out.Items ?? []).map((item) => ({
      group: str(item, 'group'),
      state: cellStateFrom(item),
    })),
    ...(out.LastEvaluatedKey ? { last: out.LastEvaluatedKey } : {}),
  };
}

/** One aggregate, or undefined when no project is in its group. */
export async function getCell(
  ddb: DynamoDBClient,
  table: string,
  cell: CellRef,
): Promise<CellState | undefined> {
  const found = await readCells(ddb, table, [cell]);
  return found.get(idOf(cellKeyOf(cell)))?.state;
}

/** Every stored aggregate of a field and grouping (reconcile). */
export async function listAllCells(
  ddb: DynamoDBClient,
  table: string,
  path: string,
  grouping: Grouping,
): Promise<AggregateRow[]> {
  const rows: AggregateRow[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await listCellsPage(ddb, table, path, grouping, 1000, start);
    rows.push(...page.rows);
    start = page.last;
  } while (start);
  return rows;
}

/**
 * The keys of every indicator item of a field, and of every item a contribution was counted
 * for (which may be gone since): what a full refresh looks at.
 */
export async function listFieldItemKeys(
  ddb: DynamoDBClient,
  table: string,
  path: string,
): Promise<ItemKey[]> {
  const keys = new Map<string, ItemKey>();
  for (const input of [
    {
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': S(`INDICATOR#${keyPart(path)}`) },
      ProjectionExpression: 'PK, SK',
    },
    {
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': S(`AGGC#${keyPart(path)}`) },
      ProjectionExpression: 'PK, SK',
    },
  ]) {
    let start: QueryCommandInput['ExclusiveStartKey'];
    do {
      const page = await wrap('Query item keys', () =>
        ddb.send(new QueryCommand({ TableName: table, ...input, ExclusiveStartKey: start })),
      );
      for (const item of page.Items ?? []) {
        const pk = item.PK?.S ?? '';
        const sk = item.SK?.S ?? '';
        // A contribution's sort key is its indicator item's partition key.
        const key = pk.startsWith('AGGC#')
          ? { PK: sk, SK: `${INDICATOR_SK}${keyPart(path)}` }
          : { PK: pk, SK: sk };
        keys.set(idOf(key), key);
      }
      start = page.LastEvaluatedKey;
    } while (start);
  }
  return [...keys.values()];
}
