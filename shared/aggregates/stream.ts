import type { ItemKey } from '../storage/aggregate-store.ts';
import { type AggregateDeps, type AggregateOutcome, refreshAggregates } from './apply.ts';

/** The part of a table stream record the aggregator reads: the changed item's key. */
export interface KeyedStreamRecord {
  eventID?: string | undefined;
  dynamodb?: { Keys?: Record<string, { S?: string | undefined } | undefined> | undefined };
}

/** The key of the indicator item a stream record is about, or undefined for any other item. */
export function indicatorKeyOf(record: KeyedStreamRecord): ItemKey | undefined {
  const pk = record.dynamodb?.Keys?.PK?.S;
  const sk = record.dynamodb?.Keys?.SK?.S;
  if (!pk || !sk || !pk.startsWith('PROJECT#') || !sk.startsWith('INDICATOR#')) return undefined;
  return { PK: pk, SK: sk };
}

/** Which stream records reach the aggregator: those of a project's indicator items. */
export function needsAggregation(record: KeyedStreamRecord): boolean {
  return indicatorKeyOf(record) !== undefined;
}

/**
 * Brings the aggregates up to date with the indicator items a batch of stream records names,
 * in any order and any number of times (see apply.ts).
 */
export async function aggregateStreamRecords(
  records: KeyedStreamRecord[],
  deps: AggregateDeps,
): Promise<AggregateOutcome> {
  const keys = records.map(indicatorKeyOf).filter((k): k is ItemKey => k !== undefined);
  return refreshAggregates(deps, keys);
}

/** The aggregator as a stream function: a batch in Lambda's event shape, worked as a whole. */
export function aggregateStreamHandler(deps: AggregateDeps) {
  return async (event: { Records: KeyedStreamRecord[] }): Promise<AggregateOutcome> =>
    aggregateStreamRecords(event.Records, deps);
}
