import {
  CLOSINGS,
  GIVEN_NAMES,
  NAME_LABELS,
  NOT_PERSON_WORDS,
  PERSON_CUES,
} from './contact-words.ts';

/**
 * Contact persons and their details: e-mail addresses (also written `name(at)domain.fi`,
 * `name [at] domain [dot] fi` or `name at domain.fi`), telephone numbers in national and
 * international forms, and the names of people (contacts, authors, signers, people quoted or
 * awarded as persons). Extraction reads labels and figures, not people, but a labelled line can
 * hold both ("Hakija: Yhdistys ry, puh. 040 123 4567"), and the record keeps the line as its
 * provenance, so they are removed from every text of the record and from the stored read text.
 */
export const REMOVED_CONTACT = '[contact removed]';

const L = '\\p{L}\\p{N}';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const EMAIL_AT = String.raw`(?:@|[ \t]?[([](?:at|a|ät)[)\]][ \t]?|[ \t]+at[ \t]+)`;
/** Before ` at `, only a local part with a dot or underscore in it (`etu.suku at …`), not a word. */
const EMAIL_LOCAL = String.raw`(?:[${L}%+-]+[._][${L}._%+-]+(?=[ \t]+at[ \t])|[${L}._%+-]+(?![ \t]+at[ \t]))`;
const EMAIL_DOT = String.raw`(?:\.|[ \t]?[([]dot[)\]][ \t]?|[ \t]+dot[ \t]+|[ \t]?\(piste\)[ \t]?)`;
/** `local@domain.tld`, with `(at)`/`[at]`/` at ` for `@` and `(dot)`/` dot ` for `.`. */
const EMAIL = new RegExp(
  String.raw`(?<![${L}._%+-])${EMAIL_LOCAL}${EMAIL_AT}[${L}-]+(?:${EMAIL_DOT}[${L}-]+)*${EMAIL_DOT}\p{L}{2,}(?![${L}])`,
  'giu',
);
const EMAIL_HINT = /@|[([](?:at|a|ät)[)\]]| at /i;

/** A telephone cue: `puh.`, `p.`, `tfn`, `tel.`, `phone:`, `mob.`… */
const PHONE_CUE = String.raw`(?<![${L}])(?:puh(?:elin)?|puhelinnumero|matkapuhelin|gsm|p|tel(?:efon)?|tfn|mobil|mob(?:ile)?|phone|ph|fax|faksi|vaihde|växel)\.?:?`;
/** Digit groups of a telephone number: `040 123 4567`, `0400-123456`, `(09) 1234 5678`, `08-123 456 78`. */
const NATIONAL = String.raw`\(?0\d{1,4}\)?(?:[ \-]?\d{2,7}){1,4}`;
/** `+358 40 123 4567`, `+358 (0)9 1234 5678`, `+46 8 123 456 78`, `+358401234567`, `(+358) 40 …`. */
const INTERNATIONAL = String.raw`(?:\+[ ]?\d{1,3}|\(\+\d{1,3}\))(?:[ \-]?\(0\))?(?:[ \-]?\(?\d{1,5}\)?){1,6}`;
/** What follows a figure, never a telephone number: a currency, a percent, decimals, a unit. */
const NOT_AFTER_PHONE = String.raw`(?![\d]|[ ]?(?:€|%|eur\b|euro|e\b|k€|m€|t€|kr\b|sek\b|mk\b|milj|mn\b|kpl\b|st\b|h\b|htv\b)|,\d|\.\d|-\d)`;
const PHONE = new RegExp(
  String.raw`(?:(${PHONE_CUE}[ \t]*)(?:${INTERNATIONAL}|${NATIONAL}|\d{3,}(?:[ \-]\d{2,})*)|(?<![\d+/.-][ ]?)(?<![\d\p{L}])(?:${INTERNATIONAL}|${NATIONAL}))${NOT_AFTER_PHONE}`,
  'giu',
);
const PHONE_HINT = /\d[ -]?\d/;

/** Fewest and most digits of a telephone number; fewer is a short figure, more an account. */
const PHONE_DIGITS = { min: 7, max: 13 };

function isPhone(match: string): boolean {
  const digits = match.replace(/\D/g, '').length;
  return digits >= PHONE_DIGITS.min && digits <= PHONE_DIGITS.max;
}

function withoutEmails(text: string): string {
  return EMAIL_HINT.test(text) ? text.replace(EMAIL, REMOVED_CONTACT) : text;
}

/** The text with e-mail addresses and telephone numbers replaced by `[contact removed]`. */
export function withoutContacts(text: string): string {
  let kept = withoutEmails(text);
  if (PHONE_HINT.test(kept)) {
    kept = kept.replace(PHONE, (match, cue: string | undefined) => {
      if (!isPhone(match)) return match;
      // A label (`Puhelinnumero:`, `Puhelin<TAB>`) stays; a cue inside a sentence (`puh.`) goes.
      return `${cue && /[:\t][ \t]*$/.test(cue) ? cue : ''}${REMOVED_CONTACT}`;
    });
  }
  return kept;
}

