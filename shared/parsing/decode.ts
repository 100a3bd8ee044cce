import type { Check, Encoding } from '../schemas/report-record.ts';
import { type DigitNormalisation, normaliseDigits } from './numbers.ts';

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

/** Decoded text and what decoding had to guess, repair or remove to get it. */
export interface ReadText extends DecodedText {
  findings: Check[];
  /** Lines whose digits of another script were replaced with ASCII digits. */
  digitLines: DigitNormalisation['lines'];
}

export type ReadResult =
  | { success: true; data: ReadText }
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

export function decodeWindows1252(bytes: Uint8Array): string {
  return latin1
    .decode(bytes)
    .replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80] ?? c);
}

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return signature.every((byte, i) => bytes[i] === byte);
}

function fail(
  reason: DecodeFailureReason,
  message: string,
): { success: false; error: DecodeFailure } {
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

interface RawText {
  text: string;
  encoding: Encoding;
  findings: Check[];
}

function finding(id: string, severity: Check['severity'], message: string): Check {
  return { id, severity, message, fields: [] };
}

/** `1, 4, 9` or `1, 4, 9 and 12 more`: the first few of a list of line numbers. */
export function linesList(numbers: readonly number[], shown = 5): string {
  const head = numbers.slice(0, shown).join(', ');
  return numbers.length > shown ? `${head} and ${numbers.length - shown} more` : head;
}

function isAscii(bytes: Uint8Array): boolean {
  for (const byte of bytes) if (byte > 0x7f) return false;
  return true;
}

/**
 * Bytes that are not UTF-8 as a whole, decoded line by line: lines that are valid UTF-8 stay
 * UTF-8, the others are read as Windows-1252. A file with no UTF-8 line at all is Windows-1252.
 */
function decodeLegacy(bytes: Uint8Array): RawText {
  const parts: string[] = [];
  const legacyLines: number[] = [];
  let utf8Lines = 0;
  let start = 0;
  for (let no = 1; start <= bytes.length; no++) {
    const newline = bytes.indexOf(0x0a, start);
    const end = newline < 0 ? bytes.length : newline;
    const line = bytes.subarray(start, end);
    let text: string | undefined;
    if (!isAscii(line)) {
      try {
        text = fatalUtf8.decode(line);
        utf8Lines++;
      } catch {
        legacyLines.push(no);
      }
    }
    parts.push(text ?? decodeWindows1252(line));
    start = end + 1;
  }
  const text = parts.join('\n');
  if (utf8Lines === 0) {
    return {
      text,
      encoding: 'windows-1252',
      findings: [
        finding(
          'encoding-fallback',
          'info',
          `Document is not valid UTF-8 (first at line ${legacyLines[0] ?? 1}); it was read as Windows-1252.`,
        ),
      ],
    };
  }
  return {
    text,
    encoding: legacyLines.length > utf8Lines ? 'windows-1252' : 'utf-8',
    findings: [
      finding(
        'mixed-encoding',
        'warning',
        `Document mixes encodings: ${utf8Lines} line(s) are UTF-8 but line(s) ${linesList(legacyLines)} are not; those were read as Windows-1252. Check their text and figures.`,
      ),
    ],
  };
}

function decodeBytes(bytes: Uint8Array): RawText | undefined {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    try {
      return { text: fatalUtf8.decode(bytes.subarray(3)), encoding: 'utf-8', findings: [] };
    } catch {
      return undefined;
    }
  }
  if (startsWith(bytes, [0xff, 0xfe])) {
    return { text: utf16le.decode(bytes.subarray(2)), encoding: 'utf-16le', findings: [] };
  }
  if (startsWith(bytes, [0xfe, 0xff])) {
    return { text: utf16be.decode(bytes.subarray(2)), encoding: 'utf-16be', findings: [] };
  }
  const utf16 = sniffUtf16(bytes);
  if (utf16) {
    const guessed = finding(
      'encoding-fallback',
      'info',
      `Document has no byte-order mark and is not UTF-8; it was read as ${utf16 === 'utf-16le' ? 'UTF-16 LE' : 'UTF-16 BE'}, guessed from where its zero bytes fall.`,
    );
    const decoder = utf16 === 'utf-16le' ? utf16le : utf16be;
    return { text: decoder.decode(bytes), encoding: utf16, findings: [guessed] };
  }
  try {
    return { text: fatalUtf8.decode(bytes), encoding: 'utf-8', findings: [] };
  } catch {
    return decodeLegacy(bytes);
  }
}

