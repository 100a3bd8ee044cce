import { describe, expect, it } from 'vitest';
import {
  type LinkDocument,
  linkDocuments,
  normaliseBusinessId,
  normaliseOrganisation,
  sameProjectName,
} from '../../../shared/programme/links.ts';

/** The EURA export of project A77892 and the documents about it, as the seeds name them. */
const eura: LinkDocument = {
  id: 'eura-v2',
  kind: 'project-description',
  projectId: 'A77892',
  code: 'A77892',
  name: 'Digikeskus',
  organisation: 'Viitasaaren kaupunki',
  businessId: '0208573-0',
};
const finalReport: LinkDocument = {
  id: 'final-v3',
  kind: 'project-description',
  projectId: 'A77892',
  code: 'a 77892',
  name: 'Digikeskus – loppuraportti',
};
const kohesio: LinkDocument = {
  id: 'kohesio-page',
  kind: 'project-page',
  projectId: 'name:digikeskus',
  name: 'DIGIKESKUS',
  organisation: 'Viitasaaren Kaupunki',
  businessId: '0208573-0',
};
const decisionRow: LinkDocument = {
  id: 'decision#award-4',
  kind: 'award',
  organisation: 'Viitasaaren kaupunki',
  text: 'Hanke A77892 Digikeskus, EAKR',
};

function projectOf(projects: ReturnType<typeof linkDocuments>, id: string) {
  return projects.find((p) => p.documents.includes(id));
}

describe('normaliseBusinessId', () => {
  it('accepts a Finnish business id with its check digit, with or without FI and spaces', () => {
    expect(normaliseBusinessId('0208573-0')).toBe('0208573-0');
    expect(normaliseBusinessId('FI 02085730')).toBe('0208573-0');
    expect(normaliseBusinessId('208573-0')).toBe('0208573-0');
  });

  it('refuses a wrong check digit and what is no business id', () => {
    expect(normaliseBusinessId('0208573-1')).toBeUndefined();
    expect(normaliseBusinessId('A77892')).toBeUndefined();
    expect(normaliseBusinessId('040 123 4567')).toBeUndefined();
  });
});

describe('sameProjectName', () => {
  it('matches a name written in other case, accents or punctuation', () => {
    expect(sameProjectName('Digikeskus', 'DIGIKESKUS')).toBe(true);
    expect(sameProjectName('Kestävä matkailu – Lappi', 'Kestava matkailu Lappi')).toBe(true);
  });

  it('tells apart names that differ by a phase number or by most of their words', () => {
    expect(sameProjectName('Digikeskus', 'Digikeskus II')).toBe(false);
    expect(sameProjectName('Älykäs kaupunki 2', 'Älykäs kaupunki 3')).toBe(false);
    expect(sameProjectName('Digikeskus', 'Viitasaaren matkailun kehittäminen')).toBe(false);
  });
});

describe('normaliseOrganisation', () => {
  it('drops the legal form', () => {
    expect(normaliseOrganisation('Jyväskylän Kehitys Oy')).toBe(
      normaliseOrganisation('jyvaskylan kehitys'),
    );
    expect(normaliseOrganisation('Centria Ab')).toBe('centria');
  });
});

