import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, GetObjectTaggingCommand } from '@aws-sdk/client-s3';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARSER_VERSION } from '../../shared/parsing/extract.ts';
import { ingestMessage } from '../../shared/pipeline/ingest.ts';
import { changedFields, reextractAll } from '../../shared/pipeline/reextract.ts';
import {
  getProject,
  getReport,
  listAudit,
  listAwards,
  listObjectVersions,
  listProjectVersions,
  queryIndicator,
} from '../../shared/storage/report-store.ts';
import { longDecisionList } from '../helpers/documents.ts';
import { SEEDS_DIR } from '../helpers/fixtures.ts';
import {
  freshStore,
  putObject,
  s3EventBody,
  scanTable,
  startTestServices,
  type TestServices,
} from '../helpers/services.ts';

type Store = Awaited<ReturnType<typeof freshStore>>;

let services: TestServices;

beforeAll(async () => {
  services = await startTestServices();
});

afterAll(async () => {
  await services?.stop();
});

const NOW = new Date('2026-11-24T09:00:00.000Z');
const EURA = 'A77892';

async function ingestSeeds(store: Store, maxBytes = store.deps.maxBytes) {
  const names = readdirSync(SEEDS_DIR).sort();
  for (const [i, name] of names.entries()) {
    const object = await putObject(
      services.s3,
      store.bucket,
      `incoming/${name}`,
      readFileSync(join(SEEDS_DIR, name)),
    );
    const body = s3EventBody(store.bucket, object, `2026-01-0${i + 1}T10:00:00.000Z`);
    await ingestMessage(body, `m${i}`, { ...store.deps, maxBytes });
  }
}

const NAMES: Record<string, string> = { '#r': 'record', '#s': 'source', '#p': 'project' };

/** Rewrites a stored item as an older parser would have left it. */
async function age(store: Store, key: Record<string, string>, update: string, values: object) {
  await services.ddb.send(
    new UpdateItemCommand({
      TableName: store.table,
      Key: marshall(key),
      UpdateExpression: update,
      ExpressionAttributeNames: Object.fromEntries(
        Object.entries(NAMES).filter(([name]) => update.includes(name)),
      ),
      ExpressionAttributeValues: marshall(values),
    }),
  );
}

async function latestShaOf(store: Store, projectId: string): Promise<string> {
  const project = await getProject(services.ddb, store.table, projectId);
  if (!project) throw new Error(`no project ${projectId}`);
  return project.latestSha;
}

/** The grant-decision document's report version (the seed with awards). */
async function decisionsSha(store: Store): Promise<string> {
  const awards = await listAwards(services.ddb, store.table);
  const sha = awards[0]?.sha256;
  if (!sha) throw new Error('no awards stored');
  return sha;
}

/** Every item but audit events, without the re-extraction time: the figures a table holds. */
function figures(items: Record<string, unknown>[], bucket: string) {
  const kept = items
    .filter((item) => item.type !== 'audit')
    .map(({ reextractedAt: _at, ...item }) => item);
  return JSON.parse(JSON.stringify(kept).replaceAll(bucket, 'BUCKET'));
}

