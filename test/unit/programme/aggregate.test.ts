import { describe, expect, it } from 'vitest';
import { ResultTooLargeError } from '../../../shared/errors.ts';
import {
  type ProgrammeDocument,
  programmeProjects,
  summariseProgramme,
  toHundredths,
} from '../../../shared/programme/aggregate.ts';
import {
  ANNEX_VII_MISSING,
  annexIndicatorTables,
  annexTable1,
  annexViiExport,
} from '../../../shared/programme/annex-vii.ts';
import { programmeFileNames, selectProgramme } from '../../../shared/programme/programme-report.ts';
import type { ReportRecord } from '../../../shared/schemas/report-record.ts';
import { validateRecord } from '../../../shared/schemas/report-record.ts';
import type { TableBlock } from '../../../templates/layout.ts';
import {
  layoutProgrammeReport,
  MAX_GROUP_ROWS,
} from '../../../templates/programme-report/layout.ts';

const AUTHORITY = 'Pirkanmaan liitto';
const selection = { managingAuthority: AUTHORITY, period: '2021-2027' };

let counter = 0;
function doc(
  record: Partial<ReportRecord> & Pick<ReportRecord, 'kind'>,
  receivedAt = '2026-03-01T10:00:00.000Z',
): ProgrammeDocument {
  counter += 1;
  const sha256 = counter.toString(16).padStart(64, '0');
  const full: ReportRecord = {
    checks: [],
    provenance: {},
    source: {
      key: `incoming/${counter}.txt`,
      sha256,
      bytes: 100,
      parser: 'test',
      parserVersion: '1',
    },
    ...record,
  };
  expect(validateRecord(full).success).toBe(true);
  const code = full.project?.code;
  return { sha256, receivedAt, record: full, ...(code ? { projectId: code } : {}) };
}

const project = (over: NonNullable<ReportRecord['project']>) => ({
  managingAuthority: AUTHORITY,
  programmingPeriod: '2021–2027',
  ...over,
});

describe('programmeProjects', () => {
  it('counts a project with a EURA export and a Kohesio page once, its figures from its own report', () => {
    const eura = doc({
      kind: 'project-description',
      project: project({
        code: 'A77892',
        name: 'Digikeskus',
        beneficiary: 'Viitasaaren kaupunki',
        businessId: '0208573-0',
        fund: 'ERDF',
      }),
      funding: { euAndStateGranted: 336123, euAndStateRealised: 319949 },
    });
    const page = doc({
      kind: 'project-page',
      project: {
        name: 'DIGIKESKUS',
        beneficiary: 'Viitasaaren kaupunki',
        businessId: '0208573-0',
        region: 'Keski-Suomi',
      },
      funding: { euAndStateGranted: 999999, totalBudget: 420153 },
    });

    const { projects } = programmeProjects([page, eura], selection);
    const summary = summariseProgramme(projects, selection, 2);

    expect(projects).toHaveLength(1);
    expect(projects[0]?.region).toBe('Keski-Suomi');
    expect(summary.totals.granted).toEqual({ hundredths: 33612300, stated: 1 });
    expect(summary.totals.totalBudget).toEqual({ hundredths: 42015300, stated: 1 });
    expect(summary.linkedDocuments).toBe(1);
  });

  it('keeps only the managing authority and period asked for, with the period written any way', () => {
    const ours = doc({
      kind: 'project-description',
      project: project({ code: 'P1', name: 'Yksi' }),
    });
    const otherAuthority = doc({
      kind: 'project-description',
      project: project({ code: 'P2', name: 'Kaksi', managingAuthority: 'Lapin liitto' }),
    });
    const otherPeriod = doc({
      kind: 'project-description',
      project: project({ code: 'P3', name: 'Kolme', programmingPeriod: '2014-2020' }),
    });
    const noPeriod = doc({
      kind: 'project-description',
      project: { code: 'P4', name: 'Neljä', managingAuthority: 'PIRKANMAAN LIITTO' },
    });

    const result = programmeProjects([ours, otherAuthority, otherPeriod, noPeriod], {
      managingAuthority: 'pirkanmaan liitto',
      period: '2021 - 2027',
    });

    expect(result.projects.map((p) => p.key)).toEqual(['P1']);
    expect(result.periodNotStated).toBe(1);
  });
});

