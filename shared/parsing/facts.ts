import {
  CallSchema,
  type ExtractedFields,
  FundingSchema,
  type Language,
  ProjectSchema,
  type ProjectStatus,
} from '../schemas/report-record.ts';
import {
  bareFiguresAreEuros,
  euroAmount,
  findAmounts,
  nonEuroAmount,
  phrasePattern,
} from './amounts.ts';
import { rateInSentence, readCostStatements } from './cost-sentence.ts';
import {
  cellDate,
  type DateToken,
  findDateTokens,
  timeBefore,
  timeZoneOf,
  zonedDateTime,
} from './dates.ts';
import { ParseNotes, type ParserHints } from './kinds/parser.ts';
import { parsePercent } from './numbers.ts';
import { onFirstUse } from './once.ts';
import {
  beneficiaryStatement,
  fundStatement,
  headingNameStatement,
  periodStatement,
  readStatements,
} from './statements.ts';
import { isNoData, isNumberedHeading, type Line, quotedCell } from './text.ts';
import { LABEL_VOCABULARIES } from './vocabulary/label-vocabularies.ts';
import { LABELLED_FIELDS, type LabelledField } from './vocabulary/labels.ts';
import { fundsOf, statusOf } from './vocabulary.ts';

/** Every language's labels: a document in one language quotes a list or form in another's. */

/** What a label names: a field, or a period that gives the start and end dates. */
type Target = LabelledField | 'duration';

/** The paths the record schema has a place for (the contract may name more than it holds yet). */
const SCHEMA_FIELDS: ReadonlySet<string> = new Set([
  ...Object.keys(ProjectSchema.shape).map((k) => `project.${k}`),
  ...Object.keys(FundingSchema.shape).map((k) => `funding.${k}`),
  ...Object.keys(CallSchema.shape).map((k) => `call.${k}`),
]);

