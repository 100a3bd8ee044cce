import { onFirstUse } from './once.ts';

/** A calendar date found in text, with the time of day when one follows it. */
export interface DateMatch {
  date: string;
  time?: string;
  index: number;
  end: number;
}

const months = onFirstUse(
  (): ReadonlyArray<{ month: number; re: RegExp }> =>
    [
      // English, Swedish, Finnish, and the French and German of an EU portal's interface.
      [1, 'jan(?:uary|uari|uar|v|vier)?|tammi\\p{L}*'],
      [2, 'feb(?:ruary|ruari|ruar)?|f[ée]v(?:r|rier)?|helmi\\p{L}*'],
      [3, 'mar(?:ch|s)?|märz|maerz|maalis\\p{L}*'],
      [4, 'apr(?:il)?|avr(?:il)?|huhti\\p{L}*'],
      [5, 'may|maj|mai|touko\\p{L}*'],
      [6, 'june?|juni|juin|kesä\\p{L}*'],
      [7, 'july?|juli|juil(?:let)?|heinä\\p{L}*'],
      [8, 'aug(?:ust|usti)?|ao[uû]t|elo\\p{L}*'],
      [9, 'sep(?:t|tember|tembre)?|syys\\p{L}*'],
      [10, 'oct(?:ober|obre)?|okt(?:ober)?|loka\\p{L}*'],
      [11, 'nov(?:ember|embre)?|marras\\p{L}*'],
      [12, 'dec(?:ember)?|d[ée]c(?:embre)?|dez(?:ember)?|joulu\\p{L}*'],
    ].map(([month, source]) => ({ month: Number(month), re: new RegExp(`^(?:${source})$`, 'iu') })),
);

const MONTH_WORD = '\\p{L}{3,12}\\.?';
const NUMERIC = '(?:(?<!\\d)|(?<=[./-]\\d{4}))(\\d{1,2})([./-])(\\d{1,2})\\2(\\d{4}|\\d{2}(?!\\d))';
const ISO = '(?<!\\d)(\\d{4})-(\\d{2})-(\\d{2})(?!\\d)';
const DAY_MONTH_YEAR = `(?<!\\d)(\\d{1,2})(?:\\.|st|nd|rd|th|er)?(?:\\s+of)?\\s+(${MONTH_WORD})\\s+(\\d{4})(?!\\d)`;
/**
 * A month word that opens a date (`September 30, 2022`) starts as a month name does; the engine
 * then tries the few words that do, not every word of the line.
 */
const MONTH_FIRST =
  '(?:jan|feb|mar|apr|may|maj|jun|jul|aug|sep|oct|okt|nov|dec|tammi|helmi|maalis|huhti|touko|kesä|heinä|elo|syys|loka|marras|joulu)\\p{L}{0,9}\\.?';
const MONTH_DAY_YEAR = `(?<![\\p{L}])(${MONTH_FIRST})\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})(?!\\d)`;
/**
 * The end of a month, as a call's closing is written without a day: `tammikuun 2024 loppuun`,
 * `i slutet av mars 2025`, `by the end of May 2024`; the month's last day.
 */
const MONTH_END = `(?<![\\p{L}])(?:(?:the\\s+)?end\\s+of\\s+|slutet\\s+av\\s+)(${MONTH_FIRST})\\s+(\\d{4})(?!\\d)|(?<![\\p{L}])(${MONTH_FIRST})\\s+(\\d{4})\\s+(?:loppuun|lopussa|loppuun\\s+mennessä)(?!\\p{L})`;
const DATE_RE = new RegExp(
  `${NUMERIC}|${ISO}|${DAY_MONTH_YEAR}|${MONTH_DAY_YEAR}|${MONTH_END}`,
  'giu',
);
/**
 * What every date has, a year of four digits or digits parted by `.`, `/` or `-`: lines without
 * it (most lines with a sum) are passed over before the costly date pattern runs.
 */
const DATE_HINT = /\d{4}|\d[./-]\d/;

