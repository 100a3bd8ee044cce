import { describe, expect, it } from 'vitest';
import { loadFonts } from '../../../shared/rendering/fonts.ts';
import { renderFinalReport } from '../../../shared/rendering/render-report.ts';
import type { Review } from '../../../shared/review/overlay.ts';
import { extractFile, seedPath } from '../../helpers/fixtures.ts';

const fonts = loadFonts();
const AT = new Date('2026-01-05T10:00:00Z');
const eura = extractFile(seedPath('004_'));

const REVIEW: Review = {
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
      reason: 'final payment decision',
    },
  },
};

/** The record the PDF carries: its embedded file, read from the uncompressed bytes. */
function attachedRecord(pdf: Buffer): Record<string, unknown> {
  const text = pdf.toString('utf8');
  const start = text.indexOf('{"kind"');
  if (start < 0) throw new Error('No embedded record');
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === '{') depth++;
    if (text[i] === '}' && --depth === 0) return JSON.parse(text.slice(start, i + 1));
  }
  throw new Error('Embedded record does not end');
}

describe('renderFinalReport with a review', () => {
  it('attaches the record as extracted with its review beside it', async () => {
    const pdf = await renderFinalReport(eura, {
      language: 'en',
      generatedAt: AT,
      fonts,
      compress: false,
      review: REVIEW,
    });

    const attached = attachedRecord(pdf);
    expect((attached.funding as Record<string, unknown>).euAndStateRealised).toBe(319949);
    expect(attached.review).toEqual(REVIEW);
  });

  it('writes other bytes than the unreviewed report, and the same without a review as before', async () => {
    const plain = await renderFinalReport(eura, { language: 'en', generatedAt: AT, fonts });
    const reviewed = await renderFinalReport(eura, {
      language: 'en',
      generatedAt: AT,
      fonts,
      review: REVIEW,
    });

    expect(reviewed.equals(plain)).toBe(false);
    expect(
      'review' in
        attachedRecord(
          await renderFinalReport(eura, {
            language: 'en',
            generatedAt: AT,
            fonts,
            compress: false,
          }),
        ),
    ).toBe(false);
  });
});
