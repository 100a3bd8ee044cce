import type { DocumentKind, Language } from '../schemas/report-record.ts';
import { leadCharacters, mayLead } from './lead.ts';
import { formRowText, plainMarkdown } from './text.ts';

/**
 * The languages told apart: the record's three, and two that the pages of the EU's portals are
 * often in (a Kohesio page in French or German), which have no record language.
 */
type Tongue = Language | 'fr' | 'de';

const STOPWORDS: Record<Tongue, ReadonlySet<string>> = {
  fi: new Set(
    'ja ei että tai sekä myös joka jotka ovat oli ole mukaan kanssa hanke hankkeen hankkeessa hankkeet projekti projektin projektissa tämä nämä voi voidaan sen ovat kuin vain joista joihin kunnat kuntien avustusta euroa alueen toiminnan osalta kautta yhteensä'.split(
      ' ',
    ),
  ),
  sv: new Set(
    'och att för som av med till det är kan inte den de på om ett en har från ska eller samt inom vid kommuner kommunerna understöd stöd projekt projektet euro sammanlagt också'.split(
      ' ',
    ),
  ),
  en: new Set(
    'the and of to in for is with that by are be this from which will as an its project projects their at or has have was were been funding total'.split(
      ' ',
    ),
  ),
  fr: new Set(
    'le la les de des du et un une en pour dans par sur qui que au aux avec est sont ce cette ces leur leurs ont été plus projet'.split(
      ' ',
    ),
  ),
  de: new Set(
    'der die das und ist mit für von zu auf den dem des ein eine einer eines im sich nicht wird werden sind auch als bei nach oder aus'.split(
      ' ',
    ),
  ),
};

const RECORD_LANGUAGES: ReadonlySet<Tongue> = new Set<Language>(['fi', 'sv', 'en']);

function isLanguage(tongue: Tongue | undefined): tongue is Language {
  return tongue !== undefined && RECORD_LANGUAGES.has(tongue);
}

/** Enough text to tell the language of a document's body; counting more changes nothing. */
const LANGUAGE_SAMPLE = 8000;
/** How much of the sample is lower-cased at a time. */
const LANGUAGE_PIECE = 1000;
const LANGUAGES = Object.keys(STOPWORDS) as Tongue[];
/** Each common word and the languages it is common in, so that a word is looked up once. */
const STOPWORD_LANGUAGES = new Map<string, Tongue[]>();
for (const language of LANGUAGES) {
  for (const word of STOPWORDS[language]) {
    STOPWORD_LANGUAGES.set(word, [...(STOPWORD_LANGUAGES.get(word) ?? []), language]);
  }
}

/**
 * The share of running text that each language's common words make up (measured on the
 * fixtures). Finnish inflects where Swedish and English add a word, so its common words are
 * rarer; counts are divided by these shares so that a page of each language weighs the same.
 */
const COMMON_SHARE: Record<Tongue, number> = { fi: 0.13, sv: 0.22, en: 0.28, fr: 0.3, de: 0.28 };
/** Common words counted before the leader is taken as the language: far more than a page has. */
const DECISIVE_COUNT = 40;
/** How often, in common words, the lead is looked at once there are enough. */
const DECISIVE_STEP = 10;
/** Weighted common words that show which language a text opens with: a few words of any. */
const OPENING_WEIGHT = 20;
/** A second language with this share of the first's weight is a body of its own (bilingual text). */
const SECOND_BODY = 0.5;
const WORD = /[a-zåäöéüõšž]+/g;

function weightOf(counts: Record<Tongue, number>, language: Tongue): number {
  return counts[language] / COMMON_SHARE[language];
}

/** The language with the most (weighted) common words, if it is ahead of the others; else undefined. */
function leaderOf(counts: Record<Tongue, number>): Tongue | undefined {
  let best: Tongue | undefined;
  let bestWeight = -1;
  let tie = false;
  for (const language of LANGUAGES) {
    const weight = weightOf(counts, language);
    if (weight > bestWeight) {
      best = language;
      bestWeight = weight;
      tie = false;
    } else if (weight === bestWeight) {
      tie = true;
    }
  }
  if (!best || tie || counts[best] < 2) return undefined;
  return best;
}

/** Whether the leader's weight is at least three times the others' together. */
function leadsByFar(counts: Record<Tongue, number>, leader: Tongue): boolean {
  let others = 0;
  for (const language of LANGUAGES) if (language !== leader) others += weightOf(counts, language);
  return weightOf(counts, leader) >= 3 * others;
}

/**
 * Language of the body, by the weighted count of each language's common words; undefined if too
 * few, or if the body is in a language the record has no value for (a page in French). A text
 * with two bodies (a bilingual notice, a long abstract in English) is in the language it opens
 * with. Counting stops once that language leads by far, so long reports are not read to the end.
 */
export function detectLanguage(text: string): Language | undefined {
  const tongue = tongueOf(text);
  if (tongue === undefined || isLanguage(tongue)) return tongue;
  // A page in a French or German interface may hold its body in a language of the record: the
  // body is its prose, the interface its short lines (labels, menus, figures).
  const body = proseOf(text);
  const bodyTongue = body.length > 0 ? tongueOf(body) : undefined;
  return isLanguage(bodyTongue) ? bodyTongue : undefined;
}

