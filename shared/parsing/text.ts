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
  return new RegExp(`^(?:[-•*▪·]\\s*)?(?:${alternatives.join('|')})`, 'iu');
}

/** Longer lines are narrative; a label and its value never run this long. */
const MAX_LABELLED_LINE = 400;
const SEPARATOR = /^\s*(?:[:：]|\s[-–]\s|\t)\s*/u;
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
    if (rest.trim().length === 0 || /^\s*[:：]\s*$/.test(rest)) {
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

/** Drops undefined values and empty objects and arrays, so that unstated fields are absent. */
export function prune<T>(value: T): T | undefined {
  if (Array.isArray(value)) {
    const items = value.map((v) => prune(v)).filter((v) => v !== undefined);
    return items.length > 0 ? (items as T) : undefined;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .map(([k, v]) => [k, prune(v)] as const)
      .filter(([, v]) => v !== undefined);
    return entries.length > 0 ? (Object.fromEntries(entries) as T) : undefined;
  }
  return value === undefined ? undefined : value;
}
