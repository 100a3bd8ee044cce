import type { Language } from '../shared/schemas/report-record.ts';
import { en } from './strings/en.ts';
import { fi } from './strings/fi.ts';
import { sv } from './strings/sv.ts';
import type { ReportStrings } from './strings/types.ts';

/** No-break space: a number and its unit never part at a line end. */
export const NBSP = '\u00a0';

/** The managing authority's time zone where none is configured. */
export const DEFAULT_TIME_ZONE = 'Europe/Helsinki';

/** True for an IANA time zone name this runtime knows (`Europe/Helsinki`, `UTC`). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const ZONED = new Map<string, Intl.DateTimeFormat>();

/** The calendar day and wall-clock time of an instant in a time zone. */
function zonedParts(at: Date, timeZone: string) {
  let format = ZONED.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      hourCycle: 'h23',
    });
    ZONED.set(timeZone, format);
  }
  const parts = format.formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((p) => p.type === type)?.value ?? 0);
  return {
    year: part('year'),
    month: part('month'),
    day: part('day'),
    hour: part('hour'),
    minute: part('minute'),
  };
}

const STRINGS: Record<Language, ReportStrings> = { fi, sv, en };

interface NumberStyle {
  decimal: string;
  group: string;
  money: (amount: string, negative: boolean) => string;
  percent: (amount: string) => string;
}

const STYLES: Record<Language, NumberStyle> = {
  fi: {
    decimal: ',',
    group: NBSP,
    money: (amount, negative) => `${negative ? '-' : ''}${amount}${NBSP}€`,
    percent: (amount) => `${amount}${NBSP}%`,
  },
  sv: {
    decimal: ',',
    group: NBSP,
    money: (amount, negative) => `${negative ? '-' : ''}${amount}${NBSP}euro`,
    percent: (amount) => `${amount}${NBSP}%`,
  },
  en: {
    decimal: '.',
    group: ',',
    money: (amount, negative) => `${negative ? '-' : ''}€${amount}`,
    percent: (amount) => `${amount}%`,
  },
};

/** The digits of a number exactly as stored, without exponent notation. */
function plainDigits(value: number): { integer: string; fraction: string } {
  const abs = Math.abs(value);
  let text = String(abs);
  if (text.includes('e')) text = abs.toFixed(20).replace(/\.?0+$/, '');
  const [integer = '0', fraction = ''] = text.split('.');
  return { integer, fraction };
}

function grouped(integer: string, separator: string): string {
  return integer.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

function digits(value: number, style: NumberStyle, minFraction = 0): string {
  const { integer, fraction } = plainDigits(value);
  const padded = fraction.length > 0 ? fraction.padEnd(minFraction, '0') : '';
  return `${grouped(integer, style.group)}${padded ? `${style.decimal}${padded}` : ''}`;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})/;
const ISO_TIME = /T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Formats stored values for one language; a missing value reads "not stated", never 0. */
export interface Formatter {
  language: Language;
  strings: ReportStrings;
  number(value: number | undefined): string;
  money(value: number | undefined): string;
  percent(value: number | undefined): string;
  /** A share computed for display, such as utilisation, rounded to one decimal. */
  share(part: number | undefined, whole: number | undefined): string;
  date(iso: string | undefined): string;
  /** A deadline in the report's time zone, the zone named; a bare date as it is. */
  dateTime(iso: string | undefined): string;
  /** The calendar day of an instant in the report's time zone. */
  day(at: Date): string;
  /** An instant in the report's time zone, the zone named: `7.12.2026 klo 19.05 (Europe/Helsinki)`. */
  instant(at: Date): string;
  /** The IANA time zone every time is printed in. */
  timeZone: string;
  yesNo(value: boolean | undefined): string;
  text(value: string | undefined): string;
  /** A reviewed field's footnote mark, with its leading space; '' for every other field. */
  mark(path: string | undefined): string;
}

export function formatterFor(language: Language, timeZone = DEFAULT_TIME_ZONE): Formatter {
  const strings = STRINGS[language];
  const style = STYLES[language];
  const missing = strings.notStated;
  const day = (iso: string): string | undefined => {
    const match = ISO_DATE.exec(iso);
    if (!match) return undefined;
    return strings.dates.day(Number(match[1]), Number(match[2]), Number(match[3]));
  };
  const instant = (at: Date) => {
    const t = zonedParts(at, timeZone);
    const date = strings.dates.day(t.year, t.month, t.day);
    const time = strings.dates.time(t.hour, String(t.minute).padStart(2, '0'));
    return `${strings.dates.at(date, time)} (${timeZone})`;
  };
  return {
    language,
    strings,
    timeZone,
    number: (value) =>
      value === undefined ? missing : `${value < 0 ? '-' : ''}${digits(value, style)}`,
    money: (value) =>
      value === undefined ? missing : style.money(digits(value, style, 2), value < 0),
    percent: (value) =>
      value === undefined
        ? missing
        : style.percent(`${value < 0 ? '-' : ''}${digits(value, style)}`),
    share: (part, whole) => {
      if (part === undefined || whole === undefined || whole === 0) return missing;
      const rounded = Math.round((part / whole) * 1000) / 10;
      return style.percent(`${rounded < 0 ? '-' : ''}${digits(rounded, style)}`);
    },
    date: (iso) => (iso === undefined ? missing : (day(iso) ?? iso)),
    dateTime: (iso) => {
      if (iso === undefined) return missing;
      const date = day(iso);
      if (!date) return iso;
      if (!ISO_TIME.test(iso)) return date;
      const at = new Date(iso);
      return Number.isNaN(at.getTime()) ? iso : instant(at);
    },
    instant,
    day: (at) => {
      const t = zonedParts(at, timeZone);
      return strings.dates.day(t.year, t.month, t.day);
    },
    yesNo: (value) => (value === undefined ? missing : value ? strings.yes : strings.no),
    text: (value) => (value === undefined || value.trim() === '' ? missing : value),
    mark: () => '',
  };
}
