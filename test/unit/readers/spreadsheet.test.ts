import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { extractReport } from '../../../shared/parsing/extract.ts';
import { DEFAULT_LIMITS, type ReadResult } from '../../../shared/readers/reader.ts';
import { readOds, readXlsx } from '../../../shared/readers/spreadsheet.ts';
import { minimalXlsx } from '../../fixtures/readers/make-xlsx.ts';
import { GENERALITY_DIR } from '../../helpers/fixtures.ts';
import { FORMATS_DIR } from '../../helpers/parity.ts';

const DIR = join(import.meta.dirname, '../../fixtures/readers/xlsx');
const fixture = (name: string) => new Uint8Array(readFileSync(join(DIR, name)));
const golden = (name: string) =>
  JSON.parse(readFileSync(join(DIR, `${name}.expected.json`), 'utf8')) as unknown;

const SHEET_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';

/** An ODS whose content.xml holds `tables` (`table:table` elements) and nothing else. */
function minimalOds(tables: string): Uint8Array {
  const content = `<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3"><office:body><office:spreadsheet>${tables}</office:spreadsheet></office:body></office:document-content>`;
  return zipSync({
    mimetype: strToU8('application/vnd.oasis.opendocument.spreadsheet'),
    'content.xml': strToU8(content),
  });
}

const odsCell = (text: string, attrs = '') =>
  `<table:table-cell office:value-type="string"${attrs}><text:p>${text}</text:p></table:table-cell>`;

function failureId(result: ReadResult): string | undefined {
  return result.success ? undefined : result.error.id;
}

function linesOf(result: ReadResult): string[] {
  return result.success ? result.data.lines.map((l) => l.text) : [];
}

