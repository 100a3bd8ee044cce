export type Cell = string | number | boolean | null | undefined;
export type Row = Record<string, Cell>;

/** Text a spreadsheet would run as a formula (OWASP: `=`, `+`, `-`, `@`, tab, carriage return). */
const FORMULA_START = /^[=+\-@\t\r]/u;

function csvField(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  // A document's text is never a live formula in the auditor's spreadsheet; numbers stay numbers.
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n\t']/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * RFC 4180 CSV: CRLF line ends, a header row, fields quoted when they must be, text that would
 * start a formula neutralised, and a UTF-8 byte-order mark so that spreadsheets read ä and € right.
 */
export function toCsv(columns: string[], rows: Row[]): string {
  const lines = [
    columns.map(csvField).join(','),
    ...rows.map((row) => columns.map((c) => csvField(row[c])).join(',')),
  ];
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

const XML_FORBIDDEN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 forbids these characters
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text without the characters XML 1.0 cannot hold (C0 controls, U+FFFE/U+FFFF, lone surrogates). */
export function xmlSafe(text: string): string {
  return text.replace(XML_FORBIDDEN, '');
}

function xlsxCell(value: Cell): string | number | boolean | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'boolean') return value;
  return xmlSafe(value);
}

export interface Sheet {
  name: string;
  columns: string[];
  rows: Cell[][];
}

/** A one-sheet Office Open XML workbook: numbers stay numbers, text loses what XML forbids. */
export function toXlsx(columns: string[], rows: Row[], sheetName = 'data'): Promise<Uint8Array> {
  return toWorkbook([
    { name: sheetName, columns, rows: rows.map((row) => columns.map((c) => row[c])) },
  ]);
}

/**
 * An Office Open XML workbook of one or more sheets: numbers stay numbers, text is a text cell
 * (never a formula) without what XML forbids, and each sheet has a name Excel accepts.
 */
export async function toWorkbook(sheets: Sheet[]): Promise<Uint8Array> {
  const XLSX = await import('@e965/xlsx');
  const workbook = XLSX.utils.book_new();
  const used = new Set<string>();
  for (const sheet of sheets) {
    // Excel refuses sheet names over 31 characters, holding any of : \ / ? * [ ], or twice.
    let name =
      xmlSafe(sheet.name)
        .replace(/[:\\/?*[\]]/g, '-')
        .slice(0, 31) || 'data';
    for (let n = 2; used.has(name); n++) name = `${name.slice(0, 28)} ${n}`;
    used.add(name);
    const cells = [sheet.columns, ...sheet.rows].map((r) => r.map(xlsxCell));
    XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet(cells), name);
  }
  const bytes: Buffer = XLSX.write(workbook, {
    type: 'buffer',
    bookType: 'xlsx',
    bookSST: true,
    compression: true,
  });
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
