import { describe, expect, it } from 'vitest';
import { generateRecords } from '../../../shared/load/generate.ts';
import { FundingTally, ProgrammeReader } from '../../../shared/load/programme.ts';

describe('ProgrammeReader', () => {
  const all = [...generateRecords({ seed: 5, projects: 300 })];

  it('reads every report once, in order, stopping before the project after each size', () => {
    const reader = new ProgrammeReader(all);
    const first = [...reader.upTo(120)];
    expect(reader.projects).toBe(120);
    expect(new Set(first.map((r) => r.projectId)).size).toBe(120);
    // The next report is the first version of project 121.
    const rest = [...reader.next(7, 300), ...reader.upTo(300)];
    expect(rest[0]?.versionNumber).toBe(1);
    expect([...first, ...rest]).toEqual(all);
    expect(reader.projects).toBe(300);
    expect(reader.reports).toBe(all.length);
    expect(reader.done).toBe(true);
    expect([...reader.upTo(400)]).toEqual([]);
  });

  it('gives at most the number of reports asked for, in steps that add up', () => {
    const reader = new ProgrammeReader(all);
    const steps: number[] = [];
    for (;;) {
      const step = [...reader.next(40, 200)];
      if (step.length === 0) break;
      steps.push(step.length);
    }
    expect(steps.every((n) => n <= 40)).toBe(true);
    expect(reader.projects).toBe(200);
    const firstOf201 = all.filter((r) => r.versionNumber === 1)[200];
    expect(steps.reduce((a, b) => a + b, 0)).toBe(all.indexOf(firstOf201 as (typeof all)[number]));
    expect(reader.done).toBe(false);
  });
});

describe('FundingTally', () => {
  it("counts each project's latest stated value once, in cents", () => {
    const reports = [...generateRecords({ seed: 9, projects: 400 })];
    const tally = new FundingTally('totalBudget');
    // Passed on unchanged, and in any order: a later version replaces an earlier one.
    expect([...tally.tap([...reports].reverse())]).toEqual([...reports].reverse());
    const latest = new Map<string, number | undefined>();
    for (const r of reports) latest.set(r.projectId, r.record.funding?.totalBudget);
    const stated = [...latest.values()].filter((v): v is number => v !== undefined);
    expect(tally.total()).toEqual({
      count: stated.length,
      sumCents: stated.reduce((sum, v) => sum + BigInt(Math.round(v * 100)), 0n),
    });
    expect(stated.length).toBeGreaterThan(300);
  });

  it('leaves out a project whose latest version no longer states the field', () => {
    const [first] = [...generateRecords({ seed: 9, projects: 1 })];
    if (!first) throw new Error('no report');
    const later = {
      ...first,
      receivedAt: '2099-01-01T00:00:00.000Z',
      versionNumber: 2,
      record: { ...first.record, funding: {} },
    };
    const tally = new FundingTally('euContribution');
    tally.add(first);
    expect(tally.total().count).toBe(first.record.funding?.euContribution === undefined ? 0 : 1);
    tally.add(later);
    expect(tally.total()).toEqual({ count: 0, sumCents: 0n });
  });
});
