import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { InvalidStreamRecordError } from '../errors.ts';
import type { ReportFonts } from '../rendering/fonts.ts';
import { type AuthorityLanguages, chooseLanguage } from '../rendering/language.ts';
import { renderFinalReport } from '../rendering/render-report.ts';
import { EMPTY_REVIEW } from '../review/overlay.ts';
import type { Language, ReportRecord } from '../schemas/report-record.ts';
import { TableStreamRecordSchema } from '../schemas/table-stream.ts';
import type { PublishFinalReport } from '../storage/final-report-events.ts';
import { putPdf } from '../storage/object-store.ts';
import {
  getReport,
  loadRecord,
  type ReportVersion,
  reportVersionFromImage,
  setFinalReport,
  writeVersionItems,
} from '../storage/report-store.ts';
import { getReviewState } from '../storage/review-store.ts';
import { nextAuditTime } from './audit-clock.ts';
import { slug } from './project-id.ts';

/** Prefix of every final report in the outbox bucket. */
export const FINAL_REPORTS_PREFIX = 'final-reports/';

export interface FinalReportDeps {
  s3: S3Client;
  ddb: DynamoDBClient;
  table: string;
  /** The outbox bucket: final reports only, never the inbox. */
  outbox: string;
  fonts: ReportFonts;
  authorityLanguages: AuthorityLanguages;
  publish: PublishFinalReport;
  /** The clock of the audit event; the PDF's own time is the stream record's. */
  now?: () => Date;
  /** The managing authority's IANA time zone, for every time the report prints (Europe/Helsinki). */
  timeZone?: string;
  logger: { info: (message: string, extra: Record<string, unknown>) => void };
}

export type FinalReportOutcome =
  | { status: 'rendered'; sha256: string; key: string; language: Language }
  | { status: 'skipped'; sha256?: string; reason: string };

/** The slug an authority's reports are filed under; reports that name none share one folder. */
export function authoritySlug(managingAuthority: string | undefined): string {
  const value = managingAuthority ? slug(managingAuthority) : '';
  return value === '' ? 'unassigned' : value;
}

/**
 * Where a version's final report goes:
 * `final-reports/<authority>/<project id or DOC-sha>/<sha256>.<lang>.pdf`. Derived from the
 * version alone, so rendering the same version again writes the same key.
 */
export function finalReportKey(
  version: { sha256: string; projectId?: string | undefined },
  record: ReportRecord,
  language: Language,
): string {
  const folder = version.projectId
    ? version.projectId.replace(/[^A-Za-z0-9._-]+/g, '-')
    : `DOC-${version.sha256}`;
  return `${FINAL_REPORTS_PREFIX}${authoritySlug(record.project?.managingAuthority)}/${folder}/${version.sha256}.${language}.pdf`;
}

async function recordOf(version: ReportVersion, s3: S3Client): Promise<ReportRecord> {
  const record = await loadRecord(s3, version);
  if (!record) {
    throw new InvalidStreamRecordError(
      version.sha256,
      'the report has neither a record nor a pointer',
    );
  }
  return record;
}

/**
 * Renders the final report of one stored version, writes it to the outbox, publishes "final
 * report ready", records the audit event and, last, the PDF's key on the version: a version
 * whose key is recorded is done, and a retry of one that is not does it all again.
 */
