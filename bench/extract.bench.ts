import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatTable } from '../shared/cli/table.ts';
import { extractReport } from '../shared/parsing/extract.ts';
import { throughput } from './stats.ts';

const root = join(import.meta.dirname, '..');
const seeds = readdirSync(join(root, 'seeds'))
  .sort()
  .map((name) => ({ name, bytes: readFileSync(join(root, 'seeds', name)) }));

const rows = seeds.map(({ name, bytes }) => {
  const kind = extractReport(bytes).kind;
  const perSecond = throughput(() => extractReport(bytes, { key: name }));
  return [
    kind,
    name,
    String(bytes.length),
    Math.round(perSecond).toLocaleString('en-GB'),
    (1e6 / perSecond).toFixed(1),
  ];
});

process.stdout.write(
  `Extraction throughput, one core, median of 7 runs (file reading excluded)\n${formatTable(['kind', 'seed', 'bytes', 'records/s', 'µs/record'], rows)}\n`,
);

// The generality fixtures: documents of every kind unlike the seeds, read once each per round.
const fixtureDir = join(root, 'test', 'fixtures', 'generality');
const byKind = new Map<string, Uint8Array[]>();
for (const name of readdirSync(fixtureDir).filter((n) => n.endsWith('.txt'))) {
  const bytes = readFileSync(join(fixtureDir, name));
  const kind = extractReport(bytes).kind;
  byKind.set(kind, [...(byKind.get(kind) ?? []), bytes]);
}
const fixtureRows = [...byKind]
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([kind, documents]) => {
    const rounds = throughput(() => {
      for (const bytes of documents) extractReport(bytes);
    }, 5);
    const perSecond = rounds * documents.length;
    const bytes = documents.reduce((sum, d) => sum + d.length, 0) / documents.length;
    return [
      kind,
      String(documents.length),
      Math.round(bytes).toLocaleString('en-GB'),
      Math.round(perSecond).toLocaleString('en-GB'),
      (1e6 / perSecond).toFixed(1),
    ];
  });
process.stdout.write(
  `\nGenerality fixtures by kind (test/fixtures/generality), one core, median of 5 runs\n${formatTable(['kind', 'documents', 'mean bytes', 'records/s', 'µs/record'], fixtureRows)}\n`,
);
