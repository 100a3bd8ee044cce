import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GeneratedReport, generateRecords } from '../../shared/load/generate.ts';
import type { ProgrammeDocument } from '../../shared/programme/aggregate.ts';
import { normaliseBusinessId } from '../../shared/programme/links.ts';
import { renderProgrammeReport } from '../../shared/programme/programme-report.ts';
import { loadFonts } from '../../shared/rendering/fonts.ts';
import { formatterFor } from '../../templates/format.ts';
import { pdfInfo, pdfText, scratch } from '../helpers/pdf-tools.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ARTIFACTS = join(ROOT, 'artifacts', 'programme-report');
const PROJECTS = 10_000;
const AUTHORITY = 'Testimaakunnan liitto';
const PERIOD = '2021-2027';
const GENERATED_AT = new Date('2026-12-01T10:00:00Z');

const work = scratch('epm-programme-');
afterAll(() => work.drop());

/** Each generated project's latest version, in the order they came in. */
function latestVersions(seed: number, projects: number): GeneratedReport[] {
  const latest = new Map<string, GeneratedReport>();
  for (const report of generateRecords({ seed, projects })) latest.set(report.projectId, report);
  return [...latest.values()];
}

const toDocument = (r: GeneratedReport): ProgrammeDocument => ({
  sha256: r.record.source.sha256,
  projectId: r.projectId,
  receivedAt: r.receivedAt,
  record: r.record,
});

/** Cents of a field summed straight from the records, as a check on the report's own sums. */
function centsOf(reports: GeneratedReport[], pick: (r: GeneratedReport) => number | undefined) {
  return reports.reduce((sum, r) => {
    const value = pick(r);
    return value === undefined ? sum : sum + Math.round(value * 100);
  }, 0);
}

/** The n-th valid Finnish business id (the generator's carry no valid check digit). */
function validBusinessId(n: number): string {
  for (let body = 1_000_000 + n * 3; ; body++) {
    const digits = String(body).padStart(7, '0');
    const sum = [...digits].reduce(
      (s, d, i) => s + Number(d) * ([7, 9, 10, 5, 8, 4, 2][i] ?? 0),
      0,
    );
    if (sum % 11 !== 1) return `${digits}-${sum % 11 === 0 ? 0 : 11 - (sum % 11)}`;
  }
}

const whitespace = (text: string) => text.replace(/[\s\u00a0\u202f]+/g, ' ');

