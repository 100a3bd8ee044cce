import type { Award, ExtractedFields, Language } from '../../schemas/report-record.ts';
import { type AmountMatch, findAmounts, withoutCurrencyAtEnd, writtenAmount } from '../amounts.ts';
import { APPLICATION_NOUN, applicationsHit, COUNT_WORDS } from '../applications.ts';
import { findDateTokens } from '../dates.ts';
import { findNumbers } from '../numbers.ts';
import { firstHit, type Hit, type Line, ProvenanceRecorder, prune } from '../text.ts';
import type { NonEuroAmount, ParseOutput, ParserHints } from './parser.ts';

const TOTAL_CUE =
  /(?:yhteensä|kaikkiaan|yhteissumma|yhteismäärä|sammanlagt|totalt|totalbelopp|in total|a total of|total of|total amount|totalling|totaling)/iu;
/** A sentence about the whole EU or Europe: its totals and counts are not one country's list. */
const EU_WIDE =
  /(?:hela (?:eu|europa|unionen)|i eu totalt|koko (?:eu|euroopa|unioni)|eu-laajuisesti|eu-wide|across (?:the )?(?:eu|europe|the union)|all over europe|throughout (?:the )?(?:eu|europe)|from all over europe|i hela eu|(?:europeiska|european|eurooppalais\p{L}*) (?:projekt|projects|hank))/iu;
/** A programme's budget frame named in the sentence: what is available, to be drawn from. */
const BUDGET_FRAME =
  /(?:out of (?:the )?[^.]{0,40}?available|available (?:in|for) the programme|käytettävissä olev|tillgängliga (?:medel|medlen)|av (?:de|totalt) [^.]{0,40}?tillgängliga)/iu;
const TOTAL_ROW =
  /^(?:yhteensä|kaikki yhteensä|summa|sammanlagt|totalt|summa totalt|total|totals?|grand total)(?![\p{L}\p{N}])/iu;
const GRANT_VERB =
  /(?:myön|bevilj|tilldel|award|grant|rahoit|avustu|apura|tuki|stöd|understöd|bidrag|stipend|funded|funding|finansiering|allocat|approved|godkände|beslut om|jakoi|jaettiin|delade|fördela)/iu;
/**
 * A sum shared out among a count of grantees, the sum before it: `€13 million allocated to 43
 * projects`, `14.3 million euros of ERDF approved for 4 new projects`, `10 miljoner kronor
 * fördelas på fem projekt`.
 */
const SHARED_AMONG =
  /(?:allocated|awarded|granted|approved|distributed|fördelas|fördelades|fördelats)\s+(?:to|for|among|between|på|mellan|till)\s+(?:(?:these|the|those|all|de|dessa)\s+)?(?:\d{1,4}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv)\s+(?:\p{L}+\s+){0,2}?(?:projects?|projekt|organi[sz]ations?|organisationer|companies|företag|recipients|mottagare|initiatives|initiativ)(?!\p{L})/iu;
/** `haki` is the verb (`haki 8 000 euroa`), not the start of `hakija`. */
const APPLIED_WORD =
  /(?:haett(?:u|iin|ava)|(?<!\p{L})haki(?:vat)?(?!\p{L})|ansökt|sökt|begärt|applied|requested|sought)/iu;
const GRANTED_WORD =
  /(?:myönnet|myönnettävä|myönsi|myöntä|bevilj|granted|awarded|decided|päätetty|avustus|understöd|bidrag|stöd(?!\w)|grant(?!\w)|tuki(?!\w))/iu;
const COST_WORD =
  /(?:kustannusarvio|kokonaiskustannu|kokonaisbudjetti|budjetti|totalkostnad|kostnadsförslag|budget|total cost|project cost)/iu;
/** A column of what others put in beside the grant: the municipalities' or the applicant's share. */
const COFUNDING_WORD =
  /(?:kuntaraha\p{L}*|kuntarahoitu\p{L}*|kuntaosuu\p{L}*|omarahoitu\p{L}*|kommunal\p{L}*|egen finansiering|egenfinansiering|own (?:financing|funding|contribution)|municipal (?:funding|financing|share))/iu;
/** Headings of lists of applications that were turned down: their amounts are no awards. */
const REJECTED =
  /(?:kielte\p{L}*|hylä\p{L}*|hylkää\p{L}*|ei myönnet\p{L}*|jäivät ilman|ilman rahoitusta|avslag\p{L}*|avslog|(?:inte|ej) beviljade?|utan (?:stöd|finansiering|bidrag)|not (?:funded|granted|awarded|selected)|rejected|declined|unsuccessful)/iu;
/** A column or heading that says the figures are in thousands of euros (`Myönnetty (1 000 €)`, `t€`). */
const THOUSANDS =
  /(?<![\d.,]\s?)(?:\(\s*(?:1[ \u00a0.,]?000\s*(?:€|eur|euroa|euro|euros)|(?:€|eur)\s*1[ ,.]?000|tuhatta euroa|tusen euro|thousands? (?:of )?(?:eur|euros|€)|t€|k€|teur|keur)\s*\)|t€|k€|teur|keur|tuhansina euroina|tuhatta euroa|tusen euro|(?:eur|€)\s*thousands?|thousands? (?:of )?(?:eur|euros|€))(?![\p{L}])/iu;
/** A heading that, though it names refusals, introduces awards (`… hylättiin. Avustusta saivat:`). */
const AWARDED_CUE =
  /(?:saivat|saaneet|myönnettiin|beviljades|beviljats|erhöll|fick (?:stöd|bidrag|understöd)|were (?:awarded|granted)|received (?:grants?|funding))/iu;
/** An applied-for word standing right before an amount (`sökt 6 000 euro`, `haettu: 80 000`). */
const APPLIED_BEFORE = new RegExp(
  `${APPLIED_WORD.source}\\s*(?:\\(?(?:€|eur|euroa?)\\)?)?\\s*[:：]?\\s*(?:€|eur|euroa?)?\\s*$`,
  'iu',
);
const CONJUNCTION = /^\s*(?:,|;|\+|&|och|ja|sekä|and|samt)\s*$/iu;
const PROJECT_NOUN =
  /^(?:[\p{L}-]+\s+){0,2}?\p{L}*(?:hank|projekt|project|hakija|sökande|organisa|yhdisty|förening|associa|kunnalle|kunnille|kommun|yrityks|företag|compan|enterpris|recipient|beneficiar|toimija|aktör|initiativ|kohtee|objekt)\p{L}*/iu;
