import {
  type DynamoDBClient,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { Grouping } from '../aggregates/groupings.ts';
import { BadRequestError, InfrastructureError } from '../errors.ts';
import { type AggregateRow, getCell, listCellsPage } from './aggregate-store.ts';
import { compositeKey, keyPart } from './keys.ts';
import type { IndicatorValue, ProjectSummary, ReportVersion } from './report-store.ts';

export interface Page<T> {
  items: T[];
  cursor?: string;
}

export interface ProjectFilter {
  fund?: string | undefined;
  region?: string | undefined;
  authority?: string | undefined;
  period?: string | undefined;
  status?: string | undefined;
}

const ITEM_KEYS = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'type'];

function strip(item: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !ITEM_KEYS.includes(k)));
}

/** Opaque to clients: the DynamoDB key to resume from, base64url-encoded. */
export function encodeCursor(key: QueryCommandInput['ExclusiveStartKey']): string | undefined {
  return key ? Buffer.from(JSON.stringify(unmarshall(key))).toString('base64url') : undefined;
}

export function decodeCursor(cursor: string | undefined): QueryCommandInput['ExclusiveStartKey'] {
  if (!cursor) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (key === null || typeof key !== 'object' || Array.isArray(key))
      throw new Error('not an object');
    return marshall(key as Record<string, unknown>);
  } catch {
    throw new BadRequestError('cursor: not a cursor this API returned');
  }
}

async function queryPage(ddb: DynamoDBClient, input: QueryCommandInput) {
  try {
    return await ddb.send(new QueryCommand(input));
  } catch (error) {
    if (error instanceof Error && error.name === 'ValidationException' && input.ExclusiveStartKey) {
      throw new BadRequestError('cursor: does not belong to this query');
    }
    throw new InfrastructureError('Query', { cause: error });
  }
}

/** Builds a FilterExpression of equality conditions on item attributes. */
function filterOf(conditions: Record<string, string | undefined>) {
  const present = Object.entries(conditions).filter(([, v]) => v !== undefined) as [
    string,
    string,
  ][];
  if (present.length === 0) return {};
  return {
    FilterExpression: present.map((_, i) => `#f${i} = :f${i}`).join(' AND '),
    ExpressionAttributeNames: Object.fromEntries(present.map(([k], i) => [`#f${i}`, k])),
    values: Object.fromEntries(present.map(([, v], i) => [`:f${i}`, v])),
  };
}

/**
 * One page of projects. The most selective filter picks the facet partition of GSI1 to query;
 * the others filter within it, so no request scans the table.
 */
export async function listProjectsPage(
  ddb: DynamoDBClient,
  table: string,
  filter: ProjectFilter,
  limit: number,
  cursor?: string,
): Promise<Page<ProjectSummary>> {
  const facets: Array<[string, string | undefined, keyof ProjectSummary]> = [
    ['FUND', filter.fund, 'fund'],
    ['REGION', filter.region, 'region'],
    ['AUTHORITY', filter.authority, 'managingAuthority'],
    ['PERIOD', filter.period, 'programmingPeriod'],
  ];
  const chosen = facets.find(([, value]) => value !== undefined);
  const partition = chosen ? `${chosen[0]}#${keyPart(chosen[1] ?? '')}` : 'PROJECTS';
  const rest = Object.fromEntries(
    facets.filter((f) => f !== chosen).map(([, value, attribute]) => [attribute, value]),
  );
  const filters = filterOf({ ...rest, status: filter.status });
  const out = await queryPage(ddb, {
    TableName: table,
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk',
    ...(filters.FilterExpression
      ? {
          FilterExpression: filters.FilterExpression,
          ExpressionAttributeNames: filters.ExpressionAttributeNames,
        }
      : {}),
    ExpressionAttributeValues: marshall({ ':pk': partition, ...filters.values }),
    Limit: limit,
    ExclusiveStartKey: decodeCursor(cursor),
  });
  const next = encodeCursor(out.LastEvaluatedKey);
  return {
    items: (out.Items ?? []).map((i) => strip(unmarshall(i)) as unknown as ProjectSummary),
    ...(next ? { cursor: next } : {}),
  };
}

