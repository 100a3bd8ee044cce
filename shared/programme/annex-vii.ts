import { type Cell, type Sheet, toCsv, toWorkbook } from '../api/formats.ts';
import { euCodesFor } from '../api/indicator-codes.ts';
import { INDICATOR_KEYS } from '../schemas/report-record.ts';
import { type Amount, fromHundredths, type ProgrammeProject, toHundredths } from './aggregate.ts';

/**
 * Data transmission shaped like Annex VII of Regulation (EU) 2021/1060 (Article 42): table 1
 * financial data by priority, fund and category of region; tables 3 and 4 output and result
 * indicators. The mapping from record fields is in docs/annex-vii.md; columns we have no data for
 * stay empty and are named in `ANNEX_VII_MISSING`.
 */

export const TABLE_1_COLUMNS = [
  'priority',
  'fund',
  'categoryOfRegion',
  'operationsSelected',
  'totalEligibleCostSelected',
  'publicContributionSelected',
  'euContributionSelected',
  'totalEligibleExpenditureDeclared',
  'publicContributionDeclared',
] as const;

export const INDICATOR_COLUMNS = [
  'table',
  'priority',
  'specificObjective',
  'fund',
  'categoryOfRegion',
  'indicatorId',
  'indicator',
  'measurementUnit',
  'baseline',
  'referenceYear',
  'milestone2024',
  'target2029',
  'achievedSelected',
  'achievedImplemented',
  'operations',
  'mappingConfidence',
] as const;

/** Annex VII columns the report records do not hold: always empty in the export. */
export const ANNEX_VII_MISSING = [
  'categoryOfRegion',
  'totalEligibleExpenditureDeclared',
  'baseline',
  'referenceYear',
  'milestone2024',
  'achievedImplemented',
] as const;

export type AnnexRow = Record<string, Cell>;

const amount = (): Amount => ({ hundredths: 0, stated: 0 });
const add = (a: Amount, v: number | undefined) => {
  if (v === undefined) return;
  a.hundredths += toHundredths(v);
  a.stated += 1;
};
const euros = (a: Amount) => (a.stated === 0 ? undefined : fromHundredths(a.hundredths));

function keyOf(...parts: Array<string | undefined>): string {
  return JSON.stringify(parts.map((p) => p ?? ''));
}

/** Table 1: financial data by priority, fund and category of region (the last not in our records). */
export function annexTable1(projects: ProgrammeProject[]): AnnexRow[] {
  const groups = new Map<
    string,
    {
      priority: string;
      fund: string;
      n: number;
      cost: Amount;
      pub: Amount;
      eu: Amount;
      declared: Amount;
    }
  >();
  for (const p of projects) {
    const k = keyOf(p.priorityAxis, p.fund);
    let g = groups.get(k);
    if (!g) {
      g = {
        priority: p.priorityAxis ?? '',
        fund: p.fund ?? '',
        n: 0,
        cost: amount(),
        pub: amount(),
        eu: amount(),
        declared: amount(),
      };
      groups.set(k, g);
    }
    g.n += 1;
    add(g.cost, p.funding.totalBudget);
    add(g.pub, p.funding.granted ?? p.funding.publicPlanned);
    add(g.eu, p.funding.euContribution);
    add(g.declared, p.funding.realised);
  }
  return [...groups.values()]
    .sort((a, b) => a.priority.localeCompare(b.priority, 'fi') || a.fund.localeCompare(b.fund))
    .map((g) => ({
      priority: g.priority,
      fund: g.fund,
      categoryOfRegion: undefined,
      operationsSelected: g.n,
      totalEligibleCostSelected: euros(g.cost),
      publicContributionSelected: euros(g.pub),
      euContributionSelected: euros(g.eu),
      totalEligibleExpenditureDeclared: undefined,
      publicContributionDeclared: euros(g.declared),
    }));
}

/** Tables 3 (output) and 4 (result): enterprises created as RCO05, jobs created as RCR01. */
export function annexIndicatorTables(projects: ProgrammeProject[], period: string): AnnexRow[] {
  const rows: AnnexRow[] = [];
  for (const key of INDICATOR_KEYS) {
    const code = euCodesFor(`indicators.${key}.realised`, period)[0];
    const groups = new Map<
      string,
      { p: ProgrammeProject; target: Amount; achieved: Amount; n: number }
    >();
    for (const p of projects) {
      const values = p.indicators[key];
      if (!values) continue;
      const k = keyOf(p.priorityAxis, p.specificObjective, p.fund);
      let g = groups.get(k);
      if (!g) {
        g = { p, target: amount(), achieved: amount(), n: 0 };
        groups.set(k, g);
      }
      g.n += 1;
      add(g.target, values.planned);
      add(g.achieved, values.realised);
    }
    const table = code?.code.startsWith('RCR') || code?.code === 'CO08' ? '4' : '3';
    for (const g of groups.values())
      rows.push({
        table,
        priority: g.p.priorityAxis,
        specificObjective: g.p.specificObjective,
        fund: g.p.fund,
        categoryOfRegion: undefined,
        indicatorId: code?.code,
        indicator: code?.name,
        measurementUnit: code?.unit,
        target2029: euros(g.target),
        achievedSelected: euros(g.achieved),
        operations: g.n,
        mappingConfidence: code?.confidence,
      });
  }
  return rows.sort(
    (a, b) =>
      String(a.table).localeCompare(String(b.table)) ||
      String(a.priority ?? '').localeCompare(String(b.priority ?? ''), 'fi') ||
      String(a.indicatorId ?? '').localeCompare(String(b.indicatorId ?? '')) ||
      String(a.fund ?? '').localeCompare(String(b.fund ?? '')),
  );
}

export interface AnnexViiExport {
  table1Csv: string;
  indicatorsCsv: string;
  xlsx: Uint8Array;
}

/** The export as two CSV files (text that would start a formula neutralised) and one workbook. */
export async function annexViiExport(
  projects: ProgrammeProject[],
  period: string,
): Promise<AnnexViiExport> {
  const table1 = annexTable1(projects);
  const indicators = annexIndicatorTables(projects, period);
  const sheet = (name: string, columns: readonly string[], rows: AnnexRow[]): Sheet => ({
    name,
    columns: [...columns],
    rows: rows.map((r) => columns.map((c) => r[c])),
  });
  return {
    table1Csv: toCsv([...TABLE_1_COLUMNS], table1),
    indicatorsCsv: toCsv([...INDICATOR_COLUMNS], indicators),
    xlsx: await toWorkbook([
      sheet('Table 1 financial', TABLE_1_COLUMNS, table1),
      sheet('Tables 3-4 indicators', INDICATOR_COLUMNS, indicators),
      {
        name: 'Missing fields',
        columns: ['column', 'reason'],
        rows: ANNEX_VII_MISSING.map((c) => [c, 'not in the report records; see docs/annex-vii.md']),
      },
    ]),
  };
}
