import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatTable } from '../shared/cli/table.ts';
import { median } from './stats.ts';

/**
 * The previous release's parser and this one on the same documents, in one process, taken in
 * turn: records per second by kind and their ratio. `npm run bench:extract-compare -- REF` takes
 * another git ref than the default, the last commit of parser 1.10.0.
 */
const root = join(import.meta.dirname, '..');
const ref = process.argv[2] ?? '4d9d0c7';
const previous = mkdtempSync(join(tmpdir(), 'epm-previous-parser-'));
execFileSync('git', ['-C', root, 'worktree', 'add', '--detach', '--force', previous, ref], {
  stdio: 'ignore',
});
symlinkSync(join(root, 'node_modules'), join(previous, 'node_modules'));

type Extract = (bytes: Uint8Array) => { kind: string };
const before = (await import(join(previous, 'shared/parsing/extract.ts'))).extractReport as Extract;
const after = (await import(join(root, 'shared/parsing/extract.ts'))).extractReport as Extract;

const generality = join(root, 'test/fixtures/generality');
const documents = [
  ...readdirSync(join(root, 'seeds')).map((f) => readFileSync(join(root, 'seeds', f))),
  ...(existsSync(generality)
    ? readdirSync(generality)
        .filter((f) => f.endsWith('.txt'))
        .map((f) => readFileSync(join(generality, f)))
    : []),
];
const byKind = new Map<string, Uint8Array[]>();
for (const bytes of documents) {
  const kind = after(bytes).kind;
  byKind.set(kind, [...(byKind.get(kind) ?? []), bytes]);
}

/** Documents per second over one pass through `docs`, repeated for about `ms`. */
function rate(extract: Extract, docs: Uint8Array[], ms = 400): number {
  for (const d of docs) extract(d);
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    for (const d of docs) extract(d);
    n += docs.length;
  }
  return n / ((performance.now() - start) / 1000);
}

const rows: string[][] = [];
for (const [kind, docs] of [...byKind].sort()) {
  const old: number[] = [];
  const now: number[] = [];
  for (let run = 0; run < 5; run++) {
    old.push(rate(before, docs));
    now.push(rate(after, docs));
  }
  rows.push([
    kind,
    String(docs.length),
    median(old).toFixed(0),
    median(now).toFixed(0),
    (median(old) / median(now)).toFixed(2),
  ]);
}
execFileSync('git', ['-C', root, 'worktree', 'remove', '--force', previous], { stdio: 'ignore' });
rmSync(previous, { recursive: true, force: true });
process.stdout.write(
  `Extraction, previous parser (${ref}) and this one on the same documents, taken in turn; records/s, medians of 5\n${formatTable(['kind', 'documents', 'previous', 'now', 'slower by'], rows)}\n`,
);
