import type { ExtractedFields, Language } from '../../schemas/report-record.ts';
import { bareFiguresAreEuros, euroAmount, findAmounts, phrasePattern } from '../amounts.ts';
import { rateInSentence } from '../cost-sentence.ts';
import { findDateTokens } from '../dates.ts';
import { findPercents, letterInFigure, withLookalikeDigits } from '../numbers.ts';
import { onFirstUse } from '../once.ts';
import { fundStatement } from '../statements.ts';
import {
  findConflicts,
  findLabelled,
  firstHit,
  type Hit,
  type Line,
  labels,
  mapHit,
  ProvenanceRecorder,
  prune,
  textDiffers,
} from '../text.ts';
import { LABEL_VOCABULARIES } from '../vocabulary/label-vocabularies.ts';
import { countryCodeOf, fundOf, fundsOf, isFundName, statusOf } from '../vocabulary.ts';
import { ParseNotes, type ParseOutput } from './parser.ts';

/**
 * Labels of the page in fi/sv/en, and in French and German, the other languages a Kohesio page is
 * often copied in; the record's fields are the same whatever the interface language.
 */
const L = {
  name: labels(
    'project name',
    'project title',
    'title',
    'projektnamn',
    'projektets namn',
    'hankkeen nimi',
  ),
  code: labels(
    'project code',
    'operation code',
    'project id',
    'identifiant du projet',
    'code du projet',
    'projekt-?id',
    'projektkennung',
  ),
  start: labels(
    'start date',
    'project start(?: date)?',
    'start',
    'alkamispäivä',
    'aloituspäivä',
    'startdatum',
    'date de début',
  ),
  end: labels(
    'end date',
    'project end(?: date)?',
    'end',
    'päättymispäivä',
    'loppumispäivä',
    'slutdatum',
    'enddatum',
    'date de fin',
  ),
  /** The project's own dates as one range (`Project period: 01.09.2017 - 31.08.2021`). */
  duration: labels(
    'project period',
    'project duration',
    'implementation period',
    'duration',
    'toteutusaika',
    'hankeaika',
    'projektperiod',
    'genomförandetid',
    'laufzeit',
    'projektlaufzeit',
    'durée',
  ),
  fund: labels('fund', 'funds', 'rahasto', 'fond', 'fonds'),
  totalBudget: labels(
    'total (?:project )?(?:budget|costs?)',
    'total eligible (?:project )?(?:budget|costs?|expenditure)',
    'kokonaisbudjetti',
    'kokonaiskustannukset',
    'totalbudget',
    'total(?:a)? ?kostnad(?:er)?',
    'budget total',
    'gesamtbudget',
  ),
  euContribution: labels(
    'eu (?:contribution|co-?financing|funding)(?: amount)?',
    'union co-?financing',
    'eu:n rahoitusosuus',
    'eu:n osuus',
    'eu-bidrag',
    'eu:s (?:bidrag|andel)',
    "contribution de l['’]ue",
    'eu-beitrag',
  ),
  rate: labels(
    '(?:eu )?co-?financing rate',
    'eu co-financing rate',
    '(?:eu )?co-?funding rate',
    '(?:eu:n )?osarahoitusaste',
    '(?:eu:n )?(?:yhteis)?rahoitusaste',
    '(?:eu:s |eu-)?medfinansieringsgrad',
    "taux de cofinancement(?: de l['’]ue)?",
    '(?:eu-)?kofinanzierungssatz',
  ),
  programme: labels('programme', 'program', 'operational programme', 'ohjelma', 'programm'),
  period: labels(
    'programming period',
    'programme period',
    'ohjelmakausi',
    'programperiod',
    'période de programmation',
    'programmplanungszeitraum',
  ),
  authority: labels(
    'managing authority',
    'hallintoviranomainen',
    'förvaltande myndighet',
    'förvaltningsmyndighet',
    'autorité de gestion',
    'verwaltungsbehörde',
  ),
  beneficiary: labels(
    'lead beneficiary',
    'beneficiary',
    'beneficiaries',
    'beneficiary name',
    'edunsaaja',
    'tuensaaja',
    'stödmottagare',
    'mottagare',
    'förmånstagare',
    'projektägare',
    'bénéficiaire',
    'begünstigte[r]?',
  ),
  country: labels('project country', 'country', 'maa', 'land', 'pays'),
  region: labels(
    'region',
    'project region',
    'nuts [23] region',
    'location',
    'project location',
    'alue',
    'maakunta',
    'landskap',
    'région',
  ),
  priorityAxis: labels('priority axis', 'priority'),
  specificObjective: labels('specific objective'),
  status: labels('status', 'project status'),
};

