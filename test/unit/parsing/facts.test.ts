import { describe, expect, it } from 'vitest';
import { extractReport } from '../../../shared/parsing/extract.ts';
import { readFacts } from '../../../shared/parsing/facts.ts';
import { splitLines } from '../../../shared/parsing/text.ts';
import type { Language } from '../../../shared/schemas/report-record.ts';

function facts(text: string, language?: Language) {
  return readFacts(splitLines(text), language, text);
}

function valueAt(record: object, path: string): unknown {
  const [group, key] = path.split('.') as [string, string];
  return (record as Record<string, Record<string, unknown> | undefined>)[group]?.[key];
}

describe('readFacts', () => {
  it.each([
    ['fi Label: value', 'fi', 'Hankekoodi: A70053', 'project.code', 'A70053'],
    ['sv Label: value', 'sv', 'Projektnamn: Energitjänster', 'project.name', 'Energitjänster'],
    ['en Label: value', 'en', 'Project code: S30512', 'project.code', 'S30512'],
    [
      'a tab row',
      'en',
      'Managing authority\tRegional Council of Lapland',
      'project.managingAuthority',
      'Regional Council of Lapland',
    ],
    [
      'a bulleted bold label',
      'fi',
      '- **Hankkeen nimi:** vAI:lla tuottavuutta?',
      'project.name',
      'vAI:lla tuottavuutta?',
    ],
    ['a fund by name', 'fi', 'Rahoittaja: Etelä-Pohjanmaan liitto (EAKR)', 'project.fund', 'ERDF'],
    ['a status word', 'fi', 'Tila: Toiminnassa', 'project.status', 'ongoing'],
    [
      'a duration start',
      'fi',
      'Hankkeen kesto: 1.1.2020–31.12.2022',
      'project.startDate',
      '2020-01-01',
    ],
    ['a duration end', 'sv', 'Projekttid: 1.1.2020–31.12.2022', 'project.endDate', '2022-12-31'],
    ['a euro sum', 'en', 'Total budget: €845,000.00', 'funding.totalBudget', 845000],
    ['a short labelled figure', 'en', 'Total budget €845,000.00', 'funding.totalBudget', 845000],
    ['a percentage', 'fi', 'EU:n osarahoitusaste: 60 %', 'funding.euCofinancingRate', 60],
    [
      'a deadline with its time',
      'en',
      'Deadline: 3 September 2026, 17:00 (Brussels time)',
      'call.deadline',
      '2026-09-03T17:00:00+02:00',
    ],
    [
      'a name and its acronym',
      'fi',
      'Hankkeen nimi: Tosiaikaisen paikkadatan hyödyntäminen (TosiPaikka)',
      'project.acronym',
      'TosiPaikka',
    ],
    ['a JSON member line', 'sv', '"ärende-id": "20200940",', 'project.code', '20200940'],
    [
      'a JSON record',
      'en',
      '{"topicId":"X-1","deadline":"2026-09-30","callStatus":"open"}',
      'call.deadline',
      '2026-09-30',
    ],
    [
      'municipalities',
      'sv',
      'Kommuner: Ale, Alingsås',
      'project.municipalities',
      ['Ale', 'Alingsås'],
    ],
  ] as const)('reads %s', (_, language, text, path, want) => {
    const { fields } = facts(text, language);

    expect(valueAt(fields, path)).toEqual(want);
    expect(fields.provenance[path]?.line).toBe(1);
  });

  it.each([
    ['an unknown label', 'fi', 'Maksatuskausi: 1.3.2025–31.8.2025', 'project.startDate'],
    ['a funder that is no fund', 'fi', 'Rahoittaja: Etelä-Pohjanmaan liitto', 'project.fund'],
    ['a status of no known word', 'en', 'Status: under review by the board', 'project.status'],
    [
      'a duration with a day that does not exist',
      'fi',
      'Aikataulu: 01.08.2023 - 31.06.2024',
      'project.endDate',
    ],
    ['a sum in kronor', 'sv', 'Total budget: 7,4 miljoner kronor', 'funding.totalBudget'],
    ['a range for one figure', 'en', 'Total budget: €1–2 million', 'funding.totalBudget'],
    ['a code that is a sentence', 'en', 'Code: 2386G ( plus 6 other grants )', 'project.code'],
    ['a year for a date', 'en', 'Start date: 2009', 'project.startDate'],
    ['a column label outside a header row', 'en', 'Title: Annual report', 'project.name'],
    [
      'a label inside prose',
      'en',
      'The project name was chosen by the partners in 2020.',
      'project.name',
    ],
    [
      'a partner block',
      'fi',
      'Hankekoodi: A1\nOsatoteuttajat\nY-tunnus: 2472908-2',
      'project.businessId',
    ],
    ['a business id of no named project', 'sv', 'FO-nummer: 2741193-5', 'project.businessId'],
  ] as const)('leaves out %s', (_, language, text, path) => {
    expect(valueAt(facts(text, language).fields, path)).toBeUndefined();
  });

  it('notes a sum in another currency for the euro field it would fill', () => {
    const { hints } = facts('Total budget: SEK 150,000', 'en');

    expect(hints.nonEuroAmounts?.map((n) => [n.path, n.currency])).toEqual([
      ['funding.totalBudget', 'SEK'],
    ]);
  });

  it.each([
    [
      'a comma-separated list row',
      'fi',
      'Koodi,Rahasto,Hankkeen nimi,Tl,Viranomainen,Tila,Aloituspvm,Päättymispvm,Myönnetty EU- ja valtion rahoitus;\nS20211,ESR,Haasteellisen palveluohjauksen kehittämishanke,5,Etelä-Savon elinkeino-, liikenne- ja ympäristökeskus,Toiminnassa,2.1.2015,31.12.2016,101055;',
      {
        'project.code': 'S20211',
        'project.fund': 'ESF',
        'project.priorityAxis': '5',
        'project.managingAuthority': 'Etelä-Savon elinkeino-, liikenne- ja ympäristökeskus',
        'project.status': 'ongoing',
        'project.endDate': '2016-12-31',
        'funding.euAndStateGranted': 101055,
      },
    ],
    [
      'a quoted CSV row',
      'en',
      '"Code","Title","Project Cost","Beneficiary","Start Date"\n"ERDF142","The Making of a People","€852,662","Fondazzjoni Belt Victoria","2009"',
      {
        'project.code': 'ERDF142',
        'project.name': 'The Making of a People',
        'funding.totalBudget': 852662,
        'project.beneficiary': 'Fondazzjoni Belt Victoria',
        'project.startDate': undefined,
      },
    ],
    [
      'a semicolon export',
      'sv',
      'Projektkod;Projektnamn;Stödmottagare;Startdatum\nS30512;Kustbanan 2030;Österbottens förbund;2021-03-01',
      {
        'project.code': 'S30512',
        'project.name': 'Kustbanan 2030',
        'project.beneficiary': 'Österbottens förbund',
        'project.startDate': '2021-03-01',
      },
    ],
  ] as const)('pairs each column of %s with its header', (_, language, text, want) => {
    const { fields } = facts(text, language);

    for (const [path, value] of Object.entries(want))
      expect(valueAt(fields, path), path).toEqual(value);
    expect(fields.provenance['project.code']?.line).toBe(2);
  });

  it('does not pair a row whose cells do not line up with the header', () => {
    const { fields } = facts('Koodi,Rahasto,Hankkeen nimi\nA1,EAKR,Nimi,jossa,pilkkuja', 'fi');

    expect(fields.project).toBeUndefined();
  });

  it('leaves out a field stated twice with different values, and reports it', () => {
    const { fields, conflicts } = facts('Hankekoodi: A70053\nHankekoodi: A70054', 'fi');

    expect(fields.project?.code).toBeUndefined();
    expect(conflicts.map((c) => [c.path, c.values])).toEqual([
      ['project.code', ['A70053', 'A70054']],
    ]);
  });

  it('takes a deadline stated with and without its time once, with the time', () => {
    const { fields, conflicts } = facts(
      'Deadline: 2026-09-15\nDeadline for submitting applications: 15 September 2026 – 17:00:00 CET (Brussels)',
      'en',
    );

    expect(fields.call?.deadline).toBe('2026-09-15T17:00:00+02:00');
    expect(conflicts).toEqual([]);
  });
});

