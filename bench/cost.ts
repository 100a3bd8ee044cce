/**
 * `npm run bench:cost`: the AWS cost per 1,000 reports and per programme report, from measured
 * item sizes (generated reports loaded through the store into DynamoDB Local), measured local
 * durations (extract on the seeds, render and the programme report on generated records) and the
 * functions' memory, at the eu-north-1 prices written below. Prints the table of docs/cost.md;
 * `--json` prints the measurements and costs as one JSON line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AttributeValue, ScanCommand } from '@aws-sdk/client-dynamodb';
import { generateRecords } from '../shared/load/generate.ts';
import { loadProjects } from '../shared/load/load.ts';
import { localDynamoClient, startDynamoDbLocal } from '../shared/local/services.ts';
import { renderProgrammeReport } from '../shared/programme/programme-report.ts';
import { extractDocument } from '../shared/readers/intake.ts';
import { loadFonts } from '../shared/rendering/fonts.ts';
import { renderFinalReport } from '../shared/rendering/render-report.ts';
import { ensureTable } from '../shared/storage/provision.ts';

/**
 * Public list prices, eu-north-1 (Stockholm), USD, as written down on 2026-12-07 from the AWS
 * pricing pages (Lambda, DynamoDB on-demand, S3 Standard, SQS). Check them before relying on the
 * result: change a number here and run the script again.
 */
export const PRICES = {
  date: '2026-12-07',
  region: 'eu-north-1',
  lambdaArmPerGbSecond: 0.0000133334,
  lambdaPerMillionRequests: 0.2,
  dynamoPerMillionWriteUnits: 0.6675,
  dynamoPerMillionReadUnits: 0.1335,
  dynamoPerGbMonth: 0.2622,
  s3PerGbMonth: 0.023,
  s3PerThousandPuts: 0.005,
  s3PerThousandGets: 0.0004,
  sqsPerMillionRequests: 0.4,
} as const;

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** Memory of each function as infra/monitor-stack.ts and the programme-report construct set it. */
const MEMORY_MB = { extract: 1024, render: 1024, aggregate: 512, programmeReport: 3008 };
const STORED_REPORTS = Number(process.env.EPM_COST_REPORTS ?? 300);
const PROGRAMME_PROJECTS = Number(process.env.EPM_COST_PROGRAMME ?? 10_000);

/** DynamoDB's item size: attribute names and values in bytes (numbers about 1 byte per 2 digits). */
function valueSize(value: AttributeValue): number {
  if (value.S !== undefined) return Buffer.byteLength(value.S);
  if (value.N !== undefined) return Math.ceil(value.N.replace(/^-|\./g, '').length / 2) + 1;
  if (value.B !== undefined) return value.B.byteLength;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.L) return 3 + value.L.reduce((s, v) => s + 1 + valueSize(v), 0);
  if (value.M) return 3 + itemSize(value.M);
  if (value.SS) return value.SS.reduce((s, v) => s + Buffer.byteLength(v), 0);
  if (value.NS) return value.NS.reduce((s, v) => s + Math.ceil(v.length / 2) + 1, 0);
  return 0;
}

