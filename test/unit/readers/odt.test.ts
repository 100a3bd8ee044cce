import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { extractReport } from '../../../shared/parsing/extract.ts';
import { readOdt } from '../../../shared/readers/odt.ts';
import { DEFAULT_LIMITS, type ReadResult } from '../../../shared/readers/reader.ts';
import { GENERALITY_DIR, ROOT, seedPath } from '../../helpers/fixtures.ts';

const DIR = join(ROOT, 'test', 'fixtures', 'readers', 'odt');

function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(DIR, name)));
}

function golden(path: string): string[] {
  return readFileSync(path, 'utf8')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/\n+$/, '')
    .split('\n');
}

function linesOf(result: ReadResult): string[] {
  if (!result.success) throw new Error(`read failed: ${result.error.id} ${result.error.message}`);
  return result.data.lines.map((line) => line.text);
}

const ODF_NS =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"';

function odtOf(body: string): Uint8Array {
  const xml = `<?xml version="1.0"?><office:document-content ${ODF_NS}><office:body><office:text>${body}</office:text></office:body></office:document-content>`;
  const encode = (text: string) => new TextEncoder().encode(text);
  return zipSync({
    mimetype: [encode('application/vnd.oasis.opendocument.text'), { level: 0 }],
    'content.xml': encode(xml),
  });
}

describe('readOdt', () => {
  it.each([
    ['lo-seed-004.odt', seedPath('004_')],
    ['lo-eura-sv-esf-ended.odt', join(GENERALITY_DIR, 'eura-sv-esf-ended.txt')],
    ['lo-eura-en-erdf-ongoing.odt', join(GENERALITY_DIR, 'eura-en-erdf-ongoing.txt')],
  ])(
    'reads %s, a LibreOffice conversion, line for line as its plain text',
    async (name, source) => {
      const result = await readOdt(fixture(name), DEFAULT_LIMITS);

      expect(linesOf(result)).toEqual(golden(source));
      expect(result.success && result.data.format).toBe('odt');
    },
  );

  it.each(['lo-table-list.odt', 'handwritten.odt'])(
    'reads %s as its golden lines',
    async (name) => {
      const result = await readOdt(fixture(name), DEFAULT_LIMITS);

      expect(linesOf(result)).toEqual(golden(join(DIR, name.replace('.odt', '.expected.txt'))));
    },
  );

  it('leaves out headers, footers, notes, comments, deletions and image titles', async () => {
    const text = linesOf(await readOdt(fixture('handwritten.odt'), DEFAULT_LIMITS)).join('\n');

    for (const absent of [
      'YLÄTUNNISTE',
      'Sivu',
      'Alaviite',
      'Tarkista',
      '300 000',
      'Kuvan otsikko',
    ]) {
      expect(text).not.toContain(absent);
    }
  });

  it('gives the text extractor the same project, funding and indicators as the plain text', async () => {
    const source = readFileSync(seedPath('004_'));
    const read = linesOf(await readOdt(fixture('lo-seed-004.odt'), DEFAULT_LIMITS)).join('\n');

    const fromText = extractReport(source, { key: 'seed-004.txt' });
    const fromOdt = extractReport(Buffer.from(read, 'utf8'), { key: 'seed-004.txt' });

    expect(fromOdt.project?.code).toBe('A77892');
    expect(fromOdt.project).toEqual(fromText.project);
    expect(fromOdt.funding).toEqual(fromText.funding);
    expect(fromOdt.indicators).toEqual(fromText.indicators);
  });

  it('refuses an ODT whose XML declares entities, never expanding them', async () => {
    const result = await readOdt(fixture('billion-laughs.odt'), DEFAULT_LIMITS);

    expect(result).toMatchObject({ success: false, error: { id: 'document-unreadable' } });
  });

  it('finds a password-protected ODT encrypted', async () => {
    const result = await readOdt(fixture('encrypted.odt'), DEFAULT_LIMITS);

    expect(result).toMatchObject({ success: false, error: { id: 'document-encrypted' } });
  });

  it('refuses an ODS spreadsheet and a DOCX, naming what each is', async () => {
    const docx = await readOdt(
      new Uint8Array(
        readFileSync(join(ROOT, 'test', 'fixtures', 'readers', 'docx', 'handwritten.docx')),
      ),
      DEFAULT_LIMITS,
    );
    const ods = await readOdt(fixture('spreadsheet.ods'), DEFAULT_LIMITS);

    expect(!ods.success && ods.error).toMatchObject({
      id: 'unsupported-format',
      message: expect.stringMatching(/OpenDocument spreadsheet \(ODS\)/),
    });
    expect(!docx.success && docx.error).toMatchObject({
      id: 'unsupported-format',
      message: expect.stringMatching(/Word document \(DOCX\)/),
    });
  });

  it('finds a truncated ODT and malformed XML unreadable', async () => {
    const bytes = fixture('lo-seed-004.odt');

    const truncated = await readOdt(bytes.slice(0, 5_000), DEFAULT_LIMITS);
    const malformed = await readOdt(odtOf('<text:p>kesken</text:h>'), DEFAULT_LIMITS);

    expect(truncated).toMatchObject({ success: false, error: { id: 'document-unreadable' } });
    expect(malformed).toMatchObject({ success: false, error: { id: 'document-unreadable' } });
    expect(!malformed.success && malformed.error.message).toMatch(/content\.xml.*\(.+\)/);
  });

  it('stops with document-limit past maxLines and past timeoutMs', async () => {
    const body = '<text:p>rivi</text:p>'.repeat(50);

    const lines = await readOdt(odtOf(body), { ...DEFAULT_LIMITS, maxLines: 20 });
    const time = await readOdt(odtOf(body), { ...DEFAULT_LIMITS, timeoutMs: 0 });

    expect(lines).toMatchObject({ success: false, error: { id: 'document-limit' } });
    expect(time).toMatchObject({ success: false, error: { id: 'document-limit' } });
  });

  it('caps repeated columns and rows instead of writing them all out', async () => {
    const row =
      '<table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="1000000"><text:p>x</text:p></table:table-cell></table:table-row>';
    const body = `<table:table xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0">${row}</table:table>`;

    const lines = linesOf(await readOdt(odtOf(body), DEFAULT_LIMITS));

    expect(lines.length).toBeLessThanOrEqual(64);
    expect(lines[0]?.split('\t').length).toBeLessThanOrEqual(64);
    expect(lines[0]?.startsWith('x\tx')).toBe(true);
  });
});