/** Grouped in thousands (`12 500`, `1.210.000`): how award tables write sums without a currency. */
function isGrouped(a: AmountMatch): boolean {
  return /\d[ \u00a0.,’']\d{3}(?:\D|$)/u.test(a.digits);
}

/**
 * The money amounts of a line: those with a currency if any has one, else those grouped in
 * thousands, else plain numbers of four or more digits.
 */
function moneyIn(amounts: AmountMatch[]): AmountMatch[] {
  const withCurrency = amounts.filter((a) => a.currency || a.factor > 1);
  if (withCurrency.length > 0) return withCurrency;
  const grouped = amounts.filter(isGrouped);
  if (grouped.length > 0) return grouped;
  // A plain four-digit number that could be a year (`opens in September 2025`) is no sum.
  return amounts.filter(
    (a) => a.value >= 1000 && Number.isInteger(a.value) && !(YEAR.test(a.digits) && !a.currency),
  );
}

const YEAR = /^(?:19|20)\d{2}$/u;

interface AwardRow {
  line: Line;
  /** The row's euro sums; none when it states its sum in another currency only. */
  amounts: AmountMatch[];
  /** The recipient is written after the sum (`12 500 € – Yhdistys ry`). */
  recipientAfter?: boolean;
  /** The row's sum in another currency, when it states no euro sum (`SEK 150,000`). */
  foreign?: AmountMatch;
  /** The recipient and the project, where the row names both in brackets with the sum. */
  named?: { recipient: string; note: string };
}

/**
 * A row that names the project, then its recipient and sum in brackets, then perhaps what it
 * does: `• Luonto lisää liikettä (Metsähallitus, 250 098€). Hankkeessa kehitetään …`.
 */
const BRACKETED_AWARD =
  /^\s*(?:[•*▪·◦–—-]|\d{1,3}[.)])?\s*([^()]{2,200}?)\s*\(([^()]{2,120}),\s*((?:€\s?)?\d[\d \u00a0.,]*\s?(?:€|eur|euro|euroa)?)\)/iu;

function bracketedRow(line: Line, language?: Language): AwardRow | undefined {
  const m = BRACKETED_AWARD.exec(line.text);
  if (!m?.[1] || !m[2] || !m[3]) return undefined;
  const start = (m.index ?? 0) + m[0].lastIndexOf(m[3]);
  const sum = moneyIn(findAmounts(m[3], language).filter((a) => !a.foreign))[0];
  if (!sum || sum.value <= 0 || !/\p{L}{2}/u.test(m[2])) return undefined;
  const amount = { ...sum, index: start + sum.index, end: start + sum.end };
  const note = m[1].replace(/\s*[–—-]+\s*$/u, '').trim();
  return { line, amounts: [amount], named: { recipient: m[2].trim(), note } };
}

/** What stands before a sum that opens a row: a bullet or a list number, and a euro sign. */
const ROW_OPENING = /^\s*(?:[•*▪·◦–—-]|\d{1,3}[.)])?\s*(?:€|eur|euro)?\s*$/iu;
/** What stands between a sum that opens a row and the recipient after it. */
const SUM_SEPARATOR = /^\s*(?:[–—:|-]\s*|\s)?/u;

/** What a row says its sum is for, after the sum: `24 000 euro för renovering av huset`. */
const PURPOSE_TAIL = /^(?:för|for|till|to|towards|varten|hankkeeseen|hankkeelle|projektet)\s/iu;
/** A recipient name that ends in an organisation word, before `, Project name` in a row. */
const ORGANISATION_END =
  /(?:(?<!\w)(?:ry|rf|r\.y\.|r\.f\.|oy|oyj|ab|abp|ky|kb|osk|andelslag)|yhdistys|förening|säätiö|stiftelse|kaupunki|kunta|stad|kommun|yliopisto|universitet|ammattikorkeakoulu|yrkeshögskola|kuntayhtymä|seurakunta|församling|liitto|förbund|keskus|university|council|foundation|association)$/iu;
/** The comma after an organisation name; a Finnish or Swedish project name after it is lower case. */
const RECIPIENT_COMMA = /,\s+(?=\p{L})/u;
const DIGIT = /\d/u;
/** What opens a table cell after a sum: a bar or a tab. */
const CELL_START = /^[ \u00a0]*(?:\||\t)/u;

const CONTACT =
  /(?:(?<!\w)p\.|(?<!\w)puh(?!\w)|(?<!\w)tel(?!\w)|(?<!\w)tfn(?!\w)|(?<!\w)phone(?!\w)|(?<!\w)gsm(?!\w)|\+\d{2,3}[\s\d]|@|\((?:at|a)\)|\[at\])/iu;

/** Character ranges inside parentheses, where a row's side remarks stand. */
function parenthesised(text: string): Array<[number, number]> {
  return [...text.matchAll(/\([^)]*\)/gu)].map((m) => [m.index, m.index + m[0].length]);
}

const LETTER = /\p{L}/u;

/** Where the last letter of a text stands (a letter outside the basic plane at its first unit), or -1. */
function lastLetterAt(text: string): number {
  for (let i = text.length - 1; i >= 0; i--) {
    const code = text.charCodeAt(i);
    const start = code >= 0xdc00 && code <= 0xdfff && i > 0 ? i - 1 : i;
    if (LETTER.test(String.fromCodePoint(text.codePointAt(start) ?? 0))) return start;
    i = start;
  }
  return -1;
}

/**
 * The figures of a row in a table whose header says it is in thousands: the plain numbers in the
 * trailing cells after the last word, scaled to euros.
 */
function thousandsIn(text: string, amounts: AmountMatch[]): AmountMatch[] {
  const lastWord = lastLetterAt(text);
  return amounts
    .filter((a) => a.index > lastWord || a.factor > 1)
    .map((a) =>
      a.factor > 1 ? a : { ...a, value: Math.round(a.value * 1000 * 100) / 100, factor: 1000 },
    );
}

/** Words of a row's lead; list numbers and dashes between its cells are none. */
function wordsIn(text: string): number {
  return text.split(/\s+/u).filter((w) => /\p{L}/u.test(w)).length;
}

