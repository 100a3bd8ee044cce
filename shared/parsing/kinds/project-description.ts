import type {
  ExtractedFields,
  Indicator,
  Language,
  Sustainability,
} from '../../schemas/report-record.ts';
import { findAmounts, parseAmount } from '../amounts.ts';
import { findDateTokens } from '../dates.ts';
import {
  findNumbers,
  letterInFigure,
  parseNumber,
  parsePercent,
  withLookalikeDigits,
} from '../numbers.ts';
import {
  findConflicts,
  findLabelled,
  firstHit,
  type Hit,
  isNumberedHeading,
  type Line,
  labels,
  mapHit,
  ProvenanceRecorder,
  prune,
  sectionOf,
  textDiffers,
} from '../text.ts';
import { fundOf, statusOf, sustainabilityKeyOf, yesNoOf } from '../vocabulary.ts';
import { ParseNotes, type ParseOutput, type ParserHints, type Truncation } from './parser.ts';

const L = {
  code: labels(
    'hanke(?:koodi|tunnus|numero)',
    'hankkeen (?:koodi|tunnus)',
    'project (?:code|number)',
    'projekt(?:koden|kod|nummer)',
  ),
  name: labels(
    'hankkeen nimi',
    'project name',
    'name of the project',
    'project title',
    'title of the project',
    'projektets namn',
    'projektnamn',
    'projektets titel',
  ),
  programme: labels('ohjelma', 'programme', 'operational programme', 'program', 'programmet'),
  priorityAxis: labels(
    // 2007–2013 exports name the fund: `EAKR-toimintalinja`, `ESF-insatsområde`.
    '(?:eakr|esr|eruf|esf|erdf|jtf)-(?:toimintalinja|insatsområde)',
    '(?:erdf|esf) priority axis',
    'toimintalinja',
    'policy',
    'priority axis',
    'priority',
    'insatsområde',
    'prioritetsaxel(?:n)?',
    'prioritet',
    'prioriterat område',
    'prioriteetti',
  ),
  specificObjective: labels('erityistavoite', 'specific objective', 'specifikt mål'),
  acronym: labels(
    'lyhenne',
    'akronyymi',
    'acronym',
    'akronym',
    'förkortning',
    'short (?:name|title)',
    'kortnamn',
  ),
  start: labels(
    '(?:hankkeen |suunniteltu )?(?:aloituspäivämäärä|aloituspäivä|alkamispäivä)',
    '(?:project |planned )?start date',
    '(?:projektets |planerad )?(?:startdatum|startdag)',
    // A printed form's short labels: `Aloitus 1.1.2016`, `Projektet inleds: 01.09.2015`.
    'aloitus',
    'hanke alkaa',
    'projektet (?:inleds|startar|börjar)',
    'project starts',
  ),
  end: labels(
    '(?:hankkeen |suunniteltu )?(?:päättymispäivämäärä|päättymispäivä|loppumispäivä)',
    '(?:project |planned )?end date',
    '(?:projektets |planerad )?(?:slutdatum|slutdag)',
    'päättyminen',
    'hanke päättyy',
    'projektet (?:avslutas|slutar)',
    'project ends',
  ),
  period: labels(
    'suunnitelman mukainen toteutusaika',
    '(?:hankkeen )?toteutusaika',
    'projektets genomförandetid',
    'planned implementation period',
    'implementation period',
    'genomförandetid enligt planen',
    'planerad genomförandetid',
    'genomförandetid',
    'hankkeen kesto',
    'hankeaika',
    'project duration',
    'planned duration',
    'suunniteltu kesto',
    'planerad varaktighet',
    'project period',
    'projektets varaktighet',
    'projektperiod',
    'projekttid',
  ),
  programmingPeriod: labels(
    'ohjelmakausi',
    'programming period',
    'programperiod',
    'programperioden',
  ),
  status: labels(
    'toiminnan tila',
    'hankkeen tila',
    'operational status',
    'status of the operation',
    'project status',
    'verksamhetens status',
    'verksamhetens läge',
    'projektets status',
    'status',
  ),
  authority: labels(
    'vastuuviranomainen',
    'responsible authority',
    'managing authority',
    'ansvarig myndighet',
    'rahoittava viranomainen',
    'finansierande myndighet',
    'funding authority',
    'förvaltande myndighet',
    // The 2021–2027 exports name the authority that funds the project the intermediate body.
    'välittävä toimielin',
    'intermediate body',
    'förmedlande organ',
    // A decision letter names the authority that decided.
    'competent authority',
    'toimivaltainen viranomainen',
    'behörig myndighet',
    'päättävä viranomainen',
    'beslutande myndighet',
    'deciding authority',
  ),
  beneficiary: labels(
    'hakijan virallinen nimi',
    'hakijan nimi',
    'hakija',
    'sökandens namn',
    'sökande',
    'name of (?:the )?applicant(?: organi[sz]ation)?',
    'applicant organi[sz]ation',
    'hakijaorganisaatio',
    'applicant',
    'official name of (?:the )?applicant',
    "applicant's official name",
    'sökandens officiella namn',
    'tuensaaja',
    'beneficiary',
    'stödmottagare',
    '(?:hankkeen )?toteuttaja',
    'päätoteuttaja',
    'projektägare',
    'lead (?:partner|applicant|beneficiary)',
  ),
  businessId: labels('y-tunnus', 'business id', 'business identity code', 'fo-nummer', 'fo-nr'),
  coImplementers: labels(
    'osatoteuttaja(?:t)?',
    'co-implementers?',
    'co-implementing',
    'delgenomförare',
    'samgenomförare',
  ),
  granted: labels(
    'myönnetty eu- ja valtion rahoitus',
    '(?:eu and state|eu and national) funding granted',
    'granted eu and (?:state|national) funding',
    'beviljad eu- och statlig finansiering',
    'beviljad eu-finansiering och statlig finansiering',
    'beviljad eu- och statsfinansiering',
    'myönnetty tuki',
    'beviljat stöd',
    '(?:granted|awarded) (?:aid|support|grant)',
    '(?:aid|support|grant|funding) (?:granted|awarded)',
  ),
  realised: labels(
    'toteutunut eu- ja valtion rahoitus',
    'reali[sz]ed eu and (?:state|national) funding',
    '(?:eu and state|eu and national) funding,? reali[sz]ed',
    '(?:förverkligad|genomförd|realiserad|utfallen) eu- och statlig finansiering',
    '(?:förverkligad|genomförd|realiserad|utfallen) eu- och statsfinansiering',
    'utfall(?:et)?,? eu- och (?:statlig finansiering|statsfinansiering)',
  ),
  publicPlanned: labels(
    'suunniteltu julkinen rahoitus(?: yhteensä)?',
    'planned public funding(?:,? total)?',
    'total planned public funding',
    'planerad offentlig finansiering(?:,? (?:totalt|sammanlagt))?',
    'julkinen rahoitus yhteensä',
    'offentlig finansiering (?:totalt|sammanlagt)',
    'public funding,? (?:in )?total',
    'total public funding',
    'julkinen rahoitus,? suunniteltu(?:,? yhteensä)?',
    'offentlig finansiering,? planerad(?:,? (?:totalt|sammanlagt))?',
    'public funding,? planned(?:,? total)?',
  ),
  publicRealised: labels(
    'toteutunut julkinen rahoitus(?: yhteensä)?',
    'reali[sz]ed public funding(?:,? total)?',
    'total reali[sz]ed public funding',
    '(?:förverkligad|genomförd|realiserad|utfallen) offentlig finansiering(?:,? (?:totalt|sammanlagt))?',
    'utfall(?:et)?,? offentlig finansiering(?:,? (?:totalt|sammanlagt))?',
    'public funding,? reali[sz]ed(?:,? total)?',
    'julkinen rahoitus,? toteutunut',
    'offentlig finansiering,? (?:förverkligad|genomförd|realiserad)',
  ),
  totalBudget: labels(
    '(?:hyväksyttävät )?kokonaiskustannukset',
    '(?:hyväksyttävät )?kustannukset yhteensä',
    'godtagbara kostnader (?:totalt|sammanlagt)',
    'hankkeen kokonaisbudjetti',
    'kustannusarvio(?: yhteensä)?',
    'total (?:eligible )?costs',
    'total budget',
    '(?:projektets )?totala kostnader',
    'kostnader (?:enligt (?:budget|budgeten|kostnadsförslaget) )?(?:totalt|sammanlagt)',
    'budget (?:totalt|sammanlagt)',
    'totalbudget(?:en)?',
  ),
  euContribution: labels(
    'eu funding',
    'eu contribution',
    'eu:n (?:rahoitus|rahoitusosuus|osuus)',
    'eu-rahoitus',
    'eu-finansiering',
    'eu:s (?:bidrag|andel|finansiering)',
    'eu-(?:bidrag|andel)',
  ),
  rate: labels(
    '(?:eu )?co-?financing rate',
    '(?:eu:n )?(?:osarahoitusaste|osarahoitusprosentti)',
    '(?:eu:s |eu-)?medfinansieringsgrad',
  ),
  region: labels('maakunnat', 'maakunta', 'regions', 'region', 'landskap', 'landskapen'),
  subRegion: labels(
    'seutukunnat',
    'seutukunta',
    'sub-regions',
    'sub-region',
    'subregions',
    'ekonomiska regioner',
    'ekonomisk region',
  ),
  municipalities: labels('kunnat', 'kunta', 'municipalities', 'municipality', 'kommuner', 'kommun'),
  fund: labels('rahasto', 'fund', 'fond', 'fonden'),
};

