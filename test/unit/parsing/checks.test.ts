import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../shared/parsing/checks.ts';
import type { ReportRecord } from '../../../shared/schemas/report-record.ts';
import { extractFile, GENERALITY_DIR } from '../../helpers/fixtures.ts';

type Checked = Omit<ReportRecord, 'checks' | 'source'>;

function ids(record: Omit<Checked, 'provenance'>, hints = {}): string[] {
  return runChecks({ provenance: {}, ...record }, hints).map((c) => c.id);
}

const grants = (
  stated: number,
  amounts: number[],
  count?: number,
): Omit<Checked, 'provenance'> => ({
  kind: 'grant-decisions',
  awards: amounts.map((amount, i) => ({ recipient: `R${i}`, amount })),
  awardsStatedTotal: stated,
  ...(count === undefined ? {} : { awardsStatedCount: count }),
});

describe('runChecks', () => {
  it.each([
    ['stated award total equals the sum', grants(300, [100, 200]), []],
    ['stated award total differs from the sum', grants(350, [100, 200]), ['awards-total-mismatch']],
    ['stated award count equals the entries', grants(300, [100, 200], 2), []],
    [
      'stated award count differs from the entries',
      grants(300, [100, 200], 3),
      ['awards-count-mismatch'],
    ],
    [
      'co-financing rate matches contribution / budget',
      {
        kind: 'project-page',
        funding: { totalBudget: 1532910, euContribution: 350000, euCofinancingRate: 22.83 },
      },
      [],
    ],
    [
      'co-financing rate contradicts contribution / budget',
      {
        kind: 'project-page',
        funding: { totalBudget: 1000000, euContribution: 500000, euCofinancingRate: 70 },
      },
      ['cofinancing-rate-mismatch'],
    ],
    [
      'realised funding within the granted',
      {
        kind: 'project-description',
        funding: { euAndStateGranted: 336123, euAndStateRealised: 319949 },
      },
      [],
    ],
    [
      'realised funding above the granted',
      { kind: 'project-description', funding: { euAndStateGranted: 100, euAndStateRealised: 120 } },
      ['realised-exceeds-granted'],
    ],
    [
      'women within the total',
      {
        kind: 'project-description',
        indicators: {
          jobsCreated: { planned: 2, plannedWomen: 1, realised: 3.7, realisedWomen: 1.6 },
        },
      },
      [],
    ],
    [
      'women above the total',
      {
        kind: 'project-description',
        indicators: { jobsCreated: { planned: 2, realised: 2, realisedWomen: 3 } },
      },
      ['women-exceed-total'],
    ],
    [
      'end after start',
      { kind: 'project-page', project: { startDate: '2020-01-01', endDate: '2022-12-31' } },
      [],
    ],
    [
      'end before start',
      { kind: 'project-page', project: { startDate: '2020-01-01', endDate: '2019-12-31' } },
      ['end-before-start'],
    ],
    [
      'scores within 0..10',
      {
        kind: 'project-description',
        horizontal: { sustainability: { wellbeing: { direct: 0, indirect: 10 } } },
      },
      [],
    ],
    [
      'scores outside 0..10',
      {
        kind: 'project-description',
        horizontal: { sustainability: { wellbeing: { direct: 11, indirect: -1 } } },
      },
      ['score-out-of-range', 'score-out-of-range'],
    ],
    [
      'planned and realised jobs both stated',
      { kind: 'project-description', indicators: { jobsCreated: { planned: 2, realised: 3 } } },
      [],
    ],
    [
      'planned 0 but realised above 0',
      {
        kind: 'project-description',
        indicators: { enterprisesCreated: { planned: 0, realised: 1 } },
      },
      ['realised-without-plan'],
    ],
  ] as Array<[string, Omit<Checked, 'provenance'>, string[]]>)('%s', (_name, record, expected) => {
    expect(ids(record)).toEqual(expected);
  });

  it('allows the rounding that a stated total in millions implies, and no more', () => {
    const amounts = [4_000_000, 4_623_231];

    expect(ids(grants(8_620_000, amounts), { awardsStatedTotalTolerance: 5000 })).toEqual([]);
    expect(ids(grants(8_610_000, amounts), { awardsStatedTotalTolerance: 5000 })).toEqual([
      'awards-total-mismatch',
    ]);
  });

  it('flags jobs reported under a specific objective that does not collect them', () => {
    const record = {
      kind: 'project-description' as const,
      project: { specificObjective: '12.2. Tutkimus' },
      indicators: { jobsCreated: { planned: 0, realised: 0 } },
    };
    const hints = { jobsCollectedForObjectives: ['1.1', '2.1', '3.1'] };

    expect(ids(record, hints)).toEqual([]);
    expect(
      ids(
        {
          ...record,
          project: { specificObjective: '1.1. Pk-yritysten kasvu' },
          indicators: { jobsCreated: { planned: 3, realised: 4 } },
        },
        hints,
      ),
    ).toEqual([]);
    expect(
      ids({ ...record, indicators: { jobsCreated: { planned: 1, realised: 3.7 } } }, hints),
    ).toEqual(['jobs-not-collected']);
  });

  it('names the fields and the figures in each message', () => {
    const [finding] = runChecks({ provenance: {}, ...grants(350, [100, 200]) });

    expect(finding?.fields).toEqual(['awardsStatedTotal', 'awards']);
    expect(finding?.severity).toBe('error');
    expect(finding?.message).toContain('350 €');
    expect(finding?.message).toContain('300 €');
  });
});

describe('checks on extracted documents', () => {
  it.each([
    [
      'eura-fi-reordered-crlf.txt',
      ['end-before-start', 'score-out-of-range', 'realised-exceeds-granted'],
    ],
    ['eura-fi-ongoing-women-gt-total.txt', ['women-exceed-total']],
    ['decisions-sv-associations-total-mismatch.txt', ['awards-total-mismatch']],
  ])('%s reports its planted inconsistencies', (name, expected) => {
    const found = extractFile(join(GENERALITY_DIR, name)).checks.map((c) => c.id);

    expect(found).toEqual(expect.arrayContaining(expected));
  });

  it.each([
    'decisions-fi-ministry.txt',
    'decisions-fi-applied-vs-granted.txt',
    'decisions-en-ministry.txt',
    'kohesio-pl-erdf.txt',
    'eura-en-erdf-ongoing.txt',
  ])('%s is consistent and has no error findings', (name) => {
    const errors = extractFile(join(GENERALITY_DIR, name)).checks.filter(
      (c) => c.severity === 'error',
    );

    expect(errors).toEqual([]);
  });
});
