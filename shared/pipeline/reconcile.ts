import type { ObjectRef } from '../schemas/s3-event.ts';
import type { ListedObject, VersionSummary } from '../storage/inventory.ts';
import type { UploadedObject } from '../storage/report-store.ts';
import { getReport } from '../storage/report-store.ts';
import {
  type FinalReportDeps,
  type FinalReportOutcome,
  renderStoredReport,
} from './final-report.ts';
import { type IngestDeps, type IngestOutcome, ingestObject } from './ingest.ts';

/**
 * Where an upload ended:
 * - `rendered`: stored, and its final-report PDF is in the outbox;
 * - `awaiting-pdf`: stored, and its PDF is not (yet) in the outbox;
 * - `quarantined`: rejected, with the reason;
 * - `dead-lettered`: not (completely) stored; extracting it again finishes it.
 */
export const UPLOAD_STATES = ['rendered', 'awaiting-pdf', 'quarantined', 'dead-lettered'] as const;
export type UploadState = (typeof UPLOAD_STATES)[number];

/** What brings an upload to its final state: render its PDF, extract it again, or nothing. */
export type Repair = 'render' | 'reingest' | 'none';

/** A stored report version, as far as reconciling needs it. */
export type StoredVersion = VersionSummary;

/** An object in the inbox bucket, as a listing shows it. */
export type InboxObject = ListedObject & { versionId?: string | undefined };

export interface Inventory {
  inboxBucket: string;
  inbox: InboxObject[];
  versions: StoredVersion[];
  objects: UploadedObject[];
  /** Keys in the outbox bucket. */
  outbox: string[];
  /** Why uploads were dead-lettered, by object key, where a dead-letter queue says so. */
  deadLetters?: ReadonlyMap<string, string>;
}

export interface UploadFinding {
  bucket: string;
  key: string;
  state: UploadState;
  repair: Repair;
  sha256?: string;
  /** Why it is quarantined, dead-lettered or awaiting its PDF. */
  reason?: string;
  /** The final report's key in the outbox, once rendered. */
  pdf?: string;
  /** A final report is recorded, but its file is not in the outbox. */
  pdfGone?: boolean;
  /** The inbox object, when extracting it again is the repair. */
  object?: InboxObject;
}

export interface ReconcilePlan {
  uploads: UploadFinding[];
  counts: Record<UploadState, number>;
}

