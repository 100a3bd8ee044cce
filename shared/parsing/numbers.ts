import type { Language } from '../schemas/report-record.ts';

/** A number found in a line, with where it stood. */
export interface NumberMatch {
  value: number;
  index: number;
  end: number;
  raw: string;
}

const GROUP_SEP = "[ \\u00a0\\u202f'’]";
const NUMBER_SOURCE = `[-−–]?(?:\\d{1,3}(?:${GROUP_SEP}\\d{3})+(?:[.,]\\d+)?(?![\\d])|\\d+(?:[.,]\\d+)*)`;
const NUMBER_RE = new RegExp(`(?<![\\d.,])${NUMBER_SOURCE}`, 'g');

/**
 * Reads one numeric token in any of the fi/sv/en conventions: `1 532 910,00`, `1.532.910,00`,
 * `334,920.00`, `3.70`, `22,83`. A lone separator followed by exactly three digits is a
 * thousands separator in Finnish and Swedish text for `.`, and in English text for `,`.
 */
export function parseNumber(raw: string, language?: Language): number | undefined {
  let s = raw.trim().replace(/^[−–]/, '-');
  const negative = s.startsWith('-');
  if (negative) s = s.slice(1);
  s = s.replace(/[ \u00a0\u202f'’]/g, '');
  if (!/^\d[\d.,]*$/.test(s) || /[.,]$/.test(s)) return undefined;
  const dots = s.split('.').length - 1;
  const commas = s.split(',').length - 1;
  let normalised: string;
  if (dots > 0 && commas > 0) {
    const decimal = s.lastIndexOf('.') > s.lastIndexOf(',') ? '.' : ',';
    const group = decimal === '.' ? ',' : '.';
    if (s.split(decimal).length - 1 > 1) return undefined;
    normalised = s.replaceAll(group, '').replace(decimal, '.');
  } else if (dots + commas > 1) {
    const sep = dots > 0 ? '.' : ',';
    const parts = s.split(sep);
    if (parts.slice(1).some((p) => p.length !== 3) || (parts[0] ?? '').length > 3) return undefined;
    normalised = parts.join('');
  } else if (dots + commas === 1) {
    const sep = dots === 1 ? '.' : ',';
    const [whole = '', fraction = ''] = s.split(sep);
    const groupingSep = language === 'en' ? ',' : language === undefined ? '' : '.';
    const isGroup =
      sep === groupingSep && fraction.length === 3 && whole !== '0' && whole.length <= 3;
    normalised = isGroup ? whole + fraction : `${whole}.${fraction}`;
  } else {
    normalised = s;
  }
  const value = Number(normalised);
  if (!Number.isFinite(value)) return undefined;
  return negative ? -value : value;
}

/** The minus an accounting export writes after a sum with cents (`12 400,00-`), not before it. */
const TRAILING_MINUS = /^[-−](?![\p{L}\p{N}])/u;
const CENTS_END = /[.,]\d{2}$/;

/**
 * Every number in a line, left to right; a sum with cents and a minus after it (`12 400,00-`) is
 * negative. Years and list numbers are returned too; callers choose.
 */
export function findNumbers(text: string, language?: Language): NumberMatch[] {
  const found: NumberMatch[] = [];
  for (const m of text.matchAll(NUMBER_RE)) {
    const value = parseNumber(m[0], language);
    if (value === undefined) continue;
    const end = m.index + m[0].length;
    const trailingMinus =
      value > 0 && CENTS_END.test(m[0]) && TRAILING_MINUS.test(text.slice(end, end + 2));
    found.push(
      trailingMinus
        ? { value: -value, index: m.index, end: end + 1, raw: text.slice(m.index, end + 1) }
        : { value, index: m.index, end, raw: m[0] },
    );
  }
  return found;
}

const PERCENT_RE = new RegExp(
  `(${NUMBER_SOURCE})\\s*(?:%|prosenttia|prosentti|procent|per\\s?cent|percent)`,
  'giu',
);

export interface PercentMatch {
  value: number;
  index: number;
}

/** Percentages in a line: `70 %`, `(22,83%)`, `70,55%`, `80 prosenttia`. */
export function findPercents(text: string, language?: Language): PercentMatch[] {
  const found: PercentMatch[] = [];
  for (const m of text.matchAll(PERCENT_RE)) {
    const value = parseNumber(m[1] ?? '', language);
    if (value !== undefined) found.push({ value, index: m.index });
  }
  return found;
}

export function parsePercent(raw: string, language?: Language): number | undefined {
  const found = findPercents(raw, language);
  return found.length === 1 ? found[0]?.value : undefined;
}

/** A decimal digit of any script but ASCII. */
const OTHER_DIGIT = /[^\P{Nd}0-9]/gu;
const IS_DIGIT = /^\p{Nd}$/u;
const FULLWIDTH_MARKS: Record<string, string> = { '，': ',', '．': '.', '％': '%', '－': '-' };
const digitValues = new Map<string, string>();

/** ASCII value of a decimal digit of any script: Unicode encodes each script's 0–9 in a row. */
function asciiDigit(digit: string): string {
  const known = digitValues.get(digit);
  if (known) return known;
  const code = digit.codePointAt(0) ?? 0;
  let zero = code;
  while (IS_DIGIT.test(String.fromCodePoint(zero - 1))) zero--;
  const value = String((code - zero) % 10);
  digitValues.set(digit, value);
  return value;
}

export interface DigitNormalisation {
  text: string;
  /** Lines (1-based) where digits of another script were replaced, with the text as written. */
  lines: Array<{ no: number; written: string }>;
}

/**
 * Replaces decimal digits of other scripts (fullwidth `３３６`, Arabic-Indic `٣٣٦`, …) with ASCII
 * digits, and the fullwidth comma, stop, percent and minus next to them with their ASCII forms.
 * Every decimal digit has one numeric value, so this never changes what a figure says.
 */
export function normaliseDigits(text: string): DigitNormalisation {
  OTHER_DIGIT.lastIndex = 0;
  if (!OTHER_DIGIT.test(text)) return { text, lines: [] };
  const lines: DigitNormalisation['lines'] = [];
  const out = text.split('\n').map((line, i) => {
    OTHER_DIGIT.lastIndex = 0;
    if (!OTHER_DIGIT.test(line)) return line;
    lines.push({ no: i + 1, written: line.trim() });
    return line
      .replace(OTHER_DIGIT, asciiDigit)
      .replace(/(?<=\d)[，．](?=\d)|(?<=\d\s?)％|[－](?=\d)/gu, (m) => FULLWIDTH_MARKS[m] ?? m);
  });
  return { text: out.join('\n'), lines };
}

/** Letters that pass for digits: Latin, Greek and Cyrillic O, l, I, З, б and the vertical bar. */
const LOOKALIKE_BETWEEN = /(?<=\d[ .,]?)[OoΟοОоlIІі|ǀЗзбBS](?=[ .,]?\d)/gu;
const LOOKALIKE_BEFORE = /(?<![\p{L}\p{N}])[OoΟοОоlIІі|ǀЗз](?=\d)/gu;
const LOOKALIKE_AFTER = /(?<=\d)[OoΟοОоlIІі](?![\p{L}\p{N}])/gu;
const LOOKALIKES = [LOOKALIKE_BETWEEN, LOOKALIKE_BEFORE, LOOKALIKE_AFTER];
const DIGIT_OF: Record<string, string> = {
  O: '0',
  o: '0',
  Ο: '0',
  ο: '0',
  О: '0',
  о: '0',
  l: '1',
  I: '1',
  І: '1',
  і: '1',
  '|': '1',
  ǀ: '1',
  З: '3',
  з: '3',
  б: '6',
  B: '8',
  S: '5',
};

/** A letter written inside a figure in place of a digit (`3O6 123`, `1l0 000`), if any. */
export function letterInFigure(text: string): { char: string; index: number } | undefined {
  for (const re of LOOKALIKES) {
    re.lastIndex = 0;
    const m = re.exec(text);
    if (m) return { char: m[0], index: m.index };
  }
  return undefined;
}

/**
 * The text with letters that stand in figures replaced by the digits they pass for, to find where
 * figures and dates stand; the letters themselves make those figures unreadable.
 */
export function withLookalikeDigits(text: string): string {
  if (!letterInFigure(text)) return text;
  return LOOKALIKES.reduce((t, re) => t.replace(re, (c) => DIGIT_OF[c] ?? c), text);
}
