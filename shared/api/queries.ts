import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  ALL_GROUP,
  type CellState,
  cellFigures,
  computeCells,
  contributionOf,
  GROUP_BY_GROUPING,
  type Grouping,
  NOT_STATED,
} from '../aggregates/groupings.ts';
import { BadRequestError, NotFoundError } from '../errors.ts';
import type { ReportRecord } from '../schemas/report-record.ts';
import type * as z from '../schemas/zod.ts';
import { presignUrl } from '../storage/presign.ts';
import {
  aggregateOfGroup,
  aggregatesPage,
  indicatorValues,
  indicatorValuesPage,
  listAwardsPage,
  listChecksPage,
  listProjectsPage,
  listReportsOfKindPage,
  type Page,
} from '../storage/query-store.ts';
import {
  getProject,
  getReport,
  listAudit,
  listProjectVersions,
  loadRecord,
  type ProjectSummary,
  type ReportVersion,
} from '../storage/report-store.ts';
import { INBOX_PREFIX } from '../storage/table-definition.ts';
import { euCodesFor } from './indicator-codes.ts';
import type {
  AuditListSchema,
  AuditQuerySchema,
  AwardListSchema,
  AwardsQuerySchema,
  CallListSchema,
  CallsQuerySchema,
  CheckListSchema,
  ChecksQuerySchema,
  IndicatorAggregateSchema,
  IndicatorQuery,
  PresignedUrlSchema,
  ProjectsQuery,
  ProjectView,
  ReportVersionListSchema,
  ReportVersionSchema,
  UploadRequestSchema,
} from './schemas.ts';

export interface QueryDeps {
  ddb: DynamoDBClient;
  s3: S3Client;
  table: string;
  inboxBucket: string;
  outboxBucket: string;
  /** Lifetime of presigned URLs. */
  urlSeconds: number;
}

function projectView(p: ProjectSummary): ProjectView {
  return {
    projectId: p.projectId,
    latestVersion: p.latestSha,
    ...(p.code ? { code: p.code } : {}),
    ...(p.name ? { name: p.name } : {}),
    ...(p.kind ? { kind: p.kind as ProjectView['kind'] } : {}),
    ...(p.fund ? { fund: p.fund as ProjectView['fund'] } : {}),
    ...(p.region ? { region: p.region } : {}),
    ...(p.managingAuthority ? { managingAuthority: p.managingAuthority } : {}),
    ...(p.programmingPeriod ? { programmingPeriod: p.programmingPeriod } : {}),
    ...(p.status ? { status: p.status as ProjectView['status'] } : {}),
    ...(p.language ? { language: p.language } : {}),
  };
}

export async function listProjects(
  deps: QueryDeps,
  query: ProjectsQuery,
): Promise<Page<ProjectView>> {
  const page = await listProjectsPage(
    deps.ddb,
    deps.table,
    {
      fund: query.fund,
      region: query.region,
      authority: query.authority,
      period: query.period,
      status: query.status,
    },
    query.limit,
    query.cursor,
  );
  return { items: page.items.map(projectView), ...(page.cursor ? { cursor: page.cursor } : {}) };
}

async function projectOrThrow(deps: QueryDeps, code: string): Promise<ProjectSummary> {
  const project = await getProject(deps.ddb, deps.table, code);
  if (!project) throw new NotFoundError(`Project ${code}`);
  return project;
}

export async function getProjectView(deps: QueryDeps, code: string): Promise<ProjectView> {
  return projectView(await projectOrThrow(deps, code));
}

export async function listReports(
  deps: QueryDeps,
  code: string,
): Promise<z.infer<typeof ReportVersionListSchema>> {
  const project = await projectOrThrow(deps, code);
  const versions = await listProjectVersions(deps.ddb, deps.table, code);
  return {
    items: versions.map((v) => ({
      version: v.sha256,
      receivedAt: v.order.split('#')[0] ?? '',
      kind: v.kind as ReportRecord['kind'],
      findings: v.checks,
      latest: v.sha256 === project.latestSha,
    })),
  };
}

async function recordOf(deps: QueryDeps, version: ReportVersion): Promise<ReportRecord> {
  const record = await loadRecord(deps.s3, version);
  if (!record) throw new NotFoundError(`Record of report version ${version.sha256}`);
  return record;
}

export async function getReportVersion(
  deps: QueryDeps,
  code: string,
  sha256: string,
): Promise<z.infer<typeof ReportVersionSchema>> {
  const version = await getReport(deps.ddb, deps.table, sha256);
  if (!version || version.projectId !== code)
    throw new NotFoundError(`Report version ${sha256} of project ${code}`);
  return {
    version: version.sha256,
    status: version.status,
    receivedAt: version.receivedAt,
    objectKey: version.object.key,
    record: await recordOf(deps, version),
    ...(version.reason ? { reason: version.reason } : {}),
    ...(version.finalReports ? { finalReports: version.finalReports } : {}),
  };
}