describe('a document whose labelled facts make it a project page', () => {
  it('takes its title as the project’s name, after the code the title leads with', () => {
    const block = (title: string) =>
      `${title}\n\nFakta\n\nINSATSOMRÅDE Sysselsättning\nSVENSK PROJEKTÄGARE Bygdens kommun\nEU-STÖD 120 000 EUR\nTOTALBUDGET 300 000 EUR\nPROJEKTTID 1 jan 2019 – 31 dec 2021\n`;
    const plain = extractReport(Buffer.from(block('Fler jobb i gränsbygden')), { key: 'a.txt' });
    const coded = extractReport(
      Buffer.from(`Projektnummer: 2019/00412\n\n${block('2019/00412 - Fler jobb i gränsbygden')}`),
      { key: 'b.txt' },
    );

    expect(plain.kind).toBe('project-page');
    expect(plain.project?.name).toBe('Fler jobb i gränsbygden');
    expect(plain.project?.beneficiary).toBe('Bygdens kommun');
    expect(plain.funding?.euContribution).toBe(120_000);
    expect(coded.project?.code).toBe('2019/00412');
    expect(coded.project?.name).toBe('Fler jobb i gränsbygden');
  });
});

describe('readFacts on labels over their values', () => {
  it('reads a card of labels each over its value, as a web page sets them', () => {
    const { fields } = facts(
      'Harbour logistics\n\nTotal project cost\n€4.0M\nPeriod\n2018-12-01 → 2022-05-31\nThematic objective\nPO08\n',
      'en',
    );

    expect(fields.funding?.totalBudget).toBe(4_000_000);
    expect(fields.project?.startDate).toBe('2018-12-01');
    expect(fields.project?.endDate).toBe('2022-05-31');
    expect(fields.provenance['funding.totalBudget']).toEqual({ line: 4, text: '€4.0M' });
  });

  it('reads a form that prints each value under its `Label:`', () => {
    const { fields } = facts(
      'Projektnummer:\n2021/00777\nProjektägare:\nKungsbacka kommun\nProjektperiod:\n2021-01-01 - 2022-12-31\nUnionens medfinansieringsgrad:\n60%\nTotal projektbudget:\n2 400 000 euro\n',
      'sv',
    );

    expect(fields.project?.code).toBe('2021/00777');
    expect(fields.project?.beneficiary).toBe('Kungsbacka kommun');
    expect(fields.project?.endDate).toBe('2022-12-31');
    expect(fields.funding?.euCofinancingRate).toBe(60);
    expect(fields.funding?.totalBudget).toBe(2_400_000);
  });

  it('reads a figure by its own label when a heading label stands before it (`Rahoitus: EU+valtio …`)', () => {
    const { fields } = facts(
      'Hankkeen toteuttaja: Kylätalo osk\nHankkeen kustannusarvio 120.500 euroa\nRahoitus: EU+valtio 90.375,00\n          Yksityinen raha 30.125,00\n',
      'fi',
    );

    expect(fields.project?.beneficiary).toBe('Kylätalo osk');
    expect(fields.funding?.totalBudget).toBe(120_500);
    expect(fields.funding?.euAndStateGranted).toBe(90_375);
  });

  it('takes no bare figure of a Swedish text that names no euro as euros (it counts in kronor)', () => {
    const kronor = facts(
      'Projektnummer:\n2021/00777\nTotal projektbudget:\n1 981 742\nBeviljat stöd från Europa:\n990 000\n',
      'sv',
    );
    const euros = facts(
      'Projektnummer: 2021/00777\nTotal projektbudget: 198 000\nBelopp i euro.',
      'sv',
    );

    expect(kronor.fields.project?.code).toBe('2021/00777');
    expect(kronor.fields.funding).toBeUndefined();
    expect(euros.fields.funding?.totalBudget).toBe(198_000);
  });

  it('takes no empty form field or heading over a list as a label over a value', () => {
    const { fields } = facts(
      'Realised public funding, total:\n\n6 Geographical target area\n\nProgramme\n13:00 Welcome\n13:20 Tasting\n',
      'en',
    );

    expect(fields.funding).toBeUndefined();
    expect(fields.project).toBeUndefined();
  });
});

