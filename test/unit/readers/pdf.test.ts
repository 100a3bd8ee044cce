import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { extractReport } from '../../../shared/parsing/extract.ts';
import { flateExceeds, readPdf, readPdfLayout } from '../../../shared/readers/pdf.ts';
import {
  alignToStops,
  blockText,
  bodySize,
  buildLine,
  buildLines,
  classifyGap,
  findGutter,
  groupBaselines,
  hyphenJoin,
  isColumnGutter,
  isPageNumber,
  type LayoutLine,
  lineSpacing,
  removeFurniture,
  resolveBrokenWords,
  startsItem,
  type TextRun,
} from '../../../shared/readers/pdf-layout.ts';
import { DEFAULT_LIMITS, type ReadResult } from '../../../shared/readers/reader.ts';

const DIR = join(import.meta.dirname, '../../fixtures/readers/pdf');
const fixture = (name: string) => new Uint8Array(readFileSync(join(DIR, name)));
const golden = (name: string) => readFileSync(join(DIR, `${name}.expected.txt`), 'utf8');

/** The read lines in the golden files' form: a `=== page n ===` line before each page's lines. */
function asGolden(result: ReadResult): string {
  if (!result.success) return `failure ${result.error.id}: ${result.error.message}`;
  const out: string[] = [];
  let page = 0;
  for (const line of result.data.lines) {
    if (line.page !== page) {
      page = line.page ?? 0;
      out.push(`=== page ${page} ===`);
    }
    out.push(line.text);
  }
  return `${out.join('\n')}\n`;
}

function failureId(result: ReadResult): string | undefined {
  return result.success ? undefined : result.error.id;
}

/** A run of 11 pt Helvetica-like text, about 0.5 em a character. */
const run = (text: string, x: number, y: number, size = 11): TextRun => ({
  text,
  x,
  y,
  width: text.length * 0.5 * size,
  size,
});

const line = (y: number, ...segments: Array<[string, number]>): LayoutLine => ({
  y,
  size: 11,
  segments: segments.map(([text, x0]) => ({ text, x0, x1: x0 + text.length * 5.5 })),
});

function pdfkitBytes(draw: (doc: PDFKit.PDFDocument) => void): Promise<Uint8Array> {
  const doc = new PDFDocument({ size: 'A4', margin: 72, compress: false });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Uint8Array>((resolve) =>
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks)))),
  );
  draw(doc);
  doc.end();
  return done;
}

describe('readPdf', () => {
  it.each(['labels-first', 'word-by-word', 'furniture', 'two-columns', 'hyphenated', 'chromium'])(
    'reads %s.pdf as its golden lines',
    async (name) => {
      const result = await readPdf(fixture(`${name}.pdf`), DEFAULT_LIMITS);

      expect(asGolden(result)).toBe(golden(name));
    },
  );

  it('returns the page count and the format', async () => {
    const result = await readPdf(fixture('furniture.pdf'), DEFAULT_LIMITS);

    expect(result.success && result.data.pages).toBe(3);
    expect(result.success && result.data.format).toBe('pdf');
  });

  it('reads a PDF with only an owner password like the plain one', async () => {
    const result = await readPdf(fixture('owner-password.pdf'), DEFAULT_LIMITS);

    expect(asGolden(result)).toBe(golden('labels-first'));
  });

  it('fails with document-encrypted when a password is needed to open the PDF', async () => {
    const result = await readPdf(fixture('user-password.pdf'), DEFAULT_LIMITS);

    expect(failureId(result)).toBe('document-encrypted');
    expect(result.success || result.error.message).toMatch(/password/);
  });

  it.each([
    ['truncated.pdf', fixture('truncated.pdf')],
    ['broken-xref.pdf', fixture('broken-xref.pdf')],
    ['an empty file', new Uint8Array()],
    ['HTML bytes', new TextEncoder().encode('<html><body>Hankekoodi: A1</body></html>')],
    [
      'a PDF header and garbage',
      new TextEncoder().encode(`%PDF-1.7\n${'\u0000\u00ff'.repeat(500)}`),
    ],
  ])('fails with document-unreadable for %s', async (_name, bytes) => {
    const result = await readPdf(bytes, DEFAULT_LIMITS);

    expect(failureId(result)).toBe('document-unreadable');
    expect(result.success || result.error.message).toMatch(/PDF/);
  });

  it('leaves the caller bytes usable', async () => {
    const bytes = fixture('labels-first.pdf');

    await readPdf(bytes, DEFAULT_LIMITS);

    expect(bytes.byteLength).toBeGreaterThan(1000);
    expect(new TextDecoder().decode(bytes.subarray(0, 5))).toBe('%PDF-');
  });
});