/** Shortest line read as prose rather than a label, a menu item or a value. */
const PROSE_LINE = 50;

function proseOf(text: string): string {
  return text
    .slice(0, LANGUAGE_SAMPLE)
    .split('\n')
    .filter((line) => line.trim().length >= PROSE_LINE)
    .join('\n');
}

function tongueOf(text: string): Tongue | undefined {
  const counts: Record<Tongue, number> = { fi: 0, sv: 0, en: 0, fr: 0, de: 0 };
  let opening: Tongue | undefined;
  let common = 0;
  const sample = text.slice(0, LANGUAGE_SAMPLE);
  // Lower-cased a piece at a time, parted at a space, since counting mostly stops early.
  for (let start = 0; start < sample.length; ) {
    const space = sample.indexOf(' ', start + LANGUAGE_PIECE);
    const end = space < 0 ? sample.length : space;
    const piece = sample.slice(start, end).toLowerCase();
    start = end;
    WORD.lastIndex = 0;
    for (let m = WORD.exec(piece); m !== null; m = WORD.exec(piece)) {
      const languages = STOPWORD_LANGUAGES.get(m[0]);
      if (!languages) continue;
      for (const language of languages) counts[language]++;
      common++;
      if (!opening) {
        const leader = leaderOf(counts);
        if (leader && weightOf(counts, leader) >= OPENING_WEIGHT) opening = leader;
      } else if (common >= DECISIVE_COUNT && common % DECISIVE_STEP === 0) {
        if (leaderOf(counts) === opening && leadsByFar(counts, opening)) return opening;
      }
    }
  }
  const leader = leaderOf(counts);
  if (!leader || !opening || opening === leader) return leader;
  return weightOf(counts, opening) >= SECOND_BODY * weightOf(counts, leader) ? opening : leader;
}

interface Feature {
  source: string;
  weight: number;
  /** Counts only beside another feature of its kind. */
  identifier?: boolean;
  /** Says what was granted, to how many: an awards list even where no sum is named. */
  stated?: boolean;
  /** Weighs more when said again in other words (see `repeatBonus`). */
  repeats?: boolean;
}

function features(weight: number, ...sources: string[]): Feature[] {
  return sources.map((source) => ({ source, weight }));
}

/** Phrases inviting applications: a call says them again in other words, a mention in passing once. */
function invitations(weight: number, ...sources: string[]): Feature[] {
  return sources.map((source) => ({ source, weight, repeats: true }));
}

/**
 * A label at a line start: `Label:`, a table cell (`Label<TAB>`, `| Label |`, `Label   value` in
 * a column of its own) or alone on its line.
 */
function labelFeature(alternatives: string): string {
  return `^(?:\\|\\s*)?(?:${alternatives})(?:\\s*[:\\t|]| {3}|$)`;
}

/** Words for a small count, as announcements write them (`fyra projekt`, `kolme hanketta`). */
const COUNT_WORD =
  '(?:\\d{1,4}|två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv|kaksi|kolme|neljä|viisi|kuusi|seitsemän|kahdeksan|yhdeksän|kymmenen|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)';
/** Who receives grants, as a noun after a count (`projekt`, `hanketta`, `organisations`). */
const GRANTEE_NOUN =
  '(?:projekt|hank|project|organisation|organization|organisaatio|företag|yrity|initiativ|kommun|kunta|kunnat|förening|yhdisty|association|compan|aktör|toimija)';

/** Words saying that something was granted to someone (not that it may be, as a call says). */
const GRANTED =
  '(?:beviljas|beviljats|beviljades|beviljade|tilldelas|tilldelats|tilldelades|(?:får|fick|har fått) (?:eu-)?(?:med)?(?:finansiering|medel|stöd|bidrag)|(?:får|fick) dela på|(?:have|has|were|was) (?:been )?(?:granted|awarded|selected for funding)|(?:approved|selected) for (?:eu )?funding|(?:have|has) received (?:eu )?(?:funding|support|grants?|a grant)|(?:have|has|had) (?:now )?approved|approved by the|will receive|godkändes|saavat|saivat|myönnettiin|on myönnetty)';

/** Features that state a count of grantees or head their list: `stated`, so sums are not needed. */
function statedFeatures(weight: number, ...sources: string[]): Feature[] {
  return sources.map((source) => ({ source, weight, stated: true }));
}

/** Identifiers head every paper of a project (letters, payment claims, invoices), not only its description. */
function identifiers(weight: number, ...sources: string[]): Feature[] {
  return sources.map((source) => ({ source, weight, identifier: true }));
}

