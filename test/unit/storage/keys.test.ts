import { describe, expect, it } from 'vitest';
import {
  compositeKey,
  indexPart,
  KEY_SEPARATOR,
  keyPart,
  MAX_KEY_PART_BYTES,
  splitKey,
  valueOfKeyPart,
} from '../../../shared/storage/keys.ts';

const HOSTILE = ['Etelä-Savo#2', 'A#B#C', '100%', '%23', '#', '%', '', 'a%25#b', 'Åland 😀'];

describe('keyPart', () => {
  it('escapes the separator and the escape character, and nothing else', () => {
    expect(keyPart('Etelä-Savo#2')).toBe('Etelä-Savo%232');
    expect(keyPart('A#B#C')).toBe('A%23B%23C');
    expect(keyPart('100% %23')).toBe('100%25 %2523');
    expect(keyPart('Keski-Suomi')).toBe('Keski-Suomi');
  });

  it('never leaves a separator in a part, and gives every value back', () => {
    for (const value of HOSTILE) {
      expect(keyPart(value)).not.toContain(KEY_SEPARATOR);
      expect(valueOfKeyPart(keyPart(value))).toBe(value);
    }
    expect(new Set(HOSTILE.map((v) => keyPart(v))).size).toBe(HOSTILE.length);
  });

  it('makes a part and its separator a prefix of the keys holding exactly that value', () => {
    const values = ['A', 'A#B', 'A#B#C', 'A%', 'A%23B', 'Etelä-Savo', 'Etelä-Savo#2'];
    const keys = values.map((region) => compositeKey('ERDF', '2021-2027', region, 'P1'));

    for (const region of values) {
      const prefix = `${compositeKey('ERDF', '2021-2027', region)}${KEY_SEPARATOR}`;
      expect(keys.filter((k) => k.startsWith(prefix))).toEqual([
        compositeKey('ERDF', '2021-2027', region, 'P1'),
      ]);
    }
  });

  it('cuts a value too long for a key to its start and a hash, still one distinct part', () => {
    const long = `${'Pohjois-Pohjanmaan liitto # '.repeat(40)}a`;
    const other = `${'Pohjois-Pohjanmaan liitto # '.repeat(40)}b`;

    const part = keyPart(long);

    expect(Buffer.byteLength(part)).toBeLessThanOrEqual(MAX_KEY_PART_BYTES);
    expect(part).toMatch(/^Pohjois-Pohjanmaan liitto %23 .*%~[0-9a-f]{32}$/);
    expect(part).not.toContain(KEY_SEPARATOR);
    expect(keyPart(other)).not.toBe(part);
    expect(keyPart(long)).toBe(part);
    expect(Buffer.byteLength(keyPart('ä'.repeat(600)))).toBeLessThanOrEqual(MAX_KEY_PART_BYTES);
    expect(Buffer.byteLength(keyPart('#'.repeat(600), 1536))).toBeLessThanOrEqual(1536);
  });
});

describe('compositeKey and splitKey', () => {
  it('join escaped parts that split back into the values, an absent one included', () => {
    const key = compositeKey('ERDF', undefined, 'A#B#C', 'EU#1%');

    expect(key).toBe('ERDF#%-#A%23B%23C#EU%231%25');
    expect(splitKey(key)).toEqual(['ERDF', undefined, 'A#B#C', 'EU#1%']);
  });
});

describe('indexPart', () => {
  it('orders numbers as text past 9,999 and 999,999, up to the largest array index', () => {
    const numbers = [0, 1, 9_999, 10_000, 999_999, 1_000_000, 9_999_999, 10_000_000, 2 ** 32 - 2];

    const sorted = numbers.map(indexPart).sort();

    expect(sorted).toEqual(numbers.map(indexPart));
    expect(new Set(sorted.map((s) => s.length))).toEqual(new Set([10]));
    expect(indexPart(10_000)).toBe('0000010000');
  });
});