describe('readPdf limits', () => {
  it('fails with document-limit past maxPages', async () => {
    const result = await readPdf(fixture('furniture.pdf'), { ...DEFAULT_LIMITS, maxPages: 2 });

    expect(failureId(result)).toBe('document-limit');
    expect(result.success || result.error.message).toContain('3 pages');
  });

  it('fails with document-too-large past maxBytes', async () => {
    const result = await readPdf(fixture('chromium.pdf'), { ...DEFAULT_LIMITS, maxBytes: 1000 });

    expect(failureId(result)).toBe('document-too-large');
  });

  it('fails with document-limit past maxLines', async () => {
    const result = await readPdf(fixture('labels-first.pdf'), { ...DEFAULT_LIMITS, maxLines: 3 });

    expect(failureId(result)).toBe('document-limit');
  });

  it('stops with document-limit naming the time when reading takes too long', async () => {
    const result = await readPdf(fixture('seed-004.pdf'), { ...DEFAULT_LIMITS, timeoutMs: 1 });

    expect(failureId(result)).toBe('document-limit');
    expect(result.success || result.error.message).toContain('0.001 s');
  });

  it('reads 200 pages with their running lines removed', async () => {
    const bytes = await pdfkitBytes((doc) => {
      for (let p = 1; p <= 200; p++) {
        if (p > 1) doc.addPage();
        doc.fontSize(9).text('Loppuraportti 2023', 72, 30, { lineBreak: false });
        doc.fontSize(9).text(`Sivu ${p} / 200`, 480, 800, { lineBreak: false });
        for (let i = 0; i < 40; i++) {
          const text = `Rivi ${i}: hankkeen toteutus eteni suunnitelman mukaisesti.`;
          doc.fontSize(10).text(text, 72, 90 + i * 15, { lineBreak: false });
        }
      }
    });
    const before = process.memoryUsage().rss;

    const result = await readPdf(bytes, DEFAULT_LIMITS);

    expect(result.success && result.data.pages).toBe(200);
    expect(result.success && result.data.lines.length).toBe(200 * 40);
    expect(result.success && result.data.lines.some((l) => /Sivu|Loppuraportti/.test(l.text))).toBe(
      false,
    );
    expect(process.memoryUsage().rss - before).toBeLessThan(150 * 1024 * 1024);
  });
});

describe('readPdfLayout', () => {
  it('lists the pages that are images only and warns about them', async () => {
    const { result, textlessPages } = await readPdfLayout(
      fixture('scanned-page.pdf'),
      DEFAULT_LIMITS,
    );

    expect(textlessPages).toEqual([2]);
    expect(asGolden(result)).toBe(golden('scanned-page'));
    expect(result.success && result.data.checks.map((c) => [c.id, c.severity])).toEqual([
      ['no-text-layer', 'warning'],
    ]);
    expect(result.success && result.data.checks[0]?.message).toContain('Page(s) 2 ');
  });

  it('succeeds with no lines and an error check when no page has text', async () => {
    const { result, textlessPages } = await readPdfLayout(fixture('scan-only.pdf'), DEFAULT_LIMITS);

    expect(textlessPages).toEqual([1]);
    expect(result.success && result.data.lines).toEqual([]);
    expect(result.success && result.data.checks.map((c) => [c.id, c.severity])).toEqual([
      ['no-text-layer', 'error'],
    ]);
  });
});

