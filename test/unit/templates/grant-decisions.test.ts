import { describe, expect, it } from 'vitest';
import type { Language } from '../../../shared/schemas/report-record.ts';
import { MAX_LISTED_SOURCE_LINES } from '../../../templates/blocks.ts';
import { layoutFinalReport } from '../../../templates/final-report.ts';
import { NBSP } from '../../../templates/format.ts';
import { MAX_LISTED_AWARDS } from '../../../templates/grant-decisions.ts';
import type { Block, ReportLayout, TableBlock } from '../../../templates/layout.ts';
import { largeDecisionRecord } from '../../helpers/large-decision.ts';

const AT = new Date('2026-01-05T10:00:00Z');

function flat(blocks: Block[]): Block[] {
  return blocks.flatMap((b) => (b.type === 'section' ? [b, ...flat(b.blocks)] : [b]));
}

/** The reconciliation, the award list, the source file's facts and the source lines. */
function tables(layout: ReportLayout): TableBlock[] {
  return flat(layout.blocks).filter((b): b is TableBlock => b.type === 'table');
}

function paragraphs(layout: ReportLayout): string[] {
  return flat(layout.blocks).flatMap((b) =>
    b.type === 'paragraph' ? [b.text.replaceAll(NBSP, ' ')] : [],
  );
}

const lay = (awards: number, language: Language) =>
  layoutFinalReport(largeDecisionRecord(awards), { language, generatedAt: AT });

describe('grantDecisionsBlocks at the award limit', () => {
  it('lists every award, with no note, up to the limit', () => {
    const layout = lay(MAX_LISTED_AWARDS, 'en');

    const [, awards, , sources] = tables(layout);

    expect(awards?.rows).toHaveLength(MAX_LISTED_AWARDS + 1);
    expect(sources?.rows).toHaveLength(MAX_LISTED_AWARDS + 1);
    expect(paragraphs(layout).join(' ')).not.toMatch(/not listed/);
  });

  it.each([
    ['en', '1 more award is not listed in the table', '1 more line is not listed'],
    ['fi', '1 muu avustus jätettiin pois taulukosta', '1 muu rivi jätettiin pois'],
    ['sv', 'Ytterligare 1 stöd visas inte i tabellen', 'Ytterligare 1 rad visas inte'],
  ] as const)('names the one award left out, in %s', (language, awardNote, lineNote) => {
    const layout = lay(MAX_LISTED_AWARDS + 1, language);

    const text = paragraphs(layout).join('\n');

    expect(tables(layout)[1]?.rows).toHaveLength(MAX_LISTED_AWARDS + 1);
    expect(text).toContain(awardNote);
    expect(text).not.toContain(lineNote);
  });

  it('totals every award and cuts the source lines at their own limit', () => {
    const count = 2_000;
    const layout = lay(count, 'en');

    const [reconciliation, awards, , sources] = tables(layout);
    const text = paragraphs(layout).join('\n');

    expect(reconciliation?.rows[1]?.[2]).toBe('2,000');
    expect(awards?.rows.at(-1)?.[2]).toBe('€3,999,000');
    expect(sources?.rows).toHaveLength(MAX_LISTED_SOURCE_LINES);
    expect(text).toContain('1,500 more awards are not listed in the table');
    expect(text).toContain(
      `${(count + 1 - MAX_LISTED_SOURCE_LINES).toLocaleString('en')} more lines are not listed`,
    );
  });
});