const TIME_AFTER =
  /^(?:\s*,)?\s*\(?\s*(?:(klockan|kl\.?|klo\.?|kello)|at|by|h|@)?\s*(\d{1,2})(?:[.:](\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?(?![\d.:]*\d)/iu;
/**
 * A clock time written before the date it belongs to: `by 23:59 CET on 12 February 2025`,
 * `by 5 p.m. CET on …` (a bare hour only with its a.m. or p.m.).
 */
const TIME_BEFORE =
  /(?:^|[\s(])(?:klockan|kl\.?|klo\.?|kello|at|by|before|@)?\s*(\d{1,2})(?:[.:](\d{2})\s*(a\.?m\.?|p\.?m\.?)?|\s*(a\.m\.|p\.m\.|am|pm))\s*(?:\(?(?:CET|CEST|EET|EEST|UTC|GMT|(?:(?:Finnish|Helsinki|Brussels|Swedish|Stockholm|Central European|Eastern European)\s+)?(?:local\s+)?time)\)?\s*)?(?:on\s+|,\s*)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(?:the\s+)?$/iu;

function monthFromWord(word: string): number | undefined {
  const clean = word.replace(/\.$/, '');
  return months().find(({ re }) => re.test(clean))?.month;
}

/** How many days a month of a year has. */
function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * A spreadsheet's short date standing alone in a table cell (`01-Jan-16`, `31. Dez 19`): day,
 * month word and a two-digit year of this century. Only a whole cell is read so: in running
 * text two digits after a month are a day or a count, not a year.
 */
const CELL_DATE = new RegExp(`^(\\d{1,2})\\.?[\\s-]*(${MONTH_WORD})[\\s-]*(\\d{2})$`, 'u');

/** The date a table cell holds in a spreadsheet's short form (see `CELL_DATE`). */
export function cellDate(cell: string): string | undefined {
  const m = CELL_DATE.exec(cell.trim());
  const month = m ? monthFromWord(m[2] ?? '') : undefined;
  if (!m || month === undefined) return undefined;
  return isoDate(2000 + Number(m[3]), month, Number(m[1]));
}

/** `YYYY-MM-DD` if the parts name a real calendar day (no 31.2.), else undefined. */
export function isoDate(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12 || day < 1 || year < 1900 || year > 2200) return undefined;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  return `${year}-${pad(month)}-${pad(day)}`;
}

const MONTH_NAMES = [
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

/** Why the parts name no calendar day, for a date `isoDate` refuses. */
export function dateProblem(year: number, month: number, day: number): string {
  if (month < 1 || month > 12) return `there is no month ${month}`;
  if (year < 1900 || year > 2200) return `year ${year} is outside 1900–2200`;
  if (day < 1) return `there is no day ${day}`;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${MONTH_NAMES[month - 1]} ${year} has ${days} days`;
}

function fullYear(raw: string): number {
  const y = Number(raw);
  return raw.length === 2 ? 2000 + y : y;
}

function timeAfter(rest: string): { time: string; length: number } | undefined {
  const m = TIME_AFTER.exec(rest);
  if (!m) return undefined;
  let hours = Number(m[2]);
  const minutes = m[3] === undefined ? 0 : Number(m[3]);
  const meridiem = m[4]?.toLowerCase().replaceAll('.', '');
  // A bare hour is a time only after the clock word (`kl. 16`, `klo 12 mennessä`), not in a range.
  const clockHour = m[1] !== undefined && !/^\s*[-–]\s*\d/u.test(rest.slice(m[0].length));
  if (m[3] === undefined && meridiem === undefined && !clockHour) return undefined;
  if (meridiem === 'pm' && hours < 12) hours += 12;
  if (meridiem === 'am' && hours === 12) hours = 0;
  if (hours > 23 || minutes > 59) return undefined;
  return { time: `${pad(hours)}:${pad(minutes)}`, length: m[0].length };
}

/** The clock time written right before a date (`by 23:59 CET on 12 February 2025`), if any. */
export function timeBefore(before: string): string | undefined {
  const m = TIME_BEFORE.exec(before);
  if (!m) return undefined;
  let hours = Number(m[1]);
  const minutes = m[2] === undefined ? 0 : Number(m[2]);
  const meridiem = (m[3] ?? m[4])?.toLowerCase().replaceAll('.', '');
  if (meridiem === 'pm' && hours < 12) hours += 12;
  if (meridiem === 'am' && hours === 12) hours = 0;
  if (hours > 23 || minutes > 59) return undefined;
  return `${pad(hours)}:${pad(minutes)}`;
}

/** Something written as a date; `date` is absent when it names no calendar day (`31.2.2021`). */
export interface DateToken {
  raw: string;
  date?: string;
  /** Why `raw` is not a date, when it is not. */
  problem?: string;
  time?: string;
  index: number;
  end: number;
}

/**
 * Everything written as a date in a line, valid or not, left to right: `1.9.2021`,
 * `18/12/2021`, `2020-01-01`, `1 January 2020`, `4 maj 2021 kl. 16.15`, `September 30, 2022`,
 * runs without separators such as `18/12/202130/06/2022`, and impossible days such as `31.2.2021`.
 */
export function findDateTokens(text: string): DateToken[] {
  const found: DateToken[] = [];
  if (!DATE_HINT.test(text)) return found;
  for (const m of text.matchAll(DATE_RE)) {
    let parts: [number, number, number] | undefined;
    if (m[1] !== undefined) {
      parts = [fullYear(m[4] ?? ''), Number(m[3]), Number(m[1])];
    } else if (m[5] !== undefined) {
      parts = [Number(m[5]), Number(m[6]), Number(m[7])];
    } else if (m[8] !== undefined) {
      const month = monthFromWord(m[9] ?? '');
      parts = month === undefined ? undefined : [Number(m[10]), month, Number(m[8])];
    } else if (m[11] !== undefined) {
      const month = monthFromWord(m[11] ?? '');
      parts = month === undefined ? undefined : [Number(m[13]), month, Number(m[12])];
    } else {
      const word = m[14] ?? m[16] ?? '';
      const year = Number(m[15] ?? m[17]);
      const month = monthFromWord(word);
      parts = month === undefined ? undefined : [year, month, daysIn(year, month)];
    }
    if (parts === undefined) continue;
    const date = isoDate(...parts);
    const end = m.index + m[0].length;
    if (date === undefined) {
      found.push({ raw: m[0], problem: dateProblem(...parts), index: m.index, end });
      continue;
    }
    const time = timeAfter(text.slice(end));
    found.push(
      time
        ? { raw: m[0], date, time: time.time, index: m.index, end: end + time.length }
        : { raw: m[0], date, index: m.index, end },
    );
  }
  return found;
}

/** Every calendar date in a line (see `findDateTokens`); impossible days are skipped. */
export function findDates(text: string): DateMatch[] {
  const found: DateMatch[] = [];
  for (const token of findDateTokens(text)) {
    if (token.date === undefined) continue;
    const { date, time, index, end } = token;
    found.push(time ? { date, time, index, end } : { date, index, end });
  }
  return found;
}

export function parseDate(text: string): string | undefined {
  return findDates(text)[0]?.date;
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

function offsetMinutes(utcMillis: number, timeZone: string): number {
  let formatter = offsetFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    offsetFormatters.set(timeZone, formatter);
  }
  const name = formatter.formatToParts(utcMillis).find((p) => p.type === 'timeZoneName')?.value;
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? '');
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/** Wall-clock date and time in a time zone, as ISO 8601 with that zone's offset on that day. */
export function zonedDateTime(date: string, time: string, timeZone: string): string {
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi] = time.split(':').map(Number);
  const wall = Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0);
  const offset = offsetMinutes(wall - offsetMinutes(wall, timeZone) * 60000, timeZone);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${date}T${time}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

const ZONE_HINTS: ReadonlyArray<{ re: RegExp; zone: string }> = [
  { re: /\b(?:CET|CEST|Brussels (?:local )?time|Central European)\b/i, zone: 'Europe/Brussels' },
  { re: /\b(?:Swedish|Stockholm) (?:local )?time\b/i, zone: 'Europe/Stockholm' },
  { re: /\b(?:UTC|GMT)\b/, zone: 'UTC' },
];

/**
 * The time zone a document's clock times are in: one it names, else Finnish time, which is
 * what the authorities publishing in fi/sv/en for this programme area use.
 */
export function timeZoneOf(text: string): string {
  return ZONE_HINTS.find(({ re }) => re.test(text))?.zone ?? 'Europe/Helsinki';
}