describe('summariseProgramme', () => {
  it('sums to the cent where floating point would drift, and leaves unstated figures out of the count', () => {
    const docs = [0.1, 0.2, 0.3, undefined].map((realised, i) =>
      doc({
        kind: 'project-description',
        project: project({ code: `C${i}`, name: `Hanke ${i}`, fund: 'ESF+', priorityAxis: 'PA1' }),
        funding: realised === undefined ? {} : { euAndStateRealised: realised },
      }),
    );

    const { projects } = programmeProjects(docs, selection);
    const summary = summariseProgramme(projects, selection, docs.length);

    expect(0.1 + 0.2 + 0.3).not.toBe(0.6);
    expect(summary.totals.realised).toEqual({ hundredths: 60, stated: 3 });
    expect(summary.byFund).toEqual([expect.objectContaining({ group: 'ESF+', projects: 4 })]);
    expect(toHundredths(1532910.1)).toBe(153291010);
  });

  it("gives women's share from the projects that state both figures, and lists red flags by errors", () => {
    const docs = [
      doc({
        kind: 'project-description',
        project: project({ code: 'W1', name: 'Naiset' }),
        indicators: { jobsCreated: { realised: 10, realisedWomen: 4 } },
        checks: [{ id: 'women-over-total', severity: 'warning', message: 'x', fields: [] }],
      }),
      doc({
        kind: 'project-description',
        project: project({ code: 'W2', name: 'Miehet' }),
        indicators: { jobsCreated: { realised: 5 } },
        checks: [
          { id: 'realised-over-granted', severity: 'error', message: 'x', fields: [] },
          { id: 'non-euro-amount', severity: 'info', message: 'x', fields: [] },
        ],
      }),
    ];

    const { projects } = programmeProjects(docs, selection);
    const summary = summariseProgramme(projects, selection, docs.length);

    expect(summary.indicators.jobsCreated.realised).toEqual({ hundredths: 1500, stated: 2 });
    expect(summary.indicators.jobsCreated.womenOfRealised).toEqual({
      women: 400,
      total: 1000,
      projects: 1,
    });
    expect(summary.redFlags.map((r) => [r.key, r.checkIds])).toEqual([
      ['W2', ['realised-over-granted']],
      ['W1', ['women-over-total']],
    ]);
  });
});

describe('selectProgramme', () => {
  it('refuses a programme over the size limit with what to do', () => {
    const docs = ['L1', 'L2'].map((code) =>
      doc({ kind: 'project-description', project: project({ code, name: code }) }),
    );

    expect(() => selectProgramme(docs, selection, 1)).toThrow(ResultTooLargeError);
    expect(() => selectProgramme(docs, selection, 1)).toThrow(
      /2 projects; the limit is 1 projects\. Report one programming period/,
    );
  });
});

describe('layoutProgrammeReport', () => {
  it('sums the groups beyond the page limit into one row that keeps the total', () => {
    const docs = Array.from({ length: MAX_GROUP_ROWS + 5 }, (_, i) =>
      doc({
        kind: 'project-description',
        project: project({
          code: `R${i}`,
          name: `Alue ${i}`,
          region: `Alue ${String(i).padStart(2, '0')}`,
        }),
        funding: { euAndStateGranted: 1000.01 },
      }),
    );
    const { projects } = programmeProjects(docs, selection);
    const summary = summariseProgramme(projects, selection, docs.length);

    const layout = layoutProgrammeReport(summary, {
      language: 'en',
      generatedAt: new Date('2026-12-01T00:00:00Z'),
    });
    const tables = JSON.stringify(layout.blocks);
    const byRegion = (
      layout.blocks.flatMap((b) => (b.type === 'section' ? b.blocks : [])) as TableBlock[]
    ).find((b) => b.type === 'table' && b.caption === 'Funding by region');

    expect(byRegion?.rows).toHaveLength(MAX_GROUP_ROWS + 2);
    expect(byRegion?.rows.at(-2)?.[0]).toBe('Other groups (5)');
    expect(byRegion?.rows.at(-2)?.[3]).toBe('€5,000.05');
    expect(byRegion?.rows.at(-1)?.[3]).toBe('€45,000.45');
    expect(tables).toContain('5 more groups are summed in the last row');
  });

  it('prints every heading in the language asked for', () => {
    const summary = summariseProgramme([], selection, 0);

    const fi = layoutProgrammeReport(summary, { language: 'fi', generatedAt: new Date(0) });
    const sv = layoutProgrammeReport(summary, { language: 'sv', generatedAt: new Date(0) });

    expect(fi.title).toBe('Pirkanmaan liitto: ohjelmakausi 2021-2027');
    expect(sv.title).toBe('Pirkanmaan liitto: programperioden 2021-2027');
    expect(JSON.stringify(fi.blocks)).toContain('Rahoitus toimintalinjoittain');
    expect(JSON.stringify(sv.blocks)).toContain('Projekt med anmärkningar');
  });
});

