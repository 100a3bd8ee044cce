import type { Provenance } from '../schemas/report-record.ts';
import { leadCharacters, mayLead } from './lead.ts';

/** One line of the document: its 1-based number and its text without surrounding blanks. */
export interface Line {
  no: number;
  text: string;
  /**
   * The whole source line, when `text` is one labelled cell of a line that holds several
   * (`Start date: 1.3.2022 | End date: 30.6.2024`) or the cells of a pipe-table row.
   */
  raw?: string;
  /** Set on a page number or running header of a printed document, whose text is blanked. */
  furniture?: true;
  /** Spaces before the text, when the line is indented: a value wrapped in its column keeps it. */
  indent?: number;
}

/** A value read from the document and the line it came from. */
export interface Hit<T> {
  value: T;
  line: Line;
}

/** A page number standing alone: `Sivu 2 / 5`, `Page 3 of 6`, `Sida 2`, `2/4`, `- 3 -` (not `4 / 5`). */
const PAGE_ALONE =
  '(?:(?:sivu|sida|page|seite|s\\.|p\\.)\\s*(\\d{1,3})(?:\\s*(?:\\/|of|av|\\()\\s*(\\d{1,3})\\)?)?|(\\d{1,3})\\/(\\d{1,3})|-\\s*(\\d{1,3})\\s*-)';
/** A page number at the end of a footer, after a wide gap; also `1 (2)`. */
const PAGE_AFTER_GAP = `(?:${PAGE_ALONE}|(\\d{1,3})\\s*\\((\\d{1,3})\\))`;
/** A line that is a page number, or a footer that ends in one after a wide gap. */
const PAGE_NUMBER_LINE = new RegExp(
  `^(?:${PAGE_ALONE}|\\S.*?(?:\\s{2,}|\\t)${PAGE_AFTER_GAP})$`,
  'iu',
);
/** A cell of a row of labelled values: `| End date: …`, `   Country: …` (a tab or wide gap). */
const LABELLED_CELL = /(?:\s\|\s|\t|\s{3,})(?=[\p{L}][\p{L}\p{N} .,'’()/-]{0,40}[:：]\s)/u;
const LABELLED_START = /^[\p{L}][\p{L}\p{N} .,'’()/-]{0,40}[:：]\s/u;
const CELL_SPLIT = new RegExp(LABELLED_CELL.source, 'gu');

/** Longest page number standing alone (`Sivu 123 / 456`); longer lines need a gap before one. */
const PAGE_ALONE_LENGTH = 16;

function isPageNumber(text: string): boolean {
  const last = text.charCodeAt(text.length - 1);
  // A page number ends in a digit, `)` or `-`.
  if (!((last >= 48 && last <= 57) || last === 41 || last === 45)) return false;
  if (text.length > PAGE_ALONE_LENGTH && !text.includes('  ') && !text.includes('\t')) return false;
  const m = PAGE_NUMBER_LINE.exec(text);
  if (!m) return false;
  const numbers = m
    .slice(1)
    .filter((n) => n !== undefined)
    .map(Number);
  // `3 / 4` is page 3 of 4; a page number is never past the count (`12/4` is no page).
  return numbers.length < 2 || (numbers[0] ?? 0) <= (numbers[1] ?? 0);
}

/** A row of a pipe table (`| Project code | A81204 |`), and the rule under its header row. */
const PIPE_ROW = /^\|.*\|$/u;
const PIPE_RULE = /^[|:\s-]+$/u;
const LEADING_EMPTY_CELLS = /^\t+/u;

/**
 * The cells of a pipe-table row parted by tabs, as a tab-separated table has them; an empty last
 * cell is kept as a trailing tab, so that a label with no value does not take the next row's.
 */
function pipeRowText(text: string): string | undefined {
  if (text.length < 3 || !PIPE_ROW.test(text)) return undefined;
  if (PIPE_RULE.test(text)) return '';
  return text
    .slice(1, -1)
    .split('|')
    .map((c) => c.trim())
    .join('\t')
    .replace(LEADING_EMPTY_CELLS, '');
}

const MARKDOWN_HEADING = /^#{1,6}\s+/u;

/** A trimmed line without Markdown's heading marks and bold (`## 2. Indikaattorit`, `**Hanke:** A73318`). */
export function plainMarkdown(text: string): string {
  if (text.charCodeAt(0) !== 35 && !text.startsWith('**')) return text;
  return text.replace(MARKDOWN_HEADING, '').replaceAll('**', '').trim();
}

/** Fewest cells of a row of a semicolon-separated export; fewer is likelier prose. */
const MIN_CSV_CELLS = 4;

/**
 * The text of a quoted cell that opens at `start` (`"say ""hi"""`, a doubled quote standing for
 * one) and where it ends, after its closing quote; undefined when it never closes.
 */
export function quotedCell(text: string, start: number): { cell: string; end: number } | undefined {
  let cell = '';
  let from = start + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote < 0) return undefined;
    cell += text.slice(from, quote);
    if (text[quote + 1] !== '"') return { cell, end: quote + 1 };
    cell += '"';
    from = quote + 2;
  }
}

/**
 * The cells of a row of a semicolon-separated export (`"Hakija";"Hanke";"86 400,00"`) parted by
 * tabs, unquoted. A separator followed by a space is prose punctuation, not a cell boundary.
 */
function csvRowText(text: string): string | undefined {
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    if (text[i] === '"') {
      const quoted = quotedCell(text, i);
      if (!quoted) return undefined;
      cells.push(quoted.cell.trim());
      i = quoted.end;
    } else {
      const separator = text.indexOf(';', i);
      const end = separator < 0 ? text.length : separator;
      const cell = text.slice(i, end);
      if (cell.includes('"')) return undefined;
      cells.push(cell.trim());
      i = end;
    }
    if (i >= text.length) break;
    if (text[i] !== ';' || text[i + 1] === ' ') return undefined;
    i++;
  }
  return cells.length >= MIN_CSV_CELLS
    ? cells.join('\t').replace(LEADING_EMPTY_CELLS, '')
    : undefined;
}

