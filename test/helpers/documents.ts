import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SEEDS_DIR } from './fixtures.ts';

const seeds = readdirSync(SEEDS_DIR)
  .sort()
  .map((name) => readFileSync(join(SEEDS_DIR, name), 'utf8'));

/**
 * The n-th synthetic upload: a seed of each kind in turn, the EURA one under its own project
 * code, and a closing line that makes every document's content unique.
 */
export function syntheticDocument(n: number): string {
  const seed = seeds[n % seeds.length] ?? '';
  return `${seed.replace(/A77892/g, `A${String(100000 + n)}`)}\nUpload ${n}\n`;
}

/** A deterministic shuffle (linear congruential), so that a failing order can be replayed. */
export function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** A grant-decision list of `count` awards: its record is too large for one DynamoDB item. */
export function longDecisionList(count: number): string {
  const rows = Array.from(
    { length: count },
    (_, i) => `Yhdistys numero ${i + 1} ry ${1000 + i} euroa`,
  );
  return `Kaupunki myönsi avustuksia yhteensä ${count} yhdistykselle.\n\n${rows.join('\n')}\n`;
}
