import type {
  ExtractedFields,
  Language,
  OrganisationFunding,
} from '../../schemas/report-record.ts';
import { findAmounts } from '../amounts.ts';
import { findDateTokens } from '../dates.ts';
import { withLookalikeDigits } from '../numbers.ts';
import {
  findLabelled,
  firstHit,
  gluedLabels,
  type Hit,
  type Line,
  labels,
  mapHit,
  ProvenanceRecorder,
  prune,
} from '../text.ts';
import { fundOf, statusOf } from '../vocabulary.ts';
import { ParseNotes, type ParseOutput } from './parser.ts';

const L = {
  acronym: gluedLabels(
    '(?:projektin )?(?:akronyymi|lyhenne)',
    '(?:project )?acronym',
    'short (?:title|name)',
    '(?:projektets )?(?:akronym|förkortning|kortnamn|kortnamnet)',
  ),
  status: gluedLabels('(?:projektin )?tila', '(?:project |projektets )?status'),
  dates: gluedLabels(
    'todellinen alku/loppupvm',
    'todellinen alku- ja loppupäivä',
    'alku/loppupvm',
    'effective start/end date',
    'actual start/end date',
    'start/end date',
    'faktiskt start-/slutdatum',
    'faktiskt start/slutdatum',
    'start-/slutdatum',
    // A funding decision page (research.fi) gives the funding period as the project's dates.
    'rahoituskausi',
    'funding period',
    'finansieringsperiod',
  ),
  // A CRIS record (Converis style) gives the dates as two labelled fields.
  start: labels('alkamispäivä', 'aloituspäivä', 'start(?: date)?', 'startdatum'),
  end: labels('päättymispäivä', 'loppumispäivä', 'end(?: date)?', 'slutdatum'),
  code: labels('hankekoodi', 'project code', 'projektkod', 'grant number', 'grant agreement'),
};

/**
 * Plainer labels a page may give the project's dates under (`Datum`, `Period`); they name a
 * range only when two dates follow, since a lone date there may be the page's update.
 */
const RANGE = labels(
  'päivämäärät',
  '(?:hankkeen |projektin )?aikataulu',
  '(?:projektets )?tidtabell',
  'ajanjakso',
  '(?:projektin |hankkeen )?aikajakso',
  'aikajänne',
  'tidsram',
  'time ?span',
  'hankeaika',
  'projektin kesto',
  'kesto',
  'duration',
  'varaktighet',
  'dates',
  'period',
  'project period',
  'project duration',
  'datum',
  'projektperiod',
  'projekttid',
);

/** The project's whole budget, beside what one funder granted. */
const TOTAL_BUDGET = labels(
  'total (?:project )?budget',
  "project(?:'s)? total budget",
  '(?:hankkeen |projektin )?kokonaisbudjetti',
  '(?:projektets )?(?:total ?budget|totala budget)',
);

const NAME = labels('projektin nimi', 'hankkeen nimi', 'project (?:name|title)', 'projektets namn');
const PROGRAMME = labels(
  'rahoitusohjelma',
  'ohjelma',
  'funding programme',
  'programme',
  'finansieringsprogram(?:met)?',
  'program(?:met)?',
);

/** Facts of a funding decision page: who funds, how much, and who receives it. */
const DECISION = {
  funder: labels(
    'rahoittaja',
    'rahoittajaorganisaatio',
    'funder',
    // A CRIS record's one-line funding: `Funding: European Commission, Horizon Europe, grant …`.
    'funding',
    'funding organi[sz]ation',
    'finansiär',
    'finansierande organisation',
  ),
  granted: labels(
    'myönnetty summa',
    'myönnetty rahoitus',
    'rahoituksen määrä',
    'granted amount',
    'amount granted',
    'granted funding',
    'funding granted',
    'funding amount',
    'beviljat belopp',
    'beviljad finansiering',
    'beviljat finansiering',
  ),
  recipient: labels(
    'rahoitettu organisaatio',
    'rahoituksen saaja',
    'funded organi[sz]ation',
    'recipient organi[sz]ation',
    'finansierad organisation',
    'mottagande organisation',
    'mottagare(?: av finansiering(?:en)?)?',
    'finansieringens mottagare',
    '(?:funding )?recipient(?: of (?:the )?funding)?',
    // A project page's own organisation field, where a decision page names the recipient.
    'organisaatio',
    'organi[sz]ation',
  ),
};

