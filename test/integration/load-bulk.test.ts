import { type AttributeValue, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BulkGuard } from '../../shared/load/bulk.ts';
import { generateRecords } from '../../shared/load/generate.ts';
import { loadProjects } from '../../shared/load/load.ts';
import { ensureTable } from '../../shared/storage/provision.ts';
import { startTestServices, type TestServices } from '../helpers/services.ts';

let services: TestServices;

beforeAll(async () => {
  services = await startTestServices();
}, 120_000);

afterAll(async () => {
  await services?.stop();
});

async function scanAll(table: string): Promise<Array<Record<string, AttributeValue>>> {
  const items: Array<Record<string, AttributeValue>> = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await services.ddb.send(
      new ScanCommand({ TableName: table, ExclusiveStartKey: start, ConsistentRead: true }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  const id = (item: Record<string, AttributeValue>) => `${item.PK?.S}\u0000${item.SK?.S}`;
  return items.sort((a, b) => (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0));
}

describe('a bulk load', () => {
  it("leaves exactly the items the store's own conditional writes leave", async () => {
    const options = { seed: 23, projects: 120 };
    const reports = [...generateRecords(options)];
    expect(reports.some((r) => r.versionNumber === 2)).toBe(true);
    await ensureTable(services.ddb, 'load-store');
    await ensureTable(services.ddb, 'load-bulk');
    const stored = await loadProjects(services.ddb, 'load-store', options);
    const bulk = await loadProjects(services.ddb, 'load-bulk', {
      ...options,
      bulk: new BulkGuard(),
      concurrency: 16,
    });
    expect(bulk.reports).toBe(reports.length);
    expect(stored.reports).toBe(reports.length);
    const [a, b] = [await scanAll('load-store'), await scanAll('load-bulk')];
    expect(a.length).toBeGreaterThan(reports.length * 15);
    expect(b).toEqual(a);
  }, 300_000);

  it('refuses to write a report twice into a table it already loaded', async () => {
    await ensureTable(services.ddb, 'load-twice');
    const guard = new BulkGuard();
    const [first] = [...generateRecords({ seed: 3, projects: 1 })];
    if (!first) throw new Error('no report');
    await loadProjects(services.ddb, 'load-twice', { seed: 3, projects: 1, bulk: guard });
    await expect(
      loadProjects(services.ddb, 'load-twice', {
        seed: 3,
        projects: 1,
        bulk: guard,
        reports: [first],
      }),
    ).rejects.toThrow(/is written twice/);
  }, 120_000);
});
