import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareAggregates } from '../../shared/aggregates/recompute.ts';
import { aggregateStreamRecords, type KeyedStreamRecord } from '../../shared/aggregates/stream.ts';
import {
  aggregateIndicator,
  MAX_FILTERED_VALUES,
  type QueryDeps,
} from '../../shared/api/queries.ts';
import { GROUP_BY, type IndicatorQuery } from '../../shared/api/schemas.ts';
import { loadProjects } from '../../shared/load/load.ts';
import { localStreamsClient } from '../../shared/local/services.ts';
import { INDICATOR_PATHS } from '../../shared/pipeline/indicators.ts';
import { ingestMessage } from '../../shared/pipeline/ingest.ts';
import { ensureBucket, ensureTable } from '../../shared/storage/provision.ts';
import { indicatorValues } from '../../shared/storage/query-store.ts';
import type { IndicatorValue } from '../../shared/storage/report-store.ts';
import {
  listStreamShards,
  readShard,
  shardIterator,
  tableStreamArn,
} from '../../shared/storage/table-stream.ts';
import { ROOT } from '../helpers/fixtures.ts';
import {
  putObject,
  s3EventBody,
  startTestServices,
  type TestServices,
} from '../helpers/services.ts';

const GROUP_ATTRIBUTE = {
  region: 'region',
  fund: 'fund',
  authority: 'managingAuthority',
  period: 'programmingPeriod',
  programme: 'programme',
  axis: 'priorityAxis',
  status: 'status',
} as const;

/** The answer as it was worked out before aggregates were kept: from every stored value. */
function previousAnswer(values: IndicatorValue[], groupBy: (typeof GROUP_BY)[number] | undefined) {
  const groups = new Map<string, IndicatorValue[]>();
  for (const value of values) {
    const group = groupBy ? String(value[GROUP_ATTRIBUTE[groupBy]] ?? 'not stated') : 'all';
    groups.set(group, [...(groups.get(group) ?? []), value]);
  }
  return [...groups]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([group, members]) => ({
      group,
      sum: Math.round(members.reduce((s, m) => s + m.value, 0) * 100) / 100,
      count: members.length,
      min: Math.min(...members.map((m) => m.value)),
      max: Math.max(...members.map((m) => m.value)),
    }));
}

let services: TestServices;
let streams: ReturnType<typeof localStreamsClient>;
let deps: QueryDeps;
const table = `agg-api-${randomUUID().slice(0, 8)}`;
const bucket = `agg-api-${randomUUID().slice(0, 8)}`;

async function aggregateEverything() {
  const arn = await tableStreamArn(services.ddb, table);
  if (!arn) throw new Error('no stream');
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
  // In batches, as the event source hands them over.
  for (let i = 0; i < records.length; i += 1000) {
    await aggregateStreamRecords(records.slice(i, i + 1000), { ddb: services.ddb, table });
  }
}

beforeAll(async () => {
  services = await startTestServices();
  streams = localStreamsClient(services.dynamo.endpoint);
  await ensureTable(services.ddb, table, { stream: true });
  await ensureBucket(services.s3, bucket);
  deps = {
    ddb: services.ddb,
    s3: services.s3,
    table,
    inboxBucket: bucket,
    outboxBucket: bucket,
    urlSeconds: 60,
  };
  const ingest = {
    s3: services.s3,
    ddb: services.ddb,
    table,
    maxBytes: 10 * 1024 * 1024,
    logger: { info: () => undefined },
  };
  const seeds = readdirSync(`${ROOT}/seeds`).filter((f) => f.endsWith('.txt'));
  for (const [i, name] of seeds.entries()) {
    const object = await putObject(
      services.s3,
      bucket,
      `incoming/${name}`,
      readFileSync(`${ROOT}/seeds/${name}`),
    );
    await ingestMessage(
      s3EventBody(bucket, object, `2026-02-01T10:00:${String(i).padStart(2, '0')}.000Z`),
      name,
      ingest,
    );
  }
  await loadProjects(services.ddb, table, { seed: 11, projects: 150 });
  await aggregateEverything();
});

afterAll(async () => {
  await services?.ddb.send(new DeleteTableCommand({ TableName: table }));
  streams?.destroy();
  await services?.stop();
});

