import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRuntime, startLocalRuntime } from '../../shared/local/runtime.ts';
import { readTextKeyOf } from '../../shared/pipeline/ingest.ts';
import { getReport } from '../../shared/storage/report-store.ts';
import { uploadFiles } from '../../shared/storage/upload.ts';
import { FORMATS_DIR } from '../helpers/parity.ts';

let runtime: LocalRuntime;
let dataDir: string;

beforeAll(async () => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  dataDir = mkdtempSync(join(tmpdir(), 'epm-formats-'));
  runtime = await startLocalRuntime({
    dataDir,
    tableName: 'formats-reports',
    inboxBucket: 'formats-inbox',
  });
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The stored report version of a fixture, found by the sha256 of its content. */
function versionOf(path: string) {
  const sha256 = createHash('sha256').update(readFileSync(path)).digest('hex');
  return getReport(runtime.ddb, runtime.tableName, sha256);
}

/** The EURA seed in every format, as other programs made it, and a scan of the award list. */
const UPLOADS = [
  ['libreoffice/seed-004.pdf', 'pdf', 'application/pdf'],
  [
    'libreoffice/seed-004.docx',
    'docx',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  ],
  ['libreoffice/seed-004.odt', 'odt', 'application/vnd.oasis.opendocument.text'],
  [
    'sheetjs/seed-004.xlsx',
    'xlsx',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ],
  ['libreoffice/seed-004.ods', 'ods', 'application/vnd.oasis.opendocument.spreadsheet'],
  ['cms-html/seed-004.html', 'html', 'text/html'],
] as const;

describe('every format through the local pipeline', () => {
  it('stores a record and renders a final report for an upload of each format', async () => {
    const items = UPLOADS.map(([file, format]) => ({
      path: join(FORMATS_DIR, file),
      key: `incoming/${format}/${file.split('/').at(-1)}`,
    }));

    await uploadFiles(runtime.s3, runtime.inboxBucket, items);
    await runtime.queue.drained();
    await runtime.renders.drained();

    for (const [file, format, contentType] of UPLOADS) {
      const key = `incoming/${format}/${file.split('/').at(-1)}`;
      const version = await versionOf(join(FORMATS_DIR, file));
      const head = await runtime.s3.send(
        new HeadObjectCommand({ Bucket: runtime.inboxBucket, Key: key }),
      );

      expect(head.ContentType, key).toBe(contentType);
      expect(version?.status, key).toBe('stored');
      expect(version?.object.key, key).toBe(key);
      expect(version?.projectId, key).toBe('A77892');
      expect(version?.record?.source.format, key).toBe(format);
      expect(Object.keys(version?.finalReports ?? {}), key).toHaveLength(1);
    }
  }, 300_000);

  it('keeps the read text beside the original, and every provenance line is a line of it', async () => {
    const version = await versionOf(join(FORMATS_DIR, 'libreoffice/seed-004.pdf'));

    const object = await runtime.s3.send(
      new GetObjectCommand({
        Bucket: runtime.inboxBucket,
        Key: readTextKeyOf(version?.sha256 ?? ''),
      }),
    );
    const lines = (await object.Body?.transformToString('utf8'))?.split('\n') ?? [];

    const provenance = Object.values(version?.record?.provenance ?? {});
    expect(provenance.length).toBeGreaterThan(20);
    for (const entry of provenance) {
      expect(lines[entry.line - 1]).toBe(entry.text);
      expect(entry.page).toBeGreaterThanOrEqual(1);
    }
  });

  it('reads a scanned award list by OCR and flags the values it read that way', async () => {
    const key = 'incoming/scan/seed-003.pdf';

    await uploadFiles(runtime.s3, runtime.inboxBucket, [
      { path: join(FORMATS_DIR, 'scans', 'seed-003.pdf'), key },
    ]);
    await runtime.queue.drained();

    const version = await versionOf(join(FORMATS_DIR, 'scans', 'seed-003.pdf'));
    expect(version?.status).toBe('stored');
    expect(version?.record?.kind).toBe('grant-decisions');
    const ocr = version?.record?.checks.find((c) => c.id === 'ocr-text');
    expect(ocr?.fields).toContain('awards.0.amount');
  }, 300_000);

  it('rejects a legacy Word file with the format it found, and keeps it in the bucket', async () => {
    const key = 'incoming/legacy/report.doc';

    await uploadFiles(runtime.s3, runtime.inboxBucket, [
      { path: join(FORMATS_DIR, '..', 'formats-bad', 'legacy.doc'), key },
    ]);
    await runtime.queue.drained();

    const version = await versionOf(join(FORMATS_DIR, '..', 'formats-bad', 'legacy.doc'));
    expect(version?.status).toBe('rejected');
    expect(version?.reason).toMatch(/legacy Word document/);
    expect(version?.record?.checks.map((c) => c.id)).toEqual(['unsupported-format']);
    const head = await runtime.s3.send(
      new HeadObjectCommand({ Bucket: runtime.inboxBucket, Key: key }),
    );
    expect(head.ContentLength).toBeGreaterThan(0);
  });
});
