import { randomUUID } from 'node:crypto';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toUnits } from '../../shared/aggregates/fixed-point.ts';
import {
  type Contribution,
  cellId,
  computeCells,
  contributionOf,
  GROUPINGS,
} from '../../shared/aggregates/groupings.ts';
import { aggregateStreamRecords, type KeyedStreamRecord } from '../../shared/aggregates/stream.ts';
import { localStreamsClient } from '../../shared/local/services.ts';
import { INDICATOR_PATHS } from '../../shared/pipeline/indicators.ts';
import { listAllCells } from '../../shared/storage/aggregate-store.ts';
import { ensureTable } from '../../shared/storage/provision.ts';
import { moveLatest } from '../../shared/storage/report-store.ts';
import {
  listStreamShards,
  readShard,
  shardIterator,
  tableStreamArn,
} from '../../shared/storage/table-stream.ts';
import { startTestServices, type TestServices } from '../helpers/services.ts';

const PATHS = ['funding.totalBudget', 'indicators.jobsCreated.realised', 'funding.publicRealised'];
const REGIONS = ['Lappi', 'Kainuu', 'Åland'];
const STATUSES = ['planned', 'ongoing', 'ended'];

/** One report version moving a project's latest values: some fields stated, some not. */
const versionArb = fc.record({
  project: fc.integer({ min: 0, max: 4 }),
  order: fc.integer({ min: 1, max: 6 }),
  region: fc.option(fc.constantFrom(...REGIONS), { nil: undefined }),
  status: fc.constantFrom(...STATUSES),
  // Cents: amounts with cents, and few distinct ones so that extremes are often shared.
  values: fc.tuple(
    ...PATHS.map(() =>
      fc.option(fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 1e11 })), {
        nil: undefined,
      }),
    ),
  ),
});

/** Random programmes of writes and deliveries tried (`EPM_AGGREGATE_RUNS`, 10 by default). */
const RUNS = Number(process.env.EPM_AGGREGATE_RUNS ?? 10);
/** Fewest runs the time budget must leave room for. */
const MIN_RUNS = 4;
const PROPERTY_BUDGET_MS = 180_000;

let services: TestServices;
let streams: ReturnType<typeof localStreamsClient>;
beforeAll(async () => {
  services = await startTestServices();
  streams = localStreamsClient(services.dynamo.endpoint);
});
afterAll(async () => {
  streams?.destroy();
  await services?.stop();
});

/** Every record the table's stream holds, from its start (what a redelivery can give again). */
async function streamRecords(table: string): Promise<KeyedStreamRecord[]> {
  const arn = await tableStreamArn(services.ddb, table);
  if (!arn) throw new Error(`${table} has no stream`);
  const records: KeyedStreamRecord[] = [];
  for (const shard of await listStreamShards(streams, arn)) {
    let iterator = await shardIterator(streams, arn, shard.shardId, { type: 'TRIM_HORIZON' });
    while (iterator) {
      const read = await readShard(streams, iterator);
      records.push(...(read.records as KeyedStreamRecord[]));
      if (read.records.length === 0) break;
      iterator = read.next;
    }
  }
  return records;
}

