import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { aggregateStreamHandler, needsAggregation } from '../shared/aggregates/stream.ts';
import { aggregateIndicator } from '../shared/api/queries.ts';
import { IndicatorQuerySchema } from '../shared/api/schemas.ts';
import { formatTable } from '../shared/cli/table.ts';
import { BulkGuard } from '../shared/load/bulk.ts';
import { generateRecords } from '../shared/load/generate.ts';
import { loadProjects } from '../shared/load/load.ts';
import { FundingTally, ProgrammeReader } from '../shared/load/programme.ts';
import {
  LOCAL_AWS,
  localDynamoClient,
  localS3Client,
  localStreamsClient,
  startDynamoDbLocal,
} from '../shared/local/services.ts';
import { LocalStreamPoller } from '../shared/local/stream-poller.ts';
import { ensureTable } from '../shared/storage/provision.ts';
import { median, percentile } from './stats.ts';

/**
 * The query API over one generated programme measured at several sizes: the largest size is
 * loaded into one DynamoDB Local table (in memory), with the aggregator following the table
 * stream as it does in `epm run`, and the load stops at each smaller size on the way
 * (the programme as it stood when it had that many projects) to time the aggregate requests.
 * So "10,000 and 100,000 in the same run" is one table, 10,000 of whose projects are the first
 * 10,000 of the 100,000.
 *
 * The reports are loaded in steps of `--step` reports; after each step the run waits until the
 * aggregator has counted every change the step made (its stream records, read in batches of up
 * to 50,000) before the next step starts. DynamoDB Local slows down several times over when its
 * transactions (the aggregator's) run beside a stream of batch writes, so taking turns is
 * faster than running both at once.
 *
 * `--writes bulk` (the default) writes each report's items, the store's own items built by its
 * own functions, with BatchWriteItem (shared/load/bulk.ts: sound for a fresh table that nothing
 * else writes to; the conditions are checked in memory); `--writes store` sends the store's
 * conditional put and transactions, as the extract function does.
 *
 * At each size the all-projects total budget is checked against the count and exact sum
 * worked out from the generated records themselves: a load that lost or doubled a change fails.
 *
 * Prints a table, or with `--json` one JSON line per size:
 * `{"projects":10000,"aggregateP50Ms":…,"aggregateP95Ms":…,"loadReportsPerSecond":…}`;
 * progress goes to stderr.
 *
 *   npm run bench:api -- [--json] [--sizes 10000,100000] [--seed 1] [--concurrency 16]
 *     [--step 2000] [--writes bulk|store]
 */

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    json: { type: 'boolean', default: false },
    sizes: { type: 'string', default: process.env.BENCH_SIZES ?? '10000,100000' },
    seed: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '16' },
    step: { type: 'string', default: '2000' },
    writes: { type: 'string', default: 'bulk' },
  },
});
const sizes = args.sizes.split(',').map((s) => Number(s.trim()));
if (sizes.some((n) => !Number.isInteger(n) || n <= 0))
  throw new Error(`--sizes: expected whole numbers of projects, not ${args.sizes}`);
sizes.sort((a, b) => a - b);
const seed = Number(args.seed);
if (!Number.isInteger(seed)) throw new Error(`--seed: expected a whole number, not ${args.seed}`);
const concurrency = Number(args.concurrency);
const step = Number(args.step);
for (const [name, value] of [
  ['--concurrency', concurrency],
  ['--step', step],
] as const) {
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`${name}: expected a whole number above 0, not ${value}`);
}
if (args.writes !== 'bulk' && args.writes !== 'store')
  throw new Error(`--writes: expected bulk or store, not ${args.writes}`);

const JOBS = 'indicators.jobsCreated.realised';
const BUDGET = 'funding.totalBudget';
const CASES: Array<[string, string, string[]]> = [
  ['jobs realised by region', JOBS, ['groupBy=region']],
  ['jobs realised by fund', JOBS, ['groupBy=fund']],
  ['total budget by managing authority', BUDGET, ['groupBy=authority']],
  ['total budget by programme', BUDGET, ['groupBy=programme']],
  ['total budget by priority axis', BUDGET, ['groupBy=axis']],
  ['jobs realised by status', JOBS, ['groupBy=status']],
  ['total budget, all projects', BUDGET, []],
  ['total budget, one fund', BUDGET, ['fund=ERDF']],
];
const RUNS = 40;
/**
 * Stream records (of every item, before the aggregator's filter) read into one aggregator
 * batch: a step's worth, so its changes share aggregates in fewer transactions.
 */
const AGGREGATE_BATCH = 50_000;
const BUDGET_FIELD = 'totalBudget';

const dynamo = await startDynamoDbLocal();
const ddb = localDynamoClient(dynamo.endpoint);
const streams = localStreamsClient(dynamo.endpoint, 1);
const streamDdb = localDynamoClient(dynamo.endpoint, 1);
const rows: string[][] = [];
const progress = (text: string) => process.stderr.write(`${new Date().toISOString()} ${text}\n`);
const largest = sizes.at(-1) ?? 0;
const table = `bench-api-${largest}`;

