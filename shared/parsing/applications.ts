import { firstHit, type Hit, type Line } from './text.ts';

/**
 * Counts of applications a text states: `58 applications`, `ansökningar inkom 12`, `Nio
 * ansökningar`, `Hakemuksia saapui 31.1. mennessä 44 kpl`, as an awards list's lead-in gives them.
 */

/** Small counts written out in words, as announcements do (`seitsemälle hankkeelle`). */
export const COUNT_WORDS: ReadonlyArray<[RegExp, number]> = [
  [/^(?:yksi|yhdelle|yhden|yhteen|one|en|ett)$/iu, 1],
  [/^(?:kaksi|kahdelle|kahden|kahteen|two|två)$/iu, 2],
  [/^(?:kolme|kolmelle|kolmen|three|tre)$/iu, 3],
  [/^(?:neljä|neljälle|neljän|four|fyra)$/iu, 4],
  [/^(?:viisi|viidelle|viiden|five|fem)$/iu, 5],
  [/^(?:kuusi|kuudelle|kuuden|six|sex)$/iu, 6],
  [/^(?:seitsemän|seitsemälle|seven|sju)$/iu, 7],
  [/^(?:kahdeksan|kahdeksalle|eight|åtta)$/iu, 8],
  [/^(?:yhdeksän|yhdeksälle|nine|nio)$/iu, 9],
  [/^(?:kymmenen|kymmenelle|ten|tio)$/iu, 10],
  [/^(?:yksitoista|yhdelletoista|eleven|elva)$/iu, 11],
  [/^(?:kaksitoista|kahdelletoista|twelve|tolv)$/iu, 12],
];

/** Applications, not a compound of the word (`ansökningsomgång 2/2024` is a round). */
export const APPLICATION_NOUN =
  /(?:hakemu\p{L}*|ansökning(?:ar(?:na)?|en)?(?!\p{L})|ansökan(?!\p{L})|applications?|proposals?)/iu;
const NUMBER_THEN_APPLICATIONS = new RegExp(
  `(?<![\\d.,])(\\d{1,5})\\s+(?:\\p{L}+\\s+){0,2}?${APPLICATION_NOUN.source}`,
  'giu',
);
/** A count in words before the noun (`Nio ansökningar inkom`), read when no figure is given. */
const WORD_THEN_APPLICATIONS = new RegExp(
  `(?<!\\p{L})(\\p{L}+)\\s+(?:\\p{L}+\\s+){0,2}?${APPLICATION_NOUN.source}`,
  'giu',
);
const APPLICATIONS_THEN_NUMBER = new RegExp(
  `${APPLICATION_NOUN.source}\\s+(?:\\p{L}+\\s+){0,3}?(\\d{1,5})(?!\\d|[.,]\\d|\\s*(?:€|eur|milj|%))`,
  'giu',
);
/** A count with a counter word, a date may stand between: `Hakemuksia saapui 31.1. mennessä 44 kpl`. */
const APPLICATIONS_THEN_COUNT = new RegExp(
  `${APPLICATION_NOUN.source}.{0,60}?(?<![\\d.,])(\\d{1,5})\\s*(?:kappaletta|kpl|stycken|st)(?!\\p{L})`,
  'giu',
);

const YEAR = /^(?:19|20)\d{2}$/u;

/**
 * A count in digits, or in words from two up (`nio ansökningar`); `en ansökan`, `one application`
 * is an article, not a count.
 */
function countOf(word: string): number | undefined {
  if (/^\d+$/u.test(word)) return Number(word);
  const value = COUNT_WORDS.find(([re]) => re.test(word))?.[1];
  return value !== undefined && value > 1 ? value : undefined;
}

/** The count of applications a line states; a year next to the word is none (`maj 2025 ansökningarna`). */
function applicationsIn(text: string): number | undefined {
  for (const pattern of [
    NUMBER_THEN_APPLICATIONS,
    APPLICATIONS_THEN_NUMBER,
    WORD_THEN_APPLICATIONS,
    APPLICATIONS_THEN_COUNT,
  ]) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
      const value = countOf(m[1] ?? '');
      if (value !== undefined && value > 0 && !YEAR.test(m[1] ?? '')) return value;
      // A word that is no count may stand where a count starts further on (`kom det in tio
      // ansökningar`): the next try starts at the next word, not after this match.
      pattern.lastIndex = m.index + (m[1]?.length ?? 0) + 1;
    }
  }
  return undefined;
}

/** The count of applications the first line stating one gives (an awards list's lead-in). */
export function applicationsHit(lines: readonly Line[]): Hit<number> | undefined {
  return firstHit(lines, (line) => applicationsIn(line.text));
}