/** The header of a table's total column: `Yhteensä`, `Totalt`, `Total`. */
const TOTAL_COLUMN = /^(?:yhteensä|kaikki yhteensä|totalt|sammanlagt|summa|total|in total)$/iu;

/**
 * The total cell of a row laid out by year (`Kustannukset yhteensä  137 760  157 640  371 000`)
 * under a header whose last column is the total (`Kustannuslaji  2024  2025  Yhteensä`).
 */
function totalColumnOf(
  lines: readonly Line[],
  hit: Hit<string> | undefined,
): Hit<string> | undefined {
  if (!hit?.value.includes('\t')) return hit;
  const cells = hit.line.text.split('\t').length;
  const row = lines.indexOf(hit.line);
  for (let k = row - 1; k >= 0 && k >= row - 10; k--) {
    const header = (lines[k] as Line).text.split('\t');
    if (header.length < 3) continue;
    const last = header.at(-1)?.trim() ?? '';
    // The rows above it in the table.
    if (/\d/.test(last)) continue;
    if (header.length !== cells || !TOTAL_COLUMN.test(last)) return hit;
    return { value: hit.value.split('\t').at(-1) ?? hit.value, line: hit.line };
  }
  return hit;
}

/** A business id written after the organisation's name: `Name Oy (Y-tunnus 1234567-8)`. */
const INLINE_BUSINESS_ID =
  /\s*[(,]\s*(?:y-tunnus|business id|fo-nummer|fo-nr)\.?\s*:?\s*(\d{7}-\d)\s*\)?\s*$/iu;

/**
 * A grant stated in the decision's own sentence: `beviljar … EU- och statlig finansiering om högst
 * 412 380 euro`, `myöntää … EU- ja valtion rahoitusta enintään …`, `grants … EU and state funding
 * of up to …`. The sum follows the funding's name.
 */
const GRANT_SENTENCE =
  /(?<!\w)(?:beviljar|myöntää|grants?|awards?)(?![\p{L}]).{0,80}?(?<!\w)(?:eu- och statlig finansiering|eu- och statsfinansiering|eu- ja valtion rahoitusta|eu and (?:state|national) funding)(?!\w)/iu;

function grantInSentence(lines: readonly Line[], language?: Language): Hit<string> | undefined {
  return firstHit(lines, (line) => {
    const m = GRANT_SENTENCE.exec(line.text);
    if (!m) return undefined;
    const rest = line.text.slice(m.index + m[0].length);
    return findAmounts(rest, language).some((a) => a.currency) ? rest : undefined;
  });
}

/** The name field under a bare beneficiary heading (`Tuensaaja` / `Nimi: Savonia-AMK Oy`). */
const ORGANISATION_NAME = labels(
  '(?:virallinen )?nimi',
  '(?:official )?name',
  '(?:officiellt )?namn',
  'organisaatio(?:n nimi)?',
  'organi[sz]ation(?: name)?',
  'organisation(?:ens namn)?',
);
/** Trailing cells of a sum's share (`612 400<TAB>100`, `452 466    95,0 %`), as a financing plan lists them. */
const SHARE_CELLS = /(?:\t\s*\d{1,3}(?:[.,]\d+)?\s*%?\s*|\s{2,}\d{1,3}(?:[.,]\d+)?\s?%\s*)+$/u;

