import type { QueryDeps } from '../api/queries.ts';
import type { Principal } from '../auth/principal.ts';
import { BadRequestError, EpmError, NotFoundError } from '../errors.ts';
import { withoutPersonalData } from '../parsing/contacts.ts';
import { DEFAULT_MAX_BYTES, readDocument } from '../parsing/decode.ts';
import { nextAuditTime } from '../pipeline/audit-clock.ts';
import { readTextKeyOf } from '../pipeline/ingest.ts';
import type { ReportRecord } from '../schemas/report-record.ts';
import * as z from '../schemas/zod.ts';
import { readObject } from '../storage/object-store.ts';
import { getReport, loadRecord, type ReportVersion } from '../storage/report-store.ts';
import { getReviewState, listReviewEvents, putReviewAction } from '../storage/review-store.ts';
import {
  checkFieldValue,
  EMPTY_REVIEW,
  effectiveRecord,
  FieldValueSchema,
  isReviewablePath,
  type Review,
  ReviewActionSchema,
  type ReviewEvent,
  reviewOf,
  valueAt,
} from './overlay.ts';

/** A review action refused in the version's state: approved (locked), or not approved yet. */
export class ReviewStateError extends EpmError {
  readonly statusCode = 409;

  constructor(message: string) {
    super(message);
    this.name = 'ReviewStateError';
  }
}

const text = z.string().check(z.minLength(1), z.maxLength(2000));
const line = z.int().check(z.positive());

export const ReviewRequestSchema = z.object({
  action: ReviewActionSchema,
  path: z.string().check(z.minLength(1), z.maxLength(200)),
  value: z.optional(FieldValueSchema),
  reason: z.optional(text),
  page: z.optional(line),
  line: z.optional(line),
});
export type ReviewRequest = z.infer<typeof ReviewRequestSchema>;

export const ReopenRequestSchema = z.object({ reason: text });
export const ApproveRequestSchema = z.object({});

export interface ReviewedVersion {
  version: ReportVersion;
  record: ReportRecord;
  review: Review;
  nextSeq: number;
}

/** A project's report version, its extracted record and its review; 404 when it is not theirs. */
export async function reviewedVersion(
  deps: QueryDeps,
  code: string,
  sha256: string,
): Promise<ReviewedVersion> {
  const version = await getReport(deps.ddb, deps.table, sha256);
  if (!version || version.projectId !== code)
    throw new NotFoundError(`Report version ${sha256} of project ${code}`);
  const record = await loadRecord(deps.s3, version);
  if (!record) throw new NotFoundError(`Record of report version ${sha256}`);
  const state = await getReviewState(deps.ddb, deps.table, sha256);
  return { version, record, review: state?.review ?? EMPTY_REVIEW, nextSeq: state?.nextSeq ?? 0 };
}

/**
 * The review overlay of a version whose record is already read, and the record with it applied,
 * for `GET …/reports/{version}`: only the review state is read here.
 */
export async function reviewOfVersion(
  deps: QueryDeps,
  sha256: string,
  record: ReportRecord,
): Promise<{ review: Review; effective: ReportRecord }> {
  const review = (await getReviewState(deps.ddb, deps.table, sha256))?.review ?? EMPTY_REVIEW;
  return { review, effective: effectiveRecord(record, review) };
}

const REASON_NEEDED = new Set(['corrected', 'added', 'absent']);

function json(value: unknown): string {
  return JSON.stringify(value);
}

/**
 * What a review request becomes, or a 400 that says what is wrong with it: confirming needs an
 * extracted value, correcting a value to correct, adding a field extraction missed; corrections,
 * additions and absences need a reason; values must fit the record schema at that path.
 */
export function reviewEventOf(
  current: Pick<ReviewedVersion, 'record' | 'review' | 'nextSeq'>,
  request: ReviewRequest,
  by: Principal,
  at: string,
): ReviewEvent {
  const { record, review } = current;
  const { action, path } = request;
  const extracted = valueAt(record, path);
  const effective = valueAt(effectiveRecord(record, review), path);
  if (!isReviewablePath(path)) {
    throw new BadRequestError(`path: ${path} is not a reviewable field of the record`);
  }
  if (REASON_NEEDED.has(action) && !request.reason) {
    throw new BadRequestError(`reason: a reason is required to mark ${path} ${action}`);
  }
  if ((action === 'confirmed' || action === 'absent') && request.value !== undefined) {
    throw new BadRequestError(`value: ${action} takes no value; to change ${path} use corrected`);
  }
  if ((action === 'corrected' || action === 'added') && request.value === undefined) {
    throw new BadRequestError(`value: ${action} needs the value of ${path}`);
  }
  if (action === 'confirmed' && extracted === undefined) {
    throw new BadRequestError(
      `${path}: extraction found no value to confirm; add it (added) or mark it absent`,
    );
  }
  if (action === 'corrected' && effective === undefined) {
    throw new BadRequestError(`${path}: there is no value to correct; add it (added) instead`);
  }
  if (action === 'added' && extracted !== undefined) {
    throw new BadRequestError(`${path}: extraction found ${json(extracted)}; correct it instead`);
  }
  if (request.value !== undefined) {
    const checked = checkFieldValue(record, path, request.value);
    if (!checked.success) throw new BadRequestError(`value: ${checked.error}`);
  }
  const previous = FieldValueSchema.safeParse(extracted);
  return {
    seq: current.nextSeq,
    action,
    path,
    ...(action === 'confirmed' && previous.success ? { value: previous.data } : {}),
    ...(request.value === undefined ? {} : { value: request.value }),
    ...(previous.success ? { previous: previous.data } : {}),
    by: by.name,
    at,
    ...(request.reason ? { reason: request.reason } : {}),
    ...(request.page === undefined ? {} : { page: request.page }),
    ...(request.line === undefined ? {} : { line: request.line }),
  };
}