/** A label as looked up: lower case, `_` as a space, one space between words, no colon or quotes. */
function labelKey(label: string): string {
  return label
    .replaceAll('**', '')
    .replace(/^[\s"'“”]+|[\s"'“”:：;]+$/gu, '')
    .replace(/^[-–•*▪·◦]\s*/u, '')
    .replaceAll('_', ' ')
    .replace(/\s+/gu, ' ')
    .toLowerCase();
}

interface Vocabulary {
  /** Labels in any layout, by their key. */
  anywhere: Map<string, Target>;
  /** Labels that name a field only as a column header. */
  columns: Map<string, Target>;
  /** A qualifier after a label that says its figures are in euros. */
  euroQualifiers: string[];
  status: Array<{ word: string; status: ProjectStatus }>;
  /** A label at a line start, for a short line that has no separator (`Total budget €845,000`). */
  lineStart: RegExp;
  /** A label with a colon inside running text (a long value of a data record). */
  inline: RegExp;
  /** Any label at a line's start, lower-cased, followed by one space. */
  labelStart: RegExp;
  /** A line that opens a block about another organisation (a co-implementer, a partner). */
  otherParty: RegExp;
  /** Words an organisation's name ends in, lower case. */
  organisationEnds: ReadonlySet<string>;
  /** A page's headings and furniture, lower case. */
  pageFurniture: ReadonlySet<string>;
}

const vocabulary = onFirstUse((): Vocabulary => {
  const anywhere = new Map<string, Target>();
  const columns = new Map<string, Target>();
  const euroQualifiers = new Set<string>();
  const otherParty: string[] = [];
  const organisationEnds = new Set<string>();
  const pageFurniture = new Set<string>();
  const status: Vocabulary['status'] = [];
  for (const words of LABEL_VOCABULARIES) {
    for (const path of LABELLED_FIELDS) {
      if (!SCHEMA_FIELDS.has(path)) continue;
      for (const label of words.fields[path]) anywhere.set(labelKey(label), path);
      for (const label of words.columns[path] ?? []) columns.set(labelKey(label), path);
    }
    for (const label of words.duration) anywhere.set(labelKey(label), 'duration');
    for (const q of words.euroQualifiers) euroQualifiers.add(q);
    otherParty.push(...words.otherParty);
    for (const end of words.organisationEnds) organisationEnds.add(end);
    for (const word of words.pageFurniture) pageFurniture.add(word);
    for (const [s, list] of Object.entries(words.status) as [ProjectStatus, string[]][]) {
      for (const word of list) status.push({ word, status: s });
    }
  }
  // Longest first, so that `ongoing` is not read from `not ongoing` by a shorter word.
  status.sort((a, b) => b.word.length - a.word.length);
  const figureLabels = [...anywhere].filter(([, t]) => FIGURE_TARGETS.has(t)).map(([l]) => l);
  const dateLabels = [...anywhere].filter(([, t]) => DATE_TARGETS.has(t)).map(([l]) => l);
  return {
    anywhere,
    columns,
    euroQualifiers: [...euroQualifiers].sort((a, b) => b.length - a.length),
    organisationEnds,
    pageFurniture,
    status,
    lineStart: new RegExp(`^(?:${phrasePattern(figureLabels)})(?= ?[\\d€(])`, 'u'),
    // A record's text may glue a label to the figure before it (`29 April 2026Deadline for …:`).
    otherParty: new RegExp(`^(?:${phrasePattern(otherParty)})`, 'u'),
    inline: new RegExp(`(?:${phrasePattern(dateLabels, { start: false })})[:：]`, 'gu'),
    labelStart: new RegExp(`^(?:${phrasePattern([...anywhere.keys()])}) (?=\\S)`, 'u'),
  };
});

const DATE_TARGETS: ReadonlySet<Target> = new Set<Target>([
  'project.startDate',
  'project.endDate',
  'call.deadline',
  'duration',
]);
const MONEY_TARGETS: ReadonlySet<Target> = new Set<Target>([
  'funding.totalBudget',
  'funding.euContribution',
  'funding.euAndStateGranted',
  'funding.euAndStateRealised',
  'funding.publicPlanned',
  'funding.publicRealised',
]);
const PERCENT_TARGETS: ReadonlySet<Target> = new Set<Target>([
  'funding.euCofinancingRate',
  'call.maxFundingRate',
]);
/** Facts of the beneficiary organisation, which a partner's block states for the partner. */
const ORGANISATION_TARGETS: ReadonlySet<Target> = new Set<Target>([
  'project.beneficiary',
  'project.businessId',
]);
const FIGURE_TARGETS: ReadonlySet<Target> = new Set([
  ...DATE_TARGETS,
  ...MONEY_TARGETS,
  ...PERCENT_TARGETS,
]);

/** A label and a parenthesised note after it. */
const NOTE = /^(.+?) \(\*?([^()]*?)\*?\)\*?$/u;

/** The target a label names, and whether a qualifier after it says its figures are in euros. */
function targetOf(label: string, header: boolean): { target: Target; euro: boolean } | undefined {
  const v = vocabulary();
  const key = labelKey(label);
  const direct = v.anywhere.get(key) ?? (header ? v.columns.get(key) : undefined);
  if (direct) return { target: direct, euro: false };
  // A column header's note on how to fill it in: `Summary of project (max 100 words)`.
  // A note that is itself a label (`Project Name (Beneficiary)`) leaves the column unclear.
  const noted = header ? NOTE.exec(key) : null;
  if (
    noted?.[1] &&
    noted[2] &&
    !v.anywhere.has(noted[2]) &&
    !v.euroQualifiers.some((q) => key.endsWith(q))
  ) {
    const target = v.anywhere.get(noted[1]) ?? v.columns.get(noted[1]);
    if (target) return { target, euro: false };
  }
  for (const q of v.euroQualifiers) {
    if (!key.endsWith(q) || key.length <= q.length) continue;
    const bare = key.slice(0, -q.length).trim();
    const target = v.anywhere.get(bare) ?? (header ? v.columns.get(bare) : undefined);
    if (target && MONEY_TARGETS.has(target)) return { target, euro: true };
  }
  return undefined;
}

/** A labelled value as found, before it is read as its field's type. */
interface Pair {
  label: string;
  value: string;
  line: Line;
  /** The label was a column header over a data row. */
  header?: boolean;
  /** The pair stands in a block about another organisation than the beneficiary. */
  other?: boolean;
}

/** A value read for a field, with the line it came from. */
interface Candidate {
  value: unknown;
  /** What two statements are compared by. */
  key: string;
  line: Line;
}

/** A field stated twice with values that differ: left out, and reported. */
export interface FactConflict {
  path: string;
  lines: [Line, Line];
  values: [string, string];
}

export interface Facts {
  fields: ExtractedFields;
  conflicts: FactConflict[];
  hints: ParserHints;
}

/** Longer lines are prose or a data record; a labelled line never runs this long. */
const MAX_LABELLED_LINE = 400;
/** A column header row is short; a data row may be long (it holds summaries). */
const MAX_HEADER = 2000;
const MAX_ROW = 20_000;
/** Fewest cells of a header row. */
const MIN_COLUMNS = 3;
/** Fewest known labels that make a row of cells a header. */
const MIN_KNOWN_COLUMNS = 2;
const MAX_TEXT_VALUE = 300;
const MAX_SUMMARY = 2000;
/** Shortest line read as a label and a figure with no separator. */
const MAX_SHORT_LINE = 120;
/** How far into a long value a date after an inline label is looked for. */
const INLINE_REACH = 80;

const JSON_MEMBER = /^"([^"]{1,80})"\s*:\s*(.+?)\s*,?$/u;
const COLON = /[:：](?=\s|$)/u;

/** The cells of a delimited row, quotes honoured (`"1.900,00 "`, `""` for a quote). */
function splitCells(text: string, delimiter: string): string[] | undefined {
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    if (text[i] === '"') {
      const quoted = quotedCell(text, i);
      if (!quoted) return undefined;
      i = quoted.end;
      while (i < text.length && text[i] !== delimiter) i++;
      cells.push(quoted.cell);
    } else {
      const at = text.indexOf(delimiter, i);
      const end = at < 0 ? text.length : at;
      cells.push(text.slice(i, end));
      i = end;
    }
    if (i >= text.length) break;
    i++;
    if (i === text.length) {
      cells.push('');
      break;
    }
  }
  return cells;
}

/** A row's cells with its trailing empty cells and a row-ending `;` dropped. */
function rowCells(text: string, delimiter: string): string[] | undefined {
  const trimmed = delimiter === ',' ? text.replace(/;\s*$/u, '') : text;
  const cells = splitCells(trimmed, delimiter);
  if (!cells) return undefined;
  while (cells.length > 0 && (cells[cells.length - 1] ?? '').trim() === '') cells.pop();
  return cells;
}

/**
 * A data row's cells, as many as the header has: where a plain comma list has more, the commas
 * followed by a space are taken for punctuation inside a cell (`Etelä-Savon elinkeino-, liikenne-`).
 */