const JOBS_HEADING =
  /(?:uusien työpaikkojen|uudet työpaikat|työpaikkojen määrä|new jobs|jobs created|number of jobs|nya arbetsplatser|arbetstillfällen|nya jobb)/iu;
const ENTERPRISES_HEADING =
  /(?:uusien yritysten|uudet yritykset|yritysten määrä|new (?:enterprises|companies|businesses|firms)|enterprises created|nya företag)/iu;
const PLANNED = /^(?:suunniteltu|tavoite|planned|target|planerad|planerat|planerade|mål)(?!\w)/iu;
const REALISED =
  /^(?:toteutunut|toteutuma|reali[sz]ed|actual|achieved|förverkligad|förverkligat|förverkligade|genomfört|utfall|uppnått)(?!\w)/iu;
const WOMEN = /(?:nais|women|woman|female|kvinn)\p{L}*/iu;
/** A sub-row for women under an indicator row: `joista naisille 4 5`, `varav kvinnor: mål 2, utfall 4`. */
const WOMEN_ROW =
  /^(?:[-–•*]\s*)?(?:(?:joista|joihin|of which|varav|därav)(?!\w)[^\d]{0,40}?)?(?:nais|women|woman|female|kvinn)/iu;
/** Indicators of enterprises supported, which are not enterprises created. */
const SUPPORTED_ENTERPRISES =
  /(?:tukea saav|receiving (?:support|grants?|aid)|supported|som får stöd|som erhåller stöd)/iu;
/** Column words of an indicator or funding table, and inline labels (`mål 5, utfall 7`). */
const PLANNED_WORD =
  /(?<![\p{L}])(?:suunniteltu|suunnitelma|tavoite|myönnetty|planned|target|granted|planerad|planerat|planerade|mål|beviljad|beviljat)(?![\p{L}])/iu;
const REALISED_WORD =
  /(?<![\p{L}])(?:toteutunut|toteuma|reali[sz]ed|actual|achieved|förverkligad|förverkligat|förverkligade|genomfört|utfall|uppnått)(?![\p{L}])/iu;
const NUMBER_TOKEN = '-?\\d+(?:[.,]\\d+)?';
const TWO_TRAILING = new RegExp(`(?:^|\\s)(${NUMBER_TOKEN})\\s+(${NUMBER_TOKEN})\\s*$`, 'u');

/** A column word followed by its figure: `utfall 7`, `tavoite: 10`. */
const inlineFigure = (word: RegExp) =>
  new RegExp(`${word.source}\\s*[:：]?\\s*(${NUMBER_TOKEN})`, 'iu');
const PLANNED_FIGURE = inlineFigure(PLANNED_WORD);
const REALISED_FIGURE = inlineFigure(REALISED_WORD);

/** The number an inline label gives in a line (`utfall 7`, `tavoite: 10`). */
function inlineNumber(text: string, figure: RegExp, language?: Language): number | undefined {
  const m = figure.exec(text);
  return m?.[1] === undefined ? undefined : parseNumber(m[1], language);
}

/**
 * The order of the planned and realised columns, from the nearest header line above a table row
 * (`Indikaattori  Tavoite  Toteuma`); undefined when there is no such header.
 */
function columnOrder(
  lines: readonly Line[],
  row: number,
): 'planned-first' | 'realised-first' | undefined {
  for (let k = row - 1; k >= Math.max(0, row - 10); k--) {
    const text = lines[k]?.text ?? '';
    if (text.length === 0 || text.length > 160 || /\d/.test(text)) continue;
    const planned = PLANNED_WORD.exec(text)?.index;
    const realised = REALISED_WORD.exec(text)?.index;
    if (planned !== undefined && realised !== undefined)
      return planned < realised ? 'planned-first' : 'realised-first';
  }
  return undefined;
}
type IndicatorKey = keyof Indicator;
/** Where a table row parts its cells: a tab or a wide gap. */
const CELL_GAP = /\t|\s{2,}/u;

/**
 * What each cell of the nearest table header above a row holds (`Indikaattori  Tavoite  Joista
 * naisia  Toteuma  Joista naisia`): a women's column counts for the planned or realised column
 * before it. Undefined when there is no such header.
 */
function headerColumns(
  lines: readonly Line[],
  row: number,
): Array<IndicatorKey | undefined> | undefined {
  for (let k = row - 1; k >= Math.max(0, row - 10); k--) {
    const text = lines[k]?.text ?? '';
    if (text.length === 0 || text.length > 160 || /\d/.test(text)) continue;
    if (!CELL_GAP.test(text) || !(PLANNED_WORD.test(text) || REALISED_WORD.test(text))) continue;
    let current: 'planned' | 'realised' | undefined;
    return text.split(CELL_GAP).map((cell): IndicatorKey | undefined => {
      if (WOMEN.test(cell)) return current === 'realised' ? 'realisedWomen' : 'plannedWomen';
      if (REALISED_WORD.test(cell)) current = 'realised';
      else if (PLANNED_WORD.test(cell)) current = 'planned';
      else return undefined;
      return current;
    });
  }
  return undefined;
}

const ONLY_FOR_OBJECTIVES =
  /(?:kysytään vain|only (?:asked|requested|collected|reported)|efterfrågas endast|frågas endast|endast för)[^)]*/iu;

const SUSTAINABILITY_HEADING =
  /^(?:\d[\d.]*\s+)?(?:kestävä kehitys|sustainable development|hållbar utveckling)(?!\w)/iu;
/** The direct and indirect scores ending a category row: `6<TAB>4`, `8 / 6`. */
const SCORE_LINE = /\s(-?\d{1,3})(?:\s+|\s*\/\s*)(-?\d{1,3})$/;
/** A category row whose cells hold no score: `– –`, `- -`. */
const NO_SCORE_LINE = /\s[-–—]\s+[-–—]$/u;

const PERCENT_AFTER = /^\s*(?:%|prosent|procent|per\s?cent)/iu;

const GENDER_ANALYSIS =
  /(?:analyysi|analysis|analys|arvioin|assessment|bedömning).*(?:sukupuol|tasa-arvo|gender|kön|jämställdhet)|(?:sukupuol|gender|kön)\p{L}*\s*(?:\p{L}+\s+)?(?:analy|arvioin|assessment|bedömning)|(?:konsekvens|effect|impact)\p{L}*\s+(?:för|on)\s+(?:jämställdhet|gender)\p{L}*.{0,30}(?:bedöm|analy[sz]|assess)/iu;