/**
 * A value unless it stands on the line another field was read from: a label left empty over the
 * page's title (`stödmottagare`, then the title) gives the title, which is no beneficiary.
 */
function otherLine<T>(
  hit: Hit<T> | undefined,
  taken: Hit<unknown> | undefined,
): Hit<T> | undefined {
  return hit && taken && hit.line === taken.line ? undefined : hit;
}

/** The title after a `Project:` label on its own line; a bare `Project` is page furniture. */
const PROJECT_LABEL = /^(?:project|projekt|hanke|projet)\s*[:：]\s+(?=\S)/iu;

function projectLabelled(lines: readonly Line[]): Hit<string> | undefined {
  return firstHit(lines, (line) => {
    const m = line.text.length <= 250 ? PROJECT_LABEL.exec(line.text) : null;
    return m ? line.text.slice(m[0].length).trim() : undefined;
  });
}

/**
 * Page furniture that is never the project's title: the record languages' headings and menu
 * words (`pageFurniture` in the label vocabularies), and the shapes of a portal's chrome.
 */
const furniture = onFirstUse(
  () =>
    new RegExp(
      `^(?:${phrasePattern(LABEL_VOCABULARIES.flatMap((w) => w.pageFurniture))}|kohesio(?!\\w).*|(?:discover eu projects|upptäck eu-projekt|tutustu eu-hankkeisiin|découvrez les projets|entdecken sie eu-projekte)(?!\\w).*|.*\\s[|–-]\\s*kohesio|download.*|.*[\\s-](?:logo|logotyp|logotype|logga)|flag of .*|skip to .*|go to (?:main )?content|siirry .*|hoppa till .*|english|suomi|svenska|deutsch|français|español|italiano|polski|português|.*(?<!\\w)cookies?(?!\\w).*|projet|informations sur le projet|financement|partager ce projet|projektinformationen|finanzierung|programm|projekt teilen|accueil|projets|détails du projet|startseite|projekte|projektdetails|(?:(?:language|kieli|språk|langue|sprache)\\s*:\\s*)?(?:english|suomi|svenska|deutsch|français|español|italiano|polski|português)\\s*\\(\\p{L}{2}\\))$`,
      'iu',
    ),
);

/** A heading between the title and the summary paragraph it stands above. */
const SUMMARY_HEADING =
  /^(?:summary|description|project description|project summary|project overview|overview|about the project|tiivistelmä|hankkeen tiivistelmä|kuvaus|hankkeen kuvaus|hankekuvaus|sammanfattning|projektsammanfattning|sammanfattning av projektet|beskrivning|projektbeskrivning|innehåll|projektets innehåll|sisältö|hankkeen sisältö|content|contents|project content|résumé|description du projet|zusammenfassung|beschreibung|projektbeschreibung)$/iu;

const bareLabels = onFirstUse(() =>
  Object.values(L).map((label) => new RegExp(`${label.source}\\s*$`, 'iu')),
);
/** A label and its value set apart by a tab or a wide gap, as a copied table row reads. */
const GAPPED_LABELS = Object.values(L).map(
  (label) => new RegExp(`${label.source}(?:\\t|\\s{2,})\\S`, 'iu'),
);

/** Labels of page facts besides those read, which stand before a colon but never in a title. */
const OTHER_LABEL =
  /^(?:themes?|intervention fields?|categor(?:y|ies)(?: of intervention)?|keywords?|location|project partners?|partners?|last updated|updated|published|share|teema|tema|sijainti|plats|kumppanit|partner|thème|thema|dernière mise à jour|zuletzt aktualisiert)$/iu;

