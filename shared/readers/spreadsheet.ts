import type { CellObject, WorkBook, WorkSheet } from '@e965/xlsx';
import type { Check } from '../schemas/report-record.ts';
import { type OdsCell, readOdsGrid } from './ods.ts';
import {
  type DocumentFormat,
  type Reader,
  type ReadLimits,
  type ReadLine,
  type ReadResult,
  readFailure,
  readingCheck,
} from './reader.ts';
import { parseXml, type XmlHandlers } from './xml.ts';
import { unzipChecked } from './zip.ts';

type Ssf = typeof import('@e965/xlsx').SSF;

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ODS_MIME = 'application/vnd.oasis.opendocument.spreadsheet';

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

function containsUtf16(bytes: Uint8Array, text: string): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(
    Buffer.from(text, 'utf16le'),
  );
}

function decode(bytes: Uint8Array | undefined, max = Number.POSITIVE_INFINITY): string {
  if (!bytes) return '';
  return new TextDecoder().decode(bytes.subarray(0, Math.min(bytes.length, max)));
}

/** Counts `<c ...>` elements: the cells a worksheet really holds, whatever its dimension says. */
function countCellTags(xml: Uint8Array): number {
  let count = 0;
  for (let i = 0; i < xml.length - 2; i++) {
    if (xml[i] !== 0x3c || xml[i + 1] !== 0x63) continue;
    const next = xml[i + 2];
    if (next === 0x20 || next === 0x3e || next === 0x2f || next === 0x09 || next === 0x0a) count++;
  }
  return count;
}

function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** Cells in a `<dimension ref="A1:Z1000000">`, or undefined when the sheet declares none. */
function declaredCells(sheetXml: Uint8Array): { ref: string; cells: number } | undefined {
  const match = /<(?:\w+:)?dimension\s+ref="([A-Z]{1,3})(\d{1,7})(?::([A-Z]{1,3})(\d{1,7}))?"/.exec(
    decode(sheetXml, 4096),
  );
  if (!match) return undefined;
  const [, c1 = 'A', r1 = '1', c2 = c1, r2 = r1] = match;
  const cols = Math.abs(columnIndex(c2) - columnIndex(c1)) + 1;
  const rows = Math.abs(Number(r2) - Number(r1)) + 1;
  return { ref: match[0].replace(/^.*ref="/, '').replace(/"$/, ''), cells: cols * rows };
}

/** The container's XML parts (sheets, shared strings, workbook, relationships, content.xml). */
const XML_PART = /\.(?:xml|rels)$/i;

const IGNORE_XML: XmlHandlers = { open() {}, close() {}, text() {} };

/**
 * Streams every XML part through the strict parser before SheetJS reads the workbook: SheetJS
 * reads a cut-off or unclosed element leniently, so a damaged part and a DOCTYPE that declares
 * entities are refused here as the DOCX and ODT readers refuse them. An ODS content.xml is left
 * to `readOdsGrid`, which parses it as strictly.
 */
function checkXmlParts(
  files: ReadonlyMap<string, Uint8Array>,
  format: 'xlsx' | 'ods',
  deadline: number,
): ReadResult | undefined {
  for (const [name, xml] of files) {
    if (!XML_PART.test(name) || (format === 'ods' && name === 'content.xml')) continue;
    const part = `${format.toUpperCase()} spreadsheet part ${name}`;
    const parsed = parseXml(xml, part, {}, IGNORE_XML, deadline);
    if (!parsed.success) return { success: false, error: parsed.error };
  }
  return undefined;
}

type Container =
  | { success: true; format: 'xlsx' | 'ods'; files: ReadonlyMap<string, Uint8Array> }
  | { success: false; result: ReadResult };

/**
 * Opens the ZIP with its limits checked, tells XLSX from ODS, checks the declared sizes, then
 * that every XML part is well-formed, with no entities, before `deadline`.
 */
