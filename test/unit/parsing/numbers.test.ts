import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findAmounts, parseAmount } from '../../../shared/parsing/amounts.ts';
import {
  findNumbers,
  findPercents,
  parseNumber,
  parsePercent,
} from '../../../shared/parsing/numbers.ts';
import type { Language } from '../../../shared/schemas/report-record.ts';

const NBSP = '\u00a0';
const NNBSP = '\u202f';

describe('parseNumber', () => {
  it.each<[string, Language | undefined, number]>([
    ['1 532 910,00', 'fi', 1532910],
    ['1.532.910,00', 'fi', 1532910],
    ['334,920.00', 'en', 334920],
    ['336 123', undefined, 336123],
    ['3.70', 'en', 3.7],
    ['3.70', undefined, 3.7],
    ['22,83', 'fi', 22.83],
    ['70,55', 'sv', 70.55],
    [`1${NBSP}234${NBSP}567,89`, 'fi', 1234567.89],
    [`1${NNBSP}234${NNBSP}567,89`, 'sv', 1234567.89],
    ["1'234'567.50", 'en', 1234567.5],
    ['1,234,567', 'en', 1234567],
    ['1.234.567', 'fi', 1234567],
    ['-1 234,50', 'fi', -1234.5],
    ['−1 234,50', 'fi', -1234.5],
    ['–42', undefined, -42],
    ['  17  ', undefined, 17],
    ['0,500', 'fi', 0.5],
    ['0.500', 'fi', 0.5],
  ])('reads %j (language %s) as %d', (raw, language, expected) => {
    expect(parseNumber(raw, language)).toBe(expected);
  });

  it.each<[string, Language | undefined, number]>([
    ['1,234', 'en', 1234],
    ['1,234', 'fi', 1.234],
    ['1,234', 'sv', 1.234],
    ['1,234', undefined, 1.234],
    ['1.234', 'fi', 1234],
    ['1.234', 'sv', 1234],
    ['1.234', 'en', 1.234],
    ['1.234', undefined, 1.234],
    ['1234.567', 'fi', 1234.567],
    ['1,23', 'en', 1.23],
  ])(
    'lets the language decide what the lone separator in %j means (%s → %d)',
    (raw, language, expected) => {
      expect(parseNumber(raw, language)).toBe(expected);
    },
  );

  it.each([
    '',
    'abc',
    '12,',
    '12.',
    '1.2.3',
    '1,2,3',
    '1.9.2021',
    '1234.567.890',
    '1.234,5,6',
    '12a',
  ])('returns undefined for %j', (raw) => {
    expect(parseNumber(raw)).toBeUndefined();
  });
});

describe('findNumbers', () => {
  it('returns every number with its position and raw text, left to right', () => {
    const text = 'Budget 1 532 910,00 € and 336 123 people in 2021';

    const found = findNumbers(text, 'fi');

    expect(found).toEqual([
      { value: 1532910, index: 7, end: 19, raw: '1 532 910,00' },
      { value: 336123, index: 26, end: 33, raw: '336 123' },
      { value: 2021, index: 44, end: 48, raw: '2021' },
    ]);
  });

  it.each([['1.9.2021'], ['Alkaa 1.9.2021'], ['18.12.2021'], ['01.01.2020']])(
    'does not read the date %j as a number',
    (text) => {
      expect(findNumbers(text, 'fi')).toEqual([]);
    },
  );

  it.each<[string, Language | undefined, number[]]>([
    ['saldo -1 234,50 euroa', 'fi', [-1234.5]],
    ['saldo −12,5', 'fi', [-12.5]],
    [`total 1${NNBSP}234${NNBSP}567,89`, 'sv', [1234567.89]],
    [`total 1${NBSP}234${NBSP}567,89`, 'fi', [1234567.89]],
    ['3.70 and 4.20', 'en', [3.7, 4.2]],
    ['1,234 items', 'en', [1234]],
    ['1,234 kpl', 'fi', [1.234]],
    ['no digits here', undefined, []],
  ])('reads %j (language %s) as %j', (text, language, values) => {
    expect(findNumbers(text, language).map((n) => n.value)).toEqual(values);
  });
});

