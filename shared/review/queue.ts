import type { QueryDeps } from '../api/queries.ts';
import type { ReportRecord } from '../schemas/report-record.ts';
import * as z from '../schemas/zod.ts';
import { getReport, listReportsByStatus, loadRecord } from '../storage/report-store.ts';
import { getReviewState } from '../storage/review-store.ts';
import { EMPTY_REVIEW, type Review, ReviewStatusSchema, valueAt } from './overlay.ts';

/**
 * The key indicators a reviewer confirms before a report counts: jobs and enterprises created,
 * granted and planned public funding.
 */
export const KEY_INDICATOR_PATHS = [
  'indicators.jobsCreated.planned',
  'indicators.jobsCreated.realised',
  'indicators.enterprisesCreated.planned',
  'indicators.enterprisesCreated.realised',
  'funding.euAndStateGranted',
  'funding.publicPlanned',
] as const;

export const QueueItemSchema = z.object({
  projectId: z.string(),
  version: z.string(),
  receivedAt: z.string(),
  kind: z.string(),
  status: ReviewStatusSchema,
  errors: z.number(),
  warnings: z.number(),
  /** Key indicators the document states (or a reviewer added) that nobody has reviewed yet. */
  unconfirmed: z.array(z.string()),
});
export type QueueItem = z.infer<typeof QueueItemSchema>;
export const QueueSchema = z.object({ items: z.array(QueueItemSchema) });

/** Key indicators with a value that no review has confirmed, corrected or marked absent. */
export function unconfirmedKeyIndicators(record: ReportRecord, review: Review): string[] {
  return KEY_INDICATOR_PATHS.filter(
    (path) => valueAt(record, path) !== undefined && review.fields[path] === undefined,
  );
}

/**
 * Queue order: unreviewed and in-review versions only (approved ones have left the queue); those
 * with errors first, then those with warnings, then those with unconfirmed key indicators, then
 * the rest; oldest first within each.
 */
export function queueOrder(a: QueueItem, b: QueueItem): number {
  const rank = (item: QueueItem) =>
    item.errors > 0 ? 0 : item.warnings > 0 ? 1 : item.unconfirmed.length > 0 ? 2 : 3;
  return (
    rank(a) - rank(b) ||
    a.receivedAt.localeCompare(b.receivedAt) ||
    a.version.localeCompare(b.version)
  );
}

/** Stored report versions of projects waiting for review, in queue order (see `queueOrder`). */
export async function reviewQueue(
  deps: QueryDeps,
  projects: readonly string[] | undefined,
): Promise<z.infer<typeof QueueSchema>> {
  const stored = await listReportsByStatus(deps.ddb, deps.table, 'stored');
  const items: QueueItem[] = [];
  for (const { sha256 } of stored) {
    if (!sha256) continue;
    const version = await getReport(deps.ddb, deps.table, sha256);
    if (!version?.projectId) continue;
    if (projects && !projects.includes(version.projectId)) continue;
    const review = (await getReviewState(deps.ddb, deps.table, sha256))?.review ?? EMPTY_REVIEW;
    if (review.status === 'approved') continue;
    const record = await loadRecord(deps.s3, version);
    if (!record) continue;
    items.push({
      projectId: version.projectId,
      version: sha256,
      receivedAt: version.receivedAt,
      kind: version.kind,
      status: review.status,
      errors: record.checks.filter((c) => c.severity === 'error').length,
      warnings: record.checks.filter((c) => c.severity === 'warning').length,
      unconfirmed: unconfirmedKeyIndicators(record, review),
    });
  }
  return { items: items.sort(queueOrder) };
}