const FEATURES: Record<Exclude<DocumentKind, 'unknown'>, Feature[]> = {
  'project-description': [
    ...identifiers(4, labelFeature('hankekoodi|hankkeen koodi|project code|projektkod')),
    ...identifiers(3, labelFeature('y-tunnus|business id|fo-nummer')),
    ...features(
      4,
      labelFeature('erityistavoite|specific objective|specifikt mål'),
      labelFeature(
        'toimintalinja|policy|priority axis|insatsområde|prioriterat område|prioritet|prioriteetti',
      ),
      labelFeature(
        'vastuuviranomainen|rahoittava viranomainen|välittävä toimielin|responsible authority|intermediate body|ansvarig myndighet|finansierande myndighet|förmedlande organ',
      ),
    ),
    ...features(
      3,
      'horisontaaliset periaatteet|horizontal principles|övergripande principer|horisontella principer',
      'seurantatietojen mukaan|according to monitoring data|enligt uppföljningsuppgifterna',
      '(?:rahoittaman hankkeen kuvaus|project description|projektbeskrivning)',
      '^(?:hakijan virallinen nimi|official name of (?:the )?applicant|sökandens officiella namn)\\s*:',
      '(?:toteutunut|realised|genomförd|förverkligad)[^\\n]{0,40}(?:julkinen rahoitus|public funding|offentlig finansiering)',
    ),
    ...features(1, 'vipuvoimaa eu:lta|leverage from the eu|hävstång från eu'),
    ...features(
      3,
      // A EURA decision's fields run together, as a PDF-to-text copy gives them.
      '(?:rahoittava viranomainen|toimintalinja|erityistavoite|kustannusmalli|päätöstyyppi|finansierande myndighet|insatsområde|specifikt mål|kostnadsmodell|beslutstyp|financing authority|cost model|decision type): ',
    ),
    // Its identifiers, run together with the rest.
    ...identifiers(3, ' (?:hankekoodi|y-tunnus|projektkod|fo-nummer|project code|business id): '),
  ],
  'project-page': [
    ...features(5, '\\bkohesio\\b'),
    ...features(
      3,
      '^(?:eu contribution|union co-?financing|eu:n rahoitusosuus|eu-bidrag|eu:s bidrag)\\b',
      '^(?:total budget|kokonaisbudjetti|totalbudget)\\b',
      '^(?:programming period|ohjelmakausi|programperiod)\\b',
      '^(?:managing authority|hallintoviranomainen|förvaltningsmyndighet)\\b',
      '^flag of [a-z]',
    ),
    ...features(2, '^fund\\s*:?\\s*(?:european|cohesion|just transition|interreg)'),
    ...features(1, '^(?:start date|end date)\\b', '^project (?:info|country)\\b'),
  ],
  'research-project': [
    ...features(
      4,
      '^(?:projekti|project|projekt)\\s*:\\s*(?:eu-rahoitus|tutkimus(?:projekti)?|research(?: project)?|eu funding|eu-finansiering|forskning(?:sprojekt)?|[a-zåäö]+-?rahoitus)',
      '^(?:akronyymi|acronym|akronym)\\b',
      '^(?:todellinen alku/loppupvm|effective start/end date|faktiskt start-/slutdatum|actual start/end date)',
      '^(?:tieteenalat|fields of science|research areas|forskningsområden|vetenskapsområden)\\b',
      // A funding decision page of a research portal (research.fi).
      '^(?:rahoituskausi|funding period|finansieringsperiod)\\b',
    ),
    ...features(
      3,
      '^(?:tiedejatutkimus\\.fi|research\\.fi|forskning\\.fi)\\b',
      // A university's research portal (Pure, Converis) names itself in its page header.
      '(?:tutkimusportaali|research portal|forskningsportal)',
      // Pure writes a project's duration as `1/01/24 → 31/12/27`.
      '\\d\\s*→\\s*\\d',
      '^(?:rahoituspäätöksen numero|funding decision number|finansieringsbeslutets nummer|vastuullinen johtaja|principal investigator|ansvarig ledare)\\b',
    ),
    ...features(
      2,
      '^(?:projektin yksityiskohdat|project details|projektdetaljer|projektinformation)$',
      '^(?:kuvaus \\(abstrakti\\)|abstract|description|sammanfattning|beskrivning)$',
      '^(?:tila|status)\\s*:?\\s*(?:päättynyt|käynnissä|finished|completed|active|ended|avslutad|avslutat|slutförd|slutfört|pågående|aktiv)',
      '^(?:tutkimusprojekti|research project|forskningsprojekt)$',
      // The funders and the people of a research project, as labels or headings.
      '^(?:rahoittajat?|funders?|finansiär(?:er)?)\\b',
      '^(?:organisaatioyksiköt|organisational units|organisationsenheter|tutkijat|researchers|forskare|projektledare|lead researcher|vastuullinen tutkija)\\b',
    ),
  ],
  'funding-call': [
    ...invitations(
      4,
      'hakuaika (?:on|päättyy|päättyi|alkaa)|haku (?:päättyy|päättyi|on päättynyt|on auki|on avoinna|alkaa|on alkanut|alkoi|on käynnissä|sulkeutuu|sulkeutunee|sulkeutui)|haut (?:on|ovat) (?:alkaneet|avoinna|auki|käynnissä)|hakujakso[a-zäö]* (?:on|ovat) (?:käynnissä|auki|avoinna)|hakemukset (?:on|tulee|pitää) (?:jättää|jätettävä|toimittaa|toimitettava|lähettää|lähetettävä)|ansökningstiden (?:löper ut|går ut|gick ut|har gått ut|börjar|är|pågår)|(?:ansökningarna|ansökan|ansökningar) (?:ska|skall|måste|bör) (?:lämnas|skickas|inlämnas|vara (?:in)?lämnad|vara inne|vara framme)|(?:the )?call (?:closes|closed|has closed|is open|opens|will close)|deadlines? for (?:applications|submission|proposals)|submission deadlines?|(?:applications|proposals) (?:must|should) be submitted|submit (?:your |an? |their )?(?:applications?|proposals?)(?: [a-z]+){0,3}? (?:by|before|no later than|until)\\b|(?:you|to) apply for (?:a |the )?(?:grant|funding|support)\\b|applications (?:are|will be) (?:accepted|processed) |(?:grant )?program(?:me)? is (?:now )?(?:live|open)|(?:call|it) (?:is|will (?:be|remain)|remains) open (?:until|till|for)\\b|, open until\\b|lämna in (?:sin|en|din|er|era) ansökan|ansökningsperioden (?:är öppen|pågår|löper)|öppnar ansökan|ansökan öppnar|accepting (?:grant )?applications|open for (?:applications|proposals|submissions)|avoinna hakemuksille|öppen för ansökningar|utlysningen (?:pågår|är öppen|stänger)|kan (?:[a-zåäö]+ ){0,5}?(?:ansöka|söka) om [a-zåäö-]*(?:stöd|medel|bidrag|finansiering|projekt|pengar)',
      '(?:voi(?:vat)? (?:[a-zäö]+ ){0,2}?hakea|hakijoina voivat olla|kan ansöka|kan sökas|can apply|may apply|eligible applicants|who can apply|vem kan söka|kuka voi hakea|ketkä voivat hakea|who is eligible to apply)',
      // What may be granted, and to whom: the terms of a call, not a grant made.
      '(?:voidaan myöntää|kan beviljas|(?:can|may) be (?:granted|awarded) (?:to|for))',
    ),
    ...features(
      3,
      '(?:haettavana|haettavaksi|on haettavissa|avaa haun|haku on avattu|hankehau[a-zäö]*|hankehaku|[a-zåäö]+-haku \\d|hakukierro[a-zåäö]*|ansökningsomgång[a-zåäö]*|utlyser|ansökan är öppen|öppen ansökan|call for (?:project )?(?:proposals?|applications)|open call|(?:one|two)-(?:step|stage) call|(?:yksi|kaksi)vaiheinen haku|invites (?:proposals|applications)|call for [a-z -]{3,60}? (?:is|are) (?:now )?open)',
    ),
    ...features(
      3,
      // The label with its value after a colon, or a heading alone on its line over the dates.
      '^(?:hakuaika|haku päättyy|viimeinen hakupäivä|ansökningstid(?:en)?|sista ansökningsdag(?:en)?|application period|application deadline|submission period|submission deadline|closing date|deadline)\\s*(?::|$)',
      '^(?:ansök om|hae (?:[a-zäö]+ ){0,3}?[a-zäö]*(?:avustusta|tukea|rahoitusta|rahaa|apurahaa))\\b',
    ),
    ...features(
      2,
      '(?:hyväksyttävistä (?:koko)?kustannuksista|hyväksyttävät (?:koko)?kustannukset|godtagbara kostnader|stödberättigande kostnader|eligible costs)',
      '(?:hakulomake|hakemukseen liitetään|hakemukset jätetään|ansökningsblankett|application form)',
      '(?:\\d{4}|\\d{1,2}\\.\\d{1,2}\\.)\\s+(?:asti|mennessä)\\b',
      '(?:hakuinfo|infotilaisuu[a-zåäö]* hakijoille|informationstillfälle[a-zåäö]* (?:om|för) ansök|information (?:session|webinar) for applicants)',
      "(?:hakijan ohje|ohjeet hakijalle|hakuohje|anvisningar för sökande|guide for applicants|applicants' guide|guidance for applicants)",
      // A call's heading: `Utlysning för Mellersta Norrland`, `Hakuilmoitus`.
      '^(?:utlysning(?:en)?(?: för| om| inom|$)|hakuilmoitus)',
      // The chance to apply, offered: `Nu finns möjlighet att söka EU-finansiering`, `Sök
      // finansiering för …`, `Sista dagen för att ansöka …`, `Hur mycket kan ni få i stöd?`.
      '(?:möjlighet att (?:söka|ansöka om) (?:eu-)?(?:finansiering|stöd|medel|bidrag)|^sök (?:eu-)?(?:finansiering|stöd|medel|bidrag)|sista dag(?:en)? (?:för att|att) (?:ansöka|söka)|hur mycket (?:stöd )?kan (?:ni|du) få)',
    ),
  ],
  'grant-decisions': [
    ...features(
      4,
      '(?:on myöntänyt|myönsi|myönnettiin|myönnetään|myönnetyt|päättää myöntää|päätti myöntää|har beviljat|beviljade|beviljats|regeringen beviljar|beslutar (?:att )?bevilja|puoltama[a-zäö]*|puolsi|puolletut|förordade|förordades|förordar|förordas|beslöt (?:att )?bevilja|has awarded|awarded|were granted|has granted|(?:have|has) (?:now |today |also )?been (?:granted|awarded)|(?:tog|fattade) (?:[a-zåäö-]+ ){0,2}?beslut om (?:\\d{1,4}|[a-zåäö]+) (?:nya )?projekt|(?:godkände|beviljade|approved|hyväksyi) (?:[a-zåäö]+ ){0,2}?(?:finansier[a-zåäö]*|funding|rahoitu[a-zäö]*|stöd) (?:för|for|to|till|\\d)|decided to (?:award|grant)|will receive a grant of|approved (?:another |a |the )?grant application|(?:approved|selected|recommended) for (?:eu )?funding|grants totalling)',
      '(?:myönnetty (?:avustus|summa)|beviljade beloppet|beviljat belopp|amount (?:awarded|granted)|grants? awarded)',
    ),
    ...features(
      5,
      // A table header with a column of granted sums, as a spreadsheet export has it.
      '^(?:\\|\\s*)?"?(?:hakija|hakijat|avustuksen saaja|saaja|tuensaaja|sökande|mottagare|stödmottagare|bidragsmottagare|applicant|recipient|beneficiary|grantee)"?\\s*[;\\t|].*[;\\t|]\\s*"?(?:myönnetty|myönnetyt|beviljat|beviljade?|granted|awarded)\\b',
    ),
    ...features(
      2,
      // The granted column's header cell alone on its line: a table flattened to one cell a line.
      '^(?:myönnetty|beviljat|beviljade|granted|awarded)(?: (?:avustus|summa|belopp|bidrag|amount))?\\s*(?:€|eur|euroa|euro|\\((?:€|eur|euroa|euro)\\))?$',
      '(?:hakemuksia (?:saapui|jätettiin|tuli)|ansökningar lämnades|applications were received|received \\d+ applications|ansökningar inkom|inkom \\d+ ansökningar)',
      '(?:tuetut hankkeet|understödda projekt|funded projects|avustusta saavat)',
    ),
    ...features(
      4,
      // A count of grantees and what they were granted: `fyra svenska projekt beviljats medel`,
      // `två organisationer tilldelas medel`, `five projects were awarded`. Minutes and reviews
      // state such counts too, so without a sum or a list it is no awards list.
      `${COUNT_WORD} (?:[a-zåäöé-]+ ){0,2}?${GRANTEE_NOUN}[a-zåäöé]* (?:[a-zåäöé-]+ ){0,4}?${GRANTED}`,
    ),
    ...features(
      2,
      // The body that chose the projects, named as it did (`our project selection committee`,
      // `hankevalintaryhmä`, `urvalsgruppen`): a call names it only as what will decide.
      '(?:project selection committee|monitoring committee (?:approved|selected)|(?:hanke)?valintaryhmä(?:n)? (?:hyväksyi|valitsi|päätti)|urvalsgrupp(?:en)? (?:beviljade|godkände|valde|beslutade)|övervakningskommittén (?:beviljade|godkände|valde))',
    ),
    ...features(
      3,
      // Money shared out among a count of grantees: `€13 million allocated to 43 projects`,
      // `14.3 million euros of ERDF approved for 4 new projects`.
      `(?:allocated|awarded|granted|approved|distributed|fördelas|fördelades) (?:[^.\\n]{0,40}? )?(?:to|for|among|between|på|mellan|till) (?:these |the |those |all |de |dessa )?${COUNT_WORD} (?:[a-zåäöé-]+ ){0,2}?${GRANTEE_NOUN}`,
    ),
    ...features(
      3,
      // A sum for a count of grantees, as a headline gives it: `€286,802 for 170 local projects`.
      `(?:€\\s?\\d[\\d,.]*|\\d[\\d ,.]*\\s?(?:€|euro|eur|euroa))(?: (?:million|miljoner|miljoonaa))? (?:for|to|till|åt) ${COUNT_WORD} (?:[a-zåäöé-]+ ){0,2}?${GRANTEE_NOUN}`,
      // The projects chosen, named as such: `announced the successful projects`.
      '(?:successful|approved) (?:projects|applicants|applications)|godkända projekt(?:en)?|hyväksytyt hankkeet|(?:godkände|hyväksyi) (?:[a-zåäö]+ ){0,2}?(?:projekt|hankkeet|hankkeita)',
    ),
    ...statedFeatures(
      4,
      // The heading over a list of grantees: `Beviljade svenska projekt:`, `Funded projects`.
      '^(?:#+\\s*)?(?:beviljade|tilldelade|myönnetyt|rahoitetut|rahoitusta saaneet|funded|awarded|granted|selected)\\s+(?:[a-zåäö]+\\s+){0,2}?(?:projekt|hankkeet|projects|organisationer|organisations|organizations|recipients|mottagare|hakijat)[a-zåäö]*\\s*:?$',
      // The recipients named as such over their list: `Här är mottagarna:`, `The recipients are:`.
      '^(?:#+\\s*)?(?:här är |these are |the )?(?:mottagarna|mottagare|stödmottagare|recipients|grantees|tuensaajat|avustuksen saajat|saajat)(?: (?:är|are|ovat))?\\s*:$',
    ),
    ...statedFeatures(
      5,
      // One sum for each grantee, over their list: `funding of €500,000 each are:` then `· Kerry`.
      '(?:€\\s?\\d|\\d\\s?(?:€|eur|euro|euroa)(?!\\p{L}))[^\\n]{0,40}?(?:each|apiece|kullekin|kukin|vardera)(?: (?:are|is|ovat|on|är))?:\\s*\\n+(?:[*•▪‣·-]|\\d{1,2}[.)]) ',
    ),
    ...statedFeatures(
      3,
      // A line saying what was granted, right over a list: the list names the grantees. It is
      // matched from the line's start, so that a word of granting inside it still counts too.
      `\\n[^\\n]{0,400}?${GRANTED}[^\\n]{0,400}\\n+(?:[*•▪‣-]|\\d{1,2}[.)]) `,
    ),
    ...features(
      2,
      // The projects named as such over their list: `De tre projekten som prioriterades är:`.
      '\\n[^\\n]{0,80}(?:projekt(?:en)?|projects|hankkeet)[^\\n]{0,60} (?:är|are|ovat):\\n+(?:[*•▪‣·-]|\\d{1,2}[.)]) ',
    ),
    // A word for grants: it lets lines that end in amounts count as an awards list.
    ...features(1, '(?:avustu|apurah|stipendi|bidrag|understöd|\\bgrants?\\b|\\bawards?\\b)'),
  ],
};