try {
  await ensureTable(ddb, table, { stream: true });
  const poller = new LocalStreamPoller({
    streams,
    ddb: streamDdb,
    table,
    region: LOCAL_AWS.region,
    filter: needsAggregation,
    intervalMs: 50,
    batchSize: AGGREGATE_BATCH,
    onProblem: (message, detail) =>
      process.stderr.write(`aggregator: ${message} ${JSON.stringify(detail)}\n`),
  });
  await poller.start(aggregateStreamHandler({ ddb: streamDdb, table }));
  const reader = new ProgrammeReader(generateRecords({ seed, projects: largest }));
  const tally = new FundingTally(BUDGET_FIELD);
  const guard = args.writes === 'bulk' ? new BulkGuard() : undefined;
  /** Seconds spent loading and aggregating, without the timed requests between sizes. */
  let loadSeconds = 0;
  const deps = {
    ddb,
    s3: localS3Client('http://127.0.0.1:9'),
    table,
    inboxBucket: 'inbox',
    outboxBucket: 'outbox',
    urlSeconds: 60,
  };
  // The route's own steps: the query string checked by its schema, the answer as JSON.
  const ask = async (path: string, params: string[]) => {
    const query = IndicatorQuerySchema.parse(
      Object.fromEntries(params.map((p) => p.split('=') as [string, string])),
    );
    return JSON.stringify(await aggregateIndicator(deps, path, query));
  };

  for (const projects of sizes) {
    const segmentStart = Date.now();
    const reportsBefore = reader.reports;
    for (;;) {
      const stepStart = Date.now();
      const loaded = await loadProjects(ddb, table, {
        seed,
        projects,
        concurrency,
        bulk: guard,
        reports: tally.tap(reader.next(step, projects)),
      });
      if (loaded.reports === 0) break;
      const written = Date.now();
      await poller.drained();
      const done = Date.now();
      loadSeconds += (done - stepStart) / 1000;
      progress(
        `${reader.projects} projects, ${reader.reports} reports: step of ${loaded.reports} written in ${((written - stepStart) / 1000).toFixed(1)} s, aggregated ${((done - written) / 1000).toFixed(1)} s later; ${(reader.reports / loadSeconds).toFixed(1)} reports/s so far; load average ${loadavg()[0]?.toFixed(1)}`,
      );
    }
    const segmentSeconds = (Date.now() - segmentStart) / 1000;
    if (reader.projects !== projects)
      throw new Error(`The programme has ${reader.projects} projects, not ${projects}`);

    // The all-projects total, from the aggregates, against the records themselves.
    const expected = tally.total();
    const all = JSON.parse(await ask(BUDGET, [])) as {
      groups: Array<{ count: number; sum: number }>;
    };
    const [group] = all.groups;
    if (
      !group ||
      group.count !== expected.count ||
      BigInt(Math.round(group.sum * 100)) !== expected.sumCents
    ) {
      throw new Error(
        `${BUDGET} over all projects at ${projects} projects: the aggregate says count ${group?.count} and sum ${group?.sum}; the generated records give count ${expected.count} and sum ${expected.sumCents} cents`,
      );
    }
    progress(
      `${projects} projects: ${reader.reports} reports loaded and aggregated in ${loadSeconds.toFixed(0)} s; ${BUDGET} over all projects: count ${group.count} and sum ${group.sum} as the records give`,
    );

    const timings: number[] = [];
    for (let round = 0; round < 2; round++) {
      for (const [name, path, params] of CASES) {
        const caseTimings: number[] = [];
        for (let r = 0; r < RUNS / 2; r++) {
          const t0 = process.hrtime.bigint();
          const body = await ask(path, params);
          const ms = Number(process.hrtime.bigint() - t0) / 1e6;
          if (!body.includes('"groups":[{'))
            throw new Error(`${path} ${params.join('&')} answered no group: ${body}`);
          // The first round warms up the handler and DynamoDB Local; the second is measured.
          if (round === 1) {
            caseTimings.push(ms);
            timings.push(ms);
          }
        }
        if (round === 1) {
          rows.push([
            String(projects),
            name,
            median(caseTimings).toFixed(1),
            percentile(caseTimings, 95).toFixed(1),
          ]);
        }
      }
    }
    const line = {
      projects,
      reports: reader.reports,
      aggregateP50Ms: Number(median(timings).toFixed(2)),
      aggregateP95Ms: Number(percentile(timings, 95).toFixed(2)),
      loadReportsPerSecond: Number((reader.reports / loadSeconds).toFixed(1)),
      loadSeconds: Math.round(loadSeconds),
      segmentReportsPerSecond: Number(
        ((reader.reports - reportsBefore) / segmentSeconds).toFixed(1),
      ),
      writes: args.writes,
      budgetProjects: expected.count,
      loadAverage: Number((loadavg()[0] ?? 0).toFixed(1)),
    };
    if (args.json) process.stdout.write(`${JSON.stringify(line)}\n`);
    else progress(JSON.stringify(line));
  }
  await poller.stop();
  if (!args.json) {
    process.stdout.write(
      `Aggregates from aggregate items on DynamoDB Local, handler invoked in process\n${formatTable(
        ['projects', 'request', 'p50 ms', 'p95 ms'],
        rows,
        60,
      )}\n`,
    );
  }
} finally {
  streams.destroy();
  streamDdb.destroy();
  ddb.destroy();
  await dynamo.stop();
}
