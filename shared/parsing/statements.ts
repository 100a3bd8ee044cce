import type { Fund } from '../schemas/report-record.ts';
import { phrasePattern } from './amounts.ts';
import { type DateToken, findDateTokens } from './dates.ts';
import { onFirstUse } from './once.ts';
import type { Line } from './text.ts';
import { LABEL_VOCABULARIES } from './vocabulary/label-vocabularies.ts';
import type { LabelWords } from './vocabulary/labels.ts';
import { fundsOf } from './vocabulary.ts';

/**
 * Facts a document states in a sentence of a fixed shape rather than under a label: a project's
 * acronym with the name it stands for (`the project TERAIS (Towards Excellent Robotics …)`), and
 * the grant agreement's number (`under the Grant Agreement number 101079338`).
 */
export interface Statement {
  path: 'project.name' | 'project.acronym' | 'project.code';
  value: string;
  line: Line;
}

const patterns = onFirstUse(() => {
  const words = (pick: (w: LabelWords) => string[]) => LABEL_VOCABULARIES.flatMap(pick);
  return {
    agreement: new RegExp(
      `(?:${phrasePattern(
        words((w) => w.agreementNumber),
        { start: false },
      )})\\s*(?:no\\.?|nr\\.?|n[°o:]o?\\.?|number|numero|nummer)?\\s*[:#]?\\s*(\\d{6,9})(?!\\d)`,
      'iu',
    ),
    project: new RegExp(
      `(?:${phrasePattern(
        words((w) => w.projectWords),
        { start: false },
      )})\\s*$`,
      'iu',
    ),
    skips: new Set(words((w) => w.acronymSkips)),
    period: new RegExp(`(?:${phrasePattern(words((w) => w.periodPhrases))})`, 'iu'),
  };
});

/** An acronym, bold or plain, and the parenthesised words after it. */
const ACRONYM_EXPANSION = /(\*\*)?(\p{Lu}[\p{Lu}\p{N}-]{2,11})\1?\s*\(([^()]{10,200})\)/u;
/** Lines from the document's start in which an acronym opens the text of the project's page. */
const OPENING_LINES = 15;
/** How far before an acronym the word `project` is looked for. */
const PROJECT_REACH = 40;

/**
 * Whether the name's words spell the acronym, in order: each word gives the first one or more
 * letters of its own (`MARINET`: MARitime Innovation NETwork), small words are skipped, and a
 * word or two may follow unspelt (`… Slovak University`).
 */
export function standsFor(acronym: string, name: string, skips: ReadonlySet<string>): boolean {
  const letters = acronym.replace(/[^\p{L}]/gu, '').toUpperCase();
  const words = name
    .split(/[\s–—/-]+/u)
    .filter((w) => /^\p{L}/u.test(w) && !skips.has(w.toLowerCase()));
  // A name is written in capitals: `small and medium-sized enterprises` is no project's name.
  if (letters.length < 3 || words.length < 2 || !words.every((w) => /^\p{Lu}/u.test(w))) {
    return false;
  }
  const content = words.map((w) => w.toUpperCase());
  const spell = (at: number, word: number): boolean => {
    if (at === letters.length) return content.length - word <= 2;
    const current = content[word];
    if (current === undefined) return false;
    for (let k = Math.min(current.length, letters.length - at); k >= 1; k--) {
      if (current.slice(0, k) === letters.slice(at, at + k) && spell(at + k, word + 1)) return true;
    }
    return false;
  };
  return spell(0, 0);
}