const fold = (word: string) =>
  word
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/** A word matched in any case inside a pattern whose name part must keep its capitals. */
const caseless = (word: string) =>
  [...escapeRegExp(word)]
    .map((c) =>
      c.toLowerCase() === c.toUpperCase() ? c : `[${c.toLowerCase()}${c.toUpperCase()}]`,
    )
    .join('');

/** Composes a list of words into one alternation, longest first, on word boundaries, any case. */
function wordsPattern(words: readonly string[]): string {
  const sorted = [...words].sort((a, b) => b.length - a.length).map(caseless);
  return `(?<![${L}])(?:${sorted.join('|')})(?![${L}])`;
}

const GIVEN = new Set(GIVEN_NAMES.map(fold));
const NOT_PERSON = new Set(NOT_PERSON_WORDS.map(fold));

/** A capitalised name word: `Matti`, `Meikäläinen`, `Anne-Marie`, `O'Brien`; not an acronym. */
const NAME_WORD = String.raw`\p{Lu}[\p{Ll}'’][\p{L}'’]*(?:-\p{Lu}?\p{Ll}[\p{L}]*)*`;
/** Joins the words of a name: a space, or an initial or a nobiliary particle between. */
const NAME_JOIN = String.raw`(?:[ ](?:\p{Lu}\.[ ])?(?:(?:von|van|af|de|der|den|la)[ ])?)`;
const TITLE = String.raw`(?:(?:Dr|Prof|Mr|Mrs|Ms|FT|FM|KTM|DI|TkT|PhD)\.?[ ]+)?`;
/** Two to four name words in a row. */
const NAME_RUN = new RegExp(
  `(?<![${L}-])${NAME_WORD}(?:${NAME_JOIN}${NAME_WORD}){1,3}(?![${L}])`,
  'gu',
);
/** A role or label right before a name (`Projektipäällikkö `, `Contact: Dr. `), at the end of a text. */
const CUE_BEFORE = new RegExp(
  `${wordsPattern(PERSON_CUES)}\\.?[ ]*(?:[:\\t,–-][ \\t]*)?${TITLE}$`,
  'u',
);
/** A capitalised role that opens a run of name words (`Projektipäällikkö Matti Meikäläinen`). */
const CUE_OPENING = new RegExp(`^${wordsPattern(PERSON_CUES)}[ ]+`, 'u');
/** How far before a name its role or label is looked for. */
const CUE_REACH = 60;
const NAME_LABEL = new RegExp(
  String.raw`^[ \t]*${wordsPattern(NAME_LABELS)}[ ]*[:\t][ \t]*${TITLE}(${NAME_WORD}(?:${NAME_JOIN}${NAME_WORD}){1,3})[ \t]*$`,
  'u',
);
const CLOSING = new RegExp(`^[ \\t]*${wordsPattern(CLOSINGS)}[ \\t,.!]*$`, 'iu');
/** A part of a contact line that is a name alone: `Anna Svensson` in `Anna Svensson, tfn …`. */
const NAME_ALONE = new RegExp(`^${TITLE}(${NAME_WORD}(?:${NAME_JOIN}${NAME_WORD}){1,3})$`, 'u');
const NAME_WORDS = new RegExp(NAME_WORD, 'gu');

function wordsOf(name: string): string[] {
  return name.match(NAME_WORDS) ?? [];
}

/** The first parts of a name word: `Anna-Liisa` is Anna as well. */
function isGiven(word: string): boolean {
  const folded = fold(word);
  return GIVEN.has(folded) || folded.split('-').some((part) => GIVEN.has(part));
}

/** A run of name words that an organisation word, in it or right after it, makes no person. */
function namesOrganisation(text: string, start: number, run: string): boolean {
  const after = /^[ ]+([\p{L}]+)/u.exec(text.slice(start + run.length))?.[1] ?? '';
  return [...wordsOf(run), after].some((word) => NOT_PERSON.has(fold(word)));
}

/** The people a set of lines names, found by their context; each as written. */
export interface People {
  /** Full names as written (`Honkanen Tiina Anneli`, `Anna-Liisa Virtasen`). */
  names: Set<string>;
  /** Surnames of names that hold a known given name, for a later mention by surname alone. */
  surnames: Set<string>;
}

/**
 * The surnames of a name: the words after its last given name (`Senior Adviser Päivi Rautio`),
 * or, written surname first, the words before its first (`Honkanen Tiina Anneli`).
 */
function surnamesOf(words: string[]): string[] {
  const given = words.map(isGiven);
  const first = given.indexOf(true);
  const last = given.lastIndexOf(true);
  if (first === -1) return [];
  const after = words.slice(last + 1);
  return after.length > 0 ? after : words.slice(0, first);
}

function addPerson(people: People, name: string): void {
  people.names.add(name);
  for (const word of surnamesOf(wordsOf(name))) {
    if (word.length >= 4) people.surnames.add(word);
  }
}

