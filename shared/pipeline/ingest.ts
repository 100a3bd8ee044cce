import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { InvalidMessageError } from '../errors.ts';
import { rejectionOf, tooLargeRecord } from '../parsing/record.ts';
import { extractDocumentWithText, type OcrPages } from '../readers/intake.ts';
import type { ReportRecord } from '../schemas/report-record.ts';
import {
  type ObjectRef,
  objectRefsOf,
  S3NotificationSchema,
  versionOf,
} from '../schemas/s3-event.ts';
import { putJson, putText, readObject, tagObject } from '../storage/object-store.ts';
import {
  type AuditEvent,
  claimReport,
  type IndicatorValue,
  moveLatest,
  type ProjectSummary,
  putObjectOutcome,
  type ReportVersion,
  writeVersionItems,
} from '../storage/report-store.ts';
import {
  INBOX_PREFIX,
  MAX_INLINE_RECORD_BYTES,
  READ_TEXT_PREFIX,
  RECORDS_PREFIX,
} from '../storage/table-definition.ts';
import { auditTimeOf } from './audit-clock.ts';
import { INDICATOR_PATHS, indicatorValuesOf } from './indicators.ts';
import { projectIdOf } from './project-id.ts';

export interface IngestDeps {
  s3: S3Client;
  ddb: DynamoDBClient;
  table: string;
  maxBytes: number;
  logger: { info: (message: string, extra: Record<string, unknown>) => void };
  /** Reads the scanned pages of an object; without it a scan is reported as having no text layer. */
  ocrFor?: (object: ObjectRef) => OcrPages;
}

export type IngestStatus = 'stored' | 'rejected' | 'duplicate' | 'missing' | 'skipped';

export interface IngestOutcome {
  key: string;
  status: IngestStatus;
  sha256?: string;
  kind?: ReportRecord['kind'];
  projectId?: string;
  reason?: string;
  checks?: number;
  latest?: boolean;
}

function sameObject(a: ObjectRef, b: ObjectRef): boolean {
  return a.bucket === b.bucket && a.key === b.key && versionOf(a) === versionOf(b);
}

/** Sort key of a version in time: event time, then S3's sequencer, then content. */
export function orderOf(ref: ObjectRef, sha256: string): string {
  return `${ref.eventTime}#${(ref.sequencer ?? '').padStart(20, '0')}#${sha256}`;
}

function objectRefText(ref: ObjectRef): string {
  return `s3://${ref.bucket}/${ref.key}`;
}

/**
 * Runs one uploaded object through extraction and storage. Safe to repeat any number of times
 * and in any order: every write is keyed on the object's identity and its content hash.
 */
