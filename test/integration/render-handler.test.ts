import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DeleteTableCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { localContext } from '../../shared/local/lambda-context.ts';
import { LOCAL_AWS, localStreamsClient } from '../../shared/local/services.ts';
import { toLambdaRecord } from '../../shared/local/stream-poller.ts';
import { type IngestDeps, ingestMessage } from '../../shared/pipeline/ingest.ts';
import { ensureBucket, ensureTable } from '../../shared/storage/provision.ts';
import { getReport, listAudit } from '../../shared/storage/report-store.ts';
import {
  listStreamShards,
  readShard,
  shardIterator,
  tableStreamArn,
} from '../../shared/storage/table-stream.ts';
import { seedPath } from '../helpers/fixtures.ts';
import {
  putObject,
  s3EventBody,
  startTestServices,
  type TestServices,
} from '../helpers/services.ts';

let services: TestServices;
let streams: DynamoDBStreamsClient;
let handler: typeof import('../../functions/render/handler.ts').handler;
const id = randomUUID().slice(0, 8);
const table = `render-${id}`;
const inbox = `inbox-${id}`;
const outbox = `outbox-${id}`;
let deps: IngestDeps;

beforeAll(async () => {
  services = await startTestServices();
  streams = localStreamsClient(services.dynamo.endpoint);
  await ensureTable(services.ddb, table, { stream: true });
  await ensureBucket(services.s3, inbox);
  await ensureBucket(services.s3, outbox);
  deps = {
    s3: services.s3,
    ddb: services.ddb,
    table,
    maxBytes: 10 * 1024 * 1024,
    logger: { info: () => undefined },
  };
  delete process.env.FINAL_REPORT_TOPIC_ARN;
  Object.assign(process.env, {
    TABLE_NAME: table,
    INBOX_BUCKET: inbox,
    OUTBOX_BUCKET: outbox,
    AUTHORITY_LANGUAGES: JSON.stringify({ 'työ- ja elinkeinoministeriö': 'fi' }),
    AWS_ENDPOINT_URL_DYNAMODB: services.dynamo.endpoint,
    AWS_ENDPOINT_URL_S3: services.s3Emulator.endpoint,
    S3_FORCE_PATH_STYLE: 'true',
    AWS_REGION: LOCAL_AWS.region,
    AWS_ACCESS_KEY_ID: LOCAL_AWS.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_AWS.credentials.secretAccessKey,
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  });
  ({ handler } = await import('../../functions/render/handler.ts'));
});

afterAll(async () => {
  await services?.ddb.send(new DeleteTableCommand({ TableName: table }));
  streams?.destroy();
  await services?.stop();
});

/** Every record the table's stream holds so far, as Lambda would deliver them. */
async function streamRecords(): Promise<DynamoDBRecord[]> {
  const arn = (await tableStreamArn(services.ddb, table)) ?? '';
  const records: DynamoDBRecord[] = [];
  for (const shard of await listStreamShards(streams, arn)) {
    let iterator = await shardIterator(streams, arn, shard.shardId, { type: 'TRIM_HORIZON' });
    while (iterator) {
      const page = await readShard(streams, iterator);
      records.push(...page.records.map((r) => toLambdaRecord(r, arn, LOCAL_AWS.region)));
      if (page.records.length === 0) break;
      iterator = page.next;
    }
  }
  return records;
}

async function ingestSeed(prefix: string, key: string, eventTime: string): Promise<string> {
  const object = await putObject(services.s3, inbox, key, readFileSync(seedPath(prefix)));
  const [outcome] = await ingestMessage(s3EventBody(inbox, object, eventTime), key, deps);
  return outcome?.sha256 ?? '';
}

function isInsertOf(sha256: string) {
  return (r: DynamoDBRecord) =>
    r.eventName === 'INSERT' &&
    r.dynamodb?.NewImage?.type?.S === 'report' &&
    r.dynamodb.NewImage.sha256?.S === sha256;
}

async function insertOf(sha256: string): Promise<DynamoDBRecord> {
  const record = (await streamRecords()).find(isInsertOf(sha256));
  if (!record) throw new Error(`No INSERT of ${sha256} in the stream`);
  return record;
}

const invoke = (records: DynamoDBRecord[]) => handler({ Records: records }, localContext('render'));

async function outboxObject(key: string) {
  const out = await services.s3.send(new GetObjectCommand({ Bucket: outbox, Key: key }));
  return {
    type: out.ContentType,
    bytes: Buffer.from((await out.Body?.transformToByteArray()) ?? []),
  };
}