/** A navigation bar: menu words set apart by wide gaps or bars (`Projects | Map | About`). */
function isMenu(text: string): boolean {
  const items = text.split(/\s{2,}|\t|\s\|\s/u);
  return items.length >= 3 && items.every((item) => item.split(/\s+/u).length <= 2);
}

/** True when the text before a colon is a label of the page (`Managing authority: …`). */
function isLabelled(text: string): boolean {
  const colon = text.search(/[:：]/u);
  if (colon < 0) return false;
  const before = text.slice(0, colon).trim();
  return (
    before.length === 0 ||
    OTHER_LABEL.test(before) ||
    // A summary under its label (`Innehåll: Det är uppenbart …`).
    SUMMARY_HEADING.test(before) ||
    bareLabels().some((label) => label.test(before)) ||
    // A value after the colon that is only a figure or a date is a labelled fact.
    !/\p{L}{3}/u.test(text.slice(colon + 1))
  );
}

/** A title may hold a colon (`Second chance: vocational pathways …`), but not a labelled fact. */
/** Longest a line ending in a full stop may be and still be a title. */
const PROSE_TITLE = 100;

function isTitleCandidate(text: string): boolean {
  if (text.length < 4 || text.length > 250 || furniture().test(text) || isMenu(text)) return false;
  // A title is one cell: a tab parts the cells of a copied table (`Country<TAB>Netherlands`).
  if (text.includes('\t') || SUMMARY_HEADING.test(text)) return false;
  // A long line that ends a sentence is prose (`Co-funding: the EU contributes …`), and a
  // question is a page's FAQ (`What is the project period?`): neither is the title.
  if ((text.length > PROSE_TITLE && /[.!]$/u.test(text)) || text.endsWith('?')) return false;
  if (GAPPED_LABELS.some((label) => label.test(text))) return false;
  if (isLabelled(text) || !/\p{L}{3}/u.test(text) || countryCodeOf(text) !== undefined)
    return false;
  return !bareLabels().some((label) => label.test(text));
}

/** A breadcrumb trail (`Projects > Poland > Łódzkie`), which is no title though its last step may be. */
const CRUMB_STEP = /\s+[/>›»]\s+/u;

/**
 * The title over a summary heading: the first line of the block of lines right above it. The
 * lines under the title in that block are the fund's tag (`Cohesion Fund`) or the title in the
 * project's own language, as a page shows them under its heading.
 */
function titleAbove(content: readonly Line[], heading: number): Hit<string> | undefined {
  let top: Line | undefined;
  for (let k = heading - 1; k >= 0; k--) {
    const line = content[k] as Line;
    const label = content[k - 1];
    const isValue = label !== undefined && bareLabels().some((re) => re.test(label.text));
    // One labelled fact between the title and the heading (`Project ID: A76318`) is passed over.
    if (k === heading - 1 && label?.no === line.no - 1 && isLabelled(line.text)) continue;
    if (!isTitleCandidate(line.text) || isValue || line.text.split(CRUMB_STEP).length >= 3) break;
    if (!isFundName(line.text)) top = line;
    // A blank line ends the block.
    if (label === undefined || label.no !== line.no - 1) break;
  }
  return top ? { value: top.text, line: top } : undefined;
}

/** Shortest summary paragraph a title stands above. */
const MIN_SUMMARY = 200;
/** A line of running text, as a paragraph wraps: long, several words, and no `Label:` start. */
const PROSE_LINE = /^(?![^:：]{1,60}[:：]\s)(?:\S+\s+){5}\S/u;
const MIN_PROSE_LINE = 40;

/**
 * For each line, the length of the paragraph it starts: itself and the lines of prose right
 * under it (a summary copied with its line breaks), or its own length when it is not prose.
 */
function paragraphLengths(content: readonly Line[]): number[] {
  const lengths: number[] = new Array(content.length).fill(0);
  let run = 0;
  for (let i = content.length - 1; i >= 0; i--) {
    const line = content[i] as Line;
    const prose = line.text.length >= MIN_PROSE_LINE && PROSE_LINE.test(line.text);
    const joined = content[i + 1]?.no === line.no + 1;
    run = prose ? line.text.length + (joined ? run : 0) : 0;
    lengths[i] = prose ? run : line.text.length;
  }
  return lengths;
}

