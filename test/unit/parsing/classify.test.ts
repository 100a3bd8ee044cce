import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyDocument, detectLanguage } from '../../../shared/parsing/classify.ts';
import { readDocument } from '../../../shared/parsing/decode.ts';
import { GENERALITY_DIR, seedPath } from '../../helpers/fixtures.ts';

/** The text as extraction sees it: decoded whatever the file's encoding. */
function read(path: string): string {
  const decoded = readDocument(readFileSync(path));
  if (!decoded.success) throw new Error(`${path}: ${decoded.error.message}`);
  return decoded.data.text;
}

describe('classifyDocument', () => {
  it.each([
    ['000_', 'project-page'],
    ['001_', 'research-project'],
    ['002_', 'funding-call'],
    ['003_', 'grant-decisions'],
    ['004_', 'project-description'],
  ])('classifies seed %s as %s', (prefix, kind) => {
    expect(classifyDocument(read(seedPath(prefix))).kind).toBe(kind);
  });

  it.each(
    readdirSync(GENERALITY_DIR)
      .filter((name) => name.endsWith('.txt'))
      .map((name) => [
        name,
        JSON.parse(read(join(GENERALITY_DIR, name.replace(/\.txt$/, '.expected.json')))).kind,
      ]),
  )('classifies %s as %s', (name, kind) => {
    expect(classifyDocument(read(join(GENERALITY_DIR, name))).kind).toBe(kind);
  });

  it.each([
    [
      'sv, one recipient in the present tense',
      '# Bidrag till en tidskrift\n\nRegeringen beviljar Nordiska rådet för hälsa 25 000 euro för utgivning av en tidskrift.\n\nBidraget avser verksamhet under 2024.',
    ],
    [
      'en, one grant announced',
      '# New grant: documentation\n\nThe board approved another grant application.\n\nThe Docs Working Group will receive a grant of EUR 6000 for the entire project.',
    ],
    [
      'sv, a count of granted projects over their list, no sums',
      '# Svenska projekt får EU-stöd\n\nTotalt har tre svenska projekt beviljats medel.\n\n* **Kustbanan.** Bygger om en bana.\n* **Hamnen.** Muddrar farleden.\n* **Tåget.** Nya fordon.\n',
    ],
    [
      'en, a line of granting over a list of projects',
      '# Projects selected\n\nThe following projects have been awarded co-financing from the fund:\n\n- NORTH - safer fairways\n- SOUTH - digital rail\n',
    ],
    [
      'en, money shared out among a count of projects',
      '# €13 million allocated to 43 projects\n\nGrants totalling €13 million were announced today. A total of 43 projects will be delivered.\n',
    ],
    [
      'en, a sum approved for a count of projects by the selection committee',
      'Skip to content\n\n9.6 million euros of ERDF approved for 3 new projects\n\nOur project selection committee met in Lille last week.\n\nLed by the Port of Dover, the project improves the ferry link.\nERDF Contribution: 4.1 million euros\n',
    ],
    [
      'sv, a count of projects granted, as a participle',
      'Artikeln publicerades 3 mars 2024\n\n5 nya projekt beviljade inom Interreg Nord\n\nProjekten har fått 4 miljoner euro i EU-finansiering.\n',
    ],
    [
      'en, projects approved for funding',
      'The first 35 regular projects approved for funding\n\nThe committee has taken decisions on the applications of the first call. The projects share 47.6 million euros.\n',
    ],
    [
      'sv, a heading over the granted projects',
      '# Miljoner till infrastruktur\n\nKommissionen har fattat beslut.\n\n### Beviljade svenska projekt:\n\nProjekt Ett, Region Norr\n\nProjekt Två, Region Syd\n',
    ],
    [
      'en, a sum for a count of local projects, the successful ones announced',
      '# €120,500 for 45 local projects in County Clare\n\nThe Minister today announced the successful projects under the community fund.\n',
    ],
    [
      'en, projects that have received funding, told with a place between',
      '# 30 EU million for the north\n\nThe partnership has allocated over SEK 300 million. In total, 31 projects in the two counties have received funding.\n\nMany projects have now been granted support.\n',
    ],
  ])('classifies grants announced in prose (%s) as grant-decisions', (_, text) => {
    expect(classifyDocument(text).kind).toBe('grant-decisions');
  });

  it.each([
    [
      'sv, a call whose period runs',
      '# Utlysning för Norrland\n\nNu kan ni söka stöd för projekt år 2016.\nUtlysningen pågår 2015-05-25 – 2015-09-10.\n',
    ],
    [
      'sv, an agency’s call page: who may apply, how much support',
      'Stöd till besöksnäringen i Norrbotten\n\n • Öppen\n • Norrbotten\n\nNu finns möjlighet att söka EU-finansiering för att utveckla besöksnäringen.\n\nVem kan söka?\n\nKommuner och regioner.\n\nHur mycket kan ni få i stöd?\n\nHälften av kostnaderna.\n',
    ],
    [
      'fi, a call posted with its guide for applicants',
      'Hankehaut\n\nESR-haku 16.8.-24.9.2021 Kymenlaaksossa\n\nLisätietoa hausta löytyy hakijan ohjeesta.\n',
    ],
    [
      'fi, calls that have opened, a period in prose',
      '# Yritystukien haku on alkanut\n\nMaaseudun yritys- ja hanketukien haut ovat käynnissä koko maakunnassa. Hakuaika on 1.3.-30.4.2025.\n',
    ],
    [
      'fi, apply by a date without a year',
      '# Hae kulttuurin kehittämisen määrärahaa 15.5. mennessä\n\nMäärärahasta voidaan myöntää avustuksia yhdistyksille ja kunnille.\n',
    ],
    [
      'sv, who may apply, in other words than the label',
      '# Nu öppnar ansökan om stöd till laddinfrastruktur\n\nFöretag och kommuner kan från och med i dag ansöka om stöd för laddstationer. Ansökningsperioden är öppen till den 30 september.\n',
    ],
    [
      'en, the deadline told twice in prose',
      '# Community fund: second wave\n\nThe deadline for submissions in this wave is approaching. Please submit your application before 1 June, or it will be reviewed in the next wave.\n',
    ],
  ])('classifies a call announced in prose (%s) as funding-call', (_, text) => {
    expect(classifyDocument(text).kind).toBe('funding-call');
  });

  it('counts a call phrase said once as one cue, so one mention in passing makes no call', () => {
    const once = classifyDocument(
      '# Uusi päiväkoti avattiin\n\nKaupunki kertoo, että haku on avoinna. Päiväkodissa on 60 paikkaa ja uusi piha.\n',
    );
    const twice = classifyDocument(
      '# Uusi avustus\n\nKaupunki kertoo, että haku on avoinna. Hakuaika on 1.3.-30.4.2025.\n',
    );

    expect(once.kind).toBe('unknown');
    expect(twice.kind).toBe('funding-call');
    expect(twice.scores['funding-call']).toBeGreaterThan(once.scores['funding-call']);
  });

  it('classifies a EURA decision whose fields a PDF-to-text copy ran together as a project description', () => {
    const text =
      '1 Päätös 1 (9) EURA 2014/131 Tuensaajat Kuntayhtymä Y-tunnus: Hankehakemuksenne Päätöstyyppi: Hankepäätös Hankekoodi: A70177 Toimintalinja: 1. Pk-yritystoiminnan kilpailukyky Erityistavoite: 3.1. Energiatehokkuus Kustannusmalli: Flat rate 15 %\n';

    expect(classifyDocument(text).kind).toBe('project-description');
  });

  it('scores a document by features, so reordering its lines keeps its kind', () => {
    const lines = read(seedPath('004_')).split('\n');
    const reversed = [...lines].reverse().join('\n');

    expect(classifyDocument(reversed).kind).toBe('project-description');
  });

  it('reads labels whose values stand in a column of their own', () => {
    const text = [
      'Project code                 A73519',
      'Policy                       2. Producing and using the latest information and expertise',
      'Specific objective           4.1. Strengthening research, competence and innovation',
      'Responsible authority        Regional Council of Ostrobothnia',
      'Business ID                  1994494-7',
    ].join('\n');

    expect(classifyDocument(text).kind).toBe('project-description');
  });

  it.each([
    ['a shopping list', 'Maitoa\nLeipää\nKahvia\n'],
    [
      'an English letter',
      'Dear colleagues,\n\nThank you for the meeting yesterday. See you next week.\n',
    ],
    ['an empty page', '\n\n'],
    [
      'a letter that only names the project by its identifiers',
      'Hankekoodi: J30411\nY-tunnus: 2471935-9\n\nLähetämme oheisena hankkeen maksatushakemuksen.\n',
    ],
    [
      'minutes that say grants were awarded but name no sum',
      'Sedan programperiodens början har 61 projekt beviljats stöd.\nUnder våren inkom 14 ansökningar.\n',
    ],
  ])('gives unknown for %s', (_name, text) => {
    expect(classifyDocument(text).kind).toBe('unknown');
  });
});