/** Controls, replacement characters, and the ranges where digits of other scripts live. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: detecting control characters is the point
const UNUSUAL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f\u0370-\u1fff\u2c00-\uffff]/;
/** Anything `UNUSUAL` or `NEEDS_NORMALISING` finds, so that plain text is scanned only once. */
const SPECIAL =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: detecting control characters is the point
  /[\u0000-\u0008\u000b-\u001f\u007f\u00a0\u00ad\u0370-\u1fff\u2007\u2009-\u200d\u2010\u2011\u202f\u2060\u2c00-\uffff]/;
const NEEDS_NORMALISING =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: detecting control characters is the point
  /[\r\u00a0\u00ad\u202f\u2007\u2009\u200a\u200b-\u200d\u2010\u2011\u2060\ufb00-\ufb06\ufeff\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Characters that cannot appear in a text document, and the lines they stand on. */
interface Suspects {
  /** Share of controls (other than tab, line ends and form feed) and replacement characters. */
  share: number;
  controls: Map<number, number[]>;
  replacements: number[];
  replacementCount: number;
}

function isReportedControl(c: number): boolean {
  return (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || c === 0x7f;
}

function suspectsIn(text: string): Suspects {
  let binary = 0;
  let line = 1;
  const controls = new Map<number, number[]>();
  const replacements: number[] = [];
  let replacementCount = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) {
      line++;
    } else if (isReportedControl(c)) {
      if (c !== 0x7f) binary++;
      const lines = controls.get(c) ?? [];
      if (lines.at(-1) !== line) lines.push(line);
      controls.set(c, lines);
    } else if (c === 0xfffd) {
      binary++;
      replacementCount++;
      if (replacements.at(-1) !== line) replacements.push(line);
    }
  }
  return { share: binary / text.length, controls, replacements, replacementCount };
}