function shuffled<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('aggregates under puts, new versions, duplicate and shuffled deliveries', () => {
  it(
    'equal a from-scratch recomputation of the latest values, exactly',
    async () => {
      const details = await fc.check(
        fc.asyncProperty(
          fc.array(versionArb, { minLength: 1, maxLength: 10 }),
          fc.integer({ min: 1, max: 2 ** 31 - 1 }),
          async (versions, seed) => {
            const table = `agg-${randomUUID().slice(0, 8)}`;
            await ensureTable(services.ddb, table, { stream: true });
            try {
              let state = seed;
              const random = () => {
                state = (state * 48271) % 2147483647;
                return state / 2147483647;
              };
              const deps = { ddb: services.ddb, table };
              // The model: each project's latest version, as moveLatest keeps it.
              const latest = new Map<
                number,
                { order: number; values: Map<string, Contribution> }
              >();
              let delivered = 0;
              for (const [n, v] of versions.entries()) {
                const projectId = `P${v.project}`;
                const order = `2026-01-01T00:00:0${v.order}Z#${String(n).padStart(4, '0')}`;
                const sha256 = `${n}`.padStart(64, '0');
                const facets = { fund: 'ERDF', region: v.region, status: v.status };
                const values = PATHS.flatMap((path, i) => {
                  const cents = v.values[i];
                  return cents === undefined
                    ? []
                    : [{ projectId, sha256, path, value: cents / 100, ...facets }];
                });
                const moved = await moveLatest(
                  services.ddb,
                  table,
                  { projectId, latestSha: sha256, latestOrder: order, ...facets },
                  values,
                  INDICATOR_PATHS,
                );
                const current = latest.get(v.project);
                expect(moved).toBe(!current || current.order <= v.order * 10_000 + n);
                if (moved) {
                  latest.set(v.project, {
                    order: v.order * 10_000 + n,
                    values: new Map(values.map((x) => [x.path, contributionOf(x)])),
                  });
                }
                // While writes go on: some of the records so far, shuffled, some twice.
                if (random() < 0.5) {
                  const records = await streamRecords(table);
                  const some = records.slice(Math.floor(random() * delivered));
                  delivered = records.length;
                  await aggregateStreamRecords(
                    shuffled([...some, ...some.filter(() => random() < 0.3)], random),
                    deps,
                  );
                }
              }
              // Then every record again, shuffled, with duplicates, in batches, two at a time.
              const all = await streamRecords(table);
              const deliveries = shuffled([...all, ...all.filter(() => random() < 0.5)], random);
              const half = Math.floor(deliveries.length / 2);
              await Promise.all([
                aggregateStreamRecords(deliveries.slice(0, half), deps),
                aggregateStreamRecords(deliveries.slice(half), deps),
              ]);

              const expected = computeCells(
                [...latest.values()].flatMap((p) =>
                  [...p.values].map(([path, contribution]) => ({ path, contribution })),
                ),
              );
              const stored = new Map<string, unknown>();
              for (const path of PATHS) {
                for (const grouping of GROUPINGS) {
                  for (const row of await listAllCells(services.ddb, table, path, grouping)) {
                    stored.set(cellId({ path, grouping, group: row.group }), row.state);
                  }
                }
              }
              expect(stored).toEqual(
                new Map([...expected].map(([id, { state }]) => [id, state] as const)),
              );
              // A late redelivery of everything changes nothing.
              const again = await aggregateStreamRecords(shuffled(all, random), deps);
              expect(again.changed).toBe(0);
            } finally {
              await services.ddb.send(new DeleteTableCommand({ TableName: table }));
            }
          },
        ),
        // A run takes 1 to 12 s, as busy as the machine is; the budget bounds the whole search,
        // shrinking included, and a run cut short still reports its counterexample.
        { numRuns: RUNS, interruptAfterTimeLimit: PROPERTY_BUDGET_MS },
      );
      if (details.failed) throw new Error(fc.defaultReportMessage(details) ?? 'property failed');
      // A budget spent before a few runs is no test: it fails, not passes.
      expect(details.numRuns).toBeGreaterThanOrEqual(Math.min(RUNS, MIN_RUNS));
    },
    PROPERTY_BUDGET_MS + 60_000,
  );

  it('sums a thousand amounts with cents exactly, with no float drift', () => {
    const cents = Array.from({ length: 1000 }, (_, i) => (i * 7919) % 100_000);
    const cells = computeCells(
      cents.map((c, i) => ({
        path: 'funding.totalBudget',
        contribution: contributionOf({ value: c / 100, region: REGIONS[i % 3] }),
      })),
    );
    const all = [...cells.values()].find((c) => c.cell.grouping === 'all');
    expect(all?.state.sum).toBe(toUnits(cents.reduce((a, b) => a + b, 0) / 100));
  });
});
