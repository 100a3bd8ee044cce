import * as z from '../schemas/zod.ts';
import type { Row } from './formats.ts';
import {
  aggregateIndicator,
  createUploadUrl,
  finalReportUrl,
  getProjectView,
  getReportVersion,
  listAuditLog,
  listAwards,
  listCalls,
  listChecks,
  listProjects,
  listReports,
  type QueryDeps,
} from './queries.ts';
import {
  AuditListSchema,
  AuditQuerySchema,
  AwardListSchema,
  AwardsQuerySchema,
  CallListSchema,
  CallsQuerySchema,
  CheckListSchema,
  ChecksQuerySchema,
  FormatSchema,
  IndicatorAggregateSchema,
  IndicatorPathSchema,
  IndicatorQuerySchema,
  PresignedUrlSchema,
  ProjectCodeSchema,
  ProjectListSchema,
  ProjectSchema,
  ProjectsQuerySchema,
  ReportVersionListSchema,
  ReportVersionParamsSchema,
  ReportVersionSchema,
  UploadRequestSchema,
} from './schemas.ts';

type AnyObject = z.ZodMiniObject;

export interface RouteInput {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
}

/** One API operation: its request schemas, response schema, and how a list becomes table rows. */
export interface Route {
  method: 'GET' | 'POST';
  path: string;
  summary: string;
  params?: AnyObject;
  query?: AnyObject;
  body?: AnyObject;
  response: z.ZodMiniType;
  status?: number;
  /** Columns and rows for CSV and XLSX; routes without it answer JSON only. */
  table?: { columns: string[]; rows: (result: never) => Row[] };
  run: (deps: QueryDeps, input: RouteInput) => Promise<unknown>;
}

function route<P extends AnyObject, Q extends AnyObject, B extends AnyObject, R>(definition: {
  method: 'GET' | 'POST';
  path: string;
  summary: string;
  params?: P;
  query?: Q;
  body?: B;
  response: z.ZodMiniType<R>;
  status?: number;
  table?: { columns: string[]; rows: (result: R) => Row[] };
  run: (
    deps: QueryDeps,
    input: { params: z.infer<P>; query: z.infer<Q>; body: z.infer<B> },
  ) => Promise<R>;
}): Route {
  return definition as unknown as Route;
}

const projectColumns = [
  'projectId',
  'code',
  'name',
  'kind',
  'fund',
  'region',
  'managingAuthority',
  'programmingPeriod',
  'status',
  'language',
  'latestVersion',
];

const LanguageQuerySchema = z.object({ lang: z.optional(z.enum(['fi', 'sv', 'en'])) });

export const ROUTES: Route[] = [
  route({
    method: 'GET',
    path: '/projects',
    summary:
      'Projects, filtered by fund, region, managing authority, programming period and status',
    query: ProjectsQuerySchema,
    response: ProjectListSchema,
    table: { columns: projectColumns, rows: (r) => r.items },
    run: (deps, { query }) => listProjects(deps, query),
  }),
  route({
    method: 'GET',
    path: '/projects/{code}',
    summary: 'One project: its latest version and core fields',
    params: ProjectCodeSchema,
    response: ProjectSchema,
    run: (deps, { params }) => getProjectView(deps, params.code),
  }),
  route({
    method: 'GET',
    path: '/projects/{code}/reports',
    summary: "A project's report versions, oldest first",
    params: ProjectCodeSchema,
    query: z.object({ format: z.optional(FormatSchema) }),
    response: ReportVersionListSchema,
    table: {
      columns: ['version', 'receivedAt', 'kind', 'findings', 'latest'],
      rows: (r) => r.items,
    },
    run: (deps, { params }) => listReports(deps, params.code),
  }),
  route({
    method: 'GET',
    path: '/projects/{code}/reports/{version}',
    summary: 'One report version: the full record with provenance and checks',
    params: ReportVersionParamsSchema,
    response: ReportVersionSchema,
    run: (deps, { params }) => getReportVersion(deps, params.code, params.version),
  }),
  route({
    method: 'GET',
    path: '/projects/{code}/final-report',
    summary: "A short-lived link to the latest version's final-report PDF",
    params: ProjectCodeSchema,
    query: LanguageQuerySchema,
    response: PresignedUrlSchema,
    run: (deps, { params, query }) => finalReportUrl(deps, params.code, query.lang),
  }),
  route({
    method: 'GET',
    path: '/indicators/{path}',
    summary: 'Sum, count, min and max of one indicator across projects, with contributing versions',
    params: IndicatorPathSchema,
    query: IndicatorQuerySchema,
    response: IndicatorAggregateSchema,
    table: {
      columns: ['group', 'projectId', 'version', 'value', 'line', 'text'],
      rows: (r) => r.groups.flatMap((g) => g.contributions.map((c) => ({ group: g.group, ...c }))),
    },
    run: (deps, { params, query }) => aggregateIndicator(deps, params.path, query),
  }),
  route({
    method: 'GET',
    path: '/checks',
    summary: 'Check findings of one severity across all reports, newest first',
    query: ChecksQuerySchema,
    response: CheckListSchema,
    table: {
      columns: [
        'receivedAt',
        'projectId',
        'kind',
        'version',
        'id',
        'severity',
        'message',
        'fields',
      ],
      rows: (r) => r.items.map((f) => ({ ...f, fields: f.fields.join(' ') })),
    },
    run: (deps, { query }) => listChecks(deps, query),
  }),
  route({
    method: 'GET',
    path: '/awards',
    summary: 'Awards of grant-decision lists, newest first',
    query: AwardsQuerySchema,
    response: AwardListSchema,
    table: { columns: ['version', 'recipient', 'amount', 'note', 'line'], rows: (r) => r.items },
    run: (deps, { query }) => listAwards(deps, query),
  }),
  route({
    method: 'GET',
    path: '/calls',
    summary: 'Funding calls, newest first: deadline, maximum funding rate and who may apply',
    query: CallsQuerySchema,
    response: CallListSchema,
    table: {
      columns: [
        'version',
        'receivedAt',
        'objectKey',
        'language',
        'deadline',
        'maxFundingRate',
        'applicants',
      ],
      rows: (r) => r.items,
    },
    run: (deps, { query }) => listCalls(deps, query),
  }),
  route({
    method: 'GET',
    path: '/audit-log',
    summary: 'What happened to a project or document, and when',
    query: AuditQuerySchema,
    response: AuditListSchema,
    table: { columns: ['at', 'action', 'version', 'objectKey', 'detail'], rows: (r) => r.items },
    run: (deps, { query }) => listAuditLog(deps, query),
  }),
  route({
    method: 'POST',
    path: '/uploads',
    summary: 'A presigned PUT URL into the inbox, for a project manager',
    body: UploadRequestSchema,
    response: PresignedUrlSchema,
    status: 201,
    run: (deps, { body }) => createUploadUrl(deps, body),
  }),
];