const FUNDING_HEADING =
  /^(?:rahoitus|rahoittajat?|rahoittajaorganisaatio(?:t)?|funding|funders?|funding organi[sz]ations?|finansiering|finansiärer|finansiär(?:er)?|finansiärerna)(?: (?:ja summat|and amounts|och belopp))?$/iu;
/** The header row of a funder table (`Funder  Amount`, `Rahoittaja  Summa`). */
const FUNDER_TABLE_HEADER =
  /^(?:funder|funding organi[sz]ation|organi[sz]ation|rahoittaja|organisaatio|finansiär|organisation)\s+(?:.*\s)?(?:amount|sum|summa|määrä|rahoitus|myönnetty|granted|belopp|finansiering|beviljat)\b/iu;
/** A column gap of a table laid out with spaces. */
const COLUMN_GAP = /\t| {2,}/u;
/** A total under the funders closes their list; it is no funder. */
const TOTAL_ROW = /^(?:total|yhteensä|totalt|sammanlagt|summa)\b/iu;
/** Navigation and site chrome: whole-line menu words, or a skip link that runs on. */
const PAGE_FURNITURE =
  /^(?:(?:siirry sisältöön|skip to (?:main )?content|hoppa till innehåll|etusivu|home|startsida|hae|search|sök|projekti|project|projekt|projektit|projects|projekten|tutkimusprojekti|research projects?|forskningsprojekt(?:en)?|share|jaa|dela|print|tulosta|skriv ut|cookie settings|evästeasetukset|help & faq|overview|rahoitettu hanke|funded project|finansierat projekt)$|(?:skip to|siirry|hoppa till)\s|.*(?<!\w)cookies?(?!\w)|.*(?<!\w)(?:research portal|tutkimusportaali|forskningsportal(?:en)?)\b|(?:suomi|svenska|english)(?:\s*[|·/]?\s*(?:suomi|svenska|english))+$|(?:(?:på svenska|suomeksi|in english|på finska|på engelska|ruotsiksi|englanniksi)(?:\s*[|·/]\s*|$))+$|(?:\p{L}+\s+)?[\p{L}\d-]+\.(?:fi|se|com|org|net|eu)$)/iu;
/** Words of a research portal's main menu (Pure and its kin), in fi/sv/en. */
const MENU_WORDS = new Set(
  [
    'home',
    'etusivu',
    'hem',
    'startsida',
    'profiles',
    'profiilit',
    'profiler',
    'research',
    'units',
    'tutkimusyksiköt',
    'forskningsenheter',
    'projects',
    'projektit',
    'projekt',
    'output',
    'tutkimustuotokset',
    'forskningsoutput',
    'activities',
    'aktiviteetit',
    'aktiviteter',
    'press',
    'media',
    'lehdistö',
    'press/media',
    'lehdistö/media',
    'prizes',
    'palkinnot',
    'priser',
    'datasets',
    'aineistot',
    'datamängder',
    'equipment',
    'laitteet',
    'utrustning',
    'impacts',
    'vaikutukset',
    'genomslag',
    'courses',
    'kurssit',
    'kurser',
  ].map((w) => w.toLocaleLowerCase('fi')),
);

/** A portal's menu laid out as one line (`Home Profiles Research units Projects …`). */
function isMenuLine(text: string): boolean {
  const words = text.toLocaleLowerCase('fi').split(/\s+/u);
  const menu = words.filter((w) => MENU_WORDS.has(w)).length;
  return words.length >= 4 && menu >= 4 && menu / words.length >= 0.7;
}

