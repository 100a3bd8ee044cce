import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { generateRecords } from '../../shared/load/generate.ts';
import { storeGeneratedReport } from '../../shared/load/load.ts';
import { startLocalRuntime } from '../../shared/local/runtime.ts';
import { cellKeyOf } from '../../shared/storage/aggregate-store.ts';
import { ROOT } from '../helpers/fixtures.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const run = promisify(execFile);
const data = mkdtempSync(join(tmpdir(), 'epm-load-'));

afterAll(() => rmSync(data, { recursive: true, force: true }));

async function epm(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', ['bin/epm.js', ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('epm load and epm reconcile --aggregates', () => {
  it('loads generated projects with the aggregates kept, counts what was missed, names what it cannot mend', async () => {
    const load = await epm(['load', '--projects', '40', '--seed', '5', '--data', data]);
    expect(load.code).toBe(0);
    expect(load.stdout).toMatch(
      /^4\d reports of 40 projects \(seed 5\) loaded in [\d.]+ s and aggregated in [\d.]+ s: [\d.]+ reports\/s\n$/,
    );

    const clean = await epm(['reconcile', '--aggregates', '--data', data]);
    expect(clean.stdout).toMatch(
      /aggregates: \d+ from the latest records of 40 projects; 0 differ/,
    );
    expect(clean.code).toBe(0);

    // A report stored while no aggregate function ran: reconcile counts it.
    const missed = await startLocalRuntime({
      dataDir: data,
      renderFinalReports: false,
      aggregates: false,
      printEvents: false,
    });
    try {
      const [report] = generateRecords({ seed: 6, projects: 1 });
      if (!report) throw new Error('no generated report');
      await storeGeneratedReport(missed.ddb, missed.tableName, report);
    } finally {
      await missed.stop();
    }
    const seen = await epm(['reconcile', '--aggregates', '--dry-run', '--data', data]);
    expect(seen.code).toBe(1);
    expect(seen.stdout).toMatch(/of 41 projects; \d+ differ from those stored/);
    const repaired = await epm(['reconcile', '--aggregates', '--data', data]);
    expect(repaired.stdout).toMatch(/aggregates: \d+ indicator values counted again/);
    expect(repaired.stdout).toMatch(/of 41 projects; 0 differ/);
    expect(repaired.code).toBe(0);

    // One aggregate's count put wrong behind the aggregator's back: counting again cannot mend it.
    const runtime = await startLocalRuntime({
      dataDir: data,
      renderFinalReports: false,
      aggregates: false,
      printEvents: false,
    });
    try {
      const key = cellKeyOf({ path: 'funding.totalBudget', grouping: 'all', group: 'all' });
      await runtime.ddb.send(
        new UpdateItemCommand({
          TableName: runtime.tableName,
          Key: { PK: { S: key.PK }, SK: { S: key.SK } },
          UpdateExpression: 'SET #c = #c + :one',
          ExpressionAttributeNames: { '#c': 'count' },
          ExpressionAttributeValues: { ':one': { N: '1' } },
        }),
      );
    } finally {
      await runtime.stop();
    }
    const wrong = await epm(['reconcile', '--aggregates', '--data', data]);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain('aggregates: 0 indicator values counted again');
    expect(wrong.stdout).toContain('funding.totalBudget by all = all: records give sum ');
    expect(wrong.stdout).toMatch(/count 41,.*; stored sum .*count 42,/);
    expect(wrong.stdout).toMatch(/1 differ from those stored/);
  }, 600_000);

  it('refuses a load without a number of projects', async () => {
    const out = await epm(['load', '--data', data]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('missing --projects N');
  });
});