function awardRowOf(line: Line, language?: Language, scale = 1): AwardRow | undefined {
  const text = line.text;
  if (text.length <= 600 && text.includes('(')) {
    const bracketed = bracketedRow(line, language);
    if (bracketed) return bracketed;
  }
  // A row states a sum: a line without a digit is none, and costs no further pattern.
  if (text.length > 300 || !DIGIT.test(text) || TOTAL_ROW.test(text) || CONTACT.test(text)) {
    return undefined;
  }
  const remarks = parenthesised(text);
  const dates = findDateTokens(text);
  const found = findAmounts(text, language).filter(
    (a) => !dates.some((d) => a.index >= d.index && a.index < d.end),
  );
  const euro = found.filter((a) => !a.foreign);
  const all = scale === 1000 ? thousandsIn(text, euro) : moneyIn(euro);
  const outside = all.filter((a) => !remarks.some(([from, to]) => a.index > from && a.index < to));
  const amounts = outside.length > 0 ? outside : all;
  const first = amounts[0] ?? (euro.length === 0 ? found.find((a) => a.foreign) : undefined);
  if (!first || first.value <= 0) return undefined;
  const before = text.slice(0, first.index).replace(/\([^)]*\)/gu, '');
  if (!/\p{L}{2}/u.test(before)) return sumFirstRow(line, amounts);
  // A currency before the sum (`– EUR 720,000`) is no word of the recipient's.
  if (wordsIn(withoutCurrencyAtEnd(before)) > 14 || TOTAL_CUE.test(before)) return undefined;
  // A row of the list that states its sum in another currency: not a euro award, but the list
  // goes on past it.
  if (first.foreign) return { line, amounts: [], foreign: first };
  const tail = text
    .slice(amounts.at(-1)?.end ?? text.length)
    .replace(/\([^)]*\)/gu, '')
    .trim();
  const tailWords = tail.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;
  // A remark in a column of its own (`| 0 | ei avustuskelpoinen`) is part of the table row.
  const remarkCell = CELL_START.test(text.slice(amounts.at(-1)?.end ?? text.length));
  if (tailWords > 2 && !remarkCell && !(PURPOSE_TAIL.test(tail) && tailWords <= 10))
    return undefined;
  return { line, amounts };
}

/** A row that opens with its sum and names the recipient after it: `12 500 € – Yhdistys ry`. */
function sumFirstRow(line: Line, amounts: AmountMatch[]): AwardRow | undefined {
  const [sum] = amounts;
  if (!sum || amounts.length !== 1 || !ROW_OPENING.test(line.text.slice(0, sum.index))) {
    return undefined;
  }
  const after = line.text.slice(sum.end).replace(SUM_SEPARATOR, '');
  if (!/^\p{L}/u.test(after) || after.split(/\s+/).length > 14 || TOTAL_CUE.test(after)) {
    return undefined;
  }
  return { line, amounts, recipientAfter: true };
}

/** Which amount column holds the awarded sum, from a header such as `Hakija Haettu Myönnetty`. */
function grantedColumn(header: Line | undefined): number | undefined {
  if (!header) return undefined;
  const columns: Array<{ index: number; granted: boolean }> = [];
  for (const [re, granted] of [
    [APPLIED_WORD, false],
    [COST_WORD, false],
    [COFUNDING_WORD, false],
    [GRANTED_WORD, true],
  ] as const) {
    const m = re.exec(header.text);
    if (m) columns.push({ index: m.index, granted });
  }
  if (columns.length < 2 || !columns.some((c) => c.granted)) return undefined;
  columns.sort((a, b) => a.index - b.index);
  return columns.findIndex((c) => c.granted);
}

/** Where a row parts its columns: a tab, a bar or a wide gap. */
const COLUMN_BREAK = /\s*(?:\t|\||\s{2,})\s*/u;
/** Where a row without columns parts the recipient from the rest: `Name – project`, `Name: …`. */
const PART_BREAK = /\s*(?:\t|\||;|[:：]\s|\s[–—-]\s|\s{2,})\s*/u;
/** A dash inside a column is part of the name (`Metsäkeskus – Finnish Forest Centre`). */
const CELL_BREAK = /\s*(?:;|[:：]\s)\s*/u;

const TRAILING_BUSINESS_ID = /\s+(\d{7}-\d)$/u;

/** An organisation's acronym: capitals and digits (`JKK`, `KSNT`, `4H`); a fund's is none (`EAKR`). */
const ACRONYM = /^\p{Lu}[\p{Lu}\d&-]{1,11}$/u;
const NOT_ACRONYM =
  /^(?:ALV|VAT|MOMS|EUR|EAKR|ESR|ERDF|ESF|ERUF|JTF|EMFF|EMKR|EAFRD|MAKERA|LEADER|INTERREG)$/u;

function isAcronym(text: string): boolean {
  return text.length >= 3 && ACRONYM.test(text) && !NOT_ACRONYM.test(text);
}

/** A grant verb between the recipient and its sum: `Yhdistys rf beviljas 1 200 euro`. */
const GRANT_VERB_AFTER =
  /\s+(?:beviljas|beviljades|tilldelas|tilldelades|erhåller|myönnetään|myönnettiin|saa|sai|is (?:granted|awarded)|was (?:granted|awarded)|receives|received)(?:\s+(?:ett\s+)?(?:bidrag|understöd|stöd|avustusta|tukea|apurahaa|a grant of|a grant|funding of|funding))?(?:\s+(?:om|på|of))?\s*$/iu;

/**
 * A row that opens with the project's title in quotes, then its organisation: `”Matskolan”, som
 * drivs av Ålands 4H distrikt.`, `"Village Hall", run by Ballymore Community Council`.
 */
const QUOTED_TITLE_LEAD =
  /^["“”„«»']([^"“”„«»']{2,120})["“”„«»']\s*[,:–—-]\s*(?:(?:som drivs av|som leds av|jota hallinnoi|run by|led by)\s+)?(.+)$/iu;
/** A row written as a sentence ends in a full stop, which is no part of a name (`Inc.` keeps its). */
const SENTENCE_STOP = /(?<=\p{L}{4})\.$/u;

