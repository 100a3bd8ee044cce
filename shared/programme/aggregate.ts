import { effectiveRecord, type Review } from '../review/overlay.ts';
import type {
  DocumentKind,
  Fund,
  IndicatorKey,
  ReportRecord,
  SustainabilityKey,
} from '../schemas/report-record.ts';
import { INDICATOR_KEYS, SUSTAINABILITY_KEYS } from '../schemas/report-record.ts';
import { documentsOf, type LinkedProject, linkDocuments, normaliseName } from './links.ts';

/** One stored report version as the programme report reads it. */
export interface ProgrammeDocument {
  sha256: string;
  projectId?: string | undefined;
  receivedAt: string;
  record: ReportRecord;
  /** The version's review overlay where reviews were read; the figures are its effective values. */
  review?: Review | undefined;
}

/** Figures a managing authority relies on: a programme report flags them until someone reviews them. */
export const KEY_FIGURES = [
  'funding.euAndStateGranted',
  'funding.euAndStateRealised',
  'funding.publicRealised',
  'indicators.jobsCreated.realised',
  'indicators.enterprisesCreated.realised',
] as const;

function valueAt(record: ReportRecord, path: string): unknown {
  let at: unknown = record;
  for (const part of path.split('.')) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}

/** Key figures a version states that no one has reviewed, unless the version is approved. */
export function unreviewedKeyFigures(record: ReportRecord, review: Review | undefined): string[] {
  if (!review || review.status === 'approved') return [];
  return KEY_FIGURES.filter(
    (path) => valueAt(record, path) !== undefined && review.fields[path] === undefined,
  );
}

/** A sum in hundredths (cents for euros, hundredths of a job for FTEs) and how many projects state it. */
export interface Amount {
  hundredths: number;
  stated: number;
}

export const FUNDING_FIELDS = [
  'totalBudget',
  'euContribution',
  'publicPlanned',
  'granted',
  'realised',
] as const;
export type FundingField = (typeof FUNDING_FIELDS)[number];

export type FundingTotals = Record<FundingField, Amount> & { projects: number };

export const INDICATOR_FIELDS = ['planned', 'realised', 'plannedWomen', 'realisedWomen'] as const;
export type IndicatorField = (typeof INDICATOR_FIELDS)[number];
export type IndicatorTotals = Record<IndicatorField, Amount> & {
  /** Realised women and realised total summed over projects stating both. */
  womenOfRealised: { women: number; total: number; projects: number };
};

export interface YesNoCount {
  yes: number;
  no: number;
  notStated: number;
}

/** A project of the programme, its figures taken once from its documents. */
export interface ProgrammeProject {
  key: string;
  code?: string | undefined;
  name?: string | undefined;
  beneficiary?: string | undefined;
  fund?: Fund | undefined;
  priorityAxis?: string | undefined;
  specificObjective?: string | undefined;
  region?: string | undefined;
  managingAuthority?: string | undefined;
  programmingPeriod?: string | undefined;
  funding: Partial<Record<FundingField, number>>;
  indicators: Partial<Record<IndicatorKey, Partial<Record<IndicatorField, number>>>>;
  horizontal: ReportRecord['horizontal'];
  /** Report versions the project's documents came from. */
  documents: string[];
  errors: number;
  warnings: number;
  checkIds: string[];
  /** Key figures of its own report that no one has reviewed (only where reviews were read). */
  unreviewed: string[];
}

export interface ProgrammeSummary {
  managingAuthority: string;
  period: string;
  projects: number;
  documents: number;
  /** Documents that joined another document's project, so were not counted again. */
  linkedDocuments: number;
  /** Projects of the managing authority that state no programming period, so are not counted. */
  periodNotStated: number;
  totals: FundingTotals;
  byFund: Array<{ group: string } & FundingTotals>;
  byPriorityAxis: Array<{ group: string } & FundingTotals>;
  byRegion: Array<{ group: string } & FundingTotals>;
  indicators: Record<IndicatorKey, IndicatorTotals>;
  gender: Record<
    'genderAnalysisDone' | 'genderMainstreamed' | 'genderEqualityMainGoal',
    YesNoCount
  >;
  sustainability: Array<{ key: SustainabilityKey; direct: Amount; indirect: Amount }>;
  redFlags: Array<{
    key: string;
    name?: string | undefined;
    errors: number;
    warnings: number;
    checkIds: string[];
    unreviewed: string[];
  }>;
}

/** Euros (or counts) to whole hundredths: exact sums whatever the order of addition. */
export function toHundredths(value: number): number {
  const h = Math.round(value * 100);
  if (!Number.isSafeInteger(h)) throw new RangeError(`amount ${value} is too large to sum exactly`);
  return h;
}

function addTo(amount: Amount, value: number | undefined): void {
  if (value === undefined) return;
  amount.hundredths += toHundredths(value);
  if (!Number.isSafeInteger(amount.hundredths))
    throw new RangeError('a programme total is too large to sum exactly');
  amount.stated += 1;
}

