import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../shared/auth/principal.ts';
import { pathValue, reviewRequestOf } from '../../../shared/cli/review-command.ts';
import { reviewConflicts } from '../../../shared/pipeline/reextract.ts';
import { EMPTY_REVIEW, reviewOf } from '../../../shared/review/overlay.ts';
import {
  type QueueItem,
  queueOrder,
  unconfirmedKeyIndicators,
} from '../../../shared/review/queue.ts';
import { reviewEventOf } from '../../../shared/review/reviews.ts';
import { extractFile, seedPath } from '../../helpers/fixtures.ts';

const record = extractFile(seedPath('004'));
const rita: Principal = { id: 'r', name: 'rita', roles: ['reviewer'], projects: [] };
const at = '2026-12-07T20:00:00.000Z';
const fresh = { record, review: EMPTY_REVIEW, nextSeq: 0 };

describe('reviewEventOf', () => {
  it('records the extracted value as previous and the reviewer', () => {
    expect(
      reviewEventOf(
        fresh,
        { action: 'corrected', path: 'funding.publicPlanned', value: 1, reason: 'x' },
        rita,
        at,
      ),
    ).toEqual({
      seq: 0,
      action: 'corrected',
      path: 'funding.publicPlanned',
      value: 1,
      previous: 420153,
      by: 'rita',
      at,
      reason: 'x',
    });
    expect(
      reviewEventOf(fresh, { action: 'confirmed', path: 'funding.publicPlanned' }, rita, at),
    ).toMatchObject({
      value: 420153,
      previous: 420153,
    });
  });

  it('refuses each request the rules do not allow, saying why', () => {
    const refused = (request: Parameters<typeof reviewEventOf>[1]) => () =>
      reviewEventOf(fresh, request, rita, at);
    expect(refused({ action: 'absent', path: 'funding.publicPlanned' })).toThrow(/reason/);
    expect(refused({ action: 'confirmed', path: 'funding.totalBudget' })).toThrow(
      /no value to confirm/,
    );
    expect(
      refused({ action: 'corrected', path: 'funding.totalBudget', value: 1, reason: 'x' }),
    ).toThrow(/add it \(added\) instead/);
    expect(
      refused({ action: 'added', path: 'funding.publicPlanned', value: 1, reason: 'x' }),
    ).toThrow(/correct it instead/);
    expect(refused({ action: 'confirmed', path: 'funding.publicPlanned', value: 1 })).toThrow(
      /takes no value/,
    );
    expect(refused({ action: 'corrected', path: 'funding.publicPlanned', reason: 'x' })).toThrow(
      /needs the value/,
    );
    expect(refused({ action: 'confirmed', path: 'provenance' })).toThrow(/not a reviewable field/);
  });
});

describe('reviewConflicts', () => {
  const review = reviewOf([
    {
      seq: 0,
      action: 'corrected',
      path: 'funding.publicPlanned',
      value: 5,
      previous: 420153,
      by: 'rita',
      at,
    },
    {
      seq: 1,
      action: 'confirmed',
      path: 'funding.publicRealised',
      value: 1,
      previous: 1,
      by: 'rita',
      at,
    },
  ]);

  it('flags a reviewed field whose newly extracted value differs from what the reviewer saw', () => {
    const checks = reviewConflicts(record, review);
    expect(checks.map((c) => c.fields)).toEqual([['funding.publicRealised']]);
    expect(checks[0]).toMatchObject({ id: 'review-conflict', severity: 'warning' });
  });

  it('flags nothing without a review', () => {
    expect(reviewConflicts(record, undefined)).toEqual([]);
  });
});

describe('review queue', () => {
  const item = (version: string, rest: Partial<QueueItem>): QueueItem => ({
    projectId: 'P',
    version,
    receivedAt: '2026-01-01',
    kind: 'project-description',
    status: 'unreviewed',
    errors: 0,
    warnings: 0,
    unconfirmed: [],
    ...rest,
  });

  it('orders errors, then warnings, then unconfirmed key indicators, then the rest', () => {
    const items = [
      item('d', {}),
      item('c', { unconfirmed: ['funding.publicPlanned'] }),
      item('b', { warnings: 1 }),
      item('a', { errors: 2 }),
    ];
    expect(items.sort(queueOrder).map((i) => i.version)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('names key indicators with a value and no review', () => {
    const open = unconfirmedKeyIndicators(record, EMPTY_REVIEW);
    expect(open).toContain('funding.euAndStateGranted');
    expect(open).not.toContain('funding.totalBudget');
    const review = reviewOf([
      { seq: 0, action: 'confirmed', path: 'funding.euAndStateGranted', by: 'rita', at },
    ]);
    expect(unconfirmedKeyIndicators(record, review)).not.toContain('funding.euAndStateGranted');
  });
});

describe('epm review options', () => {
  it('reads values as JSON where they parse, else as text', () => {
    expect(pathValue('set', 'funding.totalBudget=500000')).toEqual({
      path: 'funding.totalBudget',
      value: 500000,
    });
    expect(pathValue('set', 'project.name=Uusi nimi')).toEqual({
      path: 'project.name',
      value: 'Uusi nimi',
    });
    expect(pathValue('set', 'horizontal.genderMainstreamed=true').value).toBe(true);
    expect(() => pathValue('set', 'funding.totalBudget')).toThrow(/PATH=VALUE/);
  });

  it('takes exactly one action', () => {
    const args = { code: 'A', approve: false, reopen: false, dataDir: '.data' };
    expect(() => reviewRequestOf(args)).toThrow(/say what to do/);
    expect(() => reviewRequestOf({ ...args, approve: true, confirm: 'x' })).toThrow(
      /one action at a time/,
    );
    expect(() => reviewRequestOf({ ...args, reopen: true })).toThrow(/--reason/);
    expect(reviewRequestOf({ ...args, absent: 'project.endDate', reason: 'r' })).toEqual({
      kind: 'field',
      body: { action: 'absent', path: 'project.endDate', reason: 'r' },
    });
  });
});
