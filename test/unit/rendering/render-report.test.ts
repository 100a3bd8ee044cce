import { describe, expect, it } from 'vitest';
import { loadFonts } from '../../../shared/rendering/fonts.ts';
import { renderFinalReport } from '../../../shared/rendering/render-report.ts';
import type { ReportRecord } from '../../../shared/schemas/report-record.ts';
import { extractFile, seedPath } from '../../helpers/fixtures.ts';

const fonts = loadFonts();
const AT = new Date('2026-01-05T10:00:00Z');
const eura = extractFile(seedPath('004_'));

/** The PDF with streams left uncompressed, as text to search. */
async function rawPdf(record: ReportRecord, language: 'fi' | 'sv' | 'en' = 'en') {
  const bytes = await renderFinalReport(record, {
    language,
    generatedAt: AT,
    fonts,
    compress: false,
  });
  return bytes.toString('latin1');
}

describe('renderFinalReport', () => {
  it('writes the same bytes for the same record and clock, and other bytes for another clock', async () => {
    const first = await renderFinalReport(eura, { language: 'fi', generatedAt: AT, fonts });
    const second = await renderFinalReport(eura, { language: 'fi', generatedAt: AT, fonts });
    const later = await renderFinalReport(eura, {
      language: 'fi',
      generatedAt: new Date('2026-01-05T10:01:00Z'),
      fonts,
    });

    expect(first.subarray(0, 8).toString()).toBe('%PDF-1.7');
    expect(first.equals(second)).toBe(true);
    expect(first.equals(later)).toBe(false);
  });

  it('declares PDF/A-3a, a tagged structure with figures and tables, and the language', async () => {
    const pdf = await rawPdf(eura, 'fi');

    expect(pdf).toContain('<pdfaid:part>3</pdfaid:part>');
    expect(pdf).toContain('<pdfaid:conformance>A</pdfaid:conformance>');
    expect(pdf).toContain('/Lang (fi)');
    expect(pdf).toMatch(/\/MarkInfo \d+ 0 R/);
    expect(pdf).toContain('/Marked true');
    expect(pdf).toContain('/DisplayDocTitle true');
    for (const role of ['/S /Document', '/S /H1', '/S /H2', '/S /Table', '/S /TH', '/S /Figure']) {
      expect(pdf).toContain(role);
    }
    // UTF-16BE with its byte-order mark: the alternative text is Finnish.
    expect(pdf).toContain('/Alt (\u00fe\u00ff');
    expect(pdf).toContain('/OutputIntents');
  });

  it('embeds its fonts and never names a standard font', async () => {
    const pdf = await rawPdf(eura);

    expect(pdf.match(/\/FontFile2/g)).toHaveLength(2);
    expect(pdf).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSans-Regular/);
    expect(pdf).not.toMatch(/Helvetica|Times-Roman|Courier|ZapfDingbats|\/Symbol/);
  });

  it('attaches the record as JSON data', async () => {
    const pdf = await rawPdf(eura);

    expect(pdf).toContain('/AFRelationship /Data');
    expect(pdf).toContain('/Subtype /application#2Fjson');
    expect(pdf).toContain('(report-record.json)');
    expect(pdf).toContain(JSON.stringify(eura).slice(0, 60));
  });

  it('escapes the title in the XMP packet and keeps it as written in the Info dictionary', async () => {
    const record: ReportRecord = {
      ...eura,
      project: { ...eura.project, name: 'R&D <pilot>' },
    };

    const pdf = await rawPdf(record);

    expect(pdf).toContain('Final report: R&amp;D &lt;pilot&gt; (A77892)</rdf:li>');
    expect(pdf).toContain('(Final report: R&D <pilot> \\(A77892\\))');
  });
});
