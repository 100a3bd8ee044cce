import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRuntime, startLocalRuntime } from '../../shared/local/runtime.ts';
import { reextractAll } from '../../shared/pipeline/reextract.ts';
import { getProject, getReport, listReportsByStatus } from '../../shared/storage/report-store.ts';
import { uploadFiles } from '../../shared/storage/upload.ts';
import { SEEDS_DIR } from '../helpers/fixtures.ts';

let runtime: LocalRuntime;
let dataDir: string;

beforeAll(async () => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  dataDir = mkdtempSync(join(tmpdir(), 'epm-local-render-'));
  runtime = await startLocalRuntime({
    dataDir,
    inMemory: true,
    tableName: 'local-render-reports',
    inboxBucket: 'local-render-inbox',
    outboxBucket: 'local-render-outbox',
    logLevel: 'ERROR',
  });
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the local runtime', () => {
  it('renders each stored version from the table stream into the outbox after extract', async () => {
    const seeds = readdirSync(SEEDS_DIR)
      .sort()
      .map((name) => ({ path: join(SEEDS_DIR, name), key: `incoming/${name}` }));

    await uploadFiles(runtime.s3, runtime.inboxBucket, seeds);
    await runtime.queue.drained();
    await runtime.renders.drained();

    const listed = await runtime.s3.send(
      new ListObjectsV2Command({ Bucket: runtime.outboxBucket, Prefix: 'final-reports/' }),
    );
    const keys = (listed.Contents ?? []).map((o) => o.Key ?? '').sort();
    expect(keys).toHaveLength(5);
    expect(keys).toContainEqual(
      expect.stringMatching(/^final-reports\/pirkanmaan-liitto\/A77892\/[0-9a-f]{64}\.fi\.pdf$/),
    );
    const stored = await listReportsByStatus(runtime.ddb, runtime.tableName, 'stored');
    for (const { sha256 } of stored) {
      const version = await getReport(runtime.ddb, runtime.tableName, sha256 ?? '');
      expect(Object.values(version?.finalReports ?? {})).toHaveLength(1);
    }
  });

  it('renders a version again once a newer parser has replaced its record', async () => {
    const project = await getProject(runtime.ddb, runtime.tableName, 'A77892');
    const sha256 = project?.latestSha ?? '';
    await runtime.ddb.send(
      new UpdateItemCommand({
        TableName: runtime.tableName,
        Key: marshall({ PK: `REPORT#${sha256}`, SK: 'REPORT' }),
        UpdateExpression:
          'SET #r.indicators.jobsCreated.realised = :jobs, #r.#s.parserVersion = :old',
        ExpressionAttributeNames: { '#r': 'record', '#s': 'source' },
        ExpressionAttributeValues: marshall({ ':jobs': 2, ':old': '0.9.0' }),
      }),
    );

    const outcomes = await reextractAll({
      s3: runtime.s3,
      ddb: runtime.ddb,
      table: runtime.tableName,
      maxBytes: 10 * 1024 * 1024,
      logger: { info: () => undefined },
      now: () => new Date('2026-11-24T09:00:00.000Z'),
    });
    await runtime.renders.drained();

    expect(outcomes.find((o) => o.sha256 === sha256)?.status).toBe('re-extracted');
    // Re-extraction drops the version's final reports; only the render step writes them back.
    const version = await getReport(runtime.ddb, runtime.tableName, sha256);
    expect(version?.reextractedAt).toBe('2026-11-24T09:00:00.000Z');
    expect(version?.finalReports).toEqual({
      fi: expect.stringMatching(/A77892\/[0-9a-f]{64}\.fi\.pdf$/),
    });
    expect(version?.record?.indicators?.jobsCreated?.realised).toBe(3.7);
  });
});
