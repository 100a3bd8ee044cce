import { isCheckId } from '../shared/parsing/check-ids.ts';
import type { Check, ReportRecord } from '../shared/schemas/report-record.ts';
import { fieldNames } from './fields.ts';
import type { Formatter } from './format.ts';
import type { BarChartBlock, Block, FindingsBlock, SectionBlock, TableBlock } from './layout.ts';
import { type FindingId, READER_CHECK_IDS } from './strings/types.ts';
import { THEME } from './theme.ts';

/** One labelled value of a record, with the field it came from (for its source line). */
export interface Fact {
  label: string;
  value: string;
  path?: string;
}

/** Start – end; "not stated" once, when neither date is. */
export function duration(start: string | undefined, end: string | undefined, f: Formatter): string {
  if (start === undefined && end === undefined) return f.strings.notStated;
  return f.strings.dates.range(f.date(start), f.date(end));
}

/** A key–value table; with `lineLabel`, a third column gives each value's source line. */
export function factsTable(
  caption: string,
  facts: Fact[],
  f: Formatter,
  provenance?: ReportRecord['provenance'],
  lineLabel?: string,
): TableBlock {
  const withLines = provenance !== undefined && lineLabel !== undefined;
  return {
    type: 'table',
    caption,
    rowHeaders: true,
    hideHeader: !withLines,
    columns: withLines
      ? [
          { header: f.strings.facts.label, width: 0.3, align: 'left' },
          { header: f.strings.facts.value, width: 0.6, align: 'left' },
          { header: lineLabel, width: 0.1, align: 'right' },
        ]
      : [
          { header: f.strings.facts.label, width: 0.32, align: 'left' },
          { header: f.strings.facts.value, width: 0.68, align: 'left' },
        ],
    rows: facts.map((fact) => {
      const row = [fact.label, `${fact.value}${f.mark(fact.path)}`];
      if (!withLines) return row;
      const line = fact.path ? provenance[fact.path]?.line : undefined;
      return [...row, line === undefined ? '' : String(line)];
    }),
  };
}

/** Axis end and gridlines for values from 0: the next 1, 2 or 5 step above the largest. */
export function niceScale(
  values: Array<number | undefined>,
  f: Formatter,
  fixedMax?: number,
): BarChartBlock['scale'] {
  const largest = Math.max(0, ...values.filter((v): v is number => v !== undefined));
  const target = fixedMax ?? (largest > 0 ? largest : 1);
  const rough = target / 5;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 5, 10].find((m) => m * magnitude >= rough - 1e-9) ?? 10) * magnitude;
  const max = fixedMax ?? Math.ceil(target / step - 1e-9) * step;
  const ticks: Array<{ value: number; label: string }> = [];
  for (let i = 0; i * step <= max + 1e-9; i++) {
    const value = Math.round(i * step * 1e6) / 1e6;
    ticks.push({ value, label: f.number(value) });
  }
  return { max, ticks };
}

/** Indicators planned against realised, side by side in each category, numbers on the bars. */
export function plannedRealisedChart(chart: {
  title?: string;
  alt: string;
  categories: string[];
  planned: Array<number | undefined>;
  realised: Array<number | undefined>;
  names: { planned: string; realised: string };
  f: Formatter;
}): BarChartBlock {
  const { planned, realised, f } = chart;
  return {
    type: 'bar-chart',
    ...(chart.title === undefined ? {} : { title: chart.title }),
    alt: chart.alt,
    orientation: 'vertical',
    categories: chart.categories,
    series: [
      {
        name: chart.names.planned,
        color: THEME.colors.planned,
        values: planned,
        labels: planned.map((v) => f.number(v)),
      },
      {
        name: chart.names.realised,
        color: THEME.colors.realised,
        values: realised,
        labels: realised.map((v) => f.number(v)),
      },
    ],
    scale: niceScale([...planned, ...realised], f),
  };
}

function isFindingId(id: string): id is FindingId {
  return isCheckId(id) || (READER_CHECK_IDS as readonly string[]).includes(id);
}

