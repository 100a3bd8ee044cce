import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { listReportsOfKindPage } from '../storage/query-store.ts';
import { loadRecord, type ReportVersion } from '../storage/report-store.ts';
import type { ProgrammeDocument } from './aggregate.ts';

/** Kinds whose documents are about projects, and grant-decision lists whose rows name them. */
const PROJECT_KINDS = ['project-description', 'project-page', 'research-project'] as const;
const PAGE = 1_000;

export interface LoadProgrammeOptions {
  /** Stop with a clear error past this many report versions read (default 2,000,000). */
  maxVersions?: number;
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
  const documents: ProgrammeDocument[] = [];
  for (const version of latest.values()) {
    const record = await loadRecord(s3, version);
    if (!record) continue;
    documents.push({
      sha256: version.sha256,
      ...(version.projectId ? { projectId: version.projectId } : {}),
      receivedAt: version.receivedAt,
      record,
    });
  }
  return documents.sort((a, b) => (a.sha256 < b.sha256 ? -1 : 1));
}
