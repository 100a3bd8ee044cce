import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { readDeadLetters } from '../local/queue.ts';
import { startLocalRuntime } from '../local/runtime.ts';
import { DEFAULT_MAX_BYTES } from '../parsing/decode.ts';
import { FINAL_REPORTS_PREFIX } from '../pipeline/final-report.ts';
import {
  applyRepairs,
  describeDifference,
  planReconcile,
  type ReconcilePlan,
  type RepairDeps,
  type RepairOutcome,
  reconcileAggregates,
  refreshAllAggregates,
  UPLOAD_STATES,
} from '../pipeline/reconcile.ts';
import { loadFonts } from '../rendering/fonts.ts';
import type { AuthorityLanguages } from '../rendering/language.ts';
import { objectRefsOf, S3NotificationSchema } from '../schemas/s3-event.ts';
import { createDynamoClient, createS3Client } from '../storage/clients.ts';
import { linePublisher, snsPublisher } from '../storage/final-report-events.ts';
import { listObjects, scanUploads } from '../storage/inventory.ts';
import { createSnsClient } from '../storage/messaging-clients.ts';
import { INBOX_PREFIX } from '../storage/table-definition.ts';
import type { CommandIo } from './extract-command.ts';
import { formatTable } from './table.ts';

export interface ReconcileArgs {
  dataDir: string;
  /** List what is out of place and the repairs, change nothing. */
  dryRun: boolean;
  /** A deployed table: run on AWS with the default credentials, with its two buckets. */
  table?: string;
  inbox?: string;
  outbox?: string;
  authorityLanguages: AuthorityLanguages;
  /** The topic the render function announces final reports on (AWS); else a line on stderr. */
  topicArn?: string;
  /** Compare the aggregates with a recomputation from the records instead (`--aggregates`). */
  aggregates?: boolean;
}

interface Store {
  s3: S3Client;
  ddb: DynamoDBClient;
  table: string;
  inbox: string;
  outbox: string;
  /** Why uploads were dead-lettered, by key: the local dead-letter file. */
  deadLetters: () => Promise<ReadonlyMap<string, string>>;
  /** Waits until the pipeline has handled what the repairs set off (local runtime). */
  settle: () => Promise<void>;
}

const quiet = { info: () => undefined };

async function inventoryPlan(store: Store): Promise<ReconcilePlan> {
  const [inbox, outbox, table, deadLetters] = await Promise.all([
    listObjects(store.s3, store.inbox, INBOX_PREFIX),
    listObjects(store.s3, store.outbox, FINAL_REPORTS_PREFIX),
    scanUploads(store.ddb, store.table),
    store.deadLetters(),
  ]);
  return planReconcile({
    inboxBucket: store.inbox,
    inbox,
    outbox: outbox.map((o) => o.key),
    ...table,
    deadLetters,
  });
}

/** Dead-letter reasons by the object keys the messages name. */
async function localDeadLetters(dlqPath: string): Promise<ReadonlyMap<string, string>> {
  const reasons = new Map<string, string>();
  for (const letter of await readDeadLetters(dlqPath)) {
    const parsed = S3NotificationSchema.safeParse(JSON.parse(letter.body));
    if (!parsed.success) continue;
    for (const ref of objectRefsOf(parsed.data)) reasons.set(ref.key, letter.reason);
  }
  return reasons;
}

function print(plan: ReconcilePlan, repairs: RepairOutcome[], dryRun: boolean, io: CommandIo) {
  const shown = plan.uploads.filter((u) => u.state !== 'rendered');
  if (shown.length > 0) {
    io.out(
      formatTable(
        ['upload', 'state', 'report', 'reason', dryRun ? 'repair' : 'next'],
        shown.map((u) => [
          u.key,
          u.state,
          u.sha256?.slice(0, 12) ?? '',
          u.reason ?? '',
          u.repair === 'none' ? '' : u.repair,
        ]),
        60,
      ),
    );
  }
  const counts = UPLOAD_STATES.map((s) => `${plan.counts[s]} ${s}`).join(', ');
  const failed = repairs.filter((r) => r.result === 'failed');
  const done = repairs.filter((r) => r.result === 'done');
  const byKind = (kind: string) => done.filter((r) => r.repair === kind).length;
  io.err(
    `epm: ${plan.uploads.length} upload(s): ${counts}; ${
      dryRun
        ? `${plan.uploads.filter((u) => u.repair !== 'none').length} to repair (dry run)`
        : `repaired ${done.length} (${byKind('render')} rendered, ${byKind('reingest')} extracted again)${failed.length > 0 ? `, ${failed.length} failed` : ''}`
    }`,
  );
  for (const f of failed) io.err(`epm: could not ${f.repair} ${f.key}: ${f.detail ?? ''}`);
}

/**
 * Lists every upload's state and, unless a dry run, repairs those out of place: uploads without
 * their record are extracted again, stored reports without their PDF rendered. A second run
 * finds nothing to repair. Returns the plan after the repairs and what they did.
 */