/** The fields a check is about, named in the report's language, with their source lines. */
function checkFields(check: Check, record: ReportRecord, f: Formatter): string {
  const named = check.fields.map((path) => {
    const line = record.provenance[path]?.line;
    const name = fieldNames([path], f);
    return line === undefined ? name : `${name} (${f.strings.source.line.toLowerCase()} ${line})`;
  });
  return named.length === 0 ? '' : ` ${f.strings.checks.fields}: ${named.join('; ')}.`;
}

/** The checks' findings, every word in the report's language; the stored messages stay in the record. */
export function findingsBlock(record: ReportRecord, f: Formatter): FindingsBlock {
  const s = f.strings.checks;
  return {
    type: 'findings',
    empty: s.none,
    items: record.checks.map((check) => {
      const id = isFindingId(check.id) ? check.id : undefined;
      return {
        severity: check.severity,
        label: s.severities[check.severity],
        title: id ? s.titles[id] : s.severities[check.severity],
        detail: {
          intro: s.detail,
          text: `${id ? s.descriptions[id] : s.other}${checkFields(check, record, f)}`,
        },
      };
    }),
  };
}

export function findingsSection(record: ReportRecord, f: Formatter): SectionBlock {
  return { type: 'section', heading: f.strings.checks.heading, blocks: [findingsBlock(record, f)] };
}

/** The source file: key, hash, size, encoding and parser. */
export function sourceTable(record: ReportRecord, f: Formatter): TableBlock {
  const s = f.strings.source;
  const { source } = record;
  return factsTable(
    s.factsCaption,
    [
      { label: s.key, value: f.text(source.key) },
      { label: s.sha256, value: source.sha256 },
      { label: s.bytes, value: f.number(source.bytes) },
      ...(source.format ? [{ label: s.format, value: source.format.toUpperCase() }] : []),
      ...(source.pages ? [{ label: s.pages, value: f.number(source.pages) }] : []),
      { label: s.encoding, value: f.text(source.encoding) },
      { label: s.parser, value: `${source.parser} ${source.parserVersion}` },
    ],
    f,
  );
}

/** Rows of the source-line appendix: every listed award's line and the document's own figures. */
export const MAX_LISTED_SOURCE_LINES = 600;

/** Every figure's source line, once per line, in the order of the source document. */
export function provenanceSection(record: ReportRecord, f: Formatter): SectionBlock {
  const s = f.strings.source;
  const byLine = new Map<number, { text: string; paths: string[]; origin: string }>();
  for (const [path, entry] of Object.entries(record.provenance)) {
    const origin =
      entry.page !== undefined
        ? s.page(entry.page)
        : entry.sheet !== undefined
          ? `${entry.sheet}${entry.cell ? `!${entry.cell}` : ''}`
          : '';
    const line = byLine.get(entry.line) ?? { text: entry.text, paths: [], origin };
    line.paths.push(path);
    byLine.set(entry.line, line);
  }
  const sorted = [...byLine].sort(([a], [b]) => a - b);
  const lines = sorted.slice(0, MAX_LISTED_SOURCE_LINES);
  const notListed = sorted.length - lines.length;
  // A page or a sheet and cell is cited where the document has them (PDF, spreadsheets).
  const located = lines.some(([, l]) => l.origin !== '');
  const blocks: Block[] = [
    { type: 'paragraph', text: s.appendixIntro, tone: 'muted' },
    sourceTable(record, f),
  ];
  blocks.push(
    lines.length === 0
      ? { type: 'paragraph', text: s.noLines }
      : {
          type: 'table',
          caption: s.tableCaption,
          listing: true,
          columns: located
            ? [
                { header: s.line, width: 0.06, align: 'right' },
                { header: s.origin, width: 0.12, align: 'left' },
                { header: s.field, width: 0.27, align: 'left' },
                { header: s.text, width: 0.55, align: 'left' },
              ]
            : [
                { header: s.line, width: 0.06, align: 'right' },
                { header: s.field, width: 0.31, align: 'left' },
                { header: s.text, width: 0.63, align: 'left' },
              ],
          rows: lines.map(([line, { text, paths, origin }]) => [
            String(line),
            ...(located ? [origin] : []),
            fieldNames(paths, f),
            text.trim(),
          ]),
        },
  );
  if (notListed > 0) {
    blocks.push({ type: 'paragraph', text: s.linesNotListed(notListed, f.number(notListed)) });
  }
  return { type: 'section', heading: s.appendixHeading, newPage: true, blocks };
}

