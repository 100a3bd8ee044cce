import { SaxesParser } from 'saxes';
import type { ReadFailure } from './reader.ts';

/** An element as the handlers see it: `name` uses the caller's prefix for its namespace. */
export interface XmlElement {
  /** `w:p` for WordprocessingML's `p` whatever prefix the document used; `?:p` if unknown. */
  name: string;
  /** Attribute values by local name (`w:val` → `val`). */
  attrs: Record<string, string>;
}

export interface XmlHandlers {
  open(element: XmlElement): void;
  close(name: string): void;
  text(text: string): void;
}

/** Thrown by a handler to stop parsing with a failure (a limit reached). */
export class XmlStop extends Error {
  readonly failure: ReadFailure;

  constructor(failure: ReadFailure) {
    super(failure.message);
    this.failure = failure;
    this.name = 'XmlStop';
  }
}

export type XmlResult = { success: true } | { success: false; error: ReadFailure };

/** Characters fed to the parser between two looks at the clock. */
const CHUNK = 1 << 18;

/** Decodes an XML part by its byte-order mark; OOXML and ODF parts are UTF-8 or UTF-16. */
export function decodeXml(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  return new TextDecoder('utf-8').decode(bytes);
}

function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon < 0 ? qualified : qualified.slice(colon + 1);
}

/**
 * Streams one XML part through `handlers` with saxes, naming elements by `namespaces`
 * (URI → prefix) so that a document's own prefixes do not matter. Entities are never expanded:
 * a DOCTYPE that declares any is refused, and saxes fails on references to undefined ones.
 */
export function parseXml(
  bytes: Uint8Array,
  part: string,
  namespaces: Readonly<Record<string, string>>,
  handlers: XmlHandlers,
  deadline: number,
): XmlResult {
  const parser = new SaxesParser({ position: true });
  const scopes: Map<string, string>[] = [new Map()];
  const names: string[] = [];

  parser.on('doctype', (doctype) => {
    if (/<!ENTITY/i.test(doctype)) {
      throw new XmlStop({
        id: 'document-unreadable',
        message: `The ${part} declares XML entities, which a document never needs; it is refused unread.`,
      });
    }
  });
  parser.on('opentag', (tag) => {
    const outer = scopes[scopes.length - 1] as Map<string, string>;
    let scope = outer;
    const attrs: Record<string, string> = {};
    for (const [key, value] of Object.entries(tag.attributes)) {
      const text = typeof value === 'string' ? value : value.value;
      if (key === 'xmlns' || key.startsWith('xmlns:')) {
        if (scope === outer) scope = new Map(outer);
        scope.set(key === 'xmlns' ? '' : key.slice(6), text);
      } else {
        attrs[localName(key)] = text;
      }
    }
    scopes.push(scope);
    const colon = tag.name.indexOf(':');
    const uri = scope.get(colon < 0 ? '' : tag.name.slice(0, colon));
    const prefix = uri === undefined ? '?' : (namespaces[uri] ?? '?');
    const name = `${prefix}:${localName(tag.name)}`;
    names.push(name);
    handlers.open({ name, attrs });
  });
  parser.on('closetag', () => {
    scopes.pop();
    const name = names.pop();
    if (name !== undefined) handlers.close(name);
  });
  parser.on('text', (text) => handlers.text(text));
  parser.on('error', (error) => {
    throw new XmlStop({
      id: 'document-unreadable',
      message: `The ${part} is not well-formed XML (${error.message}); save it again from the program that made it.`,
    });
  });
  parser.on('cdata', (text) => handlers.text(text));

  try {
    const xml = decodeXml(bytes);
    for (let at = 0; at < xml.length; ) {
      if (Date.now() >= deadline) {
        return {
          success: false,
          error: {
            id: 'document-limit',
            message: `Reading the ${part} took longer than the time limit.`,
          },
        };
      }
      let end = Math.min(at + CHUNK, xml.length);
      // A surrogate pair is not split between two writes.
      if (end < xml.length && /[\uD800-\uDBFF]/.test(xml.charAt(end - 1))) end++;
      parser.write(xml.slice(at, end));
      at = end;
    }
    parser.close();
  } catch (error) {
    if (error instanceof XmlStop) return { success: false, error: error.failure };
    throw error;
  }
  return { success: true };
}

