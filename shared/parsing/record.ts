import { createHash } from 'node:crypto';
import {
  type Check,
  type DocumentKind,
  type Encoding,
  type ExtractedFields,
  type Language,
  type ReportRecord,
  type Source,
  type SourceFormat,
  validateRecord,
} from '../schemas/report-record.ts';
import { runChecks, screenFigures } from './checks.ts';
import { classifyDocument, detectLanguage, kindOfFacts } from './classify.ts';
import { redactContacts } from './contacts.ts';
import { DEFAULT_MAX_BYTES, linesList, readDocument, tooLargeMessage } from './decode.ts';
import { type Facts, readFacts } from './facts.ts';
import type { ParserHints } from './kinds/parser.ts';
import { loadKindParser, type NamedKindParser } from './kinds/registry.ts';
import type { DigitNormalisation } from './numbers.ts';
import { withSummary } from './summary.ts';
import { type Line, splitLines } from './text.ts';

/**
 * The version every record names in `source.parserVersion`. Raise it whenever a change can alter
 * what extraction returns; `epm reextract` then reads the reports an older version made again.
 */
export const PARSER_VERSION = '1.40.0';

export interface ExtractOptions {
  /** Object key or file name, recorded in `source.key`. */
  key?: string;
  maxBytes?: number;
}

/** Check ids that mean the document could not be read at all; the pipeline rejects these. */
export const REJECTING_CHECKS = new Set([
  'document-unreadable',
  'document-too-large',
  'unsupported-format',
  'document-encrypted',
  'document-limit',
  'no-text-layer',
  'nothing-extracted',
  'no-line-structure',
  'record-invalid',
]);

/** Longer than any line of a report; a text whose bulk is one such line has lost its line breaks. */
const MAX_LINE = 100_000;

function lineStructureCheck(lines: readonly Line[], textLength: number): Check | undefined {
  let longest: Line | undefined;
  for (const line of lines) if (!longest || line.text.length > longest.text.length) longest = line;
  if (!longest || longest.text.length <= MAX_LINE || longest.text.length * 2 < textLength) {
    return undefined;
  }
  return {
    id: 'no-line-structure',
    severity: 'error',
    message: `Document has no line structure: line ${longest.no} alone is ${longest.text.length} characters, ${Math.round((longest.text.length / textLength) * 100)} % of the text. Reports are read line by line, a label and its value on one line, so nothing was read; export it again with its line breaks.`,
    fields: [],
  };
}

