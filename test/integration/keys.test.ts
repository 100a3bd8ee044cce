import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import {
  aggregateIndicator,
  getProjectView,
  listAuditLog,
  listProjects,
  listReports,
  type QueryDeps,
} from '../../shared/api/queries.ts';
import { type LocalRuntime, startLocalRuntime } from '../../shared/local/runtime.ts';
import { listAwardsPage } from '../../shared/storage/query-store.ts';
import {
  getReport,
  listAudit,
  listObjectVersions,
  listReportsByStatus,
  moveLatest,
  pruneVersionItems,
  putObjectOutcome,
  writeVersionItems,
} from '../../shared/storage/report-store.ts';
import { uploadFiles } from '../../shared/storage/upload.ts';
import { seedPath } from '../helpers/fixtures.ts';
import { pdfText, scratch } from '../helpers/pdf-tools.ts';
import { freshStore, startTestServices, type TestServices } from '../helpers/services.ts';

const JOBS = 'indicators.jobsCreated.realised';
const AT = '2026-03-01T10:00:00.000Z';

let services: TestServices;

beforeAll(async () => {
  services = await startTestServices();
});

afterAll(async () => {
  await services?.stop();
});

/** Stores a project as the pipeline does once a version is its latest: version, facets, value. */
async function storeProject(
  store: Awaited<ReturnType<typeof freshStore>>,
  projectId: string,
  region: string,
  value: number,
) {
  const sha256 = createHash('sha256').update(projectId).digest('hex');
  const order = `${AT}#${'0'.repeat(20)}#${sha256}`;
  await writeVersionItems(services.ddb, store.table, {
    audit: [{ subject: projectId, at: AT, action: 'extracted', sha256, objectKey: 'incoming/x' }],
    projectVersion: { projectId, order, sha256, kind: 'project-description', checks: 0 },
    sha256,
    receivedAt: AT,
  });
  const facets = { fund: 'ERDF', programmingPeriod: '2021-2027', region };
  const stored = await moveLatest(
    services.ddb,
    store.table,
    { projectId, latestSha: sha256, latestOrder: order, kind: 'project-description', ...facets },
    [{ projectId, sha256, path: JOBS, value, ...facets }],
    [JOBS],
  );
  expect(stored).toBe(true);
}

