import { layoutFinalReport } from '../../templates/final-report.ts';
import { effectiveRecord, type Review } from '../review/overlay.ts';
import type { Language, ReportRecord } from '../schemas/report-record.ts';
import type { ReportFonts } from './fonts.ts';
import { renderLayout } from './pdf-report.ts';

export interface RenderReportOptions {
  language: Language;
  /** Printed in the footer and written as the creation date: the PDF reads no clock. */
  generatedAt: Date;
  fonts: ReportFonts;
  compress?: boolean;
  /** The IANA time zone every time is printed in (default Europe/Helsinki). */
  timeZone?: string;
  /** When the document came in: dates the title of a document without a project. */
  receivedAt?: Date;
  /**
   * The stored version's review: the report then shows the effective values, marks the reviewed
   * ones, and says who approved it, or that nobody has yet.
   */
  review?: Review;
}

/**
 * The final-report PDF of one report record, with the record attached as JSON: as extracted,
 * with its review beside it where it has one (the contract's `review`).
 */
export function renderFinalReport(
  record: ReportRecord,
  options: RenderReportOptions,
): Promise<Buffer> {
  const { review } = options;
  const layout = layoutFinalReport(review ? effectiveRecord(record, review) : record, {
    language: options.language,
    generatedAt: options.generatedAt,
    ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }),
    ...(options.receivedAt === undefined ? {} : { receivedAt: options.receivedAt }),
    ...(review === undefined ? {} : { review }),
  });
  return renderLayout(layout, options.fonts, {
    generatedAt: options.generatedAt,
    attachment: Buffer.from(JSON.stringify(review ? { ...record, review } : record)),
    ...(options.compress === undefined ? {} : { compress: options.compress }),
  });
}