/** What a text that is no report looks like, when it is markup or data rather than prose. */
function formatOf(text: string): string | undefined {
  const start = text.trimStart().slice(0, 200).toLowerCase();
  if (/^(?:<!doctype html|<html|<head|<body)/u.test(start))
    return 'an HTML page (save it as text), ';
  if (start.startsWith('<?xml')) return 'an XML document, ';
  if (/^[[{]/u.test(start)) return 'JSON data, ';
  return undefined;
}

function digitsCheck(
  digitLines: DigitNormalisation['lines'],
  fields: ExtractedFields,
): Check | undefined {
  const [first] = digitLines;
  if (!first) return undefined;
  const numbers = digitLines.map((l) => l.no);
  const written = first.written.length > 120 ? `${first.written.slice(0, 117)}…` : first.written;
  return {
    id: 'unusual-digits',
    severity: 'warning',
    message: `Line(s) ${linesList(numbers)} write figures in digits of another script (line ${first.no}: "${written}"); they were read as the ASCII digits of the same value. Check the figures read from them.`,
    fields: Object.entries(fields.provenance)
      .filter(([, entry]) => numbers.includes(entry.line))
      .map(([path]) => path),
  };
}

function sourceOf(bytes: Uint8Array, key: string, parser: string): Source {
  return {
    key,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    bytes: bytes.length,
    parser,
    parserVersion: PARSER_VERSION,
  };
}

/** The record of an upload over the size limit, from its size and hash alone. */
export function tooLargeRecord(
  key: string,
  size: number,
  sha256: string,
  maxBytes: number,
): ReportRecord {
  return {
    kind: 'unknown',
    checks: [
      {
        id: 'document-too-large',
        severity: 'error',
        message: tooLargeMessage(size, maxBytes),
        fields: [],
      },
    ],
    provenance: {},
    source: { key, sha256, bytes: size, parser: 'none', parserVersion: PARSER_VERSION },
  };
}

/** The first check that makes the pipeline reject the document, if any. */
export function rejectionOf(record: ReportRecord) {
  return record.checks.find((c) => c.severity === 'error' && REJECTING_CHECKS.has(c.id));
}

function hasValues(fields: ExtractedFields): boolean {
  return Object.keys(fields).some((k) => k !== 'provenance');
}

/** A document's read text, as the text decoder or a format reader gives it. */
export interface ReadText {
  text: string;
  encoding?: Encoding;
  /** What reading had to guess, repair or skip. */
  findings: Check[];
  digitLines: DigitNormalisation['lines'];
  format: SourceFormat;
  pages?: number;
  /** Where each line of `text` came from, by line number - 1 (formats other than text). */
  origins?: ReadonlyArray<LineOrigin | undefined>;
}

/** Where a line of the read text came from: its page, or its sheet and cell. */
export interface LineOrigin {
  page?: number;
  sheet?: string;
  cell?: string;
  ocr?: true;
}

/** The record of a document that could not be read, with the check that says why. */
export function unreadableRecord(
  bytes: Uint8Array,
  key: string,
  check: { id: string; message: string },
  source: Partial<Pick<Source, 'format' | 'pages' | 'encoding'>> = {},
): ReportRecord {
  return {
    kind: 'unknown',
    checks: [{ id: check.id, severity: 'error', message: check.message, fields: [] }],
    provenance: {},
    source: { ...sourceOf(bytes, key, 'none'), ...source },
  };
}

/** A plain-text upload's read text, or the record that says why it cannot be read. */
export function decodeText(
  bytes: Uint8Array,
  options: ExtractOptions = {},
): { success: true; read: ReadText } | { success: false; record: ReportRecord } {
  const decoded = readDocument(bytes, options.maxBytes ?? DEFAULT_MAX_BYTES);
  if (decoded.success) return { success: true, read: { ...decoded.data, format: 'text' } };
  const { reason, message } = decoded.error;
  return {
    success: false,
    record: unreadableRecord(bytes, options.key ?? '', {
      id: reason === 'too-large' ? 'document-too-large' : 'document-unreadable',
      message,
    }),
  };
}

/** The kind a read text is of; `unknown` for a text without line structure, which is not read. */
export function kindOfText(text: string): DocumentKind {
  return lineStructureCheck(splitLines(text), text.length)
    ? 'unknown'
    : classifyDocument(text).kind;
}

/**
 * The project's name a project page's title gives, alone, for a document whose labelled facts
 * make it a project page but name no project (`Ökat arbetskraftsutbud i gränsregionen` over its
 * `Fakta` block). Nothing else of the page parser's reading is taken: the facts read the rest.
 */
function pageTitle(
  lines: readonly Line[],
  language: Language | undefined,
  parser: NamedKindParser | undefined,
  facts: Facts,
): ExtractedFields | undefined {
  if (!parser) return undefined;
  const page = parser.parse(lines, language).fields;
  const name = page?.project?.name;
  const entry = page?.provenance['project.name'];
  // A title on a line the facts were read from is a labelled value, not the page's title.
  const factLines = new Set(Object.values(facts.fields.provenance).map((e) => e.line));
  if (!name || !entry || factLines.has(entry.line)) return undefined;
  // A title that leads with the project's code (`2022/00355 - Care Höör`) names it after it.
  const code = facts.fields.project?.code;
  const after =
    code && name.startsWith(code) ? /^\s*[-–—:|]\s*(.+)$/u.exec(name.slice(code.length)) : null;
  return { project: { name: after?.[1] ?? name }, provenance: { 'project.name': entry } };
}

/** `extractReadText` with the parser of the text's kind, loaded on first use. */
export async function extractReadTextLoading(
  bytes: Uint8Array,
  key: string,
  read: ReadText,
): Promise<ReportRecord> {
  const kind = kindOfText(read.text);
  return extractReadText(bytes, key, read, {
    kind,
    parser: await loadKindParser(kind),
    pageParser: kind === 'unknown' ? await loadKindParser('project-page') : undefined,
  });
}

/**
 * Turns an uploaded plain-text document into a report record, loading only the parser of its
 * kind (the Lambdas' path; `extractReport` is the same, synchronous, with every parser at hand).
 * Never throws for bad input: an unreadable, oversized or unrecognised document gives a record
 * whose checks say why.
 */
export async function extractText(
  bytes: Uint8Array,
  options: ExtractOptions = {},
): Promise<ReportRecord> {
  const decoded = decodeText(bytes, options);
  if (!decoded.success) return decoded.record;
  return extractReadTextLoading(bytes, options.key ?? '', decoded.read);
}

/** Page, sheet and cell of every provenance line, from the origins a format reader gave. */
function withOrigins(
  provenance: ReportRecord['provenance'],
  origins: ReadonlyArray<LineOrigin | undefined>,
): ReportRecord['provenance'] {
  const located: ReportRecord['provenance'] = {};
  for (const [path, entry] of Object.entries(provenance)) {
    const origin = origins[entry.line - 1];
    located[path] = {
      ...entry,
      ...(origin?.page === undefined ? {} : { page: origin.page }),
      ...(origin?.sheet === undefined ? {} : { sheet: origin.sheet }),
      ...(origin?.cell === undefined ? {} : { cell: origin.cell }),
    };
  }
  return located;
}

/** The fields whose value was read from a line that OCR produced. */
function ocrCheck(
  provenance: ReportRecord['provenance'],
  origins: ReadonlyArray<LineOrigin | undefined>,
): Check | undefined {
  const fields = Object.entries(provenance)
    .filter(([, entry]) => origins[entry.line - 1]?.ocr)
    .map(([path]) => path);
  if (fields.length === 0) return undefined;
  return {
    id: 'ocr-text',
    severity: 'info',
    message: `${fields.length} value(s) were read by OCR from scanned pages, not from a text layer; check them against the page image.`,
    fields,
  };
}

function valueAt(fields: ExtractedFields, path: string): unknown {
  const [group, key] = path.split('.') as [string, string];
  const holder = (fields as Record<string, unknown>)[group];
  return typeof holder === 'object' && holder !== null
    ? (holder as Record<string, unknown>)[key]
    : undefined;
}

/**
 * The kind parser's fields with the labelled facts layer one read and the parser did not: a
 * field the parser set wins; one layer one read two different values for is left out and
 * reported. What layer one noted (a sum in kronor, a day that does not exist) is kept only for
 * the fields it added.
 */
function withFacts(
  kind: DocumentKind,
  parsed: ExtractedFields | undefined,
  parsedHints: ParserHints,
  facts: Facts,
): { fields: ExtractedFields; hints: ParserHints; conflicts: Check[] } {
  // An awards list states each award's project facts; none of them is the document's. A call
  // states what a project may be (its budget ceiling, its period), not a project: only its terms.
  if (kind === 'grant-decisions') {
    return { fields: parsed ?? { provenance: {} }, hints: parsedHints, conflicts: [] };
  }
  const own = (path: string) => kind !== 'funding-call' || path.startsWith('call.');
  const fields: ExtractedFields = { ...(parsed ?? {}), provenance: { ...parsed?.provenance } };
  const record = fields as Record<string, unknown>;
  // Fields the parser left out on purpose (read from a line cut off mid-line) stay out.
  const declined = new Set(parsedHints.truncation?.dropped ?? []);
  // A line the parser read is its to read: `Name (ACRONYM)` is one title there, not two fields.
  const parserLines = new Set(Object.values(parsed?.provenance ?? {}).map((e) => e.line));
  const taken = (path: string) =>
    declined.has(path) || valueAt(parsed ?? { provenance: {} }, path) !== undefined;
  for (const [path, entry] of Object.entries(facts.fields.provenance)) {
    if (!own(path) || taken(path) || parserLines.has(entry.line)) continue;
    const [group, key] = path.split('.') as [string, string];
    record[group] = {
      ...(record[group] as object | undefined),
      [key]: valueAt(facts.fields, path),
    };
    fields.provenance[path] = entry;
  }
  const conflicts: Check[] = facts.conflicts
    .filter((c) => own(c.path) && !taken(c.path))
    .map(({ path, lines, values }) => ({
      id: 'conflicting-values',
      severity: 'info',
      message: `${path} is stated twice with different values: "${values[0]}" (line ${lines[0].no}) and "${values[1]}" (line ${lines[1].no}); neither was taken.`,
      fields: [path],
    }));
  const noted = <T extends { path: string; line: { no: number } }>(
    mine: T[] | undefined,
    theirs: T[] | undefined,
  ) => {
    const seen = new Set((theirs ?? []).map((n) => `${n.path}:${n.line.no}`));
    return (mine ?? []).filter(
      (n) => own(n.path) && !taken(n.path) && !seen.has(`${n.path}:${n.line.no}`),
    );
  };
  const nonEuro = [
    ...(parsedHints.nonEuroAmounts ?? []),
    ...noted(facts.hints.nonEuroAmounts, parsedHints.nonEuroAmounts),
  ];
  const invalid = [
    ...(parsedHints.invalidDates ?? []),
    ...noted(facts.hints.invalidDates, parsedHints.invalidDates),
  ];
  const approximate = [
    ...(parsedHints.approximateAmounts ?? []),
    ...noted(facts.hints.approximateAmounts, parsedHints.approximateAmounts),
  ];
  const letters = [
    ...(parsedHints.lettersInFigures ?? []),
    ...noted(facts.hints.lettersInFigures, parsedHints.lettersInFigures),
  ];
  const hints: ParserHints = {
    ...parsedHints,
    ...(nonEuro.length > 0 ? { nonEuroAmounts: nonEuro } : {}),
    ...(invalid.length > 0 ? { invalidDates: invalid } : {}),
    ...(letters.length > 0 ? { lettersInFigures: letters } : {}),
    ...(approximate.length > 0 ? { approximateAmounts: approximate } : {}),
  };
  return { fields, hints, conflicts };
}

/** The kind a read text was classified as, and that kind's parser (none for `unknown`). */
export interface KindReading {
  kind: DocumentKind;
  parser: NamedKindParser | undefined;
  /**
   * For a document no feature told the kind of: the project page's parser, whose title becomes
   * the project's name when the document's labelled facts make it a project page naming none.
   */
  pageParser?: NamedKindParser | undefined;
}

/**
 * Turns a document's read text into a report record, given the kind its text was classified as
 * and that kind's parser: `extractReport` gives every parser at hand, `extractText` loads the one
 * it needs.
 */
export function extractReadText(
  bytes: Uint8Array,
  key: string,
  read: ReadText,
  reading: KindReading,
): ReportRecord {
  const { text, encoding, findings, digitLines, format, pages, origins } = read;
  const located = { format, ...(pages === undefined ? {} : { pages }) };
  const language = detectLanguage(text);
  const lines = splitLines(text);
  const structure = lineStructureCheck(lines, text.length);
  if (structure) {
    return {
      kind: 'unknown',
      ...(language ? { language } : {}),
      checks: [...findings, structure],
      provenance: {},
      source: { ...sourceOf(bytes, key, 'none'), ...(encoding ? { encoding } : {}), ...located },
    };
  }
  const { kind: classified, parser } = reading;
  const parsed = parser ? parser.parse(lines, language) : { fields: undefined, hints: {} };
  const facts = readFacts(
    lines,
    language,
    text,
    (path) => valueAt(parsed.fields ?? { provenance: {} }, path) !== undefined,
  );
  const kind =
    classified === 'unknown' ? kindOfFacts(Object.keys(facts.fields.provenance)) : classified;
  const unnamed =
    classified === 'unknown' && kind === 'project-page' && !facts.fields.project?.name;
  const titled = unnamed ? pageTitle(lines, language, reading.pageParser, facts) : undefined;
  const { fields, hints, conflicts } = withFacts(
    kind,
    titled ?? parsed.fields,
    parsed.hints,
    facts,
  );
  const screened = screenFigures(withSummary(kind, fields, lines));
  const extracted = origins
    ? { ...screened.fields, provenance: withOrigins(screened.fields.provenance, origins) }
    : screened.fields;
  const base = { kind, ...(language ? { language } : {}), ...extracted };
  const digitFinding = digitsCheck(digitLines, extracted);
  const ocrFinding = origins ? ocrCheck(extracted.provenance, origins) : undefined;
  const checks: Check[] = [
    ...findings,
    ...(digitFinding ? [digitFinding] : []),
    ...(ocrFinding ? [ocrFinding] : []),
    ...screened.checks,
    ...conflicts,
    ...runChecks(base, hints),
  ];
  // A document of no known kind is stored and flagged, not rejected (the report-record
  // contract), with the labelled facts it states; one that looks like a known kind but gives
  // nothing is unreadable as that kind.
  if (kind === 'unknown') {
    const read = hasValues(extracted);
    checks.push({
      id: 'unknown-kind',
      severity: 'warning',
      message: `Document is ${format === 'text' ? (formatOf(text) ?? '') : ''}not a project description, project page, research project, funding call or grant decision list; it is kept as a document of unknown kind and ${read ? 'only the facts it labels were read' : 'nothing was extracted'}.`,
      fields: [],
    });
  } else if (!hasValues(extracted)) {
    checks.push({
      id: 'nothing-extracted',
      severity: 'error',
      message: `Document looks like a ${kind} but none of its fields could be read.`,
      fields: [],
    });
  }
  const record: ReportRecord = {
    ...redactContacts({ ...base, checks }, text),
    source: {
      ...sourceOf(bytes, key, parser?.name ?? 'none'),
      ...(encoding ? { encoding } : {}),
      ...located,
    },
  };
  const valid = validateRecord(record);
  if (valid.success) return valid.data;
  return {
    kind,
    ...(language ? { language } : {}),
    checks: [
      {
        id: 'record-invalid',
        severity: 'error',
        message: `Extracted record does not match the report-record schema: ${valid.error.issues
          .map((i) => `${i.path.join('.')}: ${i.message}`)
          .join('; ')}`,
        fields: valid.error.issues.map((i) => i.path.join('.')),
      },
    ],
    provenance: {},
    source: record.source,
  };
}