async function checkContainer(
  bytes: Uint8Array,
  limits: ReadLimits,
  deadline: number,
): Promise<Container> {
  const fail = (result: ReadResult): Container => ({ success: false, result });
  if (bytes.length > limits.maxBytes) {
    return fail(
      readFailure(
        'document-too-large',
        `The spreadsheet is ${bytes.length} bytes; the limit is ${limits.maxBytes} bytes.`,
      ),
    );
  }
  if (startsWith(bytes, CFB_MAGIC)) {
    return fail(
      containsUtf16(bytes, 'EncryptedPackage')
        ? readFailure(
            'document-encrypted',
            'The workbook is password-protected; save it again without a password.',
          )
        : readFailure(
            'unsupported-format',
            'The file is a legacy Excel workbook (.xls); save it as .xlsx or .ods.',
          ),
    );
  }
  if (!startsWith(bytes, ZIP_MAGIC)) {
    return fail(
      readFailure(
        'unsupported-format',
        'The file is not an XLSX or ODS workbook; save it as .xlsx or .ods.',
      ),
    );
  }
  const wanted = (name: string) => name === 'mimetype' || XML_PART.test(name);
  const unzipped = await unzipChecked(bytes, limits, wanted, 'spreadsheet');
  if (!unzipped.success) return fail({ success: false, error: unzipped.error });
  const files = unzipped.data;
  const contentTypes = decode(files.get('[Content_Types].xml'));
  const mimetype = decode(files.get('mimetype'), 200).trim();
  let format: 'xlsx' | 'ods';
  if (/spreadsheetml\.(?:sheet|template)\.main|ms-excel\.(?:sheet|template)/.test(contentTypes)) {
    format = 'xlsx';
  } else if (
    mimetype.startsWith(ODS_MIME) ||
    (!mimetype && decode(files.get('content.xml'), 4096).includes('<office:spreadsheet'))
  ) {
    format = 'ods';
    if (decode(files.get('META-INF/manifest.xml')).includes('encryption-data')) {
      return fail(
        readFailure(
          'document-encrypted',
          'The spreadsheet is password-protected; save it again without a password.',
        ),
      );
    }
  } else {
    return fail(
      readFailure(
        'unsupported-format',
        'The ZIP file is not an XLSX or ODS workbook (it may be a text document or an archive); save the spreadsheet as .xlsx or .ods.',
      ),
    );
  }
  let cells = 0;
  for (const [name, xml] of files) {
    if (!name.startsWith('xl/worksheets/')) continue;
    const declared = declaredCells(xml);
    if (declared && declared.cells > limits.maxCells) {
      return fail(
        cellLimit(
          `The worksheet ${name} declares the range ${declared.ref} (${declared.cells} cells); the limit is ${limits.maxCells} cells, so the workbook was refused, not cut.`,
        ),
      );
    }
    cells += countCellTags(xml);
    if (cells > limits.maxCells) {
      return fail(
        cellLimit(
          `The workbook holds more than ${limits.maxCells} cells; it was refused, not cut.`,
        ),
      );
    }
  }
  const malformed = checkXmlParts(files, format, deadline);
  if (malformed) return fail(malformed);
  return { success: true, format, files };
}

function cellLimit(message: string): ReadResult {
  return readFailure('document-limit', message);
}

/** Finnish grouping and decimal comma: `1 234,50` reads the same in fi, sv and en text. */
function localizeNumber(text: string): string {
  return text.replace(/\d[\d,]*(?:\.\d+)?/g, (number) =>
    number.replace(/[,.]/g, (sep) => (sep === ',' ? ' ' : ',')),
  );
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A date as the format orders it: ISO when the year comes first, otherwise d.m.yyyy. */
function formatDate(ssf: Ssf, serial: number, format: string): string {
  const code = ssf.parse_date_code(serial);
  const tokens = format.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '').toLowerCase();
  const hasDate = /[dy]/.test(tokens) || (/m/.test(tokens) && !/[hs]/.test(tokens));
  const hasTime = /[hs]/.test(tokens);
  const iso = tokens.indexOf('y') >= 0 && tokens.indexOf('y') < tokens.search(/[md]/);
  const date = iso ? `${code.y}-${pad(code.m)}-${pad(code.d)}` : `${code.d}.${code.m}.${code.y}`;
  const time = `${code.H}:${pad(code.M)}${/s/.test(tokens) ? `:${pad(code.S)}` : ''}`;
  if (!hasDate) return time;
  return hasTime ? `${date} ${time}` : date;
}

function formatPercent(value: number, format: string): string {
  const plain = format.replace(/["\\]/g, '');
  const decimals = /\.(0+)/.exec(plain)?.[1]?.length ?? 0;
  const spaced = /\s%/.test(plain);
  return `${localizeNumber((value * 100).toFixed(decimals))}${spaced ? ' ' : ''}%`;
}

/** The text a person sees in a number cell, with the format applied as a Finnish locale shows it. */
function formatNumber(ssf: Ssf, cell: CellObject): string {
  const value = cell.v as number;
  const format = typeof cell.z === 'string' ? cell.z : 'General';
  if (ssf.is_date(format)) return formatDate(ssf, value, format);
  try {
    return localizeNumber(ssf.format(format, value));
  } catch {
    // SSF rejects some formats Excel and LibreOffice write (`0\ %`): the value, formatted plainly.
    if (format.includes('%')) return formatPercent(value, format);
    return localizeNumber(String(value));
  }
}

function cellText(ssf: Ssf, cell: CellObject): string {
  let text: string;
  if (cell.t === 'n' && typeof cell.v === 'number') text = formatNumber(ssf, cell);
  else if (cell.t === 'b') text = cell.v ? 'TRUE' : 'FALSE';
  else if (cell.t === 'e') text = cell.w ?? '#ERROR';
  else if (cell.t === 'd' && cell.v instanceof Date) text = cell.v.toISOString().slice(0, 10);
  else text = cell.v === undefined || cell.v === null ? (cell.w ?? '') : String(cell.v);
  return text.replace(/\s*[\r\n\t]+\s*/g, ' ').trim();
}

function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  }
  return name;
}

