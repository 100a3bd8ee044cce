import { describe, expect, it } from 'vitest';
import { effectiveRecord, type Review } from '../../../shared/review/overlay.ts';
import type { ReportRecord } from '../../../shared/schemas/report-record.ts';
import { layoutFinalReport } from '../../../templates/final-report.ts';
import { formatterFor, NBSP } from '../../../templates/format.ts';
import type { Block, ReportLayout, SectionBlock, TableBlock } from '../../../templates/layout.ts';
import { approvalLine, type ReviewNotes, reviewMarks } from '../../../templates/review.ts';
import { en } from '../../../templates/strings/en.ts';
import { fi } from '../../../templates/strings/fi.ts';
import { sv } from '../../../templates/strings/sv.ts';
import { extractFile, seedPath } from '../../helpers/fixtures.ts';

const AT = new Date('2026-01-05T10:00:00Z');
const eura = extractFile(seedPath('004_'));

const REVIEW: ReviewNotes = {
  status: 'approved',
  approvedBy: 'maija',
  approvedAt: '2026-12-07T19:05:00.000Z',
  fields: {
    'funding.euAndStateRealised': {
      action: 'corrected',
      value: 320000,
      previous: 319949,
      by: 'maija',
      at: '2026-12-07T19:00:00.000Z',
      reason: 'the final payment decision says 320 000',
    },
    'indicators.jobsCreated.realised': {
      action: 'confirmed',
      by: 'maija',
      at: '2026-12-07T19:01:00.000Z',
    },
    'project.subRegion': {
      action: 'added',
      value: 'Jyväskylän seutukunta',
      by: 'maija',
      at: '2026-12-07T19:02:00.000Z',
      reason: 'stated in the heading',
      line: 4,
    },
    'funding.publicPlanned': {
      action: 'absent',
      by: 'maija',
      at: '2026-12-07T19:03:00.000Z',
      reason: 'the figure is a sum of two lines, not stated',
    },
  },
};

/** The record as reviewed: what effectiveRecord gives for REVIEW. */
function effective(record: ReportRecord): ReportRecord {
  const { publicPlanned: _gone, ...funding } = record.funding ?? {};
  return {
    ...record,
    funding: { ...funding, euAndStateRealised: 320000 },
    project: { ...record.project, subRegion: 'Jyväskylän seutukunta' },
  };
}

function flat(blocks: Block[]): Block[] {
  return blocks.flatMap((b) => (b.type === 'section' ? [b, ...flat(b.blocks)] : [b]));
}

function table(layout: ReportLayout, caption: string): TableBlock {
  const found = flat(layout.blocks).find(
    (b): b is TableBlock => b.type === 'table' && b.caption === caption,
  );
  if (!found) throw new Error(`No table ${caption}`);
  return found;
}

const printed = (layout: ReportLayout) => JSON.stringify(layout.blocks).replaceAll(NBSP, ' ');

describe('reviewMarks', () => {
  it('numbers corrected, added and absent fields in review order and leaves confirmed ones', () => {
    expect([...reviewMarks(REVIEW)]).toEqual([
      ['funding.euAndStateRealised', '*1'],
      ['project.subRegion', '*2'],
      ['funding.publicPlanned', '*3'],
    ]);
    expect(reviewMarks(undefined).size).toBe(0);
  });
});