describe('findAmounts', () => {
  it.each<[string, Language | undefined, number, boolean, number]>([
    ['1 532 910,00 €', 'fi', 1532910, true, 1],
    ['€334,920.00', 'en', 334920, true, 1],
    ['EUR 1.000', 'fi', 1000, true, 1],
    ['8,62 miljoner euro', 'sv', 8620000, true, 1e6],
    ['10 miljoonaa euroa', 'fi', 10000000, true, 1e6],
    ['2.5 million', 'en', 2500000, false, 1e6],
    ['2.5 million', undefined, 2500000, false, 1e6],
    ['1,2 miljardia euroa', 'fi', 1200000000, true, 1e9],
    ['500 tuhatta euroa', 'fi', 500000, true, 1e3],
    ['3,5 M€', 'fi', 3500000, true, 1e6],
    ['336 123', 'fi', 336123, false, 1],
  ])(
    'reads %j (language %s) as %d, currency %s, factor %d',
    (text, language, value, currency, factor) => {
      const [amount, ...others] = findAmounts(text, language);

      expect(others).toEqual([]);
      expect(amount).toMatchObject({ value, currency, factor });
    },
  );

  it('keeps the digits as written and spans the scale and currency words', () => {
    const text = 'Tuki: 8,62 miljoner euro totalt';

    const [amount] = findAmounts(text, 'sv');

    expect(amount).toEqual({
      value: 8620000,
      index: 6,
      end: 24,
      raw: '8,62 miljoner euro',
      currency: true,
      currencyCode: 'EUR',
      factor: 1e6,
      digits: '8,62',
    });
  });

  it('does not take a scale word that only begins like one', () => {
    const [amount] = findAmounts('5 milestones', 'en');

    expect(amount).toMatchObject({ value: 5, factor: 1, currency: false });
  });
});

describe('parseAmount', () => {
  it.each<[string, Language | undefined, number]>([
    ['1 532 910,00 €', 'fi', 1532910],
    ['1.532.910,00', 'fi', 1532910],
    ['1.532.910,00', undefined, 1532910],
    ['€334,920.00', 'en', 334920],
    ['€334,920.00', undefined, 334920],
    ['336 123', undefined, 336123],
    ['3.70', undefined, 3.7],
    ['8,62 miljoner euro', 'sv', 8620000],
    ['10 miljoonaa euroa', 'fi', 10000000],
    ['2.5 million', 'en', 2500000],
    [`1${NBSP}234,56${NBSP}€`, 'fi', 1234.56],
    [`1${NNBSP}234,56${NNBSP}€`, 'sv', 1234.56],
    ['-250 000 €', 'fi', -250000],
    ['−1 234,56 €', 'fi', -1234.56],
    ['12 400,00-', 'fi', -12400],
    ['12 400,00- €', 'fi', -12400],
    ['€4,250.00-', 'en', -4250],
  ])('parses %j (language %s) as %d', (raw, language, expected) => {
    expect(parseAmount(raw, language)).toBe(expected);
  });

  it.each([[''], ['ei summaa'], ['100 € ja 200 €']])(
    'returns undefined unless %j holds exactly one amount',
    (raw) => {
      expect(parseAmount(raw, 'fi')).toBeUndefined();
    },
  );
});

describe('findPercents', () => {
  it('returns every percentage with its position', () => {
    const found = findPercents('EU-osuus (22,83%) ja tuki 70 %', 'fi');

    expect(found).toEqual([
      { value: 22.83, index: 10 },
      { value: 70, index: 26 },
    ]);
  });

  it.each<[string, Language | undefined, number[]]>([
    ['70 %', 'fi', [70]],
    ['(22,83%)', 'fi', [22.83]],
    ['70,55%', 'sv', [70.55]],
    ['80 prosenttia', 'fi', [80]],
    ['45 procent', 'sv', [45]],
    ['12.5 per cent', 'en', [12.5]],
    ['12.5 percent', 'en', [12.5]],
    ['70 % ja 30 %', 'fi', [70, 30]],
    ['70 euroa', 'fi', []],
  ])('reads %j (language %s) as %j', (text, language, values) => {
    expect(findPercents(text, language).map((p) => p.value)).toEqual(values);
  });
});

