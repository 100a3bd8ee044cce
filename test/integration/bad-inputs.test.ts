import { createHash } from 'node:crypto';
import {
  createReadStream,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectTaggingCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IngestOutcome, ingestMessage } from '../../shared/pipeline/ingest.ts';
import { readObject } from '../../shared/storage/object-store.ts';
import {
  getReport,
  listObjectVersions,
  listReportsByStatus,
} from '../../shared/storage/report-store.ts';
import {
  asUploaded,
  BAD_DIR,
  BAD_INPUTS,
  type BadInput,
  largeBadInputs,
} from '../helpers/bad-inputs.ts';
import {
  freshStore,
  putObject,
  s3EventBody,
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

type Store = Awaited<ReturnType<typeof freshStore>>;

/** Delivers the object's event and keeps what `ingestMessage` returned or threw. */
async function deliver(
  store: Store,
  object: { key: string; eTag: string },
  eventTime: string,
): Promise<IngestOutcome | Error> {
  try {
    const [outcome] = await ingestMessage(
      s3EventBody(store.bucket, object, eventTime),
      object.key,
      store.deps,
    );
    return outcome ?? new Error(`no outcome for ${object.key}`);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

function eventTime(i: number): string {
  return new Date(Date.UTC(2026, 8, 1, 8, 0, i)).toISOString();
}

/** The object is still in the bucket and tagged, and its report version and object item say why. */
async function expectKeptWithReason(
  store: Store,
  key: string,
  size: number,
  outcome: IngestOutcome | Error | undefined,
  input: BadInput,
) {
  if (!outcome || outcome instanceof Error) {
    throw new Error(`ingestMessage gave no outcome for ${key}: ${outcome?.message ?? 'nothing'}`);
  }
  const status = input.rejected ? 'rejected' : 'stored';
  expect(outcome).toMatchObject({ key, status });

  const head = await services.s3.send(new HeadObjectCommand({ Bucket: store.bucket, Key: key }));
  expect(head.ContentLength).toBe(size);
  const tags = await services.s3.send(
    new GetObjectTaggingCommand({ Bucket: store.bucket, Key: key }),
  );
  expect(tags.TagSet).toContainEqual({ Key: 'epm-status', Value: status });
  if (input.rejected) expect(tags.TagSet).toContainEqual({ Key: 'epm-reason', Value: input.id });

  const report = await getReport(services.ddb, store.table, outcome.sha256 ?? '');
  expect(report?.status).toBe(status);
  expect(report?.record?.checks).toContainEqual(
    expect.objectContaining({ id: input.id, message: expect.stringContaining(input.message) }),
  );
  if (input.rejected) expect(report?.reason).toContain(input.message);
  const [object] = await listObjectVersions(services.ddb, store.table, store.bucket, key);
  expect(object).toMatchObject({ status, sha256: outcome.sha256 });
  if (input.rejected) expect(object?.reason).toContain(input.message);
  return report;
}

describe('bad inputs through ingestMessage against DynamoDB Local and the S3 emulator', () => {
  let store: Store;
  const outcomes = new Map<string, IngestOutcome | Error>();

  beforeAll(async () => {
    store = await freshStore(services);
    for (const [i, input] of BAD_INPUTS.entries()) {
      const key = `incoming/bad/${input.file}`;
      const object = await putObject(
        services.s3,
        store.bucket,
        key,
        readFileSync(join(BAD_DIR, input.file)),
      );
      outcomes.set(input.file, await deliver(store, object, eventTime(i)));
    }
  });

  afterAll(async () => {
    await store?.drop();
  });

  it.each(BAD_INPUTS)('keeps $file and stores why ($id)', async (input) => {
    const key = `incoming/bad/${input.file}`;

    await expectKeptWithReason(
      store,
      key,
      statSync(join(BAD_DIR, input.file)).size,
      outcomes.get(input.file),
      asUploaded(input),
    );
  });

  it('lists every rejected upload with its reason and stores the others', async () => {
    const rejected = await listReportsByStatus(services.ddb, store.table, 'rejected');
    const stored = await listReportsByStatus(services.ddb, store.table, 'stored');

    expect(rejected).toHaveLength(BAD_INPUTS.filter((i) => asUploaded(i).rejected).length);
    expect(stored).toHaveLength(BAD_INPUTS.filter((i) => !asUploaded(i).rejected).length);
    expect(rejected.every((r) => (r.reason ?? '').length > 0)).toBe(true);
  });
});

describe('large bad inputs through ingestMessage', () => {
  let store: Store;
  let dir = '';

  beforeAll(async () => {
    store = await freshStore(services);
    dir = mkdtempSync(join(tmpdir(), 'epm-bad-'));
  });

  afterAll(async () => {
    await store?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(largeBadInputs())('keeps $file and stores why ($id)', async (input) => {
    const path = join(dir, input.file);
    writeFileSync(path, input.bytes());
    const size = statSync(path).size;
    const key = `incoming/large/${input.file}`;
    const put = await services.s3.send(
      new PutObjectCommand({
        Bucket: store.bucket,
        Key: key,
        Body: createReadStream(path),
        ContentLength: size,
      }),
    );
    const object = { key, eTag: (put.ETag ?? '').replace(/"/g, '') };

    const outcome = await deliver(store, object, eventTime(0));

    const report = await expectKeptWithReason(store, key, size, outcome, input);
    const sha256 = createHash('sha256').update(readFileSync(path)).digest('hex');
    expect(report?.record?.source).toMatchObject({ sha256, bytes: size });
  });

  it('hashes the whole 50 MB upload but keeps at most the limit plus one byte of it', async () => {
    const [fifty] = largeBadInputs();
    const bytes = fifty?.bytes() ?? Buffer.alloc(0);
    const key = 'incoming/large/streamed.txt';
    const object = await putObject(services.s3, store.bucket, key, bytes);

    const read = await readObject(
      services.s3,
      { bucket: store.bucket, key, eTag: object.eTag, eventTime: eventTime(1) },
      store.deps.maxBytes,
    );

    expect(read).toMatchObject({
      found: true,
      truncated: true,
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
    expect(read.found && read.bytes.length).toBe(store.deps.maxBytes + 1);
  });
});

/**
 * A key of `total` characters under `incoming/`, in segments of at most 200 bytes: S3 allows
 * 1,024 bytes in all, the emulator stores each segment as a file name of at most 255.
 */
function longKey(total: number, unit: string): string {
  const segment = Math.floor(200 / Buffer.byteLength(unit));
  let key = 'incoming/';
  while (key.length < total) {
    const room = total - key.length;
    key += room > segment + 1 ? `${unit.repeat(segment)}/` : unit.repeat(room);
  }
  return key;
}

describe('object keys that need encoding, through ingestMessage', () => {
  let store: Store;
  const document = readFileSync(join(BAD_DIR, 'control-characters.txt'));
  const reason = BAD_INPUTS.find((i) => i.file === 'control-characters.txt');
  const keys = [
    'incoming/loppu raportti  kaksi välilyöntiä.txt',
    'incoming/A+B hanke+raportti.txt',
    'incoming/100% valmis %20 %2B %25.txt',
    'incoming/Ääneseudun hanke/väliraportti åäö ÅÄÖ 日本語 🇫🇮.txt',
    longKey(1000, 'k'),
    longKey(517, 'ö'),
  ];

  beforeAll(async () => {
    store = await freshStore(services);
  });

  afterAll(async () => {
    await store?.drop();
  });

  it('has keys up to 1,000 characters and S3’s limit of 1,024 bytes', () => {
    const bytes = keys.map((k) => Buffer.byteLength(k));

    expect(keys.map((k) => k.length)).toContain(1000);
    expect(Math.max(...bytes)).toBeLessThanOrEqual(1024);
    expect(bytes.filter((b) => b >= 1000)).toHaveLength(2);
  });

  it.each(keys.map((key, i) => ({ key, i, length: key.length })))(
    'keeps the upload under a key of $length characters and stores why (#$i)',
    async ({ key, i }) => {
      const body = Buffer.concat([document, Buffer.from(`\nUpload ${i}\n`)]);
      const object = await putObject(services.s3, store.bucket, key, body);

      const outcome = await deliver(store, object, eventTime(i));

      if (!reason) throw new Error('control-characters.txt has no expected reason');
      await expectKeptWithReason(store, key, body.length, outcome, reason);
    },
  );
});
