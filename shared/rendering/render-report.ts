import { layoutFinalReport } from '../../templates/final-report.ts';
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
}

/** The final-report PDF of one report record, with the record attached as JSON. */
export function renderFinalReport(
  record: ReportRecord,
  options: RenderReportOptions,
): Promise<Buffer> {
  const layout = layoutFinalReport(record, {
    language: options.language,
    generatedAt: options.generatedAt,
    ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }),
    ...(options.receivedAt === undefined ? {} : { receivedAt: options.receivedAt }),
  });
  return renderLayout(layout, options.fonts, {
    generatedAt: options.generatedAt,
    attachment: Buffer.from(JSON.stringify(record)),
    ...(options.compress === undefined ? {} : { compress: options.compress }),
  });
}
