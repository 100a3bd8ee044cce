import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand, GetObjectTaggingCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestMessage } from '../../shared/pipeline/ingest.ts';
import {
  getProject,
  getReport,
  listAudit,
  listAwards,
  listObjectVersions,
  listProjectsByFacet,
  listProjectVersions,
  listReportsByStatus,
  queryIndicator,
} from '../../shared/storage/report-store.ts';
import { longDecisionList, shuffled } from '../helpers/documents.ts';
import { SEEDS_DIR, seedPath } from '../helpers/fixtures.ts';
import {
  freshStore,
  putObject,
  s3EventBody,
  scanTable,
  startTestServices,
  type TestServices,
} from '../helpers/services.ts';

let services: TestServices;

beforeAll(async () => {
  services = await startTestServices();
});

afterAll(async () => {
  await services?.stop();
});

async function uploadSeeds(store: Awaited<ReturnType<typeof freshStore>>) {
  const names = readdirSync(SEEDS_DIR).sort();
  return Promise.all(
    names.map(async (name, i) => {
      const object = await putObject(
        services.s3,
        store.bucket,
        `incoming/${name}`,
        readFileSync(join(SEEDS_DIR, name)),
      );
      return s3EventBody(store.bucket, object, `2026-01-0${i + 1}T10:00:00.000Z`);
    }),
  );
}

