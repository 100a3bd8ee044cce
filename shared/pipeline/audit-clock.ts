import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { listAudit } from '../storage/report-store.ts';

/**
 * An audit time as every event writes it: ISO 8601 UTC to the millisecond, so that events from
 * the upload's clock and the functions' clocks compare as one.
 */
export function auditTimeOf(time: string | Date): string {
  const at = typeof time === 'string' ? new Date(time) : time;
  return Number.isNaN(at.getTime()) ? String(time) : at.toISOString();
}

/**
 * The time of an event written after the subject's earlier ones: `now`, or a millisecond after
 * the subject's latest event where `now` is not later (a skewed clock, a time rounded down), so
 * the audit log lists events in the order they happened.
 */
export async function nextAuditTime(
  ddb: DynamoDBClient,
  table: string,
  subject: string,
  now: Date,
): Promise<string> {
  const latest = (await listAudit(ddb, table, subject)).at(-1);
  const after = latest ? Date.parse(latest.at) + 1 : Number.NEGATIVE_INFINITY;
  return auditTimeOf(new Date(Math.max(now.getTime(), Number.isNaN(after) ? 0 : after)));
}