describe('GET /indicators from aggregate items', () => {
  it('answers every field by every grouping as the computation from every value did', async () => {
    let compared = 0;
    for (const path of INDICATOR_PATHS) {
      const values = await indicatorValues(services.ddb, table, path, {});
      for (const groupBy of [undefined, ...GROUP_BY]) {
        const query: IndicatorQuery = groupBy ? { groupBy } : {};
        const answer = await aggregateIndicator(deps, path, query);
        expect(answer.cursor).toBeUndefined();
        expect(
          answer.groups.map(({ group, sum, count, min, max }) => ({ group, sum, count, min, max })),
        ).toEqual(previousAnswer(values, groupBy));
        expect(answer.groups.every((g) => g.contributions.length === 0)).toBe(true);
        compared += answer.groups.length;
      }
    }
    expect(compared).toBeGreaterThan(500);
  });

  it('answers one filter from its aggregate, and filters with groupBy from the values', async () => {
    const path = 'funding.totalBudget';
    const values = await indicatorValues(services.ddb, table, path, {});
    const erdf = values.filter((v) => v.fund === 'ERDF');
    expect((await aggregateIndicator(deps, path, { fund: 'ERDF' })).groups).toEqual([
      { ...previousAnswer(erdf, undefined)[0], contributions: [] },
    ]);
    const filtered = await aggregateIndicator(deps, path, {
      fund: 'ERDF',
      period: '2021-2027',
      groupBy: 'region',
    });
    expect(filtered.groups.map(({ contributions: _, ...g }) => g)).toEqual(
      previousAnswer(
        erdf.filter((v) => v.programmingPeriod === '2021-2027'),
        'region',
      ),
    );
  });

  it('pages groups with a cursor, every group once', async () => {
    const path = 'funding.totalBudget';
    const whole = await aggregateIndicator(deps, path, { groupBy: 'region' });
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await aggregateIndicator(deps, path, {
        groupBy: 'region',
        limit: 4,
        ...(cursor ? { cursor } : {}),
      });
      expect(page.groups.length).toBeLessThanOrEqual(4);
      seen.push(...page.groups.map((g) => g.group));
      cursor = page.cursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBeGreaterThan(2);
    expect(seen.sort()).toEqual(whole.groups.map((g) => g.group).sort());
  });

  it('lists one group’s contributions only when asked, a page at a time', async () => {
    const path = 'indicators.jobsCreated.planned';
    const lappi = (await aggregateIndicator(deps, path, { groupBy: 'region' })).groups.find(
      (g) => g.group === 'Lappi',
    );
    const listed: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await aggregateIndicator(deps, path, {
        groupBy: 'region',
        group: 'Lappi',
        contributions: 'true',
        limit: 5,
        ...(cursor ? { cursor } : {}),
      });
      expect(page.groups[0]).toMatchObject({ group: 'Lappi', count: lappi?.count });
      listed.push(...(page.groups[0]?.contributions ?? []).map((c) => c.value));
      cursor = page.cursor;
    } while (cursor);
    expect(listed).toHaveLength(lappi?.count ?? -1);
    await expect(
      aggregateIndicator(deps, path, { groupBy: 'region', contributions: 'true' }),
    ).rejects.toThrow('group: contributions=true with groupBy needs the group to list');
    await expect(
      aggregateIndicator(deps, path, { fund: 'ERDF', contributions: 'true' }),
    ).rejects.toThrow(/give groupBy and group instead of filters/);
  });

  it('refuses a filtered groupBy over more values than its limit, saying what to ask instead', async () => {
    const path = 'funding.totalBudget';
    const query: IndicatorQuery = { fund: 'ERDF', groupBy: 'region' };
    const erdf = (await indicatorValues(services.ddb, table, path, {})).filter(
      (v) => v.fund === 'ERDF',
    );
    expect(erdf.length).toBeGreaterThan(10);
    await expect(aggregateIndicator(deps, path, query, erdf.length - 1)).rejects.toThrow(
      `aggregate: more than ${(erdf.length - 1).toLocaleString('en-GB')} values match these filters with groupBy`,
    );
    const within = await aggregateIndicator(deps, path, query, erdf.length);
    expect(within.groups.reduce((n, g) => n + g.count, 0)).toBe(erdf.length);
    expect(MAX_FILTERED_VALUES).toBe(20_000);
  });

  it('equals a recomputation from the latest records: epm reconcile --aggregates finds nothing', async () => {
    const check = await compareAggregates({ ddb: services.ddb, s3: services.s3, table });
    expect(check.projects).toBeGreaterThan(150);
    expect(check.differences).toEqual([]);
  });
});