export async function renderStoredReport(
  version: ReportVersion,
  generatedAt: Date,
  deps: FinalReportDeps,
  /** `again`: render even though a PDF is recorded, as its file is gone (`epm reconcile`). */
  options: { again?: boolean } = {},
): Promise<FinalReportOutcome> {
  const { sha256 } = version;
  if (version.status !== 'stored') return { status: 'skipped', sha256, reason: version.status };
  const record = await recordOf(version, deps.s3);
  const language = chooseLanguage(record, deps.authorityLanguages);
  const key = finalReportKey(version, record, language);
  if (!options.again && version.finalReports?.[language] === key) {
    return { status: 'skipped', sha256, reason: 'already rendered' };
  }
  const current = options.again ? undefined : await getReport(deps.ddb, deps.table, sha256);
  if (current?.finalReports?.[language] === key) {
    return { status: 'skipped', sha256, reason: 'already rendered' };
  }

  const received = new Date(version.receivedAt);
  // The review as it stands: effective values, reviewed ones marked, and who approved, or not yet.
  const review = (await getReviewState(deps.ddb, deps.table, sha256))?.review ?? EMPTY_REVIEW;
  const pdf = await renderFinalReport(record, {
    language,
    generatedAt,
    fonts: deps.fonts,
    review,
    ...(deps.timeZone === undefined ? {} : { timeZone: deps.timeZone }),
    ...(Number.isNaN(received.getTime()) ? {} : { receivedAt: received }),
  });
  await putPdf(deps.s3, deps.outbox, key, pdf, { sha256, language });
  const authority = authoritySlug(record.project?.managingAuthority);
  await deps.publish({
    type: 'final-report-ready',
    sha256,
    kind: record.kind,
    projectId: version.projectId,
    managingAuthority: record.project?.managingAuthority,
    authority,
    language,
    bucket: deps.outbox,
    key,
    generatedAt: generatedAt.toISOString(),
  });
  // Not the PDF's time: the stream's creation time is rounded down, before the events it follows.
  const subject = version.projectId ?? `DOC#${sha256}`;
  const now = deps.now ?? (() => new Date());
  await writeVersionItems(deps.ddb, deps.table, {
    audit: [
      {
        subject,
        at: await nextAuditTime(deps.ddb, deps.table, subject, now()),
        seq: 0,
        action: 'rendered',
        sha256,
        objectKey: key,
        detail: `final report (${language}) in s3://${deps.outbox}/${key}`,
      },
    ],
    receivedAt: version.receivedAt,
  });
  await setFinalReport(deps.ddb, deps.table, sha256, language, key);
  deps.logger.info('final report rendered', {
    reportId: sha256,
    key,
    language,
    bytes: pdf.length,
    ...(version.projectId ? { projectId: version.projectId } : {}),
  });
  return { status: 'rendered', sha256, key, language };
}

/**
 * What the render function subscribes to: a report version stored for the first time, one
 * whose record a newer parser replaced (`reextractedAt`), or one approved or reopened
 * (`reviewedAt`). The same rule is the event source's
 * filter in AWS; the function checks it again. Recording a rendered PDF on a re-extracted
 * version passes the filter too, and is then skipped as already rendered.
 */
export function needsFinalReport(record: unknown): boolean {
  const parsed = TableStreamRecordSchema.safeParse(record);
  if (!parsed.success) return false;
  const image = parsed.data.dynamodb.NewImage ?? {};
  const attribute = (name: string) => {
    const value = image[name];
    return typeof value === 'object' && value !== null && 'S' in value ? value.S : undefined;
  };
  if (attribute('type') !== 'report' || attribute('status') !== 'stored') return false;
  const { eventName } = parsed.data;
  return (
    eventName === 'INSERT' ||
    (eventName === 'MODIFY' &&
      (attribute('reextractedAt') !== undefined || attribute('reviewedAt') !== undefined))
  );
}

/**
 * Handles one table stream record: the final report of the report version it carries. Other
 * items, removals and versions not stored are skipped. The generation time is the record's
 * creation time, so a redelivered record renders the same bytes; `now` serves records without.
 */
export async function renderStreamRecord(
  record: unknown,
  now: () => Date,
  deps: FinalReportDeps,
): Promise<FinalReportOutcome> {
  const parsed = TableStreamRecordSchema.safeParse(record);
  if (!parsed.success) {
    const eventId =
      typeof record === 'object' && record !== null && 'eventID' in record
        ? String(record.eventID)
        : 'without an event id';
    throw new InvalidStreamRecordError(eventId, parsed.error.issues[0]?.message ?? 'unknown shape');
  }
  const { eventName, dynamodb } = parsed.data;
  if (eventName === 'REMOVE' || !dynamodb.NewImage) {
    return { status: 'skipped', reason: `${eventName} without a new image` };
  }
  const version = reportVersionFromImage(dynamodb.NewImage);
  if (!version) return { status: 'skipped', reason: 'not a report version' };
  const created = dynamodb.ApproximateCreationDateTime;
  const generatedAt = created === undefined ? now() : new Date(created * 1000);
  return renderStoredReport(version, generatedAt, { ...deps, now: deps.now ?? now });
}