describe('readFacts on a fact list whose labels run into their values', () => {
  it('reads known labels glued to their values where several lines are so written', () => {
    const { fields } = facts(
      `Harbour Light\n\nProject information\n\nDuration1.3.2023 – 31.8.2025\nFunderCo-funded by the European Social Fund Plus (ESF+)\n\nThe project trains harbour workers.\n`,
      'en',
    );
    const alone = facts('Fundamentally new ideas\n\nDuration1.3.2023 – 31.8.2025\n', 'en');

    expect(fields.project).toMatchObject({
      startDate: '2023-03-01',
      endDate: '2025-08-31',
      fund: 'ESF+',
    });
    expect(alone.fields.project?.startDate).toBeUndefined();
  });
});

describe('readFacts on a page of labels over their values', () => {
  it('reads each label over its value, and no bare word of the page furniture as a label', () => {
    const { fields } = facts(
      'Hanke\nKehittämishanke - 254001\n\nKylien polut\n\nHankenumero\n\n254001\n\nLoppumispäivämäärä\n\n30.6.2026\n',
      'fi',
    );

    expect(fields.project?.code).toBe('254001');
    expect(fields.project?.endDate).toBe('2026-06-30');
    expect(fields.project?.name).toBeUndefined();
  });
});

describe('readFacts on a form flattened to one line', () => {
  it('reads each known label up to the next label, an organisation to the word its name ends in', () => {
    const filler =
      'Tuensaaja on velvollinen noudattamaan päätöksen ehtoja ja ilmoittamaan muutoksista. '.repeat(
        4,
      );
    const { fields } = facts(
      `1 Päätös ${filler}Hankekoodi: A70726 Toimintalinja: 1. Pk-yritystoiminnan kilpailukyky Erityistavoite: 1.1. Uuden liiketoiminnan luominen Kustannusmalli: Flat rate 24 % Rahoittava viranomainen: Uudenmaan liitto Päätös Kestävää kasvua ja työtä Suomen rakennerahasto-ohjelma Päätöksen tila: Voimassa`,
      'fi',
    );

    expect(fields.project?.code).toBe('A70726');
    expect(fields.project?.priorityAxis).toBe('1. Pk-yritystoiminnan kilpailukyky');
    expect(fields.project?.specificObjective).toBe('1.1. Uuden liiketoiminnan luominen');
    expect(fields.project?.managingAuthority).toBe('Uudenmaan liitto');
  });

  it('reads a code after its label in a flattened form without colons', () => {
    const filler =
      'Viranomaisen merkintöjä Saapumispvm Diaarinumero Käsittelijä Puhelinnumero '.repeat(5);
    const { fields } = facts(
      `1 ESR-PROJEKTISUUNNITELMA ${filler}Hakemusnumero Projektikoodi S12345 Hakemustyyppi Uusi hakemus Tila Käynnissä`,
      'fi',
    );

    expect(fields.project?.code).toBe('S12345');
  });

  it('leaves out a value too long to bound', () => {
    const filler =
      'Tuensaaja on velvollinen noudattamaan päätöksen ehtoja ja ilmoittamaan muutoksista. '.repeat(
        4,
      );
    const { fields } = facts(
      `1 Päätös ${filler}Hankekoodi: A70726 Toimintalinja: 1. Pk-yritystoiminnan kilpailukyky Rahoittava viranomainen: Maakunnan kehittämisen ja rahoituksen yksikkö Päätös Kestävää kasvua ja työtä Suomen rakennerahasto-ohjelma Päätöksen tila: Voimassa`,
      'fi',
    );

    expect(fields.project?.code).toBe('A70726');
    expect(fields.project?.managingAuthority).toBeUndefined();
  });
});

