import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReportRecord } from '../../shared/schemas/report-record.ts';
import { ROOT } from './fixtures.ts';
import { statedFields } from './parity.ts';

export const REAL_DIR = join(ROOT, 'test', 'fixtures', 'real');

/** A real document's labels, written by reading it (see test/fixtures/real/README.md). */
export interface RealLabels {
  source: string;
  kind: ReportRecord['kind'];
  language: 'fi' | 'sv' | 'en';
  heldOut: boolean;
  /** The collection round the document was added in: 1 when absent. */
  round?: number;
  fields: Record<string, unknown>;
  absent: string[];
  notes?: string;
}

export interface RealDocument {
  name: string;
  path: string;
  labels: RealLabels;
}

export function realDocuments(): RealDocument[] {
  return readdirSync(REAL_DIR)
    .filter((f) => f.endsWith('.expected.json'))
    .sort()
    .map((f) => {
      const name = f.replace(/\.expected\.json$/, '');
      return {
        name,
        path: join(REAL_DIR, `${name}.txt`),
        labels: JSON.parse(readFileSync(join(REAL_DIR, f), 'utf8')) as RealLabels,
      };
    });
}

export interface RealScore {
  kindRight: boolean;
  stated: number;
  right: string[];
  missing: string[];
  wrong: string[];
  /** Fields the labels say the document does not state, yet the record has. */
  distractors: string[];
}

/** A record against the labels of its document: what was stated, and what came out. */
export function scoreReal(record: ReportRecord, labels: RealLabels): RealScore {
  const got = statedFields(record);
  const score: RealScore = {
    kindRight: record.kind === labels.kind,
    stated: 0,
    right: [],
    missing: [],
    wrong: [],
    distractors: [],
  };
  for (const [path, value] of Object.entries(labels.fields)) {
    score.stated++;
    // A list (the municipalities) is labelled whole, and read whole.
    const read = Array.isArray(value) ? listAt(record, path) : got.get(path);
    if (read === undefined) score.missing.push(path);
    else if (read === JSON.stringify(value)) score.right.push(path);
    else score.wrong.push(`${path}: ${read} (labelled ${JSON.stringify(value)})`);
  }
  for (const path of labels.absent) if (got.has(path)) score.distractors.push(path);
  return score;
}

/** The list a record holds at a field path, as JSON; undefined when it holds none. */
function listAt(record: ReportRecord, path: string): string | undefined {
  let value: unknown = record;
  for (const key of path.split('.')) {
    value =
      value !== null && typeof value === 'object'
        ? (value as Record<string, unknown>)[key]
        : undefined;
  }
  return Array.isArray(value) ? JSON.stringify(value) : undefined;
}

export function totalsOf(scores: RealScore[]) {
  const stated = scores.reduce((n, s) => n + s.stated, 0);
  const right = scores.reduce((n, s) => n + s.right.length, 0);
  const wrong = scores.reduce((n, s) => n + s.wrong.length + s.distractors.length, 0);
  const kinds = scores.filter((s) => s.kindRight).length;
  return {
    documents: scores.length,
    stated,
    right,
    missing: stated - right - scores.reduce((n, s) => n + s.wrong.length, 0),
    wrong,
    recall: stated === 0 ? 1 : right / stated,
    precision: right + wrong === 0 ? 1 : right / (right + wrong),
    kind: scores.length === 0 ? 1 : kinds / scores.length,
  };
}
