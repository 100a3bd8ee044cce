import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReportRecordSchema } from '../../../shared/schemas/report-record.ts';
import { extractFile, GENERALITY_DIR, valueAt } from '../../helpers/fixtures.ts';

interface Expectation {
  absent?: string[];
  checks?: string[];
  [field: string]: unknown;
}

/** Leaf paths of an expectation; arrays are compared whole. */
function leaves(value: unknown, prefix = ''): Array<[string, unknown]> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
  }
  return [[prefix, value]];
}

const fixtures = readdirSync(GENERALITY_DIR)
  .filter((name) => name.endsWith('.txt'))
  .map((name) => {
    const expected: Expectation = JSON.parse(
      readFileSync(join(GENERALITY_DIR, name.replace(/\.txt$/, '.expected.json')), 'utf8'),
    );
    return { name, expected };
  });

describe('extraction of documents unlike the seeds', () => {
  it('has fixtures of every kind', () => {
    const kinds = new Set(fixtures.map((f) => f.expected.kind));

    expect([...kinds].sort()).toEqual([
      'funding-call',
      'grant-decisions',
      'project-description',
      'project-page',
      'research-project',
      'unknown',
    ]);
  });

  it.each(fixtures)('$name gives every stated field and nothing unstated', ({ name, expected }) => {
    const record = extractFile(join(GENERALITY_DIR, name));
    const { absent = [], checks, ...fields } = expected;

    expect(ReportRecordSchema.safeParse(record).success).toBe(true);
    for (const [path, want] of leaves(fields)) {
      const got = valueAt(record, path);
      if (path === 'awards' && Array.isArray(got)) {
        expect(
          got.map(({ recipient, amount }) => ({ recipient, amount })),
          path,
        ).toEqual(want);
      } else if (path === 'call.applicants') {
        expect(String(got).toLowerCase(), path).toContain(String(want).toLowerCase().slice(0, 40));
      } else {
        expect(got, path).toEqual(want);
      }
      if (got !== undefined && path !== 'kind' && path !== 'language' && path !== 'awards') {
        expect(
          Object.keys(record.provenance).some((p) => p.startsWith(path)),
          `provenance of ${path}`,
        ).toBe(true);
      }
    }
    for (const path of absent) {
      expect(valueAt(record, path), `${path} must be absent`).toBeUndefined();
    }
    if (checks) {
      expect(record.checks.map((c) => c.id).sort(), 'check ids').toEqual([...checks].sort());
    }
  });
});
