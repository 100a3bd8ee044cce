import type { Fund, ProjectStatus, SustainabilityKey } from '../schemas/report-record.ts';
import { onFirstUse } from './once.ts';

/** Fund names and abbreviations in fi/sv/en, most specific first (ESF+ before ESF). */
const FUND_PATTERNS: ReadonlyArray<{ fund: Fund; re: RegExp }> = [
  {
    fund: 'ESF+',
    re: /(?<!\w)(?:ESF|ESR)\+|European Social Fund Plus|Euroopan sosiaalirahasto plus/iu,
  },
  {
    fund: 'JTF',
    re: /(?<!\w)JTF(?!\w)|Just Transition Fund|oikeudenmukaisen siirtymän rahasto|Fonden för en rättvis omställning/iu,
  },
  {
    fund: 'INTERREG',
    re: /(?<!\w)Interreg(?!\w)|European Territorial Cooperation|Euroopan alueellinen yhteistyö/iu,
  },
  {
    fund: 'ERDF',
    re: /(?<!\w)(?:ERDF|EAKR|ERUF|FEDER|EFRE)(?!\w)|Regional Development Fund|aluekehitysrahasto|regionala utvecklingsfonden/iu,
  },
  {
    fund: 'ESF',
    re: /(?<!\w)(?:ESF|ESR)(?!\w)|European Social Fund|sosiaalirahasto|socialfonden/iu,
  },
  { fund: 'CF', re: /Cohesion Fund|koheesiorahasto|Sammanhållningsfonden|(?<!\w)CF(?!\w)/iu },
  {
    fund: 'EAFRD',
    re: /(?<!\w)(?:EAFRD|EMOTR|ELFLU)(?!\w)|(?<!\w)Maaseuturahasto(?:sta|n|a|on|lla)?(?!\w)|Agricultural Fund for Rural Development|maaseudun kehittämisen maatalousrahasto|jordbruksfonden för landsbygdsutveckling|(?<!\w)(?:landsbygdsfonden|jordbruksfonden)(?!\w)/iu,
  },
  {
    fund: 'EMFF',
    re: /(?<!\w)(?:EMFF|EMFAF|EMKR|EMKVR|EHFF)(?!\w)|Maritime,? (?:and Fisheries|Fisheries and Aquaculture|Affairs and Fisheries) Fund|meri- ja kalatalousrahasto|havs- och fiskerifond/iu,
  },
];

export function fundOf(text: string): Fund | undefined {
  return FUND_PATTERNS.find(({ re }) => re.test(text))?.fund;
}

/** Every fund a text names, each once (`ESF+` is not also counted as `ESF`). */
const fundPatternsAll = onFirstUse(() =>
  FUND_PATTERNS.map(({ fund, re }) => ({ fund, re, all: new RegExp(re.source, `${re.flags}g`) })),
);

export function fundsOf(text: string): Fund[] {
  let rest = text;
  const funds: Fund[] = [];
  for (const { fund, re, all } of fundPatternsAll()) {
    if (!re.test(rest)) continue;
    funds.push(fund);
    rest = rest.replace(all, ' ');
  }
  return funds;
}

/** Words that stand beside a fund's name in its full form or tag (`European …`, `(CF)`). */
const FUND_NAME_FILLER =
  /^(?:[\s()[\]+,&/–-]|(?<!\w)(?:the|european|eu|euroopan|europeiska|eu:n|eu:s|fund|and|ja|och)(?!\w))*$/iu;

/** True for a line that is only a fund's name or tag (`Cohesion Fund (CF)`), as a page labels a project. */
export function isFundName(text: string): boolean {
  if (text.length > 80) return false;
  let rest = text;
  let named = false;
  for (const { re, all } of fundPatternsAll()) {
    if (!re.test(rest)) continue;
    named = true;
    rest = rest.replace(all, ' ');
  }
  return named && FUND_NAME_FILLER.test(rest);
}

const STATUS_PATTERNS: ReadonlyArray<{ status: ProjectStatus; re: RegExp }> = [
  {
    status: 'ended',
    re: /päättynyt|päättyi|loppunut|ended|finished|completed|closed|avslutad|avslutat|slutför[dt]|upphört/iu,
  },
  {
    status: 'planned',
    re: /ei (?:ole )?(?:vielä )?(?:alkanut|aloitettu|käynnistynyt)|suunnitteilla|not (?:yet )?started|planned|(?:inte|ej) (?:påbörja|inlett|startat)\p{L}*|planerad/iu,
  },
  {
    status: 'ongoing',
    re: /käynnissä|meneillään|ongoing|on-going|active|in progress|running|pågående|pågår|aktiv/iu,
  },
];