describe('parsePercent', () => {
  it.each<[string, Language | undefined, number | undefined]>([
    ['70 %', 'fi', 70],
    ['(22,83%)', 'fi', 22.83],
    ['70,55%', 'sv', 70.55],
    ['70,55%', undefined, 70.55],
    ['-5 %', 'en', -5],
    ['no rate', 'en', undefined],
    ['70 % / 30 %', 'fi', undefined],
  ])('parses %j (language %s) as %s', (raw, language, expected) => {
    expect(parsePercent(raw, language)).toBe(expected);
  });
});

const cents = fc.integer({ min: 0, max: 10_000_000_000 });

/** Whole part with a group separator every three digits. */
function grouped(whole: bigint, separator: string): string {
  return whole.toString().replace(/\B(?=(\d{3})+$)/g, separator);
}

/** Splits cents into whole and fraction; the fraction is trimmed unless `fixed`. */
function parts(amountCents: number, fixed: boolean): { whole: bigint; fraction: string } {
  const whole = BigInt(Math.floor(amountCents / 100));
  const twoDigits = String(amountCents % 100).padStart(2, '0');
  const fraction = fixed ? twoDigits : twoDigits.replace(/0+$/, '');
  return { whole, fraction };
}

function format(amountCents: number, fixed: boolean, group: string, decimal: string): string {
  const { whole, fraction } = parts(amountCents, fixed);
  return fraction === '' ? grouped(whole, group) : `${grouped(whole, group)}${decimal}${fraction}`;
}

describe('parseAmount properties', () => {
  it('reads Finnish amounts with space or no-break space groups and comma decimals', () => {
    fc.assert(
      fc.property(
        cents,
        fc.boolean(),
        fc.constantFrom(' ', NBSP),
        fc.constantFrom('', ' €', `${NBSP}€`, ' euroa'),
        (amountCents, fixed, group, suffix) => {
          const text = `${format(amountCents, fixed, group, ',')}${suffix}`;

          expect(parseAmount(text, 'fi')).toBe(amountCents / 100);
        },
      ),
    );
  });

  it('reads Swedish amounts with space or narrow no-break space groups and comma decimals', () => {
    fc.assert(
      fc.property(
        cents,
        fc.boolean(),
        fc.constantFrom(' ', NNBSP, NBSP),
        fc.constantFrom('', ' €', ' euro'),
        (amountCents, fixed, group, suffix) => {
          const text = `${format(amountCents, fixed, group, ',')}${suffix}`;

          expect(parseAmount(text, 'sv')).toBe(amountCents / 100);
        },
      ),
    );
  });

  it('reads English amounts with comma groups and point decimals', () => {
    fc.assert(
      fc.property(
        cents,
        fc.boolean(),
        fc.constantFrom('€', 'EUR ', ''),
        (amountCents, fixed, prefix) => {
          const text = `${prefix}${format(amountCents, fixed, ',', '.')}`;

          expect(parseAmount(text, 'en')).toBe(amountCents / 100);
        },
      ),
    );
  });

  it('reads German-style amounts with point groups and comma decimals', () => {
    fc.assert(
      fc.property(
        cents,
        fc.boolean(),
        fc.constantFrom<Language>('fi', 'sv'),
        (amountCents, fixed, language) => {
          const text = format(amountCents, fixed, '.', ',');

          expect(parseAmount(text, language)).toBe(amountCents / 100);
        },
      ),
    );
  });

  it('reads what Intl formats for fi-FI, negative amounts included', () => {
    const formatter = new Intl.NumberFormat('fi-FI', {
      style: 'currency',
      currency: 'EUR',
      minimumFractionDigits: 2,
    });
    fc.assert(
      fc.property(cents, fc.boolean(), (amountCents, negative) => {
        const value = negative && amountCents > 0 ? -amountCents / 100 : amountCents / 100;

        expect(parseAmount(formatter.format(value), 'fi')).toBe(value);
      }),
    );
  });
});