describe('detectLanguage', () => {
  it.each([
    [
      'fi',
      'Hanke on käynnissä ja sen tavoitteena on kehittää alueen yrityksiä sekä kuntien palveluja.',
    ],
    ['sv', 'Projektet är avslutat och det har utvecklat tjänster för kommunerna i regionen.'],
    [
      'en',
      'The project has ended and its results are available to the municipalities of the region.',
    ],
  ])('recognises %s', (language, text) => {
    expect(detectLanguage(text)).toBe(language);
  });

  it('gives the language a text with two bodies opens with', () => {
    const fi =
      'Kaupunki julistaa haettavaksi kylätoiminnan avustukset, ja niihin on varattu yhteensä 40 000 euroa sekä talkootyötä.';
    const sv =
      'Staden ledigförklarar bidragen för byaverksamhet och för dem har reserverats sammanlagt 40 000 euro som kan sökas av föreningar.';

    expect(detectLanguage(`${fi}\n\n${sv}`)).toBe('fi');
    expect(detectLanguage(`${sv}\n\n${fi}`)).toBe('sv');
  });

  it.each([
    [
      'French',
      "Le projet rénove les écoles de la commune et réduit la consommation d'énergie des bâtiments de plus de 40 % avec le soutien de la Région.",
    ],
    [
      'German',
      'Das Projekt entwickelt einen digitalen Zwilling für den Holzbau und wird von der Region und den Unternehmen des Clusters mit getragen.',
    ],
  ])('gives undefined for a %s body, which has no record language', (_name, text) => {
    expect(detectLanguage(text)).toBeUndefined();
  });

  it('gives undefined when the text has too few words to tell', () => {
    expect(detectLanguage('A77892 336 123')).toBeUndefined();
  });
});
