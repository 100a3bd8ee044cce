import * as z from 'zod';
import { INDICATOR_PATHS } from '../pipeline/indicators.ts';
import {
  CheckSchema,
  DocumentKindSchema,
  FundSchema,
  ProjectStatusSchema,
  ReportRecordSchema,
  SEVERITIES,
} from '../schemas/report-record.ts';
import { EuIndicatorCodeSchema } from './indicator-codes.ts';

export const FormatSchema = z.enum(['json', 'csv', 'xlsx']);
export type Format = z.infer<typeof FormatSchema>;

const paging = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().min(1).optional(),
  format: FormatSchema.optional(),
};

const filters = {
  fund: z.optional(FundSchema),
  region: z.string().min(1).max(200).optional(),
  authority: z.string().min(1).max(300).optional(),
  period: z
    .string()
    .regex(/^\d{4}-\d{4}$/, 'expected a programming period such as 2014-2020')
    .optional(),
};

export const ProjectsQuerySchema = z.object({
  ...filters,
  status: z.optional(ProjectStatusSchema),
  ...paging,
});
export type ProjectsQuery = z.infer<typeof ProjectsQuerySchema>;

export const ProjectCodeSchema = z.object({ code: z.string().min(1).max(200) });
export const ReportVersionParamsSchema = z.object({
  code: z.string().min(1).max(200),
  version: z.string().regex(/^[0-9a-f]{64}$/, 'expected the sha256 of a report version'),
});

export const IndicatorPathSchema = z.object({
  path: z.enum(INDICATOR_PATHS as [string, ...string[]], {
    error: () => `expected one of ${INDICATOR_PATHS.join(', ')}`,
  }),
});
export const GROUP_BY = ['region', 'fund', 'authority', 'period'] as const;
export const IndicatorQuerySchema = z.object({
  ...filters,
  groupBy: z.enum(GROUP_BY).optional(),
  format: FormatSchema.optional(),
});
export type IndicatorQuery = z.infer<typeof IndicatorQuerySchema>;

export const ChecksQuerySchema = z.object({
  severity: z.enum(SEVERITIES).default('error'),
  ...paging,
});
export const AwardsQuerySchema = z.object({
  minAmount: z.coerce.number().nonnegative().optional(),
  maxAmount: z.coerce.number().nonnegative().optional(),
  ...paging,
});
export const AuditQuerySchema = z.object({
  project: z.string().min(1).max(200),
  format: FormatSchema.optional(),
});
export const UploadRequestSchema = z.object({
  fileName: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[^/\\]+$/, 'a file name, without folders')
    .refine((name) => !name.startsWith('.'), 'must not start with a dot'),
});

export const ProjectSchema = z.object({
  projectId: z.string(),
  code: z.string().optional(),
  name: z.string().optional(),
  kind: z.optional(DocumentKindSchema),
  fund: z.optional(FundSchema),
  region: z.string().optional(),
  managingAuthority: z.string().optional(),
  programmingPeriod: z.string().optional(),
  status: z.optional(ProjectStatusSchema),
  language: z.string().optional(),
  latestVersion: z.string(),
});
export type ProjectView = z.infer<typeof ProjectSchema>;

export const ProjectListSchema = z.object({
  items: z.array(ProjectSchema),
  cursor: z.string().optional(),
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
  reason: z.string().optional(),
  receivedAt: z.string(),
  objectKey: z.string(),
  record: ReportRecordSchema,
  finalReports: z.record(z.string(), z.string()).optional(),
});

export const IndicatorContributionSchema = z.object({
  projectId: z.string(),
  version: z.string(),
  value: z.number(),
  line: z.number().optional(),
  text: z.string().optional(),
});
export const AggregateSchema = z.object({
  group: z.string(),
  sum: z.number(),
  count: z.number(),
  min: z.number(),
  max: z.number(),
  contributions: z.array(IndicatorContributionSchema),
});
export const IndicatorAggregateSchema = z.object({
  path: z.string(),
  euCodes: z.array(EuIndicatorCodeSchema),
  groupBy: z.enum(GROUP_BY).optional(),
  groups: z.array(AggregateSchema),
});

export const CheckFindingSchema = z.object({
  ...CheckSchema.shape,
  version: z.string(),
  receivedAt: z.string(),
  kind: DocumentKindSchema,
  projectId: z.string().optional(),
});
export const CheckListSchema = z.object({
  items: z.array(CheckFindingSchema),
  cursor: z.string().optional(),
});

export const AwardViewSchema = z.object({
  version: z.string(),
  recipient: z.string(),
  amount: z.number(),
  note: z.string().optional(),
  line: z.number().optional(),
});
export const AwardListSchema = z.object({
  items: z.array(AwardViewSchema),
  cursor: z.string().optional(),
});

export const AuditEventSchema = z.object({
  at: z.string(),
  action: z.string(),
  version: z.string().optional(),
  objectKey: z.string().optional(),
  detail: z.string().optional(),
});
export const AuditListSchema = z.object({ items: z.array(AuditEventSchema) });

export const PresignedUrlSchema = z.object({
  url: z.string(),
  method: z.enum(['GET', 'PUT']),
  expiresInSeconds: z.number(),
  key: z.string(),
});

export const ErrorSchema = z.object({ error: z.string(), message: z.string() });
