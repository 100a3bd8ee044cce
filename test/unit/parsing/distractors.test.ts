import { describe, expect, it } from 'vitest';
import { rejectionOf } from '../../../shared/parsing/extract.ts';
import { extractText } from '../../helpers/fixtures.ts';

const kohesio = (
  contribution: string,
  narrative: string,
) => `Kohesio: discover EU projects in your region

project info
Start date: 1 March 2019
End date: 28 February 2021
funding
Fund: European Regional Development Fund (ERDF)
Total budget: €400,000.00
EU contribution: ${contribution}
programme
Programming period: 2014-2020
Managing authority: Pohjois-Pohjanmaan liitto

Smart Harbour Logistics

${narrative} The project develops digital services for small harbours and their logistics operators, pilots new booking systems and trains the staff of the participating companies in the use of the new tools during the project.

Flag of Finland  Finland
`;

describe('distractors', () => {
  it('does not read a percentage in the narrative as the co-financing rate', () => {
    const record = extractText(
      kohesio('€280,000.00', 'About 70% of the harbours in the region lack digital booking.'),
    );

    expect(record.funding?.euContribution).toBe(280000);
    expect(record.funding?.euCofinancingRate).toBeUndefined();
  });

  it('reads the rate that stands with the EU contribution', () => {
    const record = extractText(kohesio('€280,000.00 (70,00%)', 'About 40% lack booking.'));

    expect(record.funding?.euCofinancingRate).toBe(70);
    expect(record.checks).toEqual([]);
  });

  it('does not read a publication date or an opening date as the deadline', () => {
    const record = extractText(`Etusivu / Ajankohtaista
Kehittämisrahaa haettavana
Julkaistu 4.5.2020 klo 9.00

Avustusta voivat hakea kunnat ja yhdistykset.
Hakuaika alkaa 11.5.2020.
Hakuaika päättyy 15.6.2020 klo 16.15.
Avustusta voidaan myöntää enintään 60 % hyväksyttävistä kustannuksista.
`);

    expect(record.kind).toBe('funding-call');
    expect(record.call?.deadline).toBe('2020-06-15T16:15:00+03:00');
    expect(record.call?.maxFundingRate).toBe(60);
    expect(record.call?.applicants).toBe('kunnat ja yhdistykset');
  });

  it('reads a list of awards written as sentences, a quoted project before its organisation', () => {
    const record = extractText(`Sex får bygdepengar

Sex projekt föreslås få finansiering från den lokala aktionsgruppen.
Här är mottagarna:
”Bygdens bok”, som drivs av Norrby hembygdsförening. 4.200 euro.
”Nytt tak på dansbanan”, Södra ungdomsförening. 12.950 euro.
”Kajen”, Byns båtlag. 880 euro.
`);

    expect(record.kind).toBe('grant-decisions');
    expect(record.awards).toEqual([
      { recipient: 'Norrby hembygdsförening', amount: 4200, note: 'Bygdens bok' },
      { recipient: 'Södra ungdomsförening', amount: 12950, note: 'Nytt tak på dansbanan' },
      { recipient: 'Byns båtlag', amount: 880, note: 'Kajen' },
    ]);
  });

  it('takes no section heading, empty label or wrapped line of prose for a Swedish page’s title', () => {
    const portal = extractText(`Kohesio: Upptäck EU-projekt i din region

Projektinformation
Startdatum: 1 mars 2020
Slutdatum: 31 december 2022
Fond: Europeiska regionala utvecklingsfonden (ERUF)
Total budget: 420 000,00 €
EU-bidrag: 168 000,00 € (40%)
stödmottagare

Bättre båtförbindelser i skärgården

I skärgården ska små företag och kommuner tillsammans utveckla nya förbindelser mellan öarna så att fler kan bo och arbeta där året runt.
`);
    const wrapped = extractText(`Skärgårdens kompetens

Europeiska regionala utvecklingsfonden ERUF

Period: 1.1.2019 - 31.12.2020

Innehåll: Det är välkänt att tillgången på utbildad arbetskraft
är en förutsättning för regionens företag och för
skärgårdens kommuner och föreningar
som vill växa. Projektet bygger en modell där studerande gör uppdrag åt
företagen och lär sig av dem samtidigt som företagen får hjälp.

Projektägare: Skärgårdens yrkesskola
Total budget: 250 000 euro
`);

    expect(portal.project?.name).toBe('Bättre båtförbindelser i skärgården');
    expect(portal.project?.beneficiary).toBeUndefined();
    expect(wrapped.kind).toBe('project-page');
    expect(wrapped.project?.name).toBe('Skärgårdens kompetens');
  });

  it('reads a call announced in running prose: open until a date and hour, rates and applicants in sentences', () => {
    const until =
      extractText(`The Interreg Baltic Coast programme launched its 3rd call for proposal, open until 14 March 2025 h 16:00 CET. The call offers around 40 million euro. The co-financing rates reach up to 80% depending on the partner's country.
Partnerships can be formed by public authorities and non-profit organisations.
`);
    const ceiling = extractText(`Call 2 of the Interreg Lakes programme is open
A new Call for Proposals was published by the managing authority on 1 September.
ERDF cofunding cannot exceed 65% of the total project cost. Eligible applicants may be both public and private entities.
`);
    const labelled =
      extractText(`The managing authority publishes the 2nd Call for Project Proposals.
Call budget:
- Public expenditure: €5,000,000
- ERDF co-financing rate: 85%
Submission period:
The call will remain open for 30 calendar days from its publication.
`);

    expect(until.kind).toBe('funding-call');
    expect(until.call).toMatchObject({
      deadline: '2025-03-14T16:00:00+01:00',
      maxFundingRate: 80,
      applicants: 'public authorities and non-profit organisations',
    });
    expect(ceiling.kind).toBe('funding-call');
    expect(ceiling.call).toMatchObject({
      maxFundingRate: 65,
      applicants: 'both public and private entities',
    });
    expect(labelled.kind).toBe('funding-call');
    expect(labelled.call?.maxFundingRate).toBe(85);
    expect(labelled.call?.deadline).toBeUndefined();
  });

  it('reads a project page told in sentences: who runs it, which fund pays and when it runs', () => {
    const record = extractText(`Kylien kehittäjä -logo

Nuoret kylissä

Nuoret kylissä -hankkeella tuodaan nuoria mukaan kylien kehittämiseen ja vahvistetaan heidän osallisuuttaan kotiseudun tapahtumissa ja päätöksenteossa koko alueella.

Hankkeen toteuttajana on Kylien kehittäjä ry. Hankkeen mahdollistaa Pohjois-Savon ELY-keskus Maaseuturahastosta. Hanke toteutetaan ajalla 1.3.2022-28.2.2024.
`);
    const advert = extractText(`Project coordinator wanted

The university is looking for a coordinator for a project which is funded by the European Social Fund. The project runs from 1 March 2026 to 31 December 2027.

Send your application by 5 January 2026.
`);

    expect(record.kind).toBe('project-page');
    expect(record.project).toMatchObject({
      name: 'Nuoret kylissä',
      beneficiary: 'Kylien kehittäjä ry',
      fund: 'EAFRD',
      startDate: '2022-03-01',
      endDate: '2024-02-28',
    });
    expect(advert.project?.fund).toBeUndefined();
    expect(advert.project?.startDate).toBeUndefined();
  });

  it('reads awards that name the project, then the recipient and the sum in brackets', () => {
    const record = extractText(`Maakunnan yhteistyöryhmän päätökset

Yhteistyöryhmän puoltamat kolme hanketta käyttävät yhteensä 540 000 euroa EU- ja valtion rahoitusta.

  • Järvet kuntoon (Järviseudun kuntayhtymä, 210 500€). Hankkeessa kunnostetaan alueen järviä yhdessä asukkaiden kanssa.
  • Digiloikka yrityksiin (Seudun ammattikorkeakoulu Oy, 180 000€). Tavoitteena on vahvistaa pk-yritysten digitaitoja.
  • Matkailun uusi aika (Kehitysyhtiö Oy, 149 500€). Hanke kehittää matkailuyritysten yhteistä markkinointia.
`);

    expect(record.kind).toBe('grant-decisions');
    expect(record.awards).toEqual([
      { recipient: 'Järviseudun kuntayhtymä', amount: 210500, note: 'Järvet kuntoon' },
      { recipient: 'Seudun ammattikorkeakoulu Oy', amount: 180000, note: 'Digiloikka yrityksiin' },
      { recipient: 'Kehitysyhtiö Oy', amount: 149500, note: 'Matkailun uusi aika' },
    ]);
    expect(record.awardsStatedTotal).toBe(540000);
  });

  it('keeps an approximate awards total with an info check, and takes no bound for a total', () => {
    const about = extractText(`Tre nya projekt prioriterade

Av fem ansökningar förordades tre projekt ett sammanlagt stöd om ca 96 200 euro.

De tre projekten som prioriterades är:

  • Nytt tak, Byns hembygdsförening rf
  • Sommarscen, Kulturföreningen Scenen rf
  • Motionsspår, Idrottsklubben IK
`);
    const over = extractText(`Tre nya projekt prioriterade

Av fem ansökningar förordades tre projekt ett sammanlagt stöd om över 96 200 euro.

De tre projekten som prioriterades är:

  • Nytt tak, Byns hembygdsförening rf
  • Sommarscen, Kulturföreningen Scenen rf
  • Motionsspår, Idrottsklubben IK
`);

    expect(about.kind).toBe('grant-decisions');
    expect(about.awardsStatedTotal).toBe(96200);
    expect(about.checks.map((c) => c.id)).toContain('approximate-amount');
    expect(over.awardsStatedTotal).toBeUndefined();
  });

  it.each([
    ['Projektet beviljat i landsbygdsfonden, genomförande, företagsstöd.', 'EAFRD'],
    ['Projektet finansieras av Jordbruksfonden och Leader Mittland.', 'EAFRD'],
    ['Hankkeen rahoittaa ELY-keskus Maaseuturahastosta.', 'EAFRD'],
  ])('names the fund of a project page from a sentence of funding: %s', (sentence, fund) => {
    const record = extractText(`Bygdens nya mötesplats

Projektägare: Bygdens hembygdsförening
Projekttid: 2023-01-01 – 2024-12-31

${sentence}
`);

    expect(record.project?.fund).toBe(fund);
  });

  it('reads the end of a selection period as the deadline of a call taken up in periods', () => {
    const record = extractText(`Hanke- ja yritystuet

Tukia voi hakea jatkuvasti, mutta hakemukset otetaan käsittelyyn valintajaksoittain.

Valintajakso 1.5.2025–30.9.2025

Tukea voivat hakea yritykset ja yhdistykset.
`);

    expect(record.kind).toBe('funding-call');
    expect(record.call?.deadline).toBe('2025-09-30');
  });

  it('reads a count of approved projects over their list, though no sum is named', () => {
    const record = extractText(`9 new small-scale projects approved by the Interreg Fjord Programme

The Steering Committee has approved 9 new small-scale projects in May 2025. The projects will work across borders on:

  • Harbour lights – project partners are Fjord University and Coast Cluster ry
  • Ferry data – project partners are Port Authority AB and Sound Institute
`);

    expect(record.kind).toBe('grant-decisions');
    expect(record.awardsStatedCount).toBe(9);
  });

  it('takes no total where a larger sum granted beside it makes it a part', () => {
    const record = extractText(`ELY-keskus myönsi hanketukea 4 miljoonaa euroa

Keski-Maan ELY-keskus on myöntänyt syksyllä 2024 hanketukea rakennerahasto-ohjelmasta 4 120 300 euroa. Keski-Maalle EU:n ja valtion tukea myönnettiin yhteensä 1 310 000 euroa.

  • Kylät verkkoon, Kyläyhdistys ry, 120 000 euroa
  • Yritysten digiloikka, Kehitysyhtiö Oy, 250 000 euroa
`);

    expect(record.kind).toBe('grant-decisions');
    expect(record.awardsStatedTotal).toBeUndefined();
  });

  it('does not read the day a call opened as its deadline', () => {
    const record = extractText(`Maaseudun yritystukien haku on alkanut 3.3.2025
Haut ovat käynnissä koko maakunnassa. Tukea voivat hakea maaseudun yritykset.
Vuonna 2025 alueella on jaossa noin 4 miljoonaa euroa.
`);

    expect(record.kind).toBe('funding-call');
    expect(record.call?.deadline).toBeUndefined();
  });

  it('reads a deadline whose hour is written before the date, not a meeting in the next sentence', () => {
    const record = extractText(`Open call for applications: Culture Bridges 2025
The deadline for applications is 5 p.m. CET on 12 February 2025. The board meets on 14 April 2025.
Eligible applicants are cultural organisations in the Nordic countries.
`);

    expect(record.call?.deadline).toBe('2025-02-12T17:00:00+01:00');
  });

  it('gives no deadline for a rolling call whose board meetings are dated', () => {
    const record = extractText(`Kohdeapurahat – jatkuva haku
Haku on avoinna jatkuvasti. Hallitus käsittelee hakemukset kokouksissaan 12.3. ja 11.6.2025.
Apurahaa voivat hakea yhdistykset.
`);

    expect(record.kind).toBe('funding-call');
    expect(record.call?.deadline).toBeUndefined();
  });

  it('does not read a minimum own-financing share as the maximum funding rate', () => {
    const record = extractText(`Maakunnan kehittämisrahaa haettavana 15.6.2020 asti
Rahoitusta voivat hakea kunnat ja yhdistykset.
Hakijan omarahoitusosuuden tulee olla vähintään 20 prosenttia hankkeen kokonaiskustannuksista.
Hakemukset jätetään sähköisesti.
`);

    expect(record.call?.deadline).toBe('2020-06-15');
    expect(record.call?.maxFundingRate).toBeUndefined();
  });

  it("does not take a co-implementer's business id as the beneficiary's", () => {
    const record = extractText(`Euroopan aluekehitysrahaston (EAKR) rahoittaman hankkeen kuvaus
1 Hanke
Hankekoodi: A70001
Hankkeen nimi: Testihanke
Toimintalinja: 2. Uusimman tiedon tuottaminen ja hyödyntäminen
Erityistavoite: 4.1. Alueellisten innovaatiokeskittymien osaamisen ja innovaatiotoiminnan vahvistaminen
Vastuuviranomainen: Pohjois-Pohjanmaan liitto
2 Hakijan perustiedot
Hakijan virallinen nimi: Oulun yliopisto
Y-tunnus:
Osatoteuttajat
Osatoteuttajan nimi: Oulun ammattikorkeakoulu Oy
Y-tunnus: 2472908-2
`);

    expect(record.kind).toBe('project-description');
    expect(record.project?.beneficiary).toBe('Oulun yliopisto');
    expect(record.project?.businessId).toBeUndefined();
  });

  it('does not take the next pipe-table row as the value of an empty cell', () => {
    const record = extractText(`| Project code | A80001 |
| Specific objective | 1.1 Research and innovation |
| Responsible authority | Regional Council of Lapland |
| Realised public funding, total | |
| Private funding | 12 500 EUR |
`);

    expect(record.kind).toBe('project-description');
    expect(record.project?.code).toBe('A80001');
    expect(record.funding?.publicRealised).toBeUndefined();
  });

  it('reads an EU share given only as a percentage as the rate, not as a sum', () => {
    const record = extractText(`Hankekoodi: A80002
Erityistavoite: 1.1 Tutkimus- ja innovointivalmiudet
Vastuuviranomainen: Lapin liitto
Hyväksyttävät kokonaiskustannukset: 500 000 €
EU:n osuus: 40 %
`);

    expect(record.funding?.euContribution).toBeUndefined();
    expect(record.funding?.euCofinancingRate).toBe(40);
  });

  it('reads the awarded amount, not the amount applied for', () => {
    const record = extractText(`Maakuntahallitus myönsi rahoitusta kolmelle hankkeelle
Hakemuksia saapui 9, ja niissä haettiin yhteensä 400 000 euroa.
Maakuntahallitus myönsi yhteensä 150 000 euroa kolmelle hankkeelle.

Hakija | Haettu € | Myönnetty €
Kajaanin kaupunki | 120 000 | 70 000
Kainuun liitto | 90 000 | 50 000
Sotkamon kunta | 40 000 | 30 000
`);

    expect(record.kind).toBe('grant-decisions');
    expect(record.awards).toEqual([
      { recipient: 'Kajaanin kaupunki', amount: 70000 },
      { recipient: 'Kainuun liitto', amount: 50000 },
      { recipient: 'Sotkamon kunta', amount: 30000 },
    ]);
    expect(record.awardsStatedTotal).toBe(150000);
    expect(record.awardsStatedCount).toBe(3);
    expect(record.applicationsReceived).toBe(9);
    expect(record.checks).toEqual([]);
  });

  it('gives no award for a row whose granted cell is 0 or a dash', () => {
    const record =
      extractText(`Lautakunta myönsi avustuksia kahdelle yhdistykselle yhteensä 5 000 euroa.
Hakija | Haettu € | Myönnetty € | Huomautus
Kymin Nuorisoseura ry | 2 500 | 2 000 |
Karhulan Bändikoulu ry | 3 800 | 0 | hakemus saapui liian myöhään
Kotkan Taekwondo ry | 4 500 | 3 000 |
Kotkan Skeittarit ry | 3 000 | – | ei avustuskelpoinen
`);

    expect(record.awards?.map((a) => a.recipient)).toEqual([
      'Kymin Nuorisoseura ry',
      'Kotkan Taekwondo ry',
    ]);
  });

  it('reads the awarded column when the applied-for column comes second', () => {
    const record = extractText(`Beviljade understöd 2023
Nämnden har beviljat sammanlagt 45 000 euro till två föreningar.
Förening\tBeviljat\tAnsökt
Vasa Konstförening rf\t20 000 €\t30 000 €
Kvevlax Idrottsförening rf\t25 000 €\t40 000 €
`);

    expect(record.awards?.map((a) => a.amount)).toEqual([20000, 25000]);
  });

  it('never takes a phone number in a contact line as an award', () => {
    const record =
      extractText(`Ministeriö myönsi avustusta kahdelle hankkeelle yhteensä 300 000 euroa.
Espoon kaupunki 100 000 euroa
Vantaan kaupunki 200 000 euroa
Lisätietoja: erityisasiantuntija Maija Meikäläinen, p. 0295 250 117, maija.meikalainen@vm.fi
`);

    expect(record.awards).toHaveLength(2);
    expect(JSON.stringify(record)).not.toContain('Meikäläinen');
  });

  it('does not take a decision date after a round as the next round closing', () => {
    const record = extractText(`Kaupunki julistaa haettavaksi kulttuuriavustukset.
Avustusta voivat hakea rekisteröidyt yhdistykset.
1. hakukierros päättyy 31.3.2025 klo 16, ja päätökset tehdään kierroksen jälkeen 15.5.2025.
`);

    expect(record.kind).toBe('funding-call');
    expect(record.call?.deadline).toBe('2025-03-31T16:00:00+03:00');
  });

  it('does not split prose with semicolons into table cells', () => {
    const record = extractText(`Maakuntahallitus myönsi avustuksia kahdelle yhdistykselle.
Avustukset: kylätalot; kesäjuhlat; opasteet; retket ja muut tapahtumat.
Kylä ry\t\t2 000 €
Seura ry\t\t3 000 €
`);

    expect(record.provenance['awards.0.amount']?.text).toBe('Kylä ry\t\t2 000 €');
    expect(record.awards?.map((a) => a.recipient)).toEqual(['Kylä ry', 'Seura ry']);
  });

  it('reads the stated total from a total row whose word ends in a non-ASCII letter', () => {
    const record = extractText(`Hakija;Hanke;Haettu €;Myönnetty €
"Kylä ry";"Kylätalo";"2 500,00";"2 000,00"
"Seura ry";"Retki";"4 000,00";"3 000,00"
"Yhteensä";"";"6 500,00";"5 500,00"
`);

    expect(record.kind).toBe('grant-decisions');
    expect(record.awardsStatedTotal).toBe(5500);
    expect(record.checks.map((c) => c.id)).toEqual(['awards-total-mismatch']);
  });
  it('reads the region a Kohesio flag line names before its country, and no region from a country alone', () => {
    const withRegion = extractText(
      kohesio('€240,000.00', 'Intro.').replace(
        'Flag of Finland  Finland',
        'Flag of Finland  Central Finland, Finland',
      ),
    );
    const countryOnly = extractText(kohesio('€240,000.00', 'Intro.'));

    expect(withRegion.project?.region).toBe('Central Finland');
    expect(withRegion.provenance['project.region']?.text).toBe(
      'Flag of Finland  Central Finland, Finland',
    );
    expect(countryOnly.project?.region).toBeUndefined();
    expect(countryOnly.project?.country).toBe('FI');
  });

  it('takes no total in kronor as a euro total, and no total the whole EU granted', () => {
    const kronor = extractText(`# Två organisationer tilldelas medel

Förening Ett tilldelas 5 200 000 kronor för utbildningar. Av de beviljade medlen ska minst 700 000 kronor användas för skolor.

Förening Två tilldelas 800 000 kronor för resor.

Av de tilldelade medlen är sammanlagt 1 miljon kronor öronmärkta för skolor.
`);
    const euWide = extractText(`# Svenska projekt får medel

Totalt har fyra svenska projekt beviljats medel.

* **Kabel Ett.** En ny kabel.
* **Kabel Två.** En andra kabel.

Inom fonden har aktörer från hela Europa möjlighet att ansöka. Totalt har 56 projekt beviljats 389 miljoner euro i medel.
`);

    expect(kronor.kind).toBe('grant-decisions');
    expect(kronor.awardsStatedCount).toBe(2);
    expect(kronor.awardsStatedTotal).toBeUndefined();
    expect(euWide.kind).toBe('grant-decisions');
    expect(euWide.awardsStatedCount).toBe(4);
    expect(euWide.awardsStatedTotal).toBeUndefined();
  });

  it('reads a sum shared out among a count of projects as the total, not a programme’s running total', () => {
    const record = extractText(`9.6 million euros of ERDF approved for 3 new projects

Our project selection committee met in Lille last week. The Programme has now approved 21 projects in total, with a combined ERDF of 61.2 million euros.

Led by the Port of Dover, the project improves the ferry link.
ERDF Contribution: 4.1 million euros
`);
    expect(record.kind).toBe('grant-decisions');
    expect(record.awardsStatedCount).toBe(3);
    expect(record.awardsStatedTotal).toBe(9_600_000);
  });

  it('gives each grantee of a list the one sum its lead-in grants each, and none to a list of sentences', () => {
    const record = extractText(`The ministry shared out new money among the regional groups today.

The 3 groups who will be offered funding of €250,000 each are:

· North Coast

· Lakeland West

· Upper Valley

The groups ranked fourth and fifth missed out.
`);
    const sentences = extractText(`Grants of €10,000 each are:

- Paid in two parts.
- Reported on once a year.
`);

    expect(record.kind).toBe('grant-decisions');
    expect(record.awards).toEqual([
      { recipient: 'North Coast', amount: 250_000 },
      { recipient: 'Lakeland West', amount: 250_000 },
      { recipient: 'Upper Valley', amount: 250_000 },
    ]);
    expect(sentences.awards ?? []).toEqual([]);
  });

  it('reads a call page’s status line as its closing date and the first sentence under “who may apply”', () => {
    const record = extractText(`Stöd till besöksnäringen i Norrbotten

 • Stängd 4 april 2024
 • Norrbotten

Nu finns möjlighet att söka EU-finansiering för att utveckla besöksnäringen.

Vem kan söka?

Kommuner, regioner och föreningar. Stöd kan inte ges till enskilda företag.

Hur mycket kan ni få i stöd?

Regionalfonden kan finansiera maximalt 50 procent av de totala kostnaderna.
`);

    expect(record.kind).toBe('funding-call');
    expect(record.call?.deadline?.slice(0, 10)).toBe('2024-04-04');
    expect(record.call?.applicants).toBe('Kommuner, regioner och föreningar');
    expect(record.call?.maxFundingRate).toBe(50);
  });

  it('reads a closing time written before the date with its city’s local time, and a window’s end', () => {
    const brussels = extractText(`Submission deadline

All submissions must be made by 17:00 Brussels local time, October 3rd 2024.

Proposers are encouraged to submit drafts early.
`);
    const window = extractText(`Fourth call

- Two-step call, the system is open for applications 1.9.-30.10.2024, 15:00 Finnish time
- Funding decisions in January 2025
`);

    expect(brussels.call?.deadline).toBe('2024-10-03T17:00:00+02:00');
    expect(window.kind).toBe('funding-call');
    expect(window.call?.deadline).toBe('2024-10-30T15:00:00+02:00');
  });

  it('reads a sum allocated to “these N projects” as the stated total', () => {
    const record = extractText(`Call for projects 2014

The 2nd Call closed on May 30th 2014.
21 Applications were received.
The Monitoring Committee approved 9 projects under four priorities.
The total amount of ERDF allocated to these 9 projects is 11.2 million €.
`);

    expect(record.kind).toBe('grant-decisions');
    expect(record.awardsStatedCount).toBe(9);
    expect(record.awardsStatedTotal).toBe(11_200_000);
    expect(record.applicationsReceived).toBe(21);
  });

  it('takes no share of a programme budget frame as the stated total of those granted', () => {
    const record = extractText(`The first 35 regular projects approved for funding

The approved projects will be allocated in total 47.6 million euros (41 %) out of the 115 million ERDF available in the programme.

Out of the submitted 42 applications, 35 regular projects were approved for funding.
`);

    expect(record.kind).toBe('grant-decisions');
    expect(record.awardsStatedCount).toBe(35);
    expect(record.awardsStatedTotal).toBeUndefined();
  });

  it('reads a deadline whose line also says when results are published', () => {
    const record = extractText(`Call for proposals: Neighbourhood grants 2025
Eligible applicants: registered associations based in Espoo.
Proposals must be submitted no later than Monday, March 3, 2025 at 12:00. Results will be published by April 15, 2025.
`);

    expect(record.call?.deadline).toBe('2025-03-03T12:00:00+02:00');
  });

  it('reads the count of applications in words, not the number of an application round', () => {
    const record = extractText(`Beviljade utvecklingsbidrag, ansökningsomgång 2/2024
Nio ansökningar inkom. Styrelsen beslöt att bevilja två projekt bidrag om sammanlagt 9 000 euro.
Vasa universitet	5 000 €
Korsholms kommun	4 000 €
`);

    expect(record.kind).toBe('grant-decisions');
    expect(record.applicationsReceived).toBe(9);
  });

  it('does not read the share of EU and state aid in a decision as the EU co-financing rate', () => {
    const record = extractText(`BESLUT OM STÖD
Projektkod: A81460
FO-nummer: 1847329-5
Specifikt mål: 2.6 Cirkulär ekonomi
Beslutande myndighet: Nylands förbund
Förbundet beviljar stödmottagaren EU- och statlig finansiering om högst 412 380 euro.
Godtagbara kostnader totalt: 589 114 euro
Stödandel: 70 % av de godtagbara kostnaderna
`);

    expect(record.project?.managingAuthority).toBe('Nylands förbund');
    expect(record.funding?.euAndStateGranted).toBe(412380);
    expect(record.funding?.euCofinancingRate).toBeUndefined();
  });
});

describe('documents of no known kind', () => {
  it('give a record of kind unknown with the language and a reason, flagged but not rejected', () => {
    const record = extractText(
      'Pöytäkirja\n\nKokouksessa käsiteltiin kevään tapahtumat ja sovittiin, että seuraava kokous pidetään toukokuussa. Kokous päätettiin ja jäsenet kiittivät toisiaan.\n',
    );

    expect(record.kind).toBe('unknown');
    expect(record.language).toBe('fi');
    expect(record.checks).toEqual([
      expect.objectContaining({ id: 'unknown-kind', severity: 'warning' }),
    ]);
    expect(rejectionOf(record)).toBeUndefined();
  });
});