function alignedRow(text: string, delimiter: string, width: number): string[] | undefined {
  const cells = rowCells(text, delimiter);
  if (!cells) return undefined;
  if (cells.length === width) return cells;
  // Empty cells at the row's end, written out: the row is as wide as its header.
  if (cells.length < width) {
    const written = splitCells(delimiter === ',' ? text.replace(/;\s*$/u, '') : text, delimiter);
    if (written?.length === width) return written;
  }
  if (delimiter !== ',' || cells.length < width || text.includes('"')) return undefined;
  const merged = text
    .replace(/;\s*$/u, '')
    .split(/,(?! )/u)
    .map((c) => c);
  while (merged.length > 0 && (merged[merged.length - 1] ?? '').trim() === '') merged.pop();
  return merged.length === width ? merged : undefined;
}

const DELIMITERS = ['\t', ';', ','] as const;

/** The header's delimiter and cells, when a line is a header row of known column labels. */
function headerOf(text: string): { delimiter: string; cells: string[] } | undefined {
  if (text.length > MAX_HEADER) return undefined;
  let best: { delimiter: string; cells: string[]; known: number } | undefined;
  for (const delimiter of DELIMITERS) {
    if (!text.includes(delimiter)) continue;
    const cells = rowCells(text, delimiter);
    if (!cells || cells.length < MIN_COLUMNS) continue;
    let known = 0;
    for (const cell of cells) if (targetOf(cell, true)) known++;
    if (known >= MIN_KNOWN_COLUMNS && (!best || known > best.known)) {
      best = { delimiter, cells, known };
    }
  }
  return best;
}

function textOf(line: Line): string {
  return line.raw ?? line.text;
}

/** The labelled values of a JSON object standing on one line, its scalar members each a pair. */
function jsonPairs(line: Line, text: string, pairs: Pair[]): boolean {
  if (!text.startsWith('{') || !text.endsWith('}')) return false;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return false;
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return false;
  for (const [label, value] of Object.entries(data)) {
    if (typeof value === 'string' || typeof value === 'number') {
      pairs.push({ label, value: String(value), line });
    }
  }
  return true;
}

/** The value of a JSON member line (`"projektnamn": "Energitjänster",`), unquoted. */
function jsonMember(text: string): { label: string; value: string } | undefined {
  if (text.charCodeAt(0) !== 34) return undefined;
  const m = JSON_MEMBER.exec(text);
  if (!m) return undefined;
  const raw = m[2] ?? '';
  if (raw.startsWith('"')) {
    try {
      const value: unknown = JSON.parse(raw);
      return typeof value === 'string' ? { label: m[1] ?? '', value } : undefined;
    } catch {
      return undefined;
    }
  }
  return /^-?\d/u.test(raw) ? { label: m[1] ?? '', value: raw } : undefined;
}

/** Every labelled value the lines state, in the layouts a label and its value take. */
function pairsOf(lines: readonly Line[]): Pair[] {
  const pairs: Pair[] = [];
  const v = vocabulary();
  let skipTo = 0;
  let lastNo = 0;
  let other = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as Line;
    if (line.no < skipTo || line.text.length === 0) continue;
    const whole = line.raw !== undefined && line.no === lastNo;
    lastNo = line.no;
    const text = textOf(line);
    if (!whole) {
      // A header row of known column labels over a data row: column i of each pairs up.
      const first = text.charCodeAt(0);
      if ((first === 123 || first === 34) && jsonPairs(line, text, pairs)) continue;
      // Tab-joined cells (a pipe table, a semicolon export) first, else the line as written.
      const fromText = headerOf(line.text);
      const header = fromText ?? (line.raw === undefined ? undefined : headerOf(line.raw));
      if (header) {
        const next = nextRow(lines, i);
        const first = next && (fromText ? next.text : textOf(next));
        const whole = next && first !== undefined ? wholeRow(lines, next, first) : undefined;
        const row =
          whole !== undefined && whole.text.length <= MAX_ROW
            ? alignedRow(whole.text, header.delimiter, header.cells.length)
            : undefined;
        if (next && whole && row) {
          header.cells.forEach((label, c) => {
            pairs.push({ label, value: row[c] ?? '', line: next, header: true });
          });
          skipTo = whole.lastNo + 1;
        }
        continue;
      }
      const member = jsonMember(text);
      if (member) {
        pairs.push({ ...member, line });
        continue;
      }
    }
    if (line.text.length > MAX_LABELLED_LINE) {
      runOnPairs(line, pairs);
      colonlessCodes(line, pairs);
      continue;
    }
    const t = line.text.includes('**') ? line.text.replaceAll('**', '') : line.text;
    const below = stackedValue(lines, i, t);
    if (below) {
      pairs.push({ label: t, value: below.text, line: below });
      skipTo = below.no + 1;
      continue;
    }
    if (isNumberedHeading(line)) other = false;
    if (v.otherParty.test(plainLabel(t))) other = true;
    const before = pairs.length;
    if (!t.includes('\t') && !COLON.test(t) && besideFormRows(lines, i)) {
      formLine(t, line, pairs, v);
      continue;
    }
    readLine(t, line, pairs, v);
    if (other) for (let p = before; p < pairs.length; p++) (pairs[p] as Pair).other = true;
  }
  return pairs;
}

/** A label inside run-on text: one to four words, the first capitalised, then a colon. */
const RUN_ON_LABEL = /(?<![\p{L}\d])\p{Lu}[\p{L}-]*(?: [\p{L}-]+){0,3}(?=[:：] )/gu;
/** Fewest labels that make a long line a form's fields run together. */
const MIN_RUN_ON_LABELS = 3;
/** Most words a value run together with its neighbours may have: past it, where it ends is unclear. */
const MAX_RUN_ON_WORDS = 6;

/**
 * An organisation's name at the start of a run-on value, for a label of an organisation: the
 * words up to the first that ends such a name (`Lapin liitto` of `Lapin liitto Päätös Kestävää
 * kasvua …`). Undefined for other labels, or where no such word comes soon enough.
 */