/** A cheap test that rules out most prose lines before the amount-line pattern runs. */
const DIGIT = /\d/;
/** A sum of money at a line's end, as awards lists write it. */
const LINE_END_SUM =
  '(?:(?:€\\s?|eur\\s)?\\d{1,3}(?:,\\d{3})+(?:\\.\\d{2})?|(?:€\\s?)?(?:\\d{1,3}(?:[ \\u00a0.]\\d{3})+(?:,\\d{2})?\\s*(?:€|eur|euro|euroa)?|\\d{3,9}(?:,\\d{2})?\\s*(?:€|eur|euro|euroa)))';
/**
 * Lines that end in a money amount: the shape of an awards list. A row written as sentences
 * (`Sunds jaktvårdsförening. 7.625 euro.`) states its sum as a sentence of its own, after a stop
 * or a comma; prose that ends in a sum (`Budgeten är 412 000 euro.`) does not.
 */
const AMOUNT_LINE = new RegExp(
  `^\\S.{2,120}?(?:\\s${LINE_END_SUM}\\s*(?:\\(.*\\))?|[.,:;–—-]\\s${LINE_END_SUM}\\.)$`,
  'iu',
);

/** A row naming its recipient and sum in brackets: `Luonto lisää liikettä (Metsähallitus, 250 098€)`. */
const BRACKETED_SUM =
  /^(?:[•*▪·◦–—-]\s*)?[^()]{2,200}\([^()]{2,120},\s*(?:€\s?)?\d[\d \u00a0.,]*\s?(?:€|eur|euro|euroa)\)/iu;

