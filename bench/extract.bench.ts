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