export async function reconcileStore(
  store: Store,
  deps: Omit<RepairDeps, 'ingest' | 'render'> & {
    render: Omit<RepairDeps['render'], 's3' | 'ddb' | 'table' | 'outbox'>;
    maxBytes: number;
  },
  dryRun: boolean,
): Promise<{ plan: ReconcilePlan; repairs: RepairOutcome[] }> {
  await store.settle();
  let plan = await inventoryPlan(store);
  if (dryRun) return { plan, repairs: [] };
  const repairDeps: RepairDeps = {
    now: deps.now,
    ingest: {
      s3: store.s3,
      ddb: store.ddb,
      table: store.table,
      maxBytes: deps.maxBytes,
      logger: quiet,
    },
    render: {
      ...deps.render,
      s3: store.s3,
      ddb: store.ddb,
      table: store.table,
      outbox: store.outbox,
    },
  };
  const repairs: RepairOutcome[] = [];
  // Extracting again can leave a stored report to render; a second round renders it.
  for (let round = 0; round < 2 && plan.uploads.some((u) => u.repair !== 'none'); round++) {
    repairs.push(...(await applyRepairs(plan, repairDeps)));
    await store.settle();
    plan = await inventoryPlan(store);
  }
  return { plan, repairs };
}

function exitCode(plan: ReconcilePlan, repairs: RepairOutcome[]): number {
  const open = plan.counts['awaiting-pdf'] + plan.counts['dead-lettered'];
  return open > 0 || repairs.some((r) => r.result === 'failed') ? 1 : 0;
}

/**
 * `epm reconcile`: every upload in exactly one state (rendered, awaiting its PDF, quarantined,
 * dead-lettered), with repairs through the functions' own code — locally on the data folder,
 * or on AWS with `--table`, `--inbox` and `--outbox`. Exits 1 while any upload is still out of
 * place.
 */
export async function runReconcile(args: ReconcileArgs, io: CommandIo): Promise<number> {
  if (args.aggregates) return runReconcileAggregates(args, io);
  const settings = {
    now: () => new Date(),
    maxBytes: DEFAULT_MAX_BYTES,
    render: {
      fonts: loadFonts(),
      authorityLanguages: args.authorityLanguages,
      logger: quiet,
      publish: linePublisher((line) => io.err(line)),
    },
  };
  if (args.table) {
    const s3 = createS3Client();
    const ddb = createDynamoClient();
    const sns = args.topicArn ? createSnsClient() : undefined;
    try {
      const store: Store = {
        s3,
        ddb,
        table: args.table,
        inbox: args.inbox ?? '',
        outbox: args.outbox ?? '',
        deadLetters: async () => new Map(),
        settle: async () => undefined,
      };
      if (sns && args.topicArn) settings.render.publish = snsPublisher(sns, args.topicArn);
      const { plan, repairs } = await reconcileStore(store, settings, args.dryRun);
      print(plan, repairs, args.dryRun, io);
      return exitCode(plan, repairs);
    } finally {
      s3.destroy();
      ddb.destroy();
      sns?.destroy();
    }
  }
  const runtime = await startLocalRuntime({
    dataDir: args.dataDir,
    logLevel: 'WARN',
    printEvents: false,
  });
  try {
    const store: Store = {
      s3: runtime.s3,
      ddb: runtime.ddb,
      table: runtime.tableName,
      inbox: runtime.inboxBucket,
      outbox: runtime.outboxBucket,
      deadLetters: () => localDeadLetters(runtime.dlqPath),
      settle: async () => {
        await runtime.queue.drained();
        await runtime.renders.drained();
      },
    };
    const { plan, repairs } = await reconcileStore(store, settings, args.dryRun);
    print(plan, repairs, args.dryRun, io);
    return exitCode(plan, repairs);
  } finally {
    await runtime.stop();
  }
}

async function checkAggregates(
  deps: Parameters<typeof reconcileAggregates>[0],
  dryRun: boolean,
  io: CommandIo,
): Promise<number> {
  let result = await reconcileAggregates(deps);
  if (result.differences.length > 0 && !dryRun) {
    // Counts what the aggregate function missed; an aggregate changed by hand stays different.
    const { changed } = await refreshAllAggregates(deps);
    io.out(`aggregates: ${changed} indicator values counted again`);
    if (changed > 0) result = await reconcileAggregates(deps);
  }
  for (const difference of result.differences) io.out(describeDifference(difference));
  io.out(
    `aggregates: ${result.aggregates} from the latest records of ${result.projects} projects; ${result.differences.length} differ from those stored`,
  );
  return result.differences.length > 0 ? 1 : 0;
}

/**
 * `epm reconcile --aggregates`: every aggregate worked out again from the projects' latest
 * records and compared, figure for figure, with the one the aggregate function keeps. Where they
 * differ (unless `--dry-run`) every indicator value is counted again first, which brings in what
 * the function missed; each difference left is printed, and any exits 1.
 */
async function runReconcileAggregates(args: ReconcileArgs, io: CommandIo): Promise<number> {
  if (args.table) {
    const s3 = createS3Client();
    const ddb = createDynamoClient();
    try {
      return await checkAggregates({ ddb, s3, table: args.table }, args.dryRun, io);
    } finally {
      s3.destroy();
      ddb.destroy();
    }
  }
  const runtime = await startLocalRuntime({
    dataDir: args.dataDir,
    logLevel: 'WARN',
    printEvents: false,
    renderFinalReports: false,
    aggregates: true,
  });
  try {
    await runtime.aggregates.drained();
    return await checkAggregates(
      { ddb: runtime.ddb, s3: runtime.s3, table: runtime.tableName },
      args.dryRun,
      io,
    );
  } finally {
    await runtime.stop();
  }
}