describe('readXlsx and readOds', () => {
  it.each([
    ['financing-plan.xlsx', 'xlsx'],
    ['financing-plan.ods', 'ods'],
    ['sheetjs-two-sheets.xlsx', 'xlsx'],
    ['inline-strings.xlsx', 'xlsx'],
  ])('reads %s into its golden lines', async (name, format) => {
    const read = format === 'ods' ? readOds : readXlsx;

    const result = await read(fixture(name), DEFAULT_LIMITS);

    expect(result.success && result.data.format).toBe(format);
    expect(result.success && result.data.lines).toEqual(golden(name));
    expect(result.success && result.data.checks).toEqual([]);
  });

  it('reads the same lines from LibreOffice XLSX and ODS of one sheet', async () => {
    const xlsx = await readXlsx(fixture('financing-plan.xlsx'), DEFAULT_LIMITS);
    const ods = await readOds(fixture('financing-plan.ods'), DEFAULT_LIMITS);

    expect(linesOf(ods)).toEqual(linesOf(xlsx));
  });

  it('shows dates, percentages and euros as a Finnish reader sees them', async () => {
    const result = await readXlsx(fixture('sheetjs-two-sheets.xlsx'), DEFAULT_LIMITS);

    expect(linesOf(result)).toEqual(
      expect.arrayContaining([
        'Toteutusaika alkaa\t1.1.2024',
        'Toteutusaika päättyy\t2025-12-31',
        'Tukiprosentti\t70,00%',
        'Kustannusarvio yhteensä\t1 234 567,50 €',
        'Julkinen rahoitus\t864 197,25 €',
      ]),
    );
  });

  it('keeps a merged range’s top-left value only, and empty cells between filled ones', async () => {
    const result = await readXlsx(fixture('sheetjs-two-sheets.xlsx'), DEFAULT_LIMITS);
    const lines = result.success ? result.data.lines : [];

    expect(lines.find((l) => l.cell === 'A9')?.text).toBe('Huomautus\tei muutoksia');
    expect(lines.find((l) => l.text.startsWith('Naisia'))).toEqual({
      text: 'Naisia\t\t95',
      sheet: 'Indikaattorit',
      cell: 'A3',
    });
    expect(lines.find((l) => l.cell === 'D4')?.text).toBe('lisätieto D4');
  });

  it('reads an ODS cell as the text LibreOffice shows, with numbers written as in XLSX', async () => {
    const result = await readOds(
      new Uint8Array(readFileSync(join(FORMATS_DIR, 'libreoffice/seed-000.ods'))),
      DEFAULT_LIMITS,
    );
    const lines = result.success ? result.data.lines : [];

    expect(lines.find((l) => l.cell === 'A15')).toEqual({
      text: 'EU contribution\t350 000,00 €\t(22,83%)',
      sheet: 'Report',
      cell: 'A15',
    });
    expect(lines.find((l) => l.cell === 'A13')?.text).toBe('Total budget\t1 532 910,00 €');
    expect(lines.find((l) => l.cell === 'A5')?.text).toBe('Start date\t1 January 2020');
  });

  it('keeps an ODS number that is not in the value’s en-US form as LibreOffice shows it', async () => {
    const number = (value: string, shown: string, type = 'float') =>
      `<table:table-cell office:value-type="${type}" office:value="${value}"><text:p>${shown}</text:p></table:table-cell>`;
    const bytes = minimalOds(
      `<table:table table:name="S"><table:table-row>${number('1.234', '1,234')}${number('1234', '1.234')}${number('1234.5', '1,234.50')}${number('0.7055', '70.55 %', 'percentage')}${number('1532910', '1\u00a0532\u00a0910,00 €', 'currency')}</table:table-row></table:table>`,
    );

    const result = await readOds(bytes, DEFAULT_LIMITS);

    expect(linesOf(result)).toEqual(['1,234\t1.234\t1 234,50\t70,55 %\t1 532 910,00 €']);
  });

  it('reads ODS paragraphs, spaces, merged and covered cells, comments and repeats as shown', async () => {
    const bytes = minimalOds(
      `<table:table table:name="Näkyvä"><table:table-row>${odsCell('Otsikko', ' table:number-columns-spanned="2"')}<table:covered-table-cell office:value-type="string"><text:p>piilossa</text:p></table:covered-table-cell>${odsCell('C')}</table:table-row>` +
        `<table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>` +
        `<table:table-row><table:table-cell table:number-columns-repeated="26"/><table:table-cell office:value-type="string"><office:annotation><text:p>kommentti</text:p></office:annotation><text:p>  Rivi<text:s text:c="2"/>yksi<text:tab/>kaksi</text:p><text:p>kolme<text:line-break/>neljä</text:p></table:table-cell>${odsCell('x', ' table:number-columns-repeated="2"')}</table:table-row>` +
        `<table:table-row table:number-rows-repeated="2">${odsCell('toistuu')}</table:table-row></table:table>` +
        `<table:table table:name="Piilotettu"><table:table-row>${odsCell('piilotettu arkki')}</table:table-row></table:table>`,
    );

    const result = await readOds(bytes, DEFAULT_LIMITS);

    expect(result.success && result.data.lines).toEqual([
      { text: 'Näkyvä', sheet: 'Näkyvä' },
      { text: 'Otsikko\t\tC', sheet: 'Näkyvä', cell: 'A1' },
      // A million repeated empty rows stand between: one empty line for them.
      { text: '' },
      { text: 'Rivi  yksi kaksi kolme neljä\tx\tx', sheet: 'Näkyvä', cell: 'AA1000002' },
      { text: 'toistuu', sheet: 'Näkyvä', cell: 'A1000003' },
      { text: 'toistuu', sheet: 'Näkyvä', cell: 'A1000004' },
      { text: '' },
      { text: 'Piilotettu', sheet: 'Piilotettu' },
      { text: 'piilotettu arkki', sheet: 'Piilotettu', cell: 'A1' },
    ]);
  });

  it('refuses an ODS whose repeated filled cells pass the cell limit or the last column', async () => {
    const wide = (repeat: number) =>
      minimalOds(
        `<table:table table:name="S"><table:table-row table:number-rows-repeated="100">${odsCell('x', ` table:number-columns-repeated="${repeat}"`)}</table:table-row></table:table>`,
      );

    const refused = await readOds(wide(200), { ...DEFAULT_LIMITS, maxCells: 10_000 });
    const pastLastColumn = await readOds(wide(20_000), DEFAULT_LIMITS);

    expect(refused.success ? '' : refused.error.message).toMatch(/more than 10000 filled cells/);
    expect(pastLastColumn.success ? '' : pastLastColumn.error.message).toMatch(/column 16384/);
  });

  it('formats cells whose number format SheetJS rejects', async () => {
    const sheet = `<worksheet ${SHEET_NS}><sheetData><row r="1"><c r="A1" s="1"><v>45292</v></c><c r="B1" s="2"><v>0.255</v></c></row></sheetData></worksheet>`;
    const bytes = minimalXlsx(sheet);
    const files: Record<string, Uint8Array> = {
      ...unzipSync(bytes),
      'xl/styles.xml': strToU8(STYLES),
    };
    files['[Content_Types].xml'] = strToU8(
      new TextDecoder()
        .decode(files['[Content_Types].xml'])
        .replace(
          '</Types>',
          '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
        ),
    );
    files['xl/_rels/workbook.xml.rels'] = strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
    );

    const result = await readXlsx(zipSync(files), DEFAULT_LIMITS);

    expect(linesOf(result)).toEqual(['1.1.2024\t25,5 %']);
  });

  it('gives the extractor the same record from a workbook as from the plain-text report', async () => {
    const name = 'eura-fi-esr-euro-decimals.txt';
    const text = readFileSync(join(GENERALITY_DIR, name), 'utf8');
    const workbook = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet(workbookRows(text)), 'Hanke');
    const bytes = XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx' }) as Buffer;

    const result = await readXlsx(new Uint8Array(bytes), DEFAULT_LIMITS);
    const readText = result.success ? result.data.lines.map((l) => l.text).join('\n') : '';
    const fromWorkbook = extractReport(new TextEncoder().encode(readText), { key: name });
    const fromText = extractReport(new TextEncoder().encode(text), { key: name });

    expect(readText).toContain('Myönnetty EU- ja valtion rahoitus\t512 340,00 €');
    expect(fromWorkbook.kind).toBe(fromText.kind);
    expect(fromWorkbook.project).toEqual(fromText.project);
    expect(fromWorkbook.funding).toEqual(fromText.funding);
    expect(fromWorkbook.indicators).toEqual(fromText.indicators);
    expect(fromText.funding?.euAndStateGranted).toBe(512340);
  });

  it('refuses a million-row sheet quickly', async () => {
    const rows = '<row><c><v>1</v></c></row>'.repeat(1_048_576);
    const bytes = minimalXlsx(
      `<worksheet ${SHEET_NS}><dimension ref="A1:A1048576"/><sheetData>${rows}</sheetData></worksheet>`,
    );
    const started = Date.now();

    const result = await readXlsx(bytes, DEFAULT_LIMITS);

    expect(failureId(result)).toBe('document-limit');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('refuses a sheet whose declared range is past the cell limit, before reading its cells', async () => {
    const bytes = minimalXlsx(
      `<worksheet ${SHEET_NS}><dimension ref="A1:A1048576"/><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>`,
    );

    const result = await readXlsx(bytes, DEFAULT_LIMITS);

    expect(result.success ? '' : result.error.message).toMatch(/A1:A1048576.*refused, not cut/);
  });

  it('refuses a sheet holding more cells than the limit even when it declares no range', async () => {
    const rows = Array.from(
      { length: 2_000 },
      (_, r) =>
        `<row r="${r + 1}">${Array.from({ length: 6 }, (_, c) => `<c r="${'ABCDEF'[c]}${r + 1}"><v>${r}</v></c>`).join('')}</row>`,
    ).join('');
    const bytes = minimalXlsx(`<worksheet ${SHEET_NS}><sheetData>${rows}</sheetData></worksheet>`);

    const refused = await readXlsx(bytes, { ...DEFAULT_LIMITS, maxCells: 10_000 });
    const read = await readXlsx(bytes, { ...DEFAULT_LIMITS, maxCells: 12_000 });

    expect(refused.success ? '' : refused.error.message).toMatch(/more than 10000 cells/);
    expect(linesOf(read)).toHaveLength(2_000);
  });

  it('refuses an ODS whose repeated rows expand past the limits, and reads repeated empty rows', async () => {
    const files = unzipSync(fixture('financing-plan.ods'));
    const content = new TextDecoder().decode(files['content.xml']);
    const withRows = (row: string) =>
      zipSync({
        ...files,
        'content.xml': strToU8(content.replace('</table:table>', `${row}</table:table>`)),
      });
    const filled = withRows(
      '<table:table-row table:number-rows-repeated="1048000"><table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>',
    );
    const empty = withRows(
      '<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>',
    );
    const started = Date.now();

    const refused = await readOds(filled, DEFAULT_LIMITS);
    const elapsed = Date.now() - started;
    const read = await readOds(empty, DEFAULT_LIMITS);

    expect(refused.success ? '' : refused.error.message).toMatch(
      /1048\d{3} rows.*refused, not cut/,
    );
    expect(elapsed).toBeLessThan(2_000);
    expect(linesOf(read)).toEqual(
      linesOf(await readOds(fixture('financing-plan.ods'), DEFAULT_LIMITS)),
    );
  });

  it('refuses a sheet with more rows than the line limit', async () => {
    const rows = Array.from(
      { length: 300 },
      (_, r) => `<row r="${r + 1}"><c r="A${r + 1}"><v>${r}</v></c></row>`,
    ).join('');
    const bytes = minimalXlsx(`<worksheet ${SHEET_NS}><sheetData>${rows}</sheetData></worksheet>`);

    const result = await readXlsx(bytes, { ...DEFAULT_LIMITS, maxLines: 100 });

    expect(result.success ? '' : result.error.message).toMatch(/more than 100 rows/);
  });

  it('refuses a workbook past the byte limit and a ZIP bomb', async () => {
    const bomb = zipSync({
      '[Content_Types].xml': strToU8('spreadsheetml.sheet.main'),
      'xl/worksheets/sheet1.xml': new Uint8Array(5_000_000),
    });

    const tooLarge = await readXlsx(fixture('financing-plan.xlsx'), {
      ...DEFAULT_LIMITS,
      maxBytes: 1_000,
    });
    const bombed = await readXlsx(bomb, DEFAULT_LIMITS);

    expect(failureId(tooLarge)).toBe('document-too-large');
    expect(failureId(bombed)).toBe('document-limit');
  });

  it('gives up with document-limit when the time budget is spent', async () => {
    const result = await readXlsx(fixture('financing-plan.xlsx'), {
      ...DEFAULT_LIMITS,
      timeoutMs: -1,
    });

    expect(failureId(result)).toBe('document-limit');
  });

  it('tells damaged, foreign and encrypted files apart', async () => {
    const good = fixture('financing-plan.xlsx');
    const docx = zipSync({
      '[Content_Types].xml': strToU8(
        '<Types><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
      ),
      'word/document.xml': strToU8('<w:document/>'),
    });
    const plainZip = zipSync({ 'notes.txt': strToU8('Hankekoodi: S30123') });
    const legacyXls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]);
    const encrypted = new Uint8Array([
      ...legacyXls,
      ...new Uint8Array(Buffer.from('EncryptedPackage', 'utf16le')),
    ]);

    const results = await Promise.all(
      [good.subarray(0, good.length / 2), docx, plainZip, legacyXls, encrypted, strToU8('a;b')].map(
        (bytes) => readXlsx(bytes, DEFAULT_LIMITS),
      ),
    );

    expect(results.map(failureId)).toEqual([
      'document-unreadable',
      'unsupported-format',
      'unsupported-format',
      'unsupported-format',
      'document-encrypted',
      'unsupported-format',
    ]);
  });

  it('reports damage inside a well-formed ZIP as unreadable, never a throw', async () => {
    const bytes = minimalXlsx(`<worksheet ${SHEET_NS}><sheetData><row r="1"><c r="A1" t="s"><v>7`);
    const badWorkbook = zipSync({
      ...unzipSync(bytes),
      'xl/workbook.xml': strToU8('<workbook><sheets><sheet name="x" r:id="rId9"/></sheets>'),
    });
    const { 'xl/workbook.xml': _, ...rest } = unzipSync(bytes);

    const results = await Promise.all(
      [bytes, badWorkbook, zipSync(rest)].map((b) => readXlsx(b, DEFAULT_LIMITS)),
    );

    expect(results.map(failureId)).toEqual([
      'document-unreadable',
      'document-unreadable',
      'document-unreadable',
    ]);
  });
});

const STYLES =
  '<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="164" formatCode="d.m.yyyy"/><numFmt numFmtId="165" formatCode="0.0\\ %"/></numFmts><fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="165" applyNumberFormat="1"/></cellXfs></styleSheet>';

/** A report's lines as a person would type them into a sheet: `Label: value` in two cells. */
function workbookRows(text: string): unknown[][] {
  return text.split(/\r?\n/).map((line) => {
    const match = /^([^:\t]{1,80}):\s+(.+)$/.exec(line);
    if (!match) return line.split('\t');
    const [, label = '', value = ''] = match;
    const amount = /^(\d{1,3}(?: \d{3})*),(\d{2}) €$/.exec(value);
    if (!amount) return [label, value];
    const euros = Number(`${(amount[1] ?? '').replaceAll(' ', '')}.${amount[2]}`);
    return [label, { t: 'n', v: euros, z: '#,##0.00 "€"' }];
  });
}