export async function ingestObject(ref: ObjectRef, deps: IngestDeps): Promise<IngestOutcome> {
  const { s3, ddb, table, maxBytes, logger } = deps;
  if (!ref.key.startsWith(INBOX_PREFIX)) return { key: ref.key, status: 'skipped' };
  const read = await readObject(s3, ref, maxBytes);
  if (!read.found) {
    logger.info('object gone before it was read', { key: ref.key, reason: read.reason });
    return { key: ref.key, status: 'missing', reason: read.reason };
  }
  const { record, readText } = read.truncated
    ? { record: tooLargeRecord(ref.key, read.size, read.sha256, maxBytes) }
    : await extractDocumentWithText(read.bytes, {
        key: ref.key,
        maxBytes,
        ...(deps.ocrFor ? { ocr: deps.ocrFor(ref) } : {}),
      });
  // Written before any item names the report, so a cited line can always be shown.
  if (readText !== undefined) {
    await putText(s3, ref.bucket, readTextKeyOf(record.source.sha256), readText);
  }
  const rejection = rejectionOf(record);
  const version = await offloadLargeRecord(reportVersionOf(record, ref, ref.eventTime), s3);
  const { sha256, status, projectId } = version;
  const claim = await claimReport(ddb, table, version);
  const objectVersion = versionOf(ref);
  const subject = projectId ?? `DOC#${sha256}`;

  if (!claim.claimed && !sameObject(claim.existing.object, ref)) {
    await writeVersionItems(ddb, table, {
      audit: [
        {
          subject: claim.existing.projectId ?? `DOC#${sha256}`,
          at: auditTimeOf(ref.eventTime),
          seq: 0,
          action: 'duplicate',
          sha256,
          objectKey: ref.key,
          detail: `same content as ${objectRefText(claim.existing.object)}`,
        },
      ],
      receivedAt: ref.eventTime,
    });
    await putObjectOutcome(ddb, table, {
      bucket: ref.bucket,
      key: ref.key,
      version: objectVersion,
      sha256,
      status: 'duplicate',
      duplicateOf: sha256,
    });
    await tagObject(s3, ref, { 'epm-status': 'duplicate', 'epm-sha256': sha256 });
    logger.info('duplicate content linked', { key: ref.key, reportId: sha256 });
    return { key: ref.key, status: 'duplicate', sha256, kind: record.kind };
  }

  // The upload's own time, so a redelivered event writes the same items; seq orders the two.
  const at = auditTimeOf(ref.eventTime);
  const audit: AuditEvent[] = [
    { subject, at, seq: 0, action: 'uploaded', sha256, objectKey: ref.key },
    {
      subject,
      at,
      seq: 1,
      action: status === 'stored' ? 'extracted' : 'rejected',
      sha256,
      objectKey: ref.key,
      ...(rejection ? { detail: rejection.message } : {}),
    },
  ];
  const order = orderOf(ref, sha256);
  await writeVersionItems(ddb, table, versionItemsOf(version, record, order, audit));
  const latest = projectId
    ? await moveLatest(ddb, table, ...latestOf(record, projectId, sha256, order), INDICATOR_PATHS)
    : undefined;
  await putObjectOutcome(ddb, table, {
    bucket: ref.bucket,
    key: ref.key,
    version: objectVersion,
    sha256,
    status,
    ...(rejection ? { reason: rejection.message } : {}),
  });
  await tagObject(s3, ref, {
    'epm-status': status,
    'epm-sha256': sha256,
    ...(rejection ? { 'epm-reason': rejection.id } : {}),
  });
  logger.info(status === 'stored' ? 'report stored' : 'report rejected', {
    key: ref.key,
    reportId: sha256,
    kind: record.kind,
    ...(projectId ? { projectId } : {}),
    ...(rejection ? { reason: rejection.id } : {}),
  });
  return {
    key: ref.key,
    status,
    sha256,
    kind: record.kind,
    checks: record.checks.length,
    ...(projectId ? { projectId } : {}),
    ...(rejection ? { reason: rejection.message } : {}),
    ...(latest === undefined ? {} : { latest }),
  };
}

/** Where the read text of a report in a format other than text is kept, beside its original. */
export function readTextKeyOf(sha256: string): string {
  return `${READ_TEXT_PREFIX}${sha256}.txt`;
}

/** A version the extractor has just decided on. */
export type ExtractedVersion = ReportVersion & { status: 'stored' | 'rejected' };

/** The report version of a record, with the record inline. */
export function reportVersionOf(
  record: ReportRecord,
  ref: ObjectRef,
  receivedAt: string,
): ExtractedVersion {
  const sha256 = record.source.sha256;
  const rejection = rejectionOf(record);
  const projectId = rejection ? undefined : projectIdOf(record);
  return {
    sha256,
    status: rejection ? 'rejected' : 'stored',
    kind: record.kind,
    object: ref,
    receivedAt,
    ...(rejection ? { reason: rejection.message } : {}),
    ...(projectId ? { projectId } : {}),
    record,
  };
}

/**
 * Moves a record that would come near DynamoDB's 400 KB item limit into the inbox bucket and
 * leaves a pointer in its place. `revision` tells apart the records of later extractions.
 */