/** A breadcrumb step marker; a title has none. */
const CRUMB_MARK = /\s[›»]\s/u;
/** What an acronym field holds: a word or two (`NORDCEC`, `NPA-DIGI`), never a row of cells. */
const ACRONYM_VALUE = /^[\p{L}\p{N}][\p{L}\p{N}&+.-]{0,24}(?: [\p{L}\p{N}&+.-]{1,24})?$/u;
/** An acronym that opens a title: `BLUEMUSSEL – Blue mussel farming …`. */
const TITLE_ACRONYM = /^(\p{Lu}[\p{Lu}\p{N}]{2,})\s*(?:[–—:]|\s-)\s+\S/u;
/** A breadcrumb trail (`Etusivu › Haku › Title`), whose last step names the page. */
const CRUMB_SEPARATOR = /\s+[/>›»]\s+/u;

const PROJECT_TYPE = /^(?:projekti|project|projekt)\s*:/iu;
/** The type a `Project:` line names (`Research project`, `EU funding`), which is no title. */
const PROJECT_TYPE_VALUE = /proje[ck]t|rahoitu|fund|tutkimus|research|forskning|finansier/iu;

/** A title that a breadcrumb step opens as its acronym: `KIERTOKEMIA: Biojalostamon …`. */
function opensWith(title: string, step: string): boolean {
  return title.startsWith(step) && TITLE_ACRONYM.test(title) && !isFactLine(title);
}

/** A line holding one of the page's labelled facts (acronym, status, dates, code). */
function isFactLine(text: string): boolean {
  return Object.values(L).some((label) => label.test(text));
}

/**
 * The title stands right above the `Project: Research project` line, whatever it contains (a
 * colon too: `Mining futures: a study of …`), else it is the first plain line of the page.
 */
function titleHit(lines: readonly Line[]) {
  const typeLine = lines.findIndex((l) => PROJECT_TYPE.test(l.text));
  // The nearest line above it that is not a page button (`Share`) nor a fact.
  for (let i = typeLine - 1; i >= 0 && i >= typeLine - 6; i--) {
    const above = lines[i];
    if (!above || above.text.length === 0 || PAGE_FURNITURE.test(above.text)) continue;
    if (isMenuLine(above.text)) continue;
    if (!isFactLine(above.text)) return { value: above.text, line: above };
    break;
  }
  // With no title above it, a `Project:` line that names no type of project holds the title.
  const typed = lines[typeLine];
  const value = typed?.text.replace(PROJECT_TYPE, '').trim();
  if (typed && value && (TITLE_ACRONYM.test(value) || !PROJECT_TYPE_VALUE.test(value))) {
    return { value, line: typed };
  }
  const crumb = firstHit(lines, (line) => {
    const steps = line.text.split(CRUMB_SEPARATOR);
    const last = steps.at(-1)?.trim();
    return steps.length >= 3 && last && last.length >= 4 && !PAGE_FURNITURE.test(last)
      ? last
      : undefined;
  });
  if (crumb) {
    // The page's heading repeats the last step, or opens with it when the step is the acronym.
    const heading = lines.find(
      (l) => l !== crumb.line && (l.text === crumb.value || opensWith(l.text, crumb.value)),
    );
    return heading ? { value: heading.text, line: heading } : crumb;
  }
  return firstHit(lines, (line) => {
    const t = line.text;
    if (PAGE_FURNITURE.test(t) || /[:：]/.test(t) || CRUMB_MARK.test(t)) return undefined;
    if (isMenuLine(t)) return undefined;
    if (t.length < 4 || t.length > 300) return undefined;
    return t;
  });
}

/** A line that is a sum and nothing else: `€486,320.00`, `412 560,00 €`. */
const SUM_ALONE = /^(?:€\s?)?\d[\d\s.,]*(?:\s?(?:€|eur|euro|euroa))?$/iu;

/** The last euro sum of a line, with a currency sign or word. */
function sumOf(text: string, language?: Language) {
  return findAmounts(text, language)
    .filter((a) => a.currency)
    .at(-1);
}

/** Where a table header's second column starts, when its columns are parted by spaces. */
function secondColumnAt(header: string): number | undefined {
  const gap = / {2,}/u.exec(header);
  const cells = header.split(COLUMN_GAP).filter((c) => c.length > 0);
  return gap && cells.length > 2 ? gap.index + gap[0].length : undefined;
}

