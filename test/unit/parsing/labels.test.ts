import { describe, expect, it } from 'vitest';
import { LABELLED_FIELDS, type LabelWords } from '../../../shared/parsing/vocabulary/labels.ts';
import { LABELS_EN } from '../../../shared/parsing/vocabulary/labels-en.ts';
import { LABELS_FI } from '../../../shared/parsing/vocabulary/labels-fi.ts';
import { LABELS_SV } from '../../../shared/parsing/vocabulary/labels-sv.ts';
import {
  CallSchema,
  FundingSchema,
  PROJECT_STATUSES,
  ProjectSchema,
} from '../../../shared/schemas/report-record.ts';

const FILES: Array<[string, LabelWords]> = [
  ['fi', LABELS_FI],
  ['sv', LABELS_SV],
  ['en', LABELS_EN],
];

/** The contract's field paths: every field of project, funding and call, and the summary. */
const CONTRACT_PATHS = new Set([
  ...Object.keys(ProjectSchema.shape).map((k) => `project.${k}`),
  'project.summary',
  ...Object.keys(FundingSchema.shape).map((k) => `funding.${k}`),
  ...Object.keys(CallSchema.shape).map((k) => `call.${k}`),
]);

describe('label vocabularies', () => {
  it('has the same field keys in every language', () => {
    const keys = FILES.map(([, words]) => Object.keys(words.fields).sort());

    expect(keys[1]).toEqual(keys[0]);
    expect(keys[2]).toEqual(keys[0]);
    expect(keys[0]).toEqual([...LABELLED_FIELDS].sort());
  });

  it.each(FILES)('keys %s labels by contract field paths only', (_, words) => {
    const keys = [...Object.keys(words.fields), ...Object.keys(words.columns)];

    expect(keys.filter((k) => !CONTRACT_PATHS.has(k))).toEqual([]);
  });

  it.each(FILES)('writes %s labels as plain lower-case strings, each once', (_, words) => {
    const all = [
      ...Object.values(words.fields).flat(),
      ...Object.values(words.columns).flat(),
      ...words.duration,
      ...Object.values(words.status).flat(),
    ];

    expect(all.filter((l) => l !== l.toLowerCase() || l.trim() !== l || l.length === 0)).toEqual(
      [],
    );
    expect(new Set(Object.values(words.fields).flat()).size).toBe(
      Object.values(words.fields).flat().length,
    );
  });

  it.each(FILES)('names status words for every %s status', (_, words) => {
    expect(Object.keys(words.status).sort()).toEqual([...PROJECT_STATUSES].sort());
  });
});