/** The acronym and name a line states, with the line after it where the parenthesis goes on. */
function acronymOf(
  lines: readonly Line[],
  index: number,
): { acronym: string; name: string } | undefined {
  const line = lines[index] as Line;
  let text = line.text;
  const next = lines[index + 1];
  if (/\((?![^()]*\))[^()]*$/u.test(text) && next && next.text.length > 0) {
    text = `${text} ${next.text}`;
  }
  const m = ACRONYM_EXPANSION.exec(text);
  if (!m) return undefined;
  const [, , acronym = '', name = ''] = m;
  const { project, skips } = patterns();
  const before = text.slice(Math.max(0, m.index - PROJECT_REACH), m.index);
  // A page about the project opens its text with the acronym its title names (`About TERAIS`).
  const opening =
    index < OPENING_LINES &&
    text.slice(0, m.index).replaceAll('*', '').trim() === '' &&
    lines.slice(0, index).some((l) => new RegExp(`\\b${acronym}\\b`, 'u').test(l.text));
  if (!opening && !project.test(before)) return undefined;
  const clean = name.replace(/\s+/gu, ' ').trim();
  // A fund or a programme is no project: `ERDF (European Regional Development Fund)`.
  if (fundsOf(`${acronym} ${clean}`).length > 0) return undefined;
  return standsFor(acronym, clean, skips) ? { acronym, name: clean } : undefined;
}

/** What the lines state in the fixed sentence shapes above, first statement of each first. */
export function readStatements(lines: readonly Line[]): Statement[] {
  const statements: Statement[] = [];
  const { agreement } = patterns();
  let named = false;
  let coded = false;
  for (let i = 0; i < lines.length && !(named && coded); i++) {
    const line = lines[i] as Line;
    if (line.text.length === 0) continue;
    if (!named) {
      const hit = acronymOf(lines, i);
      if (hit) {
        statements.push({ path: 'project.acronym', value: hit.acronym, line });
        statements.push({ path: 'project.name', value: hit.name, line });
        named = true;
      }
    }
    if (!coded) {
      const code = agreement.exec(line.text)?.[1];
      if (code) {
        statements.push({ path: 'project.code', value: code, line });
        coded = true;
      }
    }
  }
  return statements;
}

/** Where a sentence ends and the next begins, inside a line. */
const SENTENCE_BREAK = /(?<=[.!?])\s+(?=\p{Lu})/u;

/**
 * The beneficiary named in a sentence of its own: `Projektägaren är Finlands Svenska
 * Ungdomsförbund.`, `Hankkeen toteuttaja on Kylätalo osk.`, `The lead partner is the City of
 * Oulu.` The name starts with a capital and runs to the sentence's end, a few words at most.
 */