function splitRecipient(text: string): { recipient: string; note?: string } {
  const stripped = text.replace(/^(?:[•*▪·-]|\d{1,3}[.)]|\d{1,3}(?=\t|\s{2,}))\s*/u, '').trim();
  const quoted = QUOTED_TITLE_LEAD.exec(stripped);
  if (quoted?.[1] && quoted[2]) {
    const rest = splitRecipient(quoted[2]);
    const note = [quoted[1].trim(), rest.note].filter(Boolean).join('; ');
    return { recipient: rest.recipient, note };
  }
  const row = stripped.replace(SENTENCE_STOP, '');
  const columns = row.split(COLUMN_BREAK).filter((c) => c.length > 0);
  const cells = (
    columns.length > 1 ? columns.flatMap((c) => c.split(CELL_BREAK)) : row.split(PART_BREAK)
  )
    .map((c) => c.trim().replace(/(?:[\s:：,–—-]|(?<!\w)(?:eur|euro|euroa)(?!\w)|€)+$/iu, ''))
    .filter((c) => c.length > 0);
  let recipient = cells[0] ?? '';
  const notes = cells.slice(1);
  // A business id left in the name's cell by a narrow column gap is no part of the name.
  const businessId = TRAILING_BUSINESS_ID.exec(recipient);
  if (businessId) {
    recipient = recipient.slice(0, businessId.index);
    notes.unshift(businessId[1] ?? '');
  }
  recipient = recipient.replace(GRANT_VERB_AFTER, '');
  const paren = /^(.*?)\s*\(([^)]+)\)\s*$/u.exec(recipient);
  // The recipient's acronym in brackets (`Kamarikuoro ry (JKK)`) is part of its name.
  if (paren?.[1] && !isAcronym(paren[2] ?? '')) {
    recipient = paren[1];
    notes.unshift(paren[2] ?? '');
  }
  const note = notes.filter((n) => n.length > 0).join('; ');
  return note ? { recipient, note } : { recipient };
}

function rowAwards(row: AwardRow, column: number | undefined): Award[] {
  const text = row.line.text;
  const [sum] = row.amounts;
  if (!sum) return [];
  if (row.named) {
    const { recipient, note } = row.named;
    return [note ? { recipient, amount: sum.value, note } : { recipient, amount: sum.value }];
  }
  if (row.recipientAfter) {
    // `12 500 € – Vasa Sångkör rf, körresa till Tallinn`: the recipient, then what it is for.
    const after = text.slice(sum.end).replace(SUM_SEPARATOR, '');
    const comma = after.search(/,\s/u);
    const split = splitRecipient(comma < 0 ? after : after.slice(0, comma));
    const rest = comma < 0 ? '' : after.slice(comma + 1).trim();
    const note = [split.note, rest].filter(Boolean).join('; ');
    return note
      ? [{ recipient: split.recipient, amount: sum.value, note }]
      : [{ recipient: split.recipient, amount: sum.value }];
  }
  const split = splitRecipient(text.slice(0, sum.index));
  const { recipient } = split;
  const trailing = /^\s*\(([^)]+)\)\s*$/u.exec(
    text.slice(row.amounts.at(-1)?.end ?? text.length),
  )?.[1];
  const note = [split.note, trailing].filter(Boolean).join('; ');
  if (recipient.length === 0) return [];
  const withNote = (amount: number): Award =>
    note ? { recipient, amount, note } : { recipient, amount };
  const amounts = row.amounts;
  // The header names the granted column, and this row leaves it without a sum (`0`, `–`).
  if (column !== undefined && column > 0 && amounts.length <= column) return [];
  if (amounts.length === 1) {
    // `Kaskö stad – Fyrens dag: sökt 6 000 euro` states what was applied for, not an award.
    const lead = text.slice(0, amounts[0]?.index ?? 0);
    if (APPLIED_BEFORE.test(lead)) return [];
    return [withNote(amounts[0]?.value ?? 0)];
  }
  if (column !== undefined && amounts.length > column)
    return [withNote(amounts[column]?.value ?? 0)];
  const joined = amounts.every((a, i) => {
    const prev = amounts[i - 1];
    return !prev || CONJUNCTION.test(row.line.text.slice(prev.end, a.index));
  });
  if (joined) return amounts.map((a) => withNote(a.value));
  const labelled = amounts.find((a, i) => {
    const from = i === 0 ? 0 : (amounts[i - 1]?.end ?? 0);
    return GRANTED_WORD.test(row.line.text.slice(from, a.index));
  });
  return labelled ? [withNote(labelled.value)] : [];
}

/** True when a table header names only what was applied for (`Hakija Hanke Haettu €`). */
function appliedOnly(header: Line | undefined): boolean {
  return (
    header !== undefined &&
    header.text.length <= 200 &&
    APPLIED_WORD.test(header.text) &&
    !GRANTED_WORD.test(header.text.replace(APPLIED_WORD, ''))
  );
}

/** The short lines (heading, table header) right above a run of rows. */
function linesAbove(content: readonly Line[], i: number): Line[] {
  return content.slice(Math.max(0, i - 2), i).filter((l) => l.text.length <= 160);
}

/** A table header row: column words set apart by tabs, bars or wide gaps, and no figures. */
function isHeaderRow(line: Line): boolean {
  return !/\d/.test(line.text) && /\t|\||\s{2,}/u.test(line.text);
}

/** True when the heading right above a run (past its table header) lists refused applications. */
function refusedBelow(content: readonly Line[], i: number): boolean {
  const previous = content[i - 1];
  const heading = previous && isHeaderRow(previous) ? content[i - 2] : previous;
  if (!heading || heading.text.length > 100) return false;
  return REJECTED.test(heading.text) && !AWARDED_CUE.test(heading.text);
}

/**
 * A list of one row is a list when a (sub)total of the same sum closes it, as a list per
 * municipality does (`Tuusniemi` / `Juojärven kyläyhdistys ry 7 500 €` / `Tuusniemi yhteensä 7 500 €`).
 */
function closedBySubtotal(
  rows: readonly AwardRow[],
  after: Line | undefined,
  scale: number,
  language?: Language,
): boolean {
  const sum = rows.length === 1 ? rows[0]?.amounts[0] : undefined;
  if (!sum || !after || !(TOTAL_ROW.test(after.text) || TOTAL_CUE.test(after.text))) return false;
  return findAmounts(after.text, language).some(
    (a) =>
      Math.round(a.factor > 1 ? a.value : a.value * scale) === Math.round(sum.value) && !a.foreign,
  );
}