/** Values a filtered aggregate (worked out from the values, not kept) may read: its size limit. */
export const MAX_FILTERED_VALUES = 20_000;
/** Groups in one page of an aggregate answer unless `limit` says otherwise. */
export const DEFAULT_GROUPS_PAGE = 100;

const FILTER_GROUPING = {
  fund: 'fund',
  region: 'region',
  authority: 'managingAuthority',
  period: 'programmingPeriod',
} as const satisfies Record<string, Grouping>;

function groupView(group: string | undefined, state: CellState) {
  return { group: group ?? NOT_STATED, ...cellFigures(state), contributions: [] };
}

const byName = (a: { group: string }, b: { group: string }) => a.group.localeCompare(b.group);

/**
 * Sum, count, min and max of one indicator across projects' latest versions, optionally per
 * group. Without filters (or with one filter and no `groupBy`) the answer is read from the
 * aggregate items the table stream keeps: one item per group, a page of `limit` groups at a
 * time, whatever the number of projects. Filters combined with `groupBy` are worked out from
 * the values themselves, up to `MAX_FILTERED_VALUES`. With `contributions=true` the answer is
 * one group's figures and one page of the values behind them, each with its version and
 * source line, so that each total traces back to documents.
 */
export async function aggregateIndicator(
  deps: QueryDeps,
  path: string,
  query: IndicatorQuery,
  maxFilteredValues = MAX_FILTERED_VALUES,
): Promise<z.infer<typeof IndicatorAggregateSchema>> {
  const base = {
    path,
    euCodes: euCodesFor(path, query.period),
    ...(query.groupBy ? { groupBy: query.groupBy } : {}),
  };
  const grouping: Grouping = query.groupBy ? GROUP_BY_GROUPING[query.groupBy] : 'all';
  const filters = (Object.keys(FILTER_GROUPING) as Array<keyof typeof FILTER_GROUPING>)
    .filter((name) => query[name] !== undefined)
    .map((name) => [FILTER_GROUPING[name], query[name] as string] as const);
  const limit = query.limit ?? DEFAULT_GROUPS_PAGE;

  if (query.contributions === 'true') {
    return { ...base, ...(await contributionsOf(deps, path, query, grouping, filters, limit)) };
  }
  if (query.group !== undefined) {
    throw new BadRequestError('group: names the group whose contributions=true lists');
  }
  if (filters.length === 0) {
    const page = await aggregatesPage(deps.ddb, deps.table, path, grouping, limit, query.cursor);
    const groups = page.items.map((row) => groupView(row.group, row.state));
    // One page holds every group: in name order, as the answer always listed them.
    if (!query.cursor && !page.cursor) groups.sort(byName);
    return { ...base, groups, ...(page.cursor ? { cursor: page.cursor } : {}) };
  }
  const [only] = filters;
  if (only && filters.length === 1 && grouping === 'all') {
    const row = await aggregateOfGroup(deps.ddb, deps.table, path, only[0], only[1]);
    return { ...base, groups: row ? [groupView('all', row.state)] : [] };
  }
  if (query.cursor) throw new BadRequestError('cursor: a filtered aggregate has one page only');
  const values = await indicatorValues(
    deps.ddb,
    deps.table,
    path,
    { fund: query.fund, region: query.region, authority: query.authority, period: query.period },
    maxFilteredValues,
  );
  if (values.length > maxFilteredValues) {
    const limit = maxFilteredValues.toLocaleString('en-GB');
    throw new BadRequestError(
      `aggregate: more than ${limit} values match these filters with groupBy; the limit is ${limit}. Use one filter without groupBy, or groupBy without filters: those are answered from the aggregates kept for every group`,
    );
  }
  const cells = computeCells(values.map((v) => ({ path, contribution: contributionOf(v) })));
  const groups = [...cells.values()]
    .filter(({ cell }) => cell.grouping === grouping)
    .map(({ cell, state }) => groupView(cell.group, state))
    .sort(byName);
  return { ...base, groups };
}

/** One group's figures and one page of the values behind them. */
async function contributionsOf(
  deps: QueryDeps,
  path: string,
  query: IndicatorQuery,
  grouping: Grouping,
  filters: ReadonlyArray<readonly [Grouping, string]>,
  limit: number,
) {
  if (filters.length > 0) {
    throw new BadRequestError(
      'contributions: lists one group of one grouping; give groupBy and group instead of filters (e.g. groupBy=fund&group=ERDF)',
    );
  }
  if (grouping !== 'all' && query.group === undefined) {
    throw new BadRequestError('group: contributions=true with groupBy needs the group to list');
  }
  const group =
    grouping === 'all' ? ALL_GROUP : query.group === NOT_STATED ? undefined : query.group;
  const row = await aggregateOfGroup(deps.ddb, deps.table, path, grouping, group);
  if (!row) return { groups: [] };
  const page = await indicatorValuesPage(
    deps.ddb,
    deps.table,
    path,
    grouping === 'all' ? undefined : { attribute: grouping, value: group },
    limit,
    query.cursor,
  );
  return {
    groups: [
      {
        ...groupView(grouping === 'all' ? 'all' : row.group, row.state),
        contributions: page.items.map((m) => ({
          projectId: m.projectId,
          version: m.sha256,
          value: m.value,
          ...(m.line === undefined ? {} : { line: m.line }),
          ...(m.text === undefined ? {} : { text: m.text }),
        })),
      },
    ],
    ...(page.cursor ? { cursor: page.cursor } : {}),
  };
}

