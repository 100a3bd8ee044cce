import type { SummaryWords } from './summary.ts';

/** Swedish headings of a project's summary. */
export const SUMMARY_SV: SummaryWords = {
  finalSummary: [
    'sammanfattning av slutrapporten',
    'slutrapportens sammanfattning',
    'sammanfattning av slutrapport',
    'sammandrag av slutrapporten',
    'slutrapportens sammandrag',
    'sammanfattning av resultaten',
    'sammandrag av resultaten',
  ],
  summary: [
    'sammanfattning',
    'projektsammanfattning',
    'sammanfattning av projektet',
    'sammanfattning av genomförandet',
    'planenlig sammanfattning av genomförandet',
    'sammanfattning av genomförandet enligt planen',
    'beskrivning',
    'projektbeskrivning',
    'beskrivning av projektet',
    'kort beskrivning',
    'kort projektbeskrivning',
    'abstrakt',
    'sammandrag',
    'sammandrag av projektet',
    'sammandrag av genomförandet',
    'sammandrag av genomförandet enligt planen',
    'sammandrag av projektplanen',
  ],
  contact: [
    'mer information',
    'ytterligare information',
    'närmare information',
    'noggrannare information',
    'kontaktuppgifter',
    'kontaktperson',
    'kontaktpersoner',
  ],
};