/**
 * The first cell of a table row: up to the column gap, or, when the header says where the
 * second column starts, up to there (a long name leaves a single space before the next cell).
 */
function firstCell(text: string, secondColumn: number | undefined): string {
  const cell = text.split(COLUMN_GAP)[0] ?? text;
  return secondColumn !== undefined && cell.length > secondColumn
    ? cell.slice(0, secondColumn)
    : cell;
}

/**
 * `• Organisation: 16 250,00 €` entries under a funding heading, or the organisation on one line
 * and its sum alone on the next, as a page's funder cards flatten to.
 */
function readFunders(
  lines: readonly Line[],
  rec: ProvenanceRecorder,
  notes: ParseNotes,
  language?: Language,
) {
  const start = lines.findIndex((l) => FUNDING_HEADING.test(l.text));
  if (start < 0) return { funders: [], fundLine: undefined };
  const funders: OrganisationFunding[] = [];
  let fundLine: { value: ReturnType<typeof fundOf>; line: Line } | undefined;
  const rows = lines.slice(start + 1).filter((l) => l.text.length > 0);
  let bulleted = false;
  let secondColumn: number | undefined;
  for (let i = 0; i < rows.length; i++) {
    const line = rows[i] as Line;
    if (FUNDER_TABLE_HEADER.test(line.text)) {
      secondColumn = secondColumnAt(line.text);
      continue;
    }
    if (TOTAL_ROW.test(line.text)) break;
    const bullet = /^(?:[•*▪·◦–—-]|o(?=\s))\s*/u.exec(line.text);
    // A bulleted list ends at its first line without a bullet (`Applied for: … 350 000 €`).
    if (bulleted && !bullet) break;
    bulleted = bullet !== null;
    let amount = sumOf(line.text, language);
    let amountLine = line;
    const next = rows[i + 1];
    const below = !bullet && !amount && next ? sumOf(next.text, language) : undefined;
    if (below && next && SUM_ALONE.test(next.text)) {
      amount = { ...below, index: line.text.length };
      amountLine = next;
      i++;
    }
    if (!bullet && !amount) break;
    const fund = fundOf(line.text);
    if (fund && !fundLine) fundLine = { value: fund, line };
    if (!amount) {
      // A funder whose sum is in another currency (`• Forte: 1 200 000,00 kr`) is noted, not listed.
      notes.nonEuro(line.text, 'funding.byOrganisation', line, language);
      continue;
    }
    const organisation = firstCell(
      line.text.slice(bullet?.[0].length ?? 0, amount.index),
      secondColumn,
    )
      .replace(/[\s:：–—€-]+$/u, '')
      .trim();
    if (organisation.length === 0) continue;
    const index = funders.length;
    rec.take(`funding.byOrganisation.${index}.organisation`, { value: organisation, line });
    rec.take(`funding.byOrganisation.${index}.amount`, { value: amount.value, line: amountLine });
    funders.push({ organisation, amount: amount.value });
  }
  return { funders, fundLine };
}

/**
 * The funding of a funding decision page, which names one funder and the sum it granted as two
 * labelled facts (`Rahoittaja: Suomen Akatemia`, `Myönnetty summa: 486 520 €`).
 */
function decisionFunder(
  lines: readonly Line[],
  funder: Hit<string> | undefined,
  rec: ProvenanceRecorder,
  notes: ParseNotes,
  language?: Language,
): OrganisationFunding[] {
  const granted = findLabelled(lines, DECISION.granted) ?? ownShare(lines);
  const amount = granted
    ? findAmounts(granted.value, language).find((a) => a.currency && !a.foreign)
    : undefined;
  if (funder && granted && !amount) {
    notes.nonEuro(granted.value, 'funding.byOrganisation', granted.line, language);
  }
  if (!funder || !granted || !amount) return [];
  const named = { ...funder, value: funder.value.replace(FUNDING_DETAILS, '') };
  rec.take('funding.byOrganisation.0.organisation', named);
  rec.take('funding.byOrganisation.0.amount', { value: amount.value, line: granted.line });
  return [{ organisation: named.value, amount: amount.value }];
}

