import { PARSER_VERSION, tooLargeRecord } from '../parsing/record.ts';
import { extractDocumentWithText } from '../readers/intake.ts';
import { type Review, valueAt } from '../review/overlay.ts';
import type { ReportRecord } from '../schemas/report-record.ts';
import { versionOf } from '../schemas/s3-event.ts';
import { putText, readObject, tagObject } from '../storage/object-store.ts';
import {
  getProject,
  getReport,
  listReportsByStatus,
  loadRecord,
  moveLatest,
  pruneVersionItems,
  putObjectOutcome,
  replaceReport,
  writeVersionItems,
} from '../storage/report-store.ts';
import { getReviewState } from '../storage/review-store.ts';
import { nextAuditTime } from './audit-clock.ts';
import { INDICATOR_PATHS } from './indicators.ts';
import {
  type IngestDeps,
  latestOf,
  offloadLargeRecord,
  orderOf,
  readTextKeyOf,
  reportVersionOf,
  versionItemsOf,
} from './ingest.ts';

/**
 * - `current`: already extracted by this parser version; not read again.
 * - `unchanged`: read again, and the record came out the same.
 * - `re-extracted`: the new record replaced the old one.
 * - `held`: the new record would reject a stored report or move it to another project; nothing
 *   changed, as that needs someone to look at it.
 * - `missing`: the report or its object is gone.
 */
export type ReextractStatus = 'current' | 'unchanged' | 're-extracted' | 'held' | 'missing';

export interface ReextractOutcome {
  sha256: string;
  key?: string;
  kind?: ReportRecord['kind'];
  projectId?: string;
  status: ReextractStatus;
  /** Fields whose value the new extraction changed, added or removed. */
  changed?: string[];
  reason?: string;
}

export interface ReextractDeps extends IngestDeps {
  /** The time written on the audit event. */
  now: () => Date;
  /** Read every report again, also those the current parser version extracted. */
  all?: boolean;
}

/** Leaf values by path (`funding.totalBudget`, `awards.3.amount`), as JSON. */
function leavesOf(value: unknown, path = '', leaves = new Map<string, string>()) {
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) leavesOf(v, path ? `${path}.${k}` : k, leaves);
  } else {
    leaves.set(path, JSON.stringify(value));
  }
  return leaves;
}

/** Paths whose value differs between two records, in any key order: changed, added or removed. */
function differingPaths(a: ReportRecord, b: ReportRecord): string[] {
  const left = leavesOf(a);
  const right = leavesOf(b);
  const paths = new Set([...left.keys(), ...right.keys()]);
  return [...paths].filter((path) => left.get(path) !== right.get(path)).sort();
}