/**
 * The last characters an amount line can end in: a digit, `€`, `eur`, `euro`, `euroa`, `)`, or
 * the full stop of a row written as a sentence (`Sunds jaktvårdsförening. 7.625 euro.`).
 */
const AMOUNT_LINE_END = new Set('0123456789€rRoOaA).');

/** A cheap test of a line's last character that rules out most lines before `AMOUNT_LINE`. */
function endsLikeAmount(line: string): boolean {
  return AMOUNT_LINE_END.has(line.charAt(line.length - 1));
}

export interface Classification {
  kind: DocumentKind;
  scores: Record<Exclude<DocumentKind, 'unknown'>, number>;
}

const MIN_SCORE = 5;

/** Every kind shows its features within its first pages; longer tails are narrative. */
const CLASSIFY_SAMPLE = 60_000;
/**
 * Features are looked for in whole short lines (labels, headings, table rows) and the opening
 * of each paragraph, where cue phrases stand. Paragraph tails only repeat the narrative and
 * would triple the work on long reports.
 */
const PARAGRAPH_HEAD = 400;

const FEATURE_INDEX = (Object.entries(FEATURES) as [keyof typeof FEATURES, Feature[]][]).flatMap(
  ([kind, list]) => list.map((feature) => ({ ...feature, kind })),
);