function organisationRun(label: string, run: string): string | undefined {
  const target = targetOf(label, false)?.target;
  if (target !== 'project.beneficiary' && target !== 'project.managingAuthority') return undefined;
  const words = run.split(/\s+/u).slice(0, MAX_RUN_ON_WORDS);
  const ends = vocabulary().organisationEnds;
  const last = words.findIndex((word) => ends.has(word.toLowerCase()));
  return last >= 1 ? words.slice(0, last + 1).join(' ') : undefined;
}

/** A capitalised label glued to its value, as a web page's fact list copies: `Duration1.3.2023`. */
const GLUED = /^(\p{Lu}[\p{Ll}-]+(?: [\p{Ll}-]+){0,3}?)(?=\p{Lu}|\d)/u;
/** Fewest glued labels that make a block of them: one alone is a word that runs into a name. */
const MIN_GLUED = 2;

/**
 * A page's fact list copied without the breaks between its labels and values (`NameHarbour
 * Light`, `Duration1.3.2023 – 31.8.2025`, `FunderCo-funded by the ESF+`): a known label that a
 * capital or a digit follows at once, where two lines or more of the document are so written.
 */
function gluedPairs(lines: readonly Line[]): Pair[] {
  const found: Pair[] = [];
  for (const line of lines) {
    if (line.text.length > MAX_LABELLED_LINE) continue;
    const m = GLUED.exec(line.text);
    if (!m?.[1]) continue;
    // The longest run of the opening words that is a known label.
    const words = m[1].split(' ');
    for (let w = words.length; w >= 1; w--) {
      const label = words.slice(0, w).join(' ');
      if (!targetOf(label, true)) continue;
      const value = line.text.slice(label.length).trim();
      if (w === words.length && value.length > 0) found.push({ label, value, line });
      break;
    }
  }
  return found.length >= MIN_GLUED ? found : [];
}

/** A code's label in a flattened form without colons, and the code after it (`Projektikoodi S11306`). */
const colonlessCode = onFirstUse(() => {
  const codeLabels = [...vocabulary().anywhere]
    .filter(([, target]) => target === 'project.code')
    .map(([label]) => label);
  return new RegExp(
    `(?<![\\p{L}\\d])(${phrasePattern(codeLabels)})\\s+(\\p{Lu}{0,3}\\d{4,8})(?=\\s)`,
    'iu',
  );
});

/**
 * A form flattened to one line without colons, as an older EURA form copies (`Hakemusnumero
 * Projektikoodi S11306 Hakemustyyppi …`): where values cannot be bounded, a code still can, by
 * its shape, right after its label.
 */
function colonlessCodes(line: Line, pairs: Pair[]): void {
  if (pairs.some((p) => p.line === line)) return;
  const m = colonlessCode().exec(line.text);
  if (m?.[1] && m[2]) pairs.push({ label: m[1], value: m[2], line });
}

/**
 * A form flattened to one long line, as a PDF-to-text page gives it (`Hankekoodi: A70726
 * Toimintalinja: 1. Pk-yritystoiminnan kilpailukyky Erityistavoite: 1.1. …`): each known label's
 * value runs to the next label. A value longer than a few words is left out, since where it ends
 * cannot be told.
 */
function runOnPairs(line: Line, pairs: Pair[]): void {
  const text = line.text;
  const found = [...text.matchAll(RUN_ON_LABEL)];
  if (found.length < MIN_RUN_ON_LABELS) return;
  // Each label: the longest tail of the words before the colon that is a known label, else the
  // last word alone (an unknown label still ends the value before it).
  const labels = found.map((m) => {
    const words = m[0].split(' ');
    const colon = (m.index ?? 0) + m[0].length;
    for (let w = 0; w < words.length; w++) {
      const tail = words.slice(w).join(' ');
      if (targetOf(tail, false)) return { label: tail, start: colon - tail.length, colon };
    }
    const last = words.at(-1) ?? '';
    return { label: undefined, start: colon - last.length, colon };
  });
  labels.forEach(({ label, colon }, k) => {
    if (!label) return;
    const from = colon + 1;
    const next = labels[k + 1];
    const run = text.slice(from, next ? next.start : Math.min(text.length, from + 120)).trim();
    const value = organisationRun(label, run) ?? run;
    if (value.length === 0 || value.split(/\s+/u).length > MAX_RUN_ON_WORDS) return;
    if (!next && /[.!?]$/u.test(value)) return;
    pairs.push({ label, value, line });
  });
}

/** Fields whose value is prose: a heading over a paragraph is no label over its value. */
const PROSE_TARGETS: ReadonlySet<Target> = new Set<Target>(['project.summary']);

/**
 * A label alone on its line with its value on the next (`Total project cost` over `€4.0M`), as
 * a web page's cards and a PDF flattened to text set them: the line is a known label and
 * nothing else, and the next line with text, at most one blank line below, is a short value
 * that is no label itself.
 */
