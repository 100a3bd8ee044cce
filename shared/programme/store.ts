import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { listReportsOfKindPage } from '../storage/query-store.ts';
import { loadRecord, type ReportVersion } from '../storage/report-store.ts';
import { getReviewState } from '../storage/review-store.ts';
import type { ProgrammeDocument } from './aggregate.ts';

/** Kinds whose documents are about projects, and grant-decision lists whose rows name them. */
const PROJECT_KINDS = ['project-description', 'project-page', 'research-project'] as const;
const PAGE = 1_000;

export interface LoadProgrammeOptions {
  /** Stop with a clear error past this many report versions read (default 2,000,000). */
  maxVersions?: number;
  /** Read each latest version's review overlay too (default): one read per project. */
  reviews?: boolean;
}

const EMPTY_REVIEW = { status: 'unreviewed' as const, fields: {} };

/** Runs `work` on every item, `limit` at a time, keeping the order of the results. */
async function mapLimited<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>) {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

async function* versionsOfKind(ddb: DynamoDBClient, table: string, kind: string) {
  let cursor: string | undefined;
  do {
    const page = await listReportsOfKindPage(ddb, table, kind, PAGE, cursor);
    yield* page.items;
    cursor = page.cursor;
  } while (cursor);
}

/**
 * Every project's latest stored document, and the latest version of every grant-decision list,
 * read by kind newest first: one query page per thousand versions, no read per project.
 */
export async function loadProgrammeDocuments(
  ddb: DynamoDBClient,
  s3: S3Client,
  table: string,
  options: LoadProgrammeOptions = {},
): Promise<ProgrammeDocument[]> {
  const maxVersions = options.maxVersions ?? 2_000_000;
  const latest = new Map<string, ReportVersion>();
  let read = 0;
  const count = () => {
    read += 1;
    if (read > maxVersions)
      throw new RangeError(
        `more than ${maxVersions} report versions to read for one programme report; report one managing authority's table, or raise the limit`,
      );
  };
  for (const kind of PROJECT_KINDS) {
    for await (const version of versionsOfKind(ddb, table, kind)) {
      count();
      if (version.status !== 'stored' || !version.projectId) continue;
      const seen = latest.get(version.projectId);
      if (!seen || version.receivedAt > seen.receivedAt) latest.set(version.projectId, version);
    }
  }
  for await (const version of versionsOfKind(ddb, table, 'grant-decisions')) {
    count();
    if (version.status !== 'stored') continue;
    const key = `decision:${version.object.bucket}/${version.object.key}`;
    const seen = latest.get(key);
    if (!seen || version.receivedAt > seen.receivedAt) latest.set(key, version);
  }
  const reviews = options.reviews ?? true;
  const loaded = await mapLimited([...latest.values()], 16, async (version) => {
    const record = await loadRecord(s3, version);
    if (!record) return undefined;
    const review =
      reviews && version.projectId
        ? ((await getReviewState(ddb, table, version.sha256))?.review ?? EMPTY_REVIEW)
        : undefined;
    const document: ProgrammeDocument = {
      sha256: version.sha256,
      ...(version.projectId ? { projectId: version.projectId } : {}),
      receivedAt: version.receivedAt,
      record,
      ...(review ? { review } : {}),
    };
    return document;
  });
  const documents = loaded.filter((d): d is ProgrammeDocument => d !== undefined);
  return documents.sort((a, b) => (a.sha256 < b.sha256 ? -1 : 1));
}