const PROSE_LINE = /^.{100,}|[.!?]$/su;

/** A line after which a list's unit no longer holds: its grand total, or a sentence of prose. */
function endsScale(line: Line | undefined): boolean {
  return line !== undefined && (TOTAL_ROW.test(line.text) || PROSE_LINE.test(line.text));
}

/** The colon after which a sentence lists its recipients: `… myönnettiin seuraaville: A ry …`. */
const LIST_COLON = /[:：]\s/u;
/** What joins the items of a listed sentence: a comma, `ja`, `och`, `and`. */
const ITEM_JOINER = /^\s*[,;]?\s*(?:(?:ja|sekä|och|samt|and|&)\s+)?/iu;
const LEADING_REMARK = /^\s*(\([^)]*\))/u;
/** The last joiner of a piece: what follows it is the next recipient, what precedes a purpose. */
const LAST_JOINER = /^(.*)(?:[,;]|\s(?:ja|sekä|och|samt|and|&))\s+/isu;
const MAX_RECIPIENT_WORDS = 12;

/**
 * The awards a sentence lists after a colon, each recipient followed by its sum:
 * `Avustusta myönnettiin seuraaville: A ry 1 000 €, B ry 2 000 € ja C ry 500 €.`
 */
function proseAwards(text: string, language?: Language): Award[] | undefined {
  if (text.length < 30) return undefined;
  const colon = LIST_COLON.exec(text);
  if (!colon) return undefined;
  const lead = text.slice(0, colon.index);
  if (!GRANT_VERB.test(lead) || REJECTED.test(lead) || APPLIED_WORD.test(lead)) return undefined;
  const body = text.slice(colon.index + colon[0].length).replace(/[.;]\s*$/u, '');
  const sums = findAmounts(body, language).filter(
    (a) => (a.currency || a.factor > 1) && !a.foreign,
  );
  if (sums.length < 2) return undefined;
  const awards: Award[] = [];
  let from = 0;
  for (const sum of sums) {
    let piece = body.slice(from, sum.index);
    from = sum.end;
    // A remark after the previous sum belongs to that award: `A ry 1 000 € (kesäleiri), B ry …`.
    const remark = LEADING_REMARK.exec(piece);
    const previous = awards.at(-1);
    if (remark?.[1] && previous) {
      const note = remark[1].slice(1, -1);
      previous.note = previous.note ? `${previous.note}; ${note}` : note;
      piece = piece.slice(remark[0].length);
    }
    // So does the purpose after it: `A rf 2 400 euro för uppsättningen av X, B rf 1 200 euro …`.
    const purpose =
      previous && PURPOSE_TAIL.test(piece.trimStart()) ? LAST_JOINER.exec(piece) : null;
    if (previous && purpose?.[1]) {
      const note = purpose[1].trim();
      previous.note = previous.note ? `${previous.note}; ${note}` : note;
      piece = piece.slice(purpose[0].length);
    }
    const { recipient, note } = splitRecipient(piece.replace(ITEM_JOINER, ''));
    // A recipient is a name (`Kyrön Urheilijat ry`), not words of the sentence (`yhteensä`).
    const named =
      /^[\p{Lu}\d]/u.test(recipient) &&
      /\p{L}{2}/u.test(recipient) &&
      recipient.split(/\s+/u).length <= MAX_RECIPIENT_WORDS &&
      !TOTAL_CUE.test(recipient);
    if (!named) return undefined;
    awards.push(note ? { recipient, amount: sum.value, note } : { recipient, amount: sum.value });
  }
  return awards;
}

/** A cell that is a sum and nothing else: `48 000`, `62 400 €`, `1 250,50 euroa`. */
const BARE_SUM =
  /^(?:€\s?)?(?:\d{1,3}(?:[ \u00a0.]\d{3})+(?:,\d{1,2})?|\d+(?:,\d{1,2})?(?=\s?(?:€|eur)))(?:\s?(?:€|eur|euroa?))?$/iu;
/** A header cell over a column of sums. */
const SUM_HEADER = new RegExp(
  `(?:€|\\beur|euroa|belopp|summa|amount|${GRANTED_WORD.source}|${APPLIED_WORD.source}|${COST_WORD.source})`,
  'iu',
);
/** Most cells a row of a flattened table has. */
const MAX_FLAT_CELLS = 8;
const MAX_HEADER_CELL = 40;

interface FlatAward {
  award: Award;
  recipientLine: Line;
  amountLine: Line;
}

/**
 * A table flattened to one cell a line, as copying an HTML table gives: a header of cells
 * without figures (`Sökande` / `Projekt` / `Beviljat €`), then rows of as many cells whose sums
 * stand where the header names a column of sums. Gives the awards and the index after the table.
 */
function flattenedTable(
  content: readonly Line[],
  start: number,
  language?: Language,
): { awards: FlatAward[]; end: number } | undefined {
  for (let width = 2; width <= MAX_FLAT_CELLS; width++) {
    const header = content.slice(start, start + width);
    if (header.length < width) return undefined;
    const last = header.at(-1);
    if (!last || last.text.length > MAX_HEADER_CELL || /\d/u.test(last.text)) return undefined;
    const firstRow = content.slice(start + width, start + 2 * width);
    const sums = firstRow.flatMap((cell, k) => (BARE_SUM.test(cell.text) ? [k] : []));
    if (sums.length === 0 || sums[0] === 0 || sums.at(-1) !== width - 1) continue;
    if (!sums.every((k) => SUM_HEADER.test(header[k]?.text ?? ''))) continue;
    const shape = (row: readonly Line[]) =>
      row.length === width &&
      !TOTAL_ROW.test(row[0]?.text ?? '') &&
      row.every((cell, k) => BARE_SUM.test(cell.text) === sums.includes(k));
    let end = start + width;
    const rows: Line[][] = [];
    for (
      let row = content.slice(end, end + width);
      shape(row);
      row = content.slice(end, end + width)
    ) {
      rows.push(row);
      end += width;
    }
    if (rows.length < 2) return undefined;
    return { awards: flatAwards(content, start, header, rows, sums, language), end };
  }
  return undefined;
}