function stackedValue(lines: readonly Line[], i: number, t: string): Line | undefined {
  // `Label:` with nothing after it is a form's empty field, not a label over the next line,
  // unless the form prints each value under its label (`Projektnummer:` over `2022/00355`, then
  // `Projektägare:`): then the line after the value is the next `Label:` or a blank.
  const colon = /^[^:：]+[:：]\s*$/u.test(t);
  const label = colon ? t.replace(/\s*[:：]\s*$/u, '') : t;
  if (label.length > 60 || /[\d\t:：]/u.test(label)) return undefined;
  const labelled = targetOf(plainLabel(label), false);
  if (!labelled || PROSE_TARGETS.has(labelled.target)) return undefined;
  // A bare word of a page's furniture (`Hanke` over the kind of project) heads a section there.
  if (!colon && vocabulary().pageFurniture.has(labelKey(label))) return undefined;
  const next = nextRow(lines, i);
  if (!next || next.text.length > MAX_SHORT_LINE || next.text.includes('\t')) return undefined;
  if (COLON.test(next.text) || next.text.startsWith('#') || isLabelLine(next.text)) {
    return undefined;
  }
  // The value stands alone, as on a card: a heading over a list (`Programme` over `13:00 …`,
  // `13:20 …`) runs on into more lines.
  const after = lineAfter(lines, i, next.no);
  if (colon) {
    // Right under its label, as the form prints it: a figure after a blank line is a heading's.
    const under = next.no === (lines[i] as Line).no + 1;
    return under && (!after || after.text.length === 0 || EMPTY_FIELD.test(after.text))
      ? next
      : undefined;
  }
  if (after && after.text.length > 0 && !isLabelLine(after.text) && !mayBeLabel(after.text)) {
    return undefined;
  }
  return next;
}

/** A short line that is a label and its colon alone: a form's field whose value is under it. */
const EMPTY_FIELD = /^[^:：\d]{2,60}[:：]\s*$/u;

/** The line numbered right after `no`, looked for from index `from` on, not from the start. */
function lineAfter(lines: readonly Line[], from: number, no: number): Line | undefined {
  for (let j = from; j < lines.length; j++) {
    const line = lines[j] as Line;
    if (line.no > no + 1) return undefined;
    if (line.no === no + 1) return line;
  }
  return undefined;
}

/** A short line without figures or a sentence's end: the next card's label (`Thematic objective`). */
function mayBeLabel(text: string): boolean {
  return text.length <= 40 && !/[\d.!?;,:]/u.test(text);
}

function isLabelLine(text: string): boolean {
  return targetOf(plainLabel(text).replace(/\s*[:：]\s*$/u, ''), false) !== undefined;
}

/** A row of a two-column form: `label<TAB>value`. */
function isFormRow(line: Line | undefined): boolean {
  if (!line) return false;
  const tab = line.text.indexOf('\t');
  return tab > 0 && tab === line.text.lastIndexOf('\t') && !line.text.endsWith('\t');
}

/** Whether the line above or below is a form row: the line is a field of the same form. */
function besideFormRows(lines: readonly Line[], i: number): boolean {
  const near = (step: number) => {
    for (let j = i + step; j >= 0 && j < lines.length && Math.abs(j - i) <= 2; j += step) {
      const l = lines[j] as Line;
      if (l.text.length > 0) return l;
    }
    return undefined;
  };
  return isFormRow(near(-1)) || isFormRow(near(1));
}

/**
 * A form's field whose label and value print with one space between them, as a word processor
 * sets a tab after a label longer than its tab stop (`Hankekoodi S22107` among `label<TAB>value`
 * rows): a known label at the line's start, then a value that starts with a capital or a digit.
 */
function formLine(t: string, line: Line, pairs: Pair[], v: Vocabulary): void {
  if (t.length > MAX_SHORT_LINE) return;
  const m = v.labelStart.exec(t.toLowerCase());
  if (!m) return;
  const value = t.slice(m[0].length);
  if (/^[\p{Lu}\p{N}]/u.test(value)) pairs.push({ label: m[0].trim(), value, line });
}

/** A line's text lower-cased, without a bullet, for a label to be looked for at its start. */
function plainLabel(text: string): string {
  return text.replace(/^[-–•*▪·◦]\s*/u, '').toLowerCase();
}

/** The labelled value of one line: `Label: value`, `Label<TAB>value` or a short labelled figure. */
function readLine(t: string, line: Line, pairs: Pair[], v: Vocabulary): void {
  const colon = COLON.exec(t);
  if (colon && colon.index > 0 && colon.index <= 80) {
    const label = t.slice(0, colon.index);
    const value = t.slice(colon.index + 1);
    // A heading label over a figure that names its own (`Rahoitus: EU+valtio 252.339,00`): the
    // figure's label is the one that counts.
    const inner = targetOf(label, false) ? null : v.lineStart.exec(plainLabel(value.trim()));
    if (inner && value.length <= MAX_SHORT_LINE) {
      const written = value.trim();
      pairs.push({ label: inner[0], value: written.slice(inner[0].length), line });
      return;
    }
    pairs.push({ label, value, line });
    return;
  }
  if (t.indexOf('\t') > 0) {
    const cells = t.split('\t').filter((c) => c.trim().length > 0);
    if (cells.length === 2) pairs.push({ label: cells[0] ?? '', value: cells[1] ?? '', line });
    return;
  }
  // A label in capitals, then its value in ordinary case (`SVENSK PROJEKTÄGARE Åre kommun`):
  // the type tells where the label ends.
  if (t.length <= MAX_SHORT_LINE) {
    const m = v.labelStart.exec(t.toLowerCase());
    const label = m ? t.slice(0, m[0].length).trim() : '';
    const value = m ? t.slice(m[0].length) : '';
    if (m && /\p{L}{3}/u.test(label) && label === label.toUpperCase() && /\p{Ll}/u.test(value)) {
      pairs.push({ label, value, line });
      return;
    }
  }
  if (t.length <= MAX_SHORT_LINE && /\d/u.test(t)) {
    const lower = plainLabel(t);
    const m = v.lineStart.exec(lower);
    // The value as written: a code or a name keeps its capitals (`Hankekoodi S22107`).
    const written = t.slice(t.length - lower.length);
    if (m && written.length === lower.length) {
      pairs.push({ label: m[0], value: written.slice(m[0].length), line });
    }
  }
}

