import { isCheckId } from '../shared/parsing/check-ids.ts';
import type { ReportRecord } from '../shared/schemas/report-record.ts';
import { fieldNames } from './fields.ts';
import type { Formatter } from './format.ts';
import type { BarChartBlock, Block, FindingsBlock, SectionBlock, TableBlock } from './layout.ts';

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
      const row = [fact.label, fact.value];
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

/** The checks' findings, titled in the document's language, with the stored message. */
export function findingsBlock(record: ReportRecord, f: Formatter): FindingsBlock {
  const s = f.strings.checks;
  return {
    type: 'findings',
    empty: s.none,
    items: record.checks.map((check) => ({
      severity: check.severity,
      label: s.severities[check.severity],
      title: isCheckId(check.id) ? s.titles[check.id] : check.id,
      detail: {
        intro: s.storedMessage,
        text: check.message,
        ...(f.language === 'en' ? {} : { lang: 'en' }),
      },
    })),
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
  const lines = [...byLine].sort(([a], [b]) => a - b);
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
  return { type: 'section', heading: s.appendixHeading, newPage: true, blocks };
}

/** The project's code and name for running headers, or the document's short label. */
export function subjectLine(record: ReportRecord, f: Formatter): string {
  const { code, name } = record.project ?? {};
  if (code && name) return `${code} · ${name}`;
  return code ?? name ?? f.strings.documentLabel(record.source.sha256.slice(0, 12));
}
