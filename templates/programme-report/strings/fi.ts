import type { ProgrammeStrings } from './types.ts';

export const fi: ProgrammeStrings = {
  eyebrow: 'Ohjelmaraportti',
  title: (authority, period) => `${authority}: ohjelmakausi ${period}`,
  subtitle: (projects, documents, linked) =>
    `${projects} hanketta ${documents} asiakirjasta; ${linked} asiakirjaa koski jo laskettua hanketta`,
  headerRight: 'Ohjelmaraportti',
  attachmentDescription: 'Ohjelman luvut, joista tämä raportti on tehty (JSON)',
  keyFigures: {
    projects: 'Hankkeita',
    granted: 'EU- ja valtion rahoitus myönnetty',
    realised: 'EU- ja valtion rahoitus toteutunut',
    jobs: 'Syntyneet työpaikat (toteutunut)',
  },
  totals: {
    heading: 'Rahoitus',
    intro:
      'Hankkeiden ilmoittamien lukujen summat; hanke, joka ei ilmoita lukua, ei lisää summaan mitään, ja taulukko kertoo, moniko hanke sen ilmoittaa.',
    byFund: 'Rahoitus rahastoittain',
    byPriorityAxis: 'Rahoitus toimintalinjoittain',
    byRegion: 'Rahoitus alueittain',
    group: 'Ryhmä',
    projects: 'Hankkeita',
    totalBudget: 'Kokonaisbudjetti',
    planned: 'Julkinen rahoitus suunniteltu',
    granted: 'EU ja valtio myönnetty',
    realised: 'EU ja valtio toteutunut',
    euContribution: 'EU-osuus',
    total: 'Yhteensä',
    stated: (stated, projects) => `ilmoittaa ${stated}/${projects} hanketta`,
    moreGroups: (count) =>
      `${count} muuta ryhmää on laskettu yhteen viimeiselle riville; kaikki ryhmät ovat XLSX-tiedostossa.`,
    otherGroups: 'Muut ryhmät',
    chartTitle: 'Myönnetty ja toteutunut EU- ja valtion rahoitus rahastoittain',
    chartAlt: (summary) =>
      `Pylväskaavio myönnetystä ja toteutuneesta rahoituksesta rahastoittain: ${summary}.`,
  },
  indicators: {
    heading: 'Työpaikat ja yritykset',
    caption: 'Syntyneet työpaikat ja yritykset, suunniteltu ja toteutunut',
    indicator: 'Indikaattori',
    womenShare: 'Naisten osuus toteutuneesta',
    womenShareNote: (projects) =>
      `Naisten osuus lasketaan ${projects} hankkeesta, jotka ilmoittavat sekä toteutuneen että naisten toteutuneen määrän.`,
    chartAlt: (summary) =>
      `Pylväskaavio suunnitelluista ja toteutuneista työpaikoista ja yrityksistä: ${summary}.`,
  },
  horizontal: {
    heading: 'Horisontaaliset periaatteet',
    genderCaption: 'Tasa-arvo: moniko hanke vastaa kyllä, ei tai ei mitään',
    notStated: 'Ei ilmoitettu',
    sustainabilityCaption: 'Kestävä kehitys: ilmoittaneiden hankkeiden keskiarvo (0–10)',
    averageDirect: 'Välitön, keskiarvo',
    averageIndirect: 'Välillinen, keskiarvo',
    projectsStating: 'Ilmoittaneita hankkeita',
  },
  redFlags: {
    heading: 'Hankkeet, joissa on huomioita',
    intro:
      'Hankkeet, joiden asiakirjoissa on virhe- tai varoitushavaintoja tai joiden avainlukuja (myönnetty ja toteutunut rahoitus, toteutuneet työpaikat ja yritykset) kukaan ei ole tarkistanut; eniten virheitä ensin.',
    none: 'Yhdessäkään hankkeessa ei ole virhe- tai varoitushavaintoja.',
    caption: 'Hankkeet, joissa on virhe- tai varoitushavaintoja',
    project: 'Hanke',
    errors: 'Virheitä',
    warnings: 'Varoituksia',
    unreviewed: 'Tarkistamattomat avainluvut',
    checks: 'Havainnot',
    more: (count) => `${count} muuta hanketta, joissa on havaintoja, on lueteltu XLSX-tiedostossa.`,
  },
  notes: {
    heading: 'Miten raportti laskee',
    counting:
      'Saman hankkeen asiakirjat (hankekuvaus, julkinen hankesivu, rahoituspäätöksen rivi) yhdistetään hankekoodilla, Y-tunnuksella ja hankkeen nimellä tai hankkeen nimellä ja organisaatiolla; kukin hanke lasketaan kerran, ja sen luvut otetaan ensisijaisesti sen omasta raportista.',
    exact: 'Summat ovat sentin tarkkoja.',
    periodNotStated: (n) =>
      `${n} tämän hallintoviranomaisen hanketta ei ilmoita ohjelmakautta, eikä niitä ole laskettu mukaan.`,
  },
};