/** The next line with text, if it is a data row (not a blank-separated paragraph). */
function nextRow(lines: readonly Line[], index: number): Line | undefined {
  const here = lines[index]?.no ?? 0;
  for (let j = index + 1; j < lines.length; j++) {
    const next = lines[j] as Line;
    if (next.no === here) continue;
    if (next.text.length > 0) return next.no <= here + 2 ? next : undefined;
  }
  return undefined;
}

/** Most lines a quoted cell of a data row runs over (a summary written in paragraphs). */
const MAX_ROW_LINES = 40;

/**
 * A data row whose quoted cell runs over several lines, joined with its line breaks: the lines
 * after `first` until its quotes close. A row whose quotes never close is the first line alone.
 */
function wholeRow(
  lines: readonly Line[],
  first: Line,
  text: string,
): { text: string; lastNo: number } {
  const quotes = (t: string) => t.split('"').length - 1;
  if (quotes(text) % 2 === 0) return { text, lastNo: first.no };
  let joined = text;
  let open = quotes(text);
  const at = lines.indexOf(first);
  for (let j = at + 1; j < lines.length && j <= at + MAX_ROW_LINES; j++) {
    const line = lines[j] as Line;
    if (line.no === first.no) continue;
    joined += `\n${textOf(line)}`;
    open += quotes(textOf(line));
    if (joined.length > MAX_ROW) break;
    if (open % 2 === 0) return { text: joined, lastNo: line.no };
  }
  return { text, lastNo: first.no };
}

/** A value as written, without quotes, Markdown bold, a row's trailing `;` and runs of blanks. */
function cleanValue(value: string): string {
  return value
    .replaceAll('**', '')
    .replace(/[\s;,]+$/u, '')
    .replace(/^[\s"“]+|["”]$/gu, '')
    .trim();
}

/** A rate written as a fraction of one: `0.4`, `0,85`. */
const FRACTION = /^0[.,](\d{1,4})$/u;
/** A value that is an abbreviation and nothing else (`ERDF`, `ESF+`). */
const FUND_ONLY = /^\p{Lu}{2,6}\+?$/u;
const NOT_STATED = /^(?:n\/a|na|none|null|-|–|0000-00-00)$/iu;
const CODE = /^[\p{L}\p{N}][\p{L}\p{N}._/-]*(?: [\p{L}\p{N}._/-]+){0,2}$/u;
const BUSINESS_ID = /^(?:\d{7}-\d|\d{6}-\d{4})$/u;
const ACRONYM = /^[\p{L}\p{N}][\p{L}\p{N}&+-]{1,19}$/u;
const NAME_WITH_ACRONYM = /^(.{3,}?)\s*\(([^()]{2,20})\)$/u;
const LIST_SPLIT = /\s*[,;]\s*|\s+(?:ja|och|and|sekä|samt)\s+/u;
const SENTENCE_END = /[.!?](?=\s|$)/gu;
/** A clock time right after a date, past a dash, comma or word (`15 September 2026 – 17:00:00 CET`). */
const CLOCK_AFTER = /^\D{0,6}?(\d{1,2}):(\d{2})(?::\d{2})?(?!\d)/u;

interface Reader {
  notes: ParseNotes;
  language: Language | undefined;
  timeZone: () => string;
  /** Whether the document states any sum in another currency; a bare figure is then no euro sum. */
  foreign: () => boolean;
}

function add(
  found: Map<string, Candidate[]>,
  path: string,
  value: unknown,
  line: Line,
  key?: string,
) {
  const list = found.get(path) ?? [];
  list.push({ value, key: key ?? JSON.stringify(value), line });
  found.set(path, list);
}

function statusOfValue(value: string): ProjectStatus | undefined {
  const lower = value.toLowerCase();
  for (const { word, status } of vocabulary().status) {
    if (lower === word || lower.startsWith(`${word} `)) return status;
  }
  return value.length <= 30 ? statusOf(value) : undefined;
}

/** The one date a value states; more than one, or none, gives nothing. */
function onlyDate(value: string, path: string, pair: Pair, r: Reader): string | undefined {
  const tokens = findDateTokens(value);
  if (tokens.length === 0 && pair.header) return cellDate(value);
  if (tokens.length !== 1) return undefined;
  const hit = r.notes.date({ value, line: pair.line }, tokens[0], path);
  return hit?.value.date;
}

function deadlineOf(value: string, token: DateToken, pair: Pair, r: Reader): string | undefined {
  const hit = r.notes.date({ value, line: pair.line }, token, 'call.deadline');
  if (!hit) return undefined;
  const after = CLOCK_AFTER.exec(value.slice(token.end));
  const time =
    hit.value.time ??
    timeBefore(value.slice(0, token.index)) ??
    (after && Number(after[1]) < 24 && Number(after[2]) < 60
      ? `${(after[1] ?? '').padStart(2, '0')}:${after[2]}`
      : undefined);
  return time ? zonedDateTime(hit.value.date, time, r.timeZone()) : hit.value.date;
}

function summaryOf(value: string): string | undefined {
  if (value.length <= MAX_SUMMARY) return value;
  let cut = -1;
  for (const m of value.matchAll(SENTENCE_END)) {
    if (m.index >= MAX_SUMMARY) break;
    cut = m.index + 1;
  }
  return cut > 0 ? value.slice(0, cut) : undefined;
}

