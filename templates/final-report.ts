import type { Language, ReportRecord } from '../shared/schemas/report-record.ts';
import { subjectLine } from './blocks.ts';
import { formatterFor } from './format.ts';
import { grantDecisionsBlocks } from './grant-decisions.ts';
import type { Block, ReportLayout } from './layout.ts';
import { projectDescriptionBlocks } from './project-description.ts';
import { summaryBlocks, unknownBlocks } from './summary.ts';

/** Name of the embedded report record, the PDF's machine-readable twin. */
export const RECORD_ATTACHMENT_NAME = 'report-record.json';

export interface LayoutOptions {
  language: Language;
  /** When the PDF is generated; printed in the footer. */
  generatedAt: Date;
}

function titleOf(record: ReportRecord, language: Language): string {
  const s = formatterFor(language).strings;
  const { code, name } = record.project ?? {};
  const doc = s.documentLabel(record.source.sha256.slice(0, 12));
  switch (record.kind) {
    case 'project-description':
      return `${s.finalReport}: ${name ?? code ?? doc}${name && code ? ` (${code})` : ''}`;
    case 'grant-decisions':
    case 'unknown':
      return `${s.kinds[record.kind]}: ${doc}`;
    default:
      return `${s.summary}: ${name ?? code ?? s.kinds[record.kind]}`;
  }
}

/** Lays a report record out as a final report in one language. Pure: no I/O, no clock. */
export function layoutFinalReport(record: ReportRecord, options: LayoutOptions): ReportLayout {
  const f = formatterFor(options.language);
  const s = f.strings;
  const p = record.project ?? {};
  const blocks: Block[] =
    record.kind === 'project-description'
      ? projectDescriptionBlocks(record, f)
      : record.kind === 'grant-decisions'
        ? grantDecisionsBlocks(record, f)
        : record.kind === 'unknown'
          ? unknownBlocks(record, f)
          : summaryBlocks(record, f);
  return {
    language: options.language,
    locale: s.locale,
    title: titleOf(record, options.language),
    subject: `${s.kinds[record.kind]} · ${subjectLine(record, f)}`,
    keywords: [p.code, p.fund, p.programme, s.kinds[record.kind]].filter(
      (k): k is string => k !== undefined,
    ),
    author: p.managingAuthority ?? p.beneficiary ?? 'eu-project-monitor',
    header: subjectLine(record, f),
    headerRight: record.kind === 'project-description' ? s.finalReport : s.summary,
    footer: s.generated(f.instant(options.generatedAt)),
    pageLabel: s.page,
    attachment: { name: RECORD_ATTACHMENT_NAME, description: s.attachmentDescription },
    blocks,
  };
}
