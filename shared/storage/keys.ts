import { createHash } from 'node:crypto';

/** Separates the parts of a composite key (`PROJECT#<id>`, `<fund>#<period>#<region>#<id>`). */
export const KEY_SEPARATOR = '#';

/**
 * Longest key part kept whole, in UTF-8 bytes (escaped). The longest composite sort key has four
 * document values: 4 × 200 bytes and three separators stay within DynamoDB's 1,024-byte limit.
 */
export const MAX_KEY_PART_BYTES = 200;

/**
 * Longest part of a partition key that has one value only (an object's `<bucket>/<key>`):
 * DynamoDB allows 2,048 bytes, so a 1,024-byte S3 key without `#` or `%` stays readable.
 */
export const MAX_PARTITION_PART_BYTES = 1_536;

/**
 * Digits of numbered sort keys (`AWARD#0000000042`). An index is a JavaScript array index, below
 * 2^32 − 1 = 4,294,967,295, so ten digits order every index a record can have, whatever the
 * document size limit is set to; seven would stop at 9,999,999, for three bytes less per key.
 */
export const INDEX_DIGITS = 10;

/** Stands for a part with no value: escaping never produces a `%` without two hex digits after. */
export const ABSENT_PART = '%-';

const HASH_MARK = '%~';

/**
 * One part of a composite key from a value that may hold anything. `%` and `#` are escaped as
 * `%25` and `%23`, so a value never splits its key nor runs into the next part, and the escaped
 * part followed by `#` is a prefix of the keys holding exactly that value. A part over
 * `maxBytes` keeps its start and ends in `%~` and a hash of the whole value.
 */
export function keyPart(value: string, maxBytes = MAX_KEY_PART_BYTES): string {
  const escaped = value.replace(/[%#]/g, (c) => (c === '%' ? '%25' : '%23'));
  if (Buffer.byteLength(escaped) <= maxBytes) return escaped;
  const hash = createHash('sha256').update(value).digest('hex').slice(0, 32);
  const room = maxBytes - HASH_MARK.length - hash.length;
  let head = '';
  let bytes = 0;
  for (const token of escaped.match(/%[0-9A-F]{2}|[\s\S]/gu) ?? []) {
    const size = Buffer.byteLength(token);
    if (bytes + size > room) break;
    head += token;
    bytes += size;
  }
  return `${head}${HASH_MARK}${hash}`;
}

/** The value of a part `keyPart` escaped; a shortened part gives back its start only. */
export function valueOfKeyPart(part: string): string {
  const whole = part.split(HASH_MARK)[0] ?? '';
  return whole.replace(/%2[35]/g, (e) => (e === '%25' ? '%' : '#'));
}

/** A composite key of values, each a `keyPart`; an absent value is `ABSENT_PART`. */
export function compositeKey(...values: Array<string | undefined>): string {
  return values.map((v) => (v === undefined ? ABSENT_PART : keyPart(v))).join(KEY_SEPARATOR);
}

/** Parts of a composite key, unescaped: `splitKey(compositeKey('A', 'x#y'))` is `['A', 'x#y']`. */
export function splitKey(key: string): Array<string | undefined> {
  return key.split(KEY_SEPARATOR).map((p) => (p === ABSENT_PART ? undefined : valueOfKeyPart(p)));
}

/** The sort-key form of an array index: zero-padded to `INDEX_DIGITS`, so text order is number order. */
export function indexPart(index: number): string {
  return String(index).padStart(INDEX_DIGITS, '0');
}