/** The awards of a flattened table's rows: the sum under the granted column's header. */
function flatAwards(
  content: readonly Line[],
  start: number,
  header: readonly Line[],
  rows: readonly Line[][],
  sums: readonly number[],
  language?: Language,
): FlatAward[] {
  const joined: Line = { no: header[0]?.no ?? 0, text: header.map((c) => c.text).join('\t') };
  if (appliedOnly(joined) || refusedBelow(content, start)) return [];
  const granted =
    sums.length === 1
      ? sums[0]
      : sums.find((k) => {
          const text = header[k]?.text ?? '';
          return GRANTED_WORD.test(text) && !APPLIED_WORD.test(text) && !COST_WORD.test(text);
        });
  if (granted === undefined) return [];
  const scale = THOUSANDS.test(header[granted]?.text ?? '') ? 1000 : 1;
  return rows.flatMap((row) => {
    const recipientLine = row[0];
    const amountLine = row[granted];
    const sum = amountLine ? findAmounts(amountLine.text, language)[0] : undefined;
    if (!recipientLine || !amountLine || !sum || sum.value <= 0) return [];
    const amount = sum.factor > 1 ? sum.value : Math.round(sum.value * scale * 100) / 100;
    const { recipient } = splitRecipient(recipientLine.text);
    const note = row
      .slice(1)
      .filter((_, k) => !sums.includes(k + 1))
      .map((c) => c.text)
      .join('; ');
    const award = note ? { recipient, amount, note } : { recipient, amount };
    return [{ award, recipientLine, amountLine }];
  });
}

/** The recipient's field of an application record laid out one labelled field a line. */
const RECIPIENT_FIELD =
  /^(?:sökande|hakija|avustuksen saaja|saaja|applicant|recipient|grantee|mottagare|stödmottagare|bidragsmottagare)\s*[:：]\s*(\S.*)$/iu;
/** A business id after a recipient's name: `Oy (y-tunnus 1234567-8)`, `rf, FO-nummer 1234567-8`. */
const BUSINESS_ID_AFTER =
  /\s*[(,]?\s*(?:(?:y-tunnus|business id|fo-nummer|fo-nr)\.?\s*:?\s*)?\d{7}-\d\s*\)?\s*$/iu;

/**
 * The granted field of such a record: `Beviljat: 5 000 €`, `Myönnetty avustus: 4 000 €`,
 * `Myönnetty EAKR- ja valtion rahoitus: 249 600 €`, `Grant awarded: €850,000`.
 */
const GRANTED_FIELD =
  /^((?:beviljat|beviljad|beviljas|myönnetty|myönnetään|granted|awarded)(?:\s+[\p{L}-]+){0,5}|(?:[\p{L}-]+\s+){1,3}(?:granted|awarded|beviljat|beviljad|myönnetty))\s*[:：]\s*(\S.*)$/iu;

/**
 * Awards of records written one labelled field a line (`Sökande: A rf` / `Sökt belopp: 8 000 €` /
 * `Beviljat: 5 000 €`): the granted field's sum for the recipient above it. A record whose
 * granted field states no sum (`Beviljat: Avslag`) is no award.
 */
function fieldRecordAwards(content: readonly Line[], language?: Language): FlatAward[] | undefined {
  const found: FlatAward[] = [];
  let recipient: Line | undefined;
  let name = '';
  let decided = 0;
  for (const line of content) {
    const named = RECIPIENT_FIELD.exec(line.text);
    if (named?.[1]) {
      recipient = line;
      // A business id after the name (`Oy (y-tunnus 1234567-8)`) is no part of it.
      name = named[1].replace(BUSINESS_ID_AFTER, '').trim();
      continue;
    }
    const field = recipient ? GRANTED_FIELD.exec(line.text) : null;
    // `Haettu ja myönnetty yhteensä: …`, `Total cost granted: …` name no granted sum of their own.
    const label = field?.[1] ?? '';
    const granted =
      APPLIED_WORD.test(label) || COST_WORD.test(label) || TOTAL_CUE.test(label)
        ? undefined
        : field?.[2];
    if (!recipient || granted === undefined) continue;
    decided++;
    const sum = REJECTED.test(granted)
      ? undefined
      : findAmounts(granted, language).find((a) => !a.foreign && a.value > 0);
    if (sum) {
      const award = { recipient: name, amount: sum.value };
      found.push({ award, recipientLine: recipient, amountLine: line });
    }
    recipient = undefined;
  }
  return decided >= 2 ? found : undefined;
}

/** Appends awards read from lines of their own, each with its recipient's and its sum's line. */
function takeAwards(found: readonly FlatAward[], awards: Award[], rec: ProvenanceRecorder): void {
  for (const { award, recipientLine, amountLine } of found) {
    const index = awards.length;
    rec.take(`awards.${index}.recipient`, { value: award.recipient, line: recipientLine });
    rec.take(`awards.${index}.amount`, { value: award.amount, line: amountLine });
    awards.push(award);
  }
}

/** One sum for each of the grantees a list names: `funding of €500,000 each are:`. */
const EACH =
  /(?:each|apiece|per (?:project|group|organisation|organization)|kukin|kullekin|kumpikin|vardera|per projekt)(?:\s+(?:are|is|will be|go(?:es)? to|ovat|on|är))?\s*:\s*$/iu;
/** An item of a bulleted list, its text after the bullet. */
const BULLET_ITEM = /^(?:[-–•*▪‣·◦]|\d{1,2}[.)])\s+(.+)$/u;
/** Longest item that is a grantee's name rather than a sentence. */
const MAX_EACH_ITEM = 80;

/**
 * Awards of one sum each: a line granting a sum `each` over a bulleted list of the grantees
 * (`The 10 LAGs who will be offered additional funding of €500,000 each are:` over `· Kerry`,
 * `· Mayo`, …). Every item is an award of that sum, its amount's line the lead-in's.
 */