/**
 * Leader dots between a label and its value (`Project code ........ S30512`), as a printed form
 * lays out its fields: a column gap, read as a tab.
 */
const LEADER = /(?<=\S)\s*(?:\.{3,}|…[.…]*)\s*(?=\S)/u;
/** A label is short; leader dots further in are an ellipsis in prose. */
const MAX_LEADER_AT = 80;
/** A form's item code before its label (`A1 Applicant organisation`), once the label has a value. */
const FORM_ITEM = /^\p{L}\d{1,2}\.?\s+(?=\p{L}[^\t:]{0,60}(?:\t|:))/u;

/** A labelled line of a printed form as a plain `Label<TAB>value` row, or undefined if it is none. */
export function formRowText(text: string): string | undefined {
  // Most lines have neither leader dots nor an item code; the patterns need not run on them.
  const second = text.charCodeAt(1);
  const itemCode = second >= 48 && second <= 57;
  if (!itemCode && !text.includes('...') && !text.includes('…')) return undefined;
  const leader = LEADER.exec(text);
  const led =
    leader && leader.index <= MAX_LEADER_AT
      ? `${text.slice(0, leader.index)}\t${text.slice(leader.index + leader[0].length)}`
      : text;
  const row = led.replace(FORM_ITEM, '');
  return row === text ? undefined : row;
}

/** A gap that could part two cells: a bar, a tab or a wide space. */
const CELL_GAP = /\t| {3}| \| /u;

/** The labelled cells of a line that holds several `Label: value` pairs side by side. */
function labelledCells(text: string): string[] | undefined {
  if (!CELL_GAP.test(text) || !LABELLED_START.test(text) || !LABELLED_CELL.test(text)) {
    return undefined;
  }
  const cells = text
    .split(CELL_SPLIT)
    .map((c) => c.trim())
    .filter((c) => c.length > 0);
  return cells.length > 1 ? cells : undefined;
}

/**
 * The document's lines, numbered from 1 and trimmed. Page furniture of a printed document (page
 * numbers, and the running header that starts each page after a form feed) is blanked, keeping
 * the numbering, so that it does not stand between a label and its value. A line that holds
 * several labelled cells side by side, as a two-column layout flattens to, gives one line per
 * cell, each with the same number and the whole line as `raw`.
 */
