import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { InfrastructureError } from '../errors.ts';
import { INDICATOR_PATHS } from '../pipeline/indicators.ts';
import { latestOf, orderOf, reportVersionOf, versionItemsOf } from '../pipeline/ingest.ts';
import type { ObjectRef } from '../schemas/s3-event.ts';
import {
  claimPut,
  claimReport,
  latestActions,
  moveLatest,
  versionItemActions,
  writeVersionItems,
} from '../storage/report-store.ts';
import { type BulkGuard, batchesOf, writeBatch, writeRequestsOf } from './bulk.ts';
import { type GeneratedReport, generateRecords } from './generate.ts';

export interface LoadOptions {
  seed: number;
  projects: number;
  /** Reports written at the same time (default 8). */
  concurrency?: number;
  /** Told after every `every` reports (default 1,000). */
  onProgress?: (loaded: number, seconds: number) => void;
  every?: number;
  /**
   * Write each report's items with `BatchWriteItem` instead of the store's conditional put and
   * transactions (see bulk.ts): only for a fresh table that nothing else writes to. The guard
   * keeps the conditions in memory; pass the same one to loads that continue a table.
   */
  bulk?: BulkGuard | undefined;
  /** The reports to load instead of generating `projects` projects from `seed`. */
  reports?: Iterable<GeneratedReport> | undefined;
}

export interface LoadResult {
  reports: number;
  projects: number;
  seconds: number;
  reportsPerSecond: number;
}

/** The object a generated report came in as: the inbox bucket is named only in the record. */
function objectRefOf(report: GeneratedReport): ObjectRef {
  return {
    bucket: 'load',
    key: report.key,
    eventTime: report.receivedAt,
    versionId: String(report.versionNumber),
  };
}

/**
 * Stores one generated report the way the extract function does once it has a record: the
 * report version, its project version, check findings and audit events, then the project's
 * latest pointer with its facets and indicator values.
 */
export async function storeGeneratedReport(
  ddb: DynamoDBClient,
  table: string,
  report: GeneratedReport,
): Promise<boolean> {
  const { ref, version, versionItems, latest } = storedFormOf(report);
  const claim = await claimReport(ddb, table, version);
  if (!claim.claimed && claim.existing.object.key !== ref.key) return false;
  await writeVersionItems(ddb, table, versionItems);
  return moveLatest(ddb, table, ...latest, INDICATOR_PATHS);
}

/** What the store writes for a generated report: its version, the version's items, its latest. */
function storedFormOf(report: GeneratedReport) {
  const ref = objectRefOf(report);
  const version = reportVersionOf(report.record, ref, report.receivedAt);
  const { sha256, projectId } = version;
  if (!projectId) throw new Error(`Generated report ${report.key} names no project`);
  const order = orderOf(ref, sha256);
  const at = report.receivedAt;
  const versionItems = versionItemsOf(version, report.record, order, [
    { subject: projectId, at, seq: 0, action: 'uploaded', sha256, objectKey: ref.key },
    { subject: projectId, at, seq: 1, action: 'extracted', sha256, objectKey: ref.key },
  ]);
  const latest = latestOf(report.record, projectId, sha256, order);
  return { ref, version, projectId, order, versionItems, latest };
}

/**
 * Stores one generated report's items, the same items `storeGeneratedReport` stores, with
 * `BatchWriteItem` (see bulk.ts); `guard` checks the conditions the store's writes carry.
 */
export async function bulkStoreGeneratedReport(
  ddb: DynamoDBClient,
  table: string,
  report: GeneratedReport,
  guard: BulkGuard,
): Promise<void> {
  const { version, projectId, order, versionItems, latest } = storedFormOf(report);
  guard.claim(version.sha256);
  guard.moveLatest(projectId, order);
  const requests = writeRequestsOf([
    { Put: claimPut(table, version) },
    ...versionItemActions(table, versionItems),
    ...latestActions(table, ...latest, INDICATOR_PATHS),
  ]);
  // Checked once above; the writes themselves can be repeated after a transient failure.
  await withRetries(() =>
    Promise.all(batchesOf(requests).map((batch) => writeBatch(ddb, table, batch))),
  );
}

/**
 * Runs a store step again after a transient failure (DynamoDB Local times out a transaction
 * waiting for a lock under load): every write of `storeGeneratedReport` can be repeated.
 */
async function withRetries<T>(step: () => Promise<T>, attempts = 6): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      if (attempt >= attempts || !(error instanceof InfrastructureError)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
    }
  }
}

/**
 * Loads `projects` generated projects (and their new versions) through the store's own writes,
 * `concurrency` at a time; a project's versions are written in the order they came in.
 */
export async function loadProjects(
  ddb: DynamoDBClient,
  table: string,
  options: LoadOptions,
): Promise<LoadResult> {
  const concurrency = options.concurrency ?? 8;
  const every = options.every ?? 1_000;
  const source = (options.reports ??
    generateRecords({ seed: options.seed, projects: options.projects }))[Symbol.iterator]();
  const { bulk } = options;
  const store = (report: GeneratedReport): Promise<unknown> =>
    bulk
      ? bulkStoreGeneratedReport(ddb, table, report, bulk)
      : withRetries(() => storeGeneratedReport(ddb, table, report));
  const busy = new Map<string, Promise<unknown>>();
  const start = Date.now();
  let reports = 0;
  const worker = async () => {
    for (let next = source.next(); !next.done; next = source.next()) {
      const report = next.value;
      // A new version waits for the project's earlier one, as one upload after another would.
      const before = busy.get(report.projectId);
      const write: Promise<unknown> = (before ?? Promise.resolve()).then(() => store(report));
      busy.set(report.projectId, write);
      await write;
      if (busy.get(report.projectId) === write) busy.delete(report.projectId);
      reports += 1;
      if (options.onProgress && reports % every === 0) {
        options.onProgress(reports, (Date.now() - start) / 1000);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (Date.now() - start) / 1000;
  return {
    reports,
    projects: options.projects,
    seconds,
    reportsPerSecond: seconds > 0 ? reports / seconds : reports,
  };
}
