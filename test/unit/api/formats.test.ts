import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { toCsv, toXlsx, xmlSafe } from '../../../shared/api/formats.ts';

const COLUMNS = ['projectId', 'name', 'budget', 'active', 'note'];

function readBack(bytes: Uint8Array): { sheet: string; rows: unknown[][] } {
  const workbook = XLSX.read(bytes, { type: 'array' });
  const sheet = workbook.SheetNames[0] ?? '';
  const rows = XLSX.utils.sheet_to_json<unknown[]>(workbook.Sheets[sheet] as XLSX.WorkSheet, {
    header: 1,
    defval: null,
  });
  return { sheet, rows };
}

describe('toXlsx', () => {
  it('writes a header row and keeps numbers, booleans and text as they are', async () => {
    const rows = [
      { projectId: 'A80001', name: 'Digikeskus', budget: 1234567.5, active: true, note: null },
      { projectId: 'S21903', name: 'Työelämäsillat <&>', budget: 0, active: false, note: '' },
    ];

    const { sheet, rows: read } = readBack(await toXlsx(COLUMNS, rows, 'projects'));

    expect(sheet).toBe('projects');
    expect(read).toEqual([
      COLUMNS,
      ['A80001', 'Digikeskus', 1234567.5, true, null],
      ['S21903', 'Työelämäsillat <&>', 0, false, null],
    ]);
  });

  it('removes characters XML forbids from text cells and leaves every other value equal', async () => {
    const name = 'Hanke\uFFFE A\u0007B\uD800 \u{1F600} loppu';
    const rows = [{ projectId: 'A1\u0000', name, budget: 42, active: true, note: 'rivi\nrivi' }];

    const { rows: read } = readBack(await toXlsx(COLUMNS, rows, 'data'));

    expect(read[1]).toEqual(['A1', 'Hanke AB \u{1F600} loppu', 42, true, 'rivi\nrivi']);
  });

  it('gives Excel a sheet name it accepts', async () => {
    const { sheet } = readBack(await toXlsx(['a'], [], 'reports/[2024]:versions-of-every-project'));

    expect(sheet).toBe('reports--2024--versions-of-ever');
  });
});

describe('xmlSafe', () => {
  it('keeps tabs, line breaks and paired surrogates and drops the rest', () => {
    expect(xmlSafe('a\tb\nc\r\u{1F600}\u000B\u000C\uFFFF\uDC00')).toBe('a\tb\nc\r\u{1F600}');
  });
});

describe('toCsv', () => {
  it('quotes fields with commas, quotes or line breaks and ends lines with CRLF', () => {
    const csv = toCsv(
      ['a', 'b'],
      [
        { a: 'x,y', b: 'say "hi"' },
        { a: 1, b: null },
      ],
    );

    expect(csv).toBe('\ufeffa,b\r\n"x,y","say ""hi"""\r\n1,\r\n');
  });

  it.each([
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['@SUM(A1:A9)', `"'@SUM(A1:A9)"`],
    ['+358 40 1234', `"'+358 40 1234"`],
    ['-1+2', `"'-1+2"`],
    ['\tcmd', `"'\tcmd"`],
    ['\rcmd', `"'\rcmd"`],
    ['Hanke = hyvä', 'Hanke = hyvä'],
  ])('neutralises %j, which a spreadsheet would run as a formula', (name, field) => {
    const csv = toCsv(['name', 'amount'], [{ name, amount: -1500 }]);

    expect(csv.slice(1).split('\r\n')[1]).toBe(`${field},-1500`);
  });
});