/** The local parts of the e-mail addresses in a text, as name words: `matti.meikalainen` → matti, meikalainen. */
function emailNames(text: string): string[][] {
  const names: string[][] = [];
  for (const match of text.matchAll(EMAIL)) {
    const local = match[0].split(new RegExp(EMAIL_AT, 'iu'))[0] ?? '';
    const words = local
      .split(/[._]/)
      .map(fold)
      .filter((w) => w.length >= 2);
    if (words.length >= 2) names.push(words);
  }
  return names;
}

/** Longer than a contact line (name, title, phone, e-mail); a longer line is prose or data. */
const MAX_CONTACT_LINE = 200;

function hasContact(text: string): boolean {
  return withoutContacts(text) !== text;
}

/** The people named in these lines: by role or label, beside a contact, under a closing, by given name or e-mail. */
export function peopleIn(lines: readonly string[]): People {
  const people: People = { names: new Set(), surnames: new Set() };
  const fromEmails = lines.flatMap(emailNames);
  const contactLines = lines.map(hasContact);
  // Whether the last line with text before this one closes a letter.
  let afterClosing = false;
  lines.forEach((line, i) => {
    const nearContact = contactLines.slice(Math.max(0, i - 3), i + 4).some(Boolean);
    const labelled = nearContact ? NAME_LABEL.exec(line)?.[1] : undefined;
    if (labelled && !namesOrganisation(line, 0, labelled)) addPerson(people, labelled);
    if (contactLines[i] && line.length <= MAX_CONTACT_LINE) {
      const parts = line.split(/[,;\t|<>()]/);
      parts.forEach((part, j) => {
        const name = NAME_ALONE.exec(part.trim())?.[1];
        // The name opens the line, or stands right before its e-mail address (`Name <e-mail>`).
        const next = parts[j + 1] ?? '';
        const placed =
          j === 0 || (withoutEmails(next) !== next && wordsOf(name ?? '').some(isGiven));
        if (name && placed && !namesOrganisation(name, 0, name)) addPerson(people, name);
      });
    }
    if (afterClosing) {
      const name = NAME_ALONE.exec(line.trim())?.[1];
      if (name && !namesOrganisation(name, 0, name)) addPerson(people, name);
    }
    for (const match of line.matchAll(NAME_RUN)) {
      let run = match[0];
      let start = match.index ?? 0;
      const opening = CUE_OPENING.exec(run)?.[0];
      if (opening) {
        run = run.slice(opening.length);
        start += opening.length;
      }
      const words = wordsOf(run);
      if (words.length < 2 || namesOrganisation(line, start, run)) continue;
      const cued =
        opening !== undefined || CUE_BEFORE.test(line.slice(Math.max(0, start - CUE_REACH), start));
      const folded = words.map(fold);
      const email = fromEmails.find((local) => local.every((w) => folded.includes(w)));
      for (const word of words) {
        if (email?.at(-1) === fold(word) && word.length >= 4) people.surnames.add(word);
      }
      const byGiven = words.some(isGiven) && words.some((w) => !isGiven(w));
      if (cued || email !== undefined || byGiven) addPerson(people, run);
    }
    if (line.trim() !== '') afterClosing = CLOSING.test(line);
  });
  return people;
}

/** Replaces the names, and the surnames alone, of these people wherever they are written. */
function withoutPeople(text: string, pattern: RegExp | undefined): string {
  return pattern ? text.replace(pattern, REMOVED_CONTACT) : text;
}

function peoplePattern(people: People): RegExp | undefined {
  const words = [...people.names, ...people.surnames];
  if (words.length === 0) return undefined;
  const sorted = words.sort((a, b) => b.length - a.length).map(escapeRegExp);
  return new RegExp(`(?<![${L}-])(?:${sorted.join('|')})(?![${L}])`, 'gu');
}

/** A redactor for one document: e-mails, telephone numbers and the people its lines name. */
export function contactRedactor(lines: readonly string[]): (text: string) => string {
  const pattern = peoplePattern(peopleIn(lines));
  return (text) => withoutPeople(withoutContacts(text), pattern);
}

/**
 * A document's text with e-mail addresses, telephone numbers and people's names replaced by
 * `[contact removed]`, line by line: line numbers stay as they are, so provenance still points
 * at the right line.
 */
export function withoutPersonalData(text: string): string {
  const lines = text.split('\n');
  const redact = contactRedactor(lines);
  return lines.map(redact).join('\n');
}

function stringsOf(value: unknown, into: string[]): string[] {
  if (typeof value === 'string') into.push(...value.split('\n'));
  else if (Array.isArray(value)) for (const item of value) stringsOf(item, into);
  else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) stringsOf(item, into);
  }
  return into;
}

function redactWith<T>(value: T, redact: (text: string) => string): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((item) => redactWith(item, redact)) as T;
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const key in value) {
      if (Object.hasOwn(value, key)) copy[key] = redactWith(value[key], redact);
    }
    return copy as T;
  }
  return value;
}

/**
 * A copy of the value with contact details and people's names removed from every string in it.
 * The people are those its strings name; `context` (the document's text) adds those the rest of
 * the document names.
 */
export function redactContacts<T>(value: T, context?: string): T {
  const lines = stringsOf(value, context === undefined ? [] : context.split('\n'));
  return redactWith(value, contactRedactor(lines));
}
