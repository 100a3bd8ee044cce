import { parseArgs } from 'node:util';
import { aggregateStreamHandler, needsAggregation } from '../shared/aggregates/stream.ts';
import { aggregateIndicator } from '../shared/api/queries.ts';
import { IndicatorQuerySchema } from '../shared/api/schemas.ts';
import { formatTable } from '../shared/cli/table.ts';
import { loadProjects } from '../shared/load/load.ts';
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
 * The query API over generated programmes of several sizes, each loaded through the store's own
 * writes into DynamoDB Local (in memory) while the aggregator follows the table stream, as it
 * does in `epm run`. Prints a table, or with `--json` one JSON line per size:
 * `{"projects":10000,"aggregateP50Ms":…,"aggregateP95Ms":…,"loadReportsPerSecond":…}`.
 *
 *   npm run bench:api -- [--json] [--sizes 10000,100000] [--seed 1]
 */

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    json: { type: 'boolean', default: false },
    sizes: { type: 'string', default: process.env.BENCH_SIZES ?? '10000,100000' },
    seed: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '8' },
  },
});
const sizes = args.sizes.split(',').map((s) => Number(s.trim()));
if (sizes.some((n) => !(n > 0)))
  throw new Error(`--sizes: expected numbers of projects, not ${args.sizes}`);
const seed = Number(args.seed);

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
/** Stream records per aggregator batch, as the deployed event source's batch size. */
const AGGREGATE_BATCH = 5_000;

const dynamo = await startDynamoDbLocal();
const ddb = localDynamoClient(dynamo.endpoint);
const streams = localStreamsClient(dynamo.endpoint, 1);
const streamDdb = localDynamoClient(dynamo.endpoint, 1);
const rows: string[][] = [];
const log = (text: string) => {
  if (!args.json) process.stderr.write(`${text}\n`);
};

try {
  for (const projects of sizes) {
    const table = `bench-api-${projects}`;
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
    const start = Date.now();
    const loaded = await loadProjects(ddb, table, {
      seed,
      projects,
      concurrency: Number(args.concurrency),
      every: 5_000,
      onProgress: (n, s) => log(`  ${projects}: ${n} reports in ${s.toFixed(0)} s`),
    });
    await poller.drained();
    const seconds = (Date.now() - start) / 1000;
    await poller.stop();
    log(
      `${projects} projects: ${loaded.reports} reports loaded and aggregated in ${seconds.toFixed(0)} s`,
    );

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
      reports: loaded.reports,
      aggregateP50Ms: Number(median(timings).toFixed(2)),
      aggregateP95Ms: Number(percentile(timings, 95).toFixed(2)),
      loadReportsPerSecond: Number((loaded.reports / seconds).toFixed(1)),
      loadSeconds: Math.round(seconds),
    };
    if (args.json) process.stdout.write(`${JSON.stringify(line)}\n`);
    else log(JSON.stringify(line));
  }
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
