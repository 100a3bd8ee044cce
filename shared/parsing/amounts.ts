import type { Language } from '../schemas/report-record.ts';
import { findNumbers, type NumberMatch } from './numbers.ts';
import { onFirstUse } from './once.ts';
import { AMOUNT_WORDS_EN } from './vocabulary/amounts-en.ts';
import { AMOUNT_WORDS_FI } from './vocabulary/amounts-fi.ts';
import { AMOUNT_WORDS_SV } from './vocabulary/amounts-sv.ts';
import {
  AMOUNT_SYMBOLS,
  type AmountWordKey,
  type AmountWords,
  RANGE_DASHES,
} from './vocabulary/amounts-symbols.ts';

/** Every language's amount words: a document in one language quotes sums in another's words. */
const LANGUAGES: readonly AmountWords[] = [AMOUNT_WORDS_FI, AMOUNT_WORDS_SV, AMOUNT_WORDS_EN];

function wordsOf(key: AmountWordKey): string[] {
  return LANGUAGES.flatMap((words) => words[key]);
}

/** How a phrase of prose is written: as listed, in lower case, capitalised and in upper case. */
function caseForms(phrase: string): string[] {
  const lower = phrase.toLowerCase();
  return [phrase, lower, lower.charAt(0).toUpperCase() + lower.slice(1), phrase.toUpperCase()];
}

/** Lower case with every run of spaces as one space: the key a matched phrase is looked up by. */
function keyOf(written: string): string {
  return written.toLowerCase().replace(/[\s\u00a0\u202f]+/gu, ' ');
}

const SPACE = '[ \\u00a0\\u202f]';
const SPACES = new Set([32, 0xa0, 0x202f]);
const START = '(?<![\\p{L}\\p{N}])';
const END = '(?![\\p{L}\\p{N}])';
const LETTER_OR_DIGIT_FIRST = /^[\p{L}\p{N}]/u;
const LETTER_OR_DIGIT_LAST = /[\p{L}\p{N}]$/u;

/**
 * An alternation of phrases, longest first, each bounded by lookarounds where it begins or ends
 * with a letter or digit (`\b` under the `u` flag slows V8 and takes `ä` for a non-word
 * character). A space in a phrase matches any run of spaces. Without `start`, a phrase may follow
 * a digit directly (`3.5M`, `650k€`).
 */
export function phrasePattern(phrases: Iterable<string>, { start = true } = {}): string {
  const unique = [...new Set(phrases)].filter((p) => p.length > 0);
  unique.sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  const alternation = (list: string[]) =>
    list
      .map((p) => {
        const body = p.replace(/[.*+?^${}()|[\]\\/]/gu, '\\$&').replace(/ /gu, `${SPACE}+`);
        return `${body}${LETTER_OR_DIGIT_LAST.test(p) ? END : ''}`;
      })
      .join('|');
  // One lookbehind before the words, not one per word: V8 then skips ahead by their first letters.
  const words = unique.filter((p) => start && LETTER_OR_DIGIT_FIRST.test(p));
  const signs = unique.filter((p) => !(start && LETTER_OR_DIGIT_FIRST.test(p)));
  return [
    ...(words.length > 0 ? [`${START}(?:${alternation(words)})`] : []),
    ...(signs.length > 0 ? [alternation(signs)] : []),
  ].join('|');
}

interface Scale {
  factor: number;
  /** The currency a token such as `MEUR` or `mkr` names beside its scale. */
  code?: string;
}

const FACTORS = { thousand: 1e3, million: 1e6, billion: 1e9 } as const;

/** Scale tokens by how they are written (symbols) or in lower case (words). */
const SCALES = new Map<string, Scale>();
for (const [name, factor] of Object.entries(FACTORS)) {
  for (const word of wordsOf(name as keyof typeof FACTORS)) SCALES.set(keyOf(word), { factor });
}
for (const [key, tokens] of Object.entries(AMOUNT_SYMBOLS)) {
  const [name, code] = key.split(':');
  const factor = FACTORS[name as keyof typeof FACTORS];
  if (factor === undefined) continue;
  for (const token of tokens) SCALES.set(token, code ? { factor, code } : { factor });
}
const SCALE_WORDS = Object.keys(FACTORS).flatMap((name) =>
  wordsOf(name as keyof typeof FACTORS).flatMap(caseForms),
);
const SCALE_SYMBOLS = Object.entries(AMOUNT_SYMBOLS).flatMap(([key, tokens]) =>
  (key.split(':')[0] ?? '') in FACTORS ? tokens : [],
);