function eachAwards(content: readonly Line[], language?: Language): FlatAward[] | undefined {
  for (let i = 0; i < content.length; i++) {
    const lead = content[i] as Line;
    if (!EACH.test(lead.text) || !GRANT_VERB.test(lead.text) || APPLIED_WORD.test(lead.text)) {
      continue;
    }
    const sums = findAmounts(lead.text, language).filter((a) => a.currency && !a.foreign);
    const [sum] = sums;
    if (!sum || sums.length > 1) continue;
    const found: FlatAward[] = [];
    for (let j = i + 1; j < content.length; j++) {
      const line = content[j] as Line;
      const item = BULLET_ITEM.exec(line.text)?.[1]?.trim();
      if (!item) break;
      // An item with a sum of its own, or a sentence, is no name under the `each`.
      if (item.length > MAX_EACH_ITEM || findAmounts(item, language).length > 0) return undefined;
      if (/[.!?]$/u.test(item) || !/^[\p{Lu}\d]/u.test(item)) return undefined;
      found.push({
        award: { recipient: item.replace(/[;,]$/u, ''), amount: sum.value },
        recipientLine: line,
        amountLine: lead,
      });
    }
    if (found.length >= 2) return found;
  }
  return undefined;
}

function readAwards(lines: readonly Line[], rec: ProvenanceRecorder, language?: Language) {
  const awards: Award[] = [];
  const nonEuroAmounts: NonEuroAmount[] = [];
  const scaledLines = new Set<number>();
  const content = lines.filter((l) => l.text.length > 0);
  const records = fieldRecordAwards(content, language);
  if (records) {
    takeAwards(records, awards, rec);
    return { awards, scaledLines, nonEuroAmounts };
  }
  const listed = content.map((l) => proseAwards(l.text, language));
  // A list in thousands keeps its unit past its subtotals and group headings, up to prose.
  let carriedScale = 1;
  let i = 0;
  while (i < content.length) {
    const rows: AwardRow[] = [];
    const above = linesAbove(content, i);
    const scale =
      carriedScale === 1000 ||
      above.some(
        (l) =>
          THOUSANDS.test(l.text) &&
          !awardRowOf({ no: l.no, text: l.text.replace(THOUSANDS, '') }, language),
      )
        ? 1000
        : 1;
    const first = content[i];
    const flat =
      first && first.text.length <= MAX_HEADER_CELL && !/\d/u.test(first.text)
        ? flattenedTable(content, i, language)
        : undefined;
    if (flat) {
      takeAwards(flat.awards, awards, rec);
      i = flat.end;
      continue;
    }
    const prose = listed[i];
    if (first && prose) {
      for (const award of prose) {
        const index = awards.length;
        rec.take(`awards.${index}.recipient`, { value: award.recipient, line: first });
        rec.take(`awards.${index}.amount`, { value: award.amount, line: first });
        awards.push(award);
      }
      i++;
      continue;
    }
    let j = i;
    for (; j < content.length; j++) {
      const line = content[j];
      const row = line && !listed[j] ? awardRowOf(line, language, scale) : undefined;
      if (!row) break;
      rows.push(row);
    }
    const isList = rows.length >= 2 || closedBySubtotal(rows, content[j], scale, language);
    if (scale === 1000 && isList) {
      for (const row of rows) scaledLines.add(row.line.no);
      const after = content[j];
      if (after && TOTAL_ROW.test(after.text)) scaledLines.add(after.no);
    }
    if (rows.length === 0) {
      if (endsScale(first)) carriedScale = 1;
    } else if (isList) {
      carriedScale = scale;
    }
    const turnedDown = appliedOnly(content[i - 1]) || refusedBelow(content, i);
    if (isList && !turnedDown) {
      const column = grantedColumn(content[i - 1]);
      const granted = rows
        .map((row) => ({ row, found: rowAwards(row, column) }))
        .filter((r) => r.found.length > 0);
      // Refused rows (`B ry: hylätty, myöhässä (haettu 1 500 €)`) do not decide how names split.
      for (const { line, foreign } of rows) {
        if (foreign?.currencyCode) {
          nonEuroAmounts.push({
            path: 'awards',
            line,
            written: writtenAmount(line.text, foreign),
            currency: foreign.currencyCode,
          });
        }
      }
      const commaSplit =
        granted.length >= 2 && granted.every(({ row }) => organisationThenProject(row));
      for (const { row, found } of granted) {
        for (const one of found) {
          const award = commaSplit ? splitAtComma(one) : one;
          const index = awards.length;
          rec.take(`awards.${index}.recipient`, { value: award.recipient, line: row.line });
          rec.take(`awards.${index}.amount`, { value: award.amount, line: row.line });
          awards.push(award);
        }
      }
    }
    i = Math.max(j, i + 1);
  }
  // Without a sum on any row, a list may take its one sum from the line over it.
  if (awards.length === 0) takeAwards(eachAwards(content, language) ?? [], awards, rec);
  return { awards, scaledLines, nonEuroAmounts };
}

/** The part of a row before its sum reads `Organisation, Project name`. */
function organisationThenProject(row: AwardRow): boolean {
  const [sum] = row.amounts;
  if (!sum || row.recipientAfter) return false;
  const lead = row.line.text.slice(0, sum.index);
  const comma = RECIPIENT_COMMA.exec(lead);
  // The organisation's acronym may follow its name: `Kamarikuoro ry (JKK), kevätkonsertti`.
  const name = comma ? lead.slice(0, comma.index).trim().replace(TRAILING_ACRONYM, '') : '';
  return comma !== null && ORGANISATION_END.test(name);
}

const TRAILING_ACRONYM = /\s*\(\p{Lu}[\p{Lu}\d&-]{1,11}\)$/u;

/** Moves the project name after the organisation's comma into the note. */
function splitAtComma(award: Award): Award {
  const comma = RECIPIENT_COMMA.exec(award.recipient);
  if (!comma) return award;
  const recipient = award.recipient.slice(0, comma.index).trim();
  const project = award.recipient.slice(comma.index + comma[0].length).trim();
  const note = [project, award.note].filter(Boolean).join('; ');
  return note ? { ...award, recipient, note } : { ...award, recipient };
}

/** Half a unit of the last digit the document gave: `8,62 miljoner` is exact to ±5,000. */
function roundingTolerance(raw: string, factor: number): number {
  const digits = /[.,](\d+)$/u.exec(raw.replace(/\s/g, ''))?.[1]?.length ?? 0;
  return factor === 1 ? 1 : (0.5 * factor) / 10 ** digits;
}

function sentencesOf(line: Line): string[] {
  return line.text.split(/(?<=[.!?])\s+(?=\p{Lu}|\d)/u);
}

