import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  REMOVED_CONTACT,
  withoutContacts,
  withoutPersonalData,
} from '../../../shared/parsing/contacts.ts';
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

describe('withoutPersonalData', () => {
  const R = REMOVED_CONTACT;

  it.each([
    [
      'Yhteyshenkilö: Matti Meikäläinen, projektipäällikkö',
      `Yhteyshenkilö: ${R}, projektipäällikkö`,
    ],
    ['Kontaktperson: Anna Svensson', `Kontaktperson: ${R}`],
    ['Contact: Dr. Xavier Quill', `Contact: Dr. ${R}`],
    [
      'Project manager Liisa Virtanen said that 12 jobs were created',
      `Project manager ${R} said that 12 jobs were created`,
    ],
    ['Hankkeen yhteyshenkilön nimi: Honkanen Tiina Anneli', `Hankkeen yhteyshenkilön nimi: ${R}`],
    ['Liisa Virtasen mukaan hanke onnistui', `${R} mukaan hanke onnistui`],
    ['Puhelinnumero: +358 (0)9 1234 5678', `Puhelinnumero: ${R}`],
    ['tfn 070-174 06 12, gsm 0400-123456', `${R}, ${R}`],
    ['Ota yhteyttä: tai 050 123 4400.', `Ota yhteyttä: tai ${R}.`],
    ['mobile (+358) 40 555 1234', R],
    ['e-post: anna.berg[at]example[dot]se', `e-post: ${R}`],
    ['Sähköposti\tk.nieminen at example.fi', `Sähköposti\t${R}`],
  ])('removes the person in %s', (text, kept) => {
    expect(withoutPersonalData(text)).toBe(kept);
  });

  it('removes a name the document gives elsewhere: by e-mail, under a closing, by surname alone', () => {
    const text = [
      'Kalevi Kuusinen hoitaa viestintää.',
      'Kuusinen kertoi tuloksista.',
      'kalevi.kuusinen@example.fi',
      'Ystävällisin terveisin',
      '',
      'Ossian Rehnberg',
    ].join('\n');

    expect(withoutPersonalData(text).split('\n')).toEqual([
      `${R} hoitaa viestintää.`,
      `${R} kertoi tuloksista.`,
      R,
      'Ystävällisin terveisin',
      '',
      R,
    ]);
  });

  it.each([
    'Y-tunnus: 0123456-7',
    'Omarahoitus: 040 000 €',
    'IBAN FI21 1234 5600 0007 85',
    'Postinumero: 00100',
    'Toteutusaika: 01.01.2020 - 31.12.2022',
    'Anna Lindh Foundation myönsi 20 000 €',
    'Osoite: Aleksis Kiven katu 4',
    'Hakija: Jyväskylän Ammattikorkeakoulu',
    'Apply at www.example.fi',
  ])('keeps organisations, figures, ids and addresses: %s', (text) => {
    expect(withoutPersonalData(text)).toBe(text);
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

  it('stores no name the document gives elsewhere, even by surname alone on a line it reads a figure from', () => {
    const text = readFileSync(seedPath('004_'), 'utf8').replace(
      'Toteutunut seurantatietojen mukaan: 3.70, joihin työllistyvät naiset 1.60',
      'Toteutunut seurantatietojen mukaan: 3.70, joihin työllistyvät naiset 1.60 (ilmoittanut Honkanen)',
    );

    const record = extractText(text);

    expect(record.indicators?.jobsCreated?.realised).toBe(3.7);
    expect(record.provenance['indicators.jobsCreated.realised']?.text).toBe(
      `Toteutunut seurantatietojen mukaan: 3.70, joihin työllistyvät naiset 1.60 (ilmoittanut ${REMOVED_CONTACT})`,
    );
    expect(JSON.stringify(record)).not.toMatch(/Honkanen|Tiina/);
  });
});
