import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { extractReport } from '../../../shared/parsing/extract.ts';
import { readDocx } from '../../../shared/readers/docx.ts';
import { DEFAULT_LIMITS, type ReadResult } from '../../../shared/readers/reader.ts';
import { GENERALITY_DIR, ROOT, seedPath } from '../../helpers/fixtures.ts';

const DIR = join(ROOT, 'test', 'fixtures', 'readers', 'docx');

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

const W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

function docxOf(body: string): Uint8Array {
  const xml = `<?xml version="1.0"?><w:document ${W_NS}><w:body>${body}</w:body></w:document>`;
  return zipSync({ 'word/document.xml': new TextEncoder().encode(xml) });
}

describe('readDocx', () => {
  it.each([
    ['lo-seed-004.docx', seedPath('004_')],
    ['lo-eura-sv-esf-ended.docx', join(GENERALITY_DIR, 'eura-sv-esf-ended.txt')],
    ['lo-eura-en-erdf-ongoing.docx', join(GENERALITY_DIR, 'eura-en-erdf-ongoing.txt')],
  ])(
    'reads %s, a LibreOffice conversion, line for line as its plain text',
    async (name, source) => {
      const result = await readDocx(fixture(name), DEFAULT_LIMITS);

      expect(linesOf(result)).toEqual(golden(source));
      expect(result.success && result.data.format).toBe('docx');
    },
  );

  it.each(['lo-table-list.docx', 'docx-library.docx', 'handwritten.docx'])(
    'reads %s as its golden lines',
    async (name) => {
      const result = await readDocx(fixture(name), DEFAULT_LIMITS);

      expect(linesOf(result)).toEqual(golden(join(DIR, name.replace('.docx', '.expected.txt'))));
    },
  );

  it('leaves out headers, footers, footnotes, deleted, hidden and field-code text', async () => {
    const text = linesOf(await readDocx(fixture('handwritten.docx'), DEFAULT_LIMITS)).join('\n');

    for (const absent of [
      'YLÄTUNNISTE',
      'Sivu',
      'Alaviite',
      '300 000',
      'piilotettu',
      'HYPERLINK',
    ]) {
      expect(text).not.toContain(absent);
    }
    expect(text.match(/Tekstilaatikko/g)).toHaveLength(1);
  });

  it('gives the text extractor the same project, funding and indicators as the plain text', async () => {
    const source = readFileSync(seedPath('004_'));
    const read = linesOf(await readDocx(fixture('lo-seed-004.docx'), DEFAULT_LIMITS)).join('\n');

    const fromText = extractReport(source, { key: 'seed-004.txt' });
    const fromDocx = extractReport(Buffer.from(read, 'utf8'), { key: 'seed-004.txt' });

    expect(fromDocx.project?.code).toBe('A77892');
    expect(fromDocx.project).toEqual(fromText.project);
    expect(fromDocx.funding).toEqual(fromText.funding);
    expect(fromDocx.indicators).toEqual(fromText.indicators);
  });

  it('reads a .docm-style package whose main part the relationships name', async () => {
    const rels = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/main.xml"/></Relationships>`;
    const xml = `<x:document xmlns:x="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><x:body><x:p><x:r><x:t>Hankekoodi: A77892</x:t></x:r></x:p></x:body></x:document>`;
    const bytes = zipSync({
      '_rels/.rels': new TextEncoder().encode(rels),
      'word/main.xml': new TextEncoder().encode(xml),
      'word/vbaProject.bin': new Uint8Array(16),
    });

    expect(linesOf(await readDocx(bytes, DEFAULT_LIMITS))).toEqual(['Hankekoodi: A77892']);
  });

  it('refuses a DOCX whose XML declares entities, never expanding them', async () => {
    const started = Date.now();

    const result = await readDocx(fixture('billion-laughs.docx'), DEFAULT_LIMITS);

    expect(result).toMatchObject({ success: false, error: { id: 'document-unreadable' } });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('fails on an undefined entity instead of expanding or keeping it', async () => {
    const result = await readDocx(
      docxOf('<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>'),
      DEFAULT_LIMITS,
    );

    expect(result).toMatchObject({ success: false, error: { id: 'document-unreadable' } });
    expect(!result.success && result.error.message).toMatch(/undefined entity/);
  });

  it('stops a ZIP bomb of 200 MB of spaces with document-limit, quickly', async () => {
    const started = Date.now();

    const result = await readDocx(fixture('zip-bomb.docx'), DEFAULT_LIMITS);

    expect(result).toMatchObject({ success: false, error: { id: 'document-limit' } });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('finds a truncated DOCX unreadable', async () => {
    const bytes = fixture('handwritten.docx');

    const result = await readDocx(bytes.slice(0, Math.floor(bytes.length / 2)), DEFAULT_LIMITS);

    expect(result).toMatchObject({ success: false, error: { id: 'document-unreadable' } });
  });

  it('finds malformed XML unreadable with the parser’s message', async () => {
    const result = await readDocx(docxOf('<w:p><w:r><w:t>kesken</w:r></w:p>'), DEFAULT_LIMITS);

    expect(result).toMatchObject({ success: false, error: { id: 'document-unreadable' } });
    expect(!result.success && result.error.message).toMatch(/word\/document\.xml.*\(.+\)/);
  });

  it.each([['not-docx.zip', /ZIP archive of 2 files/]])(
    'refuses %s, a ZIP without word/document.xml, naming what it is',
    async (name, what) => {
      const result = await readDocx(fixture(name), DEFAULT_LIMITS);

      expect(result).toMatchObject({ success: false, error: { id: 'unsupported-format' } });
      expect(!result.success && result.error.message).toMatch(what);
    },
  );

  it('names an XLSX workbook given as a DOCX', async () => {
    const bytes = zipSync({ 'xl/workbook.xml': new TextEncoder().encode('<workbook/>') });

    const result = await readDocx(bytes, DEFAULT_LIMITS);

    expect(!result.success && result.error).toMatchObject({
      id: 'unsupported-format',
      message: expect.stringMatching(/Excel workbook \(XLSX\)/),
    });
  });

  it('stops with document-limit past maxLines', async () => {
    const body = '<w:p><w:r><w:t>rivi</w:t></w:r></w:p>'.repeat(50);

    const result = await readDocx(docxOf(body), { ...DEFAULT_LIMITS, maxLines: 20 });

    expect(result).toMatchObject({ success: false, error: { id: 'document-limit' } });
  });

  it('stops with document-limit when reading takes longer than timeoutMs', async () => {
    const body = '<w:p><w:r><w:t>rivi</w:t></w:r></w:p>'.repeat(60_000);

    const result = await readDocx(docxOf(body), { ...DEFAULT_LIMITS, timeoutMs: 0 });

    expect(result).toMatchObject({ success: false, error: { id: 'document-limit' } });
  });

  it('keeps one empty line for a run of empty paragraphs and none at the ends', async () => {
    const body =
      '<w:p/><w:p><w:r><w:t>a</w:t></w:r></w:p><w:p/><w:p/><w:p/><w:p><w:r><w:t>b</w:t></w:r></w:p><w:p/>';

    expect(linesOf(await readDocx(docxOf(body), DEFAULT_LIMITS))).toEqual(['a', '', 'b']);
  });
});
