import { projectFilter } from '../auth/policy.ts';
import type { Principal } from '../auth/principal.ts';
import { ReviewSchema } from '../review/overlay.ts';
import { QueueSchema, reviewQueue } from '../review/queue.ts';
import {
  ApproveRequestSchema,
  approveVersion,
  ReopenRequestSchema,
  ReviewRequestSchema,
  readTextOf,
  reopenVersion,
  reviewField,
  reviewHistory,
  reviewOfVersion,
} from '../review/reviews.ts';
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
  MeSchema,
  PresignedUrlSchema,
  ProjectCodeSchema,
  ProjectListSchema,
  ProjectSchema,
  ProjectsQuerySchema,
  ReadTextSchema,
  ReportVersionListSchema,
  ReportVersionParamsSchema,
  ReviewedReportVersionSchema,
  ReviewHistoryQuerySchema,
  ReviewHistorySchema,
  UploadRequestSchema,
} from './schemas.ts';

type AnyObject = z.ZodMiniObject;

export interface RouteInput {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
  /** Who asks, already allowed the route by the policy (shared/auth/policy.ts). */
  principal: Principal;
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
    input: { params: z.infer<P>; query: z.infer<Q>; body: z.infer<B>; principal: Principal },
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
    run: async (deps, { query, principal }) => {
      const page = await listProjects(deps, query);
      const own = projectFilter(principal, 'GET /projects');
      return own ? { ...page, items: page.items.filter((p) => own.includes(p.projectId)) } : page;
    },
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
    summary:
      'One report version: the extracted record with provenance and checks, its review overlay and the effective record (reviews applied)',
    params: ReportVersionParamsSchema,
    response: ReviewedReportVersionSchema,
    run: async (deps, { params }) => {
      const version = await getReportVersion(deps, params.code, params.version);
      return { ...version, ...(await reviewOfVersion(deps, params.version, version.record)) };
    },
  }),
  route({
    method: 'GET',
    path: '/projects/{code}/reports/{version}/text',
    summary:
      "The document's read text, line by line as provenance cites it, with contact details removed",
    params: ReportVersionParamsSchema,
    response: ReadTextSchema,
    run: (deps, { params }) => readTextOf(deps, params),
  }),
  route({
    method: 'GET',
    path: '/projects/{code}/reports/{version}/reviews',
    summary:
      "A version's review history in order (of one field with path=), with who, when and why",
    params: ReportVersionParamsSchema,
    query: ReviewHistoryQuerySchema,
    response: ReviewHistorySchema,
    table: {
      columns: ['seq', 'at', 'by', 'action', 'path', 'value', 'previous', 'reason', 'page', 'line'],
      rows: (r) =>
        r.items.map((e) => ({
          ...e,
          value: e.value === undefined ? undefined : JSON.stringify(e.value),
          previous: e.previous === undefined ? undefined : JSON.stringify(e.previous),
        })),
    },
    run: (deps, { params, query }) => reviewHistory(deps, params, query.path),
  }),
  route({
    method: 'POST',
    path: '/projects/{code}/reports/{version}/reviews',
    summary:
      'Confirm, correct, add or mark absent one field of a version (reason needed but for confirm); the updated overlay',
    params: ReportVersionParamsSchema,
    body: ReviewRequestSchema,
    response: ReviewSchema,
    status: 201,
    run: (deps, { params, body, principal }) => reviewField(deps, principal, params, body),
  }),
  route({
    method: 'POST',
    path: '/projects/{code}/reports/{version}/approve',
    summary: 'Approve a version: locks its review and renders its final report again',
    params: ReportVersionParamsSchema,
    body: ApproveRequestSchema,
    response: ReviewSchema,
    run: (deps, { params, principal }) => approveVersion(deps, principal, params),
  }),
  route({
    method: 'POST',
    path: '/projects/{code}/reports/{version}/reopen',
    summary: 'Reopen an approved version for review, with a reason',
    params: ReportVersionParamsSchema,
    body: ReopenRequestSchema,
    response: ReviewSchema,
    run: (deps, { params, body, principal }) => reopenVersion(deps, principal, params, body.reason),
  }),
  route({
    method: 'GET',
    path: '/review/queue',
    summary:
      'Stored versions waiting for review (approved ones excluded): errors first, then warnings, then unconfirmed key indicators',
    response: QueueSchema,
    table: {
      columns: [
        'projectId',
        'version',
        'receivedAt',
        'kind',
        'status',
        'errors',
        'warnings',
        'unconfirmed',
      ],
      rows: (r) => r.items.map((i) => ({ ...i, unconfirmed: i.unconfirmed.join(' ') })),
    },
    run: (deps, { principal }) => reviewQueue(deps, projectFilter(principal, 'GET /review/queue')),
  }),
  route({
    method: 'GET',
    path: '/me',
    summary: 'Who is asking: id, name, roles and the projects a project manager owns',
    response: MeSchema,
    run: async (_deps, { principal }) => principal,
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
      // Each group's figures; with `contributions=true`, the values behind them, one a row.
      columns: [
        'group',
        'count',
        'sum',
        'min',
        'max',
        'projectId',
        'version',
        'value',
        'line',
        'text',
      ],
      rows: (r) =>
        r.groups.flatMap((g): Row[] =>
          g.contributions.length > 0
            ? g.contributions.map((c) => ({ group: g.group, ...c }))
            : [{ group: g.group, count: g.count, sum: g.sum, min: g.min, max: g.max }],
        ),
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
