import { describe, expect, it } from 'vitest';
import {
  checkFieldValue,
  effectiveRecord,
  isReviewablePath,
  type ReviewEvent,
  ReviewSchema,
  reviewOf,
} from '../../../shared/review/overlay.ts';
import { extractFile, seedPath } from '../../helpers/fixtures.ts';

const record = extractFile(seedPath('004'));
const at = '2026-12-07T20:00:00.000Z';

function event(seq: number, rest: Omit<ReviewEvent, 'seq' | 'by' | 'at'>): ReviewEvent {
  return { seq, by: 'rita', at, ...rest };
}

describe('reviewOf', () => {
  it('is unreviewed without history', () => {
    expect(reviewOf([])).toEqual({ status: 'unreviewed', fields: {} });
  });

  it('keeps the latest action of each field, in sequence order', () => {
    const review = reviewOf([
      event(1, { action: 'confirmed', path: 'funding.publicPlanned', value: 1, previous: 1 }),
      event(0, { action: 'corrected', path: 'funding.publicPlanned', value: 2, reason: 'typo' }),
    ]);
    expect(review.status).toBe('in-review');
    expect(review.fields['funding.publicPlanned']?.action).toBe('confirmed');
    expect(ReviewSchema.safeParse(review).success).toBe(true);
  });

  it('approves and reopens', () => {
    const approved = reviewOf([event(0, { action: 'approved' })]);
    expect(approved).toMatchObject({ status: 'approved', approvedBy: 'rita', approvedAt: at });
    const reopened = reviewOf([
      event(0, { action: 'approved' }),
      event(1, { action: 'reopened', reason: 'wrong total' }),
    ]);
    expect(reopened.status).toBe('in-review');
    expect(reopened.approvedBy).toBeUndefined();
  });
});

describe('effectiveRecord', () => {
  it('applies corrections, additions and absences without changing the extracted record', () => {
    const before = structuredClone(record);
    const review = reviewOf([
      event(0, {
        action: 'corrected',
        path: 'funding.euAndStateGranted',
        value: 336124,
        previous: 336123,
        reason: 'typo',
      }),
      event(1, { action: 'added', path: 'funding.totalBudget', value: 500000, reason: 'p. 2' }),
      event(2, { action: 'absent', path: 'indicators.jobsCreated.planned', reason: 'not stated' }),
      event(3, { action: 'confirmed', path: 'funding.publicPlanned', value: 420153 }),
    ]);
    const effective = effectiveRecord(record, review);
    expect(effective.funding?.euAndStateGranted).toBe(336124);
    expect(effective.funding?.totalBudget).toBe(500000);
    expect(effective.funding?.publicPlanned).toBe(420153);
    expect(effective.indicators?.jobsCreated?.planned).toBeUndefined();
    expect(effective.indicators?.jobsCreated?.realised).toBe(3.7);
    expect(effective.provenance['indicators.jobsCreated.planned']).toBeUndefined();
    expect(record).toEqual(before);
  });

  it('returns the record as extracted without a review', () => {
    expect(effectiveRecord(record, undefined)).toBe(record);
  });
});

describe('checkFieldValue', () => {
  it('accepts a value of the field type', () => {
    expect(checkFieldValue(record, 'funding.totalBudget', 1000).success).toBe(true);
    expect(checkFieldValue(record, 'project.startDate', '2020-01-31').success).toBe(true);
    expect(checkFieldValue(record, 'horizontal.genderMainstreamed', true).success).toBe(true);
  });

  it('refuses a value of another type, naming the path', () => {
    const wrong = checkFieldValue(record, 'funding.totalBudget', 'lots');
    expect(wrong).toMatchObject({ success: false });
    expect(wrong.success ? '' : wrong.error).toMatch(/^funding\.totalBudget: .*number/);
    expect(checkFieldValue(record, 'project.startDate', '2020-02-31').success).toBe(false);
    expect(checkFieldValue(record, 'project.fund', 'GOLD').success).toBe(false);
  });

  it('refuses paths that are not reviewable fields', () => {
    for (const path of [
      'checks',
      'source.sha256',
      'funding.nope',
      'kind',
      'funding',
      'awards.0.amount',
    ]) {
      expect(checkFieldValue(record, path, 1).success, path).toBe(false);
    }
    expect(isReviewablePath('indicators.jobsCreated.realised')).toBe(true);
    expect(isReviewablePath('indicators.jobsCreated.total')).toBe(false);
    expect(isReviewablePath('horizontal.sustainability.wellbeing.direct')).toBe(true);
  });
});
