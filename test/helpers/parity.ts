import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractReport } from '../../shared/parsing/extract.ts';
import type { ReportRecord } from '../../shared/schemas/report-record.ts';
import { ROOT } from './fixtures.ts';

export const FORMATS_DIR = join(ROOT, 'test', 'fixtures', 'formats');

export interface FormatFixture {
  file: string;
  format: string;
  producer: string;
  source: string;
  scan: boolean;
  notes?: string;
}

export function formatFixtures(): FormatFixture[] {
  return JSON.parse(readFileSync(join(FORMATS_DIR, 'manifest.json'), 'utf8')) as FormatFixture[];
}

/** What a record states, by leaf path: everything but provenance, checks and source. */
export function statedFields(record: ReportRecord): Map<string, string> {
  const leaves = new Map<string, string>();
  const walk = (value: unknown, path: string) => {
    if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
    } else if (value !== undefined) {
      leaves.set(path, JSON.stringify(value));
    }
  };
  const { checks: _checks, provenance: _provenance, source: _source, ...fields } = record;
  walk(fields, '');
  return leaves;
}

export interface Parity {
  /** Fields of the text record. */
  stated: number;
  /** Of those, read with the same value from the format. */
  same: number;
  /** Read from the format with another value than the text gives. */
  wrong: string[];
  /** Read from the format but absent from the text's record. */
  extra: string[];
  missing: string[];
}

/**
 * Fields of prose, as written: a format lays their words out in lines and paragraphs of its own
 * (a PDF's line breaks, a spreadsheet cell's single newlines), so they are compared by their words.
 */
const PROSE = new Set(['project.summary']);

function prose(json: string): string {
  return String(JSON.parse(json)).replace(/\s+/gu, ' ').trim();
}

/** The record read from a format fixture against the record of the text it was made from. */
export function parityOf(fromFormat: ReportRecord, fromText: ReportRecord): Parity {
  const want = statedFields(fromText);
  const got = statedFields(fromFormat);
  const parity: Parity = { stated: want.size, same: 0, wrong: [], extra: [], missing: [] };
  for (const [path, value] of want) {
    const read = got.get(path);
    if (read === value || (read !== undefined && PROSE.has(path) && prose(read) === prose(value))) {
      parity.same++;
    } else if (read === undefined) parity.missing.push(path);
    else parity.wrong.push(`${path}: ${read} (text: ${value})`);
  }
  for (const path of got.keys()) if (!want.has(path)) parity.extra.push(path);
  return parity;
}

export function textRecordOf(source: string): ReportRecord {
  return extractReport(readFileSync(join(ROOT, source)), { key: source });
}