const GENDER_MAINSTREAMED = /(?:valtavirtaist|mainstream|integrering|integrerats)/iu;
const GENDER_MAIN_GOAL =
  /(?:päätavoit|main (?:goal|objective|aim)|primary (?:goal|objective)|huvudmål|huvudsakliga mål)/iu;

/**
 * The one sum a value states, beside the rate it may give in brackets (`514 580 € (40 %)`); a
 * value that gives only a rate (`EU:n osuus: 40 %`) states no sum.
 */
function sumBesideRate(value: string, language?: Language): number | undefined {
  const sums = findAmounts(value, language).filter(
    (a) => !a.foreign && !PERCENT_AFTER.test(value.slice(a.end)),
  );
  return sums.length === 1 ? sums[0]?.value : undefined;
}

function listOf(value: string): string[] {
  return value
    .split(/\s*(?:[,;]|\s(?:ja|och|and)\s)\s*/u)
    .map((s) => s.trim().replace(/\.$/, ''))
    .filter((s) => s.length > 0);
}

/** Objective codes that a "collected only for …" heading names, e.g. `1.1, 2.1 ja 3.1`. */
function collectedObjectives(heading: string): string[] | undefined {
  const clause = ONLY_FOR_OBJECTIVES.exec(heading)?.[0];
  if (!clause) return undefined;
  const codes = clause.match(/\d+\.\d+/g);
  return codes ?? undefined;
}

interface IndicatorRead {
  indicator: Indicator;
  objectives: string[] | undefined;
}

function readIndicator(
  lines: readonly Line[],
  heading: RegExp,
  path: string,
  rec: ProvenanceRecorder,
  notes: ParseNotes,
  language?: Language,
): IndicatorRead | undefined {
  const candidates: number[] = [];
  lines.forEach((l, i) => {
    if (
      l.text.length <= 200 &&
      heading.test(l.text) &&
      !/[:：]\s*\d/.test(l.text) &&
      !SUPPORTED_ENTERPRISES.test(l.text)
    )
      candidates.push(i);
  });
  const [first] = candidates;
  if (first === undefined) return undefined;
  // A sentence of the summary may name the indicator too; the heading is the one with figures.
  for (const start of candidates) {
    const read = readIndicatorAt(lines, start, heading, path, rec, notes, language);
    if (Object.keys(read.indicator).length > 0) return read;
  }
  return { indicator: {}, objectives: collectedObjectives(lines[first]?.text ?? '') };
}

function readIndicatorAt(
  lines: readonly Line[],
  start: number,
  heading: RegExp,
  path: string,
  rec: ProvenanceRecorder,
  notes: ParseNotes,
  language?: Language,
): IndicatorRead {
  const headingLine = lines[start];
  const indicator: Indicator = {};
  const read = (key: keyof Indicator, text: string, line: Line, pick: 'first' | 'last') => {
    const field = `${path}.${key}`;
    const letter = letterInFigure(text);
    if (letter) {
      notes.lettersInFigures.push({ path: field, line, written: letter.char });
      return;
    }
    const numbers = findNumbers(text, language);
    const found = pick === 'first' ? numbers[0] : numbers.at(-1);
    if (!found) return;
    const kept = rec.provenance[field];
    if (indicator[key] === undefined) {
      indicator[key] = rec.take(field, { value: found.value, line });
    } else if (kept && indicator[key] !== found.value) {
      notes.conflicts.push({
        fields: [field],
        kept: { no: kept.line, text: kept.text },
        other: line,
      });
    }
  };
  /** The figures of a row laid out under a header that names each column. */
  const readColumns = (line: Line): boolean => {
    const columns = headerColumns(lines, start);
    const cells = line.text.split(CELL_GAP);
    if (!columns || cells.length !== columns.length) return false;
    let read = false;
    columns.forEach((key, c) => {
      const value = key ? parseNumber(cells[c]?.trim() ?? '', language) : undefined;
      if (!key || value === undefined) return;
      if (indicator[key] === undefined)
        indicator[key] = rec.take(`${path}.${key}`, { value, line });
      read = true;
    });
    return read;
  };
  /** Planned and realised read from one table row or inline-labelled line. */
  const readPair = (line: Line, women: boolean): boolean => {
    const keys = women
      ? (['plannedWomen', 'realisedWomen'] as const)
      : (['planned', 'realised'] as const);
    const planned = inlineNumber(line.text, PLANNED_FIGURE, language);
    const realised = inlineNumber(line.text, REALISED_FIGURE, language);
    if (planned !== undefined || realised !== undefined) {
      const letter = letterInFigure(line.text);
      if (letter) {
        notes.lettersInFigures.push({ path: `${path}.${keys[0]}`, line, written: letter.char });
        return true;
      }
      if (planned !== undefined && indicator[keys[0]] === undefined)
        indicator[keys[0]] = rec.take(`${path}.${keys[0]}`, { value: planned, line });
      if (realised !== undefined && indicator[keys[1]] === undefined)
        indicator[keys[1]] = rec.take(`${path}.${keys[1]}`, { value: realised, line });
      return true;
    }
    if (!women && CELL_GAP.test(line.text) && readColumns(line)) return true;
    const m = TWO_TRAILING.exec(line.text);
    const order = m ? columnOrder(lines, start) : undefined;
    if (!m || !order) return false;
    const a = parseNumber(m[1] ?? '', language);
    const b = parseNumber(m[2] ?? '', language);
    if (a === undefined || b === undefined) return false;
    const [p, r] = order === 'planned-first' ? [a, b] : [b, a];
    if (indicator[keys[0]] === undefined)
      indicator[keys[0]] = rec.take(`${path}.${keys[0]}`, { value: p, line });
    if (indicator[keys[1]] === undefined)
      indicator[keys[1]] = rec.take(`${path}.${keys[1]}`, { value: r, line });
    return true;
  };
  // The objective codes a heading names (`… only for objectives 1.1 and 2.1`) are no figures.
  const tabular =
    headingLine !== undefined &&
    readPair(
      {
        ...headingLine,
        text: headingLine.text.replace(ONLY_FOR_OBJECTIVES, ''),
        raw: headingLine.raw ?? headingLine.text,
      },
      false,
    );
  const other = heading === JOBS_HEADING ? ENTERPRISES_HEADING : JOBS_HEADING;
  const last = Math.min(lines.length, start + 12);
  for (let k = start + 1; k < last; k++) {
    const line = lines[k];
    if (!line || line.text.length === 0) continue;
    if (isNumberedHeading(line) || other.test(line.text)) break;
    if (heading.test(line.text)) {
      // The same indicator's next row: `Uudet työpaikat naisille, suunniteltu  3`.
      if (readPair(line, WOMEN.test(line.text))) continue;
      break;
    }
    const which = PLANNED.test(line.text)
      ? 'planned'
      : REALISED.test(line.text)
        ? 'realised'
        : undefined;
    if (!which) {
      if (!tabular) continue;
      // Under a table row only its women sub-row belongs to it; the next row ends it.
      if (WOMEN_ROW.test(line.text) && readPair(line, true)) continue;
      if (/\d/.test(line.text)) break;
      continue;
    }
    // `Planned:` with its figures on the next line, as a printed export breaks it.
    const valueLine = /\d/.test(line.text) ? line : figuresBelow(lines, k);
    if (!valueLine) continue;
    if (valueLine !== line) k = lines.indexOf(valueLine, k);
    const text = valueLine.text;
    const women = WOMEN.exec(text);
    read(which, women ? text.slice(0, women.index) : text, valueLine, 'last');
    if (women) {
      read(
        which === 'planned' ? 'plannedWomen' : 'realisedWomen',
        text.slice(women.index),
        valueLine,
        'first',
      );
    }
  }
  return { indicator, objectives: collectedObjectives(headingLine?.text ?? '') };
}

