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
    [sv, '2017-09-15T16:15:00+03:00', '15.9.2017 kl. 16.15 (Europe/Helsinki)'],
    [fi, '2017-09-15T16:15:00+03:00', '15.9.2017 klo 16.15 (Europe/Helsinki)'],
    [en, '2017-09-15T16:15:00+03:00', '15 September 2017, 16:15 (Europe/Helsinki)'],
    [en, '2024-01-31T09:05:00Z', '31 January 2024, 11:05 (Europe/Helsinki)'],
    [fi, '2022-03-10T17:00:00+01:00', '10.3.2022 klo 18.00 (Europe/Helsinki)'],
    [fi, '2024-01-31', '31.1.2024'],
  ])('formats a deadline in the authority’s time zone, the zone named: %#', (f, iso, expected) => {
    expect(f.dateTime(iso)).toBe(expected);
  });

  it('formats times in a configured time zone', () => {
    const stockholm = formatterFor('sv', 'Europe/Stockholm');

    expect(stockholm.dateTime('2017-09-15T16:15:00+03:00')).toBe(
      '15.9.2017 kl. 15.15 (Europe/Stockholm)',
    );
    expect(stockholm.instant(new Date('2026-07-01T10:00:00Z'))).toBe(
      '1.7.2026 kl. 12.00 (Europe/Stockholm)',
    );
  });

  it('formats the generation time in Helsinki time whatever the machine time zone, in winter and in summer', () => {
    const winter = new Date('2026-01-05T10:00:00Z');
    const evening = new Date('2026-12-07T17:05:00Z');
    const midsummer = new Date('2026-06-30T21:30:00Z');

    expect([fi.instant(winter), sv.instant(winter), en.instant(winter)]).toEqual([
      '5.1.2026 klo 12.00 (Europe/Helsinki)',
      '5.1.2026 kl. 12.00 (Europe/Helsinki)',
      '5 January 2026, 12:00 (Europe/Helsinki)',
    ]);
    expect(fi.instant(evening)).toBe('7.12.2026 klo 19.05 (Europe/Helsinki)');
    expect(fi.instant(midsummer)).toBe('1.7.2026 klo 0.30 (Europe/Helsinki)');
    expect(fi.day(midsummer)).toBe('1.7.2026');
  });

  it('answers yes and no in the document language', () => {
    expect([fi.yesNo(true), sv.yesNo(false), en.yesNo(true)]).toEqual(['kyllä', 'nej', 'yes']);
  });
});