describe('linkDocuments', () => {
  it('links a EURA export, a final report, a Kohesio page and a grant-decision row into one project', () => {
    const projects = linkDocuments([eura, finalReport, kohesio, decisionRow]);

    expect(projects).toHaveLength(1);
    const [project] = projects;
    expect(project?.key).toBe('A77892');
    expect(project?.documents).toEqual(['decision#award-4', 'eura-v2', 'final-v3', 'kohesio-page']);
    expect(project?.links.map((l) => [l.reason, l.confidence])).toEqual([
      ['project-code-in-award', 'high'],
      ['project-code', 'high'],
      ['business-id-and-name', 'medium'],
      ['name-and-organisation', 'low'],
    ]);
    expect(project?.links[2]?.detail).toBe('business id 0208573-0 and name "digikeskus"');
  });

  it('gives the same projects whatever the order of the documents', () => {
    const docs = [eura, finalReport, kohesio, decisionRow];

    expect(linkDocuments([...docs].reverse())).toEqual(linkDocuments(docs));
    expect(linkDocuments([docs[2], docs[0], docs[3], docs[1]] as LinkDocument[])).toEqual(
      linkDocuments(docs),
    );
  });

  it('links an award row by its recipient and the project name when it names no code', () => {
    const row: LinkDocument = {
      id: 'decision#award-9',
      kind: 'award',
      organisation: 'Viitasaaren kaupunki',
      text: 'Digikeskus, jatkohaku',
    };

    const project = projectOf(linkDocuments([eura, row]), row.id);

    expect(project?.documents).toEqual(['decision#award-9', 'eura-v2']);
    expect(project?.links[0]).toMatchObject({
      reason: 'award-recipient-and-name',
      confidence: 'low',
    });
  });

  it('does not link another project of the same business id (false friend: phase II)', () => {
    const phaseTwo: LinkDocument = {
      id: 'eura-phase-2',
      kind: 'project-description',
      projectId: 'name:digikeskus-ii',
      name: 'Digikeskus II',
      organisation: 'Viitasaaren kaupunki',
      businessId: '0208573-0',
    };
    const tourism: LinkDocument = {
      id: 'tourism',
      kind: 'project-page',
      name: 'Viitasaaren matkailun kehittäminen',
      organisation: 'Viitasaaren kaupunki',
      businessId: '0208573-0',
    };

    const projects = linkDocuments([eura, phaseTwo, tourism]);

    expect(projects).toHaveLength(3);
  });

  it('does not link the same project name of another organisation (false friend: Digikeskus in Saarijärvi)', () => {
    const other: LinkDocument = {
      id: 'saarijarvi',
      kind: 'project-page',
      name: 'Digikeskus',
      organisation: 'Saarijärven kaupunki',
      businessId: '0177736-8',
    };

    expect(linkDocuments([eura, other])).toHaveLength(2);
  });

  it('does not link an award row of the same recipient for another project', () => {
    const row: LinkDocument = {
      id: 'decision#award-2',
      kind: 'award',
      organisation: 'Viitasaaren kaupunki',
      text: 'Kirjaston digitaalinen palvelu',
    };

    expect(projectOf(linkDocuments([eura, row]), row.id)?.documents).toEqual(['decision#award-2']);
  });

  it('does not read a longer code in an award row as the project code', () => {
    const row: LinkDocument = {
      id: 'decision#award-3',
      kind: 'award',
      organisation: 'Jyväskylän yliopisto',
      text: 'Hanke A778920',
    };

    expect(projectOf(linkDocuments([eura, row]), row.id)?.documents).toEqual(['decision#award-3']);
  });

  it('refuses to join two project codes, and lists the link it refused', () => {
    const sibling: LinkDocument = {
      id: 'eura-sibling',
      kind: 'project-description',
      projectId: 'A77893',
      code: 'A77893',
      name: 'Digikeskus',
      organisation: 'Viitasaaren kaupunki',
      businessId: '0208573-0',
    };

    const projects = linkDocuments([eura, sibling]);

    expect(projects.map((p) => p.key)).toEqual(['A77892', 'A77893']);
    const refused = projects.flatMap((p) => p.refused);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.map((l) => l.reason)).toContain('business-id-and-name');
    expect(projectOf(projects, 'eura-v2')?.documents).toEqual(['eura-v2']);
  });

  it('leaves a page without a code that fits two coded projects equally well unlinked', () => {
    const sibling: LinkDocument = {
      ...eura,
      id: 'eura-sibling',
      projectId: 'A77893',
      code: 'A77893',
    };

    const projects = linkDocuments([eura, sibling, kohesio]);

    expect(projects.map((p) => p.key)).toEqual(['A77892', 'A77893', 'name:digikeskus']);
    expect(projectOf(projects, 'kohesio-page')?.refused.length).toBeGreaterThan(0);
  });

  it('does not link by a business id with a wrong check digit', () => {
    const a: LinkDocument = {
      id: 'a',
      kind: 'project-page',
      name: 'Vesihuolto',
      businessId: '1234567-0',
    };
    const b: LinkDocument = {
      id: 'b',
      kind: 'project-page',
      name: 'Vesihuolto',
      businessId: '1234567-0',
    };

    expect(normaliseBusinessId('1234567-0')).toBeUndefined();
    expect(linkDocuments([a, b])).toHaveLength(2);
  });
});