/** Currency codes by token as written (symbols) or in lower case (words). */
const CURRENCIES = new Map<string, string>();
for (const words of LANGUAGES) {
  for (const word of words.euro) CURRENCIES.set(keyOf(word), 'EUR');
  for (const [key, list] of Object.entries(words)) {
    if (key.startsWith('currency:')) for (const w of list) CURRENCIES.set(keyOf(w), key.slice(9));
  }
}
const CURRENCY_SYMBOLS: string[] = [];
for (const [key, tokens] of Object.entries(AMOUNT_SYMBOLS)) {
  if (!key.startsWith('currency:')) continue;
  for (const token of tokens) {
    CURRENCIES.set(token, key.slice(9));
    CURRENCY_SYMBOLS.push(token);
  }
}
const CURRENCY_WORDS = LANGUAGES.flatMap((words) =>
  Object.entries(words).flatMap(([key, list]) =>
    key === 'euro' || key.startsWith('currency:') ? list.flatMap(caseForms) : [],
  ),
);

function scaleOf(written: string): Scale | undefined {
  return SCALES.get(written) ?? SCALES.get(keyOf(written));
}

function currencyOf(written: string): string | undefined {
  return CURRENCIES.get(written) ?? CURRENCIES.get(keyOf(written));
}

/**
 * Phrases that may follow a number, found at a position after spaces: one sticky pattern per
 * first character, so a number followed by `,` or by a word no phrase begins with costs a lookup.
 */
function phrasesAfter(
  phrases: readonly string[],
): (text: string, at: number) => RegExpExecArray | null {
  const byFirst = new Map<string, string[]>();
  for (const p of phrases) byFirst.set(p.charAt(0), [...(byFirst.get(p.charAt(0)) ?? []), p]);
  // Each first character's pattern is built when a number is first followed by it: cold starts
  // and most documents need only a few of them.
  const patterns = new Map<string, RegExp>();
  return (text, at) => {
    let i = at;
    while (i < text.length && SPACES.has(text.charCodeAt(i))) i++;
    const first = text.charAt(i);
    let re = patterns.get(first);
    if (!re) {
      const list = byFirst.get(first);
      if (!list) return null;
      re = new RegExp(`${SPACE}*(${phrasePattern(list, { start: false })})`, 'uy');
      patterns.set(first, re);
    }
    re.lastIndex = at;
    return re.exec(text);
  };
}

const scaleAfter = phrasesAfter([...SCALE_WORDS, ...SCALE_SYMBOLS]);
const currencyAfter = phrasesAfter([...CURRENCY_WORDS, ...CURRENCY_SYMBOLS]);
/** The last token of a text before a sum: a word, a code or a sign (`EUR `, `€`, `kr.`, `US$`). */
const LAST_TOKEN = /(?:[\p{L}]+\$?|[€£$¥])\.?[ \u00a0\u202f]*$/u;
/** The Finnish shorthand `e` after a sum grouped in thousands: `48 000 e`, `yhteensä 214 800 e.` */
const euroShortAfter = onFirstUse(
  () => new RegExp(`[ \\u00a0](?:${wordsOf('euro-short').join('|')})(?![\\p{L}\\p{N}-])`, 'uy'),
);
const SPACE_GROUPED = /\d[ \u00a0]\d{3}(?!\d)/u;

export type Approximation = 'approximately' | 'more-than' | 'less-than';

/** Words that qualify a sum before it, by their lower-case spelling. */
const QUALIFIERS = new Map<string, Approximation | 'between'>();
for (const key of ['range-between', 'approximately', 'more-than', 'less-than'] as const) {
  for (const word of wordsOf(key)) {
    QUALIFIERS.set(keyOf(word), key === 'range-between' ? 'between' : key);
  }
}
const QUALIFIER_WORDS_MAX = Math.max(...[...QUALIFIERS.keys()].map((w) => w.split(' ').length));

