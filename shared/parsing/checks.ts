import type {
  Check,
  INDICATOR_KEYS,
  Indicator,
  ReportRecord,
  Severity,
} from '../schemas/report-record.ts';
import type { ParserHints } from './kinds/parser.ts';

type CheckedRecord = Omit<ReportRecord, 'checks' | 'source'>;

const euro = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });

function eur(value: number): string {
  return `${euro.format(value)} €`;
}

function check(id: string, severity: Severity, message: string, fields: string[]): Check {
  return { id, severity, message, fields };
}

function decimalsOf(value: number): number {
  const text = String(value);
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

function awardChecks(record: CheckedRecord, hints: ParserHints): Check[] {
  const checks: Check[] = [];
  const awards = record.awards ?? [];
  const sum = Math.round(awards.reduce((s, a) => s + a.amount, 0) * 100) / 100;
  const stated = record.awardsStatedTotal;
  if (stated !== undefined && awards.length > 0) {
    const tolerance = hints.awardsStatedTotalTolerance ?? 1;
    const difference = Math.abs(stated - sum);
    if (difference > tolerance) {
      checks.push(
        check(
          'awards-total-mismatch',
          'error',
          `Stated awards total ${eur(stated)} differs from the sum of the ${awards.length} listed awards, ${eur(sum)}, by ${eur(difference)} (rounding allows ±${eur(tolerance)}).`,
          ['awardsStatedTotal', 'awards'],
        ),
      );
    }
  }
  const count = record.awardsStatedCount;
  if (count !== undefined && awards.length > 0 && count !== awards.length) {
    checks.push(
      check(
        'awards-count-mismatch',
        'error',
        `Document states ${count} awards but lists ${awards.length}.`,
        ['awardsStatedCount', 'awards'],
      ),
    );
  }
  if (record.kind === 'grant-decisions' && awards.length === 0) {
    checks.push(
      check(
        'awards-not-found',
        'warning',
        'No list of awards with recipients and amounts was found in the announcement.',
        ['awards'],
      ),
    );
  }
  return checks;
}

function fundingChecks(record: CheckedRecord): Check[] {
  const checks: Check[] = [];
  const f = record.funding ?? {};
  if (f.euCofinancingRate !== undefined && f.euContribution !== undefined && f.totalBudget) {
    const computed = (f.euContribution / f.totalBudget) * 100;
    const tolerance = 0.5 / 10 ** decimalsOf(f.euCofinancingRate) + 1e-9;
    if (Math.abs(computed - f.euCofinancingRate) > tolerance) {
      checks.push(
        check(
          'cofinancing-rate-mismatch',
          'error',
          `Stated EU co-financing rate ${f.euCofinancingRate} % does not match EU contribution ${eur(f.euContribution)} / total budget ${eur(f.totalBudget)} = ${computed.toFixed(2)} %.`,
          ['funding.euCofinancingRate', 'funding.euContribution', 'funding.totalBudget'],
        ),
      );
    }
  }
  if (
    f.euContribution !== undefined &&
    f.totalBudget !== undefined &&
    f.euContribution > f.totalBudget
  ) {
    checks.push(
      check(
        'contribution-exceeds-budget',
        'error',
        `EU contribution ${eur(f.euContribution)} is larger than the total budget ${eur(f.totalBudget)}.`,
        ['funding.euContribution', 'funding.totalBudget'],
      ),
    );
  }
  const pairs = [
    [
      'euAndStateRealised',
      'euAndStateGranted',
      'Realised EU and state funding',
      'granted',
      'error',
    ],
    ['publicRealised', 'publicPlanned', 'Realised public funding', 'planned', 'warning'],
  ] as const;
  for (const [realisedKey, grantedKey, label, other, severity] of pairs) {
    const realised = f[realisedKey];
    const granted = f[grantedKey];
    if (realised !== undefined && granted !== undefined && realised > granted) {
      checks.push(
        check(
          'realised-exceeds-granted',
          severity,
          `${label} ${eur(realised)} exceeds the ${other} ${eur(granted)} by ${eur(realised - granted)}.`,
          [`funding.${realisedKey}`, `funding.${grantedKey}`],
        ),
      );
    }
  }
  return checks;
}

const INDICATOR_LABELS: Record<(typeof INDICATOR_KEYS)[number], string> = {
  jobsCreated: 'new jobs',
  enterprisesCreated: 'new enterprises',
};

function indicatorChecks(record: CheckedRecord, hints: ParserHints): Check[] {
  const checks: Check[] = [];
  for (const key of Object.keys(INDICATOR_LABELS) as (keyof typeof INDICATOR_LABELS)[]) {
    const indicator: Indicator | undefined = record.indicators?.[key];
    if (!indicator) continue;
    const label = INDICATOR_LABELS[key];
    const path = `indicators.${key}`;
    for (const [women, total, stage] of [
      ['plannedWomen', 'planned', 'planned'],
      ['realisedWomen', 'realised', 'realised'],
    ] as const) {
      const w = indicator[women];
      const t = indicator[total];
      if (w !== undefined && t !== undefined && w > t) {
        checks.push(
          check(
            'women-exceed-total',
            'error',
            `${stage === 'planned' ? 'Planned' : 'Realised'} ${label} for women (${w}) exceed the total (${t}).`,
            [`${path}.${women}`, `${path}.${total}`],
          ),
        );
      }
    }
    if (indicator.planned === 0 && (indicator.realised ?? 0) > 0) {
      checks.push(
        check(
          'realised-without-plan',
          'warning',
          `Planned ${label} is 0 but ${indicator.realised} were realised.`,
          [`${path}.planned`, `${path}.realised`],
        ),
      );
    }
  }
  const objectives = hints.jobsCollectedForObjectives;
  const objective = /^\s*(\d+\.\d+)/u.exec(record.project?.specificObjective ?? '')?.[1];
  const jobs = record.indicators?.jobsCreated;
  const reported = Math.max(jobs?.planned ?? 0, jobs?.realised ?? 0);
  if (objectives && objective && !objectives.includes(objective) && reported > 0) {
    checks.push(
      check(
        'jobs-not-collected',
        'warning',
        `New jobs (${reported}) are reported, but the export collects them only for specific objectives ${objectives.join(', ')}, not ${objective}.`,
        ['indicators.jobsCreated', 'project.specificObjective'],
      ),
    );
  }
  return checks;
}

function projectChecks(record: CheckedRecord): Check[] {
  const checks: Check[] = [];
  const { startDate, endDate } = record.project ?? {};
  if (startDate && endDate && endDate < startDate) {
    checks.push(
      check('end-before-start', 'error', `End date ${endDate} is before start date ${startDate}.`, [
        'project.startDate',
        'project.endDate',
      ]),
    );
  }
  for (const [key, score] of Object.entries(record.horizontal?.sustainability ?? {})) {
    for (const side of ['direct', 'indirect'] as const) {
      const value = score?.[side];
      if (value !== undefined && (value < 0 || value > 10)) {
        checks.push(
          check(
            'score-out-of-range',
            'error',
            `Sustainability score ${key} (${side}) is ${value}; scores run from 0 to 10.`,
            [`horizontal.sustainability.${key}.${side}`],
          ),
        );
      }
    }
  }
  return checks;
}

/** Consistency checks over an extracted record: each finding names the fields it concerns. */
export function runChecks(record: CheckedRecord, hints: ParserHints = {}): Check[] {
  return [
    ...projectChecks(record),
    ...fundingChecks(record),
    ...indicatorChecks(record, hints),
    ...awardChecks(record, hints),
  ];
}
