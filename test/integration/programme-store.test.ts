import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryDeps } from '../../shared/api/queries.ts';
import { LOCAL_USER } from '../../shared/auth/users.ts';
import { type GeneratedReport, generateRecords } from '../../shared/load/generate.ts';
import { loadProjects } from '../../shared/load/load.ts';
import { renderProgrammeReport } from '../../shared/programme/programme-report.ts';
import { PROGRAMME_ROUTES } from '../../shared/programme/routes.ts';
import { writeProgrammeReport } from '../../shared/programme/scheduled.ts';
import { loadProgrammeDocuments } from '../../shared/programme/store.ts';
import { loadFonts } from '../../shared/rendering/fonts.ts';
import { ensureBucket, ensureTable } from '../../shared/storage/provision.ts';
import { startTestServices, type TestServices } from '../helpers/services.ts';

const GENERATED_AT = new Date('2026-12-01T10:00:00Z');

/** Each generated project's latest version, in the order they came in. */
function latestVersions(seed: number, projects: number): GeneratedReport[] {
  const latest = new Map<string, GeneratedReport>();
  for (const report of generateRecords({ seed, projects })) latest.set(report.projectId, report);
  return [...latest.values()];
}

function centsOf(reports: GeneratedReport[], pick: (r: GeneratedReport) => number | undefined) {
  return reports.reduce((sum, r) => {
    const value = pick(r);
    return value === undefined ? sum : sum + Math.round(value * 100);
  }, 0);
}

describe('the programme report from the store', () => {
  const SEED = 7;
  const STORED = 150;
  let services: TestServices;
  let deps: QueryDeps;

  beforeAll(async () => {
    const started = Date.now();
    services = await startTestServices();
    const up = Date.now();
    const table = `programme-${Date.now()}`;
    await ensureTable(services.ddb, table);
    const loaded = await loadProjects(services.ddb, table, { seed: SEED, projects: STORED });
    process.stderr.write(
      `programme-store test: services up in ${((up - started) / 1000).toFixed(1)} s, ${loaded.reports} reports loaded in ${loaded.seconds.toFixed(1)} s\n`,
    );
    deps = {
      ddb: services.ddb,
      s3: services.s3,
      table,
      inboxBucket: 'unused-inbox',
      outboxBucket: 'unused-outbox',
      urlSeconds: 60,
    };
  });

  afterAll(async () => {
    await services?.stop();
  });

  it('reads each project once from DynamoDB Local and gives the totals of the generated records', async () => {
    const generated = latestVersions(SEED, STORED);
    const counts = new Map<string, number>();
    for (const r of generated) {
      const key = `${r.record.project?.managingAuthority}|${r.record.project?.programmingPeriod}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const [busiest] = [...counts].sort((a, b) => b[1] - a[1]);
    const [authority = '', period = ''] = (busiest?.[0] ?? '').split('|');
    const ours = generated.filter(
      (r) =>
        r.record.project?.managingAuthority === authority &&
        r.record.project?.programmingPeriod === period,
    );

    const documents = await loadProgrammeDocuments(deps.ddb, deps.s3, deps.table);
    const stored = await renderProgrammeReport(
      documents,
      { managingAuthority: authority, period },
      { language: 'fi', generatedAt: GENERATED_AT, fonts: loadFonts() },
    );

    expect(documents).toHaveLength(STORED);
    expect(stored.summary.projects).toBe(ours.length);
    expect(stored.summary.totals.granted.hundredths).toBe(
      centsOf(ours, (r) => r.record.funding?.euAndStateGranted),
    );
    expect(stored.summary.totals.totalBudget.hundredths).toBe(
      centsOf(ours, (r) => r.record.funding?.totalBudget),
    );
    // Nobody has reviewed the generated reports: every project stating a key figure is flagged.
    const statesKeyFigure = (p: (typeof stored.projects)[number]) =>
      p.funding.granted !== undefined ||
      p.funding.realised !== undefined ||
      p.indicators.jobsCreated?.realised !== undefined ||
      p.indicators.enterprisesCreated?.realised !== undefined;
    expect(stored.projects.filter(statesKeyFigure).length).toBeGreaterThan(0);
    expect(stored.projects.every((p) => p.unreviewed.length > 0 === statesKeyFigure(p))).toBe(true);
  });

  it("answers a project's links and the Annex VII table 1 through the programme routes", async () => {
    const [first] = latestVersions(SEED, 1);
    const links = PROGRAMME_ROUTES.find((r) => r.path === '/projects/{code}/links');
    const annex = PROGRAMME_ROUTES.find((r) => r.path === '/programme/annex-vii/financial');
    const authority = first?.record.project?.managingAuthority ?? '';
    const period = first?.record.project?.programmingPeriod ?? '';

    const answer = (await links?.run(deps, {
      params: { code: first?.projectId },
      query: {},
      body: undefined,
      principal: LOCAL_USER,
    })) as { documents: unknown[]; project: string };
    const table = (await annex?.run(deps, {
      params: {},
      query: { authority, period },
      body: undefined,
      principal: LOCAL_USER,
    })) as { items: Array<Record<string, unknown>> };

    expect(answer.project).toBe(first?.projectId);
    expect(answer.documents).toHaveLength(1);
    expect(table.items.length).toBeGreaterThan(0);
    expect(table.items.every((row) => row.categoryOfRegion === undefined)).toBe(true);
  });

  it("writes the month's PDF and XLSX of one programme to the outbox, as the scheduled function does", async () => {
    const [first] = latestVersions(SEED, 1);
    const outbox = `programme-outbox-${Date.now()}`;
    await ensureBucket(services.s3, outbox);
    const event = {
      managingAuthority: first?.record.project?.managingAuthority ?? '',
      period: first?.record.project?.programmingPeriod ?? '',
      language: 'sv' as const,
    };

    const result = await writeProgrammeReport(
      { ...deps, outbox, fonts: loadFonts() },
      event,
      new Date('2027-01-01T03:00:00Z'),
    );

    expect(result.pdfKey).toMatch(
      /^programme-reports\/[a-z0-9-]+\/(?:2021-2027|2014-2020)\/2027-01\.sv\.pdf$/,
    );
    const pdf = await services.s3.send(
      new GetObjectCommand({ Bucket: outbox, Key: result.pdfKey }),
    );
    const xlsx = await services.s3.send(
      new GetObjectCommand({ Bucket: outbox, Key: result.xlsxKey }),
    );
    expect(pdf.ContentType).toBe('application/pdf');
    expect((await pdf.Body?.transformToString('latin1'))?.startsWith('%PDF-')).toBe(true);
    expect(xlsx.ContentType).toContain('spreadsheetml');
    expect(result.projects).toBeGreaterThan(0);
  });
});
