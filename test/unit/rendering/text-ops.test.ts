import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { loadFonts, sharedShaping } from '../../../shared/rendering/fonts.ts';
import { batchPageContent, collectDocument } from '../../../shared/rendering/pdf-writes.ts';
import { lineSetter, widthOfString } from '../../../shared/rendering/text-ops.ts';

const fonts = loadFonts();
const AT = new Date('2026-01-05T10:00:00Z');

/**
 * Kerning pairs, ligatures, tabs, runs of spaces, digits and signs, accents, combining marks
 * (placed off the pen position), an empty line.
 */
const LINES = [
  'Välitön vaikutus, Toteutunut',
  'Cafe\u0301 man\u0303ana q\u0307 x\u0323\u0302',
  'AV Wa To Ty Yo LT P.',
  'office fi fl ffi',
  'tab\tseparated\t\tcells',
  'two  spaces   and three',
  '1 234 567,89 € (−12,5 %)',
  'Åbo Akademi – Österbotten',
  '',
];

/** A PDF with `draw` run on its one page; the same clock, so the same bytes for the same calls. */
async function pdfOf(draw: (doc: PDFKit.PDFDocument) => void, batched: boolean): Promise<Buffer> {
  const doc = new PDFDocument({
    autoFirstPage: false,
    font: '',
    compress: false,
    info: { CreationDate: AT },
  });
  const bytes = batched
    ? collectDocument(doc)
    : new Promise<Buffer>((resolve) => {
        const chunks: Uint8Array[] = [];
        doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
        doc.on('end', () => resolve(Buffer.concat(chunks)));
      });
  if (batched) batchPageContent(doc);
  doc.addPage();
  draw(doc);
  doc.end();
  return bytes;
}

describe('text set without pdfkit text()', () => {
  it('measures every string as doc.widthOfString does, to the last bit', () => {
    const doc = new PDFDocument({ autoFirstPage: false, font: '' });
    for (const [family, font] of Object.entries(fonts)) {
      const advance = sharedShaping(font)?.advance;
      expect(advance).toBeDefined();
      if (!advance) continue;
      for (const size of [7.5, 8, 8.5, 9.5, 10.5, 13.5, 22]) {
        doc.font(font, family, size);
        for (const text of [...LINES, ' ', 'x', 'ffi']) {
          expect(widthOfString(advance, text, size), `${family} ${size} "${text}"`).toBe(
            doc.widthOfString(text),
          );
        }
      }
    }
  });

  it('writes the same PDF bytes as doc.text(line, x, y, { lineBreak: false })', async () => {
    const draw = (setLine?: ReturnType<typeof lineSetter>) => (doc: PDFKit.PDFDocument) => {
      let y = 60;
      for (const [i, text] of LINES.entries()) {
        const weight = i % 2 === 0 ? 'regular' : 'bold';
        const size = 7.5 + i * 1.25;
        const spacing = i === 1 ? 0.6 : 0;
        doc.font(fonts[weight], weight, size);
        const x = 56.25 + i * 3.1;
        if (setLine) setLine(text, x, y, spacing);
        else {
          doc.text(text, x, y, {
            lineBreak: false,
            ...(spacing ? { characterSpacing: spacing } : {}),
          });
        }
        y += size * 1.6;
      }
    };

    const byPdfkit = await pdfOf(draw(), false);
    const byLineSetter = await pdfOf((doc) => {
      const setLine = lineSetter(doc);
      // Every line goes the fast way: pdfkit's text() is not called.
      doc.text = () => {
        throw new Error('fell back to doc.text');
      };
      draw(setLine)(doc);
    }, true);

    expect(byLineSetter.toString('latin1')).toBe(byPdfkit.toString('latin1'));
  });
});