const amount = (): Amount => ({ hundredths: 0, stated: 0 });

function fundingTotals(): FundingTotals {
  return {
    projects: 0,
    totalBudget: amount(),
    euContribution: amount(),
    publicPlanned: amount(),
    granted: amount(),
    realised: amount(),
  };
}

function indicatorTotals(): IndicatorTotals {
  return {
    planned: amount(),
    realised: amount(),
    plannedWomen: amount(),
    realisedWomen: amount(),
    womenOfRealised: { women: 0, total: 0, projects: 0 },
  };
}

/** Which document speaks for a project first: its own report, then the newest page about it. */
const KIND_ORDER: Partial<Record<DocumentKind, number>> = {
  'project-description': 0,
  'project-page': 1,
  'research-project': 1,
  unknown: 2,
};

function byAuthority(a: ProgrammeDocument, b: ProgrammeDocument): number {
  const ka = KIND_ORDER[a.record.kind] ?? 9;
  const kb = KIND_ORDER[b.record.kind] ?? 9;
  if (ka !== kb) return ka - kb;
  if (a.receivedAt !== b.receivedAt) return a.receivedAt > b.receivedAt ? -1 : 1;
  return a.sha256 < b.sha256 ? -1 : 1;
}

function first<T>(docs: ProgrammeDocument[], pick: (r: ReportRecord) => T | undefined) {
  for (const d of docs) {
    const value = pick(d.record);
    if (value !== undefined) return value;
  }
  return undefined;
}

const FUNDING_SOURCES: Record<FundingField, (r: ReportRecord) => number | undefined> = {
  totalBudget: (r) => r.funding?.totalBudget,
  euContribution: (r) => r.funding?.euContribution,
  publicPlanned: (r) => r.funding?.publicPlanned,
  granted: (r) => r.funding?.euAndStateGranted,
  realised: (r) => r.funding?.euAndStateRealised ?? r.funding?.publicRealised,
};

/** A project's figures, each field from the first of its documents that states it. */
function projectOf(group: LinkedProject, found: ProgrammeDocument[]): ProgrammeProject {
  const docs = found.map((d) =>
    d.review ? { ...d, record: effectiveRecord(d.record, d.review) } : d,
  );
  const ordered = [...docs].sort(byAuthority);
  const primary = ordered[0];
  const p = (pick: (x: NonNullable<ReportRecord['project']>) => string | undefined) =>
    first(ordered, (r) => (r.project ? pick(r.project) : undefined));
  const funding: ProgrammeProject['funding'] = {};
  for (const field of FUNDING_FIELDS) {
    const value = first(ordered, FUNDING_SOURCES[field]);
    if (value !== undefined) funding[field] = value;
  }
  const indicators: ProgrammeProject['indicators'] = {};
  for (const key of INDICATOR_KEYS) {
    const values: Partial<Record<IndicatorField, number>> = {};
    for (const field of INDICATOR_FIELDS) {
      const value = first(ordered, (r) => r.indicators?.[key]?.[field]);
      if (value !== undefined) values[field] = value;
    }
    if (Object.keys(values).length > 0) indicators[key] = values;
  }
  const checks = ordered.flatMap((d) => d.record.checks);
  return {
    key: group.key,
    code: group.code ?? p((x) => x.code),
    name: p((x) => x.name),
    beneficiary: p((x) => x.beneficiary),
    fund: first(ordered, (r) => r.project?.fund),
    priorityAxis: p((x) => x.priorityAxis),
    specificObjective: p((x) => x.specificObjective),
    region: p((x) => x.region),
    managingAuthority: p((x) => x.managingAuthority),
    programmingPeriod: p((x) => x.programmingPeriod),
    funding,
    indicators,
    horizontal: first(ordered, (r) => r.horizontal),
    documents: ordered.map((d) => d.sha256),
    errors: checks.filter((c) => c.severity === 'error').length,
    warnings: checks.filter((c) => c.severity === 'warning').length,
    checkIds: [...new Set(checks.filter((c) => c.severity !== 'info').map((c) => c.id))].sort(),
    unreviewed: primary ? unreviewedKeyFigures(primary.record, primary.review) : [],
  };
}

/** `2021–2027`, `2021 - 2027` and `2021-2027` are one period. */
export function normalisePeriod(period: string): string {
  return period.replace(/\s*[-–—]\s*/g, '-').trim();
}

export interface ProgrammeSelection {
  managingAuthority: string;
  period: string;
}

/**
 * The programme's projects: documents linked into projects (each project once), then those of
 * the managing authority and period. Grant-decision rows link to projects but are never one.
 */
