import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { beforeAll, describe, expect, it } from 'vitest';
import { rejectionOf } from '../../../shared/parsing/extract.ts';
import { readDocx } from '../../../shared/readers/docx.ts';
import { extractDocument } from '../../../shared/readers/intake.ts';
import { DEFAULT_LIMITS, type ReadLimits } from '../../../shared/readers/reader.ts';
import type { ReportRecord, SourceFormat } from '../../../shared/schemas/report-record.ts';
import {
  deepHtml,
  flateBombPdf,
  hugeHtml,
  manyEntriesDocx,
  millionRowsXlsx,
  REPORT_BUDGET,
  reportDocx,
  textPdf,
  xxeDocx,
  zipBombDocx,
} from '../../fixtures/formats-bad/generate.ts';

const DIR = join(import.meta.dirname, '../../fixtures/formats-bad');
const GENERATORS = new Set(['generate.ts', 'make.ts', 'README.md']);

interface HostileInput {
  /** A committed file's name, or a name for an input built in memory. */
  name: string;
  bytes?: () => Uint8Array;
  /** The key the upload is stored under, when it is to lie about the format. */
  key?: string;
  limits?: Partial<ReadLimits>;
  /** Milliseconds the whole extraction may take. */
  within?: number;
  /** The rejecting check and what its message must say; or the format the bytes are read as. */
  expected: { check: string; message: RegExp } | { read: SourceFormat };
}

const refused = (check: string, message: RegExp) => ({ check, message });
const read = (format: SourceFormat) => ({ read: format });

const INPUTS: HostileInput[] = [
  { name: 'pdf-truncated-half.pdf', expected: refused('document-unreadable', /PDF/) },
  { name: 'pdf-header-only.pdf', expected: refused('document-unreadable', /PDF/) },
  { name: 'pdf-noise-after-header.pdf', expected: refused('document-unreadable', /PDF/) },
  { name: 'pdf-cyclic-pages.pdf', expected: refused('document-unreadable', /PDF/) },
  { name: 'pdf-broken-xref.pdf', expected: read('pdf') },
  { name: 'pdf-garbage-startxref.pdf', expected: read('pdf') },
  { name: 'pdf-prev-loop.pdf', expected: read('pdf') },
  { name: 'pdf-user-password.pdf', expected: refused('document-encrypted', /password/) },
  { name: 'pdf-owner-password-only.pdf', expected: read('pdf') },
  {
    name: 'pdf-600-pages.pdf',
    limits: { maxPages: 50 },
    expected: refused('document-limit', /600 pages/),
  },
  { name: 'pdf-image-only.pdf', expected: refused('no-text-layer', /text/) },
  { name: 'pdf-bytes-named.txt', key: 'report.txt', expected: read('pdf') },
  {
    name: 'pdf-flate-bomb (200 MB of zeros in one content stream)',
    bytes: () => flateBombPdf(200 * 1024 * 1024),
    within: 10_000,
    expected: refused('document-limit', /PDF/),
  },
  { name: 'docx-truncated.docx', expected: refused('document-unreadable', /DOCX|Word/i) },
  { name: 'docx-not-xml.docx', expected: refused('document-unreadable', /DOCX|Word/i) },
  { name: 'docx-billion-laughs.docx', expected: refused('document-unreadable', /entities/) },
  { name: 'docx-xxe.docx', expected: refused('document-unreadable', /entities/) },
  { name: 'docx-lying-sizes.docx', expected: refused('document-unreadable', /DOCX|Word/i) },
  {
    name: 'docx-zip-bomb (300 MB of spaces as word/document.xml)',
    bytes: () => zipBombDocx(300 * 1024 * 1024),
    within: 10_000,
    expected: refused('document-limit', /ZIP bomb/),
  },
  {
    name: 'docx-5000-entries',
    bytes: () => manyEntriesDocx(5_000),
    expected: refused('document-limit', /5003 entries/),
  },
  { name: 'zip-no-document.docx', expected: refused('unsupported-format', /ZIP archive/) },
  { name: 'empty.zip', expected: refused('unsupported-format', /ZIP archive/) },
  { name: 'office-encrypted.docx', expected: refused('document-encrypted', /password/) },
  { name: 'legacy.doc', expected: refused('unsupported-format', /legacy Word/) },
  { name: 'legacy.xls', expected: refused('unsupported-format', /legacy Excel/) },
  { name: 'legacy.rtf', expected: refused('unsupported-format', /RTF/) },
  { name: 'presentation.pptx', expected: refused('unsupported-format', /PowerPoint/) },
  { name: 'presentation.odp', expected: refused('unsupported-format', /presentation/) },
  {
    name: 'xlsx-million-rows (2,000,000 cells)',
    bytes: () => millionRowsXlsx(1_000_000),
    limits: { maxCells: 100_000 },
    within: 10_000,
    expected: refused('document-limit', /cells/),
  },
  {
    name: 'xlsx-malformed-sheet.xlsx',
    expected: refused('document-unreadable', /XLSX|Excel|spreadsheet/i),
  },
  { name: 'xlsx-laughing-strings.xlsx', expected: refused('document-unreadable', /entities/) },
  {
    name: 'xlsx-truncated.xlsx',
    expected: refused('document-unreadable', /XLSX|Excel|spreadsheet/i),
  },
  {
    name: 'odt-broken-content.odt',
    expected: refused('document-unreadable', /ODT|OpenDocument/),
  },
  {
    name: 'ods-broken-content.ods',
    expected: refused('document-unreadable', /ODS|OpenDocument/),
  },
  {
    name: 'html-50mb',
    bytes: () => hugeHtml(50 * 1024 * 1024),
    within: 10_000,
    expected: refused('document-too-large', /MB|bytes/),
  },
  {
    name: 'html-nested-200000-deep',
    bytes: () => deepHtml(200_000),
    within: 10_000,
    expected: read('html'),
  },
  { name: 'html-script-only.html', expected: refused('document-unreadable', /HTML/) },
  { name: 'html-bogus-charset.html', expected: read('html') },
  { name: 'image.png', expected: refused('unsupported-format', /PNG image/) },
  { name: 'image.jpg', expected: refused('unsupported-format', /JPEG image/) },
  { name: 'image.tif', expected: refused('unsupported-format', /TIFF image/) },
  { name: 'image.gif', expected: refused('unsupported-format', /GIF image/) },
  { name: 'archive.gz', expected: refused('unsupported-format', /gzip/) },
  { name: 'archive.7z', expected: refused('unsupported-format', /7-Zip/) },
  { name: 'archive.rar', expected: refused('unsupported-format', /RAR/) },
  { name: 'empty.txt', expected: refused('document-unreadable', /no text/) },
  { name: 'whitespace-only.txt', expected: refused('document-unreadable', /no text/) },
  { name: 'noise.bin', expected: refused('document-unreadable', /binary|text/) },
  { name: 'text-named.pdf', key: 'report.pdf', expected: read('text') },
  { name: 'utf16le-bom.txt', expected: read('text') },
];