describe('readPdf on a printed seed', () => {
  it('gives the extractor the same record as the seed text, wrapped values too', async () => {
    const seed = readFileSync(join(import.meta.dirname, '../../../seeds/004_c272ed91a4645a04.txt'));
    const expected = extractReport(new Uint8Array(seed), { key: 'seed' });

    const result = await readPdf(fixture('seed-004.pdf'), DEFAULT_LIMITS);
    const text = result.success ? result.data.lines.map((l) => l.text).join('\n') : '';
    const record = extractReport(new TextEncoder().encode(text), { key: 'seed' });

    expect(record.kind).toBe(expected.kind);
    expect(record.project?.code).toBe('A77892');
    expect(record.project).toEqual(expected.project);
    expect(record.funding).toEqual(expected.funding);
    expect(record.indicators).toEqual(expected.indicators);
    expect(record.horizontal).toEqual(expected.horizontal);
    expect(record.checks.map((c) => c.id)).toEqual(expected.checks.map((c) => c.id));
  });
});

describe('groupBaselines', () => {
  it('groups runs whose baselines differ by rounding and sorts each line by x', () => {
    const rows = groupBaselines([
      run('arvo', 200, 700.4),
      run('Nimi:', 72, 700),
      run('Toinen', 72, 686),
      run(' ', 150, 700),
    ]);

    expect(rows.map((r) => r.map((x) => x.text))).toEqual([['Nimi:', 'arvo'], ['Toinen']]);
  });

  it('starts a new line at a run printed over another a few points lower', () => {
    const rows = groupBaselines([
      run('Ab', 56, 523),
      run('Centria', 56, 520),
      run('Batterikemins', 152, 520),
    ]);

    expect(rows.map((r) => r.map((x) => x.text))).toEqual([['Ab'], ['Centria', 'Batterikemins']]);
  });
});

describe('classifyGap', () => {
  it('joins touching glyphs, spaces words and tabs a column gap', () => {
    const left = run('Hanke', 72, 700);
    const end = 72 + left.width;

    expect(classifyGap(left, run('koodi', end + 0.3, 700))).toBe('none');
    expect(classifyGap(left, run('koodi', end + 3, 700))).toBe('space');
    expect(classifyGap(left, run('A77892', end + 40, 700))).toBe('tab');
  });
});

describe('buildLine', () => {
  it('cuts a baseline into tab-joined cells and counts a fake-bold double once', () => {
    const built = buildLine([
      run('Hanke', 72, 700),
      run('Hanke', 72.3, 700),
      run('koodi:', 72 + 27.5 + 3, 700),
      run('A77892', 250, 700),
    ]);

    expect(built.segments.map((s) => s.text).join('\t')).toBe('Hanke koodi:\tA77892');
  });
});

