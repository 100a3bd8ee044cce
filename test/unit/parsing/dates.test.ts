import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  findDates,
  isoDate,
  parseDate,
  timeZoneOf,
  zonedDateTime,
} from '../../../shared/parsing/dates.ts';

describe('findDates', () => {
  it.each([
    ['1.9.2021', '2021-09-01'],
    ['18/12/2021', '2021-12-18'],
    ['01.01.2020', '2020-01-01'],
    ['1-9-2021', '2021-09-01'],
    ['1.9.21', '2021-09-01'],
    ['2020-01-01', '2020-01-01'],
    ['1 January 2020', '2020-01-01'],
    ['1st of March 2021', '2021-03-01'],
    ['4 maj 2021', '2021-05-04'],
    ['15.6.2020 asti', '2020-06-15'],
    ['15. syyskuuta 2020', '2020-09-15'],
    ['15 syyskuuta 2020', '2020-09-15'],
    ['September 30, 2022', '2022-09-30'],
    ['Sept. 30 2022', '2022-09-30'],
    ['Start date: 1 January 2020', '2020-01-01'],
    ['29.2.2020', '2020-02-29'],
    ['1er janvier 2021', '2021-01-01'],
    ['31 décembre 2023', '2023-12-31'],
    ['15 août 2022', '2022-08-15'],
    ['1. Januar 2021', '2021-01-01'],
    ['30. März 2023', '2023-03-30'],
    ['1. Dezember 2024', '2024-12-01'],
  ])('reads %j as %s', (text, date) => {
    expect(findDates(text).map((d) => d.date)).toEqual([date]);
  });

  it.each([
    ['1/01/20 → 31/12/22', ['2020-01-01', '2022-12-31']],
    ['18/12/202130/06/2022', ['2021-12-18', '2022-06-30']],
    ['01.01.202031.12.2022', ['2020-01-01', '2022-12-31']],
    ['1.9.2021 - 31.8.2023', ['2021-09-01', '2023-08-31']],
    ['2020-01-01 – 2022-12-31', ['2020-01-01', '2022-12-31']],
  ])('reads both dates in %j', (text, dates) => {
    expect(findDates(text).map((d) => d.date)).toEqual(dates);
  });

  it.each([
    ['31.2.2021'],
    ['30.02.2020'],
    ['29.2.2021'],
    ['31/04/2021'],
    ['13.13.2021'],
    ['0.1.2021'],
    ['31 February 2021'],
    ['5 apples 2020'],
    ['1.9.1850'],
    ['no dates here'],
  ])('skips %j, which is not a calendar day', (text) => {
    expect(findDates(text)).toEqual([]);
  });

  it.each([
    ['Hakuaika kestää tammikuun 2024 loppuun asti.', '2024-01-31'],
    ['Hakemukset helmikuun 2024 loppuun mennessä.', '2024-02-29'],
    ['Ansökan ska vara inne i slutet av februari 2023.', '2023-02-28'],
    ['Apply by the end of April 2025.', '2025-04-30'],
  ])('reads the end of a month written without a day: %s', (text, date) => {
    expect(findDates(text).map((d) => d.date)).toEqual([date]);
  });

  it('keeps looking after an impossible day', () => {
    expect(findDates('31.2.2021 tai 1.3.2021').map((d) => d.date)).toEqual(['2021-03-01']);
  });

  it.each([
    ['4 maj 2021 kl. 16.15', '2021-05-04', '16:15'],
    ['15.9.2017 klo 16.15', '2017-09-15', '16:15'],
    ['15.9.2017 kello 9:05', '2017-09-15', '09:05'],
    ['2020-01-01 10:00', '2020-01-01', '10:00'],
    ['September 30, 2022 at 4 pm', '2022-09-30', '16:00'],
    ['September 30, 2022, 12 a.m.', '2022-09-30', '00:00'],
    ['1 January 2020 @ 11:30 am', '2020-01-01', '11:30'],
  ])('reads the time of day after %j', (text, date, time) => {
    expect(findDates(text)).toEqual([{ date, time, index: 0, end: text.length }]);
  });

  it('reads the time of day in brackets after the date', () => {
    expect(findDates('1.9.–30.9.2024 (kl. 23.59)').at(-1)?.time).toBe('23:59');
  });

  it.each([['1.9.2021 10'], ['1.9.2021 25.00'], ['1.9.2021 12.75'], ['1.9.2021 ja 2.9.2021']])(
    'gives no time for %j',
    (text) => {
      expect(findDates(text)[0]?.time).toBeUndefined();
    },
  );

  it('returns where each date starts and ends', () => {
    const text = 'Alkaa 1.9.2021 ja päättyy 31.12.2022.';

    const found = findDates(text);

    expect(found).toEqual([
      { date: '2021-09-01', index: 6, end: 14 },
      { date: '2022-12-31', index: 26, end: 36 },
    ]);
  });
});

describe('parseDate', () => {
  it.each([
    ['Alkaa 1.9.2021 ja päättyy 31.12.2022', '2021-09-01'],
    ['Deadline: September 30, 2022', '2022-09-30'],
    ['31.2.2021 tai 1.3.2021', '2021-03-01'],
    ['ei päivämäärää', undefined],
  ])('returns the first date in %j', (text, date) => {
    expect(parseDate(text)).toBe(date);
  });
});

