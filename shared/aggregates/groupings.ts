import { roundUnits, toUnits, unitsToNumber } from './fixed-point.ts';

/**
 * The groupings every indicator and funding field is kept by: one aggregate item per (field,
 * grouping, group). `all` has one group, every project, and answers a query without `groupBy`.
 */
export const GROUPINGS = [
  'all',
  'region',
  'fund',
  'programme',
  'priorityAxis',
  'managingAuthority',
  'programmingPeriod',
  'status',
] as const;
export type Grouping = (typeof GROUPINGS)[number];

/** The API's `groupBy` names (and filter names) for each grouping. */
export const GROUP_BY_GROUPING = {
  region: 'region',
  fund: 'fund',
  programme: 'programme',
  axis: 'priorityAxis',
  authority: 'managingAuthority',
  period: 'programmingPeriod',
  status: 'status',
} as const satisfies Record<string, Exclude<Grouping, 'all'>>;
export type GroupByName = keyof typeof GROUP_BY_GROUPING;

/** The group of a project whose document does not state the grouping's field. */
export const NOT_STATED = 'not stated';
/** The one group of the `all` grouping. */
export const ALL_GROUP = 'all';

/** What one project's value of one field adds to the aggregates: the value and its groups. */
export interface Contribution {
  /** Millionths (see fixed-point.ts). */
  value: bigint;
  /** The project's group in each grouping; undefined where the document does not state it. */
  groups: Record<Exclude<Grouping, 'all'>, string | undefined>;
}

/** The facets an indicator item carries, as `moveLatest` writes them. */
export interface IndicatorFacets {
  value: number | string;
  region?: string | undefined;
  fund?: string | undefined;
  programme?: string | undefined;
  priorityAxis?: string | undefined;
  managingAuthority?: string | undefined;
  programmingPeriod?: string | undefined;
  status?: string | undefined;
}

export function contributionOf(item: IndicatorFacets): Contribution {
  return {
    value: toUnits(item.value),
    groups: {
      region: item.region,
      fund: item.fund,
      programme: item.programme,
      priorityAxis: item.priorityAxis,
      managingAuthority: item.managingAuthority,
      programmingPeriod: item.programmingPeriod,
      status: item.status,
    },
  };
}

export function sameContribution(a: Contribution | undefined, b: Contribution | undefined) {
  if (a === undefined || b === undefined) return a === b;
  if (a.value !== b.value) return false;
  return GROUPINGS.every((g) => g === 'all' || a.groups[g] === b.groups[g]);
}

/** One aggregate: a field's figures in one group of one grouping. */
export interface CellRef {
  path: string;
  grouping: Grouping;
  /** Undefined for the projects that do not state the grouping's field. */
  group: string | undefined;
}

export function cellsOf(path: string, c: Contribution): CellRef[] {
  return GROUPINGS.map((grouping) => ({
    path,
    grouping,
    group: grouping === 'all' ? ALL_GROUP : c.groups[grouping],
  }));
}

/** A stable text key of a cell, for maps (never stored). */
export function cellId(cell: CellRef): string {
  return JSON.stringify([cell.path, cell.grouping, cell.group ?? null]);
}

/**
 * The figures of one aggregate, exact. `minCount` and `maxCount` count the contributions equal
 * to the minimum and maximum, so removing one of several equal extremes needs no look-up.
 */
export interface CellState {
  sum: bigint;
  count: number;
  min: bigint;
  max: bigint;
  minCount: number;
  maxCount: number;
}

/** Adds one value to a cell (a new cell when there is none). */
export function addToCell(cell: CellState | undefined, value: bigint): CellState {
  if (!cell || cell.count === 0) {
    return { sum: value, count: 1, min: value, max: value, minCount: 1, maxCount: 1 };
  }
  const next = { ...cell, sum: cell.sum + value, count: cell.count + 1 };
  if (value < cell.min) Object.assign(next, { min: value, minCount: 1 });
  else if (value === cell.min) next.minCount += 1;
  if (value > cell.max) Object.assign(next, { max: value, maxCount: 1 });
  else if (value === cell.max) next.maxCount += 1;
  return next;
}

/**
 * Takes one value out of a cell. Returns the cell (undefined once empty) and whether its
 * minimum or maximum went with it and must be found again among the remaining contributions.
 */
export function removeFromCell(
  cell: CellState,
  value: bigint,
): { cell: CellState | undefined; extremesLost: boolean } {
  if (cell.count <= 1) return { cell: undefined, extremesLost: false };
  const next = { ...cell, sum: cell.sum - value, count: cell.count - 1 };
  let lost = false;
  if (value === cell.min) {
    if (cell.minCount > 1) next.minCount -= 1;
    else lost = true;
  }
  if (value === cell.max) {
    if (cell.maxCount > 1) next.maxCount -= 1;
    else lost = true;
  }
  return { cell: next, extremesLost: lost };
}

/** Minimum, maximum and how many equal each, of a non-empty list of values. */
export function extremesOf(
  values: Iterable<bigint>,
): Pick<CellState, 'min' | 'max' | 'minCount' | 'maxCount'> {
  let min: bigint | undefined;
  let max: bigint | undefined;
  let minCount = 0;
  let maxCount = 0;
  for (const v of values) {
    if (min === undefined || v < min) [min, minCount] = [v, 1];
    else if (v === min) minCount += 1;
    if (max === undefined || v > max) [max, maxCount] = [v, 1];
    else if (v === max) maxCount += 1;
  }
  if (min === undefined || max === undefined) throw new Error('extremesOf: no values');
  return { min, max, minCount, maxCount };
}

/**
 * Every aggregate of a set of contributions, from scratch: what the maintained items must
 * equal (reconcile, tests).
 */
export function computeCells(
  contributions: Iterable<{ path: string; contribution: Contribution }>,
): Map<string, { cell: CellRef; state: CellState }> {
  const cells = new Map<string, { cell: CellRef; state: CellState }>();
  for (const { path, contribution } of contributions) {
    for (const cell of cellsOf(path, contribution)) {
      const id = cellId(cell);
      const current = cells.get(id);
      cells.set(id, { cell, state: addToCell(current?.state, contribution.value) });
    }
  }
  return cells;
}

/** A cell's figures as the API gives them: the sum to the cent from the exact sum. */
export function cellFigures(state: CellState) {
  return {
    sum: roundUnits(state.sum, 2),
    count: state.count,
    min: unitsToNumber(state.min),
    max: unitsToNumber(state.max),
  };
}

export function sameState(a: CellState, b: CellState): boolean {
  return (
    a.sum === b.sum &&
    a.count === b.count &&
    a.min === b.min &&
    a.max === b.max &&
    a.minCount === b.minCount &&
    a.maxCount === b.maxCount
  );
}
