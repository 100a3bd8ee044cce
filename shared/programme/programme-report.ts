import { layoutProgrammeReport } from '../../templates/programme-report/layout.ts';
import { PROGRAMME_STRINGS } from '../../templates/programme-report/strings/index.ts';
import { type Sheet, toWorkbook } from '../api/formats.ts';
import { ResultTooLargeError } from '../errors.ts';
import type { ReportFonts } from '../rendering/fonts.ts';
import { renderLayout } from '../rendering/pdf-report.ts';
import type { Language } from '../schemas/report-record.ts';
import {
  type Amount,
  FUNDING_FIELDS,
  type FundingTotals,
  fromHundredths,
  INDICATOR_FIELDS,
  type ProgrammeDocument,
  type ProgrammeProject,
  type ProgrammeSelection,
  type ProgrammeSummary,
  programmeProjects,
  summariseProgramme,
} from './aggregate.ts';

/** Projects one programme report covers; beyond it the report is refused with what to do. */
export const MAX_PROGRAMME_PROJECTS = 250_000;

export interface ProgrammeReportOptions {
  language: Language;
  /** Printed in the footer and written as the creation date: the PDF reads no clock. */
  generatedAt: Date;
  fonts: ReportFonts;
  timeZone?: string;
  compress?: boolean;
  maxProjects?: number;
}

export interface ProgrammeReport {
  summary: ProgrammeSummary;
  projects: ProgrammeProject[];
  pdf: Buffer;
  xlsx: Uint8Array;
  /** Milliseconds spent on each step, for the cost table. */
  timings: { aggregateMs: number; pdfMs: number; xlsxMs: number };
}

const euros = (a: Amount) => (a.stated === 0 ? undefined : fromHundredths(a.hundredths));

function fundingRow(kind: string, group: string, t: FundingTotals) {
  return [
    kind,
    group,
    t.projects,
    ...FUNDING_FIELDS.flatMap((field) => [euros(t[field]), t[field].stated]),
  ];
}

/** The workbook: every group, every indicator, every project (once) and every red flag. */
export function programmeSheets(summary: ProgrammeSummary, projects: ProgrammeProject[]): Sheet[] {
  const fundingColumns = [
    'grouping',
    'group',
    'projects',
    ...FUNDING_FIELDS.flatMap((f) => [f, `${f}Stated`]),
  ];
  return [
    {
      name: 'funding',
      columns: fundingColumns,
      rows: [
        fundingRow('programme', 'all', summary.totals),
        ...summary.byFund.map((g) => fundingRow('fund', g.group, g)),
        ...summary.byPriorityAxis.map((g) => fundingRow('priorityAxis', g.group, g)),
        ...summary.byRegion.map((g) => fundingRow('region', g.group, g)),
      ],
    },
    {
      name: 'indicators',
      columns: [
        'indicator',
        ...INDICATOR_FIELDS.flatMap((f) => [f, `${f}Stated`]),
        'womenShareOfRealisedPercent',
        'womenShareProjects',
      ],
      rows: Object.entries(summary.indicators).map(([key, t]) => [
        key,
        ...INDICATOR_FIELDS.flatMap((f) => [euros(t[f]), t[f].stated]),
        t.womenOfRealised.total === 0
          ? undefined
          : Math.round((t.womenOfRealised.women / t.womenOfRealised.total) * 1000) / 10,
        t.womenOfRealised.projects,
      ]),
    },
    {
      name: 'horizontal',
      columns: [
        'item',
        'yes',
        'no',
        'notStated',
        'directSum',
        'directStated',
        'indirectSum',
        'indirectStated',
      ],
      rows: [
        ...Object.entries(summary.gender).map(([key, c]) => [key, c.yes, c.no, c.notStated]),
        ...summary.sustainability.map((s) => [
          s.key,
          undefined,
          undefined,
          undefined,
          euros(s.direct),
          s.direct.stated,
          euros(s.indirect),
          s.indirect.stated,
        ]),
      ],
    },
    {
      name: 'projects',
      columns: [
        'project',
        'code',
        'name',
        'fund',
        'priorityAxis',
        'region',
        ...FUNDING_FIELDS,
        'jobsPlanned',
        'jobsRealised',
        'enterprisesPlanned',
        'enterprisesRealised',
        'documents',
        'errors',
        'warnings',
        'unreviewedKeyFigures',
      ],
      rows: projects.map((p) => [
        p.key,
        p.code,
        p.name,
        p.fund,
        p.priorityAxis,
        p.region,
        ...FUNDING_FIELDS.map((f) => p.funding[f]),
        p.indicators.jobsCreated?.planned,
        p.indicators.jobsCreated?.realised,
        p.indicators.enterprisesCreated?.planned,
        p.indicators.enterprisesCreated?.realised,
        p.documents.length,
        p.errors,
        p.warnings,
        p.unreviewed.join(' '),
      ]),
    },
    {
      name: 'red flags',
      columns: ['project', 'name', 'errors', 'warnings', 'checks', 'unreviewedKeyFigures'],
      rows: summary.redFlags.map((r) => [
        r.key,
        r.name,
        r.errors,
        r.warnings,
        r.checkIds.join(' '),
        r.unreviewed.join(' '),
      ]),
    },
  ];
}

/** The projects of a programme, each once, or a clear refusal when there are too many. */
export function selectProgramme(
  documents: ProgrammeDocument[],
  selection: ProgrammeSelection,
  maxProjects = MAX_PROGRAMME_PROJECTS,
): { projects: ProgrammeProject[]; periodNotStated: number } {
  const { projects, periodNotStated } = programmeProjects(documents, selection);
  if (projects.length > maxProjects)
    throw new ResultTooLargeError(
      `programme report of ${selection.managingAuthority} ${selection.period}`,
      `${projects.length} projects`,
      `${maxProjects} projects`,
      'Report one programming period or managing authority at a time, or raise the limit (--max-projects).',
    );
  return { projects, periodNotStated };
}

/** The programme report as PDF (final-report fonts and theme) and XLSX, every sum exact. */
export async function renderProgrammeReport(
  documents: ProgrammeDocument[],
  selection: ProgrammeSelection,
  options: ProgrammeReportOptions,
): Promise<ProgrammeReport> {
  const started = performance.now();
  const { projects, periodNotStated } = selectProgramme(documents, selection, options.maxProjects);
  const summary = summariseProgramme(projects, selection, documents.length, periodNotStated);
  const aggregated = performance.now();
  const layout = layoutProgrammeReport(summary, {
    language: options.language,
    generatedAt: options.generatedAt,
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
  });
  const pdf = await renderLayout(layout, options.fonts, {
    generatedAt: options.generatedAt,
    attachment: Buffer.from(JSON.stringify(summary)),
    ...(options.compress === undefined ? {} : { compress: options.compress }),
  });
  const rendered = performance.now();
  const xlsx = await toWorkbook(programmeSheets(summary, projects));
  return {
    summary,
    projects,
    pdf,
    xlsx,
    timings: {
      aggregateMs: aggregated - started,
      pdfMs: rendered - aggregated,
      xlsxMs: performance.now() - rendered,
    },
  };
}

/** File names of a programme report: `<authority>-<period>.<lang>.pdf` and `.xlsx`. */
export function programmeFileNames(selection: ProgrammeSelection, language: Language) {
  const base =
    `${PROGRAMME_STRINGS[language].eyebrow}-${selection.managingAuthority}-${selection.period}`
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase()
      .slice(0, 120);
  return { pdf: `${base}.${language}.pdf`, xlsx: `${base}.${language}.xlsx` };
}
