import type { DocumentKind, Language } from '../schemas/report-record.ts';

const STOPWORDS: Record<Language, ReadonlySet<string>> = {
  fi: new Set(
    'ja ei että tai sekä myös joka jotka ovat oli ole mukaan kanssa hanke hankkeen hankkeessa hankkeet tämä nämä voi voidaan sen ovat kuin vain joista joihin kunnat kuntien avustusta euroa alueen toiminnan osalta kautta yhteensä'.split(
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
};

const WORD_RE = /\p{L}+/gu;

/** Language of the body, by the share of each language's common words; undefined if too few. */
export function detectLanguage(text: string): Language | undefined {
  const counts: Record<Language, number> = { fi: 0, sv: 0, en: 0 };
  let words = 0;
  for (const m of text.matchAll(WORD_RE)) {
    const w = m[0].toLowerCase();
    words++;
    if (STOPWORDS.fi.has(w)) counts.fi++;
    if (STOPWORDS.sv.has(w)) counts.sv++;
    if (STOPWORDS.en.has(w)) counts.en++;
    if (words > 20000) break;
  }
  const ranked = (Object.entries(counts) as [Language, number][]).sort((a, b) => b[1] - a[1]);
  const [best, second] = ranked;
  if (!best || best[1] < 2) return undefined;
  if (second && best[1] === second[1]) return undefined;
  return best[0];
}

interface Feature {
  re: RegExp;
  weight: number;
}

function features(weight: number, ...sources: string[]): Feature[] {
  return sources.map((source) => ({ re: new RegExp(source, 'imu'), weight }));
}

const FEATURES: Record<Exclude<DocumentKind, 'unknown'>, Feature[]> = {
  'project-description': [
    ...features(
      4,
      '^(?:hankekoodi|project code|projektkod)\\s*:',
      '^(?:erityistavoite|specific objective|specifikt mål)\\s*:',
      '^(?:toimintalinja|policy|priority axis|insatsområde|prioriterat område)\\s*:',
      '^(?:vastuuviranomainen|responsible authority|ansvarig myndighet)\\s*:',
    ),
    ...features(
      3,
      '^(?:y-tunnus|business id|fo-nummer)\\s*:',
      'horisontaaliset periaatteet|horizontal principles|övergripande principer|horisontella principer',
      'seurantatietojen mukaan|according to monitoring data|enligt uppföljningsuppgifterna',
      '(?:rahoittaman hankkeen kuvaus|project description|projektbeskrivning)',
      '^(?:hakijan virallinen nimi|official name of (?:the )?applicant|sökandens officiella namn)\\s*:',
      '(?:toteutunut|realised|genomförd|förverkligad)[^\\n]{0,40}(?:julkinen rahoitus|public funding|offentlig finansiering)',
    ),
    ...features(1, 'vipuvoimaa eu:lta|leverage from the eu|hävstång från eu'),
  ],
  'project-page': [
    ...features(5, '\\bkohesio\\b'),
    ...features(
      3,
      '^eu contribution\\b',
      '^total budget\\b',
      '^programming period\\b',
      '^managing authority\\b',
      '^flag of \\p{L}',
    ),
    ...features(2, '^fund\\s*:?\\s*(?:european|cohesion|just transition|interreg)'),
    ...features(1, '^(?:start date|end date)\\b', '^project (?:info|country)\\b'),
  ],
  'research-project': [
    ...features(
      4,
      '^(?:projekti|project|projekt)\\s*:\\s*(?:eu-rahoitus|tutkimusprojekti|research project|eu funding|eu-finansiering|forskningsprojekt|\\p{L}+-?rahoitus)',
      '^(?:akronyymi|acronym|akronym)\\b',
      '^(?:todellinen alku/loppupvm|effective start/end date|faktiskt start-/slutdatum|actual start/end date)',
      '^(?:tieteenalat|fields of science|research areas|forskningsområden|vetenskapsområden)\\b',
    ),
    ...features(
      2,
      '^(?:projektin yksityiskohdat|project details|projektdetaljer|projektinformation)$',
      '^(?:kuvaus \\(abstrakti\\)|abstract|description|sammanfattning|beskrivning)$',
      '^(?:tila|status)\\s*:?\\s*(?:päättynyt|käynnissä|finished|active|ended|avslutad|pågående|aktiv)',
    ),
  ],
  'funding-call': [
    ...features(
      4,
      '(?:hakuaika|haku) (?:päättyy|on auki|on avoinna|alkaa)|hakemukset (?:on|tulee) (?:jättää|jätettävä|toimittaa)|ansökningstiden (?:löper ut|går ut|börjar|är)|ansökningarna ska lämnas|(?:the )?call (?:closes|is open|opens|will close)|deadline for (?:applications|submission)|applications (?:must|should) be submitted',
      '(?:voivat hakea|voi hakea|hakijoina voivat olla|kan ansöka|kan sökas|can apply|may apply|eligible applicants|who can apply)',
    ),
    ...features(
      3,
      '(?:haettavana|on haettavissa|avaa haun|haku on avattu|hakukierro\\p{L}*|utlyser|ansökan är öppen|öppen ansökan|call for (?:proposals|applications)|open call)',
    ),
    ...features(
      2,
      '(?:hyväksyttävistä kustannuksista|hyväksyttävät kustannukset|godtagbara kostnader|stödberättigande kostnader|eligible costs)',
      '(?:hakulomake|hakemukseen liitetään|hakemukset jätetään|ansökningsblankett|application form)',
      '\\d{4}\\s+(?:asti|mennessä)\\b',
    ),
  ],
  'grant-decisions': [
    ...features(
      4,
      '(?:on myöntänyt|myönsi|myönnettiin|myönnetään|myönnetyt|har beviljat|beviljade|beviljats|has awarded|awarded|were granted|has granted)',
      '(?:myönnetty (?:avustus|summa)|beviljade beloppet|beviljat belopp|amount (?:awarded|granted)|grant awarded)',
    ),
    ...features(
      2,
      '(?:hakemuksia (?:saapui|jätettiin|tuli)|ansökningar lämnades|applications were received|ansökningar inkom)',
      '(?:tuetut hankkeet|understödda projekt|funded projects|avustusta saavat)',
    ),
  ],
};

/** Lines that end in a money amount: the shape of an awards list. */
const AMOUNT_LINE =
  /^\S.{2,120}?\s(?:€\s?)?\d{1,3}(?:[ \u00a0.]\d{3})+(?:,\d{2})?\s*(?:€|eur|euro|euroa)?\s*(?:\(.*\))?$/iu;

export interface Classification {
  kind: DocumentKind;
  scores: Record<Exclude<DocumentKind, 'unknown'>, number>;
}

const MIN_SCORE = 5;

/** Scores each kind by the features its documents share, whatever their wording or order. */
export function classifyDocument(text: string): Classification {
  const scores = {} as Classification['scores'];
  for (const [kind, list] of Object.entries(FEATURES) as [keyof typeof FEATURES, Feature[]][]) {
    scores[kind] = list.reduce((sum, f) => sum + (f.re.test(text) ? f.weight : 0), 0);
  }
  let amountLines = 0;
  for (const line of text.split('\n')) {
    if (AMOUNT_LINE.test(line.trim())) amountLines++;
  }
  scores['grant-decisions'] += Math.min(amountLines, 10);
  const ranked = (Object.entries(scores) as [keyof typeof FEATURES, number][]).sort(
    (a, b) => b[1] - a[1],
  );
  const best = ranked[0];
  const kind = best && best[1] >= MIN_SCORE ? best[0] : 'unknown';
  return { kind, scores };
}