/**
 * The features of one kind of position in one pattern each, so that the text is scanned once,
 * not per feature: those anchored at a line start are tried at line starts only, the others
 * across the text.
 */
function alternationOf(anchored: boolean): string {
  return FEATURE_INDEX.flatMap((f, i) =>
    f.source.startsWith('^') === anchored
      ? [`(?<f${i}>${anchored ? f.source.slice(1) : f.source})`]
      : [],
  ).join('|');
}
/**
 * Line starts are matched case-insensitively, as written, so that only a sample the free
 * features must be looked for in is lower-cased; one anchor before the alternation lets the
 * engine try the line start alone.
 */
const LINE_START_FEATURES = new RegExp(`^(?:${alternationOf(true)})`, 'i');
/** The characters a line-start feature can start with: other lines are not tried. */
let lineStartLeads: ReadonlySet<string> | undefined | null = null;

function lineStartLeadsOf(): ReadonlySet<string> | undefined {
  // Worked out on first use, so that loading the classifier does not pay for it.
  if (lineStartLeads === null) lineStartLeads = leadCharacters(alternationOf(true));
  return lineStartLeads;
}
/** Features of running text, looked for in lower-cased text (no slow case-insensitive flag). */
const FREE_FEATURES = new RegExp(alternationOf(false), 'g');