describe('extractReport with labelled facts', () => {
  const extract = (text: string) =>
    extractReport(new TextEncoder().encode(text), { key: 'doc.txt' });

  it('returns the labelled facts of a document of unknown kind, and keeps it unknown', () => {
    const record = extract(
      'Joensuu 14.10.2025\n\nMAKSATUSHAKEMUKSEN SAATE\n\nHankekoodi: J30411\nHankkeen nimi: Metsäbiotalouden osaajat Pohjois-Karjalassa\n\nLähetämme oheisena hankkeen neljännen maksatushakemuksen.',
    );

    expect(record.kind).toBe('unknown');
    expect(record.project?.code).toBe('J30411');
    expect(record.provenance['project.name']?.line).toBe(6);
    expect(record.checks.map((c) => c.id)).toContain('unknown-kind');
  });

  it('reads a project block as a project page', () => {
    const record = extract(
      '# Laserleikkurin datan keruu\n\n## Hanketiedot\n\n* Hankkeen nimi: Datasta ketteryyttä (TehoData)\n* Rahoittaja: Keski-Suomen ELY/ Euroopan sosiaalirahasto ESR\n* Aikataulu: 1.9.2021–31.10.2023\n',
    );

    expect(record.kind).toBe('project-page');
    expect(record.project).toMatchObject({
      name: 'Datasta ketteryyttä',
      acronym: 'TehoData',
      fund: 'ESF',
      startDate: '2021-09-01',
      endDate: '2023-10-31',
    });
  });

  it('keeps a sum in kronor out of the euro fields and names the currency', () => {
    const record = extract(
      'Projektnamn: Kustbanan\nProjektkod: S1\nTotal budget: 7,4 miljoner kronor\n',
    );

    expect(record.funding?.totalBudget).toBeUndefined();
    expect(record.checks.find((c) => c.id === 'non-euro-amount')?.message ?? '').toMatch(/SEK/u);
  });

  it('gives a conflicting-values check and no value for a label stated twice differently', () => {
    const record = extract('Hankekoodi: A70053\nHankkeen nimi: Testi\nHankekoodi: A70054\n');

    expect(record.project?.code).toBeUndefined();
    expect(record.checks).toContainEqual(
      expect.objectContaining({
        id: 'conflicting-values',
        severity: 'info',
        fields: ['project.code'],
      }),
    );
  });
});