function unsavedFormula(sheet: string, row: number, column: number): Check {
  return readingCheck(
    'formula-without-value',
    'warning',
    `Cell ${columnName(column)}${row + 1} on sheet ${sheet} holds a formula with no saved result; open and save the workbook in a spreadsheet program.`,
  );
}

const NUMERIC_TYPES = new Set(['float', 'currency', 'percentage']);

/**
 * An ODS cell's text as LibreOffice saved it, with numbers written as the XLSX cells are read:
 * LibreOffice saves the text in the locale it ran in, so `255,000.00 €` of 255000 reads
 * `255 000,00 €`. A number that is not the value read with `.` for decimals stays as it is.
 */
function odsCellText(cell: OdsCell): string {
  if (cell.type === undefined || !NUMERIC_TYPES.has(cell.type)) return cell.text;
  const text = cell.text.replace(/(?<=\d)[\u00a0\u2007\u2009\u202f](?=\d)/g, ' ');
  const value = Number(cell.value);
  if (cell.value === undefined || !Number.isFinite(value)) return text;
  const shown = Math.abs(cell.type === 'percentage' ? value * 100 : value);
  return text.replace(/\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+/g, (number) => {
    const decimals = number.split('.')[1]?.length ?? 0;
    const read = Number(number.replaceAll(',', ''));
    const rounding = 0.5 * 10 ** -decimals + 1e-9 * shown;
    return Math.abs(read - shown) <= rounding ? localizeNumber(number) : number;
  });
}

interface SheetText {
  lines: ReadLine[];
  cells: number;
}

/**
 * One line per non-empty row: its cells from the first to the last filled one, joined by tabs;
 * a run of empty rows between them gives one empty line.
 */
function readSheet(ssf: Ssf, name: string, sheet: WorkSheet, checks: Check[]): SheetText {
  const lines: ReadLine[] = [];
  let cells = 0;
  // Empty rows part a sheet's blocks as blank lines part a text's: one empty line stands for them.
  let previous = -1;
  const rows = (sheet['!data'] ?? []) as (CellObject | null | undefined)[][];
  // A merged range shows its top-left cell only; programs may keep text hidden under the rest.
  for (const { s, e } of sheet['!merges'] ?? []) {
    for (let r = s.r; r <= Math.min(e.r, rows.length - 1); r++) {
      const row = rows[r];
      if (!row) continue;
      for (let c = s.c; c <= Math.min(e.c, row.length - 1); c++) {
        if (r !== s.r || c !== s.c) row[c] = undefined;
      }
    }
  }
  rows.forEach((row, r) => {
    if (!row) return;
    const texts: string[] = [];
    let first = -1;
    let last = -1;
    row.forEach((cell, c) => {
      if (!cell) return;
      cells++;
      if (cell.f && cell.v === undefined) checks.push(unsavedFormula(name, r, c));
      const text = cellText(ssf, cell);
      if (!text) return;
      texts[c] = text;
      if (first < 0) first = c;
      last = c;
    });
    if (first < 0) return;
    const joined = Array.from({ length: last - first + 1 }, (_, i) => texts[first + i] ?? '');
    if (lines.length > 0 && r > previous + 1) lines.push({ text: '' });
    lines.push({ text: joined.join('\t'), sheet: name, cell: `${columnName(first)}${r + 1}` });
    previous = r;
  });
  return { lines, cells };
}

function timedOut(started: number, limits: ReadLimits): ReadResult {
  return readFailure(
    'document-limit',
    `Reading the spreadsheet took longer than ${limits.timeoutMs} ms (${Date.now() - started} ms).`,
  );
}

/** Appends a sheet's lines, under the sheet's name when the workbook has more than one sheet. */
function addSheet(
  lines: ReadLine[],
  name: string,
  read: readonly ReadLine[],
  sheets: number,
): void {
  if (read.length === 0) return;
  if (sheets > 1) {
    if (lines.length > 0) lines.push({ text: '' });
    lines.push({ text: name, sheet: name });
  }
  for (const line of read) lines.push(line);
}

