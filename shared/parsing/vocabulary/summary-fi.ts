import type { SummaryWords } from './summary.ts';

/** Finnish headings of a project's summary. */
export const SUMMARY_FI: SummaryWords = {
  finalSummary: [
    'loppuraportin tiivistelmä',
    'tiivistelmä loppuraportista',
    'loppuraportin yhteenveto',
    'hankkeen loppuraportin tiivistelmä',
    'tulosten yhteenveto',
    'yhteenveto tuloksista',
  ],
  summary: [
    'tiivistelmä',
    'hankkeen tiivistelmä',
    'projektin tiivistelmä',
    'hanketiivistelmä',
    'suunnitelman mukainen tiivistelmä toteutuksesta',
    'tiivistelmä toteutuksesta',
    'kuvaus',
    'hankkeen kuvaus',
    'projektin kuvaus',
    'hankekuvaus',
    'projektikuvaus',
    'lyhyt kuvaus',
    'hankkeen lyhyt kuvaus',
    'abstrakti',
    'hankesuunnitelman tiivistelmä',
    'yhteenveto',
    'hankkeen yhteenveto',
  ],
  contact: [
    'lisätietoja',
    'lisätietoja antaa',
    'lisätietoja antavat',
    'yhteystiedot',
    'yhteyshenkilö',
    'yhteyshenkilöt',
  ],
};