describe('Annex VII export', () => {
  const docs = () => [
    doc({
      kind: 'project-description',
      project: project({
        code: 'X1',
        name: 'Yksi',
        fund: 'ERDF',
        priorityAxis: '=HYPERLINK("http://x")',
      }),
      funding: { totalBudget: 100.1, euAndStateGranted: 80.05, euAndStateRealised: 40 },
      indicators: {
        enterprisesCreated: { planned: 3, realised: 1 },
        jobsCreated: { planned: 2.5, realised: 1.2 },
      },
    }),
    doc({
      kind: 'project-description',
      project: project({
        code: 'X2',
        name: 'Kaksi',
        fund: 'ERDF',
        priorityAxis: '=HYPERLINK("http://x")',
      }),
      funding: { totalBudget: 0.2, publicPlanned: 0.1 },
    }),
  ];

  it('sums table 1 by priority and fund, and leaves what we do not hold empty', () => {
    const { projects } = programmeProjects(docs(), selection);

    const [row] = annexTable1(projects);

    expect(row).toMatchObject({
      fund: 'ERDF',
      operationsSelected: 2,
      totalEligibleCostSelected: 100.3,
      publicContributionSelected: 80.15,
      publicContributionDeclared: 40,
    });
    expect(row?.categoryOfRegion).toBeUndefined();
    expect(row?.totalEligibleExpenditureDeclared).toBeUndefined();
    expect(ANNEX_VII_MISSING).toContain('categoryOfRegion');
  });

  it('puts enterprises in the output table and jobs in the result table with their EU codes', () => {
    const { projects } = programmeProjects(docs(), selection);

    const rows = annexIndicatorTables(projects, '2021-2027');

    expect(rows.map((r) => [r.table, r.indicatorId, r.target2029, r.achievedSelected])).toEqual([
      ['3', 'RCO05', 3, 1],
      ['4', 'RCR01', 2.5, 1.2],
    ]);
  });

  it('neutralises text that would run as a formula in the CSV', async () => {
    const { projects } = programmeProjects(docs(), selection);

    const out = await annexViiExport(projects, '2021-2027');

    expect(out.table1Csv).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(out.table1Csv).not.toMatch(/(^|,)=HYPERLINK/m);
    expect(Buffer.from(out.xlsx).subarray(0, 2).toString('latin1')).toBe('PK');
  });
});

describe('reviews in the programme report', () => {
  it('sums the reviewed value and flags key figures no one has reviewed until approved', () => {
    const reviewed = doc({
      kind: 'project-description',
      project: project({ code: 'V1', name: 'Tarkistettu' }),
      funding: { euAndStateGranted: 1000, euAndStateRealised: 900 },
    });
    const by = 'reviewer-1';
    const at = '2026-11-01T10:00:00.000Z';
    const inReview = {
      ...reviewed,
      review: {
        status: 'in-review' as const,
        fields: {
          'funding.euAndStateGranted': {
            action: 'corrected' as const,
            value: 1200,
            previous: 1000,
            by,
            at,
            reason: 'decision',
          },
        },
      },
    };
    const approved = { ...inReview, review: { ...inReview.review, status: 'approved' as const } };

    const flagged = summariseProgramme(
      programmeProjects([inReview], selection).projects,
      selection,
      1,
    );
    const clean = summariseProgramme(
      programmeProjects([approved], selection).projects,
      selection,
      1,
    );

    expect(flagged.totals.granted.hundredths).toBe(120000);
    expect(flagged.redFlags).toEqual([
      expect.objectContaining({ key: 'V1', unreviewed: ['funding.euAndStateRealised'] }),
    ]);
    expect(clean.redFlags).toEqual([]);
  });
});

describe('programmeFileNames', () => {
  it('names the files by report, authority and period in plain ASCII', () => {
    expect(
      programmeFileNames({ managingAuthority: 'Österbottens förbund', period: '2021–2027' }, 'sv'),
    ).toEqual({
      pdf: 'programrapport-osterbottens-forbund-2021-2027.sv.pdf',
      xlsx: 'programrapport-osterbottens-forbund-2021-2027.sv.xlsx',
    });
  });
});
