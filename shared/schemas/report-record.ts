import * as z from './zod.ts';

export const DOCUMENT_KINDS = [
  'project-description',
  'project-page',
  'research-project',
  'funding-call',
  'grant-decisions',
  'unknown',
] as const;
export const DocumentKindSchema = z.enum(DOCUMENT_KINDS);
export type DocumentKind = z.infer<typeof DocumentKindSchema>;

export const LANGUAGES = ['fi', 'sv', 'en'] as const;
export const LanguageSchema = z.enum(LANGUAGES);
export type Language = z.infer<typeof LanguageSchema>;

export const FUNDS = [
  'ERDF',
  'ESF',
  'ESF+',
  'CF',
  'JTF',
  'EAFRD',
  'EMFF',
  'INTERREG',
  'OTHER',
] as const;
export const FundSchema = z.enum(FUNDS);
export type Fund = z.infer<typeof FundSchema>;

export const PROJECT_STATUSES = ['planned', 'ongoing', 'ended'] as const;
export const ProjectStatusSchema = z.enum(PROJECT_STATUSES);
export type ProjectStatus = z.infer<typeof ProjectStatusSchema>;

export const SUSTAINABILITY_KEYS = [
  'naturalResources',
  'climateRisks',
  'biodiversity',
  'waterSoilAir',
  'natura2000',
  'materialsAndWaste',
  'renewableEnergy',
  'localEconomy',
  'intangibleServices',
  'mobilityLogistics',
  'wellbeing',
  'equality',
  'socialInclusion',
  'culturalEnvironment',
  'environmentalExpertise',
] as const;
export const SustainabilityKeySchema = z.enum(SUSTAINABILITY_KEYS);
export type SustainabilityKey = z.infer<typeof SustainabilityKeySchema>;

export const SEVERITIES = ['error', 'warning', 'info'] as const;
export const SeveritySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof SeveritySchema>;

/** ISO `YYYY-MM-DD` that names a real calendar day. */
export const IsoDateSchema = z.iso.date();
/** ISO 8601 date-time with offset; a bare date where the document states no time. */
export const DeadlineSchema = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);

/** A non-empty string: an empty one is never a stated value. */
const text = z.string().check(z.minLength(1));
// z.number() accepts only finite numbers.
const euros = z.number();
const count = z.number();
const percent = z.number();

export const ProjectSchema = z.object({
  code: z.optional(text),
  name: z.optional(text),
  acronym: z.optional(text),
  beneficiary: z.optional(text),
  businessId: z.optional(text),
  fund: z.optional(FundSchema),
  programme: z.optional(text),
  priorityAxis: z.optional(text),
  specificObjective: z.optional(text),
  programmingPeriod: z.optional(text),
  managingAuthority: z.optional(text),
  country: z.optional(z.string().check(z.regex(/^[A-Z]{2}$/))),
  region: z.optional(text),
  subRegion: z.optional(text),
  municipalities: z.optional(z.array(text)),
  startDate: z.optional(IsoDateSchema),
  endDate: z.optional(IsoDateSchema),
  status: z.optional(ProjectStatusSchema),
  /** The document's own summary or description of the project, as written. */
  summary: z.optional(z.string().check(z.minLength(1), z.maxLength(2000))),
});
export type Project = z.infer<typeof ProjectSchema>;

export const OrganisationFundingSchema = z.object({
  organisation: text,
  amount: euros,
});
export type OrganisationFunding = z.infer<typeof OrganisationFundingSchema>;

export const FundingSchema = z.object({
  totalBudget: z.optional(euros),
  euContribution: z.optional(euros),
  euCofinancingRate: z.optional(percent),
  euAndStateGranted: z.optional(euros),
  euAndStateRealised: z.optional(euros),
  publicPlanned: z.optional(euros),
  publicRealised: z.optional(euros),
  byOrganisation: z.optional(z.array(OrganisationFundingSchema)),
});
export type Funding = z.infer<typeof FundingSchema>;

export const IndicatorSchema = z.object({
  planned: z.optional(count),
  plannedWomen: z.optional(count),
  realised: z.optional(count),
  realisedWomen: z.optional(count),
});
export type Indicator = z.infer<typeof IndicatorSchema>;

export const INDICATOR_KEYS = ['jobsCreated', 'enterprisesCreated'] as const;
export type IndicatorKey = (typeof INDICATOR_KEYS)[number];

export const IndicatorsSchema = z.object({
  jobsCreated: z.optional(IndicatorSchema),
  enterprisesCreated: z.optional(IndicatorSchema),
});
export type Indicators = z.infer<typeof IndicatorsSchema>;

/** Scores are kept as stated; values outside 0..10 are reported by a check, not dropped. */
export const SustainabilityScoreSchema = z.object({
  direct: z.optional(z.number()),
  indirect: z.optional(z.number()),
});
export type SustainabilityScore = z.infer<typeof SustainabilityScoreSchema>;