describe('layoutFinalReport with a review', () => {
  const layout = layoutFinalReport(effective(eura), {
    language: 'en',
    generatedAt: AT,
    review: REVIEW,
  });

  it('marks a corrected value where it is printed and prints the reviewed figure', () => {
    const funding = table(layout, en.funding.tableCaption);
    const keyFigures = layout.blocks.find((b) => b.type === 'key-figures');

    expect(funding.rows[0]?.[2]).toBe('€320,000 *1');
    expect(JSON.stringify(keyFigures)).toContain('€320,000 *1');
    expect(printed(layout)).not.toContain('€319,949 *1');
  });

  it('prints an absent-marked value as not stated, with its mark, never as a figure', () => {
    const funding = table(layout, en.funding.tableCaption);

    expect(funding.rows[1]?.[1]).toBe('not stated *3');
    expect(funding.rows[1]?.[3]).toBe('not stated');
  });

  it('marks an added value in the project details', () => {
    const facts = table(layout, en.facts.caption);

    expect(facts.rows.find((r) => r[0] === en.project.subRegion)?.[1]).toBe(
      'Jyväskylän seutukunta *2',
    );
  });

  it('has a review section after the cover naming who approved, when, and each mark’s reason', () => {
    const at = layout.blocks.findIndex((b) => b.type === 'section');
    const section = layout.blocks[at] as SectionBlock;
    const notes = table(layout, en.review.caption);

    expect(section.heading).toBe('Review and approval');
    expect(JSON.stringify(section.blocks[0])).toContain(
      'Approved by maija on 7 December 2026, 21:05 (Europe/Helsinki).',
    );
    expect(notes.rows.map((r) => r[0])).toEqual(['*1', '*2', '*3']);
    expect(notes.rows[0]?.[3]).toBe(
      'corrected by reviewer: the final payment decision says 320 000. Extracted: €319,949. (maija)',
    );
    expect(notes.rows[1]?.[3]).toBe(
      'added by reviewer: stated in the heading. Source line 4. (maija)',
    );
    expect(notes.rows[2]?.[2]).toBe('');
    expect(printed(layout)).toContain('1 value was confirmed as extracted.');
  });

  it('says in fi and sv who approved, with the time in the report’s zone', () => {
    const [fiLine, svLine] = (['fi', 'sv'] as const).map((language) =>
      approvalLine(REVIEW, formatterFor(language, 'Europe/Helsinki')),
    );

    expect(fiLine).toBe(`${fi.review.approved('maija', '7.12.2026 klo 21.05 (Europe/Helsinki)')}`);
    expect(svLine).toBe(sv.review.approved('maija', '7.12.2026 kl. 21.05 (Europe/Helsinki)'));
    expect(fiLine).toBe('Hyväksynyt maija 7.12.2026 klo 21.05 (Europe/Helsinki).');
  });
});

describe('layoutFinalReport of a version nobody has approved', () => {
  it('says it is not yet approved, and marks nothing', () => {
    const layout = layoutFinalReport(eura, {
      language: 'fi',
      generatedAt: AT,
      review: { status: 'unreviewed', fields: {} },
    });

    expect(printed(layout)).toContain(fi.review.notApproved);
    expect(printed(layout)).not.toMatch(/ \*\d/);
  });

  it('says a review under way may still change the figures', () => {
    const layout = layoutFinalReport(effective(eura), {
      language: 'sv',
      generatedAt: AT,
      review: { ...REVIEW, status: 'in-review', approvedBy: undefined, approvedAt: undefined },
    });

    expect(printed(layout)).toContain(sv.review.inReview);
    expect(printed(layout)).not.toContain('Godkänd av');
  });

  it('leaves a layout without a review as it was: no review section, no marks', () => {
    const layout = layoutFinalReport(eura, { language: 'en', generatedAt: AT });

    expect(printed(layout)).not.toContain(en.review.heading);
    expect(printed(layout)).not.toMatch(/ \*\d/);
  });
});

describe('marks beyond the funding and project tables', () => {
  const at = '2026-12-07T19:00:00.000Z';

  it('marks a corrected award amount in the awards list and a sustainability score in its chart', () => {
    const decisions = extractFile(seedPath('003_'));
    const first = decisions.awards?.[0];
    const awards = layoutFinalReport(
      {
        ...decisions,
        awards: [
          { ...first, recipient: first?.recipient ?? '', amount: 1000 },
          ...(decisions.awards ?? []).slice(1),
        ],
      },
      {
        language: 'en',
        generatedAt: AT,
        review: {
          status: 'in-review',
          fields: {
            'awards.0.amount': {
              action: 'corrected',
              value: 1000,
              previous: first?.amount ?? 0,
              by: 'maija',
              at,
              reason: 'typo',
            },
          },
        },
      },
    );
    const review: Review = {
      status: 'in-review',
      fields: {
        'horizontal.sustainability.wellbeing.direct': { action: 'confirmed', by: 'maija', at },
        'horizontal.sustainability.equality.indirect': {
          action: 'corrected',
          value: 3,
          previous: 2,
          by: 'maija',
          at,
          reason: 'page 4',
        },
      },
    };
    const scores = layoutFinalReport(effectiveRecord(eura, review), {
      language: 'en',
      generatedAt: AT,
      review,
    });

    const listed = flat(awards.blocks).find(
      (b): b is TableBlock => b.type === 'table' && b.rows[0]?.[0] === '1',
    );
    expect(listed?.rows[0]?.[2]).toBe('€1,000 *1');
    const chart = flat(scores.blocks).find(
      (b) => b.type === 'bar-chart' && b.orientation === 'horizontal',
    );
    const labels = chart?.type === 'bar-chart' ? chart.series.map((series) => series.labels) : [];
    expect(labels.flat().filter((label) => label.includes('*'))).toEqual(['3 *1']);
  });
});
