import { describe, expect, it } from 'vitest';
import { extractReport } from '../../../shared/parsing/extract.ts';
import { cutSummary, MAX_SUMMARY, readSummary } from '../../../shared/parsing/summary.ts';
import { splitLines } from '../../../shared/parsing/text.ts';
import { SUMMARY_EN } from '../../../shared/parsing/vocabulary/summary-en.ts';
import { SUMMARY_FI } from '../../../shared/parsing/vocabulary/summary-fi.ts';
import { SUMMARY_SV } from '../../../shared/parsing/vocabulary/summary-sv.ts';
import { extractFile, seedPath } from '../../helpers/fixtures.ts';

const extract = (text: string) => extractReport(new TextEncoder().encode(text), { key: 'doc.txt' });

const EURA_FI = `Euroopan aluekehitysrahaston (EAKR) rahoittaman hankkeen kuvaus

1 Hanke

Hankekoodi: A12345

Hankkeen nimi: Vesiosaaja

Toiminnan tila: Toiminta käynnissä

Vastuuviranomainen: Etelä-Savon ELY-keskus

2 Hankkeen tiivistelmä

Hankkeessa kehitetään vesihuollon osaamista Etelä-Savon kunnissa. Kunnat saavat käyttöönsä yhteisen toimintamallin.

Toimenpiteet kohdistuvat erityisesti pieniin vesiosuuskuntiin.

Lisätietoja: Matti Meikäläinen, puh. 040 123 4567

3 Hankkeen rahoitus

Myönnetty EU- ja valtion rahoitus: 120 000
`;

const EURA_SV = `Europeiska unionen Hävstång från EU

Beskrivning av ett projekt som finansieras av Europeiska socialfonden (ESF)

1 Projekt

Projektkod: S23456

Projektets namn: Kompetensbron

Planerad genomförandetid: Börjar 1.8.2019 och slutar 31.7.2022

Verksamhetens status: Verksamheten avslutad

Ansvarig myndighet: Närings-, trafik- och miljöcentralen i Södra Österbotten

3 Sammandrag av genomförandet enligt planen

Projektet stärker de arbetssökandes kompetens i Österbotten genom korta utbildningar. Deltagarna får handledning av mentorer under hela perioden.

4 Projektets målgrupper

Arbetssökande och små företag i regionen.
`;

const RESEARCH_EN = `Coastal Energy Transition

Project: EU funding

Abstract

The project studies how small coastal towns can move to renewable heat. It pilots heat pumps in three towns.

For more information
jane.doe@example.org
Acronym: COAST
Status: Ongoing
Actual start/end date: 01/01/2022 - 31/12/2024
`;

const LABELLED_EN = `Project name: Green Docks
Project code: E99887
Fund: ERDF
Project description: The project builds shore power for ferries in the harbour of Turku. It cuts the port's emissions.
Total budget: 400 000 €
`;

const NO_SUMMARY_FI = `Euroopan aluekehitysrahaston (EAKR) rahoittaman hankkeen kuvaus

1 Hanke

Hankekoodi: A54321

Hankkeen nimi: Tietoa tiloista

Toiminnan tila: Toiminta päättynyt

5 Projektin julkinen rahoitus, euroa

Myönnetty EU- ja valtion rahoitus: 80 000
`;