export const SustainabilitySchema = z.partialRecord(
  SustainabilityKeySchema,
  SustainabilityScoreSchema,
);
export type Sustainability = z.infer<typeof SustainabilitySchema>;

export const HorizontalSchema = z.object({
  genderAnalysisDone: z.optional(z.boolean()),
  genderMainstreamed: z.optional(z.boolean()),
  genderEqualityMainGoal: z.optional(z.boolean()),
  sustainability: z.optional(SustainabilitySchema),
});
export type Horizontal = z.infer<typeof HorizontalSchema>;

export const CallSchema = z.object({
  deadline: z.optional(DeadlineSchema),
  maxFundingRate: z.optional(percent),
  applicants: z.optional(text),
});
export type Call = z.infer<typeof CallSchema>;

export const AwardSchema = z.object({
  recipient: text,
  amount: euros,
  note: z.optional(text),
});
export type Award = z.infer<typeof AwardSchema>;

export const CheckSchema = z.object({
  id: text,
  severity: SeveritySchema,
  message: text,
  fields: z.array(z.string()),
});
export type Check = z.infer<typeof CheckSchema>;

export const ProvenanceEntrySchema = z.object({
  line: z.int().check(z.positive()),
  text: z.string(),
  /** 1-based PDF page. */
  page: z.optional(z.int().check(z.positive())),
  /** Spreadsheet sheet and the first cell of the row. */
  sheet: z.optional(z.string()),
  cell: z.optional(z.string()),
});
export type ProvenanceEntry = z.infer<typeof ProvenanceEntrySchema>;

export const ProvenanceSchema = z.record(z.string(), ProvenanceEntrySchema);
export type Provenance = z.infer<typeof ProvenanceSchema>;

export const ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'] as const;
export const EncodingSchema = z.enum(ENCODINGS);
export type Encoding = z.infer<typeof EncodingSchema>;

export const SOURCE_FORMATS = ['text', 'pdf', 'docx', 'odt', 'xlsx', 'ods', 'html'] as const;
export const SourceFormatSchema = z.enum(SOURCE_FORMATS);
export type SourceFormat = z.infer<typeof SourceFormatSchema>;

export const SourceSchema = z.object({
  key: z.string(),
  sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  bytes: z.int().check(z.nonnegative()),
  encoding: z.optional(EncodingSchema),
  /** The format the document was read as; absent when it could not be told (or in old records). */
  format: z.optional(SourceFormatSchema),
  /** Number of pages (PDF). */
  pages: z.optional(z.int().check(z.positive())),
  parser: text,
  parserVersion: text,
});
export type Source = z.infer<typeof SourceSchema>;

export const ReportRecordSchema = z.object({
  kind: DocumentKindSchema,
  language: z.optional(LanguageSchema),
  project: z.optional(ProjectSchema),
  funding: z.optional(FundingSchema),
  indicators: z.optional(IndicatorsSchema),
  horizontal: z.optional(HorizontalSchema),
  call: z.optional(CallSchema),
  awards: z.optional(z.array(AwardSchema)),
  awardsStatedTotal: z.optional(euros),
  awardsStatedCount: z.optional(count),
  applicationsReceived: z.optional(count),
  checks: z.array(CheckSchema),
  provenance: ProvenanceSchema,
  source: SourceSchema,
});
export type ReportRecord = z.infer<typeof ReportRecordSchema>;

/** What a kind parser returns: the record without the parts extraction adds around it. */
export type ExtractedFields = Omit<ReportRecord, 'kind' | 'language' | 'checks' | 'source'>;

/**
 * What `ProvenanceSchema` checks, as a plain loop: a record has dozens of provenance entries,
 * and checking each through the schema costs more than the rest of the record together.
 */
function isProvenance(value: unknown): value is Provenance {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  for (const entry of Object.values(value)) {
    if (typeof entry !== 'object' || entry === null) return false;
    const { line, text, page, sheet, cell } = entry as Partial<ProvenanceEntry>;
    if (!Number.isSafeInteger(line) || (line ?? 0) <= 0 || typeof text !== 'string') return false;
    if (page !== undefined && (!Number.isSafeInteger(page) || page <= 0)) return false;
    if (
      (sheet !== undefined && typeof sheet !== 'string') ||
      (cell !== undefined && typeof cell !== 'string')
    )
      return false;
  }
  return true;
}

const RecordWithCheckedProvenance = z.extend(ReportRecordSchema, {
  provenance: z.custom<Provenance>(isProvenance),
});

/**
 * Validates a record against `ReportRecordSchema`, quickly: the provenance entries are checked by
 * a loop, and the full schema runs only when something is wrong, to say what.
 */
export function validateRecord(record: unknown) {
  const checked = RecordWithCheckedProvenance.safeParse(record);
  return checked.success ? checked : ReportRecordSchema.safeParse(record);
}
