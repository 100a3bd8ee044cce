import {
  type AttributeValue,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactionCanceledException,
  type TransactWriteItem,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { InfrastructureError } from '../errors.ts';
import { type ReportRecord, ReportRecordSchema } from '../schemas/report-record.ts';
import type { ObjectRef } from '../schemas/s3-event.ts';
import { compositeKey, indexPart, keyPart, MAX_PARTITION_PART_BYTES } from './keys.ts';
import { getJson } from './object-store.ts';

export const REPORT_STATUSES = ['stored', 'rejected', 'failed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** One report version as the pipeline stores it; `record` is absent when it lives in S3. */
export interface ReportVersion {
  sha256: string;
  status: ReportStatus;
  reason?: string | undefined;
  kind: ReportRecord['kind'];
  projectId?: string | undefined;
  object: ObjectRef;
  receivedAt: string;
  record?: ReportRecord | undefined;
  recordLocation?: { bucket: string; key: string } | undefined;
  /** Final-report PDFs in the outbox bucket, by language (`fi` → `final-reports/…/<sha>.fi.pdf`). */
  finalReports?: Record<string, string> | undefined;
  /** When the record was last extracted again by a newer parser (`epm reextract`). */
  reextractedAt?: string | undefined;
}

export interface ProjectSummary {
  projectId: string;
  latestSha: string;
  latestOrder: string;
  code?: string | undefined;
  name?: string | undefined;
  kind?: string | undefined;
  fund?: string | undefined;
  region?: string | undefined;
  managingAuthority?: string | undefined;
  programmingPeriod?: string | undefined;
  status?: string | undefined;
  language?: string | undefined;
}

export interface IndicatorValue {
  projectId: string;
  managingAuthority?: string | undefined;
  path: string;
  value: number;
  sha256: string;
  line?: number | undefined;
  text?: string | undefined;
  fund?: string | undefined;
  programmingPeriod?: string | undefined;
  region?: string | undefined;
  /** Groupings the aggregates keep besides the four above. */
  programme?: string | undefined;
  priorityAxis?: string | undefined;
  status?: string | undefined;
}

export interface UploadedObject {
  bucket: string;
  key: string;
  version: string;
  sha256?: string | undefined;
  status: ReportStatus | 'duplicate';
  reason?: string | undefined;
  duplicateOf?: string | undefined;
}

export interface AuditEvent {
  subject: string;
  /** ISO 8601 UTC to the millisecond; never before the subject's previous event. */
  at: string;
  /** Order among events written at the same `at` (`uploaded` 0, `extracted` 1). */
  seq?: number | undefined;
  action: string;
  sha256?: string | undefined;
  objectKey?: string | undefined;
  detail?: string | undefined;
}

const put = (TableName: string, item: Record<string, unknown>): TransactWriteItem => ({
  Put: { TableName, Item: marshall(item, { removeUndefinedValues: true }) },
});

function wrap<T>(operation: string, fn: () => Promise<T>): Promise<T> {
  return fn().catch((error: unknown) => {
    if (
      error instanceof ConditionalCheckFailedException ||
      error instanceof TransactionCanceledException
    ) {
      throw error;
    }
    throw new InfrastructureError(operation, { cause: error });
  });
}

const reportPk = (sha256: string) => `REPORT#${keyPart(sha256)}`;
const reportKey = (sha256: string) => ({ PK: reportPk(sha256), SK: 'REPORT' });
/** Bucket names hold no `/`, so `<bucket>/<key>` names one object; one part, as before escaping. */
const objectPart = (bucket: string, key: string, maxBytes?: number) =>
  keyPart(`${bucket}/${key}`, maxBytes);
const objectKey = (bucket: string, key: string, version: string) => ({
  PK: `OBJECT#${objectPart(bucket, key, MAX_PARTITION_PART_BYTES)}`,
  SK: `VERSION#${keyPart(version)}`,
});
const projectPk = (projectId: string) => `PROJECT#${keyPart(projectId)}`;
const projectKey = (projectId: string) => ({ PK: projectPk(projectId), SK: 'PROJECT' });
const auditPk = (subject: string) => `AUDIT#${keyPart(subject)}`;
/** `<receivedAt>#<sha256>`, then an item's number within its version where it has one. */
const versionOrder = (receivedAt: string, sha256: string, index?: number) =>
  [keyPart(receivedAt), keyPart(sha256), ...(index === undefined ? [] : [indexPart(index)])].join(
    '#',
  );

function toReportItem(version: ReportVersion): Record<string, unknown> {
  return {
    ...reportKey(version.sha256),
    GSI1PK: `KIND#${keyPart(version.kind)}`,
    GSI1SK: versionOrder(version.receivedAt, version.sha256),
    GSI2PK: `STATUS#${keyPart(version.status)}`,
    GSI2SK: versionOrder(version.receivedAt, version.sha256),
    type: 'report',
    ...version,
  };
}

function fromReportItem(item: Record<string, unknown>): ReportVersion {
  const {
    PK: _pk,
    SK: _sk,
    GSI1PK: _a,
    GSI1SK: _b,
    GSI2PK: _c,
    GSI2SK: _d,
    type: _t,
    ...rest
  } = item;
  return rest as unknown as ReportVersion;
}

/** The report version in a stream record's item image, or undefined for any other item. */
export function reportVersionFromImage(image: Record<string, unknown>): ReportVersion | undefined {
  // An item image is an attribute-value map by the DynamoDB Streams contract.
  const item = unmarshall(image as Record<string, AttributeValue>);
  return item.type === 'report' ? fromReportItem(item) : undefined;
}

/** The conditional put `claimReport` sends: the report version, if its content was never seen. */
export function claimPut(table: string, version: ReportVersion) {
  return {
    TableName: table,
    Item: marshall(toReportItem(version), { removeUndefinedValues: true }),
    ConditionExpression: 'attribute_not_exists(PK)',
  };
}

/**
 * Writes the report version if its content was never seen. Returns the stored version when the
 * same content already exists (a redelivery, or a duplicate under another key).
 */
export async function claimReport(
  ddb: DynamoDBClient,
  table: string,
  version: ReportVersion,
): Promise<{ claimed: true } | { claimed: false; existing: ReportVersion }> {
  try {
    await wrap('PutItem report', () => ddb.send(new PutItemCommand(claimPut(table, version))));
    return { claimed: true };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const existing = await getReport(ddb, table, version.sha256);
    if (!existing)
      throw new InfrastructureError(`Report ${version.sha256} vanished after a conflict`);
    return { claimed: false, existing };
  }
}

export async function getReport(
  ddb: DynamoDBClient,
  table: string,
  sha256: string,
): Promise<ReportVersion | undefined> {
  const out = await wrap('GetItem report', () =>
    ddb.send(
      new GetItemCommand({
        TableName: table,
        Key: marshall(reportKey(sha256)),
        ConsistentRead: true,
      }),
    ),
  );
  return out.Item ? fromReportItem(unmarshall(out.Item)) : undefined;
}

/** Writes everything a version adds, as deterministic puts: a redelivery rewrites the same items. */
/** A version's record: inline, or read from where it was kept for its size; undefined if neither. */
export async function loadRecord(
  s3: S3Client,
  version: Pick<ReportVersion, 'record' | 'recordLocation'>,
): Promise<ReportRecord | undefined> {
  if (version.record) return version.record;
  if (!version.recordLocation) return undefined;
  const { bucket, key } = version.recordLocation;
  return ReportRecordSchema.parse(await getJson(s3, bucket, key));
}

/**
 * Replaces a report version with a newer extraction of the same content. Its final reports are
 * dropped with the old record, so the render step writes them again (`reextractedAt` is what
 * its stream filter looks for).
 */
export async function replaceReport(
  ddb: DynamoDBClient,
  table: string,
  version: ReportVersion & { reextractedAt: string },
): Promise<void> {
  const { finalReports: _stale, ...current } = version;
  await wrap('PutItem report', () =>
    ddb.send(
      new PutItemCommand({
        TableName: table,
        Item: marshall(toReportItem(current), { removeUndefinedValues: true }),
        ConditionExpression: 'attribute_exists(PK)',
      }),
    ),
  );
}

/**
 * Deletes the award and check items a version no longer has: those numbered from `keep.awards`
 * and `keep.checks` on, left over from an extraction that found more, and those numbered in
 * another width than `indexPart`'s (written before sort keys had ten digits).
 */
export async function pruneVersionItems(
  ddb: DynamoDBClient,
  table: string,
  sha256: string,
  keep: { awards: number; checks: number },
): Promise<void> {
  const stale: TransactWriteItem[] = [];
  for (const [prefix, count] of [
    ['AWARD#', keep.awards],
    ['CHECK#', keep.checks],
  ] as const) {
    const items = await queryAll(ddb, {
      TableName: table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: marshall({ ':pk': reportPk(sha256), ':prefix': prefix }),
      ProjectionExpression: 'PK, SK',
    });
    for (const item of items) {
      const number = String(item.SK).slice(prefix.length);
      if (Number(number) >= count || number !== indexPart(Number(number))) {
        stale.push({ Delete: { TableName: table, Key: marshall({ PK: item.PK, SK: item.SK }) } });
      }
    }
  }
  for (let i = 0; i < stale.length; i += 90) {
    const chunk = stale.slice(i, i + 90);
    await wrap('TransactWriteItems prune', () =>
      ddb.send(new TransactWriteItemsCommand({ TransactItems: chunk })),
    );
  }
}

/** What `writeVersionItems` stores for a version. */
export interface VersionItems {
  audit: AuditEvent[];
  projectVersion?: {
    projectId: string;
    order: string;
    sha256: string;
    kind: string;
    checks: number;
  };
  awards?: Array<{
    recipient: string;
    amount: number;
    note?: string | undefined;
    line?: number | undefined;
  }>;
  /** Findings of the checks, one item each so that auditors can list them by severity. */
  checks?: Array<{
    id: string;
    severity: string;
    message: string;
    fields: string[];
    projectId?: string | undefined;
    kind: string;
  }>;
  sha256?: string | undefined;
  receivedAt: string;
}

/** The puts `writeVersionItems` sends, in its transactions of at most 90. */
export function versionItemActions(table: string, items: VersionItems): TransactWriteItem[] {
  const actions: TransactWriteItem[] = [
    ...items.audit.map((event) =>
      put(table, {
        PK: auditPk(event.subject),
        SK: compositeKey(event.at, event.action, event.sha256?.slice(0, 16) ?? '-'),
        type: 'audit',
        ...event,
      }),
    ),
  ];
  if (items.projectVersion) {
    const v = items.projectVersion;
    actions.push(
      put(table, {
        PK: projectPk(v.projectId),
        SK: `VERSION#${v.order}`,
        type: 'project-version',
        ...v,
      }),
    );
  }
  const sha256 = items.sha256 ?? '';
  const awardActions = (items.awards ?? []).map((award, i) => {
    return put(table, {
      PK: reportPk(sha256),
      SK: `AWARD#${indexPart(i)}`,
      GSI1PK: 'AWARD',
      GSI1SK: versionOrder(items.receivedAt, sha256, i),
      type: 'award',
      sha256: items.sha256,
      ...award,
    });
  });
  const checkActions = (items.checks ?? []).map((finding, i) => {
    return put(table, {
      PK: reportPk(sha256),
      SK: `CHECK#${indexPart(i)}`,
      GSI2PK: `CHECKS#${keyPart(finding.severity)}`,
      GSI2SK: versionOrder(items.receivedAt, sha256, i),
      type: 'check',
      sha256: items.sha256,
      receivedAt: items.receivedAt,
      ...finding,
    });
  });
  return [...actions, ...awardActions, ...checkActions];
}

export async function writeVersionItems(
  ddb: DynamoDBClient,
  table: string,
  items: VersionItems,
): Promise<void> {
  const all = versionItemActions(table, items);
  for (let i = 0; i < all.length; i += 90) {
    const chunk = all.slice(i, i + 90);
    await wrap('TransactWriteItems version', () =>
      ddb.send(new TransactWriteItemsCommand({ TransactItems: chunk })),
    );
  }
}

const FACETS = [
  ['ALL', 'projectId'],
  ['AUTHORITY', 'managingAuthority'],
  ['REGION', 'region'],
  ['FUND', 'fund'],
  ['PERIOD', 'programmingPeriod'],
] as const;

/**
 * Moves a project's latest pointer to this version, with its facets and indicator values, if no
 * newer version got there first. Returns false when a newer version is already latest.
 */
export async function moveLatest(
  ddb: DynamoDBClient,
  table: string,
  project: ProjectSummary,
  indicators: IndicatorValue[],
  indicatorPaths: readonly string[],
): Promise<boolean> {
  try {
    await wrap('TransactWriteItems latest', () =>
      ddb.send(
        new TransactWriteItemsCommand({
          TransactItems: latestActions(table, project, indicators, indicatorPaths),
        }),
      ),
    );
    return true;
  } catch (error) {
    if (
      error instanceof TransactionCanceledException &&
      error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed'
    ) {
      return false;
    }
    throw error;
  }
}

/**
 * The one transaction `moveLatest` sends: the latest pointer first (conditioned on no newer
 * version being latest), then the facets and indicator values it puts or deletes.
 */
export function latestActions(
  table: string,
  project: ProjectSummary,
  indicators: IndicatorValue[],
  indicatorPaths: readonly string[],
): TransactWriteItem[] {
  const key = projectPk(project.projectId);
  const latest: TransactWriteItem = {
    Put: {
      TableName: table,
      Item: marshall(
        { ...projectKey(project.projectId), type: 'project', ...project },
        { removeUndefinedValues: true },
      ),
      ConditionExpression: 'attribute_not_exists(latestOrder) OR latestOrder <= :order',
      ExpressionAttributeValues: marshall({ ':order': project.latestOrder }),
    },
  };
  const facetActions: TransactWriteItem[] = FACETS.map(([name, field]) => {
    const value = project[field];
    const facetKey = { PK: key, SK: `FACET#${name}` };
    return value
      ? put(table, {
          ...facetKey,
          GSI1PK: name === 'ALL' ? 'PROJECTS' : `${name}#${keyPart(value)}`,
          GSI1SK: projectPk(project.projectId),
          type: 'facet',
          ...project,
        })
      : { Delete: { TableName: table, Key: marshall(facetKey) } };
  });
  const present = new Map(indicators.map((v) => [v.path, v]));
  const indicatorActions: TransactWriteItem[] = indicatorPaths.map((path) => {
    const value = present.get(path);
    const itemKey = { PK: key, SK: `INDICATOR#${keyPart(path)}` };
    if (!value) return { Delete: { TableName: table, Key: marshall(itemKey) } };
    return put(table, {
      ...itemKey,
      GSI1PK: `INDICATOR#${keyPart(path)}`,
      GSI1SK: compositeKey(value.fund, value.programmingPeriod, value.region, project.projectId),
      type: 'indicator',
      ...value,
    });
  });
  return [latest, ...facetActions, ...indicatorActions];
}

/** Notes the outbox key of a rendered final report on its report version; idempotent. */
export async function setFinalReport(
  ddb: DynamoDBClient,
  table: string,
  sha256: string,
  language: string,
  key: string,
): Promise<void> {
  const update = (expression: string, condition: string, values: Record<string, unknown>) =>
    wrap('UpdateItem final report', () =>
      ddb.send(
        new UpdateItemCommand({
          TableName: table,
          Key: marshall(reportKey(sha256)),
          UpdateExpression: expression,
          ConditionExpression: condition,
          ...(expression.includes('#lang')
            ? { ExpressionAttributeNames: { '#lang': language } }
            : {}),
          ExpressionAttributeValues: marshall(values),
        }),
      ),
    );
  try {
    await update('SET finalReports.#lang = :key', 'attribute_exists(finalReports)', {
      ':key': key,
    });
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    await update(
      'SET finalReports = :reports',
      'attribute_exists(PK) AND attribute_not_exists(finalReports)',
      { ':reports': { [language]: key } },
    ).catch(async (second: unknown) => {
      if (!(second instanceof ConditionalCheckFailedException)) throw second;
      await update('SET finalReports.#lang = :key', 'attribute_exists(finalReports)', {
        ':key': key,
      });
    });
  }
}

/**
 * Records what became of one uploaded object version. Written after everything else, so a
 * `stored` or `rejected` object is complete; `failed` ones are listed by status.
 */
export async function putObjectOutcome(
  ddb: DynamoDBClient,
  table: string,
  object: UploadedObject,
): Promise<void> {
  const failed =
    object.status === 'failed'
      ? {
          GSI2PK: 'STATUS#failed',
          GSI2SK: `${objectPart(object.bucket, object.key)}#${keyPart(object.version)}`,
        }
      : {};
  await wrap('PutItem object', () =>
    ddb.send(
      new PutItemCommand({
        TableName: table,
        Item: marshall(
          {
            ...objectKey(object.bucket, object.key, object.version),
            ...failed,
            type: 'object',
            ...object,
          },
          { removeUndefinedValues: true },
        ),
      }),
    ),
  );
}

async function queryAll(
  ddb: DynamoDBClient,
  input: QueryCommandInput,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: QueryCommandInput['ExclusiveStartKey'];
  do {
    const out = await wrap('Query', () =>
      ddb.send(new QueryCommand({ ...input, ExclusiveStartKey: start })),
    );
    items.push(...(out.Items ?? []).map((i) => unmarshall(i)));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

export async function getProject(
  ddb: DynamoDBClient,
  table: string,
  projectId: string,
): Promise<ProjectSummary | undefined> {
  const out = await wrap('GetItem project', () =>
    ddb.send(
      new GetItemCommand({
        TableName: table,
        Key: marshall(projectKey(projectId)),
        ConsistentRead: true,
      }),
    ),
  );
  if (!out.Item) return undefined;
  const { PK: _pk, SK: _sk, type: _t, ...rest } = unmarshall(out.Item);
  return rest as ProjectSummary;
}

export async function listProjectVersions(ddb: DynamoDBClient, table: string, projectId: string) {
  const items = await queryAll(ddb, {
    TableName: table,
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
    ExpressionAttributeValues: marshall({ ':pk': projectPk(projectId), ':sk': 'VERSION#' }),
    ConsistentRead: true,
  });
  return items.map((i) => ({
    order: String(i.order),
    sha256: String(i.sha256),
    kind: String(i.kind),
    checks: Number(i.checks),
  }));
}

export async function listObjectVersions(
  ddb: DynamoDBClient,
  table: string,
  bucket: string,
  key: string,
): Promise<UploadedObject[]> {
  const items = await queryAll(ddb, {
    TableName: table,
    KeyConditionExpression: 'PK = :pk',
    ExpressionAttributeValues: marshall({ ':pk': objectKey(bucket, key, '').PK }),
    ConsistentRead: true,
  });
  return items.map(
    ({ PK: _p, SK: _s, GSI2PK: _g, GSI2SK: _h, type: _t, ...rest }) =>
      rest as unknown as UploadedObject,
  );
}

export async function listReportsByStatus(
  ddb: DynamoDBClient,
  table: string,
  status: ReportStatus,
): Promise<Array<{ sha256?: string | undefined; key?: string; reason?: string }>> {
  const items = await queryAll(ddb, {
    TableName: table,
    IndexName: 'GSI2',
    KeyConditionExpression: 'GSI2PK = :pk',
    ExpressionAttributeValues: marshall({ ':pk': `STATUS#${keyPart(status)}` }),
  });
  return items.map((i) => ({
    ...(i.sha256 ? { sha256: String(i.sha256) } : {}),
    ...(i.key ? { key: String(i.key) } : {}),
    ...(i.reason ? { reason: String(i.reason) } : {}),
  }));
}

/** Values of one indicator across projects, optionally narrowed by fund, period and region. */
export async function queryIndicator(
  ddb: DynamoDBClient,
  table: string,
  path: string,
  filter: { fund?: string | undefined; programmingPeriod?: string; region?: string } = {},
): Promise<IndicatorValue[]> {
  const prefix = [filter.fund, filter.programmingPeriod, filter.region];
  const parts: string[] = [];
  for (const part of prefix) {
    if (part === undefined) break;
    parts.push(part);
  }
  const items = await queryAll(ddb, {
    TableName: table,
    IndexName: 'GSI1',
    KeyConditionExpression: parts.length
      ? 'GSI1PK = :pk AND begins_with(GSI1SK, :sk)'
      : 'GSI1PK = :pk',
    ExpressionAttributeValues: marshall({
      ':pk': `INDICATOR#${keyPart(path)}`,
      ...(parts.length ? { ':sk': `${compositeKey(...parts)}#` } : {}),
    }),
  });
  return items
    .map(
      ({ PK: _p, SK: _s, GSI1PK: _g, GSI1SK: _h, type: _t, ...rest }) =>
        rest as unknown as IndicatorValue,
    )
    .filter(
      (v) =>
        (filter.fund === undefined || v.fund === filter.fund) &&
        (filter.programmingPeriod === undefined ||
          v.programmingPeriod === filter.programmingPeriod) &&
        (filter.region === undefined || v.region === filter.region),
    );
}

export async function listProjectsByFacet(
  ddb: DynamoDBClient,
  table: string,
  facet: 'AUTHORITY' | 'REGION' | 'FUND' | 'PERIOD',
  value: string,
): Promise<ProjectSummary[]> {
  const items = await queryAll(ddb, {
    TableName: table,
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk',
    ExpressionAttributeValues: marshall({ ':pk': `${facet}#${keyPart(value)}` }),
  });
  return items.map(
    ({ PK: _p, SK: _s, GSI1PK: _g, GSI1SK: _h, type: _t, ...rest }) =>
      rest as unknown as ProjectSummary,
  );
}

export async function listAudit(
  ddb: DynamoDBClient,
  table: string,
  subject: string,
): Promise<AuditEvent[]> {
  // Events written before keys were escaped stay under the subject as it was (`AUDIT#DOC#<sha>`).
  const keys = [...new Set([auditPk(subject), `AUDIT#${subject}`])];
  const items: Record<string, unknown>[] = [];
  for (const pk of keys) {
    items.push(
      ...(await queryAll(ddb, {
        TableName: table,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: marshall({ ':pk': pk }),
        ConsistentRead: true,
      })),
    );
  }
  return items
    .map(({ PK: _p, SK: _s, type: _t, ...rest }) => rest as unknown as AuditEvent)
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : (a.seq ?? 0) - (b.seq ?? 0)));
}

export async function listAwards(ddb: DynamoDBClient, table: string) {
  const items = await queryAll(ddb, {
    TableName: table,
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk',
    ExpressionAttributeValues: marshall({ ':pk': 'AWARD' }),
  });
  return items.map((i) => ({
    sha256: String(i.sha256),
    recipient: String(i.recipient),
    amount: Number(i.amount),
    ...(i.note ? { note: String(i.note) } : {}),
  }));
}