/**
 * Every value of one indicator, narrowed by the sort-key prefix and filtered on the rest; with
 * `max`, reading stops once more than `max` values matched (the caller refuses the request).
 */
export async function indicatorValues(
  ddb: DynamoDBClient,
  table: string,
  path: string,
  filter: ProjectFilter,
  max = Number.POSITIVE_INFINITY,
): Promise<IndicatorValue[]> {
  const prefix: string[] = [];
  for (const part of [filter.fund, filter.period, filter.region]) {
    if (part === undefined) break;
    prefix.push(part);
  }
  const filters = filterOf({
    fund: prefix.length >= 1 ? undefined : filter.fund,
    programmingPeriod: prefix.length >= 2 ? undefined : filter.period,
    region: prefix.length >= 3 ? undefined : filter.region,
    managingAuthority: filter.authority,
  });
  const items: IndicatorValue[] = [];
  let start: QueryCommandInput['ExclusiveStartKey'];
  do {
    const out = await queryPage(ddb, {
      TableName: table,
      IndexName: 'GSI1',
      KeyConditionExpression: prefix.length
        ? 'GSI1PK = :pk AND begins_with(GSI1SK, :sk)'
        : 'GSI1PK = :pk',
      ...(filters.FilterExpression
        ? {
            FilterExpression: filters.FilterExpression,
            ExpressionAttributeNames: filters.ExpressionAttributeNames,
          }
        : {}),
      ExpressionAttributeValues: marshall({
        ':pk': `INDICATOR#${keyPart(path)}`,
        ...(prefix.length ? { ':sk': `${compositeKey(...prefix)}#` } : {}),
        ...filters.values,
      }),
      ExclusiveStartKey: start,
    });
    items.push(...(out.Items ?? []).map((i) => strip(unmarshall(i)) as unknown as IndicatorValue));
    start = out.LastEvaluatedKey;
  } while (start && items.length <= max);
  return items;
}

/**
 * One page of the values of one indicator whose item has `attribute` equal to `value` (or
 * lacks it, for `undefined`: the projects that do not state it); every value without one.
 */
export async function indicatorValuesPage(
  ddb: DynamoDBClient,
  table: string,
  path: string,
  where: { attribute: string; value: string | undefined } | undefined,
  limit: number,
  cursor?: string,
): Promise<Page<IndicatorValue>> {
  const condition = where
    ? where.value === undefined
      ? { FilterExpression: 'attribute_not_exists(#a)', values: {} }
      : { FilterExpression: '#a = :v', values: { ':v': where.value } }
    : undefined;
  const out = await queryPage(ddb, {
    TableName: table,
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk',
    ...(condition && where
      ? {
          FilterExpression: condition.FilterExpression,
          ExpressionAttributeNames: { '#a': where.attribute },
        }
      : {}),
    ExpressionAttributeValues: marshall({
      ':pk': `INDICATOR#${keyPart(path)}`,
      ...(condition?.values ?? {}),
    }),
    Limit: limit,
    ExclusiveStartKey: decodeCursor(cursor),
  });
  const next = encodeCursor(out.LastEvaluatedKey);
  return {
    items: (out.Items ?? []).map((i) => strip(unmarshall(i)) as unknown as IndicatorValue),
    ...(next ? { cursor: next } : {}),
  };
}

/**
 * One page of the aggregates of one indicator by one grouping (one item per group, in key
 * order), or the one aggregate of a group: reads grow with the groups, not the projects.
 */
