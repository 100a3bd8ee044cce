import type {
  ExtractedFields,
  Language,
  OrganisationFunding,
} from '../../schemas/report-record.ts';
import { findDateTokens } from '../dates.ts';
import { findAmounts, withLookalikeDigits } from '../numbers.ts';
import {
  findLabelled,
  firstHit,
  gluedLabels,
  type Line,
  labels,
  mapHit,
  ProvenanceRecorder,
  prune,
} from '../text.ts';
import { fundOf, statusOf } from '../vocabulary.ts';
import { ParseNotes, type ParseOutput } from './parser.ts';

const L = {
  acronym: gluedLabels('akronyymi', 'lyhenne', 'acronym', 'short title', 'akronym', 'förkortning'),
  status: gluedLabels('tila', 'status'),
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
  ),
  code: labels('hankekoodi', 'project code', 'projektkod', 'grant number', 'grant agreement'),
};

const FUNDING_HEADING =
  /^(?:rahoitus|rahoittajat?|rahoittajaorganisaatio(?:t)?|funding|funders?|funding organi[sz]ations?|finansiering|finansiärer|finansiär(?:er)?|finansiärerna)$/iu;
/** The header row of a funder table (`Funder  Amount`, `Rahoittaja  Summa`). */
const FUNDER_TABLE_HEADER =
  /^(?:funder|funding organi[sz]ation|organi[sz]ation|rahoittaja|organisaatio|finansiär|organisation)\s+(?:amount|sum|summa|määrä|rahoitus|belopp|finansiering)$/iu;
/** Navigation and site chrome: whole-line menu words, or a skip link that runs on. */
const PAGE_FURNITURE =
  /^(?:(?:siirry sisältöön|skip to (?:main )?content|hoppa till innehåll|etusivu|home|startsida|hae|search|sök|projekti|project|projekt)$|(?:skip to|siirry|hoppa till)\s)/iu;

const PROJECT_TYPE = /^(?:projekti|project|projekt)\s*:/iu;

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
  const above = lines
    .slice(0, Math.max(typeLine, 0))
    .filter((l) => l.text.length > 0)
    .at(-1);
  if (above && !PAGE_FURNITURE.test(above.text) && !isFactLine(above.text))
    return { value: above.text, line: above };
  return firstHit(lines, (line) => {
    const t = line.text;
    if (PAGE_FURNITURE.test(t) || /[:：]/.test(t) || t.length < 4 || t.length > 300)
      return undefined;
    return t;
  });
}

/** `• Organisation: 16 250,00 €` entries under a funding heading. */
function readFunders(lines: readonly Line[], rec: ProvenanceRecorder, language?: Language) {
  const start = lines.findIndex((l) => FUNDING_HEADING.test(l.text));
  if (start < 0) return { funders: [], fundLine: undefined };
  const funders: OrganisationFunding[] = [];
  let fundLine: { value: ReturnType<typeof fundOf>; line: Line } | undefined;
  for (const line of lines.slice(start + 1)) {
    if (line.text.length === 0 || FUNDER_TABLE_HEADER.test(line.text)) continue;
    const bullet = /^[•*▪·-]\s*/u.exec(line.text);
    const amount = findAmounts(line.text, language)
      .filter((a) => a.currency)
      .at(-1);
    if (!bullet && !amount) break;
    const fund = fundOf(line.text);
    if (fund && !fundLine) fundLine = { value: fund, line };
    if (!amount) continue;
    const organisation = line.text
      .slice(bullet?.[0].length ?? 0, amount.index)
      .replace(/[\s:：–€-]+$/u, '')
      .trim();
    if (organisation.length === 0) continue;
    const index = funders.length;
    rec.take(`funding.byOrganisation.${index}.organisation`, { value: organisation, line });
    rec.take(`funding.byOrganisation.${index}.amount`, { value: amount.value, line });
    funders.push({ organisation, amount: amount.value });
  }
  return { funders, fundLine };
}

/** Parses a research-portal project page (CRIS/Pure style) in fi/sv/en. */
export function parseResearchProject(lines: readonly Line[], language?: Language): ParseOutput {
  const rec = new ProvenanceRecorder();
  const notes = new ParseNotes();
  const dates = findLabelled(lines, L.dates, { glued: true });
  const found = dates ? findDateTokens(withLookalikeDigits(dates.value)) : [];
  const date = (path: string, i: number) =>
    rec.take(
      path,
      mapHit(notes.date(dates, found[i], path), (d) => d.date),
    );
  const { funders, fundLine } = readFunders(lines, rec, language);

  const fields: ExtractedFields = {
    project: {
      code: rec.take('project.code', findLabelled(lines, L.code)),
      name: rec.take('project.name', titleHit(lines)),
      acronym: rec.take('project.acronym', findLabelled(lines, L.acronym, { glued: true })),
      fund: rec.take('project.fund', fundLine),
      startDate: date('project.startDate', 0),
      endDate: date('project.endDate', 1),
      status: rec.take(
        'project.status',
        mapHit(findLabelled(lines, L.status, { glued: true }), statusOf),
      ),
    },
    funding: { byOrganisation: funders },
    provenance: rec.provenance,
  };
  return { fields: prune(fields) ?? { provenance: {} }, hints: notes.addTo({}) };
}