describe('the programme report of a generated 10,000-project programme', () => {
  // One programme: every generated project under the same managing authority and period.
  const reports = latestVersions(18, PROJECTS).map((r, i) => ({
    ...r,
    record: {
      ...r.record,
      project: {
        ...r.record.project,
        managingAuthority: AUTHORITY,
        programmingPeriod: PERIOD,
        businessId: validBusinessId(i),
      },
    },
  }));
  // A public page about every twentieth project whose name and beneficiary no other project
  // shares and whose business id is valid: it restates the granted figure and a stale budget, and is linked, not counted again.
  const nameCount = new Map<string, number>();
  for (const r of reports) {
    const key = `${r.record.project?.name}|${r.record.project?.beneficiary}`;
    nameCount.set(key, (nameCount.get(key) ?? 0) + 1);
  }
  const pages: ProgrammeDocument[] = reports
    .filter(
      (r, i) =>
        i % 20 === 0 &&
        nameCount.get(`${r.record.project?.name}|${r.record.project?.beneficiary}`) === 1,
    )
    .map((r) => ({
      sha256: `page-${r.record.source.sha256}`,
      projectId: `name:${r.projectId}`,
      receivedAt: new Date(Date.parse(r.receivedAt) - 86_400_000).toISOString(),
      record: {
        ...r.record,
        kind: 'project-page',
        project: {
          name: r.record.project?.name ?? '',
          ...(r.record.project?.beneficiary ? { beneficiary: r.record.project.beneficiary } : {}),
          ...(r.record.project?.businessId ? { businessId: r.record.project.businessId } : {}),
        },
        funding: {
          ...(r.record.funding?.euAndStateGranted === undefined
            ? {}
            : { euAndStateGranted: r.record.funding.euAndStateGranted }),
          totalBudget: (r.record.funding?.totalBudget ?? 0) + 1_000,
        },
        checks: [],
      },
    }));
  const grantedCents = centsOf(reports, (r) => r.record.funding?.euAndStateGranted);
  const budgetCents = centsOf(reports, (r) => r.record.funding?.totalBudget);
  const realisedCents = centsOf(
    reports,
    (r) => r.record.funding?.euAndStateRealised ?? r.record.funding?.publicRealised,
  );
  let report: Awaited<ReturnType<typeof renderProgrammeReport>>;
  let pdfPath = '';

  beforeAll(async () => {
    report = await renderProgrammeReport(
      [...reports.map(toDocument), ...pages],
      { managingAuthority: AUTHORITY, period: PERIOD },
      { language: 'en', generatedAt: GENERATED_AT, fonts: loadFonts(), compress: false },
    );
    pdfPath = work.write('programme.en.pdf', report.pdf);
  });

  it('counts each project once, its figures from its own report, and sums them to the cent', () => {
    expect(report.summary.projects).toBe(PROJECTS);
    expect(pages.length).toBeGreaterThan(350);
    expect(pages.every((p) => normaliseBusinessId(p.record.project?.businessId ?? ''))).toBe(true);
    expect(report.summary.linkedDocuments).toBe(pages.length);
    expect(report.summary.totals.totalBudget.hundredths).toBe(budgetCents);
    expect(report.summary.totals.granted.hundredths).toBe(grantedCents);
    expect(report.summary.totals.realised.hundredths).toBe(realisedCents);
  });

  it('renders a PDF whose pages and printed totals match an independent sum', () => {
    const pageCount = Number(pdfInfo(pdfPath).Pages);
    const text = whitespace(pdfText(pdfPath));
    const f = formatterFor('en');

    expect(pageCount).toBeGreaterThanOrEqual(8);
    expect(pageCount).toBeLessThanOrEqual(40);
    expect(text).toContain(`EU and state granted ${whitespace(f.money(grantedCents / 100))}`);
    expect(text).toContain(`EU and state realised ${whitespace(f.money(realisedCents / 100))}`);
    expect(text).toContain(
      `10,000 projects from ${f.number(PROJECTS + pages.length)} documents; ${f.number(pages.length)} documents were about a project already counted`,
    );
    expect(text).toMatch(/\d[\d,]* more projects with findings are listed in the XLSX file/);
  });

  it('converts every page to PNG for people to look at', () => {
    rmSync(ARTIFACTS, { recursive: true, force: true });
    mkdirSync(ARTIFACTS, { recursive: true });

    execFileSync('pdftoppm', ['-r', '50', '-png', pdfPath, join(ARTIFACTS, 'page')]);

    const pngs = readdirSync(ARTIFACTS).filter((n) => n.endsWith('.png'));
    expect(pngs).toHaveLength(Number(pdfInfo(pdfPath).Pages));
  });

  it('writes an XLSX that opens, lists every project once and sums to the same cents', async () => {
    const XLSX = await import('@e965/xlsx');

    const book = XLSX.read(report.xlsx, { type: 'buffer' });
    const funding = XLSX.utils.sheet_to_json<Record<string, unknown>>(book.Sheets.funding ?? {});
    const projects = XLSX.utils.sheet_to_json<Record<string, unknown>>(book.Sheets.projects ?? {});

    expect(book.SheetNames).toEqual([
      'funding',
      'indicators',
      'horizontal',
      'projects',
      'red flags',
    ]);
    const all = funding.find((r) => r.grouping === 'programme');
    expect(Math.round(Number(all?.granted) * 100)).toBe(grantedCents);
    expect(projects).toHaveLength(PROJECTS);
    const cents = projects.reduce(
      (s, r) => s + (r.granted === undefined ? 0 : Math.round(Number(r.granted) * 100)),
      0,
    );
    expect(cents).toBe(grantedCents);
    const byFund = funding.filter((r) => r.grouping === 'fund');
    expect(byFund.reduce((s, r) => s + Math.round(Number(r.granted ?? 0) * 100), 0)).toBe(
      grantedCents,
    );
  });
});
