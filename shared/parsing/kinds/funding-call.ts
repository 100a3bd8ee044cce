import type { ExtractedFields, Language } from '../../schemas/report-record.ts';
import { type DateToken, findDateTokens, timeBefore, timeZoneOf, zonedDateTime } from '../dates.ts';
import { parseNumber, withLookalikeDigits } from '../numbers.ts';
import { onFirstUse } from '../once.ts';
import {
  findLabelled,
  firstHit,
  type Hit,
  type Line,
  labels,
  mapHit,
  ProvenanceRecorder,
  prune,
} from '../text.ts';
import { ParseNotes, type ParseOutput } from './parser.ts';

/** Words that say a date closes the application period. */
const DEADLINE_CUE =
  /(?:(?:haku\p{L}*\s+(?:alkaa|avautuu|avataan)|ansökningstiden\s+(?:börjar|öppnar)|(?:call|round)\s+opens)\b.{0,40}?(?<!\w)(?:ja|och|and)\s+(?:se\s+|it\s+)?(?:päättyy|sulkeutuu|går\s+ut|löper\s+ut|stänger|slutar|upphör|avslutas|closes|ends)|haku(?:aika|kierros)?\s+(?:päättyy|päättyi|sulkeutuu|sulkeutui|kestää|jatkuu|on\s+auki|on\s+avoinna|on(?!\s+(?:alkanut|avautunut|avattu|käynnistynyt)))|(?:hakukierro|kierro)\p{L}*\s+(?:päättyy|sulkeutuu)|(?:ansöknings)?omgång\p{L}*\s+(?:stänger|går\s+ut|löper\s+ut|avslutas)|round\s+(?:closes|ends)|hakemu\p{L}*\s+(?:on|tulee|pitää)\s+(?:jättää|jätettävä|toimittaa|toimitettava|lähettää)|(?:hakemu|ansökning|ansökan)\p{L}*\s+(?:\p{L}+\s+){0,3}?(?:viimeistään|senast)(?!\w)|haettavana|haettavissa|viimeinen hakupäivä|määräaika|ansökningstiden\s+(?:löper|går|gick)\s+ut|ansökningstiden\s+(?:är|pågår)|(?:ansökningarna?|ansökan)\s+(?:ska|skall|bör|måste)\s+(?:lämnas|skickas|vara)|sista\s+ansökningsdag(?:en)?|utlysning(?:en)?\s+(?:pågår|är\s+öppen|stänger|avslutas)|deadline|closing date|open\s+for\s+(?:applications|proposals|submissions)|open\s+until|cut-?off\s+dates?|(?:the\s+)?call\s+(?:closes|closed|is\s+open|will\s+close)|(?:applications?|proposals?)\s+(?:must|should|shall|can|may)\s+be\s+(?:submitted|sent|made)|submission\s+deadline|apply\s+(?:by|before|until|no\s+later)|submit\p{L}*\b.{0,60}?(?<!\w)(?:by|before|until|no\s+later\s+than))/iu;
/** Every deadline cue of a line, for a line whose first cue points at no date. */
const deadlineCues = onFirstUse(() => new RegExp(DEADLINE_CUE.source, 'giu'));
/** A date that opens the application period: `19.2.2024 alkaen`, `from 1 March onwards`. */
const OPENS_AFTER = /^\s*(?:alkaen|lähtien|onwards|and\s+onwards|och\s+framåt)(?!\p{L})/iu;
/** A list item: a bullet or a list number. */
const LIST_ITEM = /^(?:[-–•*▪·◦]|\d{1,2}[.)])\s+/u;
const PUBLISHED =
  /(?:julkaistu|julkaisupäivä|päivitetty|utgivningsdatum|publicerad|publicerat|uppdaterad|published|updated|posted)/iu;
const RANGE_BETWEEN = /^\s*(?:[-–—]|och|ja|and|to|till|until|through|up\s+to)\s*$/iu;
/**
 * Where a sentence ends: a stop after a word or a figure, before a capital. A date's dots are
 * followed by digits, and an abbreviation's (`5 p.m. CET`, `Dr. Berg`) stand after one letter.
 */
