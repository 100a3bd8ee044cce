import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_BYTES,
  decodeDocument,
  normaliseText,
} from '../../../shared/parsing/decode.ts';

const SAMPLE = 'Hankkeen nimi: Digitaalinen kunta\nKokonaisbudjetti: 1 532 910,00 €\nÄÖÅ äöå';

function utf16be(text: string): Buffer {
  return Buffer.from(text, 'utf16le').swap16();
}

/** Deterministic pseudo-random bytes, so the noise case never turns into text by chance. */
function noise(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  return bytes;
}

describe('decodeDocument', () => {
  it.each([
    ['UTF-8 without BOM', Buffer.from(SAMPLE, 'utf8'), 'utf-8'],
    [
      'UTF-8 with BOM',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SAMPLE, 'utf8')]),
      'utf-8',
    ],
    [
      'UTF-16 LE with BOM',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SAMPLE, 'utf16le')]),
      'utf-16le',
    ],
    ['UTF-16 BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(SAMPLE)]), 'utf-16be'],
    ['UTF-16 LE without BOM', Buffer.from(SAMPLE, 'utf16le'), 'utf-16le'],
    ['UTF-16 BE without BOM', utf16be(SAMPLE), 'utf-16be'],
  ])('decodes %s', (_name, bytes, encoding) => {
    expect(decodeDocument(bytes)).toEqual({ success: true, data: { text: SAMPLE, encoding } });
  });

  it('falls back to Windows-1252 when Latin-1 bytes such as 0xE4 are not UTF-8', () => {
    const bytes = Buffer.from([
      0x48, 0x79, 0x76, 0xe4, 0xe4, 0x20, 0x70, 0xe4, 0x69, 0x76, 0xe4, 0xe4,
    ]);

    const result = decodeDocument(bytes);

    expect(result).toEqual({
      success: true,
      data: { text: 'Hyvää päivää', encoding: 'windows-1252' },
    });
  });

  it.each([
    ['0x80', '€', 0x80],
    ['0x96', '–', 0x96],
    ['0x92', '’', 0x92],
    ['0x93', '“', 0x93],
    ['0x94', '”', 0x94],
  ])('decodes the Windows-1252 byte %s as %s', (_hex, char, byte) => {
    const bytes = Buffer.from([0x31, 0x30, 0x30, 0x20, byte, 0x20, 0xe4]);

    const result = decodeDocument(bytes);

    expect(result).toEqual({
      success: true,
      data: { text: `100 ${char} ä`, encoding: 'windows-1252' },
    });
  });

  it('decodes Latin-1 text as Windows-1252', () => {
    const result = decodeDocument(Buffer.from('Åbo Akademi, Vasa - Österbotten', 'latin1'));

    expect(result).toEqual({
      success: true,
      data: { text: 'Åbo Akademi, Vasa - Österbotten', encoding: 'windows-1252' },
    });
  });

  it.each([
    ['CRLF', 'one\r\ntwo\r\n', 'one\ntwo\n'],
    ['lone CR', 'one\rtwo\r', 'one\ntwo\n'],
    ['no-break space', 'Summa\u00a01\u00a0000\u00a0€', 'Summa 1 000 €'],
    ['narrow no-break space', '1\u202f000\u202f€', '1 000 €'],
  ])('normalises %s in the decoded text', (_name, input, expected) => {
    const result = decodeDocument(Buffer.from(input, 'utf8'));

    expect(result).toEqual({ success: true, data: { text: expected, encoding: 'utf-8' } });
  });

  it('refuses a document over the default 10 MB limit and names both sizes', () => {
    const bytes = new Uint8Array(DEFAULT_MAX_BYTES + 1).fill(0x61);

    const result = decodeDocument(bytes);

    expect(DEFAULT_MAX_BYTES).toBe(10 * 1024 * 1024);
    expect(result).toEqual({
      success: false,
      error: {
        reason: 'too-large',
        message: expect.stringMatching(/\b10485761 bytes\b.*\b10485760 bytes\b.*10\.0 MB/),
      },
    });
  });

  it('refuses a document over a custom limit and names both sizes', () => {
    const bytes = Buffer.from('twelve bytes', 'utf8');

    const result = decodeDocument(bytes, 11);

    expect(result).toEqual({
      success: false,
      error: { reason: 'too-large', message: expect.stringMatching(/\b12 bytes\b.*\b11 bytes\b/) },
    });
  });

  it('accepts a document exactly at the limit', () => {
    const result = decodeDocument(Buffer.from('twelve bytes', 'utf8'), 12);

    expect(result).toEqual({ success: true, data: { text: 'twelve bytes', encoding: 'utf-8' } });
  });

  it.each([
    ['no bytes', new Uint8Array(0)],
    ['whitespace only', Buffer.from(' \r\n\t \n  ', 'utf8')],
    ['no-break spaces only', Buffer.from('\u00a0\u202f\n', 'utf8')],
    ['a UTF-8 BOM only', Buffer.from([0xef, 0xbb, 0xbf])],
    [
      'a UTF-16 BOM and spaces',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('  ', 'utf16le')]),
    ],
  ])('reports %s as empty', (_name, bytes) => {
    const result = decodeDocument(bytes);

    expect(result).toEqual({
      success: false,
      error: { reason: 'empty', message: 'Document contains no text.' },
    });
  });

  it.each([
    ['PNG image', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])],
    ['PDF', Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n', 'latin1')],
    ['ZIP archive', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00])],
    ['JPEG image', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10])],
    ['GIF image', Buffer.from('GIF89a', 'latin1')],
    ['gzip archive', Buffer.from([0x1f, 0x8b, 0x08, 0x00])],
    ['legacy Office document', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])],
  ])('refuses a %s as an unsupported format', (format, bytes) => {
    const result = decodeDocument(bytes);

    expect(result).toEqual({
      success: false,
      error: { reason: 'unsupported-format', message: expect.stringContaining(format) },
    });
  });

  it.each([[1], [42], [20240601]])('refuses random noise (seed %i) as binary', (seed) => {
    const bytes = noise(4096, seed);
    bytes[0] = 0x41;

    const result = decodeDocument(bytes);

    expect(result).toEqual({
      success: false,
      error: { reason: 'binary', message: expect.stringMatching(/^Document looks binary: \d+ % /) },
    });
  });

  it('refuses a UTF-8 BOM followed by bytes that are not UTF-8', () => {
    const bytes = Buffer.from([0xef, 0xbb, 0xbf, 0x48, 0xe4, 0x21]);

    const result = decodeDocument(bytes);

    expect(result).toEqual({
      success: false,
      error: {
        reason: 'invalid-encoding',
        message: 'Document starts with a UTF-8 BOM but is not valid UTF-8.',
      },
    });
  });
});