function codePoint(c: number): string {
  return `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
}

function suspectFindings(suspects: Suspects): Check[] {
  const findings: Check[] = [];
  if (suspects.controls.size > 0) {
    const lines = [...new Set([...suspects.controls.values()].flat())].sort((a, b) => a - b);
    const codes = [...suspects.controls.keys()].sort((a, b) => a - b).map(codePoint);
    findings.push(
      finding(
        'control-characters',
        'warning',
        `Removed control characters (${codes.join(', ')}) from ${lines.length === 1 ? 'line' : 'lines'} ${linesList(lines)}; check that no figure on those lines ran together.`,
      ),
    );
  }
  if (suspects.replacementCount > 0) {
    findings.push(
      finding(
        'replacement-characters',
        'warning',
        `Text contains ${suspects.replacementCount} replacement character(s) (\ufffd) on line(s) ${linesList(suspects.replacements)}: characters were lost when the file was converted before upload.`,
      ),
    );
  }
  return findings;
}

/** Windows-1252 byte of a character, for undoing a UTF-8 text read as Windows-1252. */
function windows1252Byte(c: string): number | undefined {
  const code = c.charCodeAt(0);
  if (code >= 0xa0 && code <= 0xff) return code;
  if (code >= 0x80 && code <= 0x9f) return code;
  const high = CP1252_HIGH.indexOf(c);
  return high < 0 ? undefined : 0x80 + high;
}

const MOJIBAKE =
  /[ÃÂ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]|â€.|â‚¬/gu;

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** UTF-8 text that was read as Windows-1252 and saved again as UTF-8 (`Ã¤` for `ä`). */
function mojibakeFinding(text: string): Check | undefined {
  if (!text.includes('Ã') && !text.includes('Â') && !text.includes('â€') && !text.includes('â‚'))
    return undefined;
  const matches = [...text.matchAll(MOJIBAKE)];
  const first = matches[0];
  if (!first) return undefined;
  const bytes = [...first[0]].map(windows1252Byte);
  let meant = '';
  if (bytes.every((b) => b !== undefined)) {
    try {
      meant = ` for '${fatalUtf8.decode(Uint8Array.from(bytes))}'`;
    } catch {
      meant = '';
    }
  }
  return finding(
    'mixed-encoding',
    'warning',
    `Text looks double-encoded (UTF-8 read as Windows-1252 and saved again): '${first[0]}'${meant} on line ${lineAt(text, first.index)}, ${matches.length} place(s) in all. Labels and names written this way are not recognised; export the document again as UTF-8.`,
  );
}

/** The letters of the Latin ligatures a PDF's text layer holds (`ﬁ` in `ﬁnansiering`). */
const LIGATURES: Record<string, string> = {
  '\ufb00': 'ff',
  '\ufb01': 'fi',
  '\ufb02': 'fl',
  '\ufb03': 'ffi',
  '\ufb04': 'ffl',
  '\ufb05': 'st',
  '\ufb06': 'st',
};

/**
 * Normalises line ends to `\n`, no-break and narrow no-break spaces to plain spaces, hyphens
 * and no-break hyphens to `-`, ligatures to their letters, and drops stray control characters,
 * soft hyphens and zero-width marks; a form feed is kept where it starts a line, as the page
 * break of a printed document.
 */
export function normaliseText(text: string): string {
  if (!NEEDS_NORMALISING.test(text)) return text;
  return (
    text
      .replace(/\r\n?/g, '\n')
      .replace(/[\u00a0\u202f\u2007\u2009\u200a]/g, ' ')
      .replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, '')
      .replace(/[\u2010\u2011]/g, '-')
      .replace(/[\ufb00-\ufb06]/g, (c) => LIGATURES[c] ?? c)
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
      .replace(/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/g, '')
      // A form feed that starts a line marks a page break of a printed document; keep it.
      .replace(/(?<!^|\n)\f/g, '')
  );
}

export function tooLargeMessage(size: number, maxBytes: number): string {
  return `Document is ${size} bytes; the limit is ${maxBytes} bytes (${(maxBytes / 1048576).toFixed(1)} MB).`;
}

/**
 * Turns uploaded bytes into normalised text, or says precisely why it cannot; also reports what
 * it had to guess (the encoding), repair (mixed encodings) or remove (control characters).
 */
export function readDocument(bytes: Uint8Array, maxBytes = DEFAULT_MAX_BYTES): ReadResult {
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
  const special = SPECIAL.test(decoded.text);
  const unusual = special && UNUSUAL.test(decoded.text);
  const suspects = unusual ? suspectsIn(decoded.text) : undefined;
  if (suspects && suspects.share > 0.05) {
    return fail(
      'binary',
      `Document looks binary: ${(suspects.share * 100).toFixed(0)} % of its characters are control characters.`,
    );
  }
  const normalised = special ? normaliseText(decoded.text) : decoded.text;
  if (normalised.trim().length === 0) {
    return fail('empty', 'Document contains no text.');
  }
  const { text, lines: digitLines } = unusual
    ? normaliseDigits(normalised)
    : { text: normalised, lines: [] };
  const mojibake = mojibakeFinding(decoded.text);
  const findings = [
    ...decoded.findings,
    ...(mojibake ? [mojibake] : []),
    ...(suspects ? suspectFindings(suspects) : []),
  ];
  return { success: true, data: { text, encoding: decoded.encoding, findings, digitLines } };
}

/** Turns uploaded bytes into normalised text, or says precisely why it cannot. */
export function decodeDocument(bytes: Uint8Array, maxBytes = DEFAULT_MAX_BYTES): DecodeResult {
  const read = readDocument(bytes, maxBytes);
  if (!read.success) return read;
  const { text, encoding } = read.data;
  return { success: true, data: { text, encoding } };
}