describe('readSummary', () => {
  it('takes the paragraphs under a Finnish summary heading and stops before a contact line', () => {
    const record = extract(EURA_FI);

    expect(record.kind).toBe('project-description');
    expect(record.project?.summary).toBe(
      'Hankkeessa kehitetään vesihuollon osaamista Etelä-Savon kunnissa. Kunnat saavat käyttöönsä yhteisen toimintamallin.\n\nToimenpiteet kohdistuvat erityisesti pieniin vesiosuuskuntiin.',
    );
    expect(record.provenance['project.summary']?.line).toBe(15);
  });

  it('takes a Swedish summary and stops at the next numbered heading', () => {
    const record = extract(EURA_SV);

    expect(record.kind).toBe('project-description');
    expect(record.project?.summary).toBe(
      'Projektet stärker de arbetssökandes kompetens i Österbotten genom korta utbildningar. Deltagarna får handledning av mentorer under hela perioden.',
    );
    expect(record.project?.summary).not.toContain('Arbetssökande');
  });

  it('takes an English abstract and never the contact block or the labelled facts below it', () => {
    const record = extract(RESEARCH_EN);

    expect(record.project?.summary).toBe(
      'The project studies how small coastal towns can move to renewable heat. It pilots heat pumps in three towns.',
    );
    expect(record.project?.summary).not.toMatch(/example\.org|Acronym/u);
  });

  it('takes the value after a summary label on its own line', () => {
    const record = extract(LABELLED_EN);

    expect(record.project?.summary).toBe(
      "The project builds shore power for ferries in the harbour of Turku. It cuts the port's emissions.",
    );
    expect(record.provenance['project.summary']?.line).toBe(4);
  });

  it('leaves the summary absent where the document has none (a title that says kuvaus is no summary)', () => {
    const record = extract(NO_SUMMARY_FI);

    expect(record.kind).toBe('project-description');
    expect(record.project?.name).toBe('Tietoa tiloista');
    expect(record.project?.summary).toBeUndefined();
    expect(record.provenance['project.summary']).toBeUndefined();
  });

  it('leaves the summary absent for a funding call and a list of grant decisions', () => {
    expect(extractFile(seedPath('002_')).project?.summary).toBeUndefined();
    expect(extractFile(seedPath('003_')).project?.summary).toBeUndefined();
  });

  it('prefers a final report’s own summary to the plan’s', () => {
    const record = extractFile(seedPath('004_'));

    expect(record.project?.summary).toMatch(/^Viitasaaren kaupungin 1\.9\.2021-31\.8\.2023/u);
    expect(record.provenance['project.summary']?.text).toMatch(/^Viitasaaren kaupungin/u);
  });

  it('takes the paragraph under a project page’s title when the page has no summary heading', () => {
    const record = extractFile(seedPath('000_'));

    expect(record.project?.summary).toMatch(/^The economy of Finland/u);
    expect(record.project?.summary?.length).toBeLessThanOrEqual(MAX_SUMMARY);
    expect(record.project?.summary).toMatch(/\.$/u);
    expect(record.provenance['project.summary']?.line).toBe(16);
  });

  it('gives nothing for a heading with only a short caption under it', () => {
    const lines = splitLines('Summary\n\nSee below\n\nContact\n');

    expect(readSummary(lines)).toBeUndefined();
  });
});

describe('cutSummary', () => {
  it('cuts a long text at the last sentence end within the limit', () => {
    const sentence = 'Hanke kehittää alueen palveluita. ';
    const text = sentence.repeat(100).trim();

    const cut = cutSummary(text);

    expect(cut?.length).toBeLessThanOrEqual(MAX_SUMMARY);
    expect(cut?.length).toBeGreaterThan(MAX_SUMMARY - sentence.length);
    expect(cut).toMatch(/palveluita\.$/u);
  });

  it('gives nothing for a long text with no sentence end within the limit', () => {
    expect(cutSummary('a'.repeat(MAX_SUMMARY + 1))).toBeUndefined();
  });
});

describe('summary vocabulary', () => {
  it('has the same keys, lower-case words and no empty lists in every language', () => {
    const files = [SUMMARY_FI, SUMMARY_SV, SUMMARY_EN];
    const keys = Object.keys(SUMMARY_FI).sort();

    for (const words of files) {
      expect(Object.keys(words).sort()).toEqual(keys);
      for (const list of Object.values(words)) {
        expect(list.length).toBeGreaterThan(0);
        for (const word of list) expect(word).toBe(word.toLowerCase());
      }
    }
  });
});

describe('readSummary over lines a PDF wrapped', () => {
  it('goes on past a short wrapped line that starts in lower case or leaves a parenthesis open', () => {
    const text = [
      'Tiivistelmä',
      'Hankkeessa rakennettiin digitaalisen osaamisen keskus, joka tukee alueen yrityksiä ja',
      'yhdistyksiä (liitetiedosto 1',
      'Toimintamalli), ja keskuksesta on tullut alueen kohtaamispaikka.',
      'elinkeinoelämän monipuolistamisessa',
      'se on auttanut monella tavalla ja sen tulokset ovat pysyviä.',
      '',
      'Yhteystiedot',
    ].join('\n');
    const hit = readSummary(splitLines(text));

    expect(hit?.value).toContain('(liitetiedosto 1 Toimintamalli)');
    expect(hit?.value).toContain('ovat pysyviä.');
  });
});