describe('the render handler', () => {
  it('writes a stored version final report to the outbox, records the key, audits and publishes', async () => {
    const sha = await ingestSeed('004_', 'incoming/004.txt', '2026-02-01T08:00:00.000Z');
    const record = await insertOf(sha);
    const printed = vi.spyOn(process.stderr, 'write');

    const response = await invoke([record]);

    const lines = printed.mock.calls.map(([chunk]) => String(chunk));
    printed.mockRestore();
    const key = `final-reports/pirkanmaan-liitto/A77892/${sha}.fi.pdf`;
    expect(response).toEqual({ batchItemFailures: [] });
    const pdf = await outboxObject(key);
    expect(pdf.type).toBe('application/pdf');
    expect(pdf.bytes.subarray(0, 8).toString()).toBe('%PDF-1.7');
    expect((await getReport(services.ddb, table, sha))?.finalReports).toEqual({ fi: key });
    expect(
      (await listAudit(services.ddb, table, 'A77892')).filter((e) => e.action === 'rendered'),
    ).toEqual([expect.objectContaining({ sha256: sha, objectKey: key })]);
    expect(lines).toContain(`epm: final report ready (fi): s3://${outbox}/${key}\n`);
    const inInbox = await services.s3.send(
      new ListObjectsV2Command({ Bucket: inbox, Prefix: 'final-reports/' }),
    );
    expect(inInbox.KeyCount ?? 0).toBe(0);
  });

  it('writes the same key for a redelivery and skips what is done, also its own update', async () => {
    const sha = await ingestSeed('002_', 'incoming/002.txt', '2026-02-02T08:00:00.000Z');
    const record = await insertOf(sha);
    await invoke([record]);
    const key = `final-reports/unassigned/DOC-${sha}/${sha}.sv.pdf`;
    const first = await outboxObject(key);

    const again = await invoke([record]);
    const everything = await invoke(await streamRecords());

    expect(again).toEqual({ batchItemFailures: [] });
    expect(everything).toEqual({ batchItemFailures: [] });
    expect((await outboxObject(key)).bytes.equals(first.bytes)).toBe(true);
    expect(
      (await listAudit(services.ddb, table, `DOC#${sha}`)).filter((e) => e.action === 'rendered'),
    ).toHaveLength(1);
  });

  it("writes in the managing authority's configured language, not the document's", async () => {
    const sha = await ingestSeed('000_', 'incoming/000.txt', '2026-02-03T08:00:00.000Z');

    await invoke([await insertOf(sha)]);

    expect((await getReport(services.ddb, table, sha))?.finalReports).toEqual({
      fi: expect.stringMatching(
        new RegExp(
          `^final-reports/tyo-ja-elinkeinoministerio-[a-z-]+/name-people-centred-digital-municipality-idk/${sha}\\.fi\\.pdf$`,
        ),
      ),
    });
  });

  it('reads a record kept in S3 because it was too large for the item', async () => {
    const rows = Array.from(
      { length: 2500 },
      (_, i) => `Yhdistys numero ${i + 1} ry ${1000 + i} euroa`,
    );
    const text = `Kaupunki myönsi avustuksia yhteensä ${rows.length} yhdistykselle.\n\n${rows.join('\n')}\n`;
    const object = await putObject(services.s3, inbox, 'incoming/avustukset.txt', text);
    const [outcome] = await ingestMessage(
      s3EventBody(inbox, object, '2026-02-04T08:00:00.000Z'),
      'big',
      deps,
    );
    const sha = outcome?.sha256 ?? '';
    const record = await insertOf(sha);
    expect(record.dynamodb?.NewImage?.recordLocation).toBeDefined();

    const response = await invoke([record]);

    expect(response).toEqual({ batchItemFailures: [] });
    const key = (await getReport(services.ddb, table, sha))?.finalReports?.fi ?? '';
    expect((await outboxObject(key)).bytes.length).toBeGreaterThan(100_000);
  });

  it('reports a version it cannot render as a batch item failure and renders the rest', async () => {
    const sha = await ingestSeed('003_', 'incoming/003.txt', '2026-02-05T08:00:00.000Z');
    const good = await insertOf(sha);
    const image = { ...good.dynamodb?.NewImage };
    delete image.record;
    const broken: DynamoDBRecord = {
      ...good,
      eventID: 'broken',
      dynamodb: {
        ...good.dynamodb,
        SequenceNumber: '999999999999999999999',
        NewImage: { ...image, sha256: { S: 'f'.repeat(64) } },
      },
    };

    const response = await invoke([broken, good]);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: '999999999999999999999' }] });
    expect((await getReport(services.ddb, table, sha))?.finalReports?.sv).toBe(
      `final-reports/unassigned/DOC-${sha}/${sha}.sv.pdf`,
    );
  });

  it('gets the item image as stored, in the attribute-value shape Lambda delivers', async () => {
    const sha = await ingestSeed('001_', 'incoming/001.txt', '2026-02-06T08:00:00.000Z');
    const item = await services.ddb.send(
      new GetItemCommand({
        TableName: table,
        Key: { PK: { S: `REPORT#${sha}` }, SK: { S: 'REPORT' } },
      }),
    );

    const record = await insertOf(sha);

    expect(record.dynamodb?.NewImage).toEqual(item.Item);
  });
});