describe('alignToStops', () => {
  const rows = (...lines: TextRun[][]) => buildLines(lines.flat());
  const texts = (lines: LayoutLine[]) =>
    alignToStops(lines).map((l) => l.segments.map((s) => s.text).join('\t'));

  it('tabs a run that starts at a column edge shared by three rows, though its gap reads as a space', () => {
    const table = (x: number) =>
      rows(
        [run('Karleby stad', 56, 700), run('Hamnens data', x, 700), run('72 000', 300, 700)],
        [run('Kronoby', 56, 686), run('Flygfältets', 128, 686), run('28 800', 300, 686)],
        [run('Pedersöre', 56, 672), run('Bygdens', 128, 672), run('43 400', 300, 672)],
        [run('Nykarleby', 56, 658), run('Kulturarv', 128, 658), run('42 000', 300, 658)],
      );

    expect(texts(table(128))[0]).toBe('Karleby stad\tHamnens data\t72 000');
    expect(texts(table(125))[0]).toBe('Karleby stad Hamnens data\t72 000');
  });

  it('cuts a run where a capital after a word or after a space starts at a stop', () => {
    const merged = (text: string, y: number) => ({ ...run(text, 56, y), width: text.length * 5.5 });
    const lines = rows(
      [merged('Tampereen kaupunkiPurkumateriaalit', 700)],
      [merged('Jyväskylän kaupunki Ravinteet', 686)],
      [run('Turun kaupunki', 56, 672), run('Biokaasu', 166, 672)],
      [run('Lahden kaupunki', 56, 658), run('Tekstiilit', 166, 658)],
      [run('Vaasan kaupunki', 56, 644), run('Satama', 166, 644)],
    );

    expect(texts(lines).slice(0, 2)).toEqual([
      'Tampereen kaupunki\tPurkumateriaalit',
      'Jyväskylän kaupunki\tRavinteet',
    ]);
  });

  it('leaves a word in lower case, and prose rows away from the table, whole', () => {
    const lines = rows(
      [{ ...run('Tampereen kaupunki purkumateriaalit', 56, 700), width: 35 * 5.5 }],
      [run('Turun kaupunki', 56, 686), run('Biokaasu', 166, 686)],
      [run('Lahden kaupunki', 56, 672), run('Tekstiilit', 166, 672)],
      [run('Vaasan kaupunki', 56, 658), run('Satama', 166, 658)],
      [run('Kuopion', 56, 644)],
      [run('Porvoon', 56, 630)],
      [{ ...run('Hankkeet alkavat vuonna Kunnat rahoittavat', 56, 616), width: 42 * 5.5 }],
    );

    expect(texts(lines)[0]).toBe('Tampereen kaupunki purkumateriaalit');
    expect(texts(lines)[6]).toBe('Hankkeet alkavat vuonna Kunnat rahoittavat');
  });
});

describe('isPageNumber', () => {
  it.each(['3', '- 3 -', 'Page 3 of 9', 'Sivu 3 / 9', 'Sida 3 (9)', '3/9', 'sivu 12'])(
    'takes %s',
    (text) => expect(isPageNumber(text)).toBe(true),
  );
  it.each(['1 Hanke', 'Suunniteltu: 0', '2021-2023', 'Page one'])('leaves %s', (text) =>
    expect(isPageNumber(text)).toBe(false),
  );
});

describe('removeFurniture', () => {
  const page = (n: number, body: string) => ({
    width: 595,
    height: 842,
    lines: [
      line(810, ['Raportti 2023', 72]),
      line(700, [body, 72]),
      line(30, ['Luottamuksellinen', 72], [`Sivu ${n} (3)`, 480]),
    ],
  });

  it('drops running headers, footers with page numbers, and nothing of the body', () => {
    const pages = removeFurniture([page(1, 'Yksi'), page(2, 'Kaksi'), page(3, 'Kolme')]);

    expect(pages.map((p) => p.lines.map((l) => l.segments[0]?.text))).toEqual([
      ['Yksi'],
      ['Kaksi'],
      ['Kolme'],
    ]);
  });

  it('keeps a line near the edge whose numbers do not count the pages', () => {
    const numbered = (value: string) => ({
      width: 595,
      height: 842,
      lines: [line(60, [`Suunniteltu: ${value}`, 72])],
    });

    const pages = removeFurniture([numbered('7'), numbered('0'), numbered('12')]);

    expect(pages.flatMap((p) => p.lines).length).toBe(3);
  });

  it('drops a lone page number on a one-page document', () => {
    const pages = removeFurniture([
      { width: 595, height: 842, lines: [line(700, ['Teksti', 72]), line(40, ['- 1 -', 290])] },
    ]);

    expect(pages[0]?.lines.map((l) => l.segments[0]?.text)).toEqual(['Teksti']);
  });
});

