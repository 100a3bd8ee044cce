import type { DocumentKind, ExtractedFields } from '../schemas/report-record.ts';
import { phrasePattern } from './amounts.ts';
import { withoutContacts } from './contacts.ts';
import { isNumberedHeading, type Line } from './text.ts';
import { SUMMARY_EN } from './vocabulary/summary-en.ts';
import { SUMMARY_FI } from './vocabulary/summary-fi.ts';
import { SUMMARY_SV } from './vocabulary/summary-sv.ts';

/** The contract's limit on `project.summary`. */
export const MAX_SUMMARY = 2000;

const WORDS = [SUMMARY_FI, SUMMARY_SV, SUMMARY_EN];
const heading = (phrases: string[]) => new RegExp(`^(?:${phrasePattern(phrases)})$`, 'iu');
const FINAL_HEADING = heading(WORDS.flatMap((w) => w.finalSummary));
const SUMMARY_HEADING = heading(WORDS.flatMap((w) => [...w.finalSummary, ...w.summary]));
const CONTACT_START = new RegExp(`^(?:${phrasePattern(WORDS.flatMap((w) => w.contact))})`, 'iu');

/** The kinds that describe one project; a call or a list of awards has no project summary. */
const PROJECT_KINDS: ReadonlySet<DocumentKind> = new Set([
  'project-description',
  'project-page',
  'research-project',
]);