describe('composite keys built from document values, against DynamoDB Local', () => {
  const PROJECTS: Array<[string, string, number]> = [
    ['P-1', 'Etelä-Savo', 1],
    ['P-2', 'Etelä-Savo#2', 20],
    ['P-3', 'A', 300],
    ['P-4', 'A#B#C', 4_000],
    ['P-5', 'A#B', 50_000],
    ['EU#1%', 'A', 600_000],
    ['P-7', 'A%23B', 7_000_000],
  ];

  it('aggregate by region to exactly the projects of that region, whatever the name holds', async () => {
    const store = await freshStore(services);
    for (const [id, region, value] of PROJECTS) await storeProject(store, id, region, value);
    const deps: QueryDeps = {
      ddb: services.ddb,
      s3: services.s3,
      table: store.table,
      inboxBucket: store.bucket,
      outboxBucket: store.bucket,
      urlSeconds: 60,
    };
    const period = { fund: 'ERDF', period: '2021-2027' } as const;

    const sums = Object.fromEntries(
      await Promise.all(
        ['A', 'A#B', 'A#B#C', 'A%23B', 'Etelä-Savo', 'Etelä-Savo#2'].map(async (region) => {
          const { groups } = await aggregateIndicator(deps, JOBS, { ...period, region });
          return [region, groups.map((g) => [g.sum, g.count])];
        }),
      ),
    );
    const grouped = await aggregateIndicator(deps, JOBS, { ...period, groupBy: 'region' });

    expect(sums).toEqual({
      A: [[600_300, 2]],
      'A#B': [[50_000, 1]],
      'A#B#C': [[4_000, 1]],
      'A%23B': [[7_000_000, 1]],
      'Etelä-Savo': [[1, 1]],
      'Etelä-Savo#2': [[20, 1]],
    });
    expect(grouped.groups.map((g) => [g.group, g.sum, g.count])).toEqual([
      ['A', 600_300, 2],
      ['A#B', 50_000, 1],
      ['A#B#C', 4_000, 1],
      ['A%23B', 7_000_000, 1],
      ['Etelä-Savo', 1, 1],
      ['Etelä-Savo#2', 20, 1],
    ]);
    expect(grouped.groups.reduce((s, g) => s + g.sum, 0)).toBe(7_654_321);
    for (const [region, ids] of [
      ['A', ['EU#1%', 'P-3']],
      ['A#B', ['P-5']],
      ['Etelä-Savo#2', ['P-2']],
    ] as const) {
      const page = await listProjects(deps, { region, limit: 50 });
      expect(page.items.map((p) => p.projectId).sort(), region).toEqual(ids);
    }
    expect(await getProjectView(deps, 'EU#1%')).toMatchObject({ projectId: 'EU#1%', region: 'A' });
    expect((await listReports(deps, 'EU#1%')).items).toHaveLength(1);
    expect((await listAuditLog(deps, { project: 'EU#1%' })).items).toEqual([
      expect.objectContaining({ action: 'extracted', objectKey: 'incoming/x' }),
    ]);
    await expect(getProjectView(deps, 'EU')).rejects.toThrow(/Project EU/);
    await store.drop();
  });

  it('list a document’s audit events written before and after keys were escaped', async () => {
    const store = await freshStore(services);
    const sha256 = 'c'.repeat(64);
    const subject = `DOC#${sha256}`;
    await services.ddb.send(
      new PutItemCommand({
        TableName: store.table,
        Item: marshall({
          PK: `AUDIT#${subject}`,
          SK: `${AT}#uploaded#${sha256.slice(0, 16)}`,
          type: 'audit',
          subject,
          at: AT,
          action: 'uploaded',
          sha256,
        }),
      }),
    );

    await writeVersionItems(services.ddb, store.table, {
      audit: [{ subject, at: '2026-03-02T10:00:00.000Z', action: 're-extracted', sha256 }],
      receivedAt: AT,
    });

    const escaped = await services.ddb.send(
      new QueryCommand({
        TableName: store.table,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: marshall({ ':pk': `AUDIT#DOC%23${sha256}` }),
      }),
    );
    expect(escaped.Items?.map((i) => unmarshall(i).action)).toEqual(['re-extracted']);
    const events = await listAudit(services.ddb, store.table, subject);
    expect(events.map((e) => e.action)).toEqual(['uploaded', 're-extracted']);
    expect(await listAudit(services.ddb, store.table, 'DOC')).toEqual([]);
    await store.drop();
  });

  it('keep the outcome of an object under a 1,024-byte key full of # and %', async () => {
    const store = await freshStore(services);
    const key = `incoming/${'#%ä/'.repeat(201)}x.pdf`;
    const other = `${key.slice(0, -1)}#`;
    expect(Buffer.byteLength(key)).toBe(1019);

    for (const k of [key, other]) {
      await putObjectOutcome(services.ddb, store.table, {
        bucket: store.bucket,
        key: k,
        version: 'etag-1#2',
        status: 'failed',
        reason: `failed ${k.length}`,
      });
    }

    const versions = await listObjectVersions(services.ddb, store.table, store.bucket, key);
    expect(versions).toEqual([expect.objectContaining({ key, status: 'failed' })]);
    const failed = await listReportsByStatus(services.ddb, store.table, 'failed');
    expect(failed.map((f) => f.key).sort()).toEqual([key, other].sort());
    await store.drop();
  });
});