function itemSize(item: Record<string, AttributeValue>): number {
  return Object.entries(item).reduce((s, [k, v]) => s + Buffer.byteLength(k) + valueSize(v), 0);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function measureItems() {
  const dynamo = await startDynamoDbLocal();
  const ddb = localDynamoClient(dynamo.endpoint);
  try {
    const table = 'cost-bench';
    await ensureTable(ddb, table);
    const loaded = await loadProjects(ddb, table, { seed: 11, projects: STORED_REPORTS });
    let bytes = 0;
    let writeUnits = 0;
    let items = 0;
    let reportItemBytes = 0;
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await ddb.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
      for (const item of page.Items ?? []) {
        const size = itemSize(item);
        items += 1;
        bytes += size;
        // The latest pointer and its indicator items move in a transaction: twice the units.
        const transactional =
          item.PK?.S?.startsWith('PROJECT#') && !item.SK?.S?.startsWith('VERSION#');
        writeUnits += Math.ceil(size / 1024) * (transactional ? 2 : 1);
        if (item.SK?.S === 'REPORT') reportItemBytes += size;
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return {
      reports: loaded.reports,
      itemsPerReport: items / loaded.reports,
      bytesPerReport: bytes / loaded.reports,
      writeUnitsPerReport: writeUnits / loaded.reports,
      reportItemBytes: reportItemBytes / loaded.reports,
      loadReportsPerSecond: loaded.reportsPerSecond,
    };
  } finally {
    ddb.destroy();
    await dynamo.stop();
  }
}

async function measureDurations() {
  const seedsDir = join(import.meta.dirname, '..', 'seeds');
  const seeds = readdirSync(seedsDir).map((n) => readFileSync(join(seedsDir, n)));
  const extractMs: number[] = [];
  for (let round = 0; round < 4; round++)
    for (const bytes of seeds) {
      const t = performance.now();
      await extractDocument(bytes, { key: 'incoming/bench.txt' });
      if (round > 0) extractMs.push(performance.now() - t);
    }
  const fonts = loadFonts();
  const renderMs: number[] = [];
  const pdfBytes: number[] = [];
  let n = 0;
  for (const report of generateRecords({ seed: 5, projects: 30 })) {
    const t = performance.now();
    const pdf = await renderFinalReport(report.record, {
      language: 'fi',
      generatedAt: new Date('2026-12-01T00:00:00Z'),
      fonts,
    });
    if (n++ > 2) renderMs.push(performance.now() - t);
    pdfBytes.push(pdf.length);
  }
  const sourceBytes = seeds.reduce((s, b) => s + b.length, 0) / seeds.length;
  return {
    extractMs: median(extractMs),
    renderMs: median(renderMs),
    pdfBytes: median(pdfBytes),
    sourceBytes,
  };
}

async function measureProgramme() {
  const latest = new Map<
    string,
    ReturnType<typeof generateRecords> extends Generator<infer R> ? R : never
  >();
  for (const r of generateRecords({ seed: 18, projects: PROGRAMME_PROJECTS }))
    latest.set(r.projectId, r);
  const documents = [...latest.values()].map((r) => ({
    sha256: r.record.source.sha256,
    projectId: r.projectId,
    receivedAt: r.receivedAt,
    record: {
      ...r.record,
      project: { ...r.record.project, managingAuthority: 'Bench', programmingPeriod: '2021-2027' },
    },
  }));
  const rssBefore = process.memoryUsage().rss;
  const t = performance.now();
  const report = await renderProgrammeReport(
    documents,
    { managingAuthority: 'Bench', period: '2021-2027' },
    { language: 'fi', generatedAt: new Date('2026-12-01T00:00:00Z'), fonts: loadFonts() },
  );
  return {
    projects: report.summary.projects,
    totalMs: performance.now() - t,
    ...report.timings,
    pdfBytes: report.pdf.length,
    xlsxBytes: report.xlsx.length,
    rssMb: Math.max(process.memoryUsage().rss, rssBefore) / 1024 / 1024,
  };
}

const usd = (n: number) => (n < 0.01 ? `$${n.toFixed(5)}` : `$${n.toFixed(3)}`);

async function main() {
  const items = await measureItems();
  const durations = await measureDurations();
  const programme = await measureProgramme();
  const p = PRICES;
  const gbSeconds = (mb: number, ms: number) => (mb / 1024) * (ms / 1000);
  // Per 1,000 reports: extract and render once each, the aggregate function's share of a batch.
  const perThousand = {
    lambda:
      1000 *
        (gbSeconds(MEMORY_MB.extract, durations.extractMs) +
          gbSeconds(MEMORY_MB.render, durations.renderMs)) *
        p.lambdaArmPerGbSecond +
      (2000 / 1e6) * p.lambdaPerMillionRequests,
    dynamoWrites: (1000 * items.writeUnitsPerReport * p.dynamoPerMillionWriteUnits) / 1e6,
    dynamoStorageMonth: ((1000 * items.bytesPerReport) / 1024 ** 3) * p.dynamoPerGbMonth,
    // Upload, read text, tags, final-report PDF: four PUTs; extract and render read twice.
    s3Requests: 4 * p.s3PerThousandPuts + 2 * p.s3PerThousandGets,
    s3StorageMonth:
      ((1000 * (2 * durations.sourceBytes + durations.pdfBytes)) / 1024 ** 3) * p.s3PerGbMonth,
    sqs: (3000 / 1e6) * p.sqsPerMillionRequests,
  };
  const thousandTotal = Object.values(perThousand).reduce((a, b) => a + b, 0);
  // A programme report reads every project's report item once (eventually consistent queries).
  const readUnits = (programme.projects * items.reportItemBytes) / 4096 / 2;
  const perProgramme = {
    lambda:
      gbSeconds(MEMORY_MB.programmeReport, programme.totalMs) * p.lambdaArmPerGbSecond +
      p.lambdaPerMillionRequests / 1e6,
    dynamoReads: (readUnits * p.dynamoPerMillionReadUnits) / 1e6,
    s3: 2 * (p.s3PerThousandPuts / 1000),
  };
  const programmeTotal = Object.values(perProgramme).reduce((a, b) => a + b, 0);
  const measured = { items, durations, programme, prices: p, perThousand, perProgramme };
  if (process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify({ ...measured, thousandTotal, programmeTotal })}\n`);
    return;
  }
  const rows = [
    [
      'Lambda, Arm (extract + render; programme-report)',
      usd(perThousand.lambda),
      usd(perProgramme.lambda),
    ],
    ['DynamoDB writes (on demand)', usd(perThousand.dynamoWrites), '–'],
    ['DynamoDB reads (on demand)', '–', usd(perProgramme.dynamoReads)],
    ['DynamoDB storage, per month', usd(perThousand.dynamoStorageMonth), '–'],
    ['S3 requests', usd(perThousand.s3Requests), usd(perProgramme.s3)],
    ['S3 storage, per month', usd(perThousand.s3StorageMonth), '–'],
    ['SQS', usd(perThousand.sqs), '–'],
    ['**total**', `**${usd(thousandTotal)}**`, `**${usd(programmeTotal)}**`],
  ];
  const lines = [
    `| item | per 1,000 reports | per programme report (${programme.projects.toLocaleString('en')} projects) |`,
    '| --- | ---: | ---: |',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
    `Measured: ${items.itemsPerReport.toFixed(1)} items and ${Math.round(items.bytesPerReport)} bytes stored per report (${items.writeUnitsPerReport.toFixed(1)} write units), report item ${Math.round(items.reportItemBytes)} bytes; extract ${durations.extractMs.toFixed(1)} ms, render ${durations.renderMs.toFixed(1)} ms per report (local, standing in for Lambda); final-report PDF ${Math.round(durations.pdfBytes / 1024)} KB; programme report ${Math.round(programme.totalMs)} ms (aggregate ${Math.round(programme.aggregateMs)}, PDF ${Math.round(programme.pdfMs)}, XLSX ${Math.round(programme.xlsxMs)}), PDF ${Math.round(programme.pdfBytes / 1024)} KB, XLSX ${Math.round(programme.xlsxBytes / 1024)} KB, RSS ${Math.round(programme.rssMb)} MB. Prices: ${p.region}, ${p.date}.`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