/** What follows the funder's name on a one-line funding field: its programme and grant. */
const FUNDING_DETAILS =
  /,\s.*(?:grant|horizon|programme|program|ohjelma|sopimus|avtal|agreement).*$/iu;

/**
 * The organisation's own share of a consortium's funding (`Tampere University share: 612 500 EUR`,
 * `Yliopiston osuus: …`), beside the consortium's total, which is no one funder's grant.
 */
const OWN_SHARE =
  /^(?!(?:consortium|konsortio|konsortiet|total|yhteensä)(?!\w))[^:：]{2,60}(?:\sshare|\sosuus|\sandel)\s*[:：]\s*(\S.*)$/iu;

function ownShare(lines: readonly Line[]): Hit<string> | undefined {
  return firstHit(lines, (line) => {
    const t = line.text;
    if (!(t.includes('share') || t.includes('osuus') || t.includes('andel'))) return undefined;
    return OWN_SHARE.exec(t)?.[1];
  });
}

/** The project's dates under a plainer label, when it gives two: a start and an end. */
function rangeHit(lines: readonly Line[]): Hit<string> | undefined {
  const range = findLabelled(lines, RANGE);
  return range && findDateTokens(withLookalikeDigits(range.value)).length === 2 ? range : undefined;
}

/** The recipient's role in its consortium after its name: `Oulun yliopisto (koordinaattori)`. */
const CONSORTIUM_ROLE =
  /\s*\((?:koordinaattori|coordinator|koordinator|partneri|partner|osapuoli|beneficiary)\)$/iu;

/** Parses a research-portal project page (CRIS/Pure style) in fi/sv/en. */
export function parseResearchProject(lines: readonly Line[], language?: Language): ParseOutput {
  const rec = new ProvenanceRecorder();
  const notes = new ParseNotes();
  const dates = findLabelled(lines, L.dates, { glued: true }) ?? rangeHit(lines);
  const labelledDate = (hit: Hit<string> | undefined, i: number, path: string) =>
    rec.take(
      path,
      mapHit(
        notes.date(hit, hit && findDateTokens(withLookalikeDigits(hit.value))[i], path),
        (d) => d.date,
      ),
    );
  const date = (path: string, i: number, single: RegExp) =>
    dates ? labelledDate(dates, i, path) : labelledDate(findLabelled(lines, single), 0, path);
  const listed = readFunders(lines, rec, notes, language);
  const { fundLine } = listed;
  const funder = findLabelled(lines, DECISION.funder);
  const funders =
    listed.funders.length > 0
      ? listed.funders
      : decisionFunder(lines, funder, rec, notes, language);

  const name = findLabelled(lines, NAME) ?? titleHit(lines);
  const acronym =
    mapHit(findLabelled(lines, L.acronym, { glued: true }), (v) =>
      ACRONYM_VALUE.test(v) ? v : undefined,
    ) ?? mapHit(name, (title) => TITLE_ACRONYM.exec(title)?.[1]);

  const fields: ExtractedFields = {
    project: {
      code: rec.take('project.code', findLabelled(lines, L.code)),
      beneficiary: rec.take(
        'project.beneficiary',
        mapHit(findLabelled(lines, DECISION.recipient), (v) => v.replace(CONSORTIUM_ROLE, '')),
      ),
      name: rec.take('project.name', name),
      acronym: rec.take('project.acronym', acronym),
      fund: rec.take('project.fund', fundLine ?? mapHit(funder, fundOf)),
      programme: rec.take('project.programme', findLabelled(lines, PROGRAMME)),
      startDate: date('project.startDate', 0, L.start),
      endDate: date('project.endDate', 1, L.end),
      status: rec.take(
        'project.status',
        mapHit(findLabelled(lines, L.status, { glued: true }), statusOf),
      ),
    },
    funding: {
      totalBudget: rec.take(
        'funding.totalBudget',
        mapHit(findLabelled(lines, TOTAL_BUDGET), (v) => sumOf(v, language)?.value),
      ),
      byOrganisation: funders,
    },
    provenance: rec.provenance,
  };
  return { fields: prune(fields) ?? { provenance: {} }, hints: notes.addTo({}) };
}