function addGroups(m: RegExpExecArray, seen: Set<number>): void {
  for (const name in m.groups) {
    if (m.groups[name] !== undefined) seen.add(Number(name.slice(1)));
  }
}

/**
 * A cue of running text said twice in different words (`öppnar ansökan` and `ansökningsperioden
 * är öppen`; `deadline for submissions` and `submit your application before`) weighs more than
 * one said once: a call tells how to apply more than once, in its own words, where a mention in
 * passing uses one phrase. The second phrase adds half the feature's weight. Words of granting are
 * not counted so: news of budgets and aid repeats them without being an awards list.
 */
function repeatBonus(weight: number): number {
  return Math.floor(weight / 2);
}

/** Records each free feature's first phrase, and the features a second, different phrase repeats. */
function addPhrases(m: RegExpExecArray, observed: Observed): void {
  for (const name in m.groups) {
    const phrase = m.groups[name];
    if (phrase === undefined) continue;
    const i = Number(name.slice(1));
    const first = observed.phrases.get(i);
    if (first === undefined) observed.phrases.set(i, phrase);
    else if (first !== phrase && FEATURE_INDEX[i]?.repeats) observed.repeated.add(i);
  }
}

interface Observed {
  features: Set<number>;
  /** The first phrase each free feature was found in. */
  phrases: Map<number, string>;
  /** Free features found again in a different phrase. */
  repeated: Set<number>;
  /** Lines that end in a money amount. */
  amountLines: number;
  /** The short lines and paragraph heads the features are looked for in, as written. */
  heads: string[];
  /** The heads lower-cased, made once the free features or a sum of money must be looked for. */
  sample?: string;
  /** Whether the sample names a sum of money; looked for only once it matters. */
  money?: boolean;
}

function sampleOf(observed: Observed): string {
  // A newline first, so that features of a line's start find the first line too.
  observed.sample ??= `\n${observed.heads.join('\n').toLowerCase()}`;
  return observed.sample;
}

/** The line-start features of the document's sample and its count of amount lines, in one pass. */
function observeLines(text: string): Observed {
  const features = new Set<number>();
  const heads: string[] = [];
  const leads = lineStartLeadsOf();
  let amountLines = 0;
  let size = 0;
  for (let start = 0; start <= text.length && size <= CLASSIFY_SAMPLE; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const cut = plainMarkdown(text.slice(start, Math.min(end, start + PARAGRAPH_HEAD)).trim());
    const head = formRowText(cut) ?? cut;
    start = end + 1;
    heads.push(head);
    size += head.length;
    if (head.length === 0) continue;
    if (mayLead(head, leads, '')) {
      const m = LINE_START_FEATURES.exec(head);
      if (m) addGroups(m, features);
    }
    if (
      DIGIT.test(head) &&
      ((head.length < 200 && endsLikeAmount(head) && AMOUNT_LINE.test(head)) ||
        BRACKETED_SUM.test(head))
    ) {
      amountLines++;
    }
  }
  return { features, phrases: new Map(), repeated: new Set(), amountLines, heads };
}

function observeFree(observed: Observed): void {
  const sample = sampleOf(observed);
  FREE_FEATURES.lastIndex = 0;
  for (let m = FREE_FEATURES.exec(sample); m !== null; m = FREE_FEATURES.exec(sample)) {
    addGroups(m, observed.features);
    addPhrases(m, observed);
    FREE_FEATURES.lastIndex = m.index + 1;
  }
}

type Kind = keyof typeof FEATURES;
const KINDS = Object.keys(FEATURES) as Kind[];

/** Most that lines ending in an amount count for an awards list. */
const MAX_AMOUNT_LINES = 10;
/**
 * Lines ending in amounts alone never make a document an awards list (an invoice, a budget
 * table): without a word of granting they count for less than the least score of a kind.
 */
const UNCUED_AMOUNT_LINES = MIN_SCORE - 1;

/** The most each kind can still gain from the features looked for across the text. */
const FREE_POTENTIAL = Object.fromEntries(
  KINDS.map((kind) => [
    kind,
    FEATURE_INDEX.filter((f) => f.kind === kind && !f.source.startsWith('^')).reduce(
      (sum, f) => sum + f.weight + (f.repeats ? repeatBonus(f.weight) : 0),
      0,
    ),
  ]),
) as Record<Kind, number>;

/** What the amount lines add to an awards list once a word of granting is found. */
function uncappedGain(amountLines: number): number {
  return Math.min(amountLines, MAX_AMOUNT_LINES) - Math.min(amountLines, UNCUED_AMOUNT_LINES);
}

/** A currency, or the Finnish `e` after a sum (`48 000 e`): an awards list says how much each got. */
const MONEY =
  /[€£$]|\b(?:eur|euro|euroa|euron|euros|meur|sek|kr|kronor|gbp|usd)\b|\d{3}[ \u00a0]e(?![\p{L}\d-])/u;

interface Scored {
  scores: Classification['scores'];
  /** What identifiers would add to each kind once a feature of the kind itself is found. */
  withheld: Record<Kind, number>;
}