/** The next line with text under a bare `Planned:` label, when it holds the figures. */
function figuresBelow(lines: readonly Line[], k: number): Line | undefined {
  for (let j = k + 1; j < lines.length && j <= k + 3; j++) {
    const next = lines[j];
    if (!next || next.text.length === 0) continue;
    const labelled = PLANNED.test(next.text) || REALISED.test(next.text) || isNumberedHeading(next);
    return !labelled && /^-?\d/.test(next.text) ? next : undefined;
  }
  return undefined;
}

/** True when a score table's header names the indirect column before the direct one. */
function indirectFirst(header: string): boolean {
  const indirect = /välillinen|indirect|indirekt/iu.exec(header)?.index;
  const direct = /välitön|(?<!in)direct|(?<!in)direkt/iu.exec(header)?.index;
  return indirect !== undefined && direct !== undefined && indirect < direct;
}

/**
 * The scores of the sustainability table, and how many of its categories it lists: a row whose
 * cells say no score (`Natura 2000 -ohjelman kohteet – –`) is listed, though it gives no score.
 */
function readSustainability(
  lines: readonly Line[],
  rec: ProvenanceRecorder,
): { sustainability: Sustainability; categories: number } {
  const section = sectionOf(lines, SUSTAINABILITY_HEADING);
  const sustainability: Sustainability = {};
  const unscored = new Set<string>();
  const header = section.slice(0, 6).find((l) => /välitön|direct|direkt/iu.test(l.text));
  const swap = header !== undefined && indirectFirst(header.text);
  for (const line of section) {
    if (isNumberedHeading(line) && !SUSTAINABILITY_HEADING.test(line.text)) break;
    if (line.text.length > 160) continue;
    const m = SCORE_LINE.exec(line.text);
    if (!m) {
      const empty = NO_SCORE_LINE.exec(line.text);
      const key = empty ? sustainabilityKeyOf(line.text.slice(0, empty.index)) : undefined;
      if (key) unscored.add(key);
      continue;
    }
    const key = sustainabilityKeyOf(line.text.slice(0, m.index));
    if (!key || sustainability[key]) continue;
    const first = Number(m[1]);
    const second = Number(m[2]);
    const [direct, indirect] = swap ? [second, first] : [first, second];
    rec.take(`horizontal.sustainability.${key}.direct`, { value: direct, line });
    rec.take(`horizontal.sustainability.${key}.indirect`, { value: indirect, line });
    sustainability[key] = { direct, indirect };
  }
  for (const key of Object.keys(sustainability)) unscored.delete(key);
  return { sustainability, categories: Object.keys(sustainability).length + unscored.size };
}

/** Rows of a funding table with a planned (granted) and a realised column. */
const TABLE_ROWS: ReadonlyArray<{ re: RegExp; planned: MoneyKey; realised?: MoneyKey }> = [
  {
    re: /^(?:eu- ja valtion rahoitus|eu- och statlig finansiering|eu- och statsfinansiering|eu and (?:state|national) funding)(?![\p{L}])/iu,
    planned: 'euAndStateGranted',
    realised: 'euAndStateRealised',
  },
  {
    re: /^(?:julkinen rahoitus yhteensä|offentlig finansiering (?:totalt|sammanlagt)|public funding,? total|total public funding)(?![\p{L}])/iu,
    planned: 'publicPlanned',
    realised: 'publicRealised',
  },
  {
    re: /^(?:kokonaisrahoitus|rahoitus yhteensä|finansiering (?:totalt|sammanlagt)|total financing|financing,? total)(?![\p{L}])/iu,
    planned: 'totalBudget',
  },
];

/** The heading of a financing plan whose rows each give one (planned) sum. */
const PLAN_HEADING =
  /^(?:rahoitussuunnitelma|finansieringsplan(?:en)?|financing plan|funding plan)(?:\s*(?:[([]?(?:€|eur|euroa?)[)\]]?)?\s*:?)?$/iu;

type MoneyKey =
  | 'totalBudget'
  | 'euAndStateGranted'
  | 'euAndStateRealised'
  | 'publicPlanned'
  | 'publicRealised';

/**
 * Figures of a funding table laid out in columns under a header such as
 * `Rahoituslähde  Myönnetty  Toteutunut`: each row gives the planned and the realised sum.
 */
