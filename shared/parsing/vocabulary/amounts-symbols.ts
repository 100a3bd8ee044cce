/** The concepts each language's amount words are listed under; every language has every key. */
export const AMOUNT_WORD_KEYS = [
  'thousand',
  'million',
  'billion',
  'euro',
  'euro-short',
  'approximately',
  'more-than',
  'less-than',
  'range-between',
  'range-and',
  'range-to',
  'number:1',
  'number:2',
  'number:3',
  'number:4',
  'number:5',
  'number:6',
  'number:7',
  'number:8',
  'number:9',
  'number:10',
  'number:11',
  'number:12',
  'number:13',
  'number:14',
  'number:15',
  'number:16',
  'number:17',
  'number:18',
  'number:19',
  'number:20',
  'number:30',
  'number:40',
  'number:50',
  'number:60',
  'number:70',
  'number:80',
  'number:90',
  'number:0.5',
  'number:1.5',
  'compound-joiner',
  'currency:SEK',
  'currency:NOK',
  'currency:DKK',
  'currency:GBP',
  'currency:USD',
  'currency:PLN',
  'currency:CZK',
  'currency:HUF',
  'currency:RON',
  'currency:BGN',
  'currency:CHF',
] as const;

export type AmountWordKey = (typeof AMOUNT_WORD_KEYS)[number];

/** One language's words of amounts, matched in lower, capitalised and upper case. */
export type AmountWords = Readonly<Record<AmountWordKey, readonly string[]>>;

/**
 * Signs, codes and abbreviations that are the same in every language, matched exactly as written:
 * `M` is a million where `m` alone is a metre. A key `magnitude:CODE` is a scale and a currency
 * written as one token (`MEUR`, `k€`, `mkr`).
 */
export const AMOUNT_SYMBOLS = {
  thousand: ['k', 'K'],
  million: ['M', 'm', 'Mio', 'mio', 'Mn', 'mn', 'MN'],
  billion: ['bn', 'Bn', 'BN', 'Mrd', 'Mrd.', 'mrd', 'mrd.'],
  'thousand:EUR': ['k€', 'K€', 't€', 'T€', 'kEUR', 'KEUR', 'keur', 'TEUR', 'tEUR', 'teur'],
  'million:EUR': ['M€', 'm€', 'MEUR', 'mEUR', 'Meur', 'MEur', 'meur', 'Me'],
  'billion:EUR': ['bn€', 'mrd€', 'Mrd€', 'BEUR', 'bnEUR'],
  'thousand:SEK': ['tkr', 'tkr.', 'kSEK', 'TSEK', 'tSEK'],
  'million:SEK': ['mkr', 'Mkr', 'mkr.', 'MSEK', 'mSEK'],
  'billion:SEK': ['mdkr', 'mdkr.', 'mdSEK'],
  'currency:EUR': ['€', 'EUR', 'Eur', 'eur', 'EURO', 'Euro', 'euro'],
  'currency:SEK': ['SEK'],
  'currency:NOK': ['NOK'],
  'currency:DKK': ['DKK'],
  'currency:ISK': ['ISK'],
  'currency:GBP': ['£', 'GBP'],
  'currency:USD': ['US$', 'USD', '$'],
  'currency:PLN': ['PLN', 'zł'],
  'currency:CZK': ['CZK', 'Kč'],
  'currency:HUF': ['HUF', 'Ft'],
  'currency:RON': ['RON'],
  'currency:BGN': ['BGN', 'лв', 'лв.'],
  'currency:CHF': ['CHF'],
  'currency:JPY': ['JPY', '¥'],
} as const satisfies Readonly<Record<string, readonly string[]>>;

/** Dashes that join the two ends of a range (`1–2 milj. €`, `50 000 - 200 000 euroa`). */
export const RANGE_DASHES = ['–', '—', '-', '‒'] as const;
