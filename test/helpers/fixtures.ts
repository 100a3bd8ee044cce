import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractReport } from '../../shared/parsing/extract.ts';
import type { ReportRecord } from '../../shared/schemas/report-record.ts';

export const ROOT = join(import.meta.dirname, '..', '..');
export const SEEDS_DIR = join(ROOT, 'seeds');
export const GENERALITY_DIR = join(ROOT, 'test', 'fixtures', 'generality');

export function seedPath(prefix: string): string {
  const name = readdirSync(SEEDS_DIR).find((f) => f.startsWith(prefix));
  if (!name) throw new Error(`No seed starts with ${prefix}`);
  return join(SEEDS_DIR, name);
}

export function extractFile(path: string): ReportRecord {
  return extractReport(readFileSync(path), { key: path.split('/').at(-1) ?? path });
}

export function extractText(text: string, key = 'inline.txt'): ReportRecord {
  return extractReport(Buffer.from(text, 'utf8'), { key });
}

/** The value at a dot path such as `indicators.jobsCreated.realised` or `awards.0.amount`. */
export function valueAt(record: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => {
    if (node === null || typeof node !== 'object') return undefined;
    return (node as Record<string, unknown>)[key];
  }, record);
}
