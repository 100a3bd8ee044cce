import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Severity } from '../../shared/schemas/report-record.ts';
import { ROOT, seedPath } from './fixtures.ts';

export const BAD_DIR = join(ROOT, 'test', 'fixtures', 'bad');

/** A bad input and the reason its record must give: a check id and a fragment of its message. */
export interface BadInput {
  file: string;
  id: string;
  message: string;
  severity?: Severity;
  /** The pipeline rejects it: `id` is the record's rejecting check. */
  rejected?: boolean;
  /** Fields that must still be read as stated. */
  values?: Record<string, unknown>;
  /** Fields that must be left out. */
  absent?: string[];
  /**
   * What the pipeline says instead, where the format readers take over from the text decoder: an
   * upload is read by its format (shared/readers/intake.ts), `extractReport` reads text alone.
   */
  uploaded?: Pick<BadInput, 'id' | 'message' | 'severity' | 'rejected'>;
}

/** What an input's record says once uploaded, through the format readers. */
export function asUploaded(input: BadInput): BadInput {
  return input.uploaded ? { ...input, ...input.uploaded } : input;
}

const refused = (message: string): BadInput['uploaded'] => ({
  id: 'unsupported-format',
  message,
  severity: 'error',
  rejected: true,
});

const unreadable = (file: string, message: string): BadInput => ({
  file,
  id: 'document-unreadable',
  message,
  severity: 'error',
  rejected: true,
});

const EMPTY = 'Document contains no text.';
const NOT_TEXT = 'not text; only plain-text reports are extracted';