function fundingTable(lines: readonly Line[], language?: Language) {
  const found: Partial<Record<MoneyKey, Hit<string>>> = {};
  // An indicator table may have the same header words; the funding table is the one with its rows.
  for (let header = 0; header < lines.length; header++) {
    const l = lines[header] as Line;
    if (l.text.length === 0 || l.text.length > 160 || /\d/.test(l.text)) continue;
    // A financing plan of one column (`Rahoitussuunnitelma  €`) gives the planned sums alone.
    const lead = l.text.charAt(0).toLowerCase();
    const plan = (lead === 'r' || lead === 'f') && PLAN_HEADING.test(l.text);
    if (
      !plan &&
      (!/\s{2,}|\t/u.test(l.text) || !PLANNED_WORD.test(l.text) || !REALISED_WORD.test(l.text))
    )
      continue;
    const order = columnOrder(lines, header + 1);
    for (const line of lines.slice(header + 1, header + 16)) {
      if (line.text.length === 0) {
        if (plan) break;
        continue;
      }
      if (isNumberedHeading(line)) break;
      const row = TABLE_ROWS.find(({ re }) => re.test(line.text));
      if (!row || found[row.planned]) continue;
      const amounts = findAmounts(line.text, language).filter((a) => a.index > 0 && !a.foreign);
      if (plan) {
        const [only] = amounts;
        if (amounts.length === 1 && only) found[row.planned] = { value: only.raw, line };
        continue;
      }
      if (amounts.length !== 2) continue;
      const [a, b] = amounts;
      const [p, r] = order === 'realised-first' ? [b, a] : [a, b];
      if (p) found[row.planned] = { value: p.raw, line };
      if (r && row.realised) found[row.realised] = { value: r.raw, line };
    }
  }
  return found;
}

/** The last character of a question whose answer may stand alone on the next line. */
const QUESTION_END = new Set([':', '：', '?', '？']);

/**
 * The yes/no answer of the first question line that has one: at its end, or alone on the next
 * line when the question ends in a colon (`… from a gender perspective:` / `No`).
 */
function yesNoHit(lines: readonly Line[], re: RegExp): Hit<boolean> | undefined {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line || line.text.length === 0) continue;
    // Only a line that answers, or asks with the answer below, can hold one; the question
    // pattern runs on those alone.
    const answer = yesNoOf(line.text);
    const asks = QUESTION_END.has(line.text.charAt(line.text.length - 1));
    // A page lays out the question as a label with its answer alone under it, without a colon.
    const below = answer === undefined ? answerBelow(lines, i) : undefined;
    if ((answer === undefined && !asks && !below) || !re.test(line.text)) continue;
    if (answer !== undefined) return { value: answer, line };
    if (below) return below;
  }
  return undefined;
}

/** A yes or no standing alone on the next line with text, within two lines. */
function answerBelow(lines: readonly Line[], i: number): Hit<boolean> | undefined {
  for (let j = i + 1; j < lines.length && j <= i + 2; j++) {
    const next = lines[j] as Line;
    if (next.text.length === 0) continue;
    const value = next.text.length <= 12 ? yesNoOf(next.text) : undefined;
    return value === undefined ? undefined : { value, line: next };
  }
  return undefined;
}

/**
 * The beneficiary given as a section: its heading alone on a line, and the organisation's name
 * in a field of its own under it (`Beneficiary` / `Name: Lapland UAS Ltd`).
 */
function beneficiaryUnderHeading(lines: readonly Line[]): Hit<string> | undefined {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const m = line && line.text.length <= 40 ? L.beneficiary.exec(line.text) : null;
    if (!line || !m || !/^\s*[:：]?\s*$/u.test(line.text.slice(m[0].length))) continue;
    const next = lines.slice(i + 1, i + 3).find((l) => l.text.length > 0);
    const name = next ? findLabelled([next], ORGANISATION_NAME) : undefined;
    if (name && name.line === next) return name;
  }
  return undefined;
}

/** Fund named in a label or a short heading near the top of the export. */
function fundHit(lines: readonly Line[]) {
  const labelled = mapHit(findLabelled(lines, L.fund), fundOf);
  if (labelled) return labelled;
  return firstHit(lines.slice(0, 30), (line) =>
    line.text.length <= 200 ? fundOf(line.text) : undefined,
  );
}

const TOP_HEADING = /^(\d{1,2})\s+\p{Lu}/u;
const EURA_FIRST_SECTION = /^1\s+(?:hanke|project|projekt)$/iu;
/** Section 8 (horizontal principles) is the last one every EURA 2014 export has. */
const EURA_LAST_SECTION = 8;
const SUSTAINABILITY_CATEGORIES = 15;

/**
 * Where an EURA export stops short of its layout: its numbered sections end before section 8,
 * its last line is a heading or label with nothing after it, or it ends inside the table of the
 * fifteen sustainability categories.
 */
function truncationOf(
  lines: readonly Line[],
  categories: number,
): Omit<Truncation, 'dropped'> | undefined {
  let last: Line | undefined;
  let lastHeading: Line | undefined;
  let top: Line | undefined;
  let topNumber = 0;
  let eura = false;
  for (const line of lines) {
    const t = line.text;
    if (t.length === 0) continue;
    last = line;
    const first = t.charCodeAt(0);
    if (first < 0x30 || first > 0x39 || t.length > 200 || !isNumberedHeading(line)) continue;
    lastHeading = line;
    const section = TOP_HEADING.exec(t);
    if (!section) continue;
    if (EURA_FIRST_SECTION.test(t)) eura = true;
    if (Number(section[1]) > topNumber) {
      topNumber = Number(section[1]);
      top = line;
    }
  }
  if (!eura || !last || !top) return undefined;
  const expected = `an EURA export goes on to section ${EURA_LAST_SECTION} (horizontal principles)`;
  if (topNumber < EURA_LAST_SECTION) {
    return { line: last, where: `in section "${top.text}"`, expected };
  }
  if (last === lastHeading || /[:：]$/u.test(last.text)) {
    return {
      line: last,
      where: `with "${last.text}", a heading or label with nothing after it`,
      expected: 'a complete export has its content',
    };
  }
  const inTable =
    topNumber === EURA_LAST_SECTION &&
    lastHeading !== undefined &&
    SUSTAINABILITY_HEADING.test(lastHeading.text);
  if (inTable && categories > 0 && categories < SUSTAINABILITY_CATEGORIES) {
    return {
      line: last,
      where: `in the sustainability table, after ${categories} of its ${SUSTAINABILITY_CATEGORIES} categories`,
      expected: `a complete export lists all ${SUSTAINABILITY_CATEGORIES}`,
    };
  }
  return undefined;
}

/** A wide gap between the cells of a two-column form flattened to one line. */
const COLUMN_GAP = /\s{3,}/u;

/**
 * The lines of a two-column form, as a PDF copy flattens it (`Hankekoodi   S20996   Rahasto   ESR`),
 * with each label and its value on a line of its own: a line is parted where a later cell is
 * itself a label of the form.
 */
