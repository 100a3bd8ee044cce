import { describe, expect, it } from 'vitest';
import { generateRecords } from '../../../shared/load/generate.ts';
import { projectIdOf } from '../../../shared/pipeline/project-id.ts';
import { FUNDS, ReportRecordSchema } from '../../../shared/schemas/report-record.ts';

describe('generateRecords', () => {
  const reports = [...generateRecords({ seed: 42, projects: 400 })];

  it('gives the same records for the same seed, and others for another seed', () => {
    expect(JSON.stringify([...generateRecords({ seed: 42, projects: 400 })])).toBe(
      JSON.stringify(reports),
    );
    expect(reports[0]?.record.source.sha256).not.toBe(
      [...generateRecords({ seed: 43, projects: 1 })][0]?.record.source.sha256,
    );
  });

  it('gives records the schema accepts, each about its project, with unique content hashes', () => {
    for (const { record, projectId } of reports) {
      expect(ReportRecordSchema.safeParse(record).success).toBe(true);
      expect(projectIdOf(record)).toBe(projectId);
    }
    expect(new Set(reports.map((r) => r.record.source.sha256)).size).toBe(reports.length);
  });

  it('mixes languages, funds, periods, kinds, new versions and check findings', () => {
    const seen = (f: (r: (typeof reports)[number]) => unknown) => new Set(reports.map(f));
    expect(seen((r) => r.record.language)).toEqual(new Set(['fi', 'sv', 'en']));
    expect(seen((r) => r.record.project?.programmingPeriod)).toEqual(
      new Set(['2014-2020', '2021-2027']),
    );
    expect([...seen((r) => r.record.project?.fund)].every((f) => FUNDS.includes(f as never))).toBe(
      true,
    );
    expect(seen((r) => r.record.kind).size).toBe(3);
    expect(new Set(reports.map((r) => r.projectId)).size).toBe(400);
    const second = reports.filter((r) => r.versionNumber === 2);
    expect(second.length).toBeGreaterThan(10);
    for (const r of second) {
      const first = reports.find((f) => f.projectId === r.projectId && f.versionNumber === 1);
      expect(first && first.receivedAt < r.receivedAt).toBe(true);
    }
    expect(reports.filter((r) => r.record.checks.length > 0).length).toBeGreaterThan(5);
  });

  it('states money in euros with at most two decimals', () => {
    for (const { record } of reports) {
      for (const value of Object.values(record.funding ?? {})) {
        if (typeof value === 'number') expect(Math.round(value * 100) / 100).toBe(value);
      }
    }
  });
});
