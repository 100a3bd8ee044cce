import type { TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  BulkGuard,
  batchesOf,
  MAX_BATCH_WRITES,
  writeRequestsOf,
} from '../../../shared/load/bulk.ts';
import { INDICATOR_PATHS } from '../../../shared/pipeline/indicators.ts';
import { latestActions, versionItemActions } from '../../../shared/storage/report-store.ts';

describe('writeRequestsOf', () => {
  it('puts the same items and deletes the same keys as the transaction actions, without conditions', () => {
    const actions = latestActions(
      't',
      { projectId: 'P-1', latestSha: 'a'.repeat(64), latestOrder: '2026-01-05#1', fund: 'ERDF' },
      [{ projectId: 'P-1', path: 'funding.totalBudget', value: 1000.5, sha256: 'a'.repeat(64) }],
      INDICATOR_PATHS,
    );
    const requests = writeRequestsOf(actions);
    expect(requests).toHaveLength(actions.length);
    actions.forEach((action, i) => {
      const request = requests[i];
      if (action.Put) expect(request).toEqual({ PutRequest: { Item: action.Put.Item } });
      else expect(request).toEqual({ DeleteRequest: { Key: action.Delete?.Key } });
    });
    // The latest pointer's condition is what BulkGuard keeps; the facets of an unstated
    // region and the unstated indicators are deleted, as moveLatest deletes them.
    expect(actions[0]?.Put?.ConditionExpression).toContain('latestOrder');
    expect(requests.filter((r) => r.DeleteRequest).length).toBe(
      actions.filter((a) => a.Delete).length,
    );
    expect(requests.filter((r) => r.DeleteRequest).length).toBeGreaterThan(0);
  });

  it('keeps every put of a version in order', () => {
    const actions = versionItemActions('t', {
      audit: [{ subject: 'P-1', at: '2026-01-05T08:00:00.000Z', action: 'uploaded' }],
      projectVersion: {
        projectId: 'P-1',
        order: 'o',
        sha256: 's',
        kind: 'final-report',
        checks: 0,
      },
      sha256: 's',
      receivedAt: '2026-01-05T08:00:00.000Z',
    });
    expect(writeRequestsOf(actions).map((r) => r.PutRequest?.Item?.SK?.S)).toEqual(
      actions.map((a) => a.Put?.Item?.SK?.S),
    );
  });

  it('refuses an update or a condition check: a batch cannot carry them', () => {
    const update: TransactWriteItem = {
      Update: { TableName: 't', Key: { PK: { S: 'a' } }, UpdateExpression: 'SET x = :x' },
    };
    expect(() => writeRequestsOf([update])).toThrow(/puts and deletes only, not Update/);
    expect(() => writeRequestsOf([{}])).toThrow(/not an empty action/);
  });
});

describe('batchesOf', () => {
  it('splits into runs of at most 25, as even as they can be, keeping every item once in order', () => {
    for (const n of [0, 1, 24, 25, 26, 49, 50, 51, 77]) {
      const items = Array.from({ length: n }, (_, i) => i);
      const batches = batchesOf(items);
      expect(batches.flat()).toEqual(items);
      expect(batches.length).toBe(Math.ceil(n / MAX_BATCH_WRITES));
      const lengths = batches.map((b) => b.length);
      if (n > 0) expect(Math.max(...lengths) - Math.min(...lengths)).toBeLessThanOrEqual(1);
      expect(lengths.every((l) => l <= MAX_BATCH_WRITES)).toBe(true);
    }
    expect(batchesOf(Array.from({ length: 26 }, (_, i) => i)).map((b) => b.length)).toEqual([
      13, 13,
    ]);
  });

  it('refuses a size below one', () => {
    expect(() => batchesOf([1, 2], 0)).toThrow(/batch size 0/);
  });
});

describe('BulkGuard', () => {
  it('claims a content hash once, as attribute_not_exists(PK) would', () => {
    const guard = new BulkGuard();
    guard.claim('a');
    guard.claim('b');
    expect(() => guard.claim('a')).toThrow(/report a is written twice/);
  });

  it('moves a project to a later (or the same) version only', () => {
    const guard = new BulkGuard();
    guard.moveLatest('P-1', '2026-01-05T08:00:02.000Z#x');
    guard.moveLatest('P-2', '2026-01-05T08:00:01.000Z#y');
    guard.moveLatest('P-1', '2026-01-05T08:00:03.000Z#z');
    expect(() => guard.moveLatest('P-1', '2026-01-05T08:00:02.500Z#w')).toThrow(
      /project P-1 got version .* after 2026-01-05T08:00:03/,
    );
  });
});