/** What a document is about, for its title, cover and running header: never its hash. */
export interface DocumentAbout {
  /** The project's name, or what a document without one is about. */
  subject: string;
  /** The subject as it heads a page: a phrase starts with a capital, a name stays as written. */
  headline: string;
  /** When the document came in, where known: `received 16.6.2022`. */
  dated?: string;
  /** The uploaded file's name. */
  file: string;
}

function fileName(key: string): string {
  return key.split('/').at(-1) || key;
}

/** Sum of amounts to the cent. */
function centSum(amounts: number[]): number {
  return Math.round(amounts.reduce((sum, a) => sum + a, 0) * 100) / 100;
}

/** Describes a document by what it states; `receivedAt` dates it where the pipeline knows it. */
export function aboutDocument(
  record: ReportRecord,
  f: Formatter,
  receivedAt?: Date,
): DocumentAbout {
  const s = f.strings;
  const file = fileName(record.source.key) || s.documentLabel(record.source.sha256.slice(0, 12));
  const dated = receivedAt ? { dated: s.documentTitles.received(f.day(receivedAt)) } : {};
  const { code, name } = record.project ?? {};
  switch (record.kind) {
    case 'grant-decisions': {
      // The document's own figures where it states them; else those of its list.
      const awards = record.awards ?? [];
      const listed = awards.length > 0;
      const count = record.awardsStatedCount ?? (listed ? awards.length : undefined);
      const total =
        record.awardsStatedTotal ?? (listed ? centSum(awards.map((a) => a.amount)) : undefined);
      const subject =
        count !== undefined && total !== undefined
          ? s.documentTitles.grantDecisions(count, f.money(total))
          : s.kinds[record.kind];
      return { subject, headline: capitalised(subject), file, ...dated };
    }
    case 'funding-call': {
      const deadline = record.call?.deadline;
      const subject = deadline
        ? s.documentTitles.fundingCall(f.dateTime(deadline))
        : s.kinds[record.kind];
      return { subject, headline: capitalised(subject), file, ...dated };
    }
    case 'unknown':
      return { subject: file, headline: file, file, ...dated };
    default: {
      const subject = name ?? code ?? s.kinds[record.kind];
      return { subject, headline: subject, file, ...dated };
    }
  }
}

/** First letter in upper case, for a phrase that starts a title. */
function capitalised(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}

/** The project's code and name for running headers, or what the document is about. */
export function subjectLine(record: ReportRecord, about: DocumentAbout): string {
  const { code, name } = record.project ?? {};
  if (code && name) return `${code} · ${name}`;
  return code ?? name ?? about.headline;
}

/** The document's own summary of the project, as written, with the line it starts on. */
export function projectSummarySection(
  record: ReportRecord,
  f: Formatter,
): SectionBlock | undefined {
  const summary = record.project?.summary;
  if (!summary) return undefined;
  const line = record.provenance['project.summary']?.line;
  // The summary is quoted in the document's language, which may differ from the report's.
  const lang = record.language && record.language !== f.language ? record.language : undefined;
  const paragraphs: Block[] = summary
    .split(/\n{2,}/u)
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map((text) => ({ type: 'paragraph', text, ...(lang ? { lang } : {}) }));
  return {
    type: 'section',
    heading: f.strings.projectSummary.heading,
    blocks: [
      ...paragraphs,
      ...(line === undefined
        ? []
        : [
            {
              type: 'paragraph' as const,
              text: f.strings.projectSummary.source(line),
              tone: 'muted' as const,
            },
          ]),
    ],
  };
}