/** A line that goes on with the sentence of the line right above it, wrapped in the middle. */
function continuesSentence(above: Line | undefined, line: Line): boolean {
  return (
    above !== undefined &&
    above.no === line.no - 1 &&
    /^\p{Ll}/u.test(line.text) &&
    /[\p{L},]$/u.test(above.text)
  );
}

/**
 * The page title: the first line when the next repeats it (a page's title over its own
 * heading), else the short line right above the summary paragraph, else the last step of a
 * breadcrumb (`Home / Projects / Title`), else the first line that is not page furniture.
 */
function titleHit(lines: readonly Line[]): Hit<string> | undefined {
  const content = lines.filter((l) => l.text.length > 0);
  // A page copied with its title and its heading both gives the title twice, on top.
  const [first, second] = content;
  if (first && second && first.text === second.text && isTitleCandidate(first.text)) {
    return { value: first.text, line: first };
  }
  const paragraphs = paragraphLengths(content);
  for (let i = 0; i < content.length - 1; i++) {
    const line = content[i];
    const next = content[i + 1];
    if (!line || !next || (paragraphs[i + 1] ?? 0) < MIN_SUMMARY) continue;
    // A line of the paragraph itself is no title, nor a short line a sentence runs on into.
    if ((paragraphs[i] ?? 0) > line.text.length || continuesSentence(content[i - 1], line)) {
      continue;
    }
    // A value under a bare label (`End date` / `30 November 2021`) is no title.
    const labelAbove = content[i - 1];
    const isLabelValue =
      labelAbove !== undefined && bareLabels().some((re) => re.test(labelAbove.text));
    if (isTitleCandidate(line.text) && !isLabelValue) return { value: line.text, line };
    // A `Summary` / `Description` heading may stand between the title and its paragraph.
    const above = SUMMARY_HEADING.test(line.text) ? titleAbove(content, i) : undefined;
    if (above) return above;
  }
  const crumb = firstHit(content, (line) => {
    const steps = line.text.split(/\s+[/>›»]\s+/u);
    const last = steps.at(-1);
    return steps.length >= 3 && last && isTitleCandidate(last) ? last : undefined;
  });
  return (
    crumb ?? firstHit(content, (line) => (isTitleCandidate(line.text) ? line.text : undefined))
  );
}

function countryHit(lines: readonly Line[]) {
  const labelled = mapHit(findLabelled(lines, L.country), countryCodeOf);
  if (labelled) return labelled;
  return firstHit(lines, (line) => {
    const m = /^flag of\s+(.+?)(?:\s{2,}.*)?$/iu.exec(line.text);
    return m ? countryOfFlag(m[1] ?? '') : undefined;
  });
}

/**
 * The region a page's flag line names before its country (`Flag of Poland  Trójmiejski, Poland`):
 * the place as `Region, Country`, the country the flag's.
 */
function flagRegionHit(lines: readonly Line[]): Hit<string> | undefined {
  return firstHit(lines, (line) => {
    const m = /^flag of\s+(.+?)\s{2,}(.+)$/iu.exec(line.text);
    const country = m?.[1]?.trim();
    const place = m?.[2];
    if (!country || !place) return undefined;
    const at = place.indexOf(`, ${country}`);
    const region = at > 0 ? place.slice(0, at).trim() : '';
    return region.length >= 2 && region.length <= 80 && !/[\d,;:]/u.test(region)
      ? region
      : undefined;
  });
}

/**
 * The country a flag's alt text names, where the page's own text may follow it on the same line
 * with one space only (`Flag of Finland Finland`, as a PDF or a web page joins them): the longest
 * run of its first words that is a country.
 */
function countryOfFlag(text: string) {
  const words = text.split(/\s+/u);
  for (let n = words.length; n > 0; n--) {
    const code = countryCodeOf(words.slice(0, n).join(' '));
    if (code) return code;
  }
  return undefined;
}

