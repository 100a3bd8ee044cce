/**
 * Contact details a report may carry next to a figure or a name: e-mail addresses (also written
 * `name(at)domain.fi` or `name [at] domain.fi`) and telephone numbers. Extraction reads labels
 * and figures, not contact people, but a labelled line can hold both ("Hakija: Yhdistys ry,
 * puh. 040 123 4567"); the record keeps the line as its provenance, so the details are removed
 * from every text in the record before it is stored or shown.
 */
const EMAIL =
  /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+(?:@|\s?\((?:at|a)\)\s?|\s?\[at\]\s?)[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/giu;
/** A number after a telephone cue, or any number in international form (`+358 40 …`). */
const PHONE =
  /(?:(?<!\w)(?:puh(?:elin)?|p|tel(?:efon)?|tfn|phone|gsm|mob(?:ile)?|matkapuhelin|mobil)\.?:?\s*(?:\+\d{1,3}\s?)?\(?\d{2,4}\)?(?:[\s-]?\d{2,4}){1,4}|\+\d{2,3}[\s-]?\(?\d{1,4}\)?(?:[\s-]?\d{2,4}){2,4})\b/giu;
/** Cheap tests that tell most texts hold neither, so the full patterns rarely run. */
const EMAIL_HINT = /@|\((?:at|a)\)|\[at\]/i;
const PHONE_HINT = /\+\d|\b(?:puh|p|tel|telefon|tfn|phone|gsm|mob|mobile|matkapuhelin|mobil)\b/i;
/** Either hint, so that a text with neither is scanned once. */
const CONTACT_HINT = new RegExp(`${EMAIL_HINT.source}|${PHONE_HINT.source}`, 'i');
/** The shortest text a pattern can find: a cue and two pairs of digits (`p1234`). */
const MIN_CONTACT = 5;

export const REMOVED_CONTACT = '[contact removed]';

/** The text with e-mail addresses and telephone numbers replaced by `[contact removed]`. */
export function withoutContacts(text: string): string {
  if (text.length < MIN_CONTACT || !CONTACT_HINT.test(text)) return text;
  let kept = text;
  if (EMAIL_HINT.test(kept)) kept = kept.replace(EMAIL, REMOVED_CONTACT);
  if (PHONE_HINT.test(kept)) kept = kept.replace(PHONE, REMOVED_CONTACT);
  return kept;
}

/** A copy of the value with contact details removed from every string in it. */
export function redactContacts<T>(value: T): T {
  if (typeof value === 'string') return withoutContacts(value) as T;
  if (Array.isArray(value)) return value.map((item) => redactContacts(item)) as T;
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const key in value) {
      if (Object.hasOwn(value, key)) copy[key] = redactContacts(value[key]);
    }
    return copy as T;
  }
  return value;
}
