import {
  type Check,
  type ExtractedFields,
  INDICATOR_KEYS,
  type Indicator,
  type ReportRecord,
  type Severity,
} from '../schemas/report-record.ts';
import type { ParserHints } from './kinds/parser.ts';
import { prune } from './text.ts';

type CheckedRecord = Omit<ReportRecord, 'checks' | 'source'>;

let formatter: Intl.NumberFormat | undefined;

/** A figure as messages show it; the formatter is made on first use, as loading its locale data is slow. */
function figure(value: number): string {
  formatter ??= new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });
  return formatter.format(value);
}

function eur(value: number): string {
  return `${figure(value)} €`;
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
  // A count may be of awards or of recipients ("granted to 15 associations", one of which has
  // two grants): either reading reconciles.
  const recipients = new Set(awards.map((a) => a.recipient.toLowerCase())).size;
  if (count !== undefined && awards.length > 0 && count !== awards.length && count !== recipients) {
    const listed =
      recipients === awards.length
        ? `${awards.length}`
        : `${awards.length} (to ${recipients} recipients)`;
    checks.push(
      check(
        'awards-count-mismatch',
        'error',
        `Document states ${count} awards but lists ${listed}.`,
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

function quoted(line: { no: number; text: string }): string {
  const text = line.text.length > 120 ? `${line.text.slice(0, 117)}…` : line.text;
  return `line ${line.no} ("${text}")`;
}

function codePointOf(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Findings about what a parser saw stated but could not take as it stood. */
function parserChecks(hints: ParserHints): Check[] {
  const checks: Check[] = [];
  for (const { fields, kept, other } of hints.conflicts ?? []) {
    checks.push(
      check(
        'conflicting-values',
        'error',
        `${fields.join(' and ')} ${fields.length > 1 ? 'are' : 'is'} stated twice with different values: ${quoted(kept)} and ${quoted(other)}; the first was kept.`,
        fields,
      ),
    );
  }
  for (const { path, line, written, problem } of hints.invalidDates ?? []) {
    checks.push(
      check(
        'invalid-date',
        'error',
        `${path}: "${written}" on ${quoted(line)} is not a calendar date${problem ? ` (${problem})` : ''}; the field was left out.`,
        [path],
      ),
    );
  }
  for (const { path, line, written } of hints.lettersInFigures ?? []) {
    checks.push(
      check(
        'unusual-digits',
        'error',
        `${path}: the figure on ${quoted(line)} has the letter "${written}" (${codePointOf(written)}) among its digits; it was not read.`,
        [path],
      ),
    );
  }
  for (const { path, line, written, currency } of hints.nonEuroAmounts ?? []) {
    checks.push(
      check(
        'non-euro-amount',
        'info',
        `${path}: "${written}" on ${quoted(line)} is in ${currency}, not euros; the field was left out.`,
        [path],
      ),
    );
  }
  for (const { path, line, written } of hints.approximateAmounts ?? []) {
    checks.push(
      check(
        'approximate-amount',
        'info',
        `${path}: "${written}" on ${quoted(line)} is stated as approximate; the figure was kept as written.`,
        [path],
      ),
    );
  }
  const truncation = hints.truncation;
  if (truncation) {
    const { line, where, expected, dropped } = truncation;
    const cut =
      dropped.length > 0
        ? ` That line looks cut off, so ${dropped.join(', ')} read from it ${dropped.length > 1 ? 'were' : 'was'} left out.`
        : '';
    checks.push(
      check(
        'truncated-document',
        'warning',
        `Document looks truncated: it stops at line ${line.no} ${where}, but ${expected}; the fields after that point are missing.${cut}`,
        dropped,
      ),
    );
  }
  return checks;
}

/** HTML or script markup: an element tag or a comment. */
const MARKUP = /<\/?[a-z][a-z0-9-]*(?:\s[^<>]*)?\/?>|<!--/iu;
/** A JSON object or array, or a query operator such as `{"$ne": 1}`. */
const JSON_LIKE = /^\s*(?:\{.*\}|\[.*\])\s*$|\{\s*["']?\$[a-z]+["']?\s*:/isu;
/** A statement break or keyword pair of SQL: `'; DROP TABLE`, `UNION SELECT`, `OR 1=1`. */
const SQL_LIKE =
  /['"]\s*;|;\s*--|(?<!\w)(?:drop|truncate|alter)\s+table(?!\w)|(?<!\w)union\s+(?:all\s+)?select(?!\w)|(?<!\w)or\s+'?1'?\s*=\s*'?1(?!\w)/iu;

/** Characters every SQL-like text has one of; most names have none. */
const SQL_HINT = /[;=]|table|select/iu;

function textFieldsOf(record: CheckedRecord): Array<[string, string]> {
  const texts: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(record.project ?? {})) {
    if (typeof value === 'string') texts.push([`project.${key}`, value]);
    if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) texts.push([`project.${key}.${i}`, v]);
    }
  }
  if (record.call?.applicants) texts.push(['call.applicants', record.call.applicants]);
  for (const [i, o] of (record.funding?.byOrganisation ?? []).entries()) {
    texts.push([`funding.byOrganisation.${i}.organisation`, o.organisation]);
  }
  for (const [i, a] of (record.awards ?? []).entries()) {
    texts.push([`awards.${i}.recipient`, a.recipient]);
    if (a.note) texts.push([`awards.${i}.note`, a.note]);
  }
  return texts;
}

/** Text fields that carry markup or code: kept as written (they are data), but pointed out. */
function textChecks(record: CheckedRecord): Check[] {
  const checks: Check[] = [];
  for (const [path, value] of textFieldsOf(record)) {
    const shown = value.length > 80 ? `${value.slice(0, 77)}…` : value;
    const markup = value.includes('<') ? MARKUP.exec(value) : null;
    if (markup) {
      checks.push(
        check(
          'markup-in-text',
          'warning',
          `${path} contains HTML or script markup (${markup[0].slice(0, 40)}): "${shown}". It is kept as written; show it escaped.`,
          [path],
        ),
      );
      continue;
    }
    const code =
      (value.includes('{') || value.includes('[')) && JSON_LIKE.test(value)
        ? 'a JSON value'
        : SQL_HINT.test(value) && SQL_LIKE.test(value)
          ? 'SQL'
          : undefined;
    if (code) {
      checks.push(
        check(
          'code-in-text',
          'warning',
          `${path} reads like ${code}, not a name or description: "${shown}". It is kept as written; never pass it to a query or template unescaped.`,
          [path],
        ),
      );
    }
  }
  return checks;
}

/** Consistency checks over an extracted record: each finding names the fields it concerns. */
export function runChecks(record: CheckedRecord, hints: ParserHints = {}): Check[] {
  return [
    ...parserChecks(hints),
    ...projectChecks(record),
    ...fundingChecks(record),
    ...indicatorChecks(record, hints),
    ...awardChecks(record, hints),
    ...textChecks(record),
  ];
}

/** More euros than any one project or funding line has: larger figures are misreadings. */
export const MAX_PROJECT_EUROS = 10_000_000_000;
/** More new jobs or enterprises than any one project creates. */
export const MAX_PROJECT_COUNT = 10_000;

interface FigureRule {
  path: string;
  keys: string[];
  unit: 'euros' | 'count' | 'percent';
}

const MONEY_FIELDS = [
  'totalBudget',
  'euContribution',
  'euAndStateGranted',
  'euAndStateRealised',
  'publicPlanned',
  'publicRealised',
] as const;
const INDICATOR_FIELDS = ['planned', 'plannedWomen', 'realised', 'realisedWomen'] as const;

const FIGURE_RULES: FigureRule[] = [
  ...MONEY_FIELDS.map((f) => ({ path: `funding.${f}`, unit: 'euros' as const })),
  { path: 'funding.euCofinancingRate', unit: 'percent' as const },
  { path: 'call.maxFundingRate', unit: 'percent' as const },
  ...INDICATOR_KEYS.flatMap((k) =>
    INDICATOR_FIELDS.map((f) => ({ path: `indicators.${k}.${f}`, unit: 'count' as const })),
  ),
].map((rule) => ({ ...rule, keys: rule.path.split('.') }));

const LIMITS: Record<
  FigureRule['unit'],
  { max: number; what: string; show: (v: number) => string }
> = {
  euros: { max: MAX_PROJECT_EUROS, what: 'for one project', show: eur },
  count: { max: MAX_PROJECT_COUNT, what: 'for one project', show: figure },
  percent: { max: 100, what: 'as a share', show: (v) => `${figure(v)} %` },
};

function valueAt(fields: ExtractedFields, keys: readonly string[]): unknown {
  let node: unknown = fields;
  for (const key of keys) {
    if (node === null || typeof node !== 'object') return undefined;
    node = Reflect.get(node, key);
  }
  return node;
}

/** Removes the figure at a dot path, and its provenance, from a copy of the fields. */
function withoutFigure(fields: ExtractedFields, path: string): ExtractedFields {
  const copy = structuredClone(fields);
  const keys = path.split('.');
  const last = keys.pop() ?? '';
  const parent = keys.reduce<unknown>(
    (node, key) => (node !== null && typeof node === 'object' ? Reflect.get(node, key) : undefined),
    copy,
  );
  if (parent !== null && typeof parent === 'object') Reflect.deleteProperty(parent, last);
  Reflect.deleteProperty(copy.provenance, path);
  return copy;
}

/**
 * Leaves out figures that cannot be true: money or counts below zero, money above
 * `MAX_PROJECT_EUROS`, counts above `MAX_PROJECT_COUNT`, percentages above 100. A wrong figure
 * would be summed with the others; each one left out gets a finding that says what was written.
 */
export function screenFigures(fields: ExtractedFields): {
  fields: ExtractedFields;
  checks: Check[];
} {
  const checks: Check[] = [];
  let screened = fields;
  for (const { path, keys, unit } of FIGURE_RULES) {
    const value = valueAt(fields, keys);
    if (typeof value !== 'number') continue;
    const limit = LIMITS[unit];
    const negative = value < 0;
    if (!negative && value <= limit.max) continue;
    const source = fields.provenance[path];
    const where = source ? ` on ${quoted({ no: source.line, text: source.text })}` : '';
    checks.push(
      negative
        ? check(
            'negative-value',
            'error',
            `${path} reads as ${limit.show(value)}${where}; it cannot be negative, so it was left out.`,
            [path],
          )
        : check(
            'implausible-value',
            'error',
            `${path} reads as ${limit.show(value)}${where}, more than ${limit.show(limit.max)} ${limit.what}; it was left out.`,
            [path],
          ),
    );
    screened = withoutFigure(screened, path);
  }
  if (checks.length === 0) return { fields, checks };
  return { fields: prune(screened) ?? { provenance: {} }, checks };
}
