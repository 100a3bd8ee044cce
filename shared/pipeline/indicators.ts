import { INDICATOR_KEYS, type ReportRecord } from '../schemas/report-record.ts';

const INDICATOR_FIELDS = ['planned', 'plannedWomen', 'realised', 'realisedWomen'] as const;
const FUNDING_FIELDS = [
  'totalBudget',
  'euContribution',
  'euCofinancingRate',
  'euAndStateGranted',
  'euAndStateRealised',
  'publicPlanned',
  'publicRealised',
] as const;

/** Every indicator path the store keeps one item per project for. */
export const INDICATOR_PATHS: readonly string[] = [
  ...INDICATOR_KEYS.flatMap((key) => INDICATOR_FIELDS.map((field) => `indicators.${key}.${field}`)),
  ...FUNDING_FIELDS.map((field) => `funding.${field}`),
];

/** The record's indicator and funding figures, each with its source line. */
export function indicatorValuesOf(
  record: ReportRecord,
): Array<{ path: string; value: number; line?: number; text?: string }> {
  const values: Array<{ path: string; value: number; line?: number; text?: string }> = [];
  const add = (path: string, value: number | undefined) => {
    if (value === undefined) return;
    const source = record.provenance[path];
    values.push({ path, value, ...(source ? { line: source.line, text: source.text } : {}) });
  };
  for (const key of INDICATOR_KEYS) {
    for (const field of INDICATOR_FIELDS)
      add(`indicators.${key}.${field}`, record.indicators?.[key]?.[field]);
  }
  for (const field of FUNDING_FIELDS) add(`funding.${field}`, record.funding?.[field]);
  return values;
}