describe('isoDate', () => {
  it.each<[number, number, number, string | undefined]>([
    [2021, 9, 1, '2021-09-01'],
    [2020, 2, 29, '2020-02-29'],
    [1900, 1, 1, '1900-01-01'],
    [2200, 12, 31, '2200-12-31'],
    [2021, 2, 29, undefined],
    [2021, 4, 31, undefined],
    [2021, 13, 1, undefined],
    [2021, 0, 1, undefined],
    [2021, 1, 0, undefined],
    [1899, 12, 31, undefined],
    [2201, 1, 1, undefined],
  ])('returns %i-%i-%i as %s', (year, month, day, expected) => {
    expect(isoDate(year, month, day)).toBe(expected);
  });
});

describe('zonedDateTime', () => {
  it.each([
    ['2017-09-15', '16:15', 'Europe/Helsinki', '2017-09-15T16:15:00+03:00'],
    ['2020-01-15', '16:15', 'Europe/Helsinki', '2020-01-15T16:15:00+02:00'],
    ['2021-03-28', '12:00', 'Europe/Helsinki', '2021-03-28T12:00:00+03:00'],
    ['2021-10-31', '12:00', 'Europe/Helsinki', '2021-10-31T12:00:00+02:00'],
    ['2022-07-01', '09:00', 'Europe/Brussels', '2022-07-01T09:00:00+02:00'],
    ['2022-01-01', '09:00', 'Europe/Brussels', '2022-01-01T09:00:00+01:00'],
    ['2022-01-01', '09:00', 'UTC', '2022-01-01T09:00:00+00:00'],
    ['2022-01-01', '09:00', 'America/New_York', '2022-01-01T09:00:00-05:00'],
  ])('gives %s %s in %s the offset of that day', (date, time, zone, expected) => {
    expect(zonedDateTime(date, time, zone)).toBe(expected);
  });
});

describe('timeZoneOf', () => {
  it.each([
    ['Deadline 30.9.2022 at 12.00 CET', 'Europe/Brussels'],
    ['12:00 CEST', 'Europe/Brussels'],
    ['17:00 (Brussels time)', 'Europe/Brussels'],
    ['Central European Time', 'Europe/Brussels'],
    ['12.00 cet', 'Europe/Brussels'],
    ['12:00 UTC', 'UTC'],
    ['12:00 GMT', 'UTC'],
    ['klo 16.15', 'Europe/Helsinki'],
    ['a facet of the call', 'Europe/Helsinki'],
    ['', 'Europe/Helsinki'],
  ])('returns the zone of %j as %s', (text, zone) => {
    expect(timeZoneOf(text)).toBe(zone);
  });
});

const ENGLISH_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const SWEDISH_MONTHS = [
  'januari',
  'februari',
  'mars',
  'april',
  'maj',
  'juni',
  'juli',
  'augusti',
  'september',
  'oktober',
  'november',
  'december',
];
const FINNISH_MONTHS = [
  'tammikuuta',
  'helmikuuta',
  'maaliskuuta',
  'huhtikuuta',
  'toukokuuta',
  'kesäkuuta',
  'heinäkuuta',
  'elokuuta',
  'syyskuuta',
  'lokakuuta',
  'marraskuuta',
  'joulukuuta',
];

interface Day {
  year: number;
  month: number;
  day: number;
  iso: string;
}

const days = fc
  .date({
    min: new Date(Date.UTC(1990, 0, 1)),
    max: new Date(Date.UTC(2100, 11, 31)),
    noInvalidDate: true,
  })
  .map(
    (d): Day => ({
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      iso: d.toISOString().slice(0, 10),
    }),
  );

const pad = (n: number): string => String(n).padStart(2, '0');
const monthName = (names: readonly string[], month: number): string => names[month - 1] ?? '';

const FORMATS: ReadonlyArray<[string, (d: Day) => string]> = [
  ['d.m.yyyy', (d) => `${d.day}.${d.month}.${d.year}`],
  ['dd.mm.yyyy', (d) => `${pad(d.day)}.${pad(d.month)}.${d.year}`],
  ['d/m/yyyy', (d) => `${d.day}/${d.month}/${d.year}`],
  ['dd/mm/yyyy', (d) => `${pad(d.day)}/${pad(d.month)}/${d.year}`],
  ['yyyy-mm-dd', (d) => d.iso],
  ['d Month yyyy', (d) => `${d.day} ${monthName(ENGLISH_MONTHS, d.month)} ${d.year}`],
  ['Month d, yyyy', (d) => `${monthName(ENGLISH_MONTHS, d.month)} ${d.day}, ${d.year}`],
  ['d månad yyyy', (d) => `${d.day} ${monthName(SWEDISH_MONTHS, d.month)} ${d.year}`],
  ['d. kuuta yyyy', (d) => `${d.day}. ${monthName(FINNISH_MONTHS, d.month)} ${d.year}`],
];

describe('findDates properties', () => {
  it.each(FORMATS)('reads any date written as %s', (_name, write) => {
    fc.assert(
      fc.property(days, fc.constantFrom('', 'Alkaa ', 'Start: '), (day, prefix) => {
        const found = findDates(`${prefix}${write(day)}`);

        expect(found.map((d) => d.date)).toEqual([day.iso]);
      }),
    );
  });

  it('reads both of two dd/mm/yyyy dates written with no separator', () => {
    const write = (d: Day): string => `${pad(d.day)}/${pad(d.month)}/${d.year}`;
    fc.assert(
      fc.property(days, days, (first, second) => {
        const found = findDates(`${write(first)}${write(second)}`);

        expect(found.map((d) => d.date)).toEqual([first.iso, second.iso]);
      }),
    );
  });
});