describe('reextractAll against DynamoDB Local and the S3 emulator', () => {
  it('replaces what an older parser got wrong, with everything derived from it, as a fresh ingest would store it', async () => {
    const store = await freshStore(services);
    const fresh = await freshStore(services);
    await ingestSeeds(store);
    await ingestSeeds(fresh);
    const eura = await latestShaOf(store, EURA);
    const decisions = await decisionsSha(store);
    // An older parser misread the realised jobs and found a 25th award that is not there.
    await age(
      store,
      { PK: `REPORT#${eura}`, SK: 'REPORT' },
      'SET #r.indicators.jobsCreated.realised = :jobs, #r.#s.parserVersion = :old',
      { ':jobs': 2, ':old': '0.9.0' },
    );
    await services.ddb.send(
      new UpdateItemCommand({
        TableName: store.table,
        Key: marshall({ PK: `PROJECT#${EURA}`, SK: 'INDICATOR#indicators.jobsCreated.realised' }),
        UpdateExpression: 'SET #v = :jobs',
        ExpressionAttributeNames: { '#v': 'value' },
        ExpressionAttributeValues: marshall({ ':jobs': 2 }),
      }),
    );
    await age(
      store,
      { PK: `REPORT#${decisions}`, SK: 'REPORT' },
      'SET #r.awards = list_append(#r.awards, :extra), #r.#s.parserVersion = :old',
      { ':extra': [{ recipient: 'Sivunumero 3', amount: 2024 }], ':old': '0.9.0' },
    );
    await services.ddb.send(
      new PutItemCommand({
        TableName: store.table,
        Item: marshall({
          PK: `REPORT#${decisions}`,
          SK: 'AWARD#0024',
          GSI1PK: 'AWARD',
          GSI1SK: `2026-01-05T10:00:00.000Z#${decisions}#0024`,
          type: 'award',
          sha256: decisions,
          recipient: 'Sivunumero 3',
          amount: 2024,
        }),
      }),
    );

    const outcomes = await reextractAll({ ...store.deps, now: () => NOW });

    expect(
      outcomes.filter((o) => o.status !== 'current').map((o) => [o.sha256, o.status, o.changed]),
    ).toEqual(
      expect.arrayContaining([
        [eura, 're-extracted', ['indicators.jobsCreated.realised']],
        [decisions, 're-extracted', ['awards.24.amount', 'awards.24.recipient']],
      ]),
    );
    expect(outcomes.filter((o) => o.status === 'current')).toHaveLength(3);
    expect(
      (await queryIndicator(services.ddb, store.table, 'indicators.jobsCreated.realised', {}))[0],
    ).toMatchObject({ projectId: EURA, value: 3.7 });
    expect(await listAwards(services.ddb, store.table)).toHaveLength(24);
    const audit = await listAudit(services.ddb, store.table, EURA);
    expect(audit.find((e) => e.action === 're-extracted')).toMatchObject({
      at: NOW.toISOString(),
      sha256: eura,
      detail: `parser 0.9.0 → ${PARSER_VERSION}: changed indicators.jobsCreated.realised`,
    });
    const report = await getReport(services.ddb, store.table, eura);
    expect(report?.reextractedAt).toBe(NOW.toISOString());
    expect(
      figures(await scanTable(services.ddb, store.table), store.bucket),
      'the same items as a fresh ingest of the same uploads',
    ).toEqual(figures(await scanTable(services.ddb, fresh.table), fresh.bucket));

    const again = await reextractAll({ ...store.deps, now: () => NOW });
    expect(again.map((o) => o.status)).toEqual(Array(5).fill('current'));
    const everything = await reextractAll({ ...store.deps, now: () => NOW, all: true });
    expect(everything.map((o) => o.status)).toEqual(Array(5).fill('unchanged'));
    await Promise.all([store.drop(), fresh.drop()]);
  });

  it('stores a report it once rejected when the new extraction accepts it', async () => {
    const store = await freshStore(services);
    // A size limit below the EURA export rejects it; the limit is then raised.
    await ingestSeeds(store, 8_000);
    expect(await getProject(services.ddb, store.table, EURA)).toBeUndefined();

    const outcomes = await reextractAll({ ...store.deps, now: () => NOW, all: true });

    const stored = outcomes.find((o) => o.status === 're-extracted');
    expect(stored).toMatchObject({ kind: 'project-description', projectId: EURA });
    expect(stored?.changed).toEqual(expect.arrayContaining(['project.code', 'checks.0.id']));
    const project = await getProject(services.ddb, store.table, EURA);
    expect(project?.latestSha).toBe(stored?.sha256);
    expect(await listProjectVersions(services.ddb, store.table, EURA)).toHaveLength(1);
    const [object] = (
      await listObjectVersions(services.ddb, store.table, store.bucket, stored?.key ?? '')
    ).filter((o) => o.sha256 === stored?.sha256);
    expect(object?.status).toBe('stored');
    const tags = await services.s3.send(
      new GetObjectTaggingCommand({ Bucket: store.bucket, Key: stored?.key }),
    );
    expect(tags.TagSet).toContainEqual({ Key: 'epm-status', Value: 'stored' });
    await store.drop();
  });

  it('holds a change of project for review and changes nothing', async () => {
    const store = await freshStore(services);
    await ingestSeeds(store);
    const eura = await latestShaOf(store, EURA);
    // An older parser read another project code.
    await age(
      store,
      { PK: `REPORT#${eura}`, SK: 'REPORT' },
      'SET #r.#p.code = :code, projectId = :code, #r.#s.parserVersion = :old',
      { ':code': 'A00001', ':old': '0.9.0' },
    );
    const before = await scanTable(services.ddb, store.table);

    const outcomes = await reextractAll({ ...store.deps, now: () => NOW });

    expect(outcomes.find((o) => o.sha256 === eura)).toMatchObject({
      status: 'held',
      reason: `it would move from project A00001 to project ${EURA}`,
      changed: ['project.code'],
    });
    expect(await scanTable(services.ddb, store.table)).toEqual(before);
    await store.drop();
  });
});

