import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { slug } from '../pipeline/project-id.ts';
import type { ReportFonts } from '../rendering/fonts.ts';
import { LanguageSchema } from '../schemas/report-record.ts';
import * as z from '../schemas/zod.ts';
import { PROGRAMME_REPORTS_PREFIX, putReportFile, XLSX_CONTENT_TYPE } from './outbox.ts';
import { renderProgrammeReport } from './programme-report.ts';
import { loadProgrammeDocuments } from './store.ts';

/** What the monthly schedule sends: one programme to report on. */
export const ProgrammeReportEventSchema = z.object({
  managingAuthority: z.string().check(z.minLength(1), z.maxLength(300)),
  period: z.string().check(z.regex(/^\d{4}\s*[-–]\s*\d{4}$/)),
  language: LanguageSchema,
});
export type ProgrammeReportEvent = z.infer<typeof ProgrammeReportEventSchema>;

export interface ScheduledDeps {
  ddb: DynamoDBClient;
  s3: S3Client;
  table: string;
  outbox: string;
  fonts: ReportFonts;
  timeZone?: string | undefined;
}

export interface ScheduledResult {
  pdfKey: string;
  xlsxKey: string;
  projects: number;
  redFlags: number;
}

/** `programme-reports/<authority>/<period>/<yyyy-mm>.<lang>.pdf`: one report a month. */
export function programmeReportKeys(event: ProgrammeReportEvent, at: Date) {
  const month = at.toISOString().slice(0, 7);
  const base = `${PROGRAMME_REPORTS_PREFIX}${slug(event.managingAuthority)}/${event.period.replace(/\s/g, '')}/${month}.${event.language}`;
  return { pdfKey: `${base}.pdf`, xlsxKey: `${base}.xlsx` };
}

/** Renders one programme's report from the table and writes its PDF and XLSX to the outbox. */
export async function writeProgrammeReport(
  deps: ScheduledDeps,
  event: ProgrammeReportEvent,
  now: Date,
): Promise<ScheduledResult> {
  const documents = await loadProgrammeDocuments(deps.ddb, deps.s3, deps.table);
  const report = await renderProgrammeReport(
    documents,
    { managingAuthority: event.managingAuthority, period: event.period },
    {
      language: event.language,
      generatedAt: now,
      fonts: deps.fonts,
      ...(deps.timeZone ? { timeZone: deps.timeZone } : {}),
    },
  );
  const keys = programmeReportKeys(event, now);
  await putReportFile(deps.s3, deps.outbox, keys.pdfKey, report.pdf, 'application/pdf');
  await putReportFile(deps.s3, deps.outbox, keys.xlsxKey, report.xlsx, XLSX_CONTENT_TYPE);
  return { ...keys, projects: report.summary.projects, redFlags: report.summary.redFlags.length };
}
