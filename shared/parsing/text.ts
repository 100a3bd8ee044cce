import type { Provenance } from '../schemas/report-record.ts';

/** One line of the document: its 1-based number and its text without surrounding blanks. */
export interface Line {
  no: number;
  text: string;
}

/** A value read from the document and the line it came from. */
export interface Hit<T> {
  value: T;
  line: Line;
}

export function splitLines(text: string): Line[] {
  return text.split('\n').map((raw, i) => ({ no: i + 1, text: raw.trim() }));
}

export function nonEmpty(lines: readonly Line[]): Line[] {
  return lines.filter((l) => l.text.length > 0);
}

/** Builds a case-insensitive pattern from label alternatives written as regex sources. */
export function labels(...alternatives: string[]): RegExp {
  return new RegExp(
    `^(?:[-•*▪·]\\s*)?(?:${alternatives.join('|')})(?=\\s*(?:[:：?？\\t]|\\s[-–]\\s|$)|\\s{2,}|\\s?[\\d(])`,
    'iu',
  );
}

/** Like `labels`, for labels whose value may be glued on (`AkronyymiINNOCAP`). */
export function gluedLabels(...alternatives: string[]): RegExp {
  return new RegExp(`^(?:[-•*▪·]\\s*)?(?:${alternatives.join('|')})`, 'iu');
}

/** Longer lines are narrative; a label and its value never run this long. */
const MAX_LABELLED_LINE = 400;
const SEPARATOR = /^\s*(?:[:：]|\s[-–]\s|\t)\s*|^\s{2,}(?=\S)/u;
const LABELLED_LINE = /^[^:：]{1,80}[:：](?:\s|$)/u;
const LABEL_ONLY = /^[\p{L}][\p{L}\p{N} ,./()'’-]{1,60}:?$/u;

export interface LabelOptions {
  /** Accept a value glued to the label with no separator (`AkronyymiINNOCAP`). */
  glued?: boolean;
}

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
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line || line.text.length === 0 || line.text.length > MAX_LABELLED_LINE) continue;
    const m = label.exec(line.text);
    if (!m) continue;
    const rest = line.text.slice(m[0].length);
    const separated = SEPARATOR.exec(rest);
    if (separated) {
      const value = rest.slice(separated[0].length).trim();
      if (value.length > 0) return { value, line };
    }
    if (rest.trim().length === 0 || /^\s*[:：?？]\s*$/.test(rest)) {
      const next = nextNonEmpty(lines, i);
      const usable =
        next &&
        !label.test(next.text) &&
        !LABELLED_LINE.test(next.text) &&
        !isNumberedHeading(next);
      if (usable && !labelAlone) labelAlone = { value: next.text, line: next };
      continue;
    }
    if (options.glued && /^[\s\p{Lu}\p{N}(]/u.test(rest)) {
      return { value: rest.trim(), line };
    }
    // `EU co-financing rate 60 %`: a figure after the label and one space.
    if (/^ ?[\d(]/u.test(rest) && rest.length <= 40 && /\d/u.test(rest)) {
      return { value: rest.trim(), line };
    }
  }
  return labelAlone;
}

function nextNonEmpty(lines: readonly Line[], index: number): Line | undefined {
  for (let j = index + 1; j < lines.length && j <= index + 2; j++) {
    const next = lines[j];
    if (next && next.text.length > 0) return next;
  }
  return undefined;
}

const BULLETS = new Set(['-', '•', '*', '▪', '·']);

/** Where the label of a `Label: value` line ends, or -1 for other lines. */
function labelEnd(text: string): number {
  // The colon that ends a label is followed by a blank (`EU:s bidrag: 324 960 €`), or ends the line.
  const m = /[:：](?=\s|$)/u.exec(text);
  const colon = m ? m.index : text.search(/[:：]/u);
  const hasValue = colon >= 1 && colon <= 80 && colon < text.length - 1;
  return hasValue && text.length <= MAX_LABELLED_LINE ? colon : -1;
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

/** Lines that are headings of a numbered export (`5 Projektin julkinen rahoitus`, `7.1 …`). */
export function isNumberedHeading(line: Line): boolean {
  const t = line.text;
  return (
    /^\d{1,2}(?:\.\d{1,2})*\.?\s+\p{Lu}/u.test(t) && !/[:：]\s*\S/.test(t) && !/\d{4}$/.test(t)
  );
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
    this.provenance[path] = { line: hit.line.no, text: hit.line.text };
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