export const BAD_INPUTS: BadInput[] = [
  unreadable('empty.txt', EMPTY),
  unreadable('whitespace-only.txt', EMPTY),
  unreadable('bom-only.txt', EMPTY),
  unreadable('invisible-spaces-only.txt', EMPTY),
  unreadable('binary-noise.bin', 'Document looks binary'),
  unreadable('nul-bytes.bin', 'Document looks binary: 100 %'),
  {
    ...unreadable('image.png', `Document is a PNG image, ${NOT_TEXT}`),
    uploaded: refused(
      'Document is a PNG image, which is not read; upload the report itself as PDF',
    ),
  },
  {
    ...unreadable('photo.jpg', `Document is a JPEG image, ${NOT_TEXT}`),
    uploaded: refused('Document is a JPEG image, which is not read'),
  },
  {
    ...unreadable('archive.zip', 'Document is a ZIP archive'),
    uploaded: refused('Document is a ZIP archive, which is not read; upload each report inside it'),
  },
  {
    ...unreadable('report.docx', 'Document is a ZIP archive (DOCX/XLSX are ZIP too)'),
    // A real Word file: read, and of no known kind.
    uploaded: {
      id: 'unknown-kind',
      message: 'Document is not a project description',
      severity: 'warning',
      rejected: false,
    },
  },
  {
    ...unreadable('scan-without-text.pdf', `Document is a PDF, ${NOT_TEXT}`),
    uploaded: {
      id: 'document-unreadable',
      message: 'Document is PDF but holds no text',
      severity: 'error',
      rejected: true,
    },
  },
  {
    ...unreadable('compressed.txt.gz', 'Document is a gzip archive'),
    uploaded: refused('Document is a gzip archive, which is not read'),
  },
  {
    ...unreadable('legacy.doc', 'Document is a legacy Office document'),
    uploaded: refused('Document is a legacy Office file'),
  },
  unreadable('utf8-bom-invalid.txt', 'starts with a UTF-8 BOM but is not valid UTF-8'),
  {
    file: 'meeting-minutes.txt',
    id: 'unknown-kind',
    message: 'Document is not a project description',
    severity: 'warning',
  },
  {
    file: 'injection-document.json',
    id: 'unknown-kind',
    message: 'Document is JSON data, not a project description',
    severity: 'warning',
  },
  {
    file: 'script-page.html',
    id: 'unknown-kind',
    message: 'Document is an HTML page (save it as text), not a project description',
    severity: 'warning',
    // Uploaded, the page is read as HTML: its script is dropped and nothing is left to classify.
    uploaded: {
      id: 'unknown-kind',
      message: 'Document is not a project description',
      severity: 'warning',
    },
  },
  {
    file: 'windows-1252.txt',
    id: 'encoding-fallback',
    message: 'is not valid UTF-8 (first at line 13); it was read as Windows-1252',
    severity: 'info',
    values: { 'project.beneficiary': 'Viitasaaren kaupunki', 'funding.euAndStateGranted': 336123 },
  },
  {
    file: 'utf16le-no-bom.txt',
    id: 'encoding-fallback',
    message: 'it was read as UTF-16 LE, guessed from where its zero bytes fall',
    severity: 'info',
    values: { 'source.encoding': 'utf-16le', 'project.code': 'A77892' },
  },
  {
    file: 'utf16be-no-bom.txt',
    id: 'encoding-fallback',
    message: 'it was read as UTF-16 BE',
    severity: 'info',
    values: { 'source.encoding': 'utf-16be', 'project.code': 'A77892' },
  },
  {
    file: 'invalid-utf8-sequences.txt',
    id: 'mixed-encoding',
    message: 'but line(s) 9 are not; those were read as Windows-1252',
    severity: 'warning',
    values: { 'funding.euAndStateGranted': 336123 },
  },
  {
    file: 'mixed-utf8-and-windows-1252.txt',
    id: 'mixed-encoding',
    message: 'but line(s) 59, 63, 65 are not',
    severity: 'warning',
    values: {
      'project.beneficiary': 'Viitasaaren kaupunki',
      'funding.euAndStateGranted': 336123,
      'funding.publicPlanned': 420153,
    },
  },
  {
    file: 'double-encoded-mojibake.txt',
    id: 'mixed-encoding',
    message: "Text looks double-encoded (UTF-8 read as Windows-1252 and saved again): 'Ã¤' for 'ä'",
    severity: 'warning',
    absent: ['funding.euAndStateGranted'],
  },
  {
    file: 'utf8-cut-mid-character.txt',
    id: 'mixed-encoding',
    message: 'but line(s) 131 are not',
    severity: 'warning',
  },
  {
    file: 'replacement-characters.txt',
    id: 'replacement-characters',
    message: 'Text contains 2 replacement character(s) (\ufffd) on line(s) 9',
    severity: 'warning',
  },
  {
    file: 'control-characters.txt',
    id: 'control-characters',
    message: 'Removed control characters (U+0000, U+0007, U+001B, U+007F) from lines 9, 59, 73',
    severity: 'warning',
    values: { 'project.name': 'Digikeskus', 'funding.euAndStateGranted': 336123 },
  },
  {
    file: 'truncated-mid-line-in-section-5.txt',
    id: 'truncated-document',
    message:
      'stops at line 61 in section "5 Projektin julkinen rahoitus, euroa", but an EURA export goes on to section 8',
    severity: 'warning',
    values: { 'funding.euAndStateGranted': 336123 },
    absent: ['funding.euAndStateRealised'],
  },
  {
    file: 'truncated-after-section-heading.txt',
    id: 'truncated-document',
    message: 'stops at line 83 in section "7 Hakemusvaiheessa',
    severity: 'warning',
  },
  {
    file: 'truncated-in-sustainability-table.txt',
    id: 'truncated-document',
    message: 'in the sustainability table, after 6 of its 15 categories',
    severity: 'warning',
  },
  {
    file: 'truncated-after-label.txt',
    id: 'truncated-document',
    message: 'a heading or label with nothing after it',
    severity: 'warning',
  },
  {
    file: 'duplicate-project-code.txt',
    id: 'conflicting-values',
    message:
      'project.code is stated twice with different values: line 7 ("Hankekoodi: A77892") and line 27 ("Hankekoodi: A77893"); the first was kept',
    severity: 'error',
    values: { 'project.code': 'A77892' },
  },
  {
    file: 'duplicate-granted-funding.txt',
    id: 'conflicting-values',
    message: 'funding.euAndStateGranted is stated twice with different values',
    severity: 'error',
    values: { 'funding.euAndStateGranted': 336123 },
  },
  {
    file: 'duplicated-section-with-other-values.txt',
    id: 'conflicting-values',
    message: 'funding.publicRealised is stated twice with different values',
    severity: 'error',
    values: { 'funding.publicRealised': 399936 },
  },
  {
    file: 'duplicate-indicator-lines.txt',
    id: 'conflicting-values',
    message: 'indicators.jobsCreated.realised is stated twice with different values',
    severity: 'error',
    values: { 'indicators.jobsCreated.realised': 3.7 },
  },
  {
    file: 'negative-funding.txt',
    id: 'negative-value',
    message: 'funding.euAndStateGranted reads as -336,123 € on line 59',
    severity: 'error',
    absent: ['funding.euAndStateGranted'],
  },
  {
    file: 'negative-jobs.txt',
    id: 'negative-value',
    message: 'indicators.jobsCreated.planned reads as -3',
    severity: 'error',
    absent: ['indicators.jobsCreated.planned'],
  },
  {
    file: 'absurd-funding-1e15-euros.txt',
    id: 'implausible-value',
    message: 'reads as 1,000,000,000,000,000 € on line 59',
    severity: 'error',
    absent: ['funding.euAndStateGranted'],
  },
  {
    file: 'absurd-jobs-50000.txt',
    id: 'implausible-value',
    message: 'indicators.jobsCreated.realised reads as 50,000',
    severity: 'error',
    absent: ['indicators.jobsCreated.realised'],
  },
  {
    file: 'cofinancing-rate-150-percent.txt',
    id: 'implausible-value',
    message: 'funding.euCofinancingRate reads as 150 %',
    severity: 'error',
    absent: ['funding.euCofinancingRate'],
  },
  {
    file: 'scores-11-and-minus-1.txt',
    id: 'score-out-of-range',
    message: 'naturalResources (indirect) is -1',
    severity: 'error',
    values: { 'horizontal.sustainability.naturalResources': { direct: 11, indirect: -1 } },
  },
  {
    file: 'date-31-february.txt',
    id: 'invalid-date',
    message: '"31.2.2021" on line 15',
    severity: 'error',
    values: { 'project.endDate': '2023-08-31' },
    absent: ['project.startDate'],
  },
  {
    file: 'date-month-13.txt',
    id: 'invalid-date',
    message: 'is not a calendar date (there is no month 13)',
    severity: 'error',
    values: { 'project.endDate': '2022-12-31' },
    absent: ['project.startDate'],
  },
  {
    file: 'date-iso-30-february.txt',
    id: 'invalid-date',
    message: '"2021-02-30"',
    severity: 'error',
    values: { 'project.endDate': '2022-06-30' },
    absent: ['project.startDate'],
  },
  {
    file: 'deadline-30-february.txt',
    id: 'invalid-date',
    message: 'call.deadline: "30.2.2024" on line 7',
    severity: 'error',
    absent: ['call.deadline'],
  },
  {
    file: 'date-with-letter-o.txt',
    id: 'unusual-digits',
    message: 'project.startDate: the figure on line 15',
    severity: 'error',
    values: { 'project.endDate': '2023-08-31' },
    absent: ['project.startDate'],
  },
  {
    file: 'fullwidth-digits.txt',
    id: 'unusual-digits',
    message: 'write figures in digits of another script',
    severity: 'warning',
    values: { 'funding.euAndStateGranted': 336123 },
  },
  {
    file: 'arabic-indic-digits.txt',
    id: 'unusual-digits',
    message: 'they were read as the ASCII digits of the same value',
    severity: 'warning',
    values: { 'funding.euAndStateRealised': 319949 },
  },
  {
    file: 'latin-letters-in-figures.txt',
    id: 'unusual-digits',
    message: 'has the letter "O" (U+004F) among its digits; it was not read',
    severity: 'error',
    absent: ['funding.euAndStateGranted', 'funding.publicRealised'],
  },
  {
    file: 'cyrillic-letter-in-figure.txt',
    id: 'unusual-digits',
    message: 'has the letter "О" (U+041E) among its digits',
    severity: 'error',
    absent: ['funding.publicPlanned'],
  },
  {
    file: 'script-in-project-name.txt',
    id: 'markup-in-text',
    message: 'project.name contains HTML or script markup (<script>)',
    severity: 'warning',
    values: { 'project.name': '<script>alert(1)</script>' },
  },
  {
    file: 'html-in-beneficiary.txt',
    id: 'markup-in-text',
    message: 'project.beneficiary contains HTML or script markup',
    severity: 'warning',
    values: { 'project.beneficiary': '<img src=x onerror=alert(1)>Viitasaaren kaupunki' },
  },
  {
    file: 'markup-in-award-recipient.txt',
    id: 'markup-in-text',
    message: 'awards.0.recipient contains HTML or script markup (<b>)',
    severity: 'warning',
    values: { 'awards.0.amount': 70000 },
  },
  {
    file: 'json-in-project-name.txt',
    id: 'code-in-text',
    message: 'project.name reads like a JSON value',
    severity: 'warning',
    values: { 'project.name': '{"$ne":1}' },
  },
  {
    file: 'sql-in-project-name.txt',
    id: 'code-in-text',
    message: 'project.name reads like SQL',
    severity: 'warning',
    values: { 'project.name': "Digikeskus'; DROP TABLE reports; --" },
  },
];

/** Bad inputs too large to commit, written at run time: a 50 MB file and a 5 MB single line. */
export function largeBadInputs(): Array<BadInput & { bytes: () => Buffer }> {
  const seed = readFileSync(seedPath('004_'));
  const line = seed.toString('utf8').replace(/\s+/g, ' ');
  return [
    {
      file: 'fifty-megabytes.txt',
      id: 'document-too-large',
      message: 'Document is 52428800 bytes; the limit is 10485760 bytes (10.0 MB).',
      severity: 'error',
      rejected: true,
      bytes: () => Buffer.alloc(50 * 1024 * 1024, seed),
    },
    {
      file: 'five-megabyte-single-line.txt',
      id: 'no-line-structure',
      message: 'Document has no line structure: line 1 alone is',
      severity: 'error',
      rejected: true,
      bytes: () =>
        Buffer.from(
          line.repeat(Math.ceil((5 * 1024 * 1024) / line.length)).slice(0, 5 * 1024 * 1024),
        ),
    },
  ];
}