/** Lines under the title that a page's tags (the fund's name) stand on. */
const TAG_LINES = 3;

/** A line under the title that names one fund and nothing else, as a page tags its project. */
function fundTag(lines: readonly Line[], title: Hit<string> | undefined) {
  const at = title ? lines.indexOf(title.line) : -1;
  if (at < 0) return undefined;
  return firstHit(lines.slice(at + 1, at + 1 + TAG_LINES), (line) =>
    isFundName(line.text) && fundsOf(line.text).length === 1 ? fundOf(line.text) : undefined,
  );
}

/** A programming period as a page gives it: two years (`2014-2020`, `2021–2027`). */
const YEAR_RANGE = /^(?:19|20)\d{2}\s*[–—-]\s*(?:19|20)\d{2}$/u;
/** A plain `Period` label, which names the programming period only when its value is one. */
const PLAIN_PERIOD = labels('period', 'perioden', 'kausi');
/** Short facts in one line, parted by dots or bars (`Rīga, Latvija · European Social Fund · 2014-2020`). */
const FACT_SEPARATOR = /\s[·|•]\s/u;
const MAX_FACT_LINE = 160;

/** The facts of the page's one-line summary, each with the line it stands on. */
function factItems(lines: readonly Line[]): Hit<string>[] {
  return lines.flatMap((line) => {
    if (line.text.length > MAX_FACT_LINE) return [];
    const items = line.text.split(FACT_SEPARATOR);
    return items.length >= 2 ? items.map((item) => ({ value: item.trim(), line })) : [];
  });
}

function programmingPeriodHit(lines: readonly Line[]): Hit<string> | undefined {
  const period =
    findLabelled(lines, L.period) ??
    mapHit(findLabelled(lines, PLAIN_PERIOD), (v) => (YEAR_RANGE.test(v) ? v : undefined)) ??
    factItems(lines).find((item) => YEAR_RANGE.test(item.value));
  return mapHit(period, (v) => v.replace(/\s*[–—-]\s*/gu, '-'));
}

/** A figure alone on its line: `€ 1 270 412`, `85 %`. */
const FIGURE_ALONE = /^(?:€\s?|eur\s)?\d[\d .,]*(?:\s?(?:%|€|eur|euro|euroa))?$/iu;

/**
 * Key figures printed above their captions (`€ 1 270 412` / `Total budget`), as a page's figure
 * cards read once copied: a run of figure and caption pairs that starts with a figure and is not
 * followed by one. Each caption line maps to its figure line.
 */
function figuresAboveCaptions(lines: readonly Line[]): Map<Line, Line> {
  const content = lines.filter((l) => l.text.length > 0);
  const isFigure = (l: Line | undefined) => l !== undefined && FIGURE_ALONE.test(l.text);
  const isCaption = (l: Line | undefined) =>
    l !== undefined && bareLabels().some((re) => re.test(l.text));
  const captions = new Map<Line, Line>();
  for (let i = 0; i < content.length; i++) {
    if (!isFigure(content[i]) || isCaption(content[i - 1])) continue;
    let j = i;
    while (isFigure(content[j]) && isCaption(content[j + 1])) j += 2;
    if (j === i || isFigure(content[j])) continue;
    for (let k = i; k < j; k += 2) captions.set(content[k + 1] as Line, content[k] as Line);
    i = j - 1;
  }
  return captions;
}

/**
 * The line under a label that stands alone without a colon, as a page lays out its facts
 * (`Priority` / `Innovative Central Baltic: growth through innovation`): such a value may hold a
 * colon of its own, which `findLabelled` takes for another label.
 */
function valueUnder(lines: readonly Line[], label: RegExp): Hit<string> | undefined {
  for (let i = 0; i < lines.length - 1; i++) {
    const line = lines[i] as Line;
    if (line.text.length === 0 || line.text.length > 40 || !label.test(line.text)) continue;
    if (!bareLabels().some((re) => re.test(line.text)) || /[:：]/u.test(line.text)) continue;
    const next = lines[i + 1] as Line;
    if (next.text.length === 0 || next.text.length > 250) continue;
    if (bareLabels().some((re) => re.test(next.text)) || isLabelled(next.text)) continue;
    return { value: next.text, line: next };
  }
  return undefined;
}