function subjectOf(version: ReportVersion): string {
  return version.projectId ?? `DOC#${version.sha256}`;
}

/** Writes one action after those before it, with its audit event; the overlay it leads to. */
async function record(
  deps: QueryDeps,
  current: ReviewedVersion,
  taken: ReviewEvent,
): Promise<Review> {
  const sha256 = current.version.sha256;
  const subject = subjectOf(current.version);
  const at = await nextAuditTime(deps.ddb, deps.table, subject, new Date(taken.at));
  const event = { ...taken, at };
  const review = reviewOf([...(await listReviewEvents(deps.ddb, deps.table, sha256)), event]);
  // The audit log names the action, the field and who; values and reasons stay in the review
  // history, which operators do not see.
  const detail = [
    `review #${event.seq + 1}: ${event.action}`,
    ...(event.path ? [event.path] : []),
    `by ${event.by}`,
  ].join(' ');
  await putReviewAction(deps.ddb, deps.table, {
    sha256,
    expectedSeq: current.nextSeq,
    event,
    review,
    audit: {
      subject,
      at,
      seq: 0,
      action: `review-${event.action}`,
      sha256,
      objectKey: current.version.object.key,
      detail,
    },
    rerender: event.action === 'approved' || event.action === 'reopened',
  });
  return review;
}

function assertReviewable(current: ReviewedVersion): void {
  if (current.version.status !== 'stored') {
    throw new ReviewStateError(
      `Report version ${current.version.sha256} is ${current.version.status}; only stored versions are reviewed`,
    );
  }
  if (current.review.status === 'approved') {
    throw new ReviewStateError(
      `Report version ${current.version.sha256} is approved by ${current.review.approvedBy} and locked; reopen it with a reason to change it`,
    );
  }
}

/** Confirms, corrects, adds or marks absent one field; the updated overlay. */
export async function reviewField(
  deps: QueryDeps,
  principal: Principal,
  params: { code: string; version: string },
  request: ReviewRequest,
  now: Date = new Date(),
): Promise<Review> {
  const current = await reviewedVersion(deps, params.code, params.version);
  assertReviewable(current);
  return record(deps, current, reviewEventOf(current, request, principal, now.toISOString()));
}

/** Approves a version: it is locked until reopened, and its final report is rendered again. */
export async function approveVersion(
  deps: QueryDeps,
  principal: Principal,
  params: { code: string; version: string },
  now: Date = new Date(),
): Promise<Review> {
  const current = await reviewedVersion(deps, params.code, params.version);
  assertReviewable(current);
  return record(deps, current, {
    seq: current.nextSeq,
    action: 'approved',
    by: principal.name,
    at: now.toISOString(),
  });
}

/** Reopens an approved version, with a reason, so that it can be reviewed again. */
export async function reopenVersion(
  deps: QueryDeps,
  principal: Principal,
  params: { code: string; version: string },
  reason: string,
  now: Date = new Date(),
): Promise<Review> {
  const current = await reviewedVersion(deps, params.code, params.version);
  if (current.review.status !== 'approved') {
    throw new ReviewStateError(
      `Report version ${params.version} is ${current.review.status}, not approved; only an approved version is reopened`,
    );
  }
  return record(deps, current, {
    seq: current.nextSeq,
    action: 'reopened',
    by: principal.name,
    at: now.toISOString(),
    reason,
  });
}

/** A version's review history in order, optionally of one field (approvals and reopenings too). */
export async function reviewHistory(
  deps: QueryDeps,
  params: { code: string; version: string },
  path?: string,
): Promise<{ items: ReviewEvent[] }> {
  await reviewedVersion(deps, params.code, params.version);
  const events = await listReviewEvents(deps.ddb, deps.table, params.version);
  return {
    items:
      path === undefined ? events : events.filter((e) => e.path === undefined || e.path === path),
  };
}

/** Pages of the lines provenance names, where the document has pages. */
function pagesOf(record: ReportRecord): Map<number, number> {
  const pages = new Map<number, number>();
  for (const entry of Object.values(record.provenance)) {
    if (entry.page !== undefined) pages.set(entry.line, entry.page);
  }
  return pages;
}

/**
 * The document's read text, line by line as provenance numbers it: the stored read text for
 * formats other than text, else the uploaded text itself; contact details and people's names
 * removed either way.
 */
export async function readTextOf(
  deps: QueryDeps,
  params: { code: string; version: string },
): Promise<{ lines: Array<{ line: number; page?: number; text: string }> }> {
  const { version, record } = await reviewedVersion(deps, params.code, params.version);
  const stored = await readObject(
    deps.s3,
    {
      bucket: version.object.bucket,
      key: readTextKeyOf(version.sha256),
      eventTime: version.receivedAt,
    },
    DEFAULT_MAX_BYTES * 4,
  );
  let content: string | undefined;
  if (stored.found) content = Buffer.from(stored.bytes).toString('utf8');
  else {
    const original = await readObject(deps.s3, version.object, DEFAULT_MAX_BYTES);
    if (!original.found) throw new NotFoundError(`Read text of report version ${version.sha256}`);
    const read = readDocument(original.bytes);
    if (!read.success)
      throw new NotFoundError(
        `Read text of report version ${version.sha256} (${read.error.message})`,
      );
    content = read.data.text;
  }
  const pages = pagesOf(record);
  const lines = withoutPersonalData(content.replace(/\n$/, '')).split('\n');
  return {
    lines: lines.map((text, i) => {
      const page = pages.get(i + 1);
      return { line: i + 1, ...(page === undefined ? {} : { page }), text };
    }),
  };
}