interface LinesBox {
  kind: 'lines';
  lines: string[];
  /** Lines of text boxes anchored in the block being read, written after that block. */
  deferred: string[];
}

interface CellBox {
  kind: 'cell';
  /** Paragraph texts and the rows of tables nested in the cell. */
  items: string[];
  nested: boolean;
  /** Grid columns the cell spans (DOCX `gridSpan`). */
  span: number;
  /** A continuation of a merged cell: read as empty. */
  covered: boolean;
  /** Times the cell is repeated (ODT `number-columns-repeated`). */
  repeat: number;
}

type Box = LinesBox | CellBox;

interface Paragraph {
  box: Box;
  parts: string[];
}

interface Row {
  parent: Box;
  cells: CellBox[];
}

/** Most copies of one repeated table cell or row written out. */
const MAX_REPEAT = 64;
/** Most cells of one table row written out; past it a row is a spreadsheet's endless grid. */
const MAX_ROW_CELLS = 512;

// Line breaks and other control characters inside a run are read as spaces.
const CONTROL = /[^\P{Cc}\t]|[\u2028\u2029]/gu;

/**
 * Lays out a word-processing document's blocks as read-text lines: a paragraph is a line (a line
 * break starts another), a table row is one line of tab-joined cells whose paragraphs are joined
 * by spaces, a text box's lines follow the block it is anchored in, and empty paragraphs give at
 * most one empty line in a row. Past `maxLines` it throws `XmlStop` with `document-limit`.
 */
export class TextLayout {
  private readonly body: LinesBox = { kind: 'lines', lines: [], deferred: [] };
  private readonly boxes: Box[] = [this.body];
  private readonly paragraphs: Paragraph[] = [];
  private readonly rows: Row[] = [];
  private readonly tables: number[] = [];

  private readonly maxLines: number;

  constructor(maxLines: number) {
    this.maxLines = maxLines;
  }

  get lines(): string[] {
    const lines = this.body.lines;
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    return lines;
  }

  beginParagraph(): void {
    this.paragraphs.push({ box: this.top(), parts: [''] });
  }

  text(text: string): void {
    const paragraph = this.paragraphs[this.paragraphs.length - 1];
    if (!paragraph) return;
    paragraph.parts[paragraph.parts.length - 1] += text.replace(CONTROL, ' ');
  }

  lineBreak(): void {
    this.paragraphs[this.paragraphs.length - 1]?.parts.push('');
  }

  /** Ends the paragraph begun last; `prefix` is its list number or bullet. */
  endParagraph(prefix = ''): void {
    const paragraph = this.paragraphs.pop();
    if (!paragraph) return;
    const parts = paragraph.parts.map((part) => part.trimEnd());
    if (prefix) parts[0] = `${prefix}${parts[0]}`.trimEnd();
    const box = paragraph.box;
    if (box.kind === 'cell') {
      const text = parts
        .map((part) => part.replaceAll('\t', ' ').trim())
        .filter(Boolean)
        .join(' ');
      if (text) box.items.push(text);
      return;
    }
    for (const part of parts) this.write(box, part);
    this.flush(box);
  }

  /** A text box or frame: its lines are written after the block it is anchored in. */
  beginFloating(): void {
    this.boxes.push({ kind: 'lines', lines: [], deferred: [] });
  }

  endFloating(): void {
    const box = this.boxes[this.boxes.length - 1];
    if (this.boxes.length < 2 || box?.kind !== 'lines') return;
    this.boxes.pop();
    const lines = [...box.lines, ...box.deferred].filter((line) => line !== '');
    const outer = this.top();
    if (outer.kind === 'cell') outer.items.push(...lines);
    else if (
      this.paragraphs.some((p) => p.box === outer) ||
      this.rows.some((r) => r.parent === outer)
    )
      outer.deferred.push(...lines);
    else {
      for (const line of lines) this.write(outer, line);
    }
  }

  beginTable(): void {
    this.tables.push(this.rows.length);
  }

  endTable(): void {
    const depth = this.tables.pop();
    if (depth !== undefined) this.rows.length = depth;
  }

  beginRow(): void {
    this.rows.push({ parent: this.top(), cells: [] });
  }

  beginCell(): void {
    const cell: CellBox = {
      kind: 'cell',
      items: [],
      nested: false,
      span: 1,
      covered: false,
      repeat: 1,
    };
    this.rows[this.rows.length - 1]?.cells.push(cell);
    this.boxes.push(cell);
  }