function splitColumns(lines: readonly Line[]): readonly Line[] {
  const known = Object.values(L);
  let out: Line[] | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as Line;
    const t = line.text;
    // Only a line with a wide gap inside it can hold two columns.
    const cells = t.length <= 200 && !line.raw && t.includes('   ') ? t.split(COLUMN_GAP) : [];
    let cut = -1;
    if (cells.length >= 3 && known.some((re) => re.test(cells[0] ?? ''))) {
      cut = cells.findIndex((cell, c) => c >= 2 && known.some((re) => re.test(cell)));
    }
    if (cut < 0) {
      out?.push(line);
      continue;
    }
    out ??= lines.slice(0, i);
    out.push(
      { no: line.no, text: cells.slice(0, cut).join('\t'), raw: t },
      { no: line.no, text: cells.slice(cut).join('\t'), raw: t },
    );
  }
  return out ?? lines;
}

/** The heading of an export's list of funding by organisation. */
const BY_ORGANISATION =
  /^(?:rahoitus organisaatioittain|rahoittajat|finansiering (?:per|enligt) organisation|finansiärer|funding by organi[sz]ation|financing by organi[sz]ation|funders)$/iu;
const TOTAL_ROW = /^(?:yhteensä|totalt|sammanlagt|total|in total)(?![\p{L}])/iu;

/** The rows under the funding-by-organisation heading: `Pohjois-Savon liitto<TAB>412 350 €`. */
function readByOrganisation(
  lines: readonly Line[],
  rec: ProvenanceRecorder,
  notes: ParseNotes,
  language?: Language,
): Array<{ organisation: string; amount: number }> {
  const at = lines.findIndex((l) => l.text.length <= 60 && BY_ORGANISATION.test(l.text));
  const rows: Array<{ organisation: string; amount: number }> = [];
  if (at < 0) return rows;
  for (let k = at + 1; k < lines.length && k <= at + 30; k++) {
    const line = lines[k] as Line;
    if (line.text.length === 0) {
      if (rows.length > 0) break;
      continue;
    }
    if (TOTAL_ROW.test(line.text)) break;
    const cells = line.text.split(CELL_GAP);
    const amounts = cells.length === 2 ? findAmounts(cells[1] ?? '', language) : [];
    const organisation = cells[0]?.trim() ?? '';
    if (amounts.length !== 1 || /\d/.test(organisation)) break;
    // A funder whose sum is in another currency is noted, not listed in euros.
    if (notes.nonEuro(cells[1] ?? '', 'funding.byOrganisation', line, language)) continue;
    const amount = amounts[0]?.value as number;
    const i = rows.length;
    rec.take(`funding.byOrganisation.${i}.organisation`, { value: organisation, line });
    rec.take(`funding.byOrganisation.${i}.amount`, { value: amount, line });
    rows.push({ organisation, amount });
  }
  return rows;
}

/** A report's heading field that names the project by code and title: `Hanke: A73318 – Title (ACR)`. */
const PROJECT_LABEL = labels('hanke', 'project', 'projekt');
const CODE_AND_NAME =
  /^(\p{Lu}{1,2}\d{4,6})\s+[–—-]\s+(.+?)(?:\s+\(([\p{Lu}\d][\p{Lu}\d&-]{1,14})\))?$/u;

