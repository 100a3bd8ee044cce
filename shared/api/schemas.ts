import { PrincipalSchema } from '../auth/principal.ts';
import { INDICATOR_PATHS } from '../pipeline/indicators.ts';
import { ReviewEventSchema, ReviewSchema } from '../review/overlay.ts';
import {
  CheckSchema,
  DocumentKindSchema,
  FundSchema,
  ProjectStatusSchema,
  ReportRecordSchema,
  SEVERITIES,
} from '../schemas/report-record.ts';
import * as z from '../schemas/zod.ts';
import { EuIndicatorCodeSchema } from './indicator-codes.ts';

export const FormatSchema = z.enum(['json', 'csv', 'xlsx']);
export type Format = z.infer<typeof FormatSchema>;

const paging = {
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(500)), 50),
  cursor: z.optional(z.string().check(z.minLength(1))),
  format: z.optional(FormatSchema),
};

const filters = {
  fund: z.optional(FundSchema),
  region: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  authority: z.optional(z.string().check(z.minLength(1), z.maxLength(300))),
  period: z.optional(
    z.string().check(z.regex(/^\d{4}-\d{4}$/, 'expected a programming period such as 2014-2020')),
  ),
};

export const ProjectsQuerySchema = z.object({
  ...filters,
  status: z.optional(ProjectStatusSchema),
  ...paging,
});
export type ProjectsQuery = z.infer<typeof ProjectsQuerySchema>;

export const ProjectCodeSchema = z.object({
  code: z.string().check(z.minLength(1), z.maxLength(200)),
});
export const ReportVersionParamsSchema = z.object({
  code: z.string().check(z.minLength(1), z.maxLength(200)),
  version: z.string().check(z.regex(/^[0-9a-f]{64}$/, 'expected the sha256 of a report version')),
});

export const IndicatorPathSchema = z.object({
  path: z.enum(INDICATOR_PATHS as [string, ...string[]], {
    error: () => `expected one of ${INDICATOR_PATHS.join(', ')}`,
  }),
});
export const GROUP_BY = [
  'region',
  'fund',
  'authority',
  'period',
  'programme',
  'axis',
  'status',
] as const;
export const IndicatorQuerySchema = z.object({
  ...filters,
  groupBy: z.optional(z.enum(GROUP_BY)),
  /** Lists the values behind one group's figures (`group`, or the only group), a page at a time. */
  contributions: z.optional(z.enum(['true', 'false'])),
  group: z.optional(z.string().check(z.minLength(1), z.maxLength(300))),
  limit: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(500))),
  cursor: z.optional(z.string().check(z.minLength(1))),
  format: z.optional(FormatSchema),
});
export type IndicatorQuery = z.infer<typeof IndicatorQuerySchema>;

export const ChecksQuerySchema = z.object({
  severity: z._default(z.enum(SEVERITIES), 'error'),
  ...paging,
});
export const AwardsQuerySchema = z.object({
  minAmount: z.optional(z.coerce.number().check(z.nonnegative())),
  maxAmount: z.optional(z.coerce.number().check(z.nonnegative())),
  ...paging,
});
export const CallsQuerySchema = z.object({ ...paging });
export const AuditQuerySchema = z.object({
  project: z.string().check(z.minLength(1), z.maxLength(200)),
  format: z.optional(FormatSchema),
});
export const UploadRequestSchema = z.object({
  fileName: z.string().check(
    z.minLength(1),
    z.maxLength(200),
    z.regex(/^[^/\\]+$/, 'a file name, without folders'),
    z.refine((name) => !name.startsWith('.'), 'must not start with a dot'),
  ),
});

export const ProjectSchema = z.object({
  projectId: z.string(),
  code: z.optional(z.string()),
  name: z.optional(z.string()),
  kind: z.optional(DocumentKindSchema),
  fund: z.optional(FundSchema),
  region: z.optional(z.string()),
  managingAuthority: z.optional(z.string()),
  programmingPeriod: z.optional(z.string()),
  status: z.optional(ProjectStatusSchema),
  language: z.optional(z.string()),
  latestVersion: z.string(),
});
export type ProjectView = z.infer<typeof ProjectSchema>;

