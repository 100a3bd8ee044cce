import type { ProgrammeStrings } from './types.ts';

export const sv: ProgrammeStrings = {
  eyebrow: 'Programrapport',
  title: (authority, period) => `${authority}: programperioden ${period}`,
  subtitle: (projects, documents, linked) =>
    `${projects} projekt ur ${documents} dokument; ${linked} dokument gällde ett projekt som redan räknats`,
  headerRight: 'Programrapport',
  attachmentDescription: 'Programmets siffror som denna rapport skapades ur (JSON)',
  keyFigures: {
    projects: 'Projekt',
    granted: 'EU- och statlig finansiering beviljad',
    realised: 'EU- och statlig finansiering utfall',
    jobs: 'Skapade arbetstillfällen (utfall)',
  },
  totals: {
    heading: 'Finansiering',
    intro:
      'Summor av de siffror projekten anger; ett projekt som inte anger en siffra lägger inget till summan, och tabellen visar hur många projekt som anger den.',
    byFund: 'Finansiering per fond',
    byPriorityAxis: 'Finansiering per insatsområde',
    byRegion: 'Finansiering per region',
    group: 'Grupp',
    projects: 'Projekt',
    totalBudget: 'Total budget',
    planned: 'Offentlig finansiering planerad',
    granted: 'EU och stat beviljat',
    realised: 'EU och stat utfall',
    euContribution: 'EU-bidrag',
    total: 'Totalt',
    stated: (stated, projects) => `anges av ${stated} av ${projects} projekt`,
    moreGroups: (count) =>
      `${count} grupper till summeras på sista raden; alla grupper finns i XLSX-filen.`,
    otherGroups: 'Övriga grupper',
    chartTitle: 'Beviljad och utfallen EU- och statlig finansiering per fond',
    chartAlt: (summary) =>
      `Stapeldiagram över beviljad och utfallen finansiering per fond: ${summary}.`,
  },
  indicators: {
    heading: 'Arbetstillfällen och företag',
    caption: 'Skapade arbetstillfällen och företag, planerat och utfall',
    indicator: 'Indikator',
    womenShare: 'Kvinnors andel av utfallet',
    womenShareNote: (projects) =>
      `Kvinnors andel räknas på de ${projects} projekt som anger både utfall och utfall för kvinnor.`,
    chartAlt: (summary) =>
      `Stapeldiagram över planerade och utfallna arbetstillfällen och företag: ${summary}.`,
  },
  horizontal: {
    heading: 'Horisontella principer',
    genderCaption: 'Jämställdhet: hur många projekt svarar ja, nej eller inget',
    notStated: 'Inte angivet',
    sustainabilityCaption: 'Hållbar utveckling: medelvärde (0–10) för projekten som anger det',
    averageDirect: 'Direkt, medelvärde',
    averageIndirect: 'Indirekt, medelvärde',
    projectsStating: 'Projekt som anger',
  },
  redFlags: {
    heading: 'Projekt med anmärkningar',
    intro:
      'Projekt vars dokument har fel- eller varningsiakttagelser, eller vars nyckeltal (beviljad och utfallen finansiering, utfall för arbetstillfällen och företag) ingen har granskat; flest fel först.',
    none: 'Inget projekt har fel- eller varningsiakttagelser.',
    caption: 'Projekt med fel- eller varningsiakttagelser',
    project: 'Projekt',
    errors: 'Fel',
    warnings: 'Varningar',
    unreviewed: 'Ogranskade nyckeltal',
    checks: 'Iakttagelser',
    more: (count) => `${count} projekt till med iakttagelser finns i XLSX-filen.`,
  },
  notes: {
    heading: 'Hur rapporten räknar',
    counting:
      'Dokument om samma projekt (projektbeskrivning, offentlig projektsida, rad i ett beviljningsbeslut) kopplas ihop med projektkod, med FO-nummer och projektnamn eller med projektnamn och organisation; varje projekt räknas en gång, och dess siffror tas i första hand ur dess egen rapport.',
    exact: 'Summorna är exakta på centen.',
    periodNotStated: (n) =>
      `${n} projekt hos denna förvaltande myndighet anger ingen programperiod och räknas inte med.`,
  },
};
