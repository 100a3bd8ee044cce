import type { Review } from '../shared/review/overlay.ts';
import { fieldName } from './fields.ts';
import type { Formatter } from './format.ts';
import type { Block, SectionBlock } from './layout.ts';

/** A version's review overlay, as the contract's "Review overlay" section has it. */
export type ReviewNotes = Review;

/** Footnote marks of the values a reviewer changed: `*1`, `*2`, … in the order of the review. */
export function reviewMarks(review: ReviewNotes | undefined): Map<string, string> {
  const marks = new Map<string, string>();
  for (const [path, item] of Object.entries(review?.fields ?? {})) {
    if (item.action !== 'confirmed') marks.set(path, `*${marks.size + 1}`);
  }
  return marks;
}

/** A formatter that appends a reviewed field's mark to its printed value. */
export function withReviewMarks(f: Formatter, review: ReviewNotes | undefined): Formatter {
  const marks = reviewMarks(review);
  if (marks.size === 0) return f;
  return { ...f, mark: (path) => (path && marks.has(path) ? ` ${marks.get(path)}` : '') };
}

function label(path: string, f: Formatter): string {
  const { subject, aspect } = fieldName(path, f);
  return aspect ? `${subject}, ${aspect}` : subject;
}

/** A reviewed value as printed: euros, shares and counts by the field they belong to. */
export function reviewedValue(path: string, value: unknown, f: Formatter): string {
  if (value === undefined || value === null) return f.strings.notStated;
  if (typeof value === 'number') {
    if (/Rate$/.test(path)) return f.percent(value);
    if (/^funding\.|^awardsStatedTotal$|\.amount$/.test(path)) return f.money(value);
    return f.number(value);
  }
  if (typeof value === 'boolean') return f.yesNo(value);
  if (typeof value === 'string')
    return /^\d{4}-\d{2}-\d{2}/.test(value) ? f.dateTime(value) : value;
  return JSON.stringify(value);
}

function instantOf(iso: string | undefined, f: Formatter): string {
  const at = iso === undefined ? undefined : new Date(iso);
  return at && !Number.isNaN(at.getTime()) ? f.instant(at) : (iso ?? f.strings.notStated);
}

/** Who approved the report and when, or that nobody has yet. */
export function approvalLine(review: ReviewNotes, f: Formatter): string {
  const s = f.strings.review;
  if (review.status === 'approved' && review.approvedBy) {
    return s.approved(review.approvedBy, instantOf(review.approvedAt, f));
  }
  return review.status === 'in-review' ? s.inReview : s.notApproved;
}

/** The review section: approval, and each value a reviewer corrected, added or marked absent. */
export function reviewSection(review: ReviewNotes, f: Formatter): SectionBlock {
  const s = f.strings.review;
  const marks = reviewMarks(review);
  const entries = Object.entries(review.fields);
  const confirmed = entries.filter(([, item]) => item.action === 'confirmed').length;
  const blocks: Block[] = [{ type: 'paragraph', text: approvalLine(review, f) }];
  if (marks.size > 0) {
    blocks.push({
      type: 'table',
      caption: s.caption,
      columns: [
        { header: s.mark, width: 0.11, align: 'left' },
        { header: s.field, width: 0.29, align: 'left' },
        { header: s.value, width: 0.18, align: 'right' },
        { header: s.note, width: 0.42, align: 'left' },
      ],
      rows: entries
        .filter(([, item]) => item.action !== 'confirmed')
        .map(([path, item]) => {
          const reason = item.reason ?? '';
          const note =
            item.action === 'corrected'
              ? `${s.corrected(reason)} ${s.extracted(reviewedValue(path, item.previous, f))}`
              : item.action === 'added'
                ? s.added(reason, item.line, item.page)
                : s.absent(reason);
          const shown = item.action === 'absent' ? '' : reviewedValue(path, item.value, f);
          return [marks.get(path) ?? '', label(path, f), shown, `${note} (${item.by})`];
        }),
    });
  }
  if (confirmed > 0) {
    blocks.push({ type: 'paragraph', text: s.confirmed(confirmed), tone: 'muted' });
  }
  return { type: 'section', heading: s.heading, blocks };
}
