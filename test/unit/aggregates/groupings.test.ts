import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toUnits } from '../../../shared/aggregates/fixed-point.ts';
import {
  addToCell,
  type CellState,
  cellFigures,
  cellsOf,
  computeCells,
  contributionOf,
  extremesOf,
  GROUPINGS,
  removeFromCell,
  sameContribution,
} from '../../../shared/aggregates/groupings.ts';

const cellOf = (values: bigint[]): CellState | undefined =>
  values.reduce<CellState | undefined>((cell, v) => addToCell(cell, v), undefined);

describe('aggregate cells', () => {
  it('keeps sum, count, minimum and maximum and how many equal each', () => {
    const cell = cellOf([3n, 1n, 5n, 1n, 5n, 5n]);
    expect(cell).toEqual({ sum: 20n, count: 6, min: 1n, max: 5n, minCount: 2, maxCount: 3 });
  });

  it('takes out one of several equal extremes without looking the others up', () => {
    const cell = cellOf([1n, 1n, 4n]) as CellState;
    expect(removeFromCell(cell, 1n)).toEqual({
      cell: { sum: 5n, count: 2, min: 1n, max: 4n, minCount: 1, maxCount: 1 },
      extremesLost: false,
    });
    expect(removeFromCell(cell, 4n).extremesLost).toBe(true);
    expect(removeFromCell(cellOf([7n]) as CellState, 7n)).toEqual({
      cell: undefined,
      extremesLost: false,
    });
  });

  it('equals a recomputation after any adds and removes, once lost extremes are found again', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 40 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (values, removals) => {
          const left = values.map(BigInt);
          let cell = cellOf(left);
          for (const r of removals) {
            if (!cell || left.length === 0) break;
            const [value] = left.splice(r % left.length, 1) as [bigint];
            const out = removeFromCell(cell, value);
            cell = out.cell;
            if (cell && out.extremesLost) cell = { ...cell, ...extremesOf(left) };
          }
          expect(cell).toEqual(cellOf(left));
        },
      ),
    );
  });

  it('gives the figures the API answers with: the exact sum rounded to the cent', () => {
    const cell = cellOf(Array.from({ length: 1000 }, () => toUnits(0.01))) as CellState;
    expect(cellFigures(cell)).toEqual({ sum: 10, count: 1000, min: 0.01, max: 0.01 });
  });
});

describe('contributions', () => {
  const item = {
    value: 12.5,
    region: 'Lappi',
    fund: 'ERDF',
    programmingPeriod: '2021-2027',
    status: 'ongoing',
  };

  it('counts a value once in every grouping, unstated groups included', () => {
    const cells = cellsOf('funding.totalBudget', contributionOf(item));
    expect(cells.map((c) => c.grouping)).toEqual([...GROUPINGS]);
    expect(cells.find((c) => c.grouping === 'all')?.group).toBe('all');
    expect(cells.find((c) => c.grouping === 'region')?.group).toBe('Lappi');
    expect(cells.find((c) => c.grouping === 'programme')?.group).toBeUndefined();
  });

  it('tells a new value or a new group from the same contribution', () => {
    const c = contributionOf(item);
    expect(sameContribution(c, contributionOf({ ...item }))).toBe(true);
    expect(sameContribution(c, contributionOf({ ...item, value: 12.51 }))).toBe(false);
    expect(sameContribution(c, contributionOf({ ...item, status: 'ended' }))).toBe(false);
    expect(sameContribution(c, undefined)).toBe(false);
  });

  it('computes every aggregate of a set of contributions from scratch', () => {
    const cells = computeCells([
      { path: 'p', contribution: contributionOf(item) },
      { path: 'p', contribution: contributionOf({ ...item, value: 7.5, region: 'Kainuu' }) },
    ]);
    expect(cells.size).toBe(GROUPINGS.length + 1);
    const fund = [...cells.values()].find((c) => c.cell.grouping === 'fund');
    expect(fund?.state).toEqual(cellOf([toUnits(12.5), toUnits(7.5)]));
  });
});