export function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  const pageStarts: Line[] = [];
  let pageStart = true;
  const raws = text.split('\n');
  const paged = text.includes('\f');
  for (let i = 0; i < raws.length; i++) {
    const raw = raws[i] ?? '';
    const t = plainMarkdown(raw.trim());
    const no = i + 1;
    if (paged && raw.includes('\f')) pageStart = true;
    if (t.length === 0) {
      lines.push({ no, text: '' });
      continue;
    }
    if (t.length <= 200 && isPageNumber(t)) {
      lines.push({ no, text: '', furniture: true });
      continue;
    }
    const row =
      t.length > 400
        ? undefined
        : (pipeRowText(t) ?? (t.includes(';') ? csvRowText(t) : undefined) ?? formRowText(t));
    const cells = row === undefined && t.length <= 400 ? labelledCells(t) : undefined;
    if (row !== undefined) {
      lines.push(row.length > 0 ? { no, text: row, raw: t } : { no, text: '' });
    } else if (cells) {
      for (const cell of cells) lines.push({ no, text: cell, raw: t });
    } else {
      const indent = raw.length - raw.trimStart().length;
      // Only spaces give a column; a tab's width is unknown.
      const spaced = indent > 0 && !raw.slice(0, indent).includes('\t');
      lines.push(spaced ? { no, text: t, indent } : { no, text: t });
    }
    if (pageStart) {
      pageStarts.push(lines[lines.length - 1] as Line);
      pageStart = false;
    }
  }
  // A running header: the same first line on two or more pages.
  if (pageStarts.length > 1) {
    const counts = new Map<string, number>();
    for (const l of pageStarts) counts.set(l.text, (counts.get(l.text) ?? 0) + 1);
    for (const l of pageStarts) {
      if ((counts.get(l.text) ?? 0) < 2) continue;
      l.text = '';
      l.furniture = true;
    }
  }
  return lines;
}

export function nonEmpty(lines: readonly Line[]): Line[] {
  return lines.filter((l) => l.text.length > 0);
}

/** Bullets a label may follow. */
const LABEL_BULLETS = '-–•*▪·◦';
/** A label at a line start, after an optional bullet. */
const labelSource = (alternatives: string[]) => `^(?:[-–•*▪·◦]\\s*)?(?:${alternatives.join('|')})`;
/** Each label pattern's alternatives, from which the characters it can start with are worked out. */
const LABEL_ALTERNATIVES = new WeakMap<RegExp, string>();
/**
 * The characters each label pattern can start with, when known (see `leadCharacters`); worked
 * out on the pattern's first use, so that loading the parsers does not pay for it.
 */
const LABEL_LEADS = new WeakMap<RegExp, ReadonlySet<string> | undefined>();

function labelPattern(alternatives: string[], source: string): RegExp {
  const pattern = new RegExp(source, 'iu');
  LABEL_ALTERNATIVES.set(pattern, `(?:${alternatives.join('|')})`);
  return pattern;
}

function leadsOf(label: RegExp): ReadonlySet<string> | undefined {
  if (!LABEL_LEADS.has(label)) {
    const alternatives = LABEL_ALTERNATIVES.get(label);
    LABEL_LEADS.set(label, alternatives === undefined ? undefined : leadCharacters(alternatives));
  }
  return LABEL_LEADS.get(label);
}

/** A label's qualifier in brackets before its colon: `Projektägare (stödmottagare): …`. */
const QUALIFIER = '(?:\\s*\\([^()\\d]{1,40}\\)(?=\\s*[:：]))?';

/**
 * Builds a case-insensitive pattern from label alternatives written as regex sources; the label
 * must end where a separator, a column gap or a figure starts, so it never matches a prefix.
 */
export function labels(...alternatives: string[]): RegExp {
  return labelPattern(
    alternatives,
    `${labelSource(alternatives)}${QUALIFIER}(?=\\s*(?:[:：?？\\t]|\\s[-–|]\\s|$)|\\s{2,}|\\s?[\\d(€])`,
  );
}