export function statusOf(text: string): ProjectStatus | undefined {
  return STATUS_PATTERNS.find(({ re }) => re.test(text))?.status;
}

const LETTER = /\p{L}/u;
const BLANK = /\s/u;

/** Whether a UTF-16 unit is a letter: Latin ones by their code, any other by the pattern. */
function isLetter(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  if (c < 0x80) return (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;
  if (c >= 0xc0 && c <= 0xff) return c !== 0xd7 && c !== 0xf7;
  return LETTER.test(text.charAt(at));
}

function isBlank(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return BLANK.test(text.charAt(at));
}

/** The word that ends a text, before blanks and a full stop (`… näkökulmasta: Kyllä.`), if any. */
function lastWord(text: string): string | undefined {
  let end = text.length;
  if (text.charAt(end - 1) === '.') end--;
  while (end > 0 && isBlank(text, end - 1)) end--;
  let start = end;
  // Letters outside the basic plane are two code units; a yes or no is in none of them.
  while (start > 0 && isLetter(text, start - 1)) start--;
  return start < end ? text.slice(start, end) : undefined;
}

/** `Kyllä`/`Yes`/`Ja` → true, `Ei`/`No`/`Nej` → false, from the answer that ends a line. */
export function yesNoOf(text: string): boolean | undefined {
  const answer = lastWord(text);
  if (!answer) return undefined;
  if (/^(?:kyllä|yes|ja|true)$/iu.test(answer)) return true;
  if (/^(?:ei|no|nej|false)$/iu.test(answer)) return false;
  return undefined;
}

/** The fifteen EURA 2014 sustainability categories, by label words in fi/sv/en. Order matters. */
const SUSTAINABILITY_PATTERNS: ReadonlyArray<{ key: SustainabilityKey; re: RegExp }> = [
  { key: 'natura2000', re: /natura\s*2000/iu },
  {
    key: 'naturalResources',
    re: /luonnonvar|natural resources|naturresurs/iu,
  },
  { key: 'climateRisks', re: /ilmastonmuuto|climate|klimat/iu },
  {
    key: 'biodiversity',
    re: /monimuotoisuu|kasvillisuus|biodiversity|biological diversity|biologisk mångfald|växtlighet/iu,
  },
  {
    key: 'waterSoilAir',
    re: /pohjave|pintave|maaperä|groundwater|surface water|soil|grundvatten|ytvatten|jordmån|mark och luft/iu,
  },
  { key: 'materialsAndWaste', re: /jätte|waste|avfall/iu },
  { key: 'renewableEnergy', re: /uusiutuv|renewable|förnybar/iu },
  { key: 'culturalEnvironment', re: /kulttuuriympäristö|cultural environment|kulturmiljö/iu },
  {
    key: 'environmentalExpertise',
    re: /ympäristöosaami|environmental (?:expertise|know-how|competence|skills)|miljökunnande|miljökompetens|miljökunskap/iu,
  },
  {
    key: 'localEconomy',
    re: /elinkeinorakente|local (?:economic|business|industr)|economic structure|näringsstruktur|näringslivsstruktur/iu,
  },
  { key: 'intangibleServices', re: /aineettom|intangible|immateriell/iu },
  {
    key: 'mobilityLogistics',
    re: /liikkumi|logistiik|mobility|logistic|transport|rörlighet|logistik/iu,
  },
  { key: 'wellbeing', re: /hyvinvoin|well-?being|välfärd|välbefinnande/iu },
  {
    key: 'socialInclusion',
    re: /yhdenvertaisuu|(?:social|societal) and cultural|samhällelig och kulturell|inclusion|equity|equal opportunit|non-discrimination|likabehandling|jämlikhet|delaktighet/iu,
  },
  { key: 'equality', re: /tasa-arvo|equality|jämställdhet/iu },
];

export function sustainabilityKeyOf(label: string): SustainabilityKey | undefined {
  return SUSTAINABILITY_PATTERNS.find(({ re }) => re.test(label))?.key;
}

const COUNTRIES: Record<string, string> = {
  austria: 'AT',
  belgium: 'BE',
  bulgaria: 'BG',
  croatia: 'HR',
  cyprus: 'CY',
  czechia: 'CZ',
  'czech republic': 'CZ',
  denmark: 'DK',
  estonia: 'EE',
  finland: 'FI',
  suomi: 'FI',
  france: 'FR',
  germany: 'DE',
  greece: 'GR',
  hungary: 'HU',
  ireland: 'IE',
  italy: 'IT',
  latvia: 'LV',
  lithuania: 'LT',
  luxembourg: 'LU',
  malta: 'MT',
  netherlands: 'NL',
  'the netherlands': 'NL',
  poland: 'PL',
  portugal: 'PT',
  romania: 'RO',
  slovakia: 'SK',
  slovenia: 'SI',
  spain: 'ES',
  sweden: 'SE',
  sverige: 'SE',
  ruotsi: 'SE',
  norway: 'NO',
  iceland: 'IS',
  österreich: 'AT',
  deutschland: 'DE',
  españa: 'ES',
  italia: 'IT',
  polska: 'PL',
  eesti: 'EE',
  latvija: 'LV',
  lietuva: 'LT',
  nederland: 'NL',
  danmark: 'DK',
  česko: 'CZ',
  hrvatska: 'HR',
  slovensko: 'SK',
  slovenija: 'SI',
  românia: 'RO',
  magyarország: 'HU',
  éire: 'IE',
  // Swedish and Finnish names, as a page in a Swedish or Finnish interface gives them.
  österrike: 'AT',
  belgien: 'BE',
  bulgarien: 'BG',
  kroatien: 'HR',
  cypern: 'CY',
  tjeckien: 'CZ',
  estland: 'EE',
  frankrike: 'FR',
  tyskland: 'DE',
  grekland: 'GR',
  ungern: 'HU',
  irland: 'IE',
  italien: 'IT',
  lettland: 'LV',
  litauen: 'LT',
  luxemburg: 'LU',
  nederländerna: 'NL',
  polen: 'PL',
  rumänien: 'RO',
  slovakien: 'SK',
  slovenien: 'SI',
  spanien: 'ES',
  norge: 'NO',
  itävalta: 'AT',
  belgia: 'BE',
  kroatia: 'HR',
  kypros: 'CY',
  tšekki: 'CZ',
  tsekki: 'CZ',
  viro: 'EE',
  ranska: 'FR',
  saksa: 'DE',
  kreikka: 'GR',
  unkari: 'HU',
  irlanti: 'IE',
  liettua: 'LT',
  alankomaat: 'NL',
  puola: 'PL',
  portugali: 'PT',
  espanja: 'ES',
  tanska: 'DK',
  norja: 'NO',
  // French and German names, as a page in the interface of an EU portal gives them.
  autriche: 'AT',
  belgique: 'BE',
  bulgarie: 'BG',
  croatie: 'HR',
  chypre: 'CY',
  tchéquie: 'CZ',
  'république tchèque': 'CZ',
  danemark: 'DK',
  estonie: 'EE',
  finlande: 'FI',
  allemagne: 'DE',
  grèce: 'GR',
  hongrie: 'HU',
  irlande: 'IE',
  italie: 'IT',
  lettonie: 'LV',
  lituanie: 'LT',
  malte: 'MT',
  'pays-bas': 'NL',
  pologne: 'PL',
  roumanie: 'RO',
  slovaquie: 'SK',
  slovénie: 'SI',
  espagne: 'ES',
  suède: 'SE',
  norvège: 'NO',
  zypern: 'CY',
  tschechien: 'CZ',
  dänemark: 'DK',
  finnland: 'FI',
  frankreich: 'FR',
  griechenland: 'GR',
  ungarn: 'HU',
  niederlande: 'NL',
  slowakei: 'SK',
  slowenien: 'SI',
  schweden: 'SE',
  norwegen: 'NO',
};

/** ISO 3166-1 alpha-2 code of a country named in English (or its own language), if known. */
export function countryCodeOf(name: string): string | undefined {
  const clean = name
    .trim()
    .toLowerCase()
    .replace(/[.\s]+$/, '');
  if (/^[a-z]{2}$/i.test(clean)) return clean.toUpperCase();
  return COUNTRIES[clean];
}
