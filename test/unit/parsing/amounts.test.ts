import { describe, expect, it } from 'vitest';
import { findAmounts, parseAmount, phrasePattern } from '../../../shared/parsing/amounts.ts';
import { extractReport } from '../../../shared/parsing/extract.ts';
import { AMOUNT_WORDS_EN } from '../../../shared/parsing/vocabulary/amounts-en.ts';
import { AMOUNT_WORDS_FI } from '../../../shared/parsing/vocabulary/amounts-fi.ts';
import { AMOUNT_WORDS_SV } from '../../../shared/parsing/vocabulary/amounts-sv.ts';
import { AMOUNT_WORD_KEYS } from '../../../shared/parsing/vocabulary/amounts-symbols.ts';
import type { Language } from '../../../shared/schemas/report-record.ts';

const NBSP = '\u00a0';
const NNBSP = '\u202f';

interface Row {
  text: string;
  language: Language;
  value: number;
  code?: string;
  approximate?: 'approximately' | 'more-than' | 'less-than';
  max?: number;
}

const row = (
  text: string,
  language: Language,
  value: number,
  extra: Omit<Row, 'text' | 'language' | 'value'> = {},
): Row => ({ text, language, value, ...extra });

const EUR = { code: 'EUR' };

const WRITTEN: Row[] = [
  // Separators and decimals.
  row('1 234 567,89 €', 'fi', 1234567.89, EUR),
  row(`1${NBSP}234${NBSP}567,89 euroa`, 'fi', 1234567.89, EUR),
  row(`1${NNBSP}234${NNBSP}567,89 euro`, 'sv', 1234567.89, EUR),
  row('1.234.567,89 €', 'fi', 1234567.89, EUR),
  row('€1,234,567.89', 'en', 1234567.89, EUR),
  row("CHF 1'234'567.50", 'en', 1234567.5, { code: 'CHF' }),
  row('EUR 3.5', 'en', 3.5, EUR),
  // Cents have two digits: a dot before three groups thousands, in English text too.
  row('€ 601.840', 'en', 601840, EUR),
  row('EUR 12.50', 'en', 12.5, EUR),
  row('1.500 €', 'fi', 1500, EUR),
  row('1,500 €', 'en', 1500, EUR),
  row('1,5 €', 'fi', 1.5, EUR),
  row('48 000 e', 'fi', 48000, EUR),
  row('EUR 720,000', 'en', 720000, EUR),
  row('€ 12 500', 'fi', 12500, EUR),
  row('12 500,00 EUR', 'sv', 12500, EUR),
  row('250 000 euros', 'en', 250000, EUR),
  row('250 000 euron', 'fi', 250000, EUR),
  // Scales.
  row('€3.5M', 'en', 3500000, EUR),
  row('3,5 M€', 'fi', 3500000, EUR),
  row('7,4 miljoner euro', 'sv', 7400000, EUR),
  row('1,2 MEUR', 'fi', 1200000, EUR),
  row('1.2 mEUR', 'en', 1200000, EUR),
  row('650 k€', 'fi', 650000, EUR),
  row('650k€', 'en', 650000, EUR),
  row('650 t€', 'fi', 650000, EUR),
  row('EUR 2.1 million', 'en', 2100000, EUR),
  row('2,1 miljoonaa euroa', 'fi', 2100000, EUR),
  row('1,2 milj. €', 'fi', 1200000, EUR),
  row('1,2 milj. euroa', 'fi', 1200000, EUR),
  row('3,2 Me', 'fi', 3200000, EUR),
  row('2 miljoonan euron', 'fi', 2000000, EUR),
  row('1 miljoona euroa', 'fi', 1000000, EUR),
  row('1 miljon euro', 'sv', 1000000, EUR),
  row('8,62 miljoner euro', 'sv', 8620000, EUR),
  row('2.5 millions EUR', 'en', 2500000, EUR),
  row('€4.2 mn', 'en', 4200000, EUR),
  row('EUR 4.2 bn', 'en', 4200000000, EUR),
  row('1,2 miljardia euroa', 'fi', 1200000000, EUR),
  row('3 miljarder euro', 'sv', 3000000000, EUR),
  row('€1.1 billion', 'en', 1100000000, EUR),
  row('2 mrd €', 'fi', 2000000000, EUR),
  row('500 tuhatta euroa', 'fi', 500000, EUR),
  row('500 tusen euro', 'sv', 500000, EUR),
  row('500 thousand euros', 'en', 500000, EUR),
  row('€250k', 'en', 250000, EUR),
  row('250 TEUR', 'fi', 250000, EUR),
  row('2.5 million', 'en', 2500000),
  row('3 MILJOONAA EUROA', 'fi', 3000000, EUR),
  // Numbers in words.
  row('kaksi miljoonaa euroa', 'fi', 2000000, EUR),
  row('kahden miljoonan euron', 'fi', 2000000, EUR),
  row('puoli miljoonaa', 'fi', 500000),
  row('puoli miljoonaa euroa', 'fi', 500000, EUR),
  row('puolitoista miljoonaa euroa', 'fi', 1500000, EUR),
  row('kymmenen miljoonaa euroa', 'fi', 10000000, EUR),
  row('kaksikymmentäviisi miljoonaa euroa', 'fi', 25000000, EUR),
  row('viisitoista tuhatta euroa', 'fi', 15000, EUR),
  row('två miljoner kronor', 'sv', 2000000, { code: 'SEK' }),
  row('en halv miljon euro', 'sv', 500000, EUR),
  row('tjugofem miljoner euro', 'sv', 25000000, EUR),
  row('tre miljarder euro', 'sv', 3000000000, EUR),
  row('two million euros', 'en', 2000000, EUR),
  row('half a million euros', 'en', 500000, EUR),
  row('twenty-five million euros', 'en', 25000000, EUR),
  row('a million euros', 'en', 1000000, EUR),
  row('twelve thousand euros', 'en', 12000, EUR),
  row('seventy million', 'en', 70000000),
  // Approximate.
  row('noin 1,2 milj. €', 'fi', 1200000, { ...EUR, approximate: 'approximately' }),
  row('n. 500 000 euroa', 'fi', 500000, { ...EUR, approximate: 'approximately' }),
  row('ca 300 000 euro', 'sv', 300000, { ...EUR, approximate: 'approximately' }),
  row('cirka 2 miljoner euro', 'sv', 2000000, { ...EUR, approximate: 'approximately' }),
  row('about €3.5M', 'en', 3500000, { ...EUR, approximate: 'approximately' }),
  row('around EUR 2 million', 'en', 2000000, { ...EUR, approximate: 'approximately' }),
  row('approximately 450,000 euros', 'en', 450000, { ...EUR, approximate: 'approximately' }),
  row('roughly €900,000', 'en', 900000, { ...EUR, approximate: 'approximately' }),
  row('yli 2 miljoonaa euroa', 'fi', 2000000, { ...EUR, approximate: 'more-than' }),
  row('över 7 miljoner euro', 'sv', 7000000, { ...EUR, approximate: 'more-than' }),
  row('over €1M', 'en', 1000000, { ...EUR, approximate: 'more-than' }),
  row('more than 200 000 euros', 'en', 200000, { ...EUR, approximate: 'more-than' }),
  row('alle 50 000 euroa', 'fi', 50000, { ...EUR, approximate: 'less-than' }),
  row('under 100 000 euro', 'sv', 100000, { ...EUR, approximate: 'less-than' }),
  row('less than €75,000', 'en', 75000, { ...EUR, approximate: 'less-than' }),
  row('noin kaksi miljoonaa euroa', 'fi', 2000000, { ...EUR, approximate: 'approximately' }),
  // Ranges.
  row('1–2 milj. €', 'fi', 1000000, { ...EUR, max: 2000000 }),
  row('50 000–200 000 euroa', 'fi', 50000, { ...EUR, max: 200000 }),
  row('50 000 – 200 000 €', 'fi', 50000, { ...EUR, max: 200000 }),
  row('between 50,000 and 200,000 euros', 'en', 50000, { ...EUR, max: 200000 }),
  row('mellan 1 och 3 miljoner euro', 'sv', 1000000, { ...EUR, max: 3000000 }),
  row('€50,000 – €200,000', 'en', 50000, { ...EUR, max: 200000 }),
  row('from 2 to 5 million euros', 'en', 2000000, { ...EUR, max: 5000000 }),
  // Other currencies.
  row('7,4 miljoner kronor', 'sv', 7400000, { code: 'SEK' }),
  row('95 000 kr', 'sv', 95000, { code: 'SEK' }),
  row('SEK 150,000', 'en', 150000, { code: 'SEK' }),
  row('21,6 mkr', 'sv', 21600000, { code: 'SEK' }),
  row('500 000 kruunua', 'fi', 500000, { code: 'SEK' }),
  row('NOK 2 million', 'en', 2000000, { code: 'NOK' }),
  row('DKK 2.54 million', 'en', 2540000, { code: 'DKK' }),
  row('PLN 2,018,000.00', 'en', 2018000, { code: 'PLN' }),
  row('50 000 zł', 'en', 50000, { code: 'PLN' }),
  row('120 000 złotych', 'en', 120000, { code: 'PLN' }),
  row('CZK 113.2 million', 'en', 113200000, { code: 'CZK' }),
  row('2 500 000 Kč', 'en', 2500000, { code: 'CZK' }),
  row('40 000 korun', 'en', 40000, { code: 'CZK' }),
  row('3 000 000 Ft', 'en', 3000000, { code: 'HUF' }),
  row('HUF 3 million', 'en', 3000000, { code: 'HUF' }),
  row('£4,000', 'en', 4000, { code: 'GBP' }),
  row('GBP 1.2m', 'en', 1200000, { code: 'GBP' }),
  row('$2.5M', 'en', 2500000, { code: 'USD' }),
  row('USD 400,000', 'en', 400000, { code: 'USD' }),
  row('CHF 80 000', 'en', 80000, { code: 'CHF' }),
  row('250 000 lei', 'en', 250000, { code: 'RON' }),
  row('RON 1.5 million', 'en', 1500000, { code: 'RON' }),
  row('90 000 лв', 'en', 90000, { code: 'BGN' }),
  row('BGN 90,000', 'en', 90000, { code: 'BGN' }),
];