/** The phrase of a table a text ends with, looked up by its last words, longest first. */
function phraseAtEnd<T>(
  before: string,
  table: ReadonlyMap<string, T>,
  most: number,
): { index: number; spelt: string; value: T } | undefined {
  // Where each of the last `most` words starts, scanning back over spaces and then the word.
  const starts: number[] = [];
  let i = before.length;
  while (starts.length < most) {
    while (i > 0 && SPACES.has(before.charCodeAt(i - 1))) i--;
    if (i === 0) break;
    while (i > 0 && !SPACES.has(before.charCodeAt(i - 1))) i--;
    starts.push(i);
  }
  for (let k = starts.length - 1; k >= 0; k--) {
    const index = starts[k] as number;
    const spelt = before.slice(index).trim();
    const value = table.get(keyOf(spelt));
    if (value !== undefined) return { index, spelt, value };
  }
  return undefined;
}

/** What joins the ends of a range: a dash, `to`, or `and` after `between`. */
const rangeJoiner = onFirstUse(
  () =>
    new RegExp(
      `^${SPACE}*(?:(?<dash>${RANGE_DASHES.join('|')})|(?<to>${phrasePattern(wordsOf('range-to').flatMap(caseForms))})|(?<and>${phrasePattern(wordsOf('range-and').flatMap(caseForms))}))${SPACE}*(?:(?:${phrasePattern(CURRENCY_SYMBOLS)})${SPACE}*)?$`,
      'u',
    ),
);

/** Number words by their lower-case spelling, with the tens and units each language joins. */
const NUMBER_WORDS = new Map<string, number>();
for (const words of LANGUAGES) {
  const valued = Object.entries(words).flatMap(([key, list]) =>
    key.startsWith('number:') ? list.map((w) => [keyOf(w), Number(key.slice(7))] as const) : [],
  );
  for (const [word, value] of valued) NUMBER_WORDS.set(word, value);
  const tens = valued.filter(([, v]) => v >= 20 && v % 10 === 0);
  const units = valued.filter(([, v]) => v >= 1 && v <= 9 && Number.isInteger(v));
  for (const joiner of words['compound-joiner']) {
    for (const [ten, t] of tens) {
      for (const [unit, u] of units) {
        if (unit.length > 1) NUMBER_WORDS.set(keyOf(`${ten}${joiner}${unit}`), t + u);
      }
    }
  }
}
/** The most words a number word is spelt with (`one and a half`). */
const NUMBER_WORDS_MAX = Math.max(...[...NUMBER_WORDS.keys()].map((w) => w.split(' ').length));

/** The number words a text ends with (`… noin kaksi `), looked up by the last words. */
function numberWordsAtEnd(before: string) {
  if (!/[\s\u00a0\u202f]$/u.test(before)) return undefined;
  return phraseAtEnd(before, NUMBER_WORDS, NUMBER_WORDS_MAX);
}
const scaleWord = onFirstUse(() => new RegExp(phrasePattern(SCALE_WORDS), 'gu'));

/** A money amount in a line: a number with its scale applied and its currency noted. */
export interface AmountMatch extends NumberMatch {
  /** True when a euro sign or word stands next to the number. */
  currency: boolean;
  /** Set when another currency stands next to the number (`SEK 150,000`); it is no euro sum. */
  foreign?: true;
  /** The currency written next to the number: `EUR`, `SEK`, `GBP`… */
  currencyCode?: string;
  /** Scale of a word such as `miljoonaa` after the number; 1 when there is none. */
  factor: number;
  /** The digits (or number words) as written, before scaling. */
  digits: string;
  /** Set when a word before the sum says it is not exact: `noin`, `över`, `less than`. */
  approximate?: Approximation;
  /** Where a currency written before the number begins (`SEK 150,000`, `€3.5M`). */
  currencyAt?: number;
  /** The upper end of a range (`1–2 milj. €`); `value` is its lower end. */
  max?: number;
}

function roundCents(value: number): number {
  return Math.round(value * 100) / 100;
}