describe('readFacts on rows of project-list exports', () => {
  const header =
    'Operation name,Recipient organisation,Programme,Summary of operation (max 100 words),Start date,End date,Union co-financing rate,Notes';

  it('reads a row whose quoted summary runs over several lines, and its empty last cell', () => {
    const text = `${header}\nHarbour Skills,Port Training Ltd,ESF,"Trains dock workers.\nSecond paragraph, with a comma.",01-Mar-17,31. Dez 19,0.45,\n`;
    const read = facts(text, 'en');

    expect(valueAt(read.fields, 'project.name')).toBe('Harbour Skills');
    expect(valueAt(read.fields, 'project.beneficiary')).toBe('Port Training Ltd');
    expect(valueAt(read.fields, 'project.summary')).toBe(
      'Trains dock workers.\nSecond paragraph, with a comma.',
    );
    expect(valueAt(read.fields, 'project.startDate')).toBe('2017-03-01');
    expect(valueAt(read.fields, 'project.endDate')).toBe('2019-12-31');
    expect(valueAt(read.fields, 'funding.euCofinancingRate')).toBe(45);
    // The programme column names only the fund.
    expect(valueAt(read.fields, 'project.fund')).toBe('ESF');
    expect(valueAt(read.fields, 'project.programme')).toBeUndefined();
  });

  it('leaves a column out whose note is itself another label', () => {
    const text =
      'Project Name (Beneficiary),Type of fund,Start date\nNorth Swimming Club,ERDF,25.10.2007\n';
    const read = facts(text, 'en');

    expect(valueAt(read.fields, 'project.name')).toBeUndefined();
    expect(valueAt(read.fields, 'project.fund')).toBe('ERDF');
  });

  it('reads a two-digit year only from a whole date cell, never from running text', () => {
    const text = 'Project name: Harbour Skills\nStart date: starts 1 Mar 17 weeks after approval\n';

    expect(valueAt(facts(text, 'en').fields, 'project.startDate')).toBeUndefined();
  });
});

describe('readFacts on a Finnish project list row', () => {
  it('reads the status column of the 2007-2013 list', () => {
    const text =
      'Koodi,Rahasto,Projektin nimi,Toiminnan tila,Aloituspvm\nA12345,EAKR,Testihanke,Toiminta päättynyt,1.2.2010\n';

    expect(valueAt(facts(text, 'fi').fields, 'project.status')).toBe('ended');
  });
});

describe('approximate amounts', () => {
  it('keeps an amount stated as approximate, with an info check naming it', () => {
    const record = extractReport(
      new TextEncoder().encode(
        'Project name: Harbour Skills\nProject code: HS-2024-01\nTotal budget: approximately 1.6 million euro\n',
      ),
      { key: 'doc.txt' },
    );

    expect(record.funding?.totalBudget).toBe(1_600_000);
    const check = record.checks.find((c) => c.id === 'approximate-amount');
    expect(check?.severity).toBe('info');
    expect(check?.fields).toEqual(['funding.totalBudget']);
  });

  it('leaves out an amount stated only as a bound', () => {
    const record = extractReport(
      new TextEncoder().encode(
        'Project name: Harbour Skills\nProject code: HS-2024-01\nTotal budget: over 2 million euro\n',
      ),
      { key: 'doc.txt' },
    );

    expect(record.funding?.totalBudget).toBeUndefined();
  });
});
