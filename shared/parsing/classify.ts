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

const NON_LETTERS = /[^a-zåäöéüõšž]+/;
/** Enough text to tell the language of a document's body; counting more changes nothing. */
const LANGUAGE_SAMPLE = 8000;

/** Language of the body, by the share of each language's common words; undefined if too few. */
export function detectLanguage(text: string): Language | undefined {
  const counts: Record<Language, number> = { fi: 0, sv: 0, en: 0 };
  for (const w of text.slice(0, LANGUAGE_SAMPLE).toLowerCase().split(NON_LETTERS)) {
    if (STOPWORDS.fi.has(w)) counts.fi++;
    if (STOPWORDS.sv.has(w)) counts.sv++;
    if (STOPWORDS.en.has(w)) counts.en++;
  }
  const ranked = (Object.entries(counts) as [Language, number][]).sort((x, y) => y[1] - x[1]);
  const [best, second] = ranked;
  if (!best || best[1] < 2) return undefined;
  if (second && best[1] === second[1]) return undefined;
  return best[0];
}

interface Feature {
  source: string;
  weight: number;
}

function features(weight: number, ...sources: string[]): Feature[] {
  return sources.map((source) => ({ source, weight }));
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
      '^flag of [a-z]',
    ),
    ...features(2, '^fund\\s*:?\\s*(?:european|cohesion|just transition|interreg)'),
    ...features(1, '^(?:start date|end date)\\b', '^project (?:info|country)\\b'),
  ],
  'research-project': [
    ...features(
      4,
      '^(?:projekti|project|projekt)\\s*:\\s*(?:eu-rahoitus|tutkimusprojekti|research project|eu funding|eu-finansiering|forskningsprojekt|[a-zåäö]+-?rahoitus)',
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
      '(?:haettavana|on haettavissa|avaa haun|haku on avattu|hakukierro[a-zåäö]*|utlyser|ansökan är öppen|öppen ansökan|call for (?:proposals|applications)|open call)',
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
  /^\S.{2,120}?\s(?:€\s?)?(?:\d{1,3}(?:[ \u00a0.]\d{3})+(?:,\d{2})?\s*(?:€|eur|euro|euroa)?|\d{3,9}(?:,\d{2})?\s*(?:€|eur|euro|euroa))\s*(?:\(.*\))?$/iu;

export interface Classification {
  kind: DocumentKind;
  scores: Record<Exclude<DocumentKind, 'unknown'>, number>;
}

const MIN_SCORE = 5;

/**
 * The text features are looked for in, lower-cased: whole short lines (labels, headings, table
 * rows) and the opening of each paragraph, where cue phrases stand. Paragraph tails only repeat
 * the narrative and would triple the work on long reports.
 */
function featureText(text: string): string {
  const parts: string[] = [];
  let size = 0;
  for (const line of text.split('\n')) {
    const part = line.length > PARAGRAPH_HEAD ? line.slice(0, PARAGRAPH_HEAD) : line;
    parts.push(part);
    size += part.length;
    if (size > CLASSIFY_SAMPLE) break;
  }
  return parts.join('\n').toLowerCase();
}
/** Every kind shows its features within its first pages; longer tails are narrative. */
const CLASSIFY_SAMPLE = 60_000;
const PARAGRAPH_HEAD = 400;

/** Every feature of every kind in one pattern, so that the text is scanned once, not per feature. */
const FEATURE_INDEX = (Object.entries(FEATURES) as [keyof typeof FEATURES, Feature[]][]).flatMap(
  ([kind, list]) =>
    list.map((feature) => ({ kind, weight: feature.weight, source: feature.source })),
);
/** Features match lower-cased text, so the pattern needs no (slow) case-insensitive flag. */
const ALL_FEATURES = new RegExp(
  FEATURE_INDEX.map((f, i) => `(?<f${i}>${f.source})`).join('|'),
  'gm',
);

function featuresIn(lower: string): Set<number> {
  const seen = new Set<number>();
  ALL_FEATURES.lastIndex = 0;
  for (let m = ALL_FEATURES.exec(lower); m !== null; m = ALL_FEATURES.exec(lower)) {
    for (const [name, value] of Object.entries(m.groups ?? {})) {
      if (value !== undefined) seen.add(Number(name.slice(1)));
    }
    ALL_FEATURES.lastIndex = m.index + 1;
  }
  return seen;
}

/** Scores each kind by the features its documents share, whatever their wording or order. */
export function classifyDocument(text: string): Classification {
  const lower = featureText(text);
  const scores: Classification['scores'] = {
    'project-description': 0,
    'project-page': 0,
    'research-project': 0,
    'funding-call': 0,
    'grant-decisions': 0,
  };
  for (const i of featuresIn(lower)) {
    const feature = FEATURE_INDEX[i];
    if (feature) scores[feature.kind] += feature.weight;
  }
  let amountLines = 0;
  for (const line of lower.split('\n')) {
    if (line.length < 200 && AMOUNT_LINE.test(line.trim())) amountLines++;
  }
  scores['grant-decisions'] += Math.min(amountLines, 10);
  const ranked = (Object.entries(scores) as [keyof typeof FEATURES, number][]).sort(
    (a, b) => b[1] - a[1],
  );
  const best = ranked[0];
  const kind = best && best[1] >= MIN_SCORE ? best[0] : 'unknown';
  return { kind, scores };
}
