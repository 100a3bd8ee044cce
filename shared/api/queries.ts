import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { NotFoundError } from '../errors.ts';
import type { ReportRecord } from '../schemas/report-record.ts';
import type * as z from '../schemas/zod.ts';
import { presignUrl } from '../storage/presign.ts';
import {
  indicatorValues,
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
  AggregateSchema,
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

const GROUP_FIELD = {
  region: 'region',
  fund: 'fund',
  authority: 'managingAuthority',
  period: 'programmingPeriod',
} as const;

/**
 * Sum, count, min and max of one indicator across projects, optionally per group, with every
 * contributing report version and its source line, so that each total traces back to documents.
 */
export async function aggregateIndicator(
  deps: QueryDeps,
  path: string,
  query: IndicatorQuery,
): Promise<z.infer<typeof IndicatorAggregateSchema>> {
  const values = await indicatorValues(deps.ddb, deps.table, path, {
    fund: query.fund,
    region: query.region,
    authority: query.authority,
    period: query.period,
  });
  const groups = new Map<string, typeof values>();
  for (const value of values) {
    const group = query.groupBy ? String(value[GROUP_FIELD[query.groupBy]] ?? 'not stated') : 'all';
    groups.set(group, [...(groups.get(group) ?? []), value]);
  }
  const aggregates: Array<z.infer<typeof AggregateSchema>> = [...groups]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([group, members]) => ({
      group,
      sum: Math.round(members.reduce((s, m) => s + m.value, 0) * 100) / 100,
      count: members.length,
      min: Math.min(...members.map((m) => m.value)),
      max: Math.max(...members.map((m) => m.value)),
      contributions: members.map((m) => ({
        projectId: m.projectId,
        version: m.sha256,
        value: m.value,
        ...(m.line === undefined ? {} : { line: m.line }),
        ...(m.text === undefined ? {} : { text: m.text }),
      })),
    }));
  return {
    path,
    euCodes: euCodesFor(path, query.period),
    ...(query.groupBy ? { groupBy: query.groupBy } : {}),
    groups: aggregates,
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