const textChar = fc.constantFrom(
  ...'abcxyzABCXYZ0189 äöåÄÖÅ€.,:;-–()%/\n\t',
  '\u00a0',
  '\u202f',
  '\r\n',
);
const documentText = fc
  .string({ unit: textChar, minLength: 1, maxLength: 400 })
  .filter((s) => normaliseText(s).trim().length > 0);

describe('decodeDocument properties', () => {
  it.each([
    ['UTF-8', (s: string) => Buffer.from(s, 'utf8'), 'utf-8'],
    [
      'UTF-8 with BOM',
      (s: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(s, 'utf8')]),
      'utf-8',
    ],
    [
      'UTF-16 LE with BOM',
      (s: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]),
      'utf-16le',
    ],
    [
      'UTF-16 BE with BOM',
      (s: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(s)]),
      'utf-16be',
    ],
  ])('returns the normalised text of any %s document', (_name, encode, encoding) => {
    fc.assert(
      fc.property(documentText, (text) => {
        const result = decodeDocument(encode(text));

        expect(result).toEqual({
          success: true,
          data: { text: normaliseText(text), encoding },
        });
      }),
    );
  });
});

describe('normaliseText', () => {
  it.each([
    ['CRLF', 'a\r\nb\r\nc', 'a\nb\nc'],
    ['lone CR', 'a\rb\rc', 'a\nb\nc'],
    ['CR CR LF', 'a\r\r\nb', 'a\n\nb'],
    ['no-break space', 'a\u00a0b', 'a b'],
    ['narrow no-break space', 'a\u202fb', 'a b'],
    ['figure and thin spaces', 'a\u2007b\u2009c\u200ad', 'a b c d'],
    ['zero-width marks and BOM', '\ufeffa\u200bb\u200cc\u200dd\u2060e', 'abcde'],
    ['control characters', 'a\u0000b\u0007c\u000bd\u000ce\u001bf\u007fg', 'abcdefg'],
    ['soft hyphens', 'kehittämis\u00adhanke', 'kehittämishanke'],
    ['hyphens and no-break hyphens', 'EU\u2011 och\u2010stat', 'EU- och-stat'],
    [
      'ligatures of a PDF',
      'o\ufb03ciella \ufb01nansiering, E\ufb00ective \ufb02ow',
      'officiella finansiering, Effective flow',
    ],
    ['tabs and line feeds', 'a\tb\nc', 'a\tb\nc'],
    ['plain text', 'Hyvää päivää, 1 000 €', 'Hyvää päivää, 1 000 €'],
  ])('normalises %s', (_name, input, expected) => {
    expect(normaliseText(input)).toBe(expected);
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const once = normaliseText(text);

        expect(normaliseText(once)).toBe(once);
      }),
    );
  });
});