/** The first value under the label that holds a figure: a menu's `Start` item is no start date. */
function datedLabelled(lines: readonly Line[], label: RegExp): Hit<string> | undefined {
  let rest = lines;
  for (;;) {
    const hit = findLabelled(rest, label);
    // A date has digits; a menu item has none (the date itself is read, and checked, later).
    if (!hit || /\d/u.test(hit.value)) return hit;
    rest = rest.slice(rest.indexOf(hit.line) + 1);
  }
}

/**
 * A summary that states the budget in a sentence rather than a labelled fact: `The total budget is
 * €2.4 million, of which the EU contributes 60 %`, `Hankkeen kokonaisbudjetti on 1,2 miljoonaa euroa`.
 */
const BUDGET_SENTENCE =
  /(?:total (?:project )?(?:budget|cost)s?(?: of the project)?|(?:hankkeen |projektin )?kokonais(?:budjetti|kustannukset)|(?:projektets )?total(?:a)? ?(?:budget|kostnad(?:er)?))\s+(?:is|are|was|were|amounts? to|totals|on|oli|ovat|är|var|uppgår till)\s+(?:(?:about|around|approximately|noin|cirka|ca\.?)\s+)?/iu;
/** The EU's share of that budget as the same sentence goes on: `of which the EU contributes 60 %`. */
const EU_SHARE_SENTENCE =
  /(?:(?<!\w)EU(?!\w)|EU:n (?:osuus|rahoitus(?:osuus)?)|EU:s andel)\s+(?:contributes|co-?finances|covers|funds|provides|finances|on|är|står för|bidrar med)\s+(\d{1,3}(?:[.,]\d{1,2})?\s?(?:%|per ?cent|prosenttia|procent))/u;

/** What may stand before the sum: its currency sign. */
const SUM_LEAD = /^(?:€|eur|euro)?\s*$/iu;

function budgetInSentence(
  lines: readonly Line[],
  language?: Language,
): { budget: Hit<string>; rate: Hit<string> | undefined } | undefined {
  for (const line of lines) {
    // Only a sentence about the budget or costs can hold one.
    if (line.text.length < 30) continue;
    const lower = line.text.toLowerCase();
    if (
      !lower.includes('budget') &&
      !lower.includes('budjet') &&
      !lower.includes('cost') &&
      !lower.includes('kustann') &&
      !lower.includes('kostnad')
    )
      continue;
    const m = BUDGET_SENTENCE.exec(line.text);
    if (!m) continue;
    const rest = line.text.slice(m.index + m[0].length);
    const sum = findAmounts(rest, language)[0];
    if (!sum || sum.foreign || !sum.currency || !SUM_LEAD.test(rest.slice(0, sum.index))) continue;
    const share = EU_SHARE_SENTENCE.exec(rest.slice(sum.end));
    return {
      budget: { value: rest.slice(0, sum.end), line },
      rate: share?.[1] ? { value: share[1], line } : undefined,
    };
  }
  return undefined;
}