function readFields(lines: readonly Line[], language?: Language) {
  const rec = new ProvenanceRecorder();
  const hints: ParserHints = {};
  const notes = new ParseNotes();

  const period = findLabelled(lines, L.period);
  const periodDates = period ? findDateTokens(withLookalikeDigits(period.value)) : [];
  const coStart = lines.findIndex((l) => L.coImplementers.test(l.text));
  const applicantLines = coStart < 0 ? lines : lines.slice(0, coStart);
  const applicantsUntil = coStart < 0 ? undefined : lines[coStart]?.no;
  const priorityAxis = findLabelled(lines, L.priorityAxis, { numbered: true });
  const programme =
    findLabelled(lines, L.programme) ??
    mapHit(priorityAxis, (axis) => (/REACT-EU/iu.test(axis) ? 'REACT-EU' : undefined));
  const specificObjective = findLabelled(lines, L.specificObjective, { numbered: true });
  const titled = findLabelled(lines, PROJECT_LABEL);
  const titleParts = titled ? CODE_AND_NAME.exec(titled.value) : null;
  const part = (i: number) =>
    titled && titleParts?.[i] ? { value: titleParts[i], line: titled.line } : undefined;
  const code = findLabelled(lines, L.code) ?? part(1);
  const name = findLabelled(lines, L.name) ?? part(2);
  const named =
    beneficiaryUnderHeading(applicantLines) ?? findLabelled(applicantLines, L.beneficiary);
  const inlineId = named ? INLINE_BUSINESS_ID.exec(named.value) : null;
  const beneficiary =
    named && inlineId ? { ...named, value: named.value.slice(0, inlineId.index) } : named;
  const businessId =
    findLabelled(applicantLines, L.businessId) ??
    (named && inlineId?.[1] ? { value: inlineId[1], line: named.line } : undefined);
  const authority = findLabelled(lines, L.authority);
  const amountsDiffer = (a: string, b: string) =>
    parseAmount(a, language) !== parseAmount(b, language);
  const table = fundingTable(lines, language);
  /** A table row's column beats the labelled value of the same line, which holds both columns. */
  const labelledOr = (key: MoneyKey, hit: Hit<string> | undefined) => {
    const cell = table[key];
    return cell && (!hit || hit.line.no === cell.line.no) ? cell : hit;
  };
  const money: Record<MoneyKey, Hit<string> | undefined> = {
    totalBudget: labelledOr(
      'totalBudget',
      totalColumnOf(lines, findLabelled(lines, L.totalBudget)),
    ),
    euAndStateGranted: labelledOr(
      'euAndStateGranted',
      findLabelled(lines, L.granted) ?? grantInSentence(lines, language),
    ),
    euAndStateRealised: labelledOr('euAndStateRealised', findLabelled(lines, L.realised)),
    publicPlanned: labelledOr('publicPlanned', findLabelled(lines, L.publicPlanned)),
    publicRealised: labelledOr('publicRealised', findLabelled(lines, L.publicRealised)),
  };
  const contribution = findLabelled(lines, L.euContribution);
  const queries = [
    { fields: ['project.code'], hit: code, differs: textDiffers },
    { fields: ['project.name'], hit: name, differs: textDiffers },
    {
      fields: ['project.beneficiary'],
      hit: beneficiary,
      differs: textDiffers,
      until: applicantsUntil,
    },
    {
      fields: ['project.businessId'],
      hit: businessId,
      differs: textDiffers,
      until: applicantsUntil,
    },
    { fields: ['project.managingAuthority'], hit: authority, differs: textDiffers },
    { fields: ['project.startDate', 'project.endDate'], hit: period, differs: textDiffers },
    ...Object.entries(money).map(([key, hit]) => ({
      fields: [`funding.${key}`],
      hit,
      differs: amountsDiffer,
    })),
    { fields: ['funding.euContribution'], hit: contribution, differs: amountsDiffer },
  ];
  findConflicts(lines, queries).forEach((other, i) => {
    const { fields, hit } = queries[i] ?? {};
    if (other && fields && hit) notes.conflicts.push({ fields, kept: hit.line, other });
  });
  const read = (value: string) => parseAmount(value.replace(SHARE_CELLS, ''), language);
  const amount = (key: keyof typeof money) =>
    rec.take(`funding.${key}`, notes.euros(money[key], `funding.${key}`, read, language));
  const percent = (value: string) => parsePercent(value, language);
  const rate =
    notes.figure(findLabelled(lines, L.rate), 'funding.euCofinancingRate', percent) ??
    (contribution && !letterInFigure(contribution.value)
      ? mapHit(contribution, percent)
      : undefined);
  const date = (path: string, i: number) =>
    rec.take(
      path,
      mapHit(notes.date(period, periodDates[i], path), (d) => d.date),
    );

  const single = (path: string, label: RegExp) => {
    const hit = findLabelled(lines, label);
    const token = hit ? findDateTokens(withLookalikeDigits(hit.value))[0] : undefined;
    return rec.take(
      path,
      mapHit(notes.date(hit, token, path), (d) => d.date),
    );
  };

  const jobs = readIndicator(lines, JOBS_HEADING, 'indicators.jobsCreated', rec, notes, language);
  const enterprises = readIndicator(
    lines,
    ENTERPRISES_HEADING,
    'indicators.enterprisesCreated',
    rec,
    notes,
    language,
  );
  const scores = readSustainability(lines, rec);
  const objectives = jobs?.objectives;
  if (objectives) hints.jobsCollectedForObjectives = objectives;

  const fields: ExtractedFields = {
    project: {
      code: rec.take('project.code', code),
      name: rec.take('project.name', name),
      acronym: rec.take('project.acronym', findLabelled(lines, L.acronym) ?? part(3)),
      beneficiary: rec.take('project.beneficiary', beneficiary),
      businessId: rec.take('project.businessId', businessId),
      fund: rec.take('project.fund', fundHit(lines)),
      programme: rec.take('project.programme', programme),
      priorityAxis: rec.take('project.priorityAxis', priorityAxis),
      specificObjective: rec.take('project.specificObjective', specificObjective),
      programmingPeriod: rec.take(
        'project.programmingPeriod',
        mapHit(findLabelled(lines, L.programmingPeriod), (v) => v.replace(/\s*[–—-]\s*/gu, '-')),
      ),
      managingAuthority: rec.take('project.managingAuthority', authority),
      region: rec.take('project.region', findLabelled(lines, L.region)),
      subRegion: rec.take('project.subRegion', findLabelled(lines, L.subRegion)),
      municipalities: rec.take(
        'project.municipalities',
        mapHit(findLabelled(lines, L.municipalities), listOf),
      ),
      startDate: date('project.startDate', 0) ?? single('project.startDate', L.start),
      endDate: date('project.endDate', 1) ?? single('project.endDate', L.end),
      status: rec.take('project.status', mapHit(findLabelled(lines, L.status), statusOf)),
    },
    funding: {
      totalBudget: amount('totalBudget'),
      euAndStateGranted: amount('euAndStateGranted'),
      euAndStateRealised: amount('euAndStateRealised'),
      publicPlanned: amount('publicPlanned'),
      publicRealised: amount('publicRealised'),
      euContribution: rec.take(
        'funding.euContribution',
        notes.euros(
          contribution,
          'funding.euContribution',
          (v) => sumBesideRate(v, language),
          language,
        ),
      ),
      euCofinancingRate: rec.take('funding.euCofinancingRate', rate),
      byOrganisation: readByOrganisation(lines, rec, notes, language),
    },
    indicators: {
      jobsCreated: jobs?.indicator,
      enterprisesCreated: enterprises?.indicator,
    },
    horizontal: {
      genderAnalysisDone: rec.take(
        'horizontal.genderAnalysisDone',
        yesNoHit(lines, GENDER_ANALYSIS),
      ),
      genderMainstreamed: rec.take(
        'horizontal.genderMainstreamed',
        yesNoHit(lines, GENDER_MAINSTREAMED),
      ),
      genderEqualityMainGoal: rec.take(
        'horizontal.genderEqualityMainGoal',
        yesNoHit(lines, GENDER_MAIN_GOAL),
      ),
      sustainability: scores.sustainability,
    },
    provenance: rec.provenance,
  };
  return {
    fields: prune(fields) ?? { provenance: {} },
    hints: notes.addTo(hints),
    categories: scores.categories,
  };
}

/**
 * Parses a structural-funds project description or final report (EURA 2014 export and its
 * Swedish and English versions): labelled fields, public funding, indicators and the
 * horizontal principles. A truncated export is noted; a value on a last line that was cut off
 * mid-line is not used.
 */
export function parseProjectDescription(lines: readonly Line[], language?: Language): ParseOutput {
  const { categories, ...read } = readFields(splitColumns(lines), language);
  const truncation = truncationOf(lines, categories);
  if (!truncation) return read;
  const cut = lines.at(-1) === truncation.line;
  const dropped = cut
    ? Object.entries(read.fields.provenance)
        .filter(([, entry]) => entry.line === truncation.line.no)
        .map(([path]) => path)
    : [];
  if (dropped.length === 0)
    return { ...read, hints: { ...read.hints, truncation: { ...truncation, dropped } } };
  const blanked = lines.map((l) => (l === truncation.line ? { no: l.no, text: '' } : l));
  const { categories: _, ...reread } = readFields(blanked, language);
  return { ...reread, hints: { ...reread.hints, truncation: { ...truncation, dropped } } };
}
