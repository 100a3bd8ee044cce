import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractReport } from '../../../shared/parsing/extract.ts';
import { realDocuments, scoreReal, totalsOf } from '../../helpers/real-corpus.ts';

/**
 * The real-document corpus (test/fixtures/real/), labelled by reading each document. These are
 * floors: the numbers extraction reached when they were last raised; a change may only raise them.
 */
const FLOORS = {
  all: { right: 350, wrong: 23, kinds: 81 },
  heldOut: { right: 112, wrong: 19, kinds: 29 },
};

function scoreAll(heldOut?: boolean) {
  return realDocuments()
    .filter((d) => heldOut === undefined || d.labels.heldOut === heldOut)
    .map((d) => scoreReal(extractReport(readFileSync(d.path), { key: d.name }), d.labels));
}

describe('real documents', () => {
  it('has at least 100 labelled documents, a third of them held out', () => {
    const documents = realDocuments();

    expect(documents.length).toBeGreaterThanOrEqual(100);
    const held = documents.filter((d) => d.labels.heldOut).length;
    expect(held).toBeGreaterThanOrEqual(Math.floor(documents.length / 3));
  });

  it.each([
    ['the whole corpus', undefined, FLOORS.all],
    ['the held-out third', true, FLOORS.heldOut],
  ] as const)('reads %s no worse than before', (_, heldOut, floor) => {
    const scores = scoreAll(heldOut);
    const totals = totalsOf(scores);

    expect(totals.right).toBeGreaterThanOrEqual(floor.right);
    expect(totals.wrong).toBeLessThanOrEqual(floor.wrong);
    expect(scores.filter((s) => s.kindRight).length).toBeGreaterThanOrEqual(floor.kinds);
  });
});