export const ProjectListSchema = z.object({
  items: z.array(ProjectSchema),
  cursor: z.optional(z.string()),
});

export const ReportVersionSummarySchema = z.object({
  version: z.string(),
  receivedAt: z.string(),
  kind: DocumentKindSchema,
  findings: z.number(),
  latest: z.boolean(),
});
export const ReportVersionListSchema = z.object({ items: z.array(ReportVersionSummarySchema) });

export const ReportVersionSchema = z.object({
  version: z.string(),
  status: z.enum(['stored', 'rejected', 'failed']),
  reason: z.optional(z.string()),
  receivedAt: z.string(),
  objectKey: z.string(),
  record: ReportRecordSchema,
  finalReports: z.optional(z.record(z.string(), z.string())),
});

export const IndicatorContributionSchema = z.object({
  projectId: z.string(),
  version: z.string(),
  value: z.number(),
  line: z.optional(z.number()),
  text: z.optional(z.string()),
});
export const AggregateSchema = z.object({
  group: z.string(),
  sum: z.number(),
  count: z.number(),
  min: z.number(),
  max: z.number(),
  /** Empty unless `contributions=true`: then one page of the values behind this group's figures. */
  contributions: z.array(IndicatorContributionSchema),
});
export const IndicatorAggregateSchema = z.object({
  path: z.string(),
  euCodes: z.array(EuIndicatorCodeSchema),
  groupBy: z.optional(z.enum(GROUP_BY)),
  groups: z.array(AggregateSchema),
  /** More groups (or, with `contributions=true`, more contributions) follow: pass it back. */
  cursor: z.optional(z.string()),
});

export const CheckFindingSchema = z.object({
  ...CheckSchema.shape,
  version: z.string(),
  receivedAt: z.string(),
  kind: DocumentKindSchema,
  projectId: z.optional(z.string()),
});
export const CheckListSchema = z.object({
  items: z.array(CheckFindingSchema),
  cursor: z.optional(z.string()),
});

export const AwardViewSchema = z.object({
  version: z.string(),
  recipient: z.string(),
  amount: z.number(),
  note: z.optional(z.string()),
  line: z.optional(z.number()),
});
export const AwardListSchema = z.object({
  items: z.array(AwardViewSchema),
  cursor: z.optional(z.string()),
});

export const CallViewSchema = z.object({
  version: z.string(),
  receivedAt: z.string(),
  objectKey: z.string(),
  status: z.enum(['stored', 'rejected', 'failed']),
  language: z.optional(z.string()),
  deadline: z.optional(z.string()),
  maxFundingRate: z.optional(z.number()),
  applicants: z.optional(z.string()),
});
export const CallListSchema = z.object({
  items: z.array(CallViewSchema),
  cursor: z.optional(z.string()),
});

export const AuditEventSchema = z.object({
  at: z.string(),
  action: z.string(),
  version: z.optional(z.string()),
  objectKey: z.optional(z.string()),
  detail: z.optional(z.string()),
});
export const AuditListSchema = z.object({ items: z.array(AuditEventSchema) });

export const PresignedUrlSchema = z.object({
  url: z.string(),
  method: z.enum(['GET', 'PUT']),
  expiresInSeconds: z.number(),
  key: z.string(),
});

export const ErrorSchema = z.object({ error: z.string(), message: z.string() });

// Review (issue 17): the overlay beside a version, who is asking, and the read text.
export const ReviewedReportVersionSchema = z.object({
  ...ReportVersionSchema.shape,
  review: ReviewSchema,
  effective: ReportRecordSchema,
});
export const ReviewHistorySchema = z.object({ items: z.array(ReviewEventSchema) });
export const ReviewHistoryQuerySchema = z.object({
  path: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
});
export const ReadTextSchema = z.object({
  lines: z.array(z.object({ line: z.number(), page: z.optional(z.number()), text: z.string() })),
});
export const MeSchema = PrincipalSchema;
