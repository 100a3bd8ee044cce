import { describe, expect, it } from 'vitest';
import {
  keyOfObjectPath,
  MAX_PATH_SEGMENT_BYTES,
  objectPathOf,
} from '../../../shared/storage/local-object-paths.ts';

const KEYS = [
  'incoming/raportti.pdf',
  'incoming/../../../../etc/passwd',
  '../top.txt',
  'incoming/./a/./b.txt',
  'incoming/a//b.txt',
  'incoming/',
  'incoming/..',
  'incoming/.',
  'a&/b&+/c&&/&+&',
  'x/%2e%2e/y #?%+.txt',
  `incoming/${'Hankkeen loppuraportti ja liitteet '.repeat(20)}ääkköset 😀.pdf`,
  `incoming/${'ä'.repeat(450)}/${'&'.repeat(300)}`,
  '',
];

describe('objectPathOf', () => {
  it('gives a path with no dot, empty or over-long segment, and the key back', () => {
    for (const key of KEYS) {
      const path = objectPathOf(key);
      const folders = path.split('/').slice(0, -1);
      const last = path.split('/').at(-1) ?? '';

      expect(keyOfObjectPath(path), key).toBe(key);
      for (const folder of folders) {
        expect(['', '.', '..'], `${key}: ${path}`).not.toContain(folder);
        expect(Buffer.byteLength(folder)).toBeLessThanOrEqual(MAX_PATH_SEGMENT_BYTES + 2);
      }
      expect(['.', '..']).not.toContain(last);
      expect(Buffer.byteLength(last)).toBeLessThanOrEqual(MAX_PATH_SEGMENT_BYTES + 2);
    }
  });

  it('keeps plain keys as they were, so objects stored before are found', () => {
    expect(objectPathOf('incoming/2024/Östersund – loppuraportti (v2) #1.pdf')).toBe(
      'incoming/2024/Östersund – loppuraportti (v2) #1.pdf',
    );
    expect(objectPathOf('final-reports/')).toBe('final-reports/');
  });

  it('gives distinct keys distinct paths', () => {
    const paths = KEYS.map(objectPathOf);

    expect(new Set(paths).size).toBe(KEYS.length);
    expect(objectPathOf('a/./b')).not.toBe(objectPathOf('a/b'));
    expect(objectPathOf('a//b')).not.toBe(objectPathOf('a/b'));
  });

  it('maps a prefix of whole segments to a prefix of the path, as listings need', () => {
    const key = `incoming/../${'ä'.repeat(300)}/x.txt`;

    for (const prefix of ['incoming/', 'incoming/../', `incoming/../${'ä'.repeat(120)}`]) {
      expect(objectPathOf(key).startsWith(objectPathOf(prefix)), prefix).toBe(true);
    }
  });
});