describe('findAmounts', () => {
  it.each(WRITTEN)(
    'reads $text ($language) as $value',
    ({ text, language, value, code, approximate, max }) => {
      const found = findAmounts(`Budjetti: ${text}.`, language);

      expect(found).toHaveLength(1);
      expect(found[0]?.value).toBe(value);
      expect(found[0]?.currencyCode).toBe(code);
      expect(found[0]?.currency).toBe(code === 'EUR');
      expect(found[0]?.foreign).toBe(code !== undefined && code !== 'EUR' ? true : undefined);
      expect(found[0]?.approximate).toBe(approximate);
      expect(found[0]?.max).toBe(max);
    },
  );

  it.each([
    ['5 m', 'en', 5],
    ['36 M', 'en', 36],
    ['5 milestones', 'en', 5],
    ['3 miljöer', 'sv', 3],
    ['10 metrics', 'en', 10],
  ] as const)('takes no scale from %j', (text, language, value) => {
    const [amount] = findAmounts(text, language);

    expect(amount).toMatchObject({ value, factor: 1, currency: false });
  });

  it.each([
    ['2014–2020', 'fi', [2014, 2020]],
    ['Kylätalo 2019 – 12 500 €', 'fi', [2019, 12500]],
    ['a thousand participants', 'en', []],
    ['two projects and 5 000 €', 'en', [5000]],
    ['100 € ja 200 €', 'fi', [100, 200]],
  ] as const)('reads no range or word sum in %j', (text, language, values) => {
    expect(findAmounts(text, language).map((a) => a.value)).toEqual(values);
  });
});