export function programmeProjects(
  documents: ProgrammeDocument[],
  selection: ProgrammeSelection,
): { projects: ProgrammeProject[]; links: LinkedProject[]; periodNotStated: number } {
  const bySha = new Map(documents.map((d) => [d.sha256, d]));
  const links = linkDocuments(
    documents.flatMap((d) => documentsOf(d.sha256, d.record, d.projectId)),
  );
  const authority = normaliseName(selection.managingAuthority);
  const period = normalisePeriod(selection.period);
  const projects: ProgrammeProject[] = [];
  let periodNotStated = 0;
  for (const group of links) {
    const docs = group.documents
      .filter((id) => !id.includes('#award-'))
      .map((id) => bySha.get(id))
      .filter((d): d is ProgrammeDocument => d !== undefined);
    if (docs.length === 0) continue;
    const project = projectOf(group, docs);
    if (normaliseName(project.managingAuthority ?? '') !== authority) continue;
    if (project.programmingPeriod === undefined) periodNotStated += 1;
    if (normalisePeriod(project.programmingPeriod ?? '') !== period) continue;
    projects.push(project);
  }
  return { projects, links, periodNotStated };
}

function addFunding(totals: FundingTotals, project: ProgrammeProject): void {
  totals.projects += 1;
  for (const field of FUNDING_FIELDS) addTo(totals[field], project.funding[field]);
}

function grouped(
  projects: ProgrammeProject[],
  keyOf: (p: ProgrammeProject) => string | undefined,
): Array<{ group: string } & FundingTotals> {
  const groups = new Map<string, FundingTotals>();
  for (const project of projects) {
    const key = keyOf(project) ?? '';
    let totals = groups.get(key);
    if (!totals) {
      totals = fundingTotals();
      groups.set(key, totals);
    }
    addFunding(totals, project);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b, 'fi')))
    .map(([group, totals]) => ({ group, ...totals }));
}

function yesNo(projects: ProgrammeProject[], pick: (p: ProgrammeProject) => boolean | undefined) {
  const count: YesNoCount = { yes: 0, no: 0, notStated: 0 };
  for (const project of projects) {
    const value = pick(project);
    if (value === undefined) count.notStated += 1;
    else if (value) count.yes += 1;
    else count.no += 1;
  }
  return count;
}

/** The programme's totals, each project counted once; every sum exact in hundredths. */
export function summariseProgramme(
  projects: ProgrammeProject[],
  selection: ProgrammeSelection,
  documents: number,
  periodNotStated = 0,
): ProgrammeSummary {
  const totals = fundingTotals();
  for (const project of projects) addFunding(totals, project);
  const indicators = Object.fromEntries(
    INDICATOR_KEYS.map((key) => {
      const t = indicatorTotals();
      for (const project of projects) {
        const values = project.indicators[key];
        if (!values) continue;
        for (const field of INDICATOR_FIELDS) addTo(t[field], values[field]);
        if (values.realised !== undefined && values.realisedWomen !== undefined) {
          t.womenOfRealised.women += toHundredths(values.realisedWomen);
          t.womenOfRealised.total += toHundredths(values.realised);
          t.womenOfRealised.projects += 1;
        }
      }
      return [key, t];
    }),
  ) as Record<IndicatorKey, IndicatorTotals>;
  const sustainability = SUSTAINABILITY_KEYS.map((key) => {
    const direct = amount();
    const indirect = amount();
    for (const project of projects) {
      const score = project.horizontal?.sustainability?.[key];
      addTo(direct, score?.direct);
      addTo(indirect, score?.indirect);
    }
    return { key, direct, indirect };
  });
  const redFlags = projects
    .filter((p) => p.errors + p.warnings + p.unreviewed.length > 0)
    .map((p) => ({
      key: p.key,
      ...(p.name ? { name: p.name } : {}),
      errors: p.errors,
      warnings: p.warnings,
      checkIds: p.checkIds,
      unreviewed: p.unreviewed,
    }))
    .sort(
      (a, b) =>
        b.errors - a.errors ||
        b.warnings - a.warnings ||
        b.unreviewed.length - a.unreviewed.length ||
        (a.key < b.key ? -1 : 1),
    );
  const projectDocuments = projects.reduce((n, p) => n + p.documents.length, 0);
  return {
    managingAuthority: selection.managingAuthority,
    period: normalisePeriod(selection.period),
    projects: projects.length,
    documents,
    linkedDocuments: projectDocuments - projects.length,
    periodNotStated,
    totals,
    byFund: grouped(projects, (p) => p.fund),
    byPriorityAxis: grouped(projects, (p) => p.priorityAxis),
    byRegion: grouped(projects, (p) => p.region),
    indicators,
    gender: {
      genderAnalysisDone: yesNo(projects, (p) => p.horizontal?.genderAnalysisDone),
      genderMainstreamed: yesNo(projects, (p) => p.horizontal?.genderMainstreamed),
      genderEqualityMainGoal: yesNo(projects, (p) => p.horizontal?.genderEqualityMainGoal),
    },
    sustainability,
    redFlags,
  };
}

/** Hundredths back to a number for a spreadsheet cell: `153291010` → `1532910.1`. */
export function fromHundredths(hundredths: number): number {
  return hundredths / 100;
}
