import { describe, expect, it } from 'vitest';
import { formatterFor, NBSP } from '../../../templates/format.ts';

const fi = formatterFor('fi');
const sv = formatterFor('sv');
const en = formatterFor('en');
/** Reads a formatted value with its no-break spaces as plain ones. */
const plain = (text: string) => text.replaceAll(NBSP, ' ');

describe('formatterFor', () => {
  it.each([
    [fi, 336123, '336 123 €'],
    [sv, 336123, '336 123 euro'],
    [en, 336123, '€336,123'],
    [fi, 1532910.5, '1 532 910,50 €'],
    [en, 1532910.5, '€1,532,910.50'],
    [sv, 999, '999 euro'],
    [fi, -3231, '-3 231 €'],
    [en, -3231, '-€3,231'],
    [fi, 0, '0 €'],
  ])('formats money as the stored amount: %#', (f, value, expected) => {
    expect(plain(f.money(value))).toBe(expected);
  });

  it('keeps a number and its currency on one line with no-break spaces', () => {
    expect(fi.money(336123)).toBe(`336${NBSP}123${NBSP}€`);
    expect(sv.money(336123)).toBe(`336${NBSP}123${NBSP}euro`);
  });

  it.each([
    [fi, 3.7, '3,7'],
    [sv, 1.6, '1,6'],
    [en, 3.7, '3.7'],
    [en, 1234567.25, '1,234,567.25'],
    [fi, 1234567.25, '1 234 567,25'],
    [fi, 0, '0'],
    [en, 1e-7, '0.0000001'],
  ])('formats numbers with every stored digit: %#', (f, value, expected) => {
    expect(plain(f.number(value))).toBe(expected);
  });

  it.each([
    [fi, 22.83, '22,83 %'],
    [sv, 70, '70 %'],
    [en, 22.83, '22.83%'],
  ])('formats percentages per locale: %#', (f, value, expected) => {
    expect(plain(f.percent(value))).toBe(expected);
  });

  it('computes a share to one decimal and declines one of a missing or zero whole', () => {
    expect(plain(fi.share(319949, 336123))).toBe('95,2 %');
    expect(en.share(319949, 336123)).toBe('95.2%');
    expect(fi.share(1, 0)).toBe('ei ilmoitettu');
    expect(en.share(undefined, 10)).toBe('not stated');
  });

  it('shows a missing value as "not stated" in each language, never as 0', () => {
    for (const [f, words] of [
      [fi, 'ei ilmoitettu'],
      [sv, 'inte angivet'],
      [en, 'not stated'],
    ] as const) {
      expect([
        f.money(undefined),
        f.number(undefined),
        f.percent(undefined),
        f.date(undefined),
        f.dateTime(undefined),
        f.yesNo(undefined),
        f.text(undefined),
        f.text('  '),
      ]).toEqual(Array(8).fill(words));
    }
  });

  it.each([
    [fi, '2021-09-01', '1.9.2021'],
    [sv, '2021-09-01', '1.9.2021'],
    [en, '2021-09-01', '1 September 2021'],
  ])('formats dates per locale: %#', (f, iso, expected) => {
    expect(f.date(iso)).toBe(expected);
  });

  it.each([
    [sv, '2017-09-15T16:15:00+03:00', '15.9.2017 kl. 16.15 (UTC+3)'],
    [fi, '2017-09-15T16:15:00+03:00', '15.9.2017 klo 16.15 (UTC+3)'],
    [en, '2017-09-15T16:15:00+03:00', '15 September 2017, 16:15 (UTC+3)'],
    [en, '2024-01-31T09:05:00Z', '31 January 2024, 09:05 (UTC)'],
    [fi, '2024-01-31', '31.1.2024'],
  ])('formats a deadline as written, with its offset: %#', (f, iso, expected) => {
    expect(f.dateTime(iso)).toBe(expected);
  });

  it('formats the generation time in UTC whatever the machine time zone', () => {
    const at = new Date('2026-01-05T10:00:00Z');

    expect([fi.instant(at), sv.instant(at), en.instant(at)]).toEqual([
      '5.1.2026 klo 10.00 UTC',
      '5.1.2026 kl. 10.00 UTC',
      '5 January 2026, 10:00 UTC',
    ]);
  });

  it('answers yes and no in the document language', () => {
    expect([fi.yesNo(true), sv.yesNo(false), en.yesNo(true)]).toEqual(['kyllä', 'nej', 'yes']);
  });
});