/** Like `labels`, for labels whose value may be glued on (`AkronyymiINNOCAP`). */
export function gluedLabels(...alternatives: string[]): RegExp {
  return labelPattern(alternatives, labelSource(alternatives));
}

/** Longer lines are narrative; a label and its value never run this long. */
const MAX_LABELLED_LINE = 400;
/** Longer lines under a bare label are a paragraph of narrative, not the label's value. */
const MAX_VALUE_BELOW = 250;
// A bar between label and value (`Hankekoodi | A12345`) is a table row without its outer bars.
const SEPARATOR = /^\s*(?:[:：]|\s[-–|]\s|\t)\s*|^\s{2,}(?=\S)/u;
const LABELLED_LINE = /^[^:：]{1,80}[:：](?:\s|$)/u;
const LABEL_ONLY = /^[\p{L}][\p{L}\p{N} ,./()'’-]{1,60}:?$/u;

export interface LabelOptions {
  /** Accept a value glued to the label with no separator (`AkronyymiINNOCAP`). */
  glued?: boolean;
  /**
   * The value is itself numbered (`2. Producing and using the latest information`), so a
   * numbered line under a bare label is its value, unless it is a top-level section heading.
   */
  numbered?: boolean;
}

/** A value that says the field has no data: `Ei tietoja`, `Inga uppgifter`, `–`. */
const NO_DATA =
  /^(?:ei tietoja|ei tiedossa|tieto puuttuu|inga uppgifter|uppgift saknas|uppgifter saknas|no data|no information|not available|not applicable|n\/a|[-–—]+)\.?$/iu;

export function isNoData(value: string): boolean {
  return NO_DATA.test(value);
}

const COLON = /[:：]/u;

/** A top-level section heading of a numbered export (`3 Suunnitelman mukainen tiivistelmä`). */
const TOP_LEVEL_HEADING = /^\d{1,2}\s+\p{Lu}/u;

/**
 * The value of the first line that starts with one of the labels: `Label: value`,
 * `Label - value`, `Label<TAB>value`, or the label alone with the value on the next line.
 */
export function findLabelled(
  lines: readonly Line[],
  label: RegExp,
  options: LabelOptions = {},
): Hit<string> | undefined {
  let labelAlone: Hit<string> | undefined;
  const leads = leadsOf(label);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line || line.text.length === 0 || line.text.length > MAX_LABELLED_LINE) continue;
    if (!mayLead(line.text, leads, LABEL_BULLETS)) continue;
    const m = label.exec(line.text);
    if (!m) continue;
    const rest = line.text.slice(m[0].length);
    const separated = SEPARATOR.exec(rest);
    if (separated) {
      const value = rest.slice(separated[0].length).trim();
      if (isNoData(value)) continue;
      if (value.length > 0) {
        const column = (line.indent ?? 0) + m[0].length + separated[0].length;
        return { value: withContinuation(value, line.raw ? -1 : column, lines[i + 1]), line };
      }
    }
    // A table row whose value cell is empty (`Label<TAB>`) states no value; the next row is not it.
    if (rest.trim().length === 0 && rest.includes('\t')) continue;
    if (rest.trim().length === 0 || /^\s*[:：?？]\s*$/.test(rest)) {
      const next = nextNonEmpty(lines, i);
      const usable =
        next &&
        next.text.length <= MAX_VALUE_BELOW &&
        !label.test(next.text) &&
        !LABELLED_LINE.test(next.text) &&
        // A row of cells (`Programming period<TAB>2014-2021`) is a field of its own, not the value.
        !next.text.includes('\t') &&
        !isNoData(next.text) &&
        (options.numbered ? !headingUnder(rest, next) : !isNumberedHeading(next));
      if (usable && !labelAlone) labelAlone = { value: next.text, line: next };
      continue;
    }
    if (options.glued && /^[\s\p{Lu}\p{N}(]/u.test(rest)) {
      return { value: rest.trim(), line };
    }
    // `EU co-financing rate 60 %`, `Total budget €845,000.00`: a figure after the label and one space.
    if (/^ ?[\d(€]/u.test(rest) && rest.length <= 40 && /\d/u.test(rest)) {
      return { value: rest.trim(), line };
    }
  }
  return labelAlone;
}

/** A value that ends in a word hyphenated at the line end (`kehittämis-`), as printed text wraps. */
const BROKEN_WORD = /\p{Ll}-$/u;
const CONTINUATION = /^\p{Ll}/u;
/** A line that goes on after `Pinta-` with a conjunction keeps the hyphen (`Pinta- ja pohjavedet`). */
const CONJUNCTION_START = /^(?:ja|sekä|tai|eli|och|samt|eller|and|or)\s/u;

/**
 * The value with the line it wraps onto: the rest of a word hyphenated at the line end
 * (`kehittämis-` / `hanke Pohjois-Karjalassa`), or a line indented to the value's own column, as
 * a two-column export wraps a long value. A labelled line is never a continuation.
 */
function withContinuation(value: string, column: number, next: Line | undefined): string {
  if (!next || next.text.length === 0 || next.text.length > MAX_LABELLED_LINE) return value;
  if (LABELLED_LINE.test(next.text)) return value;
  if (BROKEN_WORD.test(value) && CONTINUATION.test(next.text)) {
    return CONJUNCTION_START.test(next.text)
      ? `${value} ${next.text}`
      : `${value.slice(0, -1)}${next.text}`;
  }
  return next.indent === column ? `${value} ${next.text}` : value;
}

/**
 * Whether the numbered line under a bare label is a section heading rather than the label's
 * numbered value. An export writes an empty field as `Label:` over the next section's heading; a
 * label with no colon stands over its value, as a web page lays it out (`Toimintalinja` /
 * `4 Osaava ja osallistava Suomi`).
 */
function headingUnder(rest: string, next: Line): boolean {
  return COLON.test(rest) && TOP_LEVEL_HEADING.test(next.text);
}

/** The next line with text within two lines, not counting a page break in between. */
function nextNonEmpty(lines: readonly Line[], index: number): Line | undefined {
  let reach = index + 2;
  for (let j = index + 1; j < lines.length && j <= reach; j++) {
    const next = lines[j];
    if (!next) continue;
    if (next.furniture) {
      // A page break: the footer, the header and the blank lines around them.
      reach += 2;
      continue;
    }
    if (next.text.length > 0) return next;
  }
  return undefined;
}

const BULLETS = new Set(['-', '•', '*', '▪', '·']);

/** Where the label of a `Label: value` line ends, or -1 for other lines. */
function labelEnd(text: string): number {
  if (text.length > MAX_LABELLED_LINE) return -1;
  // The colon that ends a label is followed by a blank (`EU:s bidrag: 324 960 €`), or ends the line.
  const m = /[:：](?=\s|$)/u.exec(text);
  const colon = m ? m.index : text.search(/[:：]/u);
  const hasValue = colon >= 1 && colon <= 80 && colon < text.length - 1;
  return hasValue ? colon : -1;
}

/** The label of a `Label: value` line, lower-cased and without a bullet. */
function labelKeyOf(text: string, end: number): string {
  const start = BULLETS.has(text.charAt(0)) ? 1 : 0;
  return text.slice(start, end).trimEnd();
}

/** A labelled value to look for a second, different statement of. */
export interface ConflictQuery {
  hit: Hit<string> | undefined;
  /** Whether another statement's value says something else than the hit's. */
  differs: (kept: string, other: string) => boolean;
  /** Only lines before this line number count (a section the field was read from). */
  until?: number | undefined;
}

/**
 * For each query, the first other `Label: value` line with the same label as the query's hit
 * and a value that differs from it; one pass over the lines for all queries.
 */
export function findConflicts(
  lines: readonly Line[],
  queries: readonly ConflictQuery[],
): Array<Line | undefined> {
  const found: Array<Line | undefined> = queries.map(() => undefined);
  const byKey = new Map<string, number[]>();
  const firstChars = new Set<string>();
  queries.forEach(({ hit }, i) => {
    const end = hit ? labelEnd(hit.line.text) : -1;
    if (!hit || end < 0) return;
    const key = labelKeyOf(hit.line.text, end);
    byKey.set(key, [...(byKey.get(key) ?? []), i]);
    firstChars.add(key.charAt(0));
  });
  if (byKey.size === 0) return found;
  for (const line of lines) {
    const t = line.text;
    if (t.length === 0 || !firstChars.has(t.charAt(BULLETS.has(t.charAt(0)) ? 1 : 0))) continue;
    const end = labelEnd(t);
    const indexes = end < 0 ? undefined : byKey.get(labelKeyOf(t, end));
    for (const i of indexes ?? []) {
      const query = queries[i];
      const hit = query?.hit;
      if (!query || !hit || found[i] || line === hit.line || line.no >= (query.until ?? Infinity))
        continue;
      if (query.differs(hit.value, t.slice(end + 1).trim())) found[i] = line;
    }
  }
  return found;
}

/** True when two text values differ other than in case and spacing. */
export function textDiffers(a: string, b: string): boolean {
  const norm = (s: string) => s.replace(/\s+/gu, ' ').trim().toLowerCase();
  return norm(a) !== norm(b);
}

/** A number and a capitalised word; not a figure and its unit (`2.45 M€`, `1.2 MEUR`). */
const NUMBERED_HEADING =
  /^\d{1,2}(?:\.\d{1,2})*\.?\s+(?!(?:MEUR|KEUR|TEUR|EUR|Mn|MN|Milj|MILJ|Million|Mio|MIO|Mrd)(?!\p{L}))\p{Lu}\p{L}/u;

/** Lines that are headings of a numbered export (`5 Projektin julkinen rahoitus`, `7.1 …`). */
export function isNumberedHeading(line: Line): boolean {
  const t = line.text;
  return NUMBERED_HEADING.test(t) && !/[:：]\s*\S/.test(t) && !/\d{4}$/.test(t);
}

/** True when a line reads like a field label with no value (`Fund:` / `Total budget`). */
export function isBareLabel(text: string): boolean {
  return LABEL_ONLY.test(text);
}

/** Lines from the first match of `start` (exclusive) up to the first later match of `end`. */
export function sectionOf(lines: readonly Line[], start: RegExp, end?: RegExp): Line[] {
  const from = lines.findIndex((l) => start.test(l.text));
  if (from < 0) return [];
  const rest = lines.slice(from + 1);
  if (!end) return rest;
  const to = rest.findIndex((l) => end.test(l.text));
  return to < 0 ? rest : rest.slice(0, to);
}

export function firstHit<T>(
  lines: readonly Line[],
  read: (line: Line) => T | undefined,
): Hit<T> | undefined {
  for (const line of lines) {
    if (line.text.length === 0) continue;
    const value = read(line);
    if (value !== undefined) return { value, line };
  }
  return undefined;
}

export function mapHit<T, U>(
  hit: Hit<T> | undefined,
  map: (value: T) => U | undefined,
): Hit<U> | undefined {
  if (!hit) return undefined;
  const value = map(hit.value);
  return value === undefined ? undefined : { value, line: hit.line };
}

/** Collects each field's provenance as the parser takes values from hits. */
export class ProvenanceRecorder {
  readonly provenance: Provenance = {};

  take<T>(path: string, hit: Hit<T> | undefined): T | undefined {
    if (!hit) return undefined;
    this.provenance[path] = { line: hit.line.no, text: hit.line.raw ?? hit.line.text };
    return hit.value;
  }
}

/**
 * Drops undefined values and empty objects and arrays, so that unstated fields are absent.
 * Strings, numbers and booleans are returned as they are; objects and arrays are copied.
 */
export function prune<T>(value: T): T | undefined {
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    for (const item of value) {
      const kept = prune(item);
      if (kept !== undefined) items.push(kept);
    }
    return items.length > 0 ? (items as T) : undefined;
  }
  if (value !== null && typeof value === 'object') {
    const entries: Record<string, unknown> = {};
    let empty = true;
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      const item = value[key];
      const kept = typeof item === 'object' ? prune(item) : item;
      if (kept === undefined) continue;
      entries[key] = kept;
      empty = false;
    }
    return empty ? undefined : (entries as T);
  }
  return value;
}