describe('numbered sort keys', () => {
  it('keep 10,001 awards of one version in order, and prune by number whatever the width', async () => {
    const store = await freshStore(services);
    const sha256 = 'b'.repeat(64);
    const awards = Array.from({ length: 10_001 }, (_, i) => ({
      recipient: `Saaja ${i}`,
      amount: i,
    }));

    await writeVersionItems(services.ddb, store.table, {
      audit: [],
      awards,
      sha256,
      receivedAt: AT,
    });

    const inVersion: number[] = [];
    let start: Record<string, never> | undefined;
    do {
      const out = await services.ddb.send(
        new QueryCommand({
          TableName: store.table,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :award)',
          ExpressionAttributeValues: marshall({ ':pk': `REPORT#${sha256}`, ':award': 'AWARD#' }),
          ExclusiveStartKey: start,
        }),
      );
      inVersion.push(...(out.Items ?? []).map((i) => Number(unmarshall(i).amount)));
      start = out.LastEvaluatedKey as Record<string, never> | undefined;
    } while (start);
    expect(inVersion).toEqual(awards.map((a) => a.amount));
    const newest: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await listAwardsPage(services.ddb, store.table, {}, 2_000, cursor);
      newest.push(...page.items.map((a) => a.amount));
      cursor = page.cursor;
    } while (cursor);
    expect(newest).toEqual(awards.map((a) => a.amount).reverse());

    // An award item numbered in four digits, as written before sort keys had ten.
    await services.ddb.send(
      new PutItemCommand({
        TableName: store.table,
        Item: marshall({ PK: `REPORT#${sha256}`, SK: 'AWARD#0003', type: 'award', amount: 3 }),
      }),
    );
    await pruneVersionItems(services.ddb, store.table, sha256, { awards: 9_999, checks: 0 });
    const left = await services.ddb.send(
      new QueryCommand({
        TableName: store.table,
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
        ExpressionAttributeValues: marshall({
          ':pk': `REPORT#${sha256}`,
          ':from': 'AWARD#',
          ':to': 'AWARD#0000009999~',
        }),
        ScanIndexForward: false,
        Limit: 2,
      }),
    );
    expect(left.Items?.map((i) => unmarshall(i).SK)).toEqual([
      'AWARD#0000009998',
      'AWARD#0000009997',
    ]);
    const legacy = await services.ddb.send(
      new QueryCommand({
        TableName: store.table,
        KeyConditionExpression: 'PK = :pk AND SK = :sk',
        ExpressionAttributeValues: marshall({ ':pk': `REPORT#${sha256}`, ':sk': 'AWARD#0003' }),
      }),
    );
    expect(legacy.Count).toBe(0);
    await store.drop();
  }, 300_000);
});

/** Every file below `dir`, relative to it. */
function filesBelow(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)));
}