const unquoted = (eTag: string | undefined) => (eTag ?? '').replace(/"/g, '');

function sameVersion(
  outcome: UploadedObject,
  object: InboxObject,
  eTagOf: (sha: string) => string,
) {
  if (object.versionId && outcome.version === object.versionId) return true;
  if (outcome.version === `etag-${unquoted(object.eTag)}`) return true;
  // A versioned bucket names versions by id, which a plain listing does not show.
  return outcome.sha256 !== undefined && eTagOf(outcome.sha256) === unquoted(object.eTag);
}

function versionState(
  version: StoredVersion,
  outbox: ReadonlySet<string>,
): Pick<UploadFinding, 'state' | 'repair' | 'reason' | 'pdf' | 'pdfGone'> {
  if (!version.hasRecord) {
    return {
      state: 'dead-lettered',
      repair: 'reingest',
      reason: 'report version without its record',
    };
  }
  if (version.status === 'rejected') {
    return { state: 'quarantined', repair: 'none', reason: version.reason ?? 'rejected' };
  }
  if (version.status !== 'stored') {
    return { state: 'dead-lettered', repair: 'reingest', reason: version.reason ?? version.status };
  }
  const recorded = Object.values(version.finalReports ?? {});
  const pdf = recorded.find((key) => outbox.has(key));
  if (pdf) return { state: 'rendered', repair: 'none', pdf };
  if (recorded.length > 0) {
    return {
      state: 'awaiting-pdf',
      repair: 'render',
      reason: 'its recorded final report is not in the outbox',
      pdfGone: true,
    };
  }
  return { state: 'awaiting-pdf', repair: 'render', reason: 'no final report rendered yet' };
}

/**
 * Puts every upload in exactly one state, from what the table and buckets hold, and names the
 * repair that completes it. Pure: the same inventory gives the same plan.
 */
export function planReconcile(inventory: Inventory): ReconcilePlan {
  const outbox = new Set(inventory.outbox);
  const bySha = new Map(inventory.versions.map((v) => [v.sha256, v]));
  const eTagOf = (sha256: string) => unquoted(bySha.get(sha256)?.object.eTag);
  const outcomesByKey = new Map<string, UploadedObject[]>();
  for (const outcome of inventory.objects) {
    if (outcome.bucket !== inventory.inboxBucket) continue;
    outcomesByKey.set(outcome.key, [...(outcomesByKey.get(outcome.key) ?? []), outcome]);
  }
  const versionsByObject = new Map(
    inventory.versions.map((v) => [`${v.object.key}#${unquoted(v.object.eTag)}`, v]),
  );
  const seen = new Set<string>();
  const listed = new Set(inventory.inbox.map((o) => o.key));
  const uploads: UploadFinding[] = [];
  const bucket = inventory.inboxBucket;

  for (const object of [...inventory.inbox].sort((a, b) => a.key.localeCompare(b.key))) {
    const candidates = outcomesByKey.get(object.key) ?? [];
    const outcome =
      candidates.find((o) => o.status !== 'failed' && sameVersion(o, object, eTagOf)) ??
      candidates.find((o) => sameVersion(o, object, eTagOf));
    const version = outcome?.sha256 ? bySha.get(outcome.sha256) : undefined;
    if (version && version.object.key === object.key) seen.add(version.sha256);
    if (!outcome || outcome.status === 'failed' || !version) {
      const partial = versionsByObject.get(`${object.key}#${unquoted(object.eTag)}`);
      if (partial) seen.add(partial.sha256);
      uploads.push({
        bucket,
        key: object.key,
        state: 'dead-lettered',
        repair: 'reingest',
        ...(partial ? { sha256: partial.sha256 } : {}),
        reason:
          inventory.deadLetters?.get(object.key) ??
          outcome?.reason ??
          (partial ? 'stored, but its extraction did not finish' : 'no record of this upload'),
        object,
      });
      continue;
    }
    const state = versionState(version, outbox);
    uploads.push({
      bucket,
      key: object.key,
      sha256: version.sha256,
      ...state,
      ...(outcome.status === 'rejected' && outcome.reason ? { reason: outcome.reason } : {}),
      ...(state.repair === 'reingest' ? { object } : {}),
    });
  }

  // Versions whose upload is no longer in the inbox still need their final report.
  for (const version of inventory.versions) {
    if (seen.has(version.sha256) || version.object.bucket !== bucket) continue;
    if (listed.has(version.object.key)) continue;
    const state = versionState(version, outbox);
    uploads.push({
      bucket,
      key: version.object.key,
      sha256: version.sha256,
      ...state,
      ...(state.repair === 'reingest'
        ? { repair: 'none', reason: `${state.reason ?? ''}; its upload is gone from the inbox` }
        : {}),
    });
  }

  const counts = Object.fromEntries(UPLOAD_STATES.map((s) => [s, 0])) as Record<
    UploadState,
    number
  >;
  for (const upload of uploads) counts[upload.state]++;
  return { uploads, counts };
}

export interface RepairOutcome {
  key: string;
  repair: Exclude<Repair, 'none'>;
  sha256?: string | undefined;
  /** `done` when the repair changed something, else why not. */
  result: 'done' | 'unchanged' | 'failed';
  detail?: string;
}

export interface RepairDeps {
  ingest: IngestDeps;
  render: FinalReportDeps;
  now: () => Date;
}

function ingestResult(outcome: IngestOutcome): Pick<RepairOutcome, 'result' | 'detail'> {
  if (outcome.status === 'missing')
    return { result: 'failed', detail: outcome.reason ?? 'missing' };
  return { result: 'done', detail: outcome.status };
}

function renderResult(outcome: FinalReportOutcome): Pick<RepairOutcome, 'result' | 'detail'> {
  return outcome.status === 'rendered'
    ? { result: 'done', detail: outcome.key }
    : { result: 'unchanged', detail: outcome.reason };
}

/**
 * Carries out a plan's repairs, one upload at a time, through the code the functions run:
 * `ingestObject` as the extract function does, `renderStoredReport` as the render function
 * does. Both are idempotent, so repairing twice does no harm; a failure is reported, not thrown.
 */
export async function applyRepairs(
  plan: ReconcilePlan,
  deps: RepairDeps,
): Promise<RepairOutcome[]> {
  const outcomes: RepairOutcome[] = [];
  const rendered = new Set<string>();
  for (const upload of plan.uploads) {
    if (upload.repair === 'none') continue;
    const base = { key: upload.key, repair: upload.repair, sha256: upload.sha256 };
    try {
      if (upload.repair === 'reingest') {
        if (!upload.object) continue;
        const ref: ObjectRef = {
          bucket: upload.bucket,
          key: upload.object.key,
          eTag: unquoted(upload.object.eTag),
          eventTime: upload.object.lastModified,
          ...(upload.object.versionId ? { versionId: upload.object.versionId } : {}),
          ...(upload.object.size === undefined ? {} : { size: upload.object.size }),
        };
        const ingested = await ingestObject(ref, deps.ingest);
        outcomes.push({ ...base, sha256: ingested.sha256, ...ingestResult(ingested) });
        continue;
      }
      if (!upload.sha256 || rendered.has(upload.sha256)) continue;
      rendered.add(upload.sha256);
      const version = await getReport(deps.render.ddb, deps.render.table, upload.sha256);
      if (!version) {
        outcomes.push({ ...base, result: 'failed', detail: 'report version not found' });
        continue;
      }
      outcomes.push({
        ...base,
        ...renderResult(
          await renderStoredReport(version, deps.now(), deps.render, {
            again: upload.pdfGone === true,
          }),
        ),
      });
    } catch (error) {
      outcomes.push({
        ...base,
        result: 'failed',
        detail: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return outcomes;
}

/**
 * Aggregates: each one worked out again from the projects' latest records and compared with
 * the stored one (`epm reconcile --aggregates`); no difference means they are equal exactly.
 */
export {
  compareAggregates as reconcileAggregates,
  describeDifference,
  refreshAllAggregates,
} from '../aggregates/recompute.ts';