function shown(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

/**
 * Review-conflict checks of a new extraction: each reviewed field whose newly extracted value
 * differs both from the extracted value the reviewer saw (`previous`) and from the reviewed
 * value. Reviews are never changed; the check asks a reviewer to look at the field again.
 */
export function reviewConflicts(
  after: ReportRecord,
  review: Review | undefined,
): ReportRecord['checks'] {
  const checks: ReportRecord['checks'] = [];
  for (const [path, field] of Object.entries(review?.fields ?? {})) {
    const now = JSON.stringify(valueAt(after, path));
    const reviewed = field.action === 'absent' ? undefined : field.value;
    if (now === JSON.stringify(field.previous) || now === JSON.stringify(reviewed)) continue;
    checks.push({
      id: 'review-conflict',
      severity: 'warning',
      message: `${path}: the parser now reads ${shown(valueAt(after, path))} where the reviewer saw ${shown(field.previous)} and ${field.action} ${field.action === 'absent' ? 'it' : shown(reviewed)}; the reviewed value stays until a reviewer looks at it again.`,
      fields: [path],
    });
  }
  return checks;
}

/** Source and provenance say where figures come from, not what they are. */
const NOT_A_FIGURE = /^(?:source|provenance)\./;

/** Fields whose value differs between two records, source and provenance left out. */
export function changedFields(before: ReportRecord, after: ReportRecord): string[] {
  return differingPaths(before, after).filter((path) => !NOT_A_FIGURE.test(path));
}

function summary(changed: string[], from: string): string {
  const shown = changed.slice(0, 12).join(', ');
  const more = changed.length > 12 ? ` and ${changed.length - 12} more` : '';
  const fields = changed.length === 0 ? 'same figures' : `changed ${shown}${more}`;
  return `parser ${from} → ${PARSER_VERSION}: ${fields}`;
}

/**
 * Extracts one stored report version again from its uploaded object, with the current parser,
 * and replaces its record when the result differs. Everything derived from the record follows:
 * award and check items, the project version, the project's figures when this is its latest
 * version, and the object's outcome when a rejected report is now stored. The version item is
 * written last, so a run that stops half way is completed by the next one; its stream event
 * has the final report rendered again.
 */
export async function reextractReport(
  sha256: string,
  deps: ReextractDeps,
): Promise<ReextractOutcome> {
  const { s3, ddb, table, maxBytes, logger } = deps;
  const existing = await getReport(ddb, table, sha256);
  if (!existing) return { sha256, status: 'missing', reason: 'no such report' };
  const ref = existing.object;
  const before = await loadRecord(s3, existing);
  if (!before) return { sha256, status: 'missing', reason: 'the report holds no record' };
  const about = {
    sha256,
    key: ref.key,
    kind: existing.kind,
    ...(existing.projectId ? { projectId: existing.projectId } : {}),
  };
  if (!deps.all && before.source.parserVersion === PARSER_VERSION) {
    return { ...about, status: 'current' };
  }
  const read = await readObject(s3, ref, maxBytes);
  if (!read.found) return { ...about, status: 'missing', reason: read.reason };
  const { record: extracted, readText } = read.truncated
    ? { record: tooLargeRecord(ref.key, read.size, read.sha256, maxBytes) }
    : await extractDocumentWithText(read.bytes, {
        key: ref.key,
        maxBytes,
        ...(deps.ocrFor ? { ocr: deps.ocrFor(ref) } : {}),
      });
  // Reviews stay as people left them; where the parser now disagrees, a check says so.
  const review = (await getReviewState(ddb, table, sha256))?.review;
  const conflicts = reviewConflicts(extracted, review);
  const after =
    conflicts.length === 0
      ? extracted
      : { ...extracted, checks: [...extracted.checks, ...conflicts] };
  if (after.source.sha256 !== sha256) {
    return { ...about, status: 'held', reason: 'the object no longer holds this content' };
  }
  const differing = differingPaths(before, after);
  if (differing.length === 0) return { ...about, status: 'unchanged' };

  const changed = differing.filter((path) => !NOT_A_FIGURE.test(path));
  const next = reportVersionOf(after, ref, existing.receivedAt);
  if (existing.status === 'stored' && next.status === 'rejected') {
    return { ...about, status: 'held', changed, reason: `it would be rejected: ${next.reason}` };
  }
  if (existing.status === 'stored' && next.projectId !== existing.projectId) {
    const project = (id: string | undefined) => (id ? `project ${id}` : 'no project');
    return {
      ...about,
      status: 'held',
      changed,
      reason: `it would move from ${project(existing.projectId)} to ${project(next.projectId)}`,
    };
  }

  if (readText !== undefined) await putText(s3, ref.bucket, readTextKeyOf(sha256), readText);
  const version = await offloadLargeRecord(next, s3, `.${PARSER_VERSION}`);
  const order = orderOf(ref, sha256);
  const subject = version.projectId ?? `DOC#${sha256}`;
  const now = deps.now();
  const audit = {
    subject,
    at: await nextAuditTime(ddb, table, subject, now),
    seq: 0,
    action: 're-extracted',
    sha256,
    objectKey: ref.key,
    detail: summary(changed, before.source.parserVersion),
  };
  await writeVersionItems(ddb, table, versionItemsOf(version, after, order, [audit]));
  await pruneVersionItems(ddb, table, sha256, {
    awards: after.awards?.length ?? 0,
    checks: after.checks.length,
  });
  if (version.projectId) {
    const project = await getProject(ddb, table, version.projectId);
    // A report stored for the first time may become the latest; a latest one shows its new figures.
    if (existing.status === 'rejected' || project?.latestSha === sha256) {
      await moveLatest(
        ddb,
        table,
        ...latestOf(after, version.projectId, sha256, order),
        INDICATOR_PATHS,
      );
    }
  }
  if (existing.status !== version.status) {
    await putObjectOutcome(ddb, table, {
      bucket: ref.bucket,
      key: ref.key,
      version: versionOf(ref),
      sha256,
      status: version.status,
    });
    await tagObject(s3, ref, { 'epm-status': version.status, 'epm-sha256': sha256 });
  }
  await replaceReport(ddb, table, { ...version, reextractedAt: now.toISOString() });
  logger.info('report re-extracted', {
    key: ref.key,
    reportId: sha256,
    kind: after.kind,
    changed: changed.length,
    ...(version.projectId ? { projectId: version.projectId } : {}),
  });
  return {
    ...about,
    kind: after.kind,
    ...(version.projectId ? { projectId: version.projectId } : {}),
    status: 're-extracted',
    changed,
  };
}

/** Every stored and rejected report version, extracted again (see `reextractReport`). */
export async function reextractAll(deps: ReextractDeps): Promise<ReextractOutcome[]> {
  const outcomes: ReextractOutcome[] = [];
  for (const status of ['stored', 'rejected'] as const) {
    for (const { sha256 } of await listReportsByStatus(deps.ddb, deps.table, status)) {
      if (sha256) outcomes.push(await reextractReport(sha256, deps));
    }
  }
  return outcomes;
}
