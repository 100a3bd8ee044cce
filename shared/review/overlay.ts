import { type ReportRecord, ReportRecordSchema } from '../schemas/report-record.ts';
import * as z from '../schemas/zod.ts';

/**
 * The review overlay of one report version (contract, section "Review overlay"): what people
 * confirmed, corrected, added or marked absent, kept beside the extracted record, which is never
 * changed. The effective record is the extracted one with the reviews applied.
 */

export const REVIEW_ACTIONS = ['confirmed', 'corrected', 'added', 'absent'] as const;
export const ReviewActionSchema = z.enum(REVIEW_ACTIONS);
export type ReviewAction = z.infer<typeof ReviewActionSchema>;

/** Every action the history holds: the field actions, and approving or reopening the version. */
export const HISTORY_ACTIONS = [...REVIEW_ACTIONS, 'approved', 'reopened'] as const;
export const HistoryActionSchema = z.enum(HISTORY_ACTIONS);
export type HistoryAction = z.infer<typeof HistoryActionSchema>;

export const REVIEW_STATUSES = ['unreviewed', 'in-review', 'approved'] as const;
export const ReviewStatusSchema = z.enum(REVIEW_STATUSES);
export type ReviewStatus = z.infer<typeof ReviewStatusSchema>;

/** A field's value as the record holds it: text, a number, a yes/no, or a list of texts. */
export const FieldValueSchema = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);
export type FieldValue = z.infer<typeof FieldValueSchema>;

const line = z.int().check(z.positive());

/**
 * The latest review of one field. `previous` is the extracted value the reviewer saw (absent
 * when extraction had none); `value` is the reviewed value (absent for `absent`).
 */
export const FieldReviewSchema = z.object({
  action: ReviewActionSchema,
  value: z.optional(FieldValueSchema),
  previous: z.optional(FieldValueSchema),
  by: z.string(),
  at: z.string(),
  reason: z.optional(z.string()),
  page: z.optional(line),
  line: z.optional(line),
});
export type FieldReview = z.infer<typeof FieldReviewSchema>;

export const ReviewSchema = z.object({
  status: ReviewStatusSchema,
  approvedBy: z.optional(z.string()),
  approvedAt: z.optional(z.string()),
  fields: z.record(z.string(), FieldReviewSchema),
});
export type Review = z.infer<typeof ReviewSchema>;

/** One entry of a version's review history, in the order the actions were taken (`seq`). */
export const ReviewEventSchema = z.object({
  seq: z.int().check(z.nonnegative()),
  action: HistoryActionSchema,
  path: z.optional(z.string()),
  value: z.optional(FieldValueSchema),
  previous: z.optional(FieldValueSchema),
  by: z.string(),
  at: z.string(),
  reason: z.optional(z.string()),
  page: z.optional(line),
  line: z.optional(line),
});
export type ReviewEvent = z.infer<typeof ReviewEventSchema>;

export const EMPTY_REVIEW: Review = Object.freeze({ status: 'unreviewed', fields: {} }) as Review;

/** The overlay a history adds up to: each field's latest action, and the approval state. */
export function reviewOf(history: readonly ReviewEvent[]): Review {
  const fields: Record<string, FieldReview> = {};
  let status: ReviewStatus = 'unreviewed';
  let approval: { approvedBy: string; approvedAt: string } | undefined;
  for (const event of [...history].sort((a, b) => a.seq - b.seq)) {
    if (event.action === 'approved') {
      status = 'approved';
      approval = { approvedBy: event.by, approvedAt: event.at };
    } else if (event.action === 'reopened') {
      status = 'in-review';
      approval = undefined;
    } else if (event.path !== undefined) {
      status = 'in-review';
      const { seq: _seq, path, ...rest } = event;
      fields[path] = { ...rest, action: event.action };
    }
  }
  return { status, ...(approval ?? {}), fields };
}