export async function offloadLargeRecord(
  version: ExtractedVersion,
  s3: S3Client,
  revision = '',
): Promise<ExtractedVersion> {
  const { record, ...rest } = version;
  if (!record || Buffer.byteLength(JSON.stringify(record)) <= MAX_INLINE_RECORD_BYTES) {
    return version;
  }
  const recordLocation = {
    bucket: version.object.bucket,
    key: `${RECORDS_PREFIX}${version.sha256}${revision}.json`,
  };
  await putJson(s3, recordLocation.bucket, recordLocation.key, record);
  return { ...rest, recordLocation };
}

/** The items a version brings beside itself: its place in the project, awards, check findings. */
export function versionItemsOf(
  version: ReportVersion,
  record: ReportRecord,
  order: string,
  audit: AuditEvent[],
): Parameters<typeof writeVersionItems>[2] {
  const { sha256, projectId } = version;
  return {
    audit,
    ...(projectId
      ? {
          projectVersion: {
            projectId,
            order,
            sha256,
            kind: record.kind,
            checks: record.checks.length,
          },
        }
      : {}),
    ...(record.awards
      ? {
          awards: record.awards.map((award, i) => ({
            ...award,
            ...(record.provenance[`awards.${i}.amount`]
              ? { line: record.provenance[`awards.${i}.amount`]?.line }
              : {}),
          })),
        }
      : {}),
    checks: record.checks.map((c) => ({ ...c, kind: record.kind, projectId })),
    sha256,
    receivedAt: version.receivedAt,
  };
}

/** What a project shows while this version is its latest: core fields and indicator values. */
export function latestOf(
  record: ReportRecord,
  projectId: string,
  sha256: string,
  order: string,
): [ProjectSummary, IndicatorValue[]] {
  const p = record.project ?? {};
  const facets = {
    fund: p.fund,
    programmingPeriod: p.programmingPeriod,
    region: p.region,
    managingAuthority: p.managingAuthority,
    programme: p.programme,
    priorityAxis: p.priorityAxis,
    status: p.status,
  };
  return [
    {
      projectId,
      latestSha: sha256,
      latestOrder: order,
      kind: record.kind,
      ...(p.code ? { code: p.code } : {}),
      ...(p.name ? { name: p.name } : {}),
      ...(p.fund ? { fund: p.fund } : {}),
      ...(p.region ? { region: p.region } : {}),
      ...(p.managingAuthority ? { managingAuthority: p.managingAuthority } : {}),
      ...(p.programmingPeriod ? { programmingPeriod: p.programmingPeriod } : {}),
      ...(p.status ? { status: p.status } : {}),
      ...(record.language ? { language: record.language } : {}),
    },
    indicatorValuesOf(record).map((v) => ({ projectId, sha256, ...facets, ...v })),
  ];
}

/** Parses a queue message body: S3 object events, or nothing for `s3:TestEvent`. */
export function objectRefsOfMessage(body: string, messageId: string): ObjectRef[] {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new InvalidMessageError(messageId, 'body is not JSON');
  }
  const parsed = S3NotificationSchema.safeParse(json);
  if (!parsed.success)
    throw new InvalidMessageError(messageId, parsed.error.issues[0]?.message ?? 'unknown shape');
  return objectRefsOf(parsed.data);
}

/** Handles one queue message: every object it names, in order. */
export async function ingestMessage(
  body: string,
  messageId: string,
  deps: IngestDeps,
): Promise<IngestOutcome[]> {
  const outcomes: IngestOutcome[] = [];
  for (const ref of objectRefsOfMessage(body, messageId)) {
    outcomes.push(await ingestObject(ref, deps));
  }
  return outcomes;
}

/** On the last receive, notes in the table that these objects failed, so nothing goes unseen. */
export async function recordFailure(
  body: string,
  messageId: string,
  reason: string,
  deps: IngestDeps,
) {
  for (const ref of objectRefsOfMessage(body, messageId)) {
    await putObjectOutcome(deps.ddb, deps.table, {
      bucket: ref.bucket,
      key: ref.key,
      version: versionOf(ref),
      status: 'failed',
      reason,
    });
  }
}
