import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { INDICATOR_PATHS, indicatorValuesOf } from '../pipeline/indicators.ts';
import type { ReportRecord } from '../schemas/report-record.ts';
import { listAllCells, listFieldItemKeys } from '../storage/aggregate-store.ts';
import { listProjectsPage } from '../storage/query-store.ts';
import { getReport, loadRecord } from '../storage/report-store.ts';
import { refreshAggregates } from './apply.ts';
import { unitsToDecimal } from './fixed-point.ts';
import {
  type CellRef,
  type CellState,
  type Contribution,
  cellId,
  computeCells,
  contributionOf,
  GROUPINGS,
  sameState,
} from './groupings.ts';

/** A field's contributions from one record: what its project adds while it is the latest. */
export function contributionsOfRecord(
  record: ReportRecord,
): Array<{ path: string; contribution: Contribution }> {
  const p = record.project ?? {};
  return indicatorValuesOf(record).map((v) => ({
    path: v.path,
    contribution: contributionOf({
      value: v.value,
      region: p.region,
      fund: p.fund,
      programme: p.programme,
      priorityAxis: p.priorityAxis,
      managingAuthority: p.managingAuthority,
      programmingPeriod: p.programmingPeriod,
      status: p.status,
    }),
  }));
}

/** Every project's latest record, read `concurrency` at a time. */
async function latestRecords(
  deps: { ddb: DynamoDBClient; s3: S3Client; table: string },
  concurrency = 16,
): Promise<ReportRecord[]> {
  const shas: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await listProjectsPage(deps.ddb, deps.table, {}, 1000, cursor);
    shas.push(...page.items.map((p) => p.latestSha));
    cursor = page.cursor;
  } while (cursor);
  const records: ReportRecord[] = [];
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < shas.length; i = next++) {
      const version = await getReport(deps.ddb, deps.table, shas[i] as string);
      const record = version ? await loadRecord(deps.s3, version) : undefined;
      if (record) records.push(record);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return records;
}

export interface AggregateDifference {
  cell: CellRef;
  /** From the records; undefined when no project is in the group. */
  expected: CellState | undefined;
  /** As stored; undefined when there is no aggregate item. */
  stored: CellState | undefined;
}

/** Every aggregate the records give, from scratch. */
export async function recomputeAggregates(deps: {
  ddb: DynamoDBClient;
  s3: S3Client;
  table: string;
}) {
  const records = await latestRecords(deps);
  return { projects: records.length, cells: computeCells(records.flatMap(contributionsOfRecord)) };
}

/**
 * Compares every stored aggregate with the one the projects' latest records give. An empty list
 * means they are equal, figure for figure.
 */
export async function compareAggregates(deps: {
  ddb: DynamoDBClient;
  s3: S3Client;
  table: string;
}): Promise<{ projects: number; aggregates: number; differences: AggregateDifference[] }> {
  const { projects, cells } = await recomputeAggregates(deps);
  const differences: AggregateDifference[] = [];
  const seen = new Set<string>();
  for (const path of INDICATOR_PATHS) {
    for (const grouping of GROUPINGS) {
      for (const row of await listAllCells(deps.ddb, deps.table, path, grouping)) {
        const cell = { path, grouping, group: row.group };
        const id = cellId(cell);
        seen.add(id);
        const expected = cells.get(id)?.state;
        if (!expected || !sameState(expected, row.state)) {
          differences.push({ cell, expected, stored: row.state });
        }
      }
    }
  }
  for (const [id, { cell, state }] of cells) {
    if (!seen.has(id)) differences.push({ cell, expected: state, stored: undefined });
  }
  return { projects, aggregates: cells.size, differences };
}

/** One difference as a line: the aggregate, then each figure expected → stored. */
export function describeDifference(d: AggregateDifference): string {
  const figures = (s: CellState | undefined) =>
    s
      ? `sum ${unitsToDecimal(s.sum)}, count ${s.count}, min ${unitsToDecimal(s.min)}, max ${unitsToDecimal(s.max)}`
      : 'none';
  return `${d.cell.path} by ${d.cell.grouping} = ${d.cell.group ?? 'not stated'}: records give ${figures(d.expected)}; stored ${figures(d.stored)}`;
}

/**
 * Looks at every indicator item again, as if each had a stream record: counts what the
 * aggregate function missed (records given up, data from before aggregates were kept).
 */
export async function refreshAllAggregates(deps: { ddb: DynamoDBClient; table: string }) {
  let changed = 0;
  for (const path of INDICATOR_PATHS) {
    const keys = await listFieldItemKeys(deps.ddb, deps.table, path);
    for (let i = 0; i < keys.length; i += 1000) {
      changed += (await refreshAggregates(deps, keys.slice(i, i + 1000))).changed;
    }
  }
  return { changed };
}
