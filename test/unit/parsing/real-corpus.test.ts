import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractReport } from '../../../shared/parsing/extract.ts';
import {
  type RealDocument,
  realDocuments,
  scoreReal,
  totalsOf,
} from '../../helpers/real-corpus.ts';

/**
 * The real-document corpus (test/fixtures/real/), labelled by reading each document and collected
 * in rounds. These are floors: the numbers extraction reached when they were last raised; a change
 * may only raise them. Each round's held-out third was scored before any change made for it.
 */
const FLOORS = {
  round1: { right: 389, wrong: 23, kinds: 89 },
  round1HeldOut: { right: 130, wrong: 19, kinds: 31 },
  round2: { right: 137, wrong: 2, kinds: 45 },
  round2HeldOut: { right: 47, wrong: 2, kinds: 15 },
  // Round 3 (57 documents) was scored with parser 1.16.0 before any change for it: 49 of 141
  // stated fields right, 2 wrong, 28 kinds; its held-out third 14 of 36, 0 wrong, 10 kinds.
  round3: { right: 88, wrong: 1, kinds: 37 },
  // Parser 1.27.0 lost one held-out kind of round 3 (10 to 9) while gaining 11 kinds elsewhere:
  // English call phrases told twice now make a call. The document was not looked at.
  round3HeldOut: { right: 18, wrong: 0, kinds: 9 },
  // Round 4 (45 documents) was scored with parser 1.23.0 before any change for it: 20 of 121
  // right, 1 wrong, 15 kinds; its held-out third 4 of 39, 0 wrong, 3 kinds.
  round4: { right: 69, wrong: 1, kinds: 27 },
  round4HeldOut: { right: 7, wrong: 1, kinds: 5 },
  // Round 5 (36 documents) was scored before any change for it, with parser 1.26.0: 40 of 116
  // right, 5 wrong, 17 kinds; its held-out third 13 of 44, 0 wrong, 7 kinds (1.27.0 the same).
  // Parser 1.29.0 reads one more held-out document of round 5 as the grant decision it is (23
  // right, was 13) but gives 4 wrong values from it; the document was not looked at.
  round5: { right: 83, wrong: 6, kinds: 26 },
  round5HeldOut: { right: 23, wrong: 4, kinds: 8 },
  // Round 6 (37 documents) was scored before any change for it, with parser 1.31.0: 10 of 119
  // right, 4 wrong, 14 kinds; its held-out third 2 of 33, 2 wrong, 4 of 12 kinds (parser 1.26.0:
  // 10 of 119, 3 wrong, 13 kinds; held-out third the same).
  // One wrong value of round 6 is an approximate total (`ca 109 400 euro`) that the record keeps
  // with an info check, as the amounts contract says, where the label leaves it out.
  round6: { right: 40, wrong: 3, kinds: 18 },
  round6HeldOut: { right: 7, wrong: 2, kinds: 5 },
};

const roundOf = (d: RealDocument) => d.labels.round ?? 1;

function scoreOf(documents: RealDocument[]) {
  return documents.map((d) =>
    scoreReal(extractReport(readFileSync(d.path), { key: d.name }), d.labels),
  );
}

describe('real documents', () => {
  it('has at least 100 labelled documents, a third of each round held out', () => {
    const documents = realDocuments();

    expect(documents.length).toBeGreaterThanOrEqual(100);
    for (const round of new Set(documents.map(roundOf))) {
      const inRound = documents.filter((d) => roundOf(d) === round);
      const held = inRound.filter((d) => d.labels.heldOut).length;
      expect(held, `round ${round}`).toBeGreaterThanOrEqual(Math.floor(inRound.length / 3));
    }
  });

  it.each([
    ['round 1', 1, undefined, FLOORS.round1],
    ['round 1, held out', 1, true, FLOORS.round1HeldOut],
    ['round 2', 2, undefined, FLOORS.round2],
    ['round 2, held out', 2, true, FLOORS.round2HeldOut],
    ['round 3', 3, undefined, FLOORS.round3],
    ['round 3, held out', 3, true, FLOORS.round3HeldOut],
    ['round 4', 4, undefined, FLOORS.round4],
    ['round 4, held out', 4, true, FLOORS.round4HeldOut],
    ['round 5', 5, undefined, FLOORS.round5],
    ['round 5, held out', 5, true, FLOORS.round5HeldOut],
    ['round 6', 6, undefined, FLOORS.round6],
    ['round 6, held out', 6, true, FLOORS.round6HeldOut],
  ] as const)('reads %s no worse than before', (_, round, heldOut, floor) => {
    const chosen = realDocuments().filter(
      (d) => roundOf(d) === round && (heldOut === undefined || d.labels.heldOut === heldOut),
    );
    const scores = scoreOf(chosen);
    const totals = totalsOf(scores);

    expect(totals.right).toBeGreaterThanOrEqual(floor.right);
    expect(totals.wrong).toBeLessThanOrEqual(floor.wrong);
    expect(scores.filter((s) => s.kindRight).length).toBeGreaterThanOrEqual(floor.kinds);
  });
});
