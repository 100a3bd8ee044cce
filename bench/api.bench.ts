import { ROUTES } from '../shared/api/routes.ts';
import { queryEvent } from '../shared/cli/query-command.ts';
import { formatTable } from '../shared/cli/table.ts';
import { createApiHandler } from '../shared/lambda/http.ts';
import { localContext } from '../shared/local/lambda-context.ts';
import { localDynamoClient, localS3Client, startDynamoDbLocal } from '../shared/local/services.ts';
import { INDICATOR_PATHS } from '../shared/pipeline/indicators.ts';
import { ensureTable } from '../shared/storage/provision.ts';
import { moveLatest } from '../shared/storage/report-store.ts';
import { median, percentile } from './stats.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const PROJECTS = Number(process.env.BENCH_PROJECTS ?? 10_000);
const REGIONS = [
  'Keski-Suomi',
  'Pirkanmaa',
  'Lappi',
  'Uusimaa',
  'Pohjois-Savo',
  'Kainuu',
  'Satakunta',
  'Kymenlaakso',
];
const FUNDS = ['ERDF', 'ESF', 'JTF'];
const AUTHORITIES = [
  'Pirkanmaan liitto',
  'Lapin liitto',
  'Etelä-Savon ELY-keskus',
  'Hämeen ELY-keskus',
];

const dynamo = await startDynamoDbLocal();
const ddb = localDynamoClient(dynamo.endpoint);
const table = 'bench-api';
await ensureTable(ddb, table);

const loadStart = Date.now();
let next = 0;
async function loader() {
  for (let i = next++; i < PROJECTS; i = next++) {
    const projectId = `B${String(i).padStart(6, '0')}`;
    const facets = {
      fund: FUNDS[i % FUNDS.length],
      region: REGIONS[i % REGIONS.length],
      programmingPeriod: i % 2 ? '2014-2020' : '2021-2027',
      managingAuthority: AUTHORITIES[i % AUTHORITIES.length],
    };
    const sha256 = `${i.toString(16).padStart(8, '0')}${'0'.repeat(56)}`;
    await moveLatest(
      ddb,
      table,
      {
        projectId,
        latestSha: sha256,
        latestOrder: `2026-01-01T00:00:00Z#${sha256}`,
        code: projectId,
        kind: 'project-description',
        ...facets,
      },
      [
        {
          projectId,
          sha256,
          path: 'indicators.jobsCreated.realised',
          value: (i % 17) / 2,
          line: 109,
          text: 'Toteutunut',
        },
        {
          projectId,
          sha256,
          path: 'funding.publicRealised',
          value: 100_000 + i,
          line: 85,
          text: 'Toteutunut julkinen rahoitus',
        },
      ].map((v) => ({ ...v, ...facets })),
      INDICATOR_PATHS,
    );
  }
}
await Promise.all(Array.from({ length: 8 }, loader));
const loadSeconds = (Date.now() - loadStart) / 1000;

const api = createApiHandler(
  ROUTES,
  {
    ddb,
    s3: localS3Client('http://127.0.0.1:9'),
    table,
    inboxBucket: 'inbox',
    outboxBucket: 'outbox',
    urlSeconds: 60,
  },
  () => undefined,
);

async function time(path: string, params: string[], runs: number): Promise<number[]> {
  const timings: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = process.hrtime.bigint();
    const result = await api(queryEvent(path, params, 'json'), localContext('query'));
    timings.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (result.statusCode !== 200)
      throw new Error(`${path} answered ${result.statusCode}: ${result.body}`);
  }
  return timings;
}

const cases: Array<[string, () => Promise<number[]>]> = [
  [
    'project lookup GET /projects/{code}',
    async () => {
      const timings: number[] = [];
      for (let r = 0; r < 300; r++) {
        const code = `B${String((r * 7919) % PROJECTS).padStart(6, '0')}`;
        timings.push(...(await time(`/projects/${code}`, [], 1)));
      }
      return timings;
    },
  ],
  [
    'project list, one fund and region (50 per page)',
    () => time('/projects', ['fund=ESF', 'region=Lappi'], 50),
  ],
  [
    'aggregate, jobs realised, ERDF 2014-2020 by region',
    () =>
      time(
        '/indicators/indicators.jobsCreated.realised',
        ['fund=ERDF', 'period=2014-2020', 'groupBy=region'],
        30,
      ),
  ],
  [
    `aggregate, jobs realised, all ${PROJECTS} projects by fund`,
    () => time('/indicators/indicators.jobsCreated.realised', ['groupBy=fund'], 15),
  ],
];

const rows: string[][] = [];
for (const [name, run] of cases) {
  await run();
  const timings = await run();
  rows.push([
    name,
    String(timings.length),
    median(timings).toFixed(1),
    percentile(timings, 95).toFixed(1),
  ]);
}
process.stdout.write(
  `Query API on DynamoDB Local with ${PROJECTS.toLocaleString('en-GB')} projects (loaded in ${loadSeconds.toFixed(0)} s), handler invoked in process\n${formatTable(
    ['request', 'n', 'p50 ms', 'p95 ms'],
    rows,
    60,
  )}\n`,
);
ddb.destroy();
await dynamo.stop();