interface Figure {
  value: number;
  end: number;
  factor: number;
  code: string | undefined;
  /** Where a currency written before the number begins. */
  start?: number;
}

/** The scale and currency written after a number, and a currency written before it. */
function figureAt(text: string, n: NumberMatch): Figure {
  let end = n.end;
  const s = scaleAfter(text, end);
  const scale = s?.[1] === undefined ? undefined : scaleOf(s[1]);
  if (s && scale) end += s[0].length;
  let code = scale?.code;
  if (!code) {
    const c = currencyAfter(text, end);
    if (c?.[1] !== undefined) {
      code = currencyOf(c[1]);
      end += c[0].length;
    } else if (!scale && SPACE_GROUPED.test(n.raw)) {
      const euroShort = euroShortAfter();
      euroShort.lastIndex = end;
      const e = euroShort.exec(text);
      if (e) {
        code = 'EUR';
        end += e[0].length;
      }
    }
  }
  let start: number | undefined;
  if (code === undefined) {
    const before = currencyBefore(text, n.index);
    code = before?.code;
    start = before?.at;
  }
  // A one-letter scale (`3.5M`, `650k`) is one only beside a currency; `5 m` is five metres.
  if (scale && s?.[1]?.length === 1 && code === undefined) {
    return { value: n.value, end: n.end, factor: 1, code };
  }
  const factor = scale?.factor ?? 1;
  return start === undefined
    ? { value: n.value * factor, end, factor, code }
    : { value: n.value * factor, end, factor, code, start };
}