/** Reads a pair's value as its field's type and adds what it states. */
function readPair(
  pair: Pair,
  found: Map<string, Candidate[]>,
  r: Reader,
  known: (path: string) => boolean,
): void {
  const labelled = targetOf(pair.label, pair.header === true);
  if (!labelled) return;
  const { target } = labelled;
  if (known(target)) return;
  if (pair.other && ORGANISATION_TARGETS.has(target)) return;
  const value = cleanValue(pair.value);
  if (value.length === 0 || isNoData(value) || NOT_STATED.test(value)) return;
  const { line } = pair;
  if (target === 'duration') {
    const tokens = findDateTokens(value);
    if (tokens.length !== 2) return;
    const [start, end] = tokens;
    const from = r.notes.date({ value, line }, start, 'project.startDate');
    const to = r.notes.date({ value, line }, end, 'project.endDate');
    if (from) add(found, 'project.startDate', from.value.date, line);
    if (to) add(found, 'project.endDate', to.value.date, line);
    return;
  }
  if (MONEY_TARGETS.has(target)) {
    if (r.notes.nonEuro(value, target, line, r.language)) return;
    const amounts = findAmounts(value, r.language);
    const sum = euroAmount(value, r.language);
    // `over 2 M€` is no amount; `about 1.6 million euro` is, as the document states it.
    if (!sum || (sum.approximate && sum.approximate !== 'approximately') || amounts.length > 1) {
      return;
    }
    if (!sum.currency && !labelled.euro && r.foreign()) return;
    const figure = r.notes.figure({ value, line }, target, () => sum.value);
    if (!figure) return;
    add(found, target, figure.value, line);
    if (sum.approximate) r.notes.approximateAmounts.push({ path: target, line, written: value });
    return;
  }
  if (PERCENT_TARGETS.has(target)) {
    // A rate column of a data export may hold the fraction (`0.4`), not the percent.
    const fraction = FRACTION.exec(value);
    const percent = fraction
      ? Math.round(Number(`0.${fraction[1]}`) * 10_000) / 100
      : parsePercent(value, r.language);
    if (percent !== undefined && percent >= 0 && percent <= 100) add(found, target, percent, line);
    return;
  }
  switch (target) {
    case 'project.startDate':
    case 'project.endDate': {
      const date = onlyDate(value, target, pair, r);
      if (date) add(found, target, date, line);
      return;
    }
    case 'call.deadline': {
      const [token] = findDateTokens(value);
      const deadline = token ? deadlineOf(value, token, pair, r) : undefined;
      // Compared by day: the same day with and without its closing time is one statement.
      if (deadline) add(found, target, deadline, line, deadline.slice(0, 10));
      return;
    }
    case 'project.fund': {
      const funds = fundsOf(value);
      if (funds.length === 1) add(found, target, funds[0], line);
      return;
    }
    case 'project.status': {
      const status = statusOfValue(value);
      if (status) add(found, target, status, line);
      return;
    }
    case 'project.code':
      if (value.length <= 30 && CODE.test(value) && /\d/u.test(value))
        add(found, target, value, line);
      return;
    case 'project.businessId':
      if (BUSINESS_ID.test(value)) add(found, target, value, line);
      return;
    case 'project.summary': {
      const summary = summaryOf(value);
      if (summary) add(found, target, summary, line);
      return;
    }
    case 'project.municipalities': {
      const names = value.split(LIST_SPLIT).filter((n) => n.length > 0);
      if (names.every((n) => n.length <= 60 && !/\d/u.test(n))) add(found, target, names, line);
      return;
    }
    case 'project.region':
    case 'project.subRegion':
      if (value.length <= 60 && !/[,;\d]/u.test(value)) add(found, target, value, line);
      return;
    case 'project.name': {
      if (value.length > MAX_TEXT_VALUE) return;
      const m = NAME_WITH_ACRONYM.exec(value);
      const acronym = m?.[2];
      if (
        m &&
        acronym &&
        ACRONYM.test(acronym) &&
        /\p{Lu}/u.test(acronym) &&
        /\p{L}/u.test(acronym)
      ) {
        add(found, target, (m[1] ?? '').trim(), line);
        add(found, 'project.acronym', acronym, line);
        return;
      }
      add(found, target, value, line);
      return;
    }
    case 'project.acronym':
      if (ACRONYM.test(value)) add(found, target, value, line);
      return;
    case 'project.programme':
      // A list's programme column may name only the fund (`ERDF`): that is the fund.
      if (FUND_ONLY.test(value)) {
        const funds = fundsOf(value);
        if (funds.length === 1) add(found, 'project.fund', funds[0], line);
        return;
      }
      if (value.length <= MAX_TEXT_VALUE && /\p{L}/u.test(value)) add(found, target, value, line);
      return;
    case 'project.priorityAxis':
    case 'project.specificObjective':
    case 'project.programmingPeriod':
      // Often a number alone (`2`, `3.1`), or a period (`2014-2020`).
      if (value.length <= MAX_TEXT_VALUE) add(found, target, value, line);
      return;
    default:
      if (value.length <= MAX_TEXT_VALUE && /\p{L}/u.test(value)) add(found, target, value, line);
  }
}

/** Dates after a date label inside a long text (a data record's description field). */
function inlinePairs(pairs: Pair[]): void {
  const { inline } = vocabulary();
  for (const pair of [...pairs]) {
    if (pair.value.length <= MAX_LABELLED_LINE) continue;
    const lower = pair.value.toLowerCase();
    inline.lastIndex = 0;
    for (let m = inline.exec(lower); m !== null; m = inline.exec(lower)) {
      const end = m.index + m[0].length;
      pairs.push({
        label: m[0],
        value: pair.value.slice(end, end + INLINE_REACH),
        line: pair.line,
      });
    }
  }
}