const BENEFICIARY_SENTENCE =
  /(?:^|[.!?]\s+)(?:(?:projektägare(?:n)?|stödmottagare(?:n)?|huvudsökande(?:n)?)\s+(?:är|var)|(?:hankkeen\s+)?(?:päätoteuttaja|toteuttaja|tuensaaja|hallinnoija)(?:na)?\s+(?:on|oli|toimii)|projektet\s+(?:drivs|leds|ägs)\s+av|(?:the\s+)?project\s+is\s+(?:led|coordinated|run)\s+by|(?:the\s+)?(?:project(?:'s)?\s+)?(?:lead\s+partner|lead\s+beneficiary|beneficiary|project\s+owner)\s+(?:is|was))\s+((?:the\s+)?\p{Lu}[^.!?\d]{2,100}?)\s*[.!]?\s*$/iu;
/** Most words a name in such a sentence has. */
const MAX_NAME_WORDS = 8;

export function beneficiaryStatement(
  lines: readonly Line[],
): { value: string; line: Line } | undefined {
  for (const line of lines) {
    if (line.text.length > 400) continue;
    for (const sentence of line.text.split(SENTENCE_BREAK)) {
      const m = BENEFICIARY_SENTENCE.exec(sentence);
      const name = m?.[1]?.replace(/^the\s+/iu, '').trim();
      if (name && /^\p{Lu}/u.test(name) && name.split(/\s+/u).length <= MAX_NAME_WORDS) {
        return { value: name, line };
      }
    }
  }
  return undefined;
}

/** A heading's text: a short line of its own, no sentence (Markdown's `#` is already off). */
const HEADING = /^([^.!?:;]{3,80})$/u;
/** Lines after a heading in which the text may go on to call it a project. */
const HEADING_REACH = 3;
/** What, right after the heading's words, calls them a project's name. */
const CALLED_PROJECT =
  /^(?:\s+|\s*-)(?:hank\p{L}*|projekt\p{L}*|project(?!\p{L})|on\s+(?:\p{L}+\s+){0,3}?hanke(?!\p{L})|är\s+ett\s+(?:\p{L}+\s+){0,3}?projekt(?!\p{L})|is\s+an?\s+(?:[\p{L}-]+\s+){0,3}?project(?!\p{L}))/iu;

/**
 * A project's name given by a heading the text under it calls a project: `AI Fish Sort` over
 * `AI Fish Sort on Xamkin hanke, …`, `Elämysteknologioiden Lappi 2025` over `… Elämysteknologioiden
 * Lappi 2025 hankkeessa …`, `Harbour Light` over `Harbour Light is a two-year project …`.
 */
export function headingNameStatement(
  lines: readonly Line[],
): { value: string; line: Line } | undefined {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as Line;
    const title = HEADING.exec(line.text)?.[1];
    const alone = (lines[i - 1]?.text ?? '') === '' && (lines[i + 1]?.text ?? '') === '';
    if (!title || !alone || !/\p{L}{2}/u.test(title)) continue;
    let seen = 0;
    for (let j = i + 1; j < lines.length && seen < HEADING_REACH; j++) {
      const text = (lines[j] as Line).text;
      if (text.length === 0) continue;
      seen++;
      for (let at = text.indexOf(title); at >= 0; at = text.indexOf(title, at + 1)) {
        if (CALLED_PROJECT.test(text.slice(at + title.length))) return { value: title, line };
      }
    }
  }
  return undefined;
}

/** A verb of funding before the fund a sentence names: `Hankkeen mahdollistaa … Maaseuturahastosta`. */
const FUNDED_BY =
  /(?:co-?financed|co-?funded|funded|financed|supported)\s+(?:\p{L}+\s+){0,2}?(?:by|from)(?!\w)|rahoitta\p{L}*|rahoituksella|mahdollista\p{L}*|myönne\p{L}*|bevilja\p{L}*|(?:med)?finansier\p{L}*\s+(?:av|från|med|genom)(?!\w)/iu;

/** The one fund the sentences of funding name (`funded by the ERDF`); none if they name two. */
export function fundStatement(lines: readonly Line[]): { value: Fund; line: Line } | undefined {
  const hits = lines.flatMap((line) => {
    // A sentence, not a label over its value (`Beviljat ESF-stöd:`).
    if (line.text.length > 4000 || /[:：]\s*$/u.test(line.text) || !FUNDED_BY.test(line.text)) {
      return [];
    }
    return fundsOf(line.text).map((fund) => ({ value: fund, line }));
  });
  return new Set(hits.map((h) => h.value)).size === 1 ? hits[0] : undefined;
}

/**
 * The dates a project runs between, told in a sentence (`Hanke toteutetaan ajalla
 * 1.1.2021-31.12.2023.`): the two dates right after a phrase of its period, in its sentence.
 */
export function periodStatement(
  lines: readonly Line[],
): { start: DateToken; end: DateToken; line: Line } | undefined {
  const { period } = patterns();
  for (const line of lines) {
    if (line.text.length > 600) continue;
    const m = period.exec(line.text);
    if (!m) continue;
    const rest = line.text.slice(m.index + m[0].length);
    const sentence = rest.split(SENTENCE_BREAK)[0] ?? '';
    const dates = findDateTokens(sentence);
    const [start, end] = dates;
    if (dates.length === 2 && start?.date && end?.date && start.date < end.date) {
      return { start, end, line };
    }
  }
  return undefined;
}