  /** Marks the cell begun last: its column span, whether it continues a merged cell, repeats. */
  setCell(options: { span?: number; covered?: boolean; repeat?: number }): void {
    const cell = this.boxes[this.boxes.length - 1];
    if (cell?.kind !== 'cell') return;
    if (options.span !== undefined) cell.span = Math.max(1, Math.min(options.span, MAX_REPEAT));
    if (options.covered !== undefined) cell.covered = options.covered;
    if (options.repeat !== undefined)
      cell.repeat = Math.max(1, Math.min(options.repeat, MAX_REPEAT));
  }

  endCell(): void {
    if (this.boxes[this.boxes.length - 1]?.kind === 'cell') this.boxes.pop();
  }

  /** Ends the row begun last, written `repeat` times (ODT `number-rows-repeated`). */
  endRow(repeat = 1): void {
    const row = this.rows.pop();
    if (!row) return;
    const texts: string[] = [];
    row.cells.forEach((cell, at) => {
      const text = cell.covered ? '' : cell.items.map((i) => i.replaceAll('\t', ' ')).join(' ');
      // A span keeps the next cells in their columns; the last cell has none after it.
      const span = at === row.cells.length - 1 ? 1 : cell.span;
      for (let n = 0; n < cell.repeat && texts.length < MAX_ROW_CELLS; n++) {
        texts.push(text);
        for (let s = 1; s < span && texts.length < MAX_ROW_CELLS; s++) texts.push('');
      }
    });
    // One empty last cell says a label has no value; more are the table's unused columns.
    while (texts.length > 1 && texts[texts.length - 1] === '' && texts[texts.length - 2] === '')
      texts.pop();
    const filled = row.cells.filter((cell) => !cell.covered && cell.items.length > 0);
    if (filled.length === 0) return;
    const only = filled[0] as CellBox;
    // A one-column row, or a layout cell holding a table, keeps its paragraphs and rows as lines.
    const lines =
      (row.cells.length === 1 && only.repeat === 1) || (filled.length === 1 && only.nested)
        ? only.items
        : [texts.join('\t')];
    const times = Math.max(1, Math.min(repeat, MAX_REPEAT));
    for (let n = 0; n < times; n++) {
      for (const line of lines) {
        if (row.parent.kind === 'cell') {
          row.parent.items.push(line);
          row.parent.nested = true;
        } else this.write(row.parent, line);
      }
    }
    if (row.parent.kind === 'lines' && !this.rows.some((r) => r.parent === row.parent))
      this.flush(row.parent);
  }

  private top(): Box {
    return this.boxes[this.boxes.length - 1] ?? this.body;
  }

  private flush(box: LinesBox): void {
    if (this.paragraphs.some((p) => p.box === box)) return;
    const deferred = box.deferred.splice(0);
    for (const line of deferred) this.write(box, line);
  }

  private write(box: LinesBox, text: string): void {
    const lines = box.lines;
    if (text === '' && (lines.length === 0 || lines[lines.length - 1] === '')) return;
    lines.push(text);
    if (box === this.body && lines.length > this.maxLines) {
      throw new XmlStop({
        id: 'document-limit',
        message: `The document has more than ${this.maxLines} lines of text; the limit is ${this.maxLines}.`,
      });
    }
  }
}

const ROMAN: readonly [number, string][] = [
  [1000, 'm'],
  [900, 'cm'],
  [500, 'd'],
  [400, 'cd'],
  [100, 'c'],
  [90, 'xc'],
  [50, 'l'],
  [40, 'xl'],
  [10, 'x'],
  [9, 'ix'],
  [5, 'v'],
  [4, 'iv'],
  [1, 'i'],
];

/** A list item's number in lower-case Roman numerals (`iv`), as word processors number lists. */
export function romanNumeral(n: number): string {
  let out = '';
  let rest = n;
  for (const [value, digits] of ROMAN) {
    while (rest >= value) {
      out += digits;
      rest -= value;
    }
  }
  return out;
}

/** A list item's number as a lower-case letter; past z the letter repeats (`aa`, `bbb`). */
export function letterNumeral(n: number): string {
  return String.fromCharCode(97 + ((n - 1) % 26)).repeat(Math.floor((n - 1) / 26) + 1);
}