/**
 * Layer one: every labelled fact a document states, whatever its kind, from `Label: value` lines,
 * `Label<TAB>value` rows, a header row over a data row (CSV, semicolon and tab exports), JSON
 * records and short labelled lines. A field stated twice with different values is left out and
 * reported; a sum in another currency is never a euro field. Fields `known` already has a
 * value for are not read again.
 */
export function readFacts(
  lines: readonly Line[],
  language?: Language,
  text = '',
  known: (path: string) => boolean = () => false,
): Facts {
  const notes = new ParseNotes();
  let zone: string | undefined;
  let foreign: boolean | undefined;
  const reader: Reader = {
    notes,
    language,
    timeZone: () => {
      zone ??= timeZoneOf(text);
      return zone;
    },
    foreign: () => {
      foreign ??=
        !bareFiguresAreEuros(lines, language) ||
        lines.some((l) => /\d/u.test(l.text) && nonEuroAmount(l.text, language) !== undefined);
      return foreign;
    },
  };
  const pairs = [...pairsOf(lines), ...gluedPairs(lines)];
  inlinePairs(pairs);
  const found = new Map<string, Candidate[]>();
  for (const pair of pairs) readPair(pair, found, reader, known);
  // What a sentence of a fixed shape states, where no label stated it.
  const named = ['project.name', 'project.acronym'].some((p) => known(p) || found.has(p));
  for (const { path, value, line } of readStatements(lines)) {
    if (path === 'project.code' ? known(path) || found.has(path) : named) continue;
    add(found, path, value, line);
  }
  // A heading the text under it calls a project names it, where nothing else did.
  if (!known('project.name') && !found.has('project.name')) {
    const heading = headingNameStatement(lines);
    if (heading) add(found, 'project.name', heading.value, heading.line);
  }
  // The beneficiary named in a sentence of its own, where no label names it.
  const beneficiary = 'project.beneficiary';
  if (!known(beneficiary) && !found.has(beneficiary)) {
    const stated = beneficiaryStatement(lines);
    if (stated) add(found, beneficiary, stated.value, stated.line);
  }
  // A project's total cost and the part granted out of it, stated in one sentence.
  for (const { path, value, line } of readCostStatements(lines, language)) {
    if (!known(path) && !found.has(path)) add(found, path, value, line);
  }
  // A document that states some fact of a project (not a job advert naming a project in passing)
  // may tell its fund and period in sentences.
  const ofProject =
    [
      'project.name',
      'project.acronym',
      'project.code',
      'project.beneficiary',
      'funding.totalBudget',
      'funding.euContribution',
    ].some(known) ||
    [...found.keys()].some((p) => p.startsWith('project.') || p.startsWith('funding.'));
  // The fund that pays for the project, named in a sentence of funding, where no label names it.
  if (ofProject && !known('project.fund') && !found.has('project.fund')) {
    const fund = fundStatement(lines);
    if (fund) add(found, 'project.fund', fund.value, fund.line);
  }
  // The dates the project runs between, told in a sentence.
  const dated = ['project.startDate', 'project.endDate'];
  if (ofProject && !dated.some((p) => known(p) || found.has(p))) {
    const period = periodStatement(lines);
    if (period) {
      const value = period.line.text;
      const from = reader.notes.date(
        { value, line: period.line },
        period.start,
        'project.startDate',
      );
      const to = reader.notes.date({ value, line: period.line }, period.end, 'project.endDate');
      if (from && to) {
        add(found, 'project.startDate', from.value.date, period.line);
        add(found, 'project.endDate', to.value.date, period.line);
      }
    }
  }
  // The EU's rate told in a sentence, in a document that states the project's money.
  const rate = 'funding.euCofinancingRate';
  const money = ['funding.totalBudget', 'funding.euContribution'];
  if (!known(rate) && !found.has(rate) && money.some((p) => known(p) || found.has(p))) {
    const stated = rateInSentence(lines);
    const percent = stated && parsePercent(stated.value, language);
    if (stated && percent !== undefined && percent <= 100) add(found, rate, percent, stated.line);
  }
  const fields: Record<string, Record<string, unknown>> = {};
  const provenance: ExtractedFields['provenance'] = {};
  const conflicts: FactConflict[] = [];
  // An organisation's id is the beneficiary's only in a document that names its project (an
  // invoice's or a letter's sender is no beneficiary).
  if (!found.has('project.code') && !found.has('project.name')) found.delete('project.businessId');
  for (const [path, candidates] of found) {
    const chosen = choose(candidates);
    const [first] = candidates;
    if (!chosen || !first) continue;
    if ('conflict' in chosen) {
      conflicts.push({
        path,
        lines: [first.line, chosen.conflict.line],
        values: [String(first.value), String(chosen.conflict.value)],
      });
      continue;
    }
    const [group, key] = path.split('.') as [string, string];
    fields[group] ??= {};
    (fields[group] as Record<string, unknown>)[key] = chosen.value;
    provenance[path] = { line: chosen.line.no, text: textOf(chosen.line) };
  }
  return {
    fields: { ...fields, provenance } as ExtractedFields,
    conflicts,
    hints: notes.addTo({}),
  };
}

/** The one value the statements agree on (the most precise of a day's deadlines), or the conflict. */
function choose(candidates: readonly Candidate[]): Candidate | { conflict: Candidate } | undefined {
  const [first] = candidates;
  if (!first) return undefined;
  let best = first;
  for (const c of candidates) {
    if (c.key !== first.key) return { conflict: c };
    if (String(c.value).length > String(best.value).length) best = c;
  }
  return best;
}