export async function listChecks(
  deps: QueryDeps,
  query: z.infer<typeof ChecksQuerySchema>,
): Promise<z.infer<typeof CheckListSchema>> {
  const page = await listChecksPage(
    deps.ddb,
    deps.table,
    query.severity,
    query.limit,
    query.cursor,
  );
  return {
    items: page.items.map((f) => ({
      version: f.sha256,
      receivedAt: f.receivedAt,
      id: f.id,
      severity: f.severity as 'error',
      message: f.message,
      fields: f.fields,
      kind: f.kind as ReportRecord['kind'],
      ...(f.projectId ? { projectId: f.projectId } : {}),
    })),
    ...(page.cursor ? { cursor: page.cursor } : {}),
  };
}

export async function listAwards(
  deps: QueryDeps,
  query: z.infer<typeof AwardsQuerySchema>,
): Promise<z.infer<typeof AwardListSchema>> {
  const page = await listAwardsPage(
    deps.ddb,
    deps.table,
    { minAmount: query.minAmount, maxAmount: query.maxAmount },
    query.limit,
    query.cursor,
  );
  return {
    items: page.items.map((a) => ({
      version: a.sha256,
      recipient: a.recipient,
      amount: a.amount,
      ...(a.note ? { note: a.note } : {}),
      ...(a.line === undefined ? {} : { line: a.line }),
    })),
    ...(page.cursor ? { cursor: page.cursor } : {}),
  };
}

/** Funding calls, newest first: when applications close, the funding rate and who may apply. */
export async function listCalls(
  deps: QueryDeps,
  query: z.infer<typeof CallsQuerySchema>,
): Promise<z.infer<typeof CallListSchema>> {
  const page = await listReportsOfKindPage(
    deps.ddb,
    deps.table,
    'funding-call',
    query.limit,
    query.cursor,
  );
  const items = await Promise.all(
    page.items.map(async (version) => {
      const record = await recordOf(deps, version);
      const call = record.call ?? {};
      return {
        version: version.sha256,
        receivedAt: version.receivedAt,
        objectKey: version.object.key,
        status: version.status,
        ...(record.language ? { language: record.language } : {}),
        ...(call.deadline ? { deadline: call.deadline } : {}),
        ...(call.maxFundingRate === undefined ? {} : { maxFundingRate: call.maxFundingRate }),
        ...(call.applicants ? { applicants: call.applicants } : {}),
      };
    }),
  );
  return { items, ...(page.cursor ? { cursor: page.cursor } : {}) };
}

export async function listAuditLog(
  deps: QueryDeps,
  query: z.infer<typeof AuditQuerySchema>,
): Promise<z.infer<typeof AuditListSchema>> {
  const events = await listAudit(deps.ddb, deps.table, query.project);
  if (events.length === 0) await projectOrThrow(deps, query.project);
  return {
    items: events.map((e) => ({
      at: e.at,
      action: e.action,
      ...(e.sha256 ? { version: e.sha256 } : {}),
      ...(e.objectKey ? { objectKey: e.objectKey } : {}),
      ...(e.detail ? { detail: e.detail } : {}),
    })),
  };
}

/** A short-lived link to the latest version's final report, in the requested or first language. */
export async function finalReportUrl(
  deps: QueryDeps,
  code: string,
  language?: string,
): Promise<z.infer<typeof PresignedUrlSchema>> {
  const project = await projectOrThrow(deps, code);
  const version = await getReport(deps.ddb, deps.table, project.latestSha);
  const reports = version?.finalReports ?? {};
  const key = language ? reports[language] : Object.values(reports)[0];
  if (!key)
    throw new NotFoundError(`Final report of project ${code}${language ? ` in ${language}` : ''}`);
  return {
    url: await presignUrl(deps.s3, 'GET', deps.outboxBucket, key, deps.urlSeconds),
    method: 'GET',
    expiresInSeconds: deps.urlSeconds,
    key,
  };
}

/** A presigned PUT into the inbox for one file, under a fresh folder so uploads never collide. */
export async function createUploadUrl(
  deps: QueryDeps,
  body: z.infer<typeof UploadRequestSchema>,
): Promise<z.infer<typeof PresignedUrlSchema>> {
  const key = `${INBOX_PREFIX}uploads/${randomUUID()}/${body.fileName}`;
  return {
    url: await presignUrl(deps.s3, 'PUT', deps.inboxBucket, key, deps.urlSeconds),
    method: 'PUT',
    expiresInSeconds: deps.urlSeconds,
    key,
  };
}