/** The char before which currency and qualifier words may stand; none follows a digit or a colon. */
function mayHaveWordBefore(text: string, index: number): number {
  let i = index;
  while (i > 0 && SPACES.has(text.charCodeAt(i - 1))) i--;
  const code = text.charCodeAt(i - 1);
  // Letters, `€ £ $` and the stop of `n.`/`ca.`: anything else ends the search at once.
  const letter = (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code > 127;
  return i > 0 && (letter || code === 46 || code === 36) ? i : -1;
}

function currencyBefore(text: string, index: number): { code: string; at: number } | undefined {
  const to = mayHaveWordBefore(text, index);
  if (to < 0) return undefined;
  const slice = text.slice(Math.max(0, to - 18), index);
  const m = LAST_TOKEN.exec(slice);
  if (!m) return undefined;
  // A currency word stands alone: `EUR 3`, not the end of `mEUR`-like words (`Peur 3`).
  if (m.index > 0 && /[\p{L}\p{N}]/u.test(slice.charAt(m.index - 1))) return undefined;
  const code = currencyOf(m[0].replace(/\.?[\s\u00a0\u202f]*$/u, ''));
  return code ? { code, at: index - slice.length + m.index } : undefined;
}

/** Where the words before a sum start: before its currency sign, if any. */
function wordsEndBefore(text: string, index: number): number {
  const to = mayHaveWordBefore(text, index);
  if (to < 0) return index;
  return currencyBefore(text, index)?.at ?? index;
}

function qualifierBefore(text: string, index: number) {
  const at = wordsEndBefore(text, index);
  const to = mayHaveWordBefore(text, at);
  if (to < 0) return undefined;
  return phraseAtEnd(text.slice(Math.max(0, to - 24), to), QUALIFIERS, QUALIFIER_WORDS_MAX)?.value;
}

function approximationOf(kind: Approximation | 'between' | undefined): Approximation | undefined {
  return kind === 'between' ? undefined : kind;
}

/** A euro sum with one dot and three digits after it: `€ 601.840` groups thousands (no cents). */
const DOT_THOUSANDS = /^\d{1,3}\.\d{3}$/u;

function amountOf(text: string, index: number, digits: string, f: Figure): AmountMatch {
  // Cents have two digits: in a euro sum, a dot before three is a thousands separator.
  const grouped = f.code === 'EUR' && f.factor === 1 && DOT_THOUSANDS.test(digits);
  // Written out rather than spread: V8 builds a spread with a conditional part in its slow path.
  const amount: AmountMatch = {
    value: grouped ? Number(digits.replace('.', '')) : roundCents(f.value),
    index,
    end: f.end,
    raw: text.slice(index, f.end),
    currency: f.code === 'EUR',
    factor: f.factor,
    digits,
  };
  if (f.start !== undefined) amount.currencyAt = f.start;
  if (f.code !== undefined) {
    amount.currencyCode = f.code;
    if (f.code !== 'EUR') amount.foreign = true;
  }
  return amount;
}

/**
 * A range between two figures (`1–2 milj. €`, `between 50,000 and 200,000 euros`): a dash or `to`
 * joins two sums only where one has a currency or scale (`2014–2020` is none); `and` only after
 * `between`.
 */
function rangeEnd(
  text: string,
  low: Figure,
  lowAt: NumberMatch,
  next: NumberMatch | undefined,
  high: Figure | undefined,
): boolean {
  if (!next || !high) return false;
  // A joiner is a dash or a short word, with a sign at most: a longer gap joins nothing.
  if (next.index - low.end > 16) return false;
  const joiner = rangeJoiner().exec(text.slice(low.end, next.index))?.groups;
  if (!joiner) return false;
  const money =
    low.code !== undefined || high.code !== undefined || low.factor > 1 || high.factor > 1;
  if (joiner.and) return qualifierBefore(text, lowAt.index) === 'between';
  if (!money) return false;
  if (joiner.to !== undefined || !/\s/u.test(text.slice(low.end, next.index))) return true;
  // `Kylätalo 2019 – 12 500 €` is a year and a sum; `50 000 – 200 000 €` is a range.
  const grouped = (n: NumberMatch) => SPACE_GROUPED.test(n.raw) || /\d[.,']\d{3}/u.test(n.raw);
  return (
    low.code !== undefined ||
    low.factor > 1 ||
    (grouped(lowAt) === grouped(next) && !/^(?:19|20)\d{2}$/u.test(lowAt.raw))
  );
}

/** Sums written in words before a scale word: `kaksi miljoonaa euroa`, `half a million euros`. */
function wordAmounts(text: string, numbers: readonly NumberMatch[]): AmountMatch[] {
  const found: AmountMatch[] = [];
  const scale = scaleWord();
  scale.lastIndex = 0;
  for (let m = scale.exec(text); m !== null; m = scale.exec(text)) {
    const before = text.slice(Math.max(0, m.index - 40), m.index);
    const words = numberWordsAtEnd(before);
    if (!words) continue;
    const index = m.index - before.length + words.index;
    if (numbers.some((n) => n.end > index && n.index < m.index + m[0].length)) continue;
    const { spelt, value: number } = words;
    const scale = scaleOf(m[0]);
    if (!scale) continue;
    let end = m.index + m[0].length;
    const c = currencyAfter(text, end);
    const code = c?.[1] === undefined ? scale.code : currencyOf(c[1]);
    if (c) end += c[0].length;
    // `a thousand participants` is a count; a sum in words under a million names its currency.
    if (code === undefined && scale.factor < 1e6) continue;
    const amount = amountOf(text, index, spelt, {
      value: number * scale.factor,
      end,
      factor: scale.factor,
      code,
    });
    const approximate = approximationOf(qualifierBefore(text, index));
    if (approximate) amount.approximate = approximate;
    found.push(amount);
  }
  return found;
}

/**
 * Money amounts in a line, left to right: numbers with their scale applied (`1,2 milj. €`,
 * `€3.5M`, `650 k€`, `kaksi miljoonaa euroa`), the currency written beside them, whether a word
 * says they are approximate, and ranges as one amount with a `max`. Numbers without a currency
 * are returned too; callers choose.
 */
export function findAmounts(text: string, language?: Language): AmountMatch[] {
  const numbers = findNumbers(text, language);
  const amounts: AmountMatch[] = [];
  let figure = numbers[0] ? figureAt(text, numbers[0]) : undefined;
  for (let i = 0; i < numbers.length; i++) {
    const n = numbers[i] as NumberMatch;
    const low = figure ?? figureAt(text, n);
    let next = numbers[i + 1];
    // `1 000 –2 000 €`: the dash of a range read as the second figure's minus.
    const signed = next && next.value < 0 && n.value > 0 && /^[-−–]/u.test(next.raw);
    if (next && signed) {
      next = { ...next, value: -next.value, index: next.index + 1, raw: next.raw.slice(1) };
    }
    let high = next ? figureAt(text, next) : undefined;
    let amount: AmountMatch;
    if (next && high && rangeEnd(text, low, n, next, high)) {
      // `1–2 milj. €`: the lower end takes the scale and currency written once after the upper.
      const scaled = low.factor === 1 && high.factor > 1 && n.value <= next.value;
      const lowFigure: Figure = {
        value: scaled ? n.value * high.factor : low.value,
        end: high.end,
        factor: scaled ? high.factor : low.factor,
        code: low.code ?? high.code,
        ...(low.start === undefined ? {} : { start: low.start }),
      };
      amount = amountOf(text, n.index, n.raw, lowFigure);
      amount.max = roundCents(high.value);
      i++;
      const after = numbers[i + 1];
      high = after ? figureAt(text, after) : undefined;
    } else {
      amount = amountOf(text, n.index, n.raw, low);
      if (signed) high = undefined;
    }
    const approximate = approximationOf(qualifierBefore(text, n.index));
    if (approximate) amount.approximate = approximate;
    amounts.push(amount);
    figure = high;
  }
  const scale = scaleWord();
  scale.lastIndex = 0;
  const words = scale.test(text) ? wordAmounts(text, numbers) : [];
  if (words.length === 0) return amounts;
  return [...amounts, ...words].sort((a, b) => a.index - b.index);
}

/**
 * Parses a whole amount string such as `1 532 910,00 €` or `8,62 miljoner euro`; a sum in
 * another currency (`150 000 SEK`) or a range (`1–2 milj. €`) is no one euro amount.
 */
export function parseAmount(raw: string, language?: Language): number | undefined {
  const amounts = findAmounts(raw, language);
  const [only] = amounts;
  return amounts.length === 1 && only && !only.foreign && only.max === undefined
    ? only.value
    : undefined;
}

/**
 * The euro sum a value states: its first sum in euros, else its first sum without a currency
 * when it names no other. A range gives none, as a single figure is not either of its ends.
 */
export function euroAmount(text: string, language?: Language): AmountMatch | undefined {
  const amounts = findAmounts(text, language);
  const sum =
    amounts.find((a) => a.currency) ??
    (amounts.some((a) => a.foreign) ? undefined : amounts.find((a) => !a.foreign));
  return sum && sum.max === undefined ? sum : undefined;
}

/** The euro named anywhere: its sign, code or word (`euro`, `euroa`, `EUR`, `MEUR`, `k€`), not `Europe`. */
const NAMES_EURO =
  /€|(?<!\p{L})(?:m|k)?eur(?:o(?:s|a|n|t|ja|lla|ssa|sta|ksi|ille|ilta|ihin)?)?(?!\p{L})/iu;

/**
 * Whether a figure with no currency may be read as euros in this text. A Swedish text that names
 * the euro nowhere counts in kronor (`Total projektbudget: 1 981 742` in Sweden's ESF project
 * bank): its bare figures are no euro sums. A Swedish text from Finland names the euro somewhere.
 */
export function bareFiguresAreEuros(lines: ReadonlyArray<{ text: string }>, language?: Language) {
  return language !== 'sv' || lines.some((l) => NAMES_EURO.test(l.text));
}

/** The sum in another currency a value states when it states none in euros (`7,4 miljoner kronor`). */
export function nonEuroAmount(text: string, language?: Language): AmountMatch | undefined {
  const amounts = findAmounts(text, language);
  return amounts.some((a) => a.currency) ? undefined : amounts.find((a) => a.foreign);
}

/** An amount as written, with the currency sign or code before it (`SEK 150,000`). */
export function writtenAmount(text: string, amount: AmountMatch): string {
  return text.slice(amount.currencyAt ?? amount.index, amount.end);
}

/** The text without the currency written at its end, before a sum (`– EUR `, `€`). */
export function withoutCurrencyAtEnd(text: string): string {
  const at = currencyBefore(text, text.length)?.at;
  return at === undefined ? text : text.slice(0, at);
}
