import { afterAll, describe, expect, it } from 'vitest';
import { loadFonts } from '../../shared/rendering/fonts.ts';
import { renderFinalReport } from '../../shared/rendering/render-report.ts';
import type { Language } from '../../shared/schemas/report-record.ts';
import { extractFile, seedPath } from '../helpers/fixtures.ts';
import {
  firstAttachment,
  pdfFonts,
  pdfInfo,
  pdfText,
  qpdfCheck,
  scratch,
} from '../helpers/pdf-tools.ts';

const AT = new Date('2026-01-05T10:00:00Z');
const fonts = loadFonts();
const work = scratch('epm-pdf-');

afterAll(() => work.drop());

const STANDARD_14 = /Helvetica|Times|Courier|Symbol|ZapfDingbats/;

/** Each seed in its default language with the figures its PDF must print, as pdftotext reads them. */
const CASES: Array<{
  seed: string;
  language: Language;
  title: string;
  pages?: number;
  figures: string[];
}> = [
  {
    seed: '000_',
    language: 'en',
    title: 'Summary: People-centred Digital Municipality (IDK)',
    pages: 2,
    figures: [
      'The economy of Finland and the world',
      '€1,532,910',
      '€350,000',
      '22.83%',
      '1 January 2020 – 31 December 2022',
      'not stated',
    ],
  },
  {
    seed: '001_',
    language: 'fi',
    title:
      'Tiivistelmä: NPA-alueiden julkisen sektorin digitaalisten innovaatiokyvykkyyksien rakentaminen',
    pages: 2,
    figures: [
      '16 250 €',
      '18.12.2021–30.6.2022',
      'päättynyt',
      'ei ilmoitettu',
      'Tiivistelmä',
      'NPA-alueen (Northern Periphery and Arctic)',
    ],
  },
  {
    seed: '002_',
    language: 'sv',
    title: 'Ansökningsomgång: ansökningstiden går ut 15.9.2017 kl. 16.15 (Europe/Helsinki)',
    pages: 1,
    figures: ['15.9.2017 kl. 16.15 (Europe/Helsinki)', '70 %'],
  },
  {
    seed: '003_',
    language: 'sv',
    title: 'Finansieringsbeslut: 24 understöd, sammanlagt 8 620 000 euro',
    figures: ['8 620 000 euro', '8 623 231 euro', '-3 231 euro', '1 210 000 euro', '49'],
  },
  {
    seed: '004_',
    language: 'fi',
    title: 'Loppuraportti: Digikeskus (A77892)',
    figures: [
      '336 123 €',
      '319 949 €',
      '420 153 €',
      '399 936 €',
      '95,2 %',
      '3,7',
      '1,6',
      '0208573-0',
      'ei ilmoitettu',
      'Luotu 5.1.2026 klo 12.00 (Europe/Helsinki)',
      'Viitasaaren kaupungin 1.9.2021-31.8.2023 hallinnoimassa',
      'Toteutunut luku on ilmoitettu ilman suunniteltua tavoitetta',
    ],
  },
  {
    seed: '004_',
    language: 'sv',
    title: 'Slutrapport: Digikeskus (A77892)',
    figures: [
      '336 123 euro',
      '95,2 %',
      '3,7',
      'inte angivet',
      'Skapad 5.1.2026 kl. 12.00 (Europe/Helsinki)',
      'Sammanfattning',
      'Ett utfall anges utan ett planerat mål',
    ],
  },
  {
    seed: '004_',
    language: 'en',
    title: 'Final report: Digikeskus (A77892)',
    figures: [
      '€336,123',
      '€319,949',
      '95.2%',
      '3.7',
      'not stated',
      'Generated 5 January 2026, 12:00 (Europe/Helsinki)',
      'A realised figure is stated without a planned target',
    ],
  },
];

describe.each(CASES)('the final report of seed $seed in $language', (c) => {
  const record = extractFile(seedPath(c.seed));
  const render = () => renderFinalReport(record, { language: c.language, generatedAt: AT, fonts });
  let path = '';

  it('prints the stored figures in the locale, and every page as "n / N"', async () => {
    path = work.write(`${c.seed}${c.language}.pdf`, await render());

    const text = pdfText(path);

    for (const figure of c.figures) expect(text).toContain(figure);
    const pages = Number(pdfInfo(path).Pages);
    if (c.pages) expect(pages).toBe(c.pages);
    // pdftotext -layout closes up the thin spaces around the slash.
    for (let n = 1; n <= pages; n++) expect(text).toMatch(new RegExp(`\\b${n} ?/ ?${pages}\\b`));
    if (record.project?.code) expect(text).toContain(record.project.code);
  });

  it('passes qpdf --check', () => {
    const check = qpdfCheck(path);

    expect(check.status).toBe(0);
    expect(check.output).toContain('No syntax or stream encoding errors');
  });

  it('embeds every font, none of them a standard one', () => {
    const listed = pdfFonts(path);

    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((f) => f.embedded && f.type === 'CID TrueType')).toBe(true);
    expect(listed.map((f) => f.name).join(' ')).not.toMatch(STANDARD_14);
  });

  it('is tagged, titled, A4 and carries XMP metadata', () => {
    const info = pdfInfo(path);

    // Amounts in the title keep their no-break spaces.
    expect({ ...info, Title: info.Title?.replaceAll('\u00a0', ' ') }).toMatchObject({
      Tagged: 'yes',
      Title: c.title,
      'Metadata Stream': 'yes',
      'PDF version': '1.7',
      'Page size': '595.28 x 841.89 pts (A4)',
    });
  });

  it('carries the record as an attachment that equals it', () => {
    expect(JSON.parse(firstAttachment(path, work.dir).toString('utf8'))).toEqual(record);
  });

  it('renders the same bytes again for the same clock', async () => {
    expect((await render()).equals(await render())).toBe(true);
  });
});