export async function aggregatesPage(
  ddb: DynamoDBClient,
  table: string,
  path: string,
  grouping: Grouping,
  limit: number,
  cursor?: string,
): Promise<Page<AggregateRow>> {
  let page: Awaited<ReturnType<typeof listCellsPage>>;
  try {
    page = await listCellsPage(ddb, table, path, grouping, limit, decodeCursor(cursor));
  } catch (error) {
    if (cursor && error instanceof InfrastructureError && isValidation(error.cause)) {
      throw new BadRequestError('cursor: does not belong to this query');
    }
    throw error;
  }
  const next = encodeCursor(page.last);
  return { items: page.rows, ...(next ? { cursor: next } : {}) };
}

function isValidation(error: unknown): boolean {
  return error instanceof Error && error.name === 'ValidationException';
}

export async function aggregateOfGroup(
  ddb: DynamoDBClient,
  table: string,
  path: string,
  grouping: Grouping,
  group: string | undefined,
): Promise<AggregateRow | undefined> {
  const state = await getCell(ddb, table, { path, grouping, group });
  return state ? { group, state } : undefined;
}

export interface CheckFinding {
  sha256: string;
  receivedAt: string;
  id: string;
  severity: string;
  message: string;
  fields: string[];
  kind: string;
  projectId?: string;
}

export async function listChecksPage(
  ddb: DynamoDBClient,
  table: string,
  severity: string,
  limit: number,
  cursor?: string,
): Promise<Page<CheckFinding>> {
  const out = await queryPage(ddb, {
    TableName: table,
    IndexName: 'GSI2',
    KeyConditionExpression: 'GSI2PK = :pk',
    ExpressionAttributeValues: marshall({ ':pk': `CHECKS#${keyPart(severity)}` }),
    ScanIndexForward: false,
    Limit: limit,
    ExclusiveStartKey: decodeCursor(cursor),
  });
  const next = encodeCursor(out.LastEvaluatedKey);
  return {
    items: (out.Items ?? []).map((i) => strip(unmarshall(i)) as unknown as CheckFinding),
    ...(next ? { cursor: next } : {}),
  };
}

export interface AwardEntry {
  sha256: string;
  recipient: string;
  amount: number;
  note?: string;
  line?: number;
}

export async function listAwardsPage(
  ddb: DynamoDBClient,
  table: string,
  filter: { minAmount?: number | undefined; maxAmount?: number | undefined },
  limit: number,
  cursor?: string,
): Promise<Page<AwardEntry>> {
  const conditions: string[] = [];
  const values: Record<string, unknown> = { ':pk': 'AWARD' };
  if (filter.minAmount !== undefined) {
    conditions.push('amount >= :min');
    values[':min'] = filter.minAmount;
  }
  if (filter.maxAmount !== undefined) {
    conditions.push('amount <= :max');
    values[':max'] = filter.maxAmount;
  }
  const out = await queryPage(ddb, {
    TableName: table,
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk',
    ...(conditions.length ? { FilterExpression: conditions.join(' AND ') } : {}),
    ExpressionAttributeValues: marshall(values),
    ScanIndexForward: false,
    Limit: limit,
    ExclusiveStartKey: decodeCursor(cursor),
  });
  const next = encodeCursor(out.LastEvaluatedKey);
  return {
    items: (out.Items ?? []).map((i) => strip(unmarshall(i)) as unknown as AwardEntry),
    ...(next ? { cursor: next } : {}),
  };
}

/** One page of the report versions of one document kind, newest first, records as stored. */
export async function listReportsOfKindPage(
  ddb: DynamoDBClient,
  table: string,
  kind: string,
  limit: number,
  cursor?: string,
): Promise<Page<ReportVersion>> {
  const out = await queryPage(ddb, {
    TableName: table,
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk',
    ExpressionAttributeValues: marshall({ ':pk': `KIND#${keyPart(kind)}` }),
    ScanIndexForward: false,
    Limit: limit,
    ExclusiveStartKey: decodeCursor(cursor),
  });
  const next = encodeCursor(out.LastEvaluatedKey);
  return {
    items: (out.Items ?? []).map((i) => strip(unmarshall(i)) as unknown as ReportVersion),
    ...(next ? { cursor: next } : {}),
  };
}
