import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReportRecordSchema, validateRecord } from '../../../shared/schemas/report-record.ts';
import { extractFile, GENERALITY_DIR } from '../../helpers/fixtures.ts';

const record = () => ({
  kind: 'project-page',
  checks: [],
  provenance: { 'project.name': { line: 3, text: 'Name: Bridge' } },
  source: { key: 'a.txt', sha256: 'a'.repeat(64), bytes: 10, parser: 'p', parserVersion: '1' },
});

describe('validating a record quickly', () => {
  it('gives what the schema gives for every generality fixture', () => {
    const names = readdirSync(GENERALITY_DIR).filter((name) => name.endsWith('.txt'));
    for (const name of names) {
      const extracted = extractFile(join(GENERALITY_DIR, name));
      const quick = validateRecord(extracted);

      expect(quick.success, name).toBe(true);
      expect(quick.data, name).toEqual(ReportRecordSchema.parse(extracted));
    }
  });

  it.each([
    ['a line number of 0', { line: 0, text: 'x' }, 'provenance.project.name.line'],
    ['a fractional line number', { line: 1.5, text: 'x' }, 'provenance.project.name.line'],
    ['a missing text', { line: 2 }, 'provenance.project.name.text'],
    ['a number for a text', { line: 2, text: 7 }, 'provenance.project.name.text'],
  ])('rejects provenance with %s, saying where as the schema does', (_, entry, path) => {
    const invalid = { ...record(), provenance: { 'project.name': entry } };
    const result = validateRecord(invalid);

    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual([path]);
    expect(result.error?.issues).toEqual(ReportRecordSchema.safeParse(invalid).error?.issues);
  });

  it('rejects provenance that is no object, and accepts an empty one', () => {
    expect(validateRecord({ ...record(), provenance: [] }).success).toBe(false);
    expect(validateRecord({ ...record(), provenance: null }).success).toBe(false);
    expect(validateRecord({ ...record(), provenance: { x: null } }).success).toBe(false);
    expect(validateRecord({ ...record(), provenance: {} }).success).toBe(true);
  });

  it('still checks the rest of the record', () => {
    const result = validateRecord({ ...record(), kind: 'memo' });

    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['kind']);
  });
});
