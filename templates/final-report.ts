import type { Language, ReportRecord } from '../shared/schemas/report-record.ts';
import { aboutDocument, type DocumentAbout, subjectLine } from './blocks.ts';
import { DEFAULT_TIME_ZONE, type Formatter, formatterFor } from './format.ts';
import { grantDecisionsBlocks } from './grant-decisions.ts';
import type { Block, ReportLayout } from './layout.ts';
import { projectDescriptionBlocks } from './project-description.ts';
import { type ReviewNotes, reviewSection, withReviewMarks } from './review.ts';
import { summaryBlocks, unknownBlocks } from './summary.ts';

/** Name of the embedded report record, the PDF's machine-readable twin. */
export const RECORD_ATTACHMENT_NAME = 'report-record.json';

export interface LayoutOptions {
  language: Language;
  /** When the PDF is generated; printed in the footer. */
  generatedAt: Date;
  /** The IANA time zone every time is printed in, named beside it (default Europe/Helsinki). */
  timeZone?: string;
  /** When the document came in, where known: dates the title of a document without a project. */
  receivedAt?: Date;
  /**
   * The version's review, where it is a stored version: the record is then its effective record,
   * reviewed values are marked, and the report says who approved it, or that nobody has yet.
   */
  review?: ReviewNotes;
}

function titleOf(record: ReportRecord, f: Formatter, about: DocumentAbout): string {
  const s = f.strings;
  const { code, name } = record.project ?? {};
  switch (record.kind) {
    case 'project-description':
      return `${s.finalReport}: ${name ?? code ?? about.file}${name && code ? ` (${code})` : ''}`;
    case 'grant-decisions':
    case 'funding-call':
    case 'unknown':
      return `${s.kinds[record.kind]}: ${about.subject}${about.dated ? ` (${about.dated})` : ''}`;
    default:
      return `${s.summary}: ${about.subject}`;
  }
}

/** Lays a report record out as a final report in one language. Pure: no I/O, no clock. */
export function layoutFinalReport(record: ReportRecord, options: LayoutOptions): ReportLayout {
  const f = withReviewMarks(
    formatterFor(options.language, options.timeZone ?? DEFAULT_TIME_ZONE),
    options.review,
  );
  const s = f.strings;
  const p = record.project ?? {};
  const about = aboutDocument(record, f, options.receivedAt);
  const blocks: Block[] =
    record.kind === 'project-description'
      ? projectDescriptionBlocks(record, f)
      : record.kind === 'grant-decisions'
        ? grantDecisionsBlocks(record, f, about)
        : record.kind === 'unknown'
          ? unknownBlocks(record, f, about)
          : summaryBlocks(record, f, about);
  if (options.review) {
    // Right after the cover and its key figures, where a reader looks first.
    const at = blocks.findIndex((b) => b.type !== 'cover' && b.type !== 'key-figures');
    blocks.splice(at === -1 ? blocks.length : at, 0, reviewSection(options.review, f));
  }
  return {
    language: options.language,
    locale: s.locale,
    title: titleOf(record, f, about),
    subject: `${s.kinds[record.kind]} · ${subjectLine(record, about)}`,
    keywords: [p.code, p.fund, p.programme, s.kinds[record.kind]].filter(
      (k): k is string => k !== undefined,
    ),
    author: p.managingAuthority ?? p.beneficiary ?? 'eu-project-monitor',
    header: subjectLine(record, about),
    headerRight: record.kind === 'project-description' ? s.finalReport : s.summary,
    footer: s.generated(f.instant(options.generatedAt)),
    pageLabel: s.page,
    attachment: { name: RECORD_ATTACHMENT_NAME, description: s.attachmentDescription },
    blocks,
  };
}
