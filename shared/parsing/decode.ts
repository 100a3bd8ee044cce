import type { Encoding } from '../schemas/report-record.ts';

export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

export type DecodeFailureReason =
  | 'empty'
  | 'too-large'
  | 'binary'
  | 'unsupported-format'
  | 'invalid-encoding';

export interface DecodeFailure {
  reason: DecodeFailureReason;
  message: string;
}

export interface DecodedText {
  text: string;
  encoding: Encoding;
}

export type DecodeResult =
  | { success: true; data: DecodedText }
  | { success: false; error: DecodeFailure };

const SIGNATURES: ReadonlyArray<{ bytes: number[]; format: string }> = [
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], format: 'PDF' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], format: 'PNG image' },
  { bytes: [0xff, 0xd8, 0xff], format: 'JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], format: 'GIF image' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], format: 'ZIP archive (DOCX/XLSX are ZIP too)' },
  { bytes: [0x1f, 0x8b], format: 'gzip archive' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], format: 'legacy Office document' },
];

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf16le = new TextDecoder('utf-16le', { ignoreBOM: true });
const utf16be = new TextDecoder('utf-16be', { ignoreBOM: true });
const latin1 = new TextDecoder('latin1');

/** Windows-1252 characters of bytes 0x80–0x9F; Node's decoder treats them as Latin-1 controls. */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function decodeWindows1252(bytes: Uint8Array): string {
  return latin1
    .decode(bytes)
    .replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80] ?? c);
}

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return signature.every((byte, i) => bytes[i] === byte);
}

function fail(reason: DecodeFailureReason, message: string): DecodeResult {
  return { success: false, error: { reason, message } };
}

/** Byte order of BOM-less UTF-16, guessed from where the zero bytes of ASCII characters fall. */
function sniffUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const sample = Math.min(bytes.length - (bytes.length % 2), 4096);
  if (sample < 4) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < sample; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = sample / 2;
  if (oddZeros > pairs * 0.4 && evenZeros < pairs * 0.05) return 'utf-16le';
  if (evenZeros > pairs * 0.4 && oddZeros < pairs * 0.05) return 'utf-16be';
  return undefined;
}

function decodeBytes(bytes: Uint8Array): DecodedText | undefined {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    try {
      return { text: fatalUtf8.decode(bytes.subarray(3)), encoding: 'utf-8' };
    } catch {
      return undefined;
    }
  }
  if (startsWith(bytes, [0xff, 0xfe])) {
    return { text: utf16le.decode(bytes.subarray(2)), encoding: 'utf-16le' };
  }
  if (startsWith(bytes, [0xfe, 0xff])) {
    return { text: utf16be.decode(bytes.subarray(2)), encoding: 'utf-16be' };
  }
  const utf16 = sniffUtf16(bytes);
  if (utf16 === 'utf-16le') return { text: utf16le.decode(bytes), encoding: utf16 };
  if (utf16 === 'utf-16be') return { text: utf16be.decode(bytes), encoding: utf16 };
  try {
    return { text: fatalUtf8.decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
  }
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: detecting control characters is the point
const SUSPECT = /[\u0000-\u0008\u000b\u000e-\u001f\ufffd]/;
const NEEDS_NORMALISING =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: detecting control characters is the point
  /[\r\u00a0\u202f\u2007\u2009\u200a\u200b-\u200d\u2060\ufeff\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Share of characters that cannot appear in a text document (controls other than tab/newline). */
function controlShare(text: string): number {
  if (!SUSPECT.test(text)) return 0;
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || c === 0xfffd) {
      controls++;
    }
  }
  return text.length === 0 ? 0 : controls / text.length;
}

/**
 * Normalises line ends to `\n`, no-break and narrow no-break spaces to plain spaces, and
 * drops stray control characters and zero-width marks.
 */
export function normaliseText(text: string): string {
  if (!NEEDS_NORMALISING.test(text)) return text;
  return (
    text
      .replace(/\r\n?/g, '\n')
      .replace(/[\u00a0\u202f\u2007\u2009\u200a]/g, ' ')
      .replace(/[\u200b-\u200d\u2060\ufeff]/g, '')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
  );
}

export function tooLargeMessage(size: number, maxBytes: number): string {
  return `Document is ${size} bytes; the limit is ${maxBytes} bytes (${(maxBytes / 1048576).toFixed(1)} MB).`;
}

/** Turns uploaded bytes into normalised text, or says precisely why it cannot. */
export function decodeDocument(bytes: Uint8Array, maxBytes = DEFAULT_MAX_BYTES): DecodeResult {
  if (bytes.length > maxBytes) {
    return fail('too-large', tooLargeMessage(bytes.length, maxBytes));
  }
  for (const { bytes: signature, format } of SIGNATURES) {
    if (startsWith(bytes, signature)) {
      return fail(
        'unsupported-format',
        `Document is a ${format}, not text; only plain-text reports are extracted.`,
      );
    }
  }
  const decoded = decodeBytes(bytes);
  if (decoded === undefined) {
    return fail('invalid-encoding', 'Document starts with a UTF-8 BOM but is not valid UTF-8.');
  }
  const share = controlShare(decoded.text);
  if (share > 0.05) {
    return fail(
      'binary',
      `Document looks binary: ${(share * 100).toFixed(0)} % of its characters are control characters.`,
    );
  }
  const text = normaliseText(decoded.text);
  if (text.trim().length === 0) {
    return fail('empty', 'Document contains no text.');
  }
  return { success: true, data: { text, encoding: decoded.encoding } };
}
