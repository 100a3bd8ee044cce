import type { CheckId } from '../../shared/parsing/check-ids.ts';
import type {
  DocumentKind,
  Fund,
  ProjectStatus,
  Severity,
  SustainabilityKey,
} from '../../shared/schemas/report-record.ts';

/** Checks the format readers report besides the extractor's own (`CHECK_IDS`). */
export const READER_CHECK_IDS = [
  'unsupported-format',
  'document-encrypted',
  'document-limit',
  'no-text-layer',
  'ocr-text',
  'ocr-failed',
  'ocr-unreadable-lines',
  'ocr-page-missing',
  'ocr-no-image',
  'ocr-image-too-large',
  'ocr-image-unreadable',
  'empty-spreadsheet',
  'formula-without-value',
] as const;

/** Every check a stored record can carry that a final report explains. */
export type FindingId = CheckId | (typeof READER_CHECK_IDS)[number];

/** Every word a final report prints, for one language. */
export interface ReportStrings {
  /** BCP 47 tag written to the PDF catalog (`/Lang`). */
  locale: string;
  notStated: string;
  yes: string;
  no: string;
  kinds: Record<DocumentKind, string>;
  /** Document titles: the final report of a project description, or a kind's summary. */
  finalReport: string;
  summary: string;
  /** The section with the document's own summary of the project, as written. */
  projectSummary: {
    heading: string;
    source: (line: number) => string;
  };
  /** Titles of documents without a project name: what they are about, never a hash. */
  documentTitles: {
    grantDecisions: (count: number, total: string) => string;
    fundingCall: (deadline: string) => string;
    received: (date: string) => string;
  };
  generated: (time: string) => string;
  /** `{n} / {N}` in the footer. */
  page: (n: number, total: number) => string;
  /** How the footer names a document with no project: `DOC` + the start of its sha256. */
  documentLabel: (shortSha: string) => string;
  attachmentDescription: string;
  project: {
    heading: string;
    code: string;
    name: string;
    acronym: string;
    beneficiary: string;
    businessId: string;
    fund: string;
    programme: string;
    priorityAxis: string;
    specificObjective: string;
    managingAuthority: string;
    country: string;
    region: string;
    subRegion: string;
    municipalities: string;
    programmingPeriod: string;
    duration: string;
    startDate: string;
    endDate: string;
    status: string;
    summary: string;
  };
  statuses: Record<ProjectStatus, string>;
  funds: Record<Fund, string>;
  keyFigures: {
    granted: string;
    realised: string;
    jobs: string;
  };
  indicators: {
    heading: string;
    tableCaption: string;
    indicator: string;
    planned: string;
    plannedWomen: string;
    realised: string;
    realisedWomen: string;
    jobsCreated: string;
    enterprisesCreated: string;
    ofWhichWomen: (name: string) => string;
    chartTitle: string;
    chartAlt: (summary: string) => string;
  };
  funding: {
    heading: string;
    tableCaption: string;
    item: string;
    planned: string;
    realised: string;
    utilisation: string;
    euAndState: string;
    publicFunding: string;
    utilisationNote: string;
    budgetCaption: string;
    totalBudget: string;
    euContribution: string;
    euCofinancingRate: string;
    publicPlanned: string;
    publicRealised: string;
    byOrganisation: string;
    organisation: string;
    amount: string;
  };
  horizontal: {
    heading: string;
    genderHeading: string;
    genderCaption: string;
    question: string;
    answer: string;
    genderAnalysisDone: string;
    genderMainstreamed: string;
    genderEqualityMainGoal: string;
    sustainabilityHeading: string;
    sustainabilityIntro: string;
    direct: string;
    indirect: string;
    chartAlt: (summary: string) => string;
    categories: Record<SustainabilityKey, string>;
  };
  checks: {
    heading: string;
    none: string;
    severities: Record<Severity, string>;
    /** A title for every check the extractor and the readers can report. */
    titles: Record<FindingId, string>;
    /** What each check found, in the report's language. */
    descriptions: Record<FindingId, string>;
    /** Introduces a check's stored message, which the checks write in English (dashboard). */
    storedMessage: string;
    /** Introduces a finding's description. */
    detail: string;
    /** Introduces the fields a finding is about. */
    fields: string;
    /** The description of a check this version does not know (from an older parser). */
    other: string;
  };
  awards: {
    heading: string;
    tableCaption: string;
    number: string;
    recipient: string;
    amount: string;
    note: string;
    line: string;
    total: string;
    chartTitle: string;
    chartTitleLargest: (count: number) => string;
    chartAlt: (count: number, summary: string) => string;
    /** Under a table cut at its limit: how many awards it leaves out (`text` is `count` formatted). */
    notListed: (count: number, text: string) => string;
  };
  reconciliation: {
    heading: string;
    tableCaption: string;
    item: string;
    stated: string;
    fromList: string;
    difference: string;
    total: string;
    count: string;
    applicationsReceived: string;
    agrees: string;
    agreesWithinRounding: string;
    disagrees: string;
  };
  call: {
    heading: string;
    deadline: string;
    maxFundingRate: string;
    applicants: string;
  };
  unknown: {
    heading: string;
    body: string;
  };
  source: {
    heading: string;
    appendixHeading: string;
    appendixIntro: string;
    tableCaption: string;
    field: string;
    line: string;
    text: string;
    key: string;
    sha256: string;
    bytes: string;
    encoding: string;
    format: string;
    /** Header of the column citing a line's page, or its sheet and cell. */
    origin: string;
    pages: string;
    /** A PDF page as the appendix cites it: `p. 3`. */
    page: (page: number) => string;
    parser: string;
    factsCaption: string;
    noLines: string;
    /** Under a listing cut at its limit: how many source lines it leaves out. */
    linesNotListed: (count: number, text: string) => string;
  };
  facts: {
    caption: string;
    callCaption: string;
    label: string;
    value: string;
  };
  dates: {
    /** A calendar day from its numbers (month 1–12). */
    day: (year: number, month: number, day: number) => string;
    /** A time of day; minutes are already two digits. */
    time: (hours: number, minutes: string) => string;
    /** Joins a day and a time, e.g. `15.9.2017 klo 16.15`. */
    at: (day: string, time: string) => string;
    range: (start: string, end: string) => string;
  };
  /** Review and approval by people: who approved, and the values a reviewer changed. */
  review: {
    heading: string;
    approved: (by: string, at: string) => string;
    inReview: string;
    notApproved: string;
    caption: string;
    mark: string;
    field: string;
    value: string;
    note: string;
    corrected: (reason: string) => string;
    /** The value extraction read, beside a corrected one. */
    extracted: (value: string) => string;
    added: (reason: string, line: number | undefined, page: number | undefined) => string;
    absent: (reason: string) => string;
    confirmed: (count: number) => string;
  };
}
