import type { ReadLimits, ReadResult } from './reader.ts';
import { parseXml, type XmlElement, XmlStop } from './xml.ts';

const NAMESPACES: Readonly<Record<string, string>> = {
  'urn:oasis:names:tc:opendocument:xmlns:office:1.0': 'office',
  'urn:oasis:names:tc:opendocument:xmlns:text:1.0': 'text',
  'urn:oasis:names:tc:opendocument:xmlns:table:1.0': 'table',
  'urn:oasis:names:tc:opendocument:xmlns:drawing:1.0': 'draw',
};

/** Columns a sheet has at most in LibreOffice and Excel (A to XFD). */
const MAX_COLUMNS = 16_384;

/** Parts of a cell the cell does not show as its text: comments, notes, drawings. */
function skipped(name: string): boolean {
  return name === 'office:annotation' || name === 'text:note' || name.startsWith('draw:');
}

/** A cell as LibreOffice shows it: its `text:p` text, with the typed value it was made from. */
export interface OdsCell {
  text: string;
  /** `office:value-type`: `float`, `currency`, `percentage`, `date`, `string`… */
  type: string | undefined;
  /** `office:value` of a number, currency or percentage. */
  value: string | undefined;
}

/** A row with text, its cells from the first filled column to the last. */
export interface OdsRow {
  /** 0-based row and column of the first filled cell. */
  row: number;
  column: number;
  cells: OdsCell[];
  /** Times the row is repeated below itself (`table:number-rows-repeated`). */
  repeat: number;
}

export interface OdsSheet {
  name: string;
  rows: OdsRow[];
}

/** A cell that holds a formula with no saved result. */
export interface OdsUnsavedFormula {
  sheet: string;
  row: number;
  column: number;
}

export type OdsGrid =
  | { success: true; sheets: OdsSheet[]; unsaved: OdsUnsavedFormula[] }
  | Extract<ReadResult, { success: false }>;

const EMPTY: OdsCell = { text: '', type: undefined, value: undefined };

interface OpenCell {
  /** `table:table` depth the cell was opened at: a table nested in it has cells of its own. */
  tables: number;
  covered: boolean;
  repeat: number;
  type: string | undefined;
  value: string | undefined;
  formula: boolean;
  paragraphs: string[];
}

interface OpenRow {
  repeat: number;
  /** 0-based column of the next cell. */
  column: number;
  filled: { column: number; repeat: number; cell: OdsCell }[];
}

function count(value: string | undefined): number {
  const n = value === undefined ? Number.NaN : Number.parseInt(value, 10);
  return Number.isFinite(n) && n > 1 ? n : 1;
}

function limit(message: string): XmlStop {
  return new XmlStop({ id: 'document-limit', message });
}

/** A cell's paragraphs joined by spaces; tabs and line breaks inside them read as spaces. */
function cellText(paragraphs: string[]): string {
  return paragraphs
    .map((p) => p.replace(/\s*[\p{Cc}\u2028\u2029]+\s*/gu, ' ').trim())
    .filter(Boolean)
    .join(' ');
}

/**
 * Reads an ODS content.xml as its sheets' grids, in order, hidden sheets too. Repeated cells and
 * rows are expanded only when they hold text; merged cells keep the text of the first one and
 * covered cells read as empty. Past the line, cell or text limits it stops with `document-limit`.
 */
