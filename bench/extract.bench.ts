import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatTable } from '../shared/cli/table.ts';
import { classifyDocument, detectLanguage } from '../shared/parsing/classify.ts';
import { readDocument } from '../shared/parsing/decode.ts';
import { extractReport } from '../shared/parsing/extract.ts';
import { parseProjectDescription } from '../shared/parsing/kinds/project-description.ts';
import { splitLines } from '../shared/parsing/text.ts';
import { validateRecord } from '../shared/schemas/report-record.ts';
import { throughput } from './stats.ts';

const UTF8 = new TextDecoder('utf-8', { fatal: true });
/**
 * A phrase list as the parsers search text for one, a case-insensitive alternation; none of its
 * phrases is in the seed, so the whole text is searched.
 */
const PHRASES = /(?:luodut työpaikat yhteensä|jobs created in total|skapade arbetstillfällen)/iu;

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

// What the steps every record takes cost on their own, on the EURA seed: the floor under any
// parser, set against the target of 50 µs a record (20,000 records/s).
const eura = seeds.find(({ bytes }) => extractReport(bytes).kind === 'project-description');
if (eura) {
  const read = readDocument(eura.bytes);
  if (!read.success) throw new Error(`EURA seed unreadable: ${read.error.message}`);
  const { text } = read.data;
  const lines = splitLines(text);
  const record = extractReport(eura.bytes);
  const micros = (fn: () => unknown) => 1e6 / throughput(fn, 5, 200);
  const steps: Array<[string, () => unknown]> = [
    ['sha256 of the bytes', () => createHash('sha256').update(eura.bytes).digest('hex')],
    ['UTF-8 decoding alone (TextDecoder)', () => UTF8.decode(eura.bytes)],
    ['decoding and normalising (readDocument)', () => readDocument(eura.bytes)],
    ['one search of the text for a phrase list', () => PHRASES.test(text)],
    ['language detection', () => detectLanguage(text)],
    ['splitting into lines', () => splitLines(text)],
    ['classification', () => classifyDocument(text)],
    ['parsing (project description)', () => parseProjectDescription(lines, record.language)],
    ['validating the record (zod)', () => validateRecord(record)],
  ];
  const stepRows = steps.map(([step, fn]) => [step, micros(fn).toFixed(1)]);
  process.stdout.write(
    `\nEURA seed, what each step costs alone, one core, median of 5 runs\n${formatTable(['step', 'µs'], stepRows)}\n`,
  );
}
