import { describe, expect, it } from 'vitest';
import {
  type InboxObject,
  type Inventory,
  planReconcile,
  type StoredVersion,
} from '../../../shared/pipeline/reconcile.ts';
import type { UploadedObject } from '../../../shared/storage/report-store.ts';

const INBOX = 'inbox';
const sha = (n: number) => String(n).padStart(64, '0');
const pdfOf = (n: number) => `final-reports/x/P${n}/${sha(n)}.fi.pdf`;

function upload(n: number): InboxObject {
  return { key: `incoming/${n}.txt`, eTag: `e${n}`, lastModified: '2026-12-01T00:00:00.000Z' };
}

function version(n: number, extra: Partial<StoredVersion> = {}): StoredVersion {
  return {
    sha256: sha(n),
    status: 'stored',
    object: { bucket: INBOX, key: `incoming/${n}.txt`, eTag: `e${n}` },
    hasRecord: true,
    ...extra,
  };
}

function outcome(n: number, extra: Partial<UploadedObject> = {}): UploadedObject {
  return {
    bucket: INBOX,
    key: `incoming/${n}.txt`,
    version: `etag-e${n}`,
    sha256: sha(n),
    status: 'stored',
    ...extra,
  };
}

/** One upload in every situation the pipeline can leave one in. */
function mixedInventory(): Inventory {
  return {
    inboxBucket: INBOX,
    inbox: [1, 2, 3, 4, 5, 6, 7, 8, 9].map(upload),
    versions: [
      version(1, { finalReports: { fi: pdfOf(1) } }),
      version(2),
      version(3, { finalReports: { fi: pdfOf(3) } }),
      version(4, { status: 'rejected', reason: 'no project code' }),
      version(7),
      version(8, { hasRecord: false }),
    ],
    objects: [
      outcome(1),
      outcome(2),
      outcome(3),
      outcome(4, { status: 'rejected', reason: 'no project code' }),
      outcome(6, { sha256: undefined, status: 'failed', reason: 'DynamoDB unavailable' }),
      outcome(8),
      outcome(9, { sha256: sha(1), status: 'duplicate', duplicateOf: sha(1) }),
    ],
    outbox: [pdfOf(1)],
  };
}

describe('planReconcile', () => {
  it('puts every upload in exactly one state and names its repair', () => {
    const plan = planReconcile(mixedInventory());

    const byKey = Object.fromEntries(plan.uploads.map((u) => [u.key, u]));
    expect(plan.uploads.map((u) => u.key)).toEqual(
      [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => `incoming/${n}.txt`),
    );
    expect(byKey['incoming/1.txt']).toMatchObject({
      state: 'rendered',
      repair: 'none',
      pdf: pdfOf(1),
    });
    expect(byKey['incoming/2.txt']).toMatchObject({
      state: 'awaiting-pdf',
      repair: 'render',
      sha256: sha(2),
      reason: 'no final report rendered yet',
    });
    expect(byKey['incoming/3.txt']).toMatchObject({
      state: 'awaiting-pdf',
      repair: 'render',
      reason: 'its recorded final report is not in the outbox',
      pdfGone: true,
    });
    expect(byKey['incoming/4.txt']).toMatchObject({
      state: 'quarantined',
      repair: 'none',
      reason: 'no project code',
    });
    expect(byKey['incoming/5.txt']).toMatchObject({
      state: 'dead-lettered',
      repair: 'reingest',
      reason: 'no record of this upload',
    });
    expect(byKey['incoming/6.txt']).toMatchObject({
      state: 'dead-lettered',
      repair: 'reingest',
      reason: 'DynamoDB unavailable',
    });
    expect(byKey['incoming/7.txt']).toMatchObject({
      state: 'dead-lettered',
      repair: 'reingest',
      sha256: sha(7),
      reason: 'stored, but its extraction did not finish',
    });
    expect(byKey['incoming/8.txt']).toMatchObject({
      state: 'dead-lettered',
      repair: 'reingest',
      reason: 'report version without its record',
    });
    expect(byKey['incoming/9.txt']).toMatchObject({ state: 'rendered', sha256: sha(1) });
    expect(byKey['incoming/5.txt']?.object).toEqual(upload(5));
    expect(plan.counts).toEqual({
      rendered: 2,
      'awaiting-pdf': 2,
      quarantined: 1,
      'dead-lettered': 4,
    });
  });

  it('gives the reason a dead-letter queue holds for an upload never stored', () => {
    const inventory = {
      ...mixedInventory(),
      deadLetters: new Map([['incoming/5.txt', 'Slow Down']]),
    };

    const plan = planReconcile(inventory);

    expect(plan.uploads.find((u) => u.key === 'incoming/5.txt')?.reason).toBe('Slow Down');
  });

  it('lists a stored version whose upload left the inbox, and renders it without extracting', () => {
    const inventory: Inventory = {
      inboxBucket: INBOX,
      inbox: [],
      versions: [version(1), version(2, { hasRecord: false })],
      objects: [outcome(1), outcome(2)],
      outbox: [],
    };

    const plan = planReconcile(inventory);

    expect(plan.uploads).toEqual([
      expect.objectContaining({ key: 'incoming/1.txt', state: 'awaiting-pdf', repair: 'render' }),
      expect.objectContaining({ key: 'incoming/2.txt', state: 'dead-lettered', repair: 'none' }),
    ]);
  });

  it('matches an upload of a versioned bucket to its outcome by version id or by ETag', () => {
    const inventory: Inventory = {
      inboxBucket: INBOX,
      inbox: [{ ...upload(1), versionId: 'v1' }, upload(2)],
      versions: [
        version(1, { finalReports: { fi: pdfOf(1) } }),
        version(2, { finalReports: { fi: pdfOf(2) } }),
      ],
      objects: [outcome(1, { version: 'v1' }), outcome(2, { version: 'v2' })],
      outbox: [pdfOf(1), pdfOf(2)],
    };

    const plan = planReconcile(inventory);

    expect(plan.counts).toEqual({
      rendered: 2,
      'awaiting-pdf': 0,
      quarantined: 0,
      'dead-lettered': 0,
    });
  });

  it('finds nothing to repair once every stored report has its PDF and every upload its outcome', () => {
    const inventory: Inventory = {
      inboxBucket: INBOX,
      inbox: [1, 2].map(upload),
      versions: [
        version(1, { finalReports: { fi: pdfOf(1) } }),
        version(2, { status: 'rejected', reason: 'empty' }),
      ],
      objects: [outcome(1), outcome(2, { status: 'rejected', reason: 'empty' })],
      outbox: [pdfOf(1)],
    };

    const plan = planReconcile(inventory);

    expect(plan.uploads.filter((u) => u.repair !== 'none')).toEqual([]);
    expect(plan.counts).toEqual({
      rendered: 1,
      'awaiting-pdf': 0,
      quarantined: 1,
      'dead-lettered': 0,
    });
  });

  it('ignores outcomes of other buckets', () => {
    const inventory: Inventory = {
      inboxBucket: INBOX,
      inbox: [upload(1)],
      versions: [],
      objects: [outcome(1, { bucket: 'elsewhere' })],
      outbox: [],
    };

    expect(planReconcile(inventory).uploads).toEqual([
      expect.objectContaining({
        key: 'incoming/1.txt',
        state: 'dead-lettered',
        repair: 'reingest',
      }),
    ]);
  });
});