describe('findGutter and isColumnGutter', () => {
  const prose = [
    line(700, ['Hanke kehittää alueen yritysten', 72], ['Hankkeen tuloksena syntyy uusi', 310]),
    line(686, ['digitaalisia taitoja ja tarjoaa', 72], ['toimintamalli jota muut alueet', 310]),
    line(672, ['valmennusta pienille yrityksille', 72], ['voivat hyödyntää omassa työssä', 310]),
  ];
  const table = [
    line(700, ['Hankekoodi:', 72], ['A77892', 310]),
    line(686, ['Hankkeen nimi:', 72], ['Digikeskus', 310]),
    line(672, ['Toteutusaika:', 72], ['1.9.2021 - 31.8.2023', 310]),
  ];

  it('reads prose on both sides of a narrow gutter as columns', () => {
    const gutter = findGutter(prose);

    expect(gutter && Math.round(gutter.x1)).toBe(310);
    expect(gutter && isColumnGutter(prose, gutter)).toBe(true);
  });

  it('keeps label and value cells together as a table', () => {
    const gutter = findGutter(table);

    expect(gutter).toBeDefined();
    expect(gutter && isColumnGutter(table, gutter)).toBe(false);
  });

  it('keeps a table of names and titles together though its cells hold several words', () => {
    const awards = [
      line(700, ['Replotbygdens hembygdsförening r.f.', 72], ['Restaurering av båthuset', 310]),
      line(686, ['Korsholms musikinstitut i Vasa', 72], ['Sommarkurs i folkmusik för unga', 310]),
      line(672, ['Teaterföreningen Fyren r.f.', 72], ['Sommarteater på Bergö 2024', 310]),
    ];
    const gutter = findGutter(awards);

    expect(gutter && isColumnGutter(awards, gutter)).toBe(false);
  });

  it('finds no gutter when a line crosses the page', () => {
    expect(findGutter([...prose, line(650, ['x'.repeat(80), 72])])).toBeUndefined();
  });
});

describe('hyphenJoin', () => {
  it.each([
    ['rahoitus-', 'ohjelma alkaa', 'drop-hyphen'],
    ['myös EU-', 'rahoitusta', 'keep-hyphen'],
    ['Keski-', 'Suomen kunnat', 'keep-hyphen'],
    ['1.9.2021-', '31.8.2023', 'keep-hyphen'],
    ['1.8.2019–', '31.7.2022 projektet', 'keep-hyphen'],
    ['kone-', 'ja rakennustekniikan', undefined],
    ['tulos -', 'jatkuu', undefined],
    ['rahoitus', 'ohjelma', undefined],
  ])('joins %s + %s as %s', (end, next, expected) => {
    expect(hyphenJoin(end, next)).toBe(expected);
  });
});

describe('lineSpacing', () => {
  it('takes the most frequent distance between baselines', () => {
    const lines = [700, 686, 672, 658, 630, 616].map((y) => line(y, ['teksti', 72]));

    expect(lineSpacing([lines])).toBe(14);
  });
});

