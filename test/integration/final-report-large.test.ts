import { afterAll, describe, expect, it } from 'vitest';
import { loadFonts } from '../../shared/rendering/fonts.ts';
import { renderFinalReport } from '../../shared/rendering/render-report.ts';
import type { ReportRecord } from '../../shared/schemas/report-record.ts';
import { MAX_LISTED_AWARDS } from '../../templates/grant-decisions.ts';
import { largeDecisionRecord } from '../helpers/large-decision.ts';
import { firstAttachment, pdfInfo, pdfText, scratch } from '../helpers/pdf-tools.ts';

const AWARDS = 100_000;
/** The award table, the chart and the source appendix each stop at their limits. */
const MAX_PAGES = 60;

const work = scratch('epm-large-');
afterAll(() => work.drop());

describe('the final report of a grant decision with 100,000 awards', () => {
  const record = largeDecisionRecord(AWARDS);
  let path = '';

  it('lists awards up to the limit and says how many more there are', async () => {
    const pdf = await renderFinalReport(record, {
      language: 'en',
      generatedAt: new Date('2026-01-05T10:00:00Z'),
      fonts: loadFonts(),
      compress: false,
    });
    path = work.write('large.pdf', pdf);

    const text = pdfText(path);

    const start = text.indexOf('Awarded grants as listed in the document');
    const end = text.indexOf('99,500 more awards are not listed in the table');
    expect(start).toBeGreaterThan(-1);
    expect(end).toBeGreaterThan(start);
    const table = text.slice(start, end);
    expect(table).toMatch(
      new RegExp(`\\b${MAX_LISTED_AWARDS}\\s+Yhdistys numero ${MAX_LISTED_AWARDS} ry`),
    );
    expect(table).not.toContain(`Yhdistys numero ${MAX_LISTED_AWARDS + 1} ry`);
    expect(table).toMatch(/Sum of the list\s+€5,099,950,000/);
    expect(text).toContain('100000. Yhdistys numero 100000 ry');
    expect(text).toContain('99,401 more lines are not listed');
    expect(Number(pdfInfo(path).Pages)).toBeLessThanOrEqual(MAX_PAGES);
  });

  it('embeds every award in the attached record', () => {
    const attached = JSON.parse(firstAttachment(path, work.dir).toString('utf8')) as ReportRecord;

    expect(attached.awards).toHaveLength(AWARDS);
    expect(attached.awards).toEqual(record.awards);
    expect(Object.keys(attached.provenance)).toHaveLength(2 * AWARDS + 1);
  });
});