/** The value at a dotted path (`funding.totalBudget`, `awards.3.amount`), or undefined. */
export function valueAt(record: unknown, path: string): unknown {
  let node: unknown = record;
  for (const part of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

function withValueAt(record: unknown, parts: string[], value: unknown): unknown {
  const [head, ...rest] = parts;
  if (head === undefined) return value;
  const base = Array.isArray(record)
    ? [...record]
    : record !== null && typeof record === 'object'
      ? { ...(record as Record<string, unknown>) }
      : {};
  const child = withValueAt((base as Record<string, unknown>)[head], rest, value);
  if (child === undefined) delete (base as Record<string, unknown>)[head];
  else (base as Record<string, unknown>)[head] = child;
  // An object emptied by marking its last field absent is no longer stated.
  if (!Array.isArray(base) && rest.length > 0 && Object.keys(base).length === 0) return undefined;
  return base;
}

/** A copy of the record with `value` at `path` (undefined removes the field). */
export function setValueAt(record: ReportRecord, path: string, value: unknown): ReportRecord {
  return (withValueAt(record, path.split('.'), value) ?? {}) as ReportRecord;
}

/**
 * The record as people reviewed it: corrected and added fields hold the reviewed value, absent
 * ones are removed (with their provenance), confirmed ones stay as extracted. Pure: the
 * extracted record is not changed.
 */
export function effectiveRecord(record: ReportRecord, review: Review | undefined): ReportRecord {
  let effective = record;
  for (const [path, field] of Object.entries(review?.fields ?? {})) {
    if (field.action === 'corrected' || field.action === 'added') {
      effective = setValueAt(effective, path, field.value);
    } else if (field.action === 'absent') {
      effective = setValueAt(effective, path, undefined);
      if (effective.provenance[path]) {
        const { [path]: _gone, ...provenance } = effective.provenance;
        effective = { ...effective, provenance };
      }
    }
  }
  return effective;
}

/** Top-level figures a person may review besides the nested ones. */
const TOP_LEVEL_FIELDS = ['awardsStatedTotal', 'awardsStatedCount', 'applicationsReceived'];

/**
 * Whether a path names one reviewable field of the record: a scalar (or the municipalities list)
 * under project, funding, indicators, horizontal or call, an award's recipient, amount or note,
 * or a stated total. Kind, language, checks, provenance and source are not figures to review.
 */
export function isReviewablePath(path: string): boolean {
  const parts = path.split('.');
  const [head, a, b, c] = parts;
  if (parts.length === 1) return TOP_LEVEL_FIELDS.includes(head ?? '');
  const shape = ReportRecordSchema.shape;
  if (head === 'project' && parts.length === 2)
    return a !== undefined && a in shape.project.def.innerType.shape;
  if (head === 'funding' && parts.length === 2)
    return a !== undefined && a !== 'byOrganisation' && a in shape.funding.def.innerType.shape;
  if (head === 'call' && parts.length === 2)
    return a !== undefined && a in shape.call.def.innerType.shape;
  if (head === 'indicators' && parts.length === 3) {
    return (
      a !== undefined &&
      a in shape.indicators.def.innerType.shape &&
      ['planned', 'plannedWomen', 'realised', 'realisedWomen'].includes(b ?? '')
    );
  }
  if (head === 'horizontal' && parts.length === 2)
    return a !== undefined && a !== 'sustainability' && a in shape.horizontal.def.innerType.shape;
  if (head === 'horizontal' && a === 'sustainability' && parts.length === 4)
    return /^[a-zA-Z0-9]+$/.test(b ?? '') && (c === 'direct' || c === 'indirect');
  if (head === 'awards' && parts.length === 3)
    return (
      /^(?:0|[1-9]\d{0,6})$/.test(a ?? '') && ['recipient', 'amount', 'note'].includes(b ?? '')
    );
  return false;
}

/**
 * Checks a reviewed value against the record schema by putting it into the record: the error
 * names the path and what the schema expects, or the value is fine. `undefined` checks that the
 * path may be left out.
 */
export function checkFieldValue(
  record: ReportRecord,
  path: string,
  value: unknown,
): { success: true } | { success: false; error: string } {
  if (!isReviewablePath(path))
    return { success: false, error: `${path}: not a reviewable field of the record` };
  if (path.startsWith('awards.')) {
    const index = Number(path.split('.')[1]);
    if (index >= (record.awards?.length ?? 0))
      return { success: false, error: `${path}: the record has no award ${index + 1}` };
  }
  const parsed = ReportRecordSchema.safeParse(setValueAt(record, path, value));
  if (parsed.success) return { success: true };
  const issue =
    parsed.error.issues.find((i) => i.path.join('.') === path) ??
    parsed.error.issues.find((i) => path.startsWith(i.path.join('.'))) ??
    parsed.error.issues[0];
  return { success: false, error: `${path}: ${issue?.message ?? 'invalid value'}` };
}