function scoresOf(observed: Observed): Scored {
  const scores: Classification['scores'] = {
    'project-description': 0,
    'project-page': 0,
    'research-project': 0,
    'funding-call': 0,
    'grant-decisions': 0,
  };
  const withheld = { ...scores };
  const described = new Set<Kind>();
  let stated = false;
  for (const i of observed.features) {
    const feature = FEATURE_INDEX[i];
    if (!feature) continue;
    if (feature.stated) stated = true;
    if (feature.identifier) withheld[feature.kind] += feature.weight;
    else {
      scores[feature.kind] += feature.weight;
      if (observed.repeated.has(i)) scores[feature.kind] += repeatBonus(feature.weight);
      described.add(feature.kind);
    }
  }
  for (const kind of described) {
    scores[kind] += withheld[kind];
    withheld[kind] = 0;
  }
  const cap = described.has('grant-decisions') ? MAX_AMOUNT_LINES : UNCUED_AMOUNT_LINES;
  scores['grant-decisions'] += Math.min(observed.amountLines, cap);
  if (scores['grant-decisions'] >= MIN_SCORE && observed.amountLines === 0 && !stated) {
    observed.money ??= MONEY.test(sampleOf(observed));
    // Words of granting without a sum are narrative (minutes, news), not an awards list.
    if (!observed.money) scores['grant-decisions'] = MIN_SCORE - 1;
  }
  return { scores, withheld };
}

/** The kind no free feature could change the verdict on: it leads every other kind's best case. */
function settled({ scores, withheld }: Scored, amountLines: number): Kind | undefined {
  const leader = KINDS.reduce((a, b) => (scores[b] > scores[a] ? b : a));
  if (scores[leader] < MIN_SCORE) return undefined;
  const potential = (kind: Kind) =>
    FREE_POTENTIAL[kind] +
    withheld[kind] +
    (kind === 'grant-decisions' ? uncappedGain(amountLines) : 0);
  const beaten = KINDS.every(
    (kind) => kind === leader || scores[leader] > scores[kind] + potential(kind),
  );
  return beaten ? leader : undefined;
}

/**
 * A newsletter names itself at its top (`Uutiskirje 2/2023`, `Nyhetsbrev`); the calls and
 * results it reports on are items of news, not the document.
 */
const NEWSLETTER = /^(?:uutiskirje|hankeuutiset|nyhetsbrev|projektnytt|newsletter)(?![\p{L}-])/iu;
/** Opening lines a newsletter's name is looked for in. */
const OPENING_LINES = 5;

function isNewsletter(heads: readonly string[]): boolean {
  let seen = 0;
  for (const head of heads) {
    if (head.length === 0) continue;
    if (NEWSLETTER.test(head)) return true;
    if (++seen === OPENING_LINES) break;
  }
  return false;
}

/**
 * Scores each kind by the features its documents share, whatever their wording or order. Labels
 * at line starts are counted first; the cue phrases of narrative are looked for only when they
 * could still change the verdict, so `scores` may stop short once one kind cannot be overtaken.
 */
export function classifyDocument(text: string): Classification {
  const observed = observeLines(text);
  let scored = scoresOf(observed);
  if (!settled(scored, observed.amountLines)) {
    observeFree(observed);
    scored = scoresOf(observed);
  }
  const { scores } = scored;
  const best = KINDS.reduce((a, b) => (scores[b] > scores[a] ? b : a));
  const kind = scores[best] >= MIN_SCORE && !isNewsletter(observed.heads) ? best : 'unknown';
  return { kind, scores };
}

/** Project facts that describe a project rather than mention one: its identity, time and money. */
const PROJECT_FACTS = new Set([
  'project.code',
  'project.name',
  'project.beneficiary',
  'project.fund',
  'project.priorityAxis',
  'project.managingAuthority',
  'project.startDate',
  'project.endDate',
  'project.status',
  'project.region',
  'project.municipalities',
  'funding.totalBudget',
  'funding.euContribution',
  'funding.euAndStateGranted',
  'funding.publicPlanned',
  'funding.euCofinancingRate',
  'project.acronym',
]);
/** Fewest such facts that make a block of labels a project's (a list row, a README's project block). */
const MIN_PROJECT_FACTS = 3;
/** Fewest such facts that make a block a project's when it names no project (its title does). */
const MIN_UNNAMED_PROJECT_FACTS = 4;

/**
 * The kind of a document no feature told, from the labelled facts it states: a block of project
 * facts (name or code among them) is a project page; a labelled closing date for applications,
 * with no project block, a funding call.
 */
export function kindOfFacts(paths: Iterable<string>): DocumentKind {
  let project = 0;
  let named = false;
  let deadline = false;
  for (const path of paths) {
    if (PROJECT_FACTS.has(path)) project++;
    if (path === 'project.name' || path === 'project.code') named = true;
    if (path === 'call.deadline') deadline = true;
  }
  if (project >= MIN_PROJECT_FACTS && (named || project >= MIN_UNNAMED_PROJECT_FACTS)) {
    return 'project-page';
  }
  if (deadline && project < MIN_PROJECT_FACTS) return 'funding-call';
  return 'unknown';
}