describe('parseAmount', () => {
  it.each([
    ['1–2 milj. €', 'fi'],
    ['7,4 miljoner kronor', 'sv'],
    ['£4,000', 'en'],
  ] as const)('gives no single euro figure for %j', (text, language) => {
    expect(parseAmount(text, language)).toBeUndefined();
  });
});

describe('amount vocabulary', () => {
  it.each([
    ['fi', AMOUNT_WORDS_FI],
    ['sv', AMOUNT_WORDS_SV],
    ['en', AMOUNT_WORDS_EN],
  ] as const)('%s lists exactly the shared concepts', (_, words) => {
    expect(Object.keys(words).sort()).toEqual([...AMOUNT_WORD_KEYS].sort());
  });

  it('builds alternations longest first, with lookarounds for words', () => {
    const pattern = new RegExp(`^(?:${phrasePattern(['milj', 'milj.', 'miljoonaa', '€'])})`, 'u');

    expect(pattern.exec('miljoonaa euroa')?.[0]).toBe('miljoonaa');
    expect(pattern.exec('milj. €')?.[0]).toBe('milj.');
    expect(pattern.exec('miljö')).toBeNull();
  });
});

function record(text: string) {
  return extractReport(new TextEncoder().encode(text), { key: 'page.txt' });
}

const page = (title: string, budget: string, programme: string) =>
  [
    title,
    '',
    'Project information',
    `Programme: ${programme}`,
    'Fund: European Regional Development Fund',
    'Start date: 01/03/2021',
    'End date: 31/12/2023',
    `Total budget: ${budget}`,
    'Country: Sweden',
    '',
    'Summary',
    'The project develops new services for small companies in the region and trains staff in digital tools, with partners from the municipalities and the regional university.',
  ].join('\n');

describe('extractReport with sums in other currencies', () => {
  it('reads a euro budget with a scale: €3.5M is 3 500 000', () => {
    const r = record(page('Digital Bothnia', '€3.5M', 'Interreg Aurora'));

    expect(r.funding?.totalBudget).toBe(3500000);
    expect(r.checks.map((c) => c.id)).not.toContain('non-euro-amount');
  });

  it.each([
    ['7,4 miljoner kronor', 'SEK'],
    ['SEK 21.6 million', 'SEK'],
    ['21,6 mkr', 'SEK'],
    ['NOK 2 million', 'NOK'],
    ['DKK 2.54 million', 'DKK'],
    ['PLN 2,018,000.00', 'PLN'],
    ['CZK 113.2 million', 'CZK'],
    ['3 000 000 Ft', 'HUF'],
    ['£4,000,000', 'GBP'],
    ['$2.5M', 'USD'],
    ['CHF 800,000', 'CHF'],
    ['RON 1.5 million', 'RON'],
  ])('leaves out a budget of %s and names %s in an info check', (budget, code) => {
    const r = record(page('Digital Bothnia', budget, 'Interreg Aurora'));

    expect(r.funding?.totalBudget).toBeUndefined();
    const check = r.checks.find((c) => c.id === 'non-euro-amount');
    expect(check?.severity).toBe('info');
    expect(check?.fields).toEqual(['funding.totalBudget']);
    expect(check?.message).toContain(code);
    expect(check?.message).toContain('line 8');
  });
});