describe('reextractReport with a record kept in S3', () => {
  it('writes the new record beside the old one and moves the pointer last', async () => {
    const store = await freshStore(services);
    const object = await putObject(
      services.s3,
      store.bucket,
      'incoming/avustukset.txt',
      longDecisionList(2500),
    );
    const [stored] = await ingestMessage(
      s3EventBody(store.bucket, object, '2026-08-01T08:00:00.000Z'),
      'big',
      store.deps,
    );
    const sha256 = stored?.sha256 ?? '';
    const oldKey = `records/${sha256}.json`;
    // An older parser missed the last award.
    const old = JSON.parse(
      (await (
        await services.s3.send(new GetObjectCommand({ Bucket: store.bucket, Key: oldKey }))
      ).Body?.transformToString()) ?? '{}',
    );
    await putObject(
      services.s3,
      store.bucket,
      oldKey,
      JSON.stringify({
        ...old,
        awards: old.awards.slice(0, -1),
        source: { ...old.source, parserVersion: '0.9.0' },
      }),
    );

    const outcomes = await reextractAll({ ...store.deps, now: () => NOW });

    expect(outcomes).toEqual([
      expect.objectContaining({
        sha256,
        status: 're-extracted',
        changed: ['awards.2499.amount', 'awards.2499.recipient'],
      }),
    ]);
    const report = await getReport(services.ddb, store.table, sha256);
    expect(report?.recordLocation).toEqual({
      bucket: store.bucket,
      key: `records/${sha256}.${PARSER_VERSION}.json`,
    });
    const kept = await services.s3.send(
      new GetObjectCommand({ Bucket: store.bucket, Key: report?.recordLocation?.key }),
    );
    expect(JSON.parse((await kept.Body?.transformToString()) ?? '{}').awards).toHaveLength(2500);
    expect(await listAwards(services.ddb, store.table)).toHaveLength(2500);
    await store.drop();
  });
});

describe('changedFields', () => {
  it('names changed, added and removed values, and not provenance or source', async () => {
    const store = await freshStore(services);
    await ingestSeeds(store);
    const record = (await getReport(services.ddb, store.table, await latestShaOf(store, EURA)))
      ?.record;
    if (!record) throw new Error('no record');
    const { funding, ...withoutFunding } = record;

    expect(changedFields(record, { ...record, provenance: {} })).toEqual([]);
    expect(
      changedFields(record, {
        ...withoutFunding,
        language: 'sv',
        source: { ...record.source, parserVersion: '9' },
      }),
    ).toEqual([...Object.keys(funding ?? {}).map((k) => `funding.${k}`), 'language'].sort());
    await store.drop();
  });
});