export function readOdsGrid(content: Uint8Array, limits: ReadLimits, deadline: number): OdsGrid {
  const sheets: OdsSheet[] = [];
  const unsaved: OdsUnsavedFormula[] = [];
  const parents: string[] = [];
  let sheet: OdsSheet | undefined;
  let tables = 0;
  let rowIndex = 0;
  let row: OpenRow | undefined;
  let cell: OpenCell | undefined;
  let skipping = 0;
  /** Paragraphs open in the cell, and whether the innermost has text yet (ODF drops leading space). */
  let depth = 0;
  let started = false;
  let lines = 0;
  let cells = 0;
  let chars = 0;

  const append = (text: string): void => {
    if (!cell || depth === 0) return;
    const last = cell.paragraphs.length - 1;
    cell.paragraphs[last] += text;
  };

  const endCell = (open: OpenCell, at: OpenRow, name: string): void => {
    const text = open.covered ? '' : cellText(open.paragraphs);
    if (open.formula && open.type === undefined && !text) {
      unsaved.push({ sheet: name, row: rowIndex, column: at.column });
    }
    if (text) {
      if (at.column + open.repeat > MAX_COLUMNS) {
        throw limit(
          `The sheet ${name} has text past column ${MAX_COLUMNS}, the most a sheet has; it was refused, not cut.`,
        );
      }
      at.filled.push({
        column: at.column,
        repeat: open.repeat,
        cell: { text, type: open.type, value: open.value },
      });
    }
    at.column += open.repeat;
  };

  const endRow = (at: OpenRow, into: OdsSheet): void => {
    const first = at.filled[0];
    const last = at.filled[at.filled.length - 1];
    if (first && last) {
      lines += at.repeat;
      if (lines > limits.maxLines) {
        throw limit(
          `The spreadsheet holds at least ${lines} rows with text once repeats are counted; the limit is ${limits.maxLines} lines, so it was refused, not cut.`,
        );
      }
      const grid: OdsCell[] = Array.from(
        { length: last.column + last.repeat - first.column },
        () => EMPTY,
      );
      let rowChars = 0;
      for (const { column, repeat, cell: filled } of at.filled) {
        for (let n = 0; n < repeat; n++) grid[column - first.column + n] = filled;
        cells += repeat * at.repeat;
        rowChars += repeat * filled.text.length;
      }
      chars += rowChars * at.repeat;
      if (cells > limits.maxCells) {
        throw limit(
          `The spreadsheet holds more than ${limits.maxCells} filled cells once repeats are counted; it was refused, not cut.`,
        );
      }
      if (chars > limits.maxUnzippedBytes) {
        throw limit(
          `The spreadsheet's repeated cells read to more than ${limits.maxUnzippedBytes} characters; it was refused, not cut.`,
        );
      }
      into.rows.push({ row: rowIndex, column: first.column, cells: grid, repeat: at.repeat });
    }
    rowIndex += at.repeat;
  };

  const open = ({ name, attrs }: XmlElement): void => {
    const parent = parents[parents.length - 1];
    parents.push(name);
    if (skipping > 0 || (cell && skipped(name))) {
      skipping++;
      return;
    }
    switch (name) {
      case 'table:table':
        tables++;
        if (parent === 'office:spreadsheet') {
          sheet = { name: attrs.name ?? `Sheet${sheets.length + 1}`, rows: [] };
          sheets.push(sheet);
          rowIndex = 0;
        }
        break;
      case 'table:table-row':
        if (sheet && tables === 1 && !cell) {
          row = { repeat: count(attrs['number-rows-repeated']), column: 0, filled: [] };
        }
        break;
      case 'table:table-cell':
      case 'table:covered-table-cell':
        if (row && tables === 1 && !cell) {
          cell = {
            tables,
            covered: name === 'table:covered-table-cell',
            repeat: count(attrs['number-columns-repeated']),
            type: attrs['value-type'],
            value: attrs.value,
            formula: attrs.formula !== undefined,
            paragraphs: [],
          };
        }
        break;
      case 'text:p':
      case 'text:h':
        if (!cell) break;
        if (depth === 0) {
          cell.paragraphs.push('');
          started = false;
        }
        depth++;
        break;
      case 'text:s':
        append(' '.repeat(Math.min(count(attrs.c), 1000)));
        started = true;
        break;
      case 'text:tab':
        append('\t');
        started = true;
        break;
      case 'text:line-break':
        append('\n');
        started = false;
        break;
    }
  };

  const close = (name: string): void => {
    parents.pop();
    if (skipping > 0) {
      skipping--;
      return;
    }
    switch (name) {
      case 'table:table':
        tables--;
        if (tables === 0) sheet = undefined;
        break;
      case 'table:table-row':
        if (row && sheet && tables === 1 && !cell) {
          endRow(row, sheet);
          row = undefined;
        }
        break;
      case 'table:table-cell':
      case 'table:covered-table-cell':
        if (cell && row && sheet && cell.tables === tables) {
          endCell(cell, row, sheet.name);
          cell = undefined;
          depth = 0;
        }
        break;
      case 'text:p':
      case 'text:h':
        if (cell && depth > 0) depth--;
        break;
    }
  };

  const text = (value: string): void => {
    if (skipping > 0 || !cell || depth === 0) return;
    // ODF collapses white space in a paragraph: `text:s` and `text:tab` stand for the rest.
    let collapsed = value.replace(/[ \t\r\n]+/g, ' ');
    if (!started) collapsed = collapsed.trimStart();
    if (collapsed === '') return;
    started = true;
    append(collapsed);
  };

  const parsed = parseXml(
    content,
    'ODS spreadsheet part content.xml',
    NAMESPACES,
    { open, close, text },
    deadline,
  );
  if (!parsed.success) return parsed;
  return { success: true, sheets, unsaved };
}