function linesPastLimit(limits: ReadLimits): ReadResult {
  return readFailure(
    'document-limit',
    `The workbook reads to more than ${limits.maxLines} lines; it was refused, not cut.`,
  );
}

function readDocument(format: DocumentFormat, lines: ReadLine[], checks: Check[]): ReadResult {
  if (lines.length === 0) {
    checks.push(
      readingCheck(
        'empty-spreadsheet',
        'warning',
        `No sheet of the ${format.toUpperCase()} workbook has a filled cell that could be read.`,
      ),
    );
  }
  return { success: true, data: { format, lines, checks } };
}

/** An ODS read from content.xml: SheetJS drops the text LibreOffice shows for formatted cells. */
function readOdsWorkbook(
  files: ReadonlyMap<string, Uint8Array>,
  limits: ReadLimits,
  deadline: number,
): ReadResult {
  const content = files.get('content.xml');
  if (!content) {
    return readFailure(
      'document-unreadable',
      'The ODS spreadsheet has no content.xml, the part that holds its sheets; save it again from the program that made it.',
    );
  }
  const grid = readOdsGrid(content, limits, deadline);
  if (!grid.success) return grid;
  const checks = grid.unsaved.map(({ sheet, row, column }) => unsavedFormula(sheet, row, column));
  const lines: ReadLine[] = [];
  for (const sheet of grid.sheets) {
    const read: ReadLine[] = [];
    let next = -1;
    for (const { row, column, cells, repeat } of sheet.rows) {
      const text = cells.map(odsCellText).join('\t');
      if (read.length > 0 && row > next) read.push({ text: '' });
      next = row + repeat;
      for (let n = 0; n < repeat; n++) {
        read.push({ text, sheet: sheet.name, cell: `${columnName(column)}${row + n + 1}` });
      }
    }
    addSheet(lines, sheet.name, read, grid.sheets.length);
    if (lines.length > limits.maxLines) return linesPastLimit(limits);
  }
  return readDocument('ods', lines, checks);
}

async function readSpreadsheet(bytes: Uint8Array, limits: ReadLimits): Promise<ReadResult> {
  const started = Date.now();
  const deadline = started + limits.timeoutMs;
  const container = await checkContainer(bytes, limits, deadline);
  if (!container.success) return container.result;
  if (Date.now() - started > limits.timeoutMs) return timedOut(started, limits);
  if (container.format === 'ods') return readOdsWorkbook(container.files, limits, deadline);
  const XLSX = await import('@e965/xlsx');
  let workbook: WorkBook;
  try {
    workbook = XLSX.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      type: 'buffer',
      dense: true,
      cellNF: true,
      cellText: true,
      cellDates: false,
      cellHTML: false,
      cellStyles: false,
      sheetStubs: false,
      bookVBA: false,
      // One row past the line limit is enough to know the sheet is too long, without building it.
      sheetRows: limits.maxLines + 1,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return readFailure(
      'document-unreadable',
      `The ${container.format.toUpperCase()} workbook is damaged and cannot be read (${reason}); save it again from the program that made it.`,
    );
  }
  if (Date.now() - started > limits.timeoutMs) return timedOut(started, limits);
  const format: DocumentFormat = container.format;
  const lines: ReadLine[] = [];
  const checks: Check[] = [];
  let cells = 0;
  const names = workbook.SheetNames;
  for (const name of names) {
    const sheet = workbook.Sheets[name];
    if (!sheet) continue;
    if ((sheet['!data']?.length ?? 0) > limits.maxLines) {
      return readFailure(
        'document-limit',
        `The sheet ${name} has more than ${limits.maxLines} rows; the workbook was refused, not cut.`,
      );
    }
    const read = readSheet(XLSX.SSF, name, sheet, checks);
    cells += read.cells;
    if (cells > limits.maxCells) {
      return readFailure(
        'document-limit',
        `The workbook holds more than ${limits.maxCells} cells; it was refused, not cut.`,
      );
    }
    addSheet(lines, name, read.lines, names.length);
    if (lines.length > limits.maxLines) return linesPastLimit(limits);
    if (Date.now() - started > limits.timeoutMs) return timedOut(started, limits);
  }
  return readDocument(format, lines, checks);
}

/** Reads an XLSX workbook (an ODS given by mistake is read as ODS): one line per non-empty row. */
export const readXlsx: Reader = (bytes, limits) => readSpreadsheet(bytes, limits);

/** Reads an ODS spreadsheet (an XLSX given by mistake is read as XLSX): one line per non-empty row. */
export const readOds: Reader = (bytes, limits) => readSpreadsheet(bytes, limits);