describe('object keys through the local pipeline', () => {
  let root: string;
  let runtime: LocalRuntime;

  beforeAll(async () => {
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
    root = mkdtempSync(join(tmpdir(), 'epm-keys-'));
    runtime = await startLocalRuntime({
      dataDir: join(root, 'data'),
      inMemory: true,
      tableName: 'keys-reports',
      inboxBucket: 'keys-inbox',
      outboxBucket: 'keys-outbox',
      logLevel: 'ERROR',
      printEvents: false,
    });
  });

  afterAll(async () => {
    await runtime?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  const HOSTILE = [
    'incoming/Hankkeen loppuraportti 2024 (v2).txt',
    'incoming/#1 ?kysely=100% + plus&x.txt',
    'incoming/😀 emoji/Östersund – Åbo ä ö å.txt',
    'incoming/../../../../escape.txt',
    'incoming/./piste/./tiedosto.txt',
    'incoming/%2e%2e/%2F koodattu.txt',
    'incoming/a&/b&+/c.txt',
    `incoming/${'Pitkä kansion nimi '.repeat(16)}/${'ö'.repeat(300)}.txt`,
  ];

  it('stores, extracts and renders each document under exactly its key, inside the emulator', async () => {
    const files = scratch('epm-keys-files-');
    const pdfs = scratch('epm-keys-pdf-');
    onTestFinished(() => {
      files.drop();
      pdfs.drop();
    });
    const seed = readFileSync(seedPath('004_'), 'utf8');
    const items = HOSTILE.map((key, i) => {
      const code = `A${String(70000 + i)}`;
      return {
        path: files.write(`${code}.txt`, Buffer.from(seed.replace('A77892', code))),
        key,
        code,
      };
    });
    const before = new Set(filesBelow(root));
    expect(Buffer.byteLength(HOSTILE.at(-1) ?? '')).toBeLessThanOrEqual(1024);

    const uploaded = await uploadFiles(runtime.s3, runtime.inboxBucket, items);
    await runtime.queue.drained();
    await runtime.renders.drained();

    expect(uploaded.map((u) => u.error)).toEqual(HOSTILE.map(() => undefined));
    const listed = await runtime.s3.send(
      new ListObjectsV2Command({ Bucket: runtime.inboxBucket, Prefix: 'incoming/' }),
    );
    expect((listed.Contents ?? []).map((o) => o.Key).sort()).toEqual([...HOSTILE].sort());
    for (const { key, code, path } of items) {
      const [object] = await listObjectVersions(
        runtime.ddb,
        runtime.tableName,
        runtime.inboxBucket,
        key,
      );
      expect(object, key).toMatchObject({ key, status: 'stored' });
      const version = await getReport(runtime.ddb, runtime.tableName, object?.sha256 ?? '');
      expect(version?.object.key).toBe(key);
      expect(version?.record?.source.key).toBe(key);
      expect(version?.projectId).toBe(code);
      const head = await runtime.s3.send(
        new HeadObjectCommand({ Bucket: runtime.inboxBucket, Key: key }),
      );
      expect(decodeURIComponent(head.Metadata?.['original-name'] ?? '')).toBe(
        path.split(sep).at(-1),
      );
      const pdfKey = version?.finalReports?.fi ?? '';
      expect(pdfKey, key).toMatch(new RegExp(`^final-reports/.+/${code}/[0-9a-f]{64}\\.fi\\.pdf$`));
      const pdf = await runtime.s3.send(
        new GetObjectCommand({ Bucket: runtime.outboxBucket, Key: pdfKey }),
      );
      const text = pdfText(
        pdfs.write(`${code}.pdf`, (await pdf.Body?.transformToByteArray()) ?? new Uint8Array()),
      );
      expect(text, key).toContain(code);
    }
    const buckets = [runtime.inboxBucket, runtime.outboxBucket].map((b) => join('data', 's3', b));
    const outside = filesBelow(root).filter(
      (f) =>
        !before.has(f) &&
        !buckets.some((b) => f.startsWith(`${b}${sep}`)) &&
        !/^data[\\/][^\\/]+\.jsonl$/.test(f),
    );
    expect(outside).toEqual([]);
  });

  it('writes nothing outside the emulator’s folder, and refuses what it cannot keep', async () => {
    const bucketDir = join(root, 'data', 's3', runtime.inboxBucket);
    mkdirSync(join(root, 'data', 'elsewhere'), { recursive: true });
    writeFileSync(join(root, 'data', 'elsewhere', 'keep.txt'), 'kept');
    const before = filesBelow(root).filter((f) => !f.startsWith(join('data', 's3') + sep));
    const keys = [
      '../../elsewhere/keep.txt',
      'x/../../../elsewhere/keep.txt',
      '../../../../../../../../../../tmp/epm-keys-escape.txt',
      './.././x.txt',
      'a//b.txt',
    ];

    const outcomes = await Promise.all(
      keys.map((Key) =>
        runtime.s3
          .send(new PutObjectCommand({ Bucket: runtime.inboxBucket, Key, Body: `body of ${Key}` }))
          .then(
            () => 'stored',
            () => 'refused',
          ),
      ),
    );

    expect(readFileSync(join(root, 'data', 'elsewhere', 'keep.txt'), 'utf8')).toBe('kept');
    expect(filesBelow(root).filter((f) => !f.startsWith(join('data', 's3') + sep))).toEqual(before);
    expect(readdirSync(tmpdir())).not.toContain('epm-keys-escape.txt._S3rver_object');
    for (const [i, Key] of keys.entries()) {
      if (outcomes[i] === 'refused') continue;
      const got = await runtime.s3.send(new GetObjectCommand({ Bucket: runtime.inboxBucket, Key }));
      expect(await got.Body?.transformToString()).toBe(`body of ${Key}`);
    }
    expect(outcomes.slice(0, 4)).toEqual(['stored', 'stored', 'stored', 'stored']);
    const listed = await runtime.s3.send(new ListObjectsV2Command({ Bucket: runtime.inboxBucket }));
    expect(listed.Contents?.map((o) => o.Key)).toEqual(expect.arrayContaining(keys.slice(0, 4)));
    expect(filesBelow(bucketDir)).toContain(
      join('..&', '..&', 'elsewhere', 'keep.txt._S3rver_object'),
    );
  });
});