describe('blockText', () => {
  const at = (y: number, size: number, ...segments: Array<[string, number, number]>) => ({
    y,
    size,
    segments: segments.map(([text, x0, x1]) => ({ text, x0, x1 })),
  });

  it('joins a line that runs to the margin with the line wrapped under it', () => {
    const block = [
      at(700, 10, ['Erityistavoite: 12.2. Tutkimus- ja innovaatiotoiminnan kehittäminen', 57, 520]),
      at(686.5, 10, ['erityisesti digitalisaation näkökulmasta', 57, 300]),
      at(673, 10, ['Toiminnan tila: Toiminta päättynyt', 57, 240]),
    ];

    expect(blockText(block, 13.5)).toEqual([
      'Erityistavoite: 12.2. Tutkimus- ja innovaatiotoiminnan kehittäminen erityisesti digitalisaation näkökulmasta',
      'Toiminnan tila: Toiminta päättynyt',
    ]);
  });

  it('keeps a short line, a new label and a wide gap apart', () => {
    const prose = 'sana '.repeat(12).trim();
    const block = [
      at(700, 10, ['Hankekoodi: A77892', 57, 160]),
      at(686.5, 10, ['seuraava rivi', 57, 120]),
      at(673, 10, [prose, 57, 520]),
      at(659.5, 10, ['Vastuuviranomainen: Pirkanmaan liitto', 57, 250]),
      at(646, 10, [prose, 57, 520]),
      at(620, 10, ['lowercase after a wide gap', 57, 200]),
    ];

    expect(blockText(block, 13.5)).toEqual([
      'Hankekoodi: A77892',
      'seuraava rivi',
      prose,
      'Vastuuviranomainen: Pirkanmaan liitto',
      prose,
      '',
      'lowercase after a wide gap',
    ]);
  });

  it('appends text wrapped inside a cell to that cell of the row above', () => {
    const block = [
      at(
        700,
        9.5,
        ['Suunnitelman mukainen', 56, 186],
        ['Alkaa 1.9.2021 ja päättyy 31.8.2023', 236, 410],
      ),
      at(687, 9.5, ['toteutusaika:', 56, 128]),
      at(670, 9.5, ['Hankkeen yhteyshenkilön nimi:', 56, 225], ['Honkanen Tiina', 236, 320]),
      at(653, 9.5, ['Toiminnan tila:', 56, 135], ['Toiminta päättynyt', 236, 325]),
    ];

    expect(blockText(block, 13)).toEqual([
      'Suunnitelman mukainen toteutusaika:\tAlkaa 1.9.2021 ja päättyy 31.8.2023',
      'Hankkeen yhteyshenkilön nimi:\tHonkanen Tiina',
      'Toiminnan tila:\tToiminta päättynyt',
    ]);
  });

  it('reads the next table row as a row of its own, not as wrapped cells', () => {
    const block = [
      at(
        700,
        10,
        ['Rovaniemen', 62, 124],
        ['Arktinen kiertotalous', 176, 393],
        ['233 000 €', 432, 483],
      ),
      at(686.5, 10, ['kaupunki', 62, 108]),
      at(
        673,
        10,
        ['Kuopion kaupunki', 62, 151],
        ['Purkukartoitukset', 176, 354],
        ['189 250 €', 432, 483],
      ),
    ];

    expect(blockText(block, 13.5)).toEqual([
      'Rovaniemen kaupunki\tArktinen kiertotalous\t233 000 €',
      'Kuopion kaupunki\tPurkukartoitukset\t189 250 €',
    ]);
  });
});

describe('blockText headings', () => {
  const at = (y: number, size: number, text: string) => ({
    y,
    size,
    segments: [{ text, x0: 57, x1: 57 + text.length * 0.5 * size }],
  });

  it('joins a heading set larger than the body text that wraps onto a second line', () => {
    const block = [
      at(700, 15, 'Employment pathways for immigrant women in South'),
      at(680, 15, 'Savo'),
      at(660, 10, 'Immigrant women in South Savo are employed less often.'),
      at(646, 10, 'The project builds pathways.'),
    ];

    expect(blockText(block, 14, undefined, bodySize([block]))[0]).toBe(
      'Employment pathways for immigrant women in South Savo',
    );
  });

  it('keeps body-size lines, a heading ending in a colon and a numbered heading apart', () => {
    const block = [
      at(700, 15, 'Tavoitteet:'),
      at(680, 15, 'Uusi malli'),
      at(660, 15, '7 Seuranta'),
      at(640, 15, '7.2 Uudet yritykset'),
      at(620, 10, 'Lyhyt rivi'),
      at(606, 10, 'toinen lyhyt rivi'),
      at(592, 10, 'kolmas lyhyt rivi, pidempi kuin muut'),
    ];

    expect(blockText(block, 14, undefined, 10)).toEqual([
      'Tavoitteet:',
      'Uusi malli',
      '7 Seuranta',
      '7.2 Uudet yritykset',
      'Lyhyt rivi',
      'toinen lyhyt rivi',
      'kolmas lyhyt rivi, pidempi kuin muut',
    ]);
  });
});

