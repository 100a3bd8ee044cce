import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../shared/errors.ts';
import type { ProgrammeDocument } from '../../../shared/programme/aggregate.ts';
import {
  PROGRAMME_ROUTES,
  ProjectLinksSchema,
  projectLinksOf,
} from '../../../shared/programme/routes.ts';
import type { ReportRecord } from '../../../shared/schemas/report-record.ts';

function doc(
  sha: string,
  record: Omit<ReportRecord, 'checks' | 'provenance' | 'source'>,
  projectId?: string,
): ProgrammeDocument {
  return {
    sha256: sha.padEnd(64, '0'),
    receivedAt: '2026-05-01T00:00:00.000Z',
    ...(projectId ? { projectId } : {}),
    record: {
      ...record,
      checks: [],
      provenance: {},
      source: {
        key: `incoming/${sha}.txt`,
        sha256: sha.padEnd(64, '0'),
        bytes: 1,
        parser: 't',
        parserVersion: '1',
      },
    },
  };
}

const documents = [
  doc(
    'a',
    {
      kind: 'project-description',
      project: {
        code: 'A77892',
        name: 'Digikeskus',
        beneficiary: 'Viitasaaren kaupunki',
        businessId: '0208573-0',
      },
    },
    'A77892',
  ),
  doc(
    'b',
    {
      kind: 'project-page',
      project: { name: 'Digikeskus', beneficiary: 'Viitasaaren kaupunki', businessId: '0208573-0' },
    },
    'name:digikeskus',
  ),
  doc('c', {
    kind: 'grant-decisions',
    awards: [
      { recipient: 'Viitasaaren kaupunki', amount: 336123, note: 'A77892' },
      { recipient: 'Jyväskylän yliopisto', amount: 5000 },
    ],
  }),
];

describe('projectLinksOf', () => {
  it("answers a project's documents and links by its code or by the id of a page about it", () => {
    const byCode = projectLinksOf(documents, 'A77892');
    const byPage = projectLinksOf(documents, 'name:digikeskus');

    expect(ProjectLinksSchema.safeParse(byCode).success).toBe(true);
    expect(byCode.documents.map((d) => d.kind)).toEqual([
      'project-description',
      'project-page',
      'award',
    ]);
    expect(byCode.links.map((l) => l.reason)).toEqual([
      'project-code-in-award',
      'business-id-and-name',
      'name-and-organisation',
    ]);
    expect(byPage).toEqual(byCode);
  });

  it('answers 404 for a project no document is about, and for an unlinked award row', () => {
    expect(() => projectLinksOf(documents, 'B00001')).toThrow(NotFoundError);
    expect(() => projectLinksOf(documents, `${'c'.padEnd(64, '0')}#award-2`)).toThrow(
      NotFoundError,
    );
  });
});

describe('PROGRAMME_ROUTES', () => {
  it('are GET routes with a response schema and a table for CSV and XLSX', () => {
    expect(PROGRAMME_ROUTES.map((r) => r.path)).toEqual([
      '/projects/{code}/links',
      '/programme/annex-vii/financial',
      '/programme/annex-vii/indicators',
    ]);
    expect(PROGRAMME_ROUTES.every((r) => r.method === 'GET' && r.table !== undefined)).toBe(true);
  });
});