/** The total that a sentence about the awards states, with how precisely it was given. */
function statedTotalHit(
  lines: readonly Line[],
  scaledLines: ReadonlySet<number>,
  language?: Language,
) {
  const rows = lines.filter((l) => TOTAL_ROW.test(l.text));
  for (const line of [...lines, ...rows]) {
    const isRow = TOTAL_ROW.test(line.text);
    const sentences = isRow ? [line.text] : sentencesOf(line);
    for (const sentence of sentences) {
      const shared = isRow ? null : SHARED_AMONG.exec(sentence);
      const cue = TOTAL_CUE.exec(sentence) ?? (isRow ? TOTAL_ROW.exec(sentence) : null) ?? shared;
      if (!cue || (!isRow && (!GRANT_VERB.test(sentence) || APPLIED_WORD.test(sentence)))) continue;
      // What a whole programme granted across the EU is not this list's total.
      if (!isRow && EU_WIDE.test(line.text)) continue;
      // Beside the frame it is drawn from (`47.6 million (41 %) out of the 115 million available`)
      // a sum is a share of a programme, which the list may not be all of.
      if (!isRow && BUDGET_FRAME.test(sentence)) continue;
      const scaled = isRow && scaledLines.has(line.no);
      const found = findAmounts(sentence, language);
      const amounts = scaled
        ? thousandsIn(sentence, found)
        : found.filter(
            (a) => !a.foreign && (isRow ? a.currency || isGrouped(a) : a.currency || a.factor > 1),
          );
      const amount = isRow
        ? amounts.at(-1)
        : cue === shared
          ? amounts.filter((a) => a.end <= cue.index).at(-1)
          : amounts.find((a) => a.index >= cue.index);
      if (!amount) continue;
      // A bound (`över 600 000 euro`, `almost €25,000`) is no total; `ca 109 400 euro` is one, as
      // the document states it.
      if (amount.approximate && amount.approximate !== 'approximately') continue;
      // A larger sum granted in another sentence of the paragraph makes this one a part of it
      // (`… on myöntänyt … 10 522 678 euroa. Pohjois-Pohjanmaalle … myönnettiin yhteensä
      // 2 247 481 euroa.`): which is the list's total is unclear, so neither is taken.
      if (!isRow && largerGrantBeside(sentences, sentence, amount.value, language))
        return undefined;
      return {
        hit: { value: amount.value, line } satisfies Hit<number>,
        tolerance: roundingTolerance(amount.digits, amount.factor),
        ...(amount.approximate ? { written: sentence.slice(amount.index, amount.end).trim() } : {}),
      };
    }
  }
  return undefined;
}

/** Whether another sentence of the paragraph grants a larger euro sum than `value`. */
function largerGrantBeside(
  sentences: readonly string[],
  own: string,
  value: number,
  language?: Language,
): boolean {
  return sentences.some(
    (other) =>
      other !== own &&
      GRANTED_WORD.test(other) &&
      !COST_WORD.test(other) &&
      !APPLIED_WORD.test(other) &&
      !EU_WIDE.test(other) &&
      !BUDGET_FRAME.test(other) &&
      findAmounts(other, language).some(
        (a) => !a.foreign && (a.currency || a.factor > 1) && a.value > value,
      ),
  );
}

const SECTION_SIGN = /§\s*$/u;

function countsIn(
  sentence: string,
  language?: Language,
): Array<{ value: number; start: number; end: number }> {
  const digits = findNumbers(sentence, language).map((n) => ({
    value: n.value,
    start: n.index,
    end: n.end,
  }));
  const words = [...sentence.matchAll(/\p{L}+/gu)].flatMap((m) => {
    const value = COUNT_WORDS.find(([re]) => re.test(m[0]))?.[1];
    return value === undefined ? [] : [{ value, start: m.index, end: m.index + m[0].length }];
  });
  return [...digits, ...words].sort((a, b) => a.end - b.end);
}

function statedCountHit(lines: readonly Line[], language?: Language): Hit<number> | undefined {
  return firstHit(lines, (line) => {
    for (const sentence of sentencesOf(line)) {
      if (!GRANT_VERB.test(sentence) || EU_WIDE.test(line.text)) continue;
      for (const n of countsIn(sentence, language)) {
        if (!Number.isInteger(n.value) || n.value < 1 || n.value >= 10000) continue;
        if (n.value >= 1900 && n.value <= 2100) continue;
        // A minutes' section number (`§ 23 Föreningsbidrag`) counts nothing.
        if (n.start > 0 && SECTION_SIGN.test(sentence.slice(Math.max(0, n.start - 3), n.start)))
          continue;
        const rest = sentence.slice(n.end);
        if (/^\s*(?:€|eur|euro|milj|million|miljon|tuhat|tusen|thousand|%|[.,]\d)/iu.test(rest))
          continue;
        const words = rest.trimStart();
        if (PROJECT_NOUN.test(words) && !APPLICATION_NOUN.test(words.split(/\s+/, 3).join(' '))) {
          return n.value;
        }
      }
    }
    return undefined;
  });
}

/** Parses an announcement of awarded grants: the award list and what the text says of it. */
export function parseGrantDecisions(lines: readonly Line[], language?: Language): ParseOutput {
  const rec = new ProvenanceRecorder();
  const { awards, scaledLines, nonEuroAmounts } = readAwards(lines, rec, language);
  const total = statedTotalHit(lines, scaledLines, language);
  const fields: ExtractedFields = {
    awards,
    awardsStatedTotal: rec.take('awardsStatedTotal', total?.hit),
    awardsStatedCount: rec.take('awardsStatedCount', statedCountHit(lines, language)),
    applicationsReceived: rec.take('applicationsReceived', applicationsHit(lines)),
    provenance: rec.provenance,
  };
  const hints: ParserHints = {
    ...(total ? { awardsStatedTotalTolerance: total.tolerance } : {}),
    ...(total?.written !== undefined
      ? {
          approximateAmounts: [
            { path: 'awardsStatedTotal', line: total.hit.line, written: total.written },
          ],
        }
      : {}),
    ...(nonEuroAmounts.length > 0 ? { nonEuroAmounts } : {}),
  };
  return { fields: prune(fields) ?? { provenance: {} }, hints };
}