function bytesOf(input: HostileInput): Uint8Array {
  return input.bytes ? input.bytes() : new Uint8Array(readFileSync(join(DIR, input.name)));
}

async function timedExtract(
  bytes: Uint8Array,
  input: HostileInput,
): Promise<{ record: ReportRecord; ms: number }> {
  const started = performance.now();
  const record = await extractDocument(bytes, {
    key: input.key ?? input.name,
    ...(input.limits ? { limits: input.limits } : {}),
  });
  return { record, ms: performance.now() - started };
}

describe('format readers on hostile input', () => {
  beforeAll(async () => {
    // Module loading is not what is timed; whether good documents are read is the readers' own test.
    await Promise.allSettled([
      extractDocument(textPdf(), { key: 'warm.pdf' }),
      extractDocument(reportDocx(), { key: 'warm.docx' }),
    ]);
  });

  it('has a row for every committed input, and at least 30 inputs', () => {
    const committed = readdirSync(DIR).filter((f) => !GENERATORS.has(f));

    expect(INPUTS.length).toBeGreaterThanOrEqual(30);
    expect(committed.sort()).toEqual(
      INPUTS.filter((i) => !i.bytes)
        .map((i) => i.name)
        .sort(),
    );
  });

  it.each(INPUTS)('$name: resolves in time with its expected outcome', async (input) => {
    const bytes = bytesOf(input);

    const { record, ms } = await timedExtract(bytes, input);

    expect(ms).toBeLessThan(input.within ?? 3_000);
    expect(JSON.stringify(record)).not.toContain('root:x:0:0');
    if ('check' in input.expected) {
      expect(rejectionOf(record)).toMatchObject({
        id: input.expected.check,
        severity: 'error',
        message: expect.stringMatching(input.expected.message),
      });
      expect(record.funding).toBeUndefined();
    } else {
      expect(rejectionOf(record)).toBeUndefined();
      expect(record.source.format).toBe(input.expected.read);
      expect(record.funding?.totalBudget).toBe(REPORT_BUDGET);
    }
  });

  it('never reads a file an external entity names', async () => {
    const result = await readDocx(xxeDocx(), DEFAULT_LIMITS);

    const text = result.success ? result.data.lines.map((l) => l.text).join('\n') : '';
    expect(text).not.toMatch(/root:/);
    expect(result.success ? 'read' : result.error.id).toBe('document-unreadable');
  });
});
