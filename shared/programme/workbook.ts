import { type Cell, xmlSafe } from '../api/formats.ts';

export interface Sheet {
  name: string;
  columns: string[];
  rows: Cell[][];
}

function cell(value: Cell): string | number | boolean | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'boolean') return value;
  return xmlSafe(value);
}

/**
 * An Office Open XML workbook of several sheets, written as `toXlsx` in shared/api/formats.ts
 * writes one: numbers stay numbers, text is a text cell (never a formula) without what XML forbids.
 */
export async function toWorkbook(sheets: Sheet[]): Promise<Uint8Array> {
  const XLSX = await import('@e965/xlsx');
  const workbook = XLSX.utils.book_new();
  const used = new Set<string>();
  for (const sheet of sheets) {
    let name =
      xmlSafe(sheet.name)
        .replace(/[:\\/?*[\]]/g, '-')
        .slice(0, 31) || 'data';
    for (let n = 2; used.has(name); n++) name = `${name.slice(0, 28)} ${n}`;
    used.add(name);
    const cells = [sheet.columns, ...sheet.rows].map((r) => r.map(cell));
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
