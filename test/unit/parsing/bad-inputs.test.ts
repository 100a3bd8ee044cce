import { isUtf8 } from 'node:buffer';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractReport, rejectionOf } from '../../../shared/parsing/extract.ts';
import { type ReportRecord, ReportRecordSchema } from '../../../shared/schemas/report-record.ts';
import { BAD_DIR, BAD_INPUTS, type BadInput, largeBadInputs } from '../../helpers/bad-inputs.ts';
import { GENERALITY_DIR, SEEDS_DIR, valueAt } from '../../helpers/fixtures.ts';

const NEW_CHECKS = [
  'encoding-fallback',
  'mixed-encoding',
  'replacement-characters',
  'control-characters',
  'unusual-digits',
  'no-line-structure',
  'truncated-document',
  'conflicting-values',
  'invalid-date',
  'negative-value',
  'implausible-value',
  'markup-in-text',
  'code-in-text',
];

function extractSafely(bytes: Uint8Array, key: string): ReportRecord {
  let record: ReportRecord | undefined;
  expect(() => {
    record = extractReport(bytes, { key });
  }).not.toThrow();
  if (!record) throw new Error(`extractReport returned nothing for ${key}`);
  return record;
}

function expectReason(record: ReportRecord, input: BadInput) {
  expect(ReportRecordSchema.safeParse(record).success).toBe(true);
  expect(record.checks).toContainEqual(
    expect.objectContaining({
      id: input.id,
      message: expect.stringContaining(input.message),
      ...(input.severity ? { severity: input.severity } : {}),
    }),
  );
  if (input.rejected) {
    expect(rejectionOf(record)?.id).toBe(input.id);
  } else {
    expect(rejectionOf(record)).toBeUndefined();
  }
  for (const [path, value] of Object.entries(input.values ?? {})) {
    expect(valueAt(record, path), path).toEqual(value);
  }
  for (const path of input.absent ?? []) {
    expect(valueAt(record, path), `${path} must be absent`).toBeUndefined();
    expect(record.provenance[path], `provenance of ${path}`).toBeUndefined();
  }
}

describe('the bad-input corpus', () => {
  it('has at least 40 files, each with an expected reason', () => {
    const files = readdirSync(BAD_DIR).sort();

    expect(files.length).toBeGreaterThanOrEqual(40);
    expect(files).toEqual(BAD_INPUTS.map((i) => i.file).sort());
  });

  it.each(BAD_INPUTS)('$file gives $id', (input) => {
    const record = extractSafely(readFileSync(join(BAD_DIR, input.file)), input.file);

    expectReason(record, input);
  });
});

describe('bad inputs generated at run time', () => {
  const large = largeBadInputs();
  let dir = '';

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'epm-bad-'));
    for (const input of large) writeFileSync(join(dir, input.file), input.bytes());
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(large)('$file gives $id', (input) => {
    const record = extractSafely(readFileSync(join(dir, input.file)), input.file);

    expectReason(record, input);
  });
});

describe('extraction of arbitrary bytes', () => {
  const seed = readFileSync(join(SEEDS_DIR, readdirSync(SEEDS_DIR).sort()[4] ?? ''));

  it('never throws and always gives a record the schema accepts', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => {
        const record = extractReport(bytes);

        expect(ReportRecordSchema.safeParse(record).success).toBe(true);
      }),
    );
  });

  it('never throws on an EURA export with random bytes written over it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: seed.length - 1 }), fc.uint8Array({ minLength: 1 })), {
          maxLength: 8,
        }),
        (patches) => {
          const bytes = Buffer.from(seed);
          for (const [at, patch] of patches) bytes.set(patch.subarray(0, bytes.length - at), at);

          const record = extractReport(bytes);

          expect(ReportRecordSchema.safeParse(record).success).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });
});

function hasByteOrderMark(bytes: Uint8Array): boolean {
  return (
    (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) ||
    (bytes[0] === 0xff && bytes[1] === 0xfe) ||
    (bytes[0] === 0xfe && bytes[1] === 0xff)
  );
}

describe('the bad-input checks on good documents', () => {
  const good = [
    ...readdirSync(SEEDS_DIR).map((name) => join(SEEDS_DIR, name)),
    ...readdirSync(GENERALITY_DIR)
      .filter((name) => name.endsWith('.txt'))
      .map((name) => join(GENERALITY_DIR, name)),
  ];

  it.each(good)('finds nothing to report in %s', (path) => {
    const bytes = readFileSync(path);
    const record = extractReport(bytes, { key: path });
    // A document saved in Windows-1252 or BOM-less UTF-16 is good, and says how it was read.
    const guessed = !isUtf8(bytes) && !hasByteOrderMark(bytes);
    const findings = record.checks.filter(
      (c) => NEW_CHECKS.includes(c.id) && !(guessed && c.id === 'encoding-fallback'),
    );

    expect(findings).toEqual([]);
  });

  it('keeps a label stated twice with the same value without a finding', () => {
    const text = readFileSync(join(BAD_DIR, 'duplicate-project-code.txt'), 'utf8').replace(
      'Hankekoodi: A77893',
      'Hankekoodi:  a77892',
    );

    const record = extractReport(Buffer.from(text, 'utf8'));

    expect(record.project?.code).toBe('A77892');
    expect(record.checks.map((c) => c.id)).not.toContain('conflicting-values');
  });
});