describe('blockText tables', () => {
  const at = (y: number, ...segments: Array<[string, number, number]>) => ({
    y,
    size: 9,
    segments: segments.map(([text, x0, x1]) => ({ text, x0, x1 })),
  });

  it('wraps a cell at its table column width and reads a row printed a few points lower apart', () => {
    const block = [
      at(548, ['Jakobstads', 56, 111], ['Generationsskifte i', 153, 237], ['60.000,00', 249, 295]),
      at(535.5, ['Företagscenter', 56, 133], ['småföretag', 153, 204]),
      at(523, ['Ab', 56, 69]),
      at(520, ['Centria', 56, 93], ['Batterikemins', 153, 215], ['90.000,00', 249, 295]),
      at(504.5, ['Kronoby kommun', 56, 145], ['Flygfältets', 153, 200], ['28.800,00', 249, 295]),
      at(
        489,
        ['Kust-Österbottens', 56, 123],
        ['Rekryteringsbron', 153, 230],
        ['53.800,00', 249, 295],
      ),
      at(476.5, ['Företagare rf', 56, 123]),
      at(473.5, ['Totalt', 56, 85], ['390.000,00', 249, 300]),
    ];

    expect(blockText(block, 15.5)).toEqual([
      'Jakobstads Företagscenter Ab\tGenerationsskifte i småföretag\t60.000,00',
      'Centria\tBatterikemins\t90.000,00',
      'Kronoby kommun\tFlygfältets\t28.800,00',
      'Kust-Österbottens Företagare rf\tRekryteringsbron\t53.800,00',
      'Totalt\t390.000,00',
    ]);
  });
});

describe('startsItem', () => {
  it.each(['Hankekoodi: A1', '7.2 Uusien yritysten määrä', '1. Digikeskus', '• kohta', '– kohta'])(
    'takes %s',
    (text) => expect(startsItem(text)).toBe(true),
  );
  it.each(['edistämisen ja yhteiskunnan', '31.8.2023 asti', '336 123 euroa', 'toteutusaika:'])(
    'leaves %s',
    (text) => expect(startsItem(text)).toBe(false),
  );
});

describe('flateExceeds', () => {
  const withStream = (data: Uint8Array) =>
    new Uint8Array(
      Buffer.concat([
        Buffer.from('%PDF-1.7\n4 0 obj\n<< /Length 9 /Filter /FlateDecode >>\nstream\n', 'latin1'),
        Buffer.from(data),
        Buffer.from('\nendstream\nendobj\n', 'latin1'),
      ]),
    );

  it('tells a stream that inflates past the budget from one within it', () => {
    const bytes = withStream(deflateSync(Buffer.alloc(1_000_000)));

    expect(flateExceeds(bytes, 999_999)).toBe(true);
    expect(flateExceeds(bytes, 1_000_000)).toBe(false);
  });

  it('leaves a stream that does not inflate for PDF.js to judge', () => {
    expect(flateExceeds(withStream(new Uint8Array([1, 2, 3, 4])), 10)).toBe(false);
  });

  it('fails a PDF with document-limit when its streams inflate past maxUnzippedBytes', async () => {
    const result = await readPdf(fixture('seed-004.pdf'), {
      ...DEFAULT_LIMITS,
      maxUnzippedBytes: 1000,
    });

    expect(failureId(result)).toBe('document-limit');
    expect(result.success || result.error.message).toContain('inflate past 1000 bytes');
  });
});

describe('resolveBrokenWords', () => {
  it('keeps the hyphen of a word the document writes with it, and joins the others', () => {
    const texts = resolveBrokenWords([
      'the wellbeing of staff and their well\u00adbeing at work',
      'a rahoitus\u00adohjelma and the well-being programme',
    ]);

    expect(texts).toEqual([
      'the wellbeing of staff and their well-being at work',
      'a rahoitusohjelma and the well-being programme',
    ]);
  });
});