const SENTENCE_BREAK = /(?<=(?:\p{Ll}{2}|\d)[.!?])\s+(?=\p{Lu})/gu;
/** A sentence about an earlier call, whose deadline is not this call's. */
const EARLIER_CALL =
  /(?:previous|earlier|last year'?s|edellis\p{L}*|viime vuoden|föregående|tidigare|förra årets)\s+(?:call|round|haku\p{L}*|hakukierro\p{L}*|ansökningsomgång\p{L}*|utlysning\p{L}*)/iu;
/** A call in rounds, each with its own closing date (`1. hakukierros`, `second round`). */
const ROUND =
  /(?:kierro\p{L}*|omgång\p{L}*|(?<!\w)round(?!\w)|(?:valinta|haku)jakso\p{L}*|cut-?off)/iu;
/** Lines after a round's closing date within which the call states its other rounds. */
const ROUNDS_SPAN = 8;
/**
 * What joins a round's closing date to the next round's in one sentence: `… 15.3.2024 ja toinen
 * hakukierros maanantaina 16.9.2024`, not `… ja päätökset tehdään kierroksen jälkeen 15.5.`.
 */
const NEXT_ROUND =
  /^\s*[,;]?\s*(?:ja|sekä|och|samt|and)\s+(?:\p{L}+\s+){0,2}?(?:\p{L}*kierro(?:s|ksen)|\p{L}*omgång(?:en)?|round|cut-?off)\s+(?:(?:päättyy|sulkeutuu|closes|ends|stänger|går\s+ut|löper\s+ut|avslutas|on|den|by|until|viimeistään|\p{L}+(?:na|day|dagen))\s+){0,3}$/iu;

const RATE_CONTEXT =
  /(?:kustannu|kulu|tukiosuus|avustusosuus|rahoitusosuus|tuen määrä|tuki\p{L}*\s+on|kostnader|stödandel|stödnivå|understödsbelopp|bidragsandel|cost|funding rate|aid intensity|co-?financing rate|grant rate|(?:projektets|hankkeen|(?:the\s+)?project(?:'s)?)\s+(?:total\s+)?(?:budget|budjet))/iu;
/** A rate named right before its figure: `The co-financing rates reach up to 85%`. */
const RATE_BEFORE =
  /(?:co-?financing|co-?funding|cofunding|funding|grant|aid|tuki|rahoitus|stöd)[\s-]*(?:rates?|intensity|intensities|prosentti|osuus|nivå|andel)\s+(?:\p{L}+\s+){0,3}$/iu;
const RATE =
  /(?:enintään|korkeintaan|maksimissaan|max(?:imum|imi)?\.?|up\s+to|at\s+most|(?:cannot|can\s*not|may\s+not|must\s+not|shall\s+not|does\s+not)\s+exceed|högst|maximalt|upp\s+till|on|är|is|of)\s*:?\s*(\d{1,3}(?:[.,]\d{1,2})?)\s*(%|prosenttia|procent|per\s?cent|percent)?(?=\s|\.|,|\)|$)/giu;

const L = {
  deadline: labels(
    'hakuaika',
    'hakuaika päättyy',
    'haku päättyy',
    'viimeinen hakupäivä',
    'määräaika',
    'sista ansökningsdag(?:en)?',
    'ansökningstid(?:en)?',
    'ansökningsperiod(?:en)?',
    'application period',
    'ansökningstiden går ut',
    'deadline(?: for applications)?',
    'closing date',
    'application deadline',
    'haku sulkeutuu',
    // A selection period whose applications are taken up together once it ends.
    'valintajakso',
    'urvalsperiod(?:en)?',
    'submission period',
    // A call page's status line: `Stängd 19 mars 2024`, `Stänger 2024-05-02`, `Closes 1 June`.
    'stängd',
    'stänger',
    'closes',
    'closed',
  ),
  applicants: labels(
    'hakijat',
    'kuka voi hakea',
    'ketkä voivat hakea',
    'sökande',
    'vem kan ansöka',
    'vem kan söka',
    'eligible applicants',
    'who (?:can|may) apply',
    'applicants',
  ),
  rate: labels(
    'tukiprosentti',
    'tuen enimmäismäärä',
    'avustuksen enimmäismäärä',
    'stödnivå',
    'maximum (?:funding|grant|aid) rate',
    'funding rate',
    'maximum (?:co-?)?financing rate',
    '(?:erdf |eu |esf\\+? |eakr |esr\\+? |eruf )?co-?financing rate',
  ),
};

/** Phrases after which (or before which) the applicants are named. */
const APPLICANTS_AFTER: RegExp[] = [
  // The grant word may end a compound (`Kehittämisavustusta voivat hakea`); only the captured
  // applicants are used, so the compound's head is not matched (a leading `\p{L}*` would be
  // tried at every letter of the line).
  /(?:avustusta|tukea|rahoitusta|rahaa)\s+(?:voivat|voi)\s+hakea\s+(.+?)(?:\.\s|\.$|$)/iu,
  /hakijoina\s+voivat\s+olla\s+(.+?)(?:\.\s|\.$|$)/iu,
  /(?:kan|får)\s+(?:sökas|ansökas)\s+av\s+(.+?)(?:\.\s|\.$|$)/iu,
  /(?:sökande|stödmottagare)\s+kan\s+vara\s+(.+?)(?:\.\s|\.$|$)/iu,
  /(?:eligible\s+applicants\s+(?:are|include|(?:may|can)\s+be)|(?:partnerships|consortia|partners(?:hips)?)\s+(?:can|may)\s+be\s+formed\s+by|open\s+to|applications\s+(?:are\s+invited|can\s+be\s+submitted)\s+(?:from|by))\s+(.+?)(?:\.\s|\.$|$)/iu,
  // Granted to whom: `Avustusta voidaan myöntää rekisteröityneille yhdistyksille …` (allative).
  /(?:avustus|avustusta|tuki|tukea|rahoitusta|apurahoja)\s+(?:(?:voidaan|voi)\s+myöntää|myönnetään)\s+((?:\p{L}+\s+){0,2}?\p{L}+(?:lle|ille)(?!\w).+?)(?:\.\s|\.$|$)/iu,
  // `Bidrag kan beviljas registrerade föreningar …`, not `… beviljas för projekt`.
  /(?:bidrag|stöd|understöd|finansiering)\s+(?:kan|får)\s+beviljas\s+(?!(?:för|till|högst|med|under|i|på|upp|endast|inte|ej|som|av|enligt)\b|\d)(.+?)(?:\.\s|\.$|$)/iu,
];
/** A sentence that names the applicants in a bullet list under it: `Apurahaa voivat hakea:`. */
const APPLICANTS_LIST_LEAD =
  /(?:(?:voivat|voi)\s+hakea|hakijoina\s+voivat\s+olla|(?:kan|får)\s+(?:sökas\s+av|ansökas\s+av|ansöka|söka)|(?:can|may)\s+apply|eligible\s+applicants(?:\s+(?:are|include))?)\s*[:：]$/iu;
const APPLICANTS_BEFORE: RegExp[] = [
  /^(.+?)\s+(?:voivat|voi)\s+hakea\s+\p{L}*(?:avustusta|tukea|rahoitusta|rahaa)(?!\w)/iu,
  /^(.+?)\s+(?:kan|får)\s+(?:ansöka|söka)(?!\w)/iu,
  /^(.+?)\s+(?:can|may)\s+apply(?!\w)/iu,
];

/** Where the sentence around a span starts and ends. */
function sentenceAround(text: string, start: number, end: number): [number, number] {
  let from = 0;
  for (const m of text.matchAll(SENTENCE_BREAK)) {
    if (m.index >= end) return [from, m.index];
    if (m.index < start) from = m.index + m[0].length;
  }
  return [from, text.length];
}

/**
 * The date a cue points at: the next one after it, else the last before it, in the cue's own
 * sentence (a board meeting in the next sentence is no deadline); a range's end.
 */
function pickDeadline(text: string, cueStart: number, cueEnd: number): DateToken | undefined {
  const [from, to] = sentenceAround(text, cueStart, cueEnd);
  const all = findDateTokens(withLookalikeDigits(text));
  const dates = all.filter(
    (d) => d.index >= from && d.end <= to && !OPENS_AFTER.test(text.slice(d.end, d.end + 20)),
  );
  let chosen =
    dates.find((d) => d.index >= cueEnd) ?? dates.filter((d) => d.end <= cueStart).at(-1);
  if (!chosen) return undefined;
  const next = dates[dates.indexOf(chosen) + 1];
  if (next && RANGE_BETWEEN.test(text.slice(chosen.end, next.index))) chosen = next;
  const picked = chosen;
  // The same day with its clock time, also in a later sentence (`… 15.3.2024 kl. 16.00`).
  const timed = picked.time ? undefined : all.find((d) => d.date === picked.date && d.time);
  if (timed) return timed;
  const before = picked.time ? undefined : timeBefore(text.slice(0, picked.index));
  return before ? { ...picked, time: before } : picked;
}

/** The last day of the application period, named instead of its date: `den sista ansökningsdagen`. */
const CLOSING_DAY =
  /(?:sista\s+ansökningsdag(?:en)?|ansökningstidens\s+sista\s+dag|viimeisenä\s+hakupäivänä|hakuajan\s+viimeisenä\s+päivänä|on\s+the\s+(?:last|final|closing)\s+day)/iu;
/** A clock time with its clock word: `kl. 15.00`, `klo 16.15`, `at 4 p.m.`. */
const CLOCK_TIME =
  /(?:^|\s)(?:klockan|kl\.?|klo\.?|kello|at|by|before)\s*\d{1,2}(?:[.:]\d{2})?\s*(?:[ap]\.?m\.?)?/iu;
/** Lines after the deadline's own within which the call may give its closing time. */
const CLOSING_TIME_SPAN = 3;

/**
 * The clock time a sentence gives for the application period's last day without repeating its
 * date (`Ansökningstiden är 1.2–15.3.2024. … Systemet stängs kl. 15.00 den sista ansökningsdagen.`).
 */
function closingDayTime(lines: readonly Line[], from: number): string | undefined {
  for (let i = from; i >= 0 && i < lines.length && i <= from + CLOSING_TIME_SPAN; i++) {
    const text = lines[i]?.text ?? '';
    if (!CLOSING_DAY.test(text)) continue;
    for (const sentence of text.split(SENTENCE_BREAK)) {
      const clock = CLOSING_DAY.test(sentence) ? CLOCK_TIME.exec(sentence) : null;
      if (!clock || findDateTokens(sentence).length > 0) continue;
      const time = timeBefore(sentence.slice(0, clock.index + clock[0].length));
      if (time) return time;
    }
  }
  return undefined;
}

/** The deadline of a labelled value; of a value that lists rounds, the last round's. */
function labelledDeadline(value: string): DateToken | undefined {
  if (!ROUND.test(value)) {
    // A value that opens and closes the period (`… börjar 15.1.2024 och slutar 28.3.2024`).
    const cue = findDateTokens(value).length > 1 ? DEADLINE_CUE.exec(value) : null;
    return cue
      ? pickDeadline(value, cue.index, cue.index + cue[0].length)
      : pickDeadline(value, 0, 0);
  }
  const dates = findDateTokens(withLookalikeDigits(value)).filter((d) => d.date);
  return dates.reduce<DateToken | undefined>((a, b) => (!a || laterThan(b, a) ? b : a), undefined);
}

/** A statement elsewhere of the same closing day with its clock time (`… 2.12.2024 klo 12`). */
function timedElsewhere(
  lines: readonly Line[],
  date: string,
): { hit: Hit<string>; token: DateToken } | undefined {
  for (const line of lines) {
    if (line.text.length === 0 || PUBLISHED.test(line.text)) continue;
    const cue = DEADLINE_CUE.exec(line.text);
    if (!cue) continue;
    const token = pickDeadline(line.text, cue.index, cue.index + cue[0].length);
    if (token?.date === date && token.time) return { hit: { value: line.text, line }, token };
  }
  return undefined;
}

/** The closing date a line with a deadline cue gives, unless it is about an earlier call. */
function cuedDeadline(line: Line | undefined): { hit: Hit<string>; token: DateToken } | undefined {
  if (!line || line.text.length === 0 || EARLIER_CALL.test(line.text)) return undefined;
  const first = DEADLINE_CUE.exec(line.text);
  if (!first) return undefined;
  const found = deadlineAtCue(line, first.index, first.index + first[0].length);
  if (found) return found;
  // A later sentence of the line may name the deadline (`Haku on avoinna 1.2. alkaen. … 15.3.`).
  for (const cue of line.text.slice(first.index + first[0].length).matchAll(deadlineCues())) {
    const start = first.index + first[0].length + cue.index;
    const later = deadlineAtCue(line, start, start + cue[0].length);
    if (later) return later;
  }
  return undefined;
}

function deadlineAtCue(
  line: Line,
  cueStart: number,
  cueEnd: number,
): { hit: Hit<string>; token: DateToken } | undefined {
  // A publication date in the cue's own sentence makes it no deadline; one in another sentence
  // of the line (`… no later than 3 March. Results will be published by …`) does not.
  const [from, to] = sentenceAround(line.text, cueStart, cueEnd);
  if (PUBLISHED.test(line.text.slice(from, to))) return undefined;
  const token = pickDeadline(line.text, cueStart, cueEnd);
  if (!token) return undefined;
  return { hit: { value: line.text, line }, token: lastRoundAfter(line.text, token) };
}

/**
 * The closing dates a cue's sentence lists under it (`The cut-off dates are:` / `1. 12 March
 * 2024, 16:15` / `2. 2 September 2024, 16:15`): the call closes with the last.
 */
function listedDeadline(
  lines: readonly Line[],
  i: number,
): { hit: Hit<string>; token: DateToken } | undefined {
  const text = lines[i]?.text ?? '';
  if (!text.endsWith(':') || EARLIER_CALL.test(text)) return undefined;
  const sentences = text.split(SENTENCE_BREAK);
  if (!DEADLINE_CUE.test(sentences.at(-1) ?? '')) return undefined;
  let found: { hit: Hit<string>; token: DateToken } | undefined;
  for (let k = i + 1; k < lines.length && k <= i + ROUNDS_SPAN; k++) {
    const item = lines[k] as Line;
    if (item.text.length === 0) continue;
    if (!LIST_ITEM.test(item.text)) break;
    const token = findDateTokens(withLookalikeDigits(item.text)).find((d) => d.date);
    if (token && (!found || laterThan(token, found.token)))
      found = { hit: { value: item.text, line: item }, token };
  }
  return found;
}

/** The closing date of the last round a sentence names after the first's (`… ja toinen kierros …`). */
function lastRoundAfter(text: string, token: DateToken): DateToken {
  if (!ROUND.test(text)) return token;
  let last = token;
  for (const next of findDateTokens(withLookalikeDigits(text))) {
    if (next.index < last.end) continue;
    if (!NEXT_ROUND.test(text.slice(last.end, next.index)) || !laterThan(next, last)) break;
    last = next;
  }
  return last;
}

function laterThan(a: DateToken, b: DateToken): boolean {
  if (!a.date || !b.date) return false;
  return a.date > b.date || (a.date === b.date && (a.time ?? '') > (b.time ?? ''));
}

/**
 * The deadline a labelled value or a cue line gives. A date that names no calendar day
 * (`30.2.2024`) is noted and ends the search: a later date is not the deadline.
 */
function deadlineHit(
  lines: readonly Line[],
  timeZone: string,
  notes: ParseNotes,
): Hit<string> | undefined {
  let found: { hit: Hit<string>; token: DateToken } | undefined;
  const labelled = findLabelled(lines, L.deadline);
  const token = labelled ? labelledDeadline(labelled.value) : undefined;
  if (labelled && token) {
    found = (!token.time && token.date && timedElsewhere(lines, token.date)) || {
      hit: labelled,
      token,
    };
  }
  for (let i = 0; !found && i < lines.length; i++) {
    const cued = cuedDeadline(lines[i]) ?? listedDeadline(lines, i);
    if (!cued) continue;
    found = cued;
    // A call in rounds closes with its last round: later rounds stated nearby close it later,
    // as do the later items of a list of closing dates.
    const listed = LIST_ITEM.test(cued.hit.line.text);
    if (!listed && !ROUND.test(cued.hit.value)) continue;
    for (let k = i + 1; k < lines.length && k <= i + ROUNDS_SPAN; k++) {
      const later = cuedDeadline(lines[k]);
      const sibling =
        later && (listed ? LIST_ITEM.test(later.hit.line.text) : ROUND.test(later.hit.value));
      if (later && sibling && laterThan(later.token, found.token)) found = later;
    }
  }
  if (!found) return undefined;
  if (!found.token.time && found.token.date) {
    const time = closingDayTime(lines, lines.indexOf(found.hit.line));
    if (time) found = { ...found, token: { ...found.token, time } };
  }
  return mapHit(notes.date(found.hit, found.token, 'call.deadline'), (d) =>
    d.time ? zonedDateTime(d.date, d.time, timeZone) : d.date,
  );
}

function rateHit(lines: readonly Line[], language?: Language): Hit<number> | undefined {
  const labelled = mapHit(findLabelled(lines, L.rate), (v) => {
    // A share is written with a percent sign or word, or as a bare number; `20 000 euroa` is a sum.
    const m =
      /(\d{1,3}(?:[.,]\d{1,2})?)\s*(?:%|prosenttia|procent|per\s?cent|percent)/iu.exec(v) ??
      /^\s*(?:\p{L}+\s+)?(\d{1,3}(?:[.,]\d{1,2})?)\s*$/u.exec(v);
    return m ? parseNumber(m[1] ?? '', language) : undefined;
  });
  if (labelled) return labelled;
  return firstHit(lines, (line) => {
    if (!RATE_CONTEXT.test(line.text)) return undefined;
    for (const m of line.text.matchAll(RATE)) {
      const value = parseNumber(m[1] ?? '', language);
      const after = line.text.slice(m.index + m[0].length, m.index + m[0].length + 80);
      const isShare =
        m[2] !== undefined || /^\s*(?:av|of|hyväksyttävistä|tukikelpoisista)\b/iu.test(after);
      if (
        value !== undefined &&
        value > 0 &&
        value <= 100 &&
        isShare &&
        (RATE_CONTEXT.test(after + m[0]) ||
          RATE_BEFORE.test(line.text.slice(Math.max(0, m.index - 60), m.index)))
      ) {
        return value;
      }
    }
    return undefined;
  });
}

const BULLET = /^[-–•*▪·◦]\s*/u;

function cleanApplicants(text: string): string | undefined {
  const value = text
    .trim()
    .replace(BULLET, '')
    .replace(/[.;:]+$/u, '');
  return value.length >= 3 ? value : undefined;
}

/** A bullet list under the label (`Vem kan söka?` / `• föreningar` / `• konstnärer`), joined. */
function listedApplicants(lines: readonly Line[], first: Line): string {
  const items: string[] = [];
  for (let i = lines.indexOf(first); i >= 0 && i < lines.length; i++) {
    const text = lines[i]?.text ?? '';
    if (!BULLET.test(text)) break;
    const item = cleanApplicants(text);
    if (item) items.push(item);
  }
  if (items.length > 1) return items.join('; ');
  // A paragraph under the heading names the applicants in its first sentence; the next ones
  // say what else holds (`Stöd kan inte ges direkt till företag …`).
  return first.text.split(/(?<=[\p{Ll}\d)][.!?])\s+(?=\p{Lu})/u)[0] ?? first.text;
}

function applicantsHit(lines: readonly Line[]): Hit<string> | undefined {
  const labelled = findLabelled(lines, L.applicants);
  if (labelled) {
    const value =
      labelled.line.text === labelled.value
        ? listedApplicants(lines, labelled.line)
        : labelled.value;
    return mapHit({ ...labelled, value }, cleanApplicants);
  }
  const lead = lines.findIndex((l) => l.text.length <= 200 && APPLICANTS_LIST_LEAD.test(l.text));
  const first = lead < 0 ? undefined : lines.slice(lead + 1).find((l) => l.text.length > 0);
  if (first && BULLET.test(first.text)) {
    return mapHit({ value: listedApplicants(lines, first), line: first }, cleanApplicants);
  }
  for (const patterns of [APPLICANTS_AFTER, APPLICANTS_BEFORE]) {
    const hit = firstHit(lines, (line) => {
      for (const sentence of line.text.split(/(?<=\.)\s+(?=\p{Lu})/u)) {
        for (const re of patterns) {
          const m = re.exec(sentence);
          if (m?.[1]) return cleanApplicants(m[1]);
        }
      }
      return undefined;
    });
    if (hit) return hit;
  }
  return undefined;
}

/** Parses a call for applications: when it closes, the maximum funding rate and who may apply. */
export function parseFundingCall(lines: readonly Line[], language?: Language): ParseOutput {
  const rec = new ProvenanceRecorder();
  const notes = new ParseNotes();
  const timeZone = timeZoneOf(lines.map((l) => l.text).join('\n'));
  const fields: ExtractedFields = {
    call: {
      deadline: rec.take('call.deadline', deadlineHit(lines, timeZone, notes)),
      maxFundingRate: rec.take('call.maxFundingRate', rateHit(lines, language)),
      applicants: rec.take('call.applicants', applicantsHit(lines)),
    },
    provenance: rec.provenance,
  };
  return { fields: prune(fields) ?? { provenance: {} }, hints: notes.addTo({}) };
}
