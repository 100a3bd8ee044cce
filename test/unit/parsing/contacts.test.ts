import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REMOVED_CONTACT, withoutContacts } from '../../../shared/parsing/contacts.ts';
import { extractText, seedPath } from '../../helpers/fixtures.ts';

describe('withoutContacts', () => {
  it.each([
    ['Lisätietoja: Jukka Hämäläinen, p. 040 104 5530', 'Lisätietoja: Jukka Hämäläinen, '],
    ['Sofia Westerlund, tfn 040 713 2281', 'Sofia Westerlund, '],
    ['jukka.hamalainen@kitee.fi', ''],
    ['sofia.westerlund(at)kulturfonden.fi', ''],
    ['info [at] example.org', ''],
    ['Contact: +46 8 123 456 78', 'Contact: '],
    ['Hakija: Yhdistys ry, puh. +358 40 123 4567', 'Hakija: Yhdistys ry, '],
  ])('removes the contact in %s', (text, kept) => {
    expect(withoutContacts(text)).toBe(`${kept}${REMOVED_CONTACT}`);
  });

  it.each([
    'Kokonaisbudjetti: 1 532 910,00 €',
    'Y-tunnus: 0123456-7',
    'Toteutusaika: 01.01.2020 - 31.12.2022',
    'EU-rahoitus 70 % (22,83%)',
    'Toimintalinja 1: Pk-yritysten kilpailukyky',
    'Projektisuunnitelman s. 12 ja p. 14 kohdat',
    'Beviljat stöd: 312 800 euro',
  ])('keeps figures, ids and dates: %s', (text) => {
    expect(withoutContacts(text)).toBe(text);
  });
});

describe('extraction', () => {
  it('stores no e-mail address or telephone number, even on a line it reads a value from', () => {
    const text = readFileSync(seedPath('004_'), 'utf8').replace(
      'Hakijan virallinen nimi: Viitasaaren kaupunki',
      'Hakijan virallinen nimi: Viitasaaren kaupunki, puh. 044 459 7301, kirjaamo@viitasaari.fi',
    );

    const record = extractText(text);
    const stored = JSON.stringify(record);

    expect(record.project?.beneficiary).toBe(
      `Viitasaaren kaupunki, ${REMOVED_CONTACT}, ${REMOVED_CONTACT}`,
    );
    expect(stored).not.toMatch(/459 7301|kirjaamo|@viitasaari/);
    expect(record.project?.code).toBe('A77892');
  });
});
