import * as z from 'zod';

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

const euros = z.number().finite();
const count = z.number().finite();
const percent = z.number().finite();

export const ProjectSchema = z.object({
  code: z.string().min(1).optional(),
  name: z.string().min(1).optional(),
  acronym: z.string().min(1).optional(),
  beneficiary: z.string().min(1).optional(),
  businessId: z.string().min(1).optional(),
  fund: FundSchema.optional(),
  programme: z.string().min(1).optional(),
  priorityAxis: z.string().min(1).optional(),
  specificObjective: z.string().min(1).optional(),
  programmingPeriod: z.string().min(1).optional(),
  managingAuthority: z.string().min(1).optional(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
  region: z.string().min(1).optional(),
  subRegion: z.string().min(1).optional(),
  municipalities: z.array(z.string().min(1)).optional(),
  startDate: IsoDateSchema.optional(),
  endDate: IsoDateSchema.optional(),
  status: ProjectStatusSchema.optional(),
});
export type Project = z.infer<typeof ProjectSchema>;

export const OrganisationFundingSchema = z.object({
  organisation: z.string().min(1),
  amount: euros,
});
export type OrganisationFunding = z.infer<typeof OrganisationFundingSchema>;

export const FundingSchema = z.object({
  totalBudget: euros.optional(),
  euContribution: euros.optional(),
  euCofinancingRate: percent.optional(),
  euAndStateGranted: euros.optional(),
  euAndStateRealised: euros.optional(),
  publicPlanned: euros.optional(),
  publicRealised: euros.optional(),
  byOrganisation: z.array(OrganisationFundingSchema).optional(),
});
export type Funding = z.infer<typeof FundingSchema>;

export const IndicatorSchema = z.object({
  planned: count.optional(),
  plannedWomen: count.optional(),
  realised: count.optional(),
  realisedWomen: count.optional(),
});
export type Indicator = z.infer<typeof IndicatorSchema>;

export const INDICATOR_KEYS = ['jobsCreated', 'enterprisesCreated'] as const;
export type IndicatorKey = (typeof INDICATOR_KEYS)[number];

export const IndicatorsSchema = z.object({
  jobsCreated: IndicatorSchema.optional(),
  enterprisesCreated: IndicatorSchema.optional(),
});
export type Indicators = z.infer<typeof IndicatorsSchema>;

/** Scores are kept as stated; values outside 0..10 are reported by a check, not dropped. */
export const SustainabilityScoreSchema = z.object({
  direct: z.number().finite().optional(),
  indirect: z.number().finite().optional(),
});
export type SustainabilityScore = z.infer<typeof SustainabilityScoreSchema>;

export const SustainabilitySchema = z.partialRecord(
  SustainabilityKeySchema,
  SustainabilityScoreSchema,
);
export type Sustainability = z.infer<typeof SustainabilitySchema>;

export const HorizontalSchema = z.object({
  genderAnalysisDone: z.boolean().optional(),
  genderMainstreamed: z.boolean().optional(),
  genderEqualityMainGoal: z.boolean().optional(),
  sustainability: SustainabilitySchema.optional(),
});
export type Horizontal = z.infer<typeof HorizontalSchema>;

export const CallSchema = z.object({
  deadline: DeadlineSchema.optional(),
  maxFundingRate: percent.optional(),
  applicants: z.string().min(1).optional(),
});
export type Call = z.infer<typeof CallSchema>;

export const AwardSchema = z.object({
  recipient: z.string().min(1),
  amount: euros,
  note: z.string().min(1).optional(),
});
export type Award = z.infer<typeof AwardSchema>;

export const CheckSchema = z.object({
  id: z.string().min(1),
  severity: SeveritySchema,
  message: z.string().min(1),
  fields: z.array(z.string()),
});
export type Check = z.infer<typeof CheckSchema>;

export const ProvenanceEntrySchema = z.object({
  line: z.number().int().positive(),
  text: z.string(),
});
export type ProvenanceEntry = z.infer<typeof ProvenanceEntrySchema>;

export const ProvenanceSchema = z.record(z.string(), ProvenanceEntrySchema);
export type Provenance = z.infer<typeof ProvenanceSchema>;

export const ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'] as const;
export const EncodingSchema = z.enum(ENCODINGS);
export type Encoding = z.infer<typeof EncodingSchema>;

export const SourceSchema = z.object({
  key: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().nonnegative(),
  encoding: EncodingSchema.optional(),
  parser: z.string().min(1),
  parserVersion: z.string().min(1),
});
export type Source = z.infer<typeof SourceSchema>;

export const ReportRecordSchema = z.object({
  kind: DocumentKindSchema,
  language: LanguageSchema.optional(),
  project: ProjectSchema.optional(),
  funding: FundingSchema.optional(),
  indicators: IndicatorsSchema.optional(),
  horizontal: HorizontalSchema.optional(),
  call: CallSchema.optional(),
  awards: z.array(AwardSchema).optional(),
  awardsStatedTotal: euros.optional(),
  awardsStatedCount: count.optional(),
  applicationsReceived: count.optional(),
  checks: z.array(CheckSchema),
  provenance: ProvenanceSchema,
  source: SourceSchema,
});
export type ReportRecord = z.infer<typeof ReportRecordSchema>;

/** What a kind parser returns: the record without the parts extraction adds around it. */
export type ExtractedFields = Omit<ReportRecord, 'kind' | 'language' | 'checks' | 'source'>;