const SECTION_NUMBER = /^\d{1,2}(?:\.\d{1,2})*\.?\s+/u;
const QUALIFIER = /\s*\([^()]{1,40}\)$/u;
/** `Summary: text` on one line: a label the summary starts after. */
const LABEL_SPLIT = /^([^:：]{1,80})[:：]\s*(.*)$/u;
/** A short label and its value (`Acronym: IDK`), or a glued one: never a line of prose. */
const LABELLED = /^\p{L}[\p{L}\p{N} ,./()'’-]{0,40}[:：]\s*\S/u;
const SENTENCE_END = /[.!?…](?=["”’)]?(?:\s|$))/gu;
const HAS_SENTENCE_END = new RegExp(SENTENCE_END.source, 'u');
/** How a short line of prose ends: a sentence end, or a colon before a list. */
const PROSE_END = /[.!?…:;,]["”’)]?$/u;
/** A print header or footer: text, a wide gap, text (`Hankkeen kuvaus A76240      Tulostettu 3.5.2022`). */
const PRINT_FURNITURE = /^\S.{0,60}\S {8,}\S.{0,60}$/u;
const OPEN_PARENTHESIS = /\([^()]*$/u;
const LIST_ITEM = /^(?:[-–•*▪·◦]|\d{1,2}[.)])\s/u;
/** Shorter lines without a sentence end are headings, menu items or labels, not prose. */
const MIN_PROSE_LINE = 80;
/** Shortest text taken as a summary. */
const MIN_SUMMARY = 60;
/** A paragraph under a page title must be this long to be the page's summary, not a caption. */
const MIN_TITLE_SUMMARY = 200;

function headingText(text: string): string {
  return text
    .replace(SECTION_NUMBER, '')
    .replace(/[:：]\s*$/u, '')
    .replace(QUALIFIER, '')
    .trim();
}

/** Where a summary starts: after a heading line, or after the label on its own line. */
interface Start {
  index: number;
  final: boolean;
  /** The text after a label on the heading's own line. */
  value?: string;
}

function startOf(line: Line, index: number): Start | undefined {
  if (line.text.length === 0 || line.text.length > 120) return undefined;
  const whole = headingText(line.text);
  if (SUMMARY_HEADING.test(whole)) return { index, final: FINAL_HEADING.test(whole) };
  const labelled = LABEL_SPLIT.exec(line.text);
  const label = labelled ? headingText(labelled[1] ?? '') : '';
  if (labelled && SUMMARY_HEADING.test(label) && (labelled[2] ?? '').length > 0) {
    return { index, final: FINAL_HEADING.test(label), value: labelled[2] ?? '' };
  }
  return undefined;
}

/** A line that ends the summary: a heading, a labelled fact, a table row or a contact. */
function endsSummary(line: Line): boolean {
  const { text } = line;
  if (line.raw !== undefined || text.includes('\t')) return true;
  if (withoutContacts(text) !== text || CONTACT_START.test(text)) return true;
  if (isNumberedHeading(line) && !PROSE_END.test(text)) return true;
  if (SUMMARY_HEADING.test(headingText(text))) return true;
  if (LABELLED.test(text) && text.length <= 150) return true;
  // A parenthesis left open goes on in the next line: a sentence wrapped, not a heading.
  // So does a line that starts in lower case: a wrapped sentence's rest.
  if (OPEN_PARENTHESIS.test(text) || /^\p{Ll}/u.test(text)) return false;
  return text.length < MIN_PROSE_LINE && !PROSE_END.test(text) && !LIST_ITEM.test(text);
}

/** The paragraphs from `from` on, as written, up to the first line that ends them. */
function paragraphsFrom(
  lines: readonly Line[],
  from: number,
  first?: string,
): { text: string; line: Line | undefined } {
  const paragraphs: string[][] = first ? [[first]] : [];
  let firstLine: Line | undefined = first ? lines[from - 1] : undefined;
  let open = first !== undefined;
  for (let i = from; i < lines.length; i++) {
    const line = lines[i] as Line;
    if (line.furniture || PRINT_FURNITURE.test(line.text)) continue;
    if (line.text.length === 0) {
      open = false;
      continue;
    }
    if (endsSummary(line)) break;
    if (open) (paragraphs[paragraphs.length - 1] as string[]).push(line.text);
    else paragraphs.push([line.text]);
    open = true;
    firstLine ??= line;
  }
  const text = paragraphs
    .map((p) => p.reduce((all, next) => `${all}${LIST_ITEM.test(next) ? '\n' : ' '}${next}`))
    .join('\n\n');
  return { text, line: firstLine };
}

/** The text cut at the last sentence end within the limit; none when no sentence ends in it. */
export function cutSummary(text: string, limit = MAX_SUMMARY): string | undefined {
  if (text.length <= limit) return text;
  let cut = -1;
  for (const m of text.matchAll(SENTENCE_END)) {
    const end = m.index + m[0].length;
    if (end > limit) break;
    cut = end;
  }
  return cut > 0 ? text.slice(0, cut).trimEnd() : undefined;
}

function isSummary(text: string): boolean {
  return text.length >= MIN_SUMMARY && HAS_SENTENCE_END.test(text);
}

function summaryHit(
  lines: readonly Line[],
  start: Start,
): { value: string; line: Line } | undefined {
  const { text, line } = paragraphsFrom(lines, start.index + 1, start.value);
  const value = cutSummary(text);
  return value && line && isSummary(value) ? { value, line } : undefined;
}

/** The prose paragraph right under a page's title line, when it is long enough to be its summary. */
function underTitle(lines: readonly Line[], titleLine: number) {
  const index = lines.findIndex((l) => l.no === titleLine && !l.raw);
  if (index < 0) return undefined;
  const hit = summaryHit(lines, { index, final: false });
  return hit && hit.value.length >= MIN_TITLE_SUMMARY ? hit : undefined;
}

/**
 * The document's own summary of the project, as written: the paragraphs under a summary
 * heading (a final report's own summary first), or after a summary label, cut at a sentence end
 * within 2,000 characters; on a project page without one, the paragraph under the page title.
 */
export function readSummary(
  lines: readonly Line[],
  titleLine?: number,
): { value: string; line: Line } | undefined {
  const starts: Start[] = [];
  for (let i = 0; i < lines.length; i++) {
    const start = startOf(lines[i] as Line, i);
    if (start) starts.push(start);
  }
  for (const start of [...starts.filter((s) => s.final), ...starts.filter((s) => !s.final)]) {
    const hit = summaryHit(lines, start);
    if (hit) return hit;
  }
  return titleLine === undefined ? undefined : underTitle(lines, titleLine);
}

/** The fields with the project's summary added, where the kind has one and nothing read it yet. */
export function withSummary(
  kind: DocumentKind,
  fields: ExtractedFields,
  lines: readonly Line[],
): ExtractedFields {
  if (!PROJECT_KINDS.has(kind) || fields.project?.summary !== undefined) return fields;
  const title = kind === 'project-page' ? fields.provenance['project.name']?.line : undefined;
  const hit = readSummary(lines, title);
  if (!hit) return fields;
  return {
    ...fields,
    project: { ...fields.project, summary: hit.value },
    provenance: {
      ...fields.provenance,
      'project.summary': { line: hit.line.no, text: hit.line.raw ?? hit.line.text },
    },
  };
}