describe('ingestMessage against DynamoDB Local and the S3 emulator', () => {
  it('stores every seed with its project, versions, facets, indicators, awards and audit trail', async () => {
    const store = await freshStore(services);
    const bodies = await uploadSeeds(store);

    for (const [i, body] of bodies.entries()) await ingestMessage(body, `m${i}`, store.deps);

    const stored = await listReportsByStatus(services.ddb, store.table, 'stored');
    expect(stored).toHaveLength(5);
    const project = await getProject(services.ddb, store.table, 'A77892');
    expect(project).toMatchObject({
      code: 'A77892',
      fund: 'ERDF',
      region: 'Keski-Suomi',
      managingAuthority: 'Pirkanmaan liitto',
    });
    const report = await getReport(services.ddb, store.table, project?.latestSha ?? '');
    expect(report?.record?.indicators?.jobsCreated?.realised).toBe(3.7);
    expect(report?.record?.provenance['project.code']?.line).toBe(7);
    expect(await listProjectVersions(services.ddb, store.table, 'A77892')).toHaveLength(1);
    expect(
      (await listProjectsByFacet(services.ddb, store.table, 'REGION', 'Keski-Suomi')).map(
        (p) => p.projectId,
      ),
    ).toEqual(['A77892']);
    const jobs = await queryIndicator(
      services.ddb,
      store.table,
      'indicators.jobsCreated.realised',
      { fund: 'ERDF', region: 'Keski-Suomi' },
    );
    expect(jobs).toEqual([expect.objectContaining({ projectId: 'A77892', value: 3.7, line: 109 })]);
    const awards = await listAwards(services.ddb, store.table);
    expect(awards).toHaveLength(24);
    expect(awards.reduce((s, a) => s + a.amount, 0)).toBe(8623231);
    expect((await listAudit(services.ddb, store.table, 'A77892')).map((e) => e.action)).toEqual([
      'uploaded',
      'extracted',
    ]);
    await store.drop();
  });

  it('leaves the same table after every event delivered twice in shuffled order as after one in-order delivery', async () => {
    const single = await freshStore(services);
    const double = await freshStore(services);
    const singleBodies = await uploadSeeds(single);
    const doubleBodies = await uploadSeeds(double);

    for (const [i, body] of singleBodies.entries()) await ingestMessage(body, `s${i}`, single.deps);
    const deliveries = shuffled([...doubleBodies, ...doubleBodies], 7);
    await Promise.all(deliveries.map((body, i) => ingestMessage(body, `d${i}`, double.deps)));

    const normalise = (items: Record<string, unknown>[], bucket: string) =>
      JSON.parse(JSON.stringify(items).replaceAll(bucket, 'BUCKET'));
    expect(normalise(await scanTable(services.ddb, double.table), double.bucket)).toEqual(
      normalise(await scanTable(services.ddb, single.table), single.bucket),
    );
    await Promise.all([single.drop(), double.drop()]);
  });

  it('keeps both versions of a project uploaded concurrently and points latest at the newer', async () => {
    const store = await freshStore(services);
    const original = readFileSync(seedPath('004_'), 'utf8');
    const revised = original.replace(
      'Toteutunut seurantatietojen mukaan: 3.70',
      'Toteutunut seurantatietojen mukaan: 4.20',
    );
    const older = await putObject(
      services.s3,
      store.bucket,
      'incoming/A77892 loppuraportti.txt',
      original,
    );
    const newer = await putObject(
      services.s3,
      store.bucket,
      'incoming/A77892 loppuraportti v2.txt',
      revised,
    );

    await Promise.all([
      ingestMessage(
        s3EventBody(store.bucket, newer, '2026-03-02T08:00:00.000Z'),
        'new',
        store.deps,
      ),
      ingestMessage(
        s3EventBody(store.bucket, older, '2026-03-01T08:00:00.000Z'),
        'old',
        store.deps,
      ),
    ]);

    const versions = await listProjectVersions(services.ddb, store.table, 'A77892');
    expect(versions).toHaveLength(2);
    const project = await getProject(services.ddb, store.table, 'A77892');
    expect(project?.latestSha).toBe(versions[1]?.sha256);
    const jobs = await queryIndicator(services.ddb, store.table, 'indicators.jobsCreated.realised');
    expect(jobs.map((j) => j.value)).toEqual([4.2]);
    await store.drop();
  });

  it('stores a new version when the same key is uploaded with new content', async () => {
    const store = await freshStore(services);
    const original = readFileSync(seedPath('004_'), 'utf8');
    const first = await putObject(services.s3, store.bucket, 'incoming/report.txt', original);
    await ingestMessage(
      s3EventBody(store.bucket, first, '2026-04-01T08:00:00.000Z'),
      'a',
      store.deps,
    );

    const second = await putObject(
      services.s3,
      store.bucket,
      'incoming/report.txt',
      original.replace('3.70', '3.90'),
    );
    await ingestMessage(
      s3EventBody(store.bucket, second, '2026-04-02T08:00:00.000Z'),
      'b',
      store.deps,
    );

    expect(await listProjectVersions(services.ddb, store.table, 'A77892')).toHaveLength(2);
    expect(
      await listObjectVersions(services.ddb, store.table, store.bucket, 'incoming/report.txt'),
    ).toHaveLength(2);
    await store.drop();
  });

  it('links the same content under another key as a duplicate instead of storing it twice', async () => {
    const store = await freshStore(services);
    const body = readFileSync(seedPath('000_'));
    const a = await putObject(services.s3, store.bucket, 'incoming/kohesio.txt', body);
    const b = await putObject(services.s3, store.bucket, 'incoming/copy/kohesio (1).txt', body);

    await ingestMessage(s3EventBody(store.bucket, a, '2026-05-01T08:00:00.000Z'), 'a', store.deps);
    const [outcome] = await ingestMessage(
      s3EventBody(store.bucket, b, '2026-05-01T09:00:00.000Z'),
      'b',
      store.deps,
    );

    expect(outcome?.status).toBe('duplicate');
    expect(await listReportsByStatus(services.ddb, store.table, 'stored')).toHaveLength(1);
    const [copy] = await listObjectVersions(
      services.ddb,
      store.table,
      store.bucket,
      'incoming/copy/kohesio (1).txt',
    );
    expect(copy).toMatchObject({ status: 'duplicate', duplicateOf: outcome?.sha256 });
    await store.drop();
  });

  it.each([
    'incoming/loppu raportti 2023.txt',
    'incoming/A+B hanke+raportti.txt',
    'incoming/Ääneseudun hanke/väliraportti åäö.txt',
    'incoming/100% (final) report #2.txt',
  ])('decodes the AWS-encoded key %s and reads the object', async (key) => {
    const store = await freshStore(services);
    const object = await putObject(services.s3, store.bucket, key, readFileSync(seedPath('002_')));

    const [outcome] = await ingestMessage(
      s3EventBody(store.bucket, object, '2026-06-01T08:00:00.000Z'),
      'k',
      store.deps,
    );

    expect(outcome).toMatchObject({ key, status: 'stored', kind: 'funding-call' });
    await store.drop();
  });

  it('does nothing for s3:TestEvent', async () => {
    const store = await freshStore(services);

    const outcomes = await ingestMessage(
      JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: store.bucket }),
      't',
      store.deps,
    );

    expect(outcomes).toEqual([]);
    expect(await scanTable(services.ddb, store.table)).toEqual([]);
    await store.drop();
  });

  it('rejects an unreadable upload with its reason, keeps the object and tags it', async () => {
    const store = await freshStore(services);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const object = await putObject(services.s3, store.bucket, 'incoming/scan.png', png);

    const [outcome] = await ingestMessage(
      s3EventBody(store.bucket, object, '2026-07-01T08:00:00.000Z'),
      'r',
      store.deps,
    );

    expect(outcome?.status).toBe('rejected');
    const rejected = await listReportsByStatus(services.ddb, store.table, 'rejected');
    expect(rejected).toEqual([
      expect.objectContaining({ reason: expect.stringContaining('PNG image') }),
    ]);
    const kept = await services.s3.send(
      new GetObjectCommand({ Bucket: store.bucket, Key: 'incoming/scan.png' }),
    );
    expect((await kept.Body?.transformToByteArray())?.length).toBe(png.length);
    const tags = await services.s3.send(
      new GetObjectTaggingCommand({ Bucket: store.bucket, Key: 'incoming/scan.png' }),
    );
    expect(tags.TagSet).toEqual(
      expect.arrayContaining([
        { Key: 'epm-status', Value: 'rejected' },
        { Key: 'epm-reason', Value: 'unsupported-format' },
      ]),
    );
    await store.drop();
  });

  it('rejects an oversized upload without reading it into memory', async () => {
    const store = await freshStore(services);
    const object = await putObject(
      services.s3,
      store.bucket,
      'incoming/huge.txt',
      'x'.repeat(4096),
    );

    const [outcome] = await ingestMessage(
      s3EventBody(store.bucket, object, '2026-07-02T08:00:00.000Z'),
      'h',
      {
        ...store.deps,
        maxBytes: 1024,
      },
    );

    expect(outcome?.status).toBe('rejected');
    expect(outcome?.reason).toBe('Document is 4096 bytes; the limit is 1024 bytes (0.0 MB).');
    await store.drop();
  });

  it('keeps a record too large for one DynamoDB item in S3, with a pointer', async () => {
    const store = await freshStore(services);
    const object = await putObject(
      services.s3,
      store.bucket,
      'incoming/avustukset.txt',
      longDecisionList(2500),
    );

    const [outcome] = await ingestMessage(
      s3EventBody(store.bucket, object, '2026-08-01T08:00:00.000Z'),
      'big',
      store.deps,
    );

    const report = await getReport(services.ddb, store.table, outcome?.sha256 ?? '');
    expect(report?.record).toBeUndefined();
    expect(report?.recordLocation).toEqual({
      bucket: store.bucket,
      key: `records/${outcome?.sha256}.json`,
    });
    const kept = await services.s3.send(
      new GetObjectCommand({ Bucket: store.bucket, Key: `records/${outcome?.sha256}.json` }),
    );
    const record = JSON.parse((await kept.Body?.transformToString()) ?? '{}');
    expect(record.awards).toHaveLength(2500);
    expect(await listAwards(services.ddb, store.table)).toHaveLength(2500);
    await store.drop();
  });
});