/** Parses a public project page (Kohesio style): labelled facts around a title and summary. */
export function parseProjectPage(lines: readonly Line[], language?: Language): ParseOutput {
  const rec = new ProvenanceRecorder();
  const notes = new ParseNotes();
  const name = findLabelled(lines, L.name) ?? projectLabelled(lines) ?? titleHit(lines);
  const code = findLabelled(lines, L.code);
  const start = datedLabelled(lines, L.start);
  const end = datedLabelled(lines, L.end);
  const duration = start || end ? undefined : findLabelled(lines, L.duration);
  const captions = figuresAboveCaptions(lines);
  /** The figure above a caption the label names, else the label's value. */
  const figure = (label: RegExp): Hit<string> | undefined => {
    for (const [caption, value] of captions) {
      if (label.test(caption.text)) return { value: value.text, line: value };
    }
    return findLabelled(lines, label);
  };
  const labelledBudget = figure(L.totalBudget);
  const contribution = figure(L.euContribution);
  const labelledRate = figure(L.rate);
  const sentence = labelledBudget ? undefined : budgetInSentence(lines, language);
  const totalBudget = labelledBudget ?? sentence?.budget;
  const rateLine = labelledRate ?? sentence?.rate ?? rateInSentence(lines);
  const bareEuros = bareFiguresAreEuros(lines, language);
  const amount = (v: string) => {
    const sum = euroAmount(v, language);
    return sum && (sum.currency || bareEuros) ? sum.value : undefined;
  };
  const percent = (v: string) => findPercents(v, language)[0]?.value;
  const amountsDiffer = (a: string, b: string) => amount(a) !== amount(b);
  const queries = [
    { fields: ['project.code'], hit: code, differs: textDiffers },
    { fields: ['project.startDate'], hit: start, differs: textDiffers },
    { fields: ['project.endDate'], hit: end, differs: textDiffers },
    { fields: ['funding.totalBudget'], hit: totalBudget, differs: amountsDiffer },
    { fields: ['funding.euContribution'], hit: contribution, differs: amountsDiffer },
  ];
  findConflicts(lines, queries).forEach((other, i) => {
    const { fields, hit } = queries[i] ?? {};
    if (other && fields && hit) notes.conflicts.push({ fields, kept: hit.line, other });
  });
  const date = (hit: Hit<string> | undefined, path: string, i = 0) =>
    rec.take(
      path,
      mapHit(
        notes.date(hit, hit && findDateTokens(withLookalikeDigits(hit.value))[i], path),
        (d) => d.date,
      ),
    );
  const rate =
    notes.figure(rateLine, 'funding.euCofinancingRate', percent) ??
    (contribution && !letterInFigure(contribution.value)
      ? mapHit(contribution, percent)
      : undefined);

  const fields: ExtractedFields = {
    project: {
      code: rec.take('project.code', code),
      name: rec.take('project.name', name),
      acronym: rec.take(
        'project.acronym',
        mapHit(name, (n) => /\(([\p{Lu}\d][\p{Lu}\d&-]{1,14})\)\s*$/u.exec(n)?.[1]),
      ),
      beneficiary: rec.take(
        'project.beneficiary',
        otherLine(findLabelled(lines, L.beneficiary), name),
      ),
      fund: rec.take(
        'project.fund',
        mapHit(findLabelled(lines, L.fund), fundOf) ??
          fundStatement(lines) ??
          fundTag(lines, name) ??
          factItems(lines)
            .map((item) => mapHit(item, fundOf))
            .find((hit) => hit !== undefined),
      ),
      programme: rec.take('project.programme', findLabelled(lines, L.programme)),
      priorityAxis: rec.take(
        'project.priorityAxis',
        findLabelled(lines, L.priorityAxis) ?? valueUnder(lines, L.priorityAxis),
      ),
      specificObjective: rec.take(
        'project.specificObjective',
        findLabelled(lines, L.specificObjective) ?? valueUnder(lines, L.specificObjective),
      ),
      programmingPeriod: rec.take('project.programmingPeriod', programmingPeriodHit(lines)),
      managingAuthority: rec.take('project.managingAuthority', findLabelled(lines, L.authority)),
      country: rec.take('project.country', countryHit(lines)),
      region: rec.take('project.region', findLabelled(lines, L.region) ?? flagRegionHit(lines)),
      startDate: duration
        ? date(duration, 'project.startDate', 0)
        : date(start, 'project.startDate'),
      endDate: duration ? date(duration, 'project.endDate', 1) : date(end, 'project.endDate'),
      status: rec.take('project.status', mapHit(findLabelled(lines, L.status), statusOf)),
    },
    funding: {
      totalBudget: rec.take(
        'funding.totalBudget',
        notes.euros(totalBudget, 'funding.totalBudget', amount, language),
      ),
      euContribution: rec.take(
        'funding.euContribution',
        notes.euros(contribution, 'funding.euContribution', amount, language),
      ),
      euCofinancingRate: rec.take('funding.euCofinancingRate', rate),
    },
    provenance: rec.provenance,
  };
  return { fields: prune(fields) ?? { provenance: {} }, hints: notes.addTo({}) };
}
