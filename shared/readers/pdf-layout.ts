/** One run of text on a PDF page: x and y (baseline) in points from the page's bottom left. */
export interface TextRun {
  text: string;
  x: number;
  y: number;
  width: number;
  /** Font size in points. */
  size: number;
}

/** Text on one baseline between two wide gaps: a table cell, a column's part of a row. */
export interface Segment {
  text: string;
  x0: number;
  x1: number;
}

/** The runs of one baseline, cut into segments at wide gaps. */
export interface LayoutLine {
  y: number;
  size: number;
  segments: Segment[];
  /** The runs the segments were built from, kept to cut them again at a table's tab stops. */
  runs?: readonly TextRun[];
}

export interface PageLines {
  width: number;
  height: number;
  lines: LayoutLine[];
}

const x0Of = (line: LayoutLine) => line.segments[0]?.x0 ?? 0;
const x1Of = (line: LayoutLine) => line.segments[line.segments.length - 1]?.x1 ?? 0;
export const lineText = (line: LayoutLine) => line.segments.map((s) => s.text).join('\t');

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Runs grouped by baseline, top of the page first; each group sorted left to right. */
export function groupBaselines(runs: readonly TextRun[]): TextRun[][] {
  const sorted = runs.filter((r) => r.text.trim() !== '').sort((a, b) => b.y - a.y || a.x - b.x);
  const rows: TextRun[][] = [];
  let row: TextRun[] = [];
  let rowY = 0;
  let rowSize = 0;
  for (const run of sorted) {
    // Runs of one line differ in baseline by rounding, or by a superscript's shift; a run printed
    // over another at another baseline is the next line crowding this one.
    if (
      row.length > 0 &&
      rowY - run.y <= 0.4 * Math.min(rowSize, run.size) &&
      !(rowY - run.y > 1 && row.some((r) => overprints(r, run)))
    ) {
      row.push(run);
      continue;
    }
    if (row.length > 0) rows.push(row);
    row = [run];
    rowY = run.y;
    rowSize = run.size;
  }
  if (row.length > 0) rows.push(row);
  return rows.map((r) => r.sort((a, b) => a.x - b.x));
}

/** Whether two runs cover the same stretch of the line: most of the narrower one. */
function overprints(a: TextRun, b: TextRun): boolean {
  const shared = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  return shared > 0.5 * Math.min(a.width, b.width);
}

export type Gap = 'none' | 'space' | 'tab';

/** What a horizontal gap between two runs on one baseline stands for. */
export function classifyGap(left: TextRun, right: TextRun): Gap {
  const gap = right.x - (left.x + left.width);
  const em = Math.min(left.size, right.size);
  const chars = left.text.length + right.text.length;
  const avgChar = chars > 0 ? (left.width + right.width) / chars : em / 2;
  const charWidth = Math.min(Math.max(avgChar, 0.3 * em), 0.7 * em);
  if (gap > 2 * charWidth) return 'tab';
  if (gap > 0.15 * em || /\s$/u.test(left.text) || /^\s/u.test(right.text)) return 'space';
  return 'none';
}

/** A list item's number or bullet, alone: `1.`, `2)`, `a)`, `•`. */
const LIST_MARKER = /^\s*(?:\d{1,2}[.)]|\p{Ll}\)|[•◦▪‣●○■□–-])\s*$/u;

/** One baseline's runs as a line of segments; drawn twice (fake bold) counts once. */
export function buildLine(row: readonly TextRun[], stops: readonly number[] = []): LayoutLine {
  const runs = stops.length > 0 ? row.flatMap((run) => cutAtStops(run, stops)) : row;
  const segments: Segment[] = [];
  const kept: TextRun[] = [];
  let current: Segment | undefined;
  let previous: TextRun | undefined;
  for (const run of runs) {
    if (previous && run.text === previous.text && Math.abs(run.x - previous.x) < 1) continue;
    let gap = previous ? classifyGap(previous, run) : 'tab';
    if (
      previous &&
      gap !== 'tab' &&
      atStop(run.x, stops) &&
      startsCell(gap === 'space' ? `${previous.text} ` : previous.text, run.text, false)
    ) {
      gap = 'tab';
    }
    // A list's number or bullet hangs apart from its item's text: one line, not two cells.
    if (gap === 'tab' && segments.length === 1 && current && LIST_MARKER.test(current.text)) {
      gap = 'space';
    }
    const text = run.text.replace(/\s+/gu, ' ');
    if (!current || gap === 'tab') {
      current = { text: text.trimStart(), x0: run.x, x1: run.x + run.width };
      segments.push(current);
    } else {
      current.text =
        gap === 'space' ? `${current.text.trimEnd()} ${text.trimStart()}` : current.text + text;
      current.x1 = Math.max(current.x1, run.x + run.width);
    }
    kept.push(run);
    previous = run;
  }
  for (const segment of segments) segment.text = segment.text.trim();
  return {
    y: row[0]?.y ?? 0,
    size: Math.max(...row.map((r) => r.size)),
    segments: segments.filter((s) => s.text !== ''),
    runs: kept,
  };
}

export function buildLines(runs: readonly TextRun[]): LayoutLine[] {
  return groupBaselines(runs)
    .map((row) => buildLine(row))
    .filter((line) => line.segments.length > 0);
}

/** How near a stop a cell's left edge is, in points. */
const STOP_REACH = 2;
/** Rows that start a cell at one x before it counts as a tab stop of their table. */
const STOP_ROWS = 3;

const atStop = (x: number, stops: readonly number[]) =>
  stops.some((stop) => Math.abs(stop - x) <= STOP_REACH);

/**
 * Whether a cell may start between two texts: a word that does not go on in lower case, after a
 * space or straight after a word's end. Inside one run only a capital starts a cell, as a number
 * after a space there is as likely the rest of a figure.
 */
function startsCell(before: string, after: string, inRun: boolean): boolean {
  const a = before[before.length - 1] ?? ' ';
  const b = after[0] ?? ' ';
  if (/\s/u.test(a)) {
    const prior = before.trimEnd();
    return /\p{Lu}/u.test(b) || (!inRun && prior !== '' && /[\p{N}\p{Sc}]/u.test(b));
  }
  return /[\p{Ll}\p{N}\p{Sc}%)]/u.test(a) && /\p{Lu}/u.test(b);
}

/** A tab stop: an x where rows of a block start a cell, and those rows (indices in the block). */
export interface TabStop {
  x: number;
  rows: ReadonlySet<number>;
}

/**
 * The x positions where at least three rows of a block start a cell after a tab gap: the left
 * edges of a table's columns, or the tab stops a word processor lined its rows up on.
 */
export function tabStops(lines: readonly LayoutLine[]): TabStop[] {
  const starts = lines
    .flatMap((line, row) => line.segments.slice(1).map((s) => ({ x: s.x0, row })))
    .sort((a, b) => a.x - b.x);
  const stops: TabStop[] = [];
  for (let i = 0; i < starts.length; ) {
    const x = starts[i]?.x ?? 0;
    const rows = new Set<number>();
    for (; i < starts.length && (starts[i]?.x ?? 0) - x <= STOP_REACH; i++) {
      rows.add(starts[i]?.row ?? 0);
    }
    if (rows.size >= STOP_ROWS) stops.push({ x, rows });
  }
  return stops;
}

/** How many lines up or down a row that uses a stop makes the stop hold for a line. */
const STOP_NEAR = 2;

/**
 * The block's lines with a cell cut off where a run, or a word inside a run, starts at a tab stop
 * that rows near the line use: cells that touch, or that PDF.js printed as one run, are told
 * apart, and prose away from the table is left whole.
 */
export function alignToStops(lines: readonly LayoutLine[]): LayoutLine[] {
  const stops = tabStops(lines);
  if (stops.length === 0) return [...lines];
  return lines.map((line, row) => {
    const near = stops
      .filter((stop) => [...stop.rows].some((r) => Math.abs(r - row) <= STOP_NEAR))
      .map((stop) => stop.x);
    const inside = (s: Segment) => near.some((x) => x > s.x0 + STOP_REACH && x < s.x1 - STOP_REACH);
    if (!line.runs || !line.segments.some(inside)) return line;
    return buildLine(line.runs, near);
  });
}

// Glyph widths of a common sans serif in thousandths of an em, to place a run's characters.
const GLYPH_WIDTHS: Record<string, number> = {
  ' ': 278,
  a: 556,
  b: 556,
  c: 500,
  d: 556,
  e: 556,
  f: 278,
  g: 556,
  h: 556,
  i: 222,
  j: 222,
  k: 500,
  l: 222,
  m: 833,
  n: 556,
  o: 556,
  p: 556,
  q: 556,
  r: 333,
  s: 500,
  t: 278,
  u: 556,
  v: 500,
  w: 722,
  x: 500,
  y: 500,
  z: 500,
  A: 667,
  B: 667,
  C: 722,
  D: 722,
  E: 667,
  F: 611,
  G: 778,
  H: 722,
  I: 278,
  J: 500,
  K: 667,
  L: 556,
  M: 833,
  N: 722,
  O: 778,
  P: 667,
  Q: 778,
  R: 722,
  S: 667,
  T: 611,
  U: 722,
  V: 667,
  W: 944,
  X: 667,
  Y: 667,
  Z: 611,
  '.': 278,
  ',': 278,
  ':': 278,
  ';': 278,
  '-': 333,
  '(': 333,
  ')': 333,
  '/': 278,
  '%': 889,
  '&': 667,
  "'": 191,
};

function glyphWidth(char: string): number {
  const base = char.normalize('NFD')[0] ?? char;
  return GLYPH_WIDTHS[base] ?? (/\p{N}/u.test(char) ? 556 : 600);
}

/** A run cut where a word inside it starts at a tab stop, its parts placed by glyph widths. */
function cutAtStops(run: TextRun, stops: readonly number[]): TextRun[] {
  const end = run.x + run.width;
  const inside = stops.filter((x) => x > run.x + STOP_REACH && x < end - STOP_REACH);
  if (inside.length === 0 || run.text.length < 2) return [run];
  const chars = [...run.text];
  const widths = chars.map(glyphWidth);
  const scale = run.width / widths.reduce((sum, w) => sum + w, 0);
  const starts: number[] = [];
  let x = run.x;
  for (const width of widths) {
    starts.push(x);
    x += width * scale;
  }
  for (const stop of inside) {
    let best: number | undefined;
    for (let i = 1; i < chars.length; i++) {
      if (!startsCell(chars.slice(0, i).join(''), chars[i] ?? '', true)) continue;
      const miss = Math.abs((starts[i] ?? 0) - stop);
      if (
        miss <= 0.6 * run.size &&
        (best === undefined || miss < Math.abs((starts[best] ?? 0) - stop))
      )
        best = i;
    }
    if (best === undefined) continue;
    const left = chars.slice(0, best).join('');
    const kept = left.trimEnd().length;
    const leftEnd = kept > 0 ? (starts[kept - 1] ?? 0) + (widths[kept - 1] ?? 0) * scale : run.x;
    return [
      { ...run, text: left, width: Math.min(leftEnd, stop) - run.x },
      ...cutAtStops(
        { ...run, text: chars.slice(best).join(''), x: stop, width: end - stop },
        stops,
      ),
    ];
  }
  return [run];
}

// A page number alone: `3`, `- 3 -`, `Page 3 of 9`, `Sivu 3 / 9`, `Sida 3 (9)`, `3/9`.
const PAGE_NUMBER =
  /^(?:(?:page|sivu|sida|seite|s\.|p\.)\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:\/|of|av|\()\s*\d{1,4}\s*\)?)?$/iu;

export function isPageNumber(text: string): boolean {
  return PAGE_NUMBER.test(text.trim());
}

/** Share of the page height, at the top and at the bottom, where headers and footers sit. */
const FURNITURE_BAND = 0.1;
const SAME_PLACE = 3;

const inBand = (line: LayoutLine, page: PageLines) =>
  line.y > page.height * (1 - FURNITURE_BAND) || line.y < page.height * FURNITURE_BAND;

/** A header or footer's text with its page numbers blanked, so that every page's copy matches. */
const furnitureKey = (line: LayoutLine) =>
  lineText(line).replace(/\d+/gu, '#').replace(/\s+/gu, ' ').toLowerCase();

/**
 * The pages without their running headers and footers (a line repeated at the same height near
 * the top or bottom of most pages, page numbers aside) and without page numbers.
 */
export function removeFurniture(pages: readonly PageLines[]): PageLines[] {
  const byKey = new Map<string, Seen[]>();
  pages.forEach((page, index) => {
    for (const line of page.lines) {
      if (!inBand(line, page)) continue;
      const key = furnitureKey(line);
      byKey.set(key, [
        ...(byKey.get(key) ?? []),
        { page: index + 1, y: line.y, text: lineText(line) },
      ]);
    }
  });
  const needed = Math.max(2, Math.ceil(0.4 * pages.length));
  const repeated = (line: LayoutLine) => {
    const seen = (byKey.get(furnitureKey(line)) ?? []).filter(
      (s) => Math.abs(s.y - line.y) <= SAME_PLACE,
    );
    return new Set(seen.map((s) => s.page)).size >= needed && numberedAlike(seen);
  };
  return pages.map((page) => ({
    ...page,
    lines: page.lines.flatMap((line) => {
      if (!inBand(line, page)) return [line];
      if (pages.length > 1 && repeated(line)) return [];
      const segments = line.segments.filter((s) => !isPageNumber(s.text));
      if (segments.length === line.segments.length) return [line];
      return segments.length > 0 ? [{ y: line.y, size: line.size, segments }] : [];
    }),
  }));
}

interface Seen {
  page: number;
  y: number;
  text: string;
}

/** Copies of one line that are the same text, or differ only by a number that counts the pages. */
function numberedAlike(seen: readonly Seen[]): boolean {
  if (new Set(seen.map((s) => s.text)).size === 1) return true;
  const offsets = seen.map(
    (s) => new Set((s.text.match(/\d+/gu) ?? []).map((n) => Number(n) - s.page)),
  );
  const [first, ...rest] = offsets;
  return [...(first ?? [])].some((offset) => rest.every((set) => set.has(offset)));
}

/** The usual distance between consecutive baselines over the pages: the most frequent one. */
export function lineSpacing(pages: readonly (readonly LayoutLine[])[]): number {
  const counts = new Map<number, number[]>();
  for (const lines of pages) {
    for (let i = 1; i < lines.length; i++) {
      const a = lines[i - 1];
      const b = lines[i];
      if (!a || !b || a.y - b.y <= 0) continue;
      const bucket = Math.round(a.y - b.y);
      const deltas = counts.get(bucket) ?? [];
      deltas.push(a.y - b.y);
      counts.set(bucket, deltas);
    }
  }
  let best: number[] = [];
  for (const [bucket, deltas] of [...counts].sort((a, b) => a[0] - b[0])) {
    const near = [...(counts.get(bucket - 1) ?? []), ...deltas, ...(counts.get(bucket + 1) ?? [])];
    if (near.length > best.length) best = near;
  }
  return best.length > 0 ? median(best) : 1.2 * median(pages.flat().map((l) => l.size));
}

/** The font size most of the text is set in: the body text's size. */
export function bodySize(pages: readonly (readonly LayoutLine[])[]): number {
  const chars = new Map<number, number>();
  for (const lines of pages) {
    for (const line of lines) {
      const size = Math.round(2 * line.size) / 2;
      chars.set(size, (chars.get(size) ?? 0) + lineText(line).length);
    }
  }
  let best = 0;
  for (const [size, count] of chars) if (count > (chars.get(best) ?? 0)) best = size;
  return best;
}

export interface Gutter {
  x0: number;
  x1: number;
}

/** The widest vertical strip that no segment of these lines crosses, with text on both sides. */
export function findGutter(lines: readonly LayoutLine[]): Gutter | undefined {
  const spans = lines.flatMap((l) => l.segments).sort((a, b) => a.x0 - b.x0);
  let best: Gutter | undefined;
  let reach = spans[0]?.x1 ?? 0;
  for (const span of spans.slice(1)) {
    if (span.x0 > reach && (!best || span.x0 - reach > best.x1 - best.x0)) {
      best = { x0: reach, x1: span.x0 };
    }
    reach = Math.max(reach, span.x1);
  }
  return best;
}

const words = (text: string) => text.split(/\s+/u).filter(Boolean).length;

/**
 * Whether a gutter parts text columns rather than the cells of a table: columns hold wrapped
 * prose (several words a line, lines going on in lower case, few labels ending in a colon, no
 * cells), and their gutter is narrow.
 */
export function isColumnGutter(lines: readonly LayoutLine[], gutter: Gutter): boolean {
  const left = lines.map((l) => sideOf(l, gutter, 'left')).filter((l) => l !== undefined);
  const right = lines.map((l) => sideOf(l, gutter, 'right')).filter((l) => l !== undefined);
  if (left.length < 2 || right.length < 1) return false;
  const prose = (side: LayoutLine[]) => {
    const texts = side.map(lineText);
    const labels = texts.filter((t) => /[:：]$/u.test(t)).length;
    const meanWords = texts.reduce((n, t) => n + words(t), 0) / texts.length;
    const cells = side.filter((l) => l.segments.length > 1).length;
    // Wrapped prose goes on in lower case; table cells each start anew.
    const continued = texts.slice(1).filter((t) => /^\p{Ll}/u.test(t)).length;
    return (
      labels < 0.3 * texts.length &&
      meanWords >= 3 &&
      cells <= 0.2 * texts.length &&
      continued >= 0.3 * (texts.length - 1)
    );
  };
  const width = (side: LayoutLine[]) => Math.max(...side.map(x1Of)) - Math.min(...side.map(x0Of));
  const narrow = gutter.x1 - gutter.x0 <= 0.5 * Math.min(width(left), width(right));
  // A column whose paragraph is one line long (`The project had three tasks:`) beside a wrapped
  // paragraph: a sentence at the top of its column, not a cell of the first line's row.
  const [only] = right;
  const oneLine =
    right.length === 1 &&
    only !== undefined &&
    only.segments.length === 1 &&
    only.y === lines[0]?.y &&
    words(lineText(only)) >= 4 &&
    left.length >= 3;
  return narrow && prose(left) && (oneLine || (right.length >= 2 && prose(right)));
}

function sideOf(line: LayoutLine, gutter: Gutter, side: 'left' | 'right'): LayoutLine | undefined {
  const keep = (x0: number, x1: number) => (side === 'left' ? x1 <= gutter.x0 : x0 >= gutter.x1);
  const segments = line.segments.filter((s) => keep(s.x0, s.x1));
  if (segments.length === 0) return undefined;
  const runs = line.runs?.filter((r) => keep(r.x, r.x + r.width));
  return runs ? { ...line, segments, runs } : { y: line.y, size: line.size, segments };
}

const overlap = (a: Gutter, b: Gutter): Gutter | undefined => {
  const x0 = Math.max(a.x0, b.x0);
  const x1 = Math.min(a.x1, b.x1);
  return x0 < x1 ? { x0, x1 } : undefined;
};

/** A block of lines and the right edge of the column it was cut from. */
interface Block {
  lines: LayoutLine[];
  bound: number;
}

/**
 * The lines as blocks in reading order. They are cut at full-width vertical gaps first; then
 * neighbouring parts with one column gutter are read column by column, left first.
 */
export function readingBlocks(lines: readonly LayoutLine[], spacing: number): LayoutLine[][] {
  return columnBlocks(lines, spacing, Number.POSITIVE_INFINITY).map((b) => b.lines);
}

function columnBlocks(lines: readonly LayoutLine[], spacing: number, bound: number): Block[] {
  const regions = splitAtGaps(lines, spacing).map((region) => {
    const gutter = findGutter(region);
    return { lines: region, gutter: gutter && isColumnGutter(region, gutter) ? gutter : undefined };
  });
  const blocks: Block[] = [];
  for (let i = 0; i < regions.length; ) {
    const first = regions[i];
    if (!first) break;
    let gutter = first.gutter;
    if (!gutter) {
      blocks.push({ lines: first.lines, bound });
      i++;
      continue;
    }
    const grouped = [...first.lines];
    let next = regions[++i];
    for (let shared = next?.gutter && overlap(gutter, next.gutter); next && shared; ) {
      gutter = shared;
      grouped.push(...next.lines);
      next = regions[++i];
      shared = next?.gutter && overlap(gutter, next.gutter);
    }
    const column = (side: 'left' | 'right') =>
      grouped.map((l) => sideOf(l, gutter, side)).filter((l) => l !== undefined);
    blocks.push(
      ...columnBlocks(column('left'), spacing, gutter.x0),
      ...columnBlocks(column('right'), spacing, bound),
    );
  }
  return blocks;
}

const isBreak = (above: LayoutLine, below: LayoutLine, spacing: number) => {
  const size = Math.max(above.size, below.size);
  // Lines of one size set larger than the body's line pitch (a heading) keep their own leading.
  const heading = sameSize(above, below) && size > spacing;
  return above.y - below.y > Math.max(1.5 * spacing, (heading ? 1.6 : 1.3) * size);
};

const sameSize = (a: LayoutLine, b: LayoutLine) => Math.abs(a.size - b.size) <= 0.5;

/**
 * Whether a line goes on a heading printed over two lines: both in one size clearly larger than
 * the body text, at that size's usual leading, the first not ending a sentence or a label.
 */
function continuesHeading(above: LayoutLine, below: LayoutLine, text: string, body: number) {
  const gap = above.y - below.y;
  const next = below.segments.length === 1 ? (below.segments[0]?.text ?? '') : '';
  return (
    body > 0 &&
    sameSize(above, below) &&
    below.size >= 1.2 * body &&
    gap >= 0.8 * below.size &&
    gap <= 1.6 * below.size &&
    next !== '' &&
    !/[.:!?]$/u.test(text) &&
    !startsItem(next)
  );
}

function splitAtGaps(lines: readonly LayoutLine[], spacing: number): LayoutLine[][] {
  const regions: LayoutLine[][] = [];
  let region: LayoutLine[] = [];
  for (const line of lines) {
    const last = region[region.length - 1];
    if (last && isBreak(last, line, spacing)) {
      regions.push(region);
      region = [];
    }
    region.push(line);
  }
  if (region.length > 0) regions.push(region);
  return regions;
}

// Words that follow a dangling hyphen in a shortened compound (`kone- ja rakennustekniikka`).
const CONJUNCTIONS = new Set(['ja', 'tai', 'sekä', 'eli', 'och', 'eller', 'samt', 'and', 'or']);

/** How a word broken at a line end is put back together, or `undefined` when it is not broken. */
export function hyphenJoin(end: string, next: string): 'drop-hyphen' | 'keep-hyphen' | undefined {
  // A range of figures or dates broken after its dash (`1.8.2019–` `31.7.2022`) is one range.
  if (/\p{N}[–—]$/u.test(end) && /^\p{N}/u.test(next)) return 'keep-hyphen';
  const left = /(\p{L}[\p{L}\p{N}]*|\p{N}[\p{N}.]*)-$/u.exec(end)?.[1];
  const right = /^[\p{L}\p{N}]+/u.exec(next)?.[0];
  if (!left || !right || CONJUNCTIONS.has(right.toLowerCase())) return undefined;
  const rightLower = /^\p{Ll}/u.test(right);
  const leftPlain = /\p{Ll}$/u.test(left) && left !== left.toUpperCase();
  return rightLower && leftPlain ? 'drop-hyphen' : 'keep-hyphen';
}

const SAME_X = 2;

/**
 * Where a segment's text may reach: `wrap`, the edge a word that did not fit went past (the
 * widest cell at its x in its table, or in its column); `limit`, where text wrapped under it
 * must end (the widest in its column).
 */
export type Margins = (line: LayoutLine, index: number) => { wrap: number; limit: number };

/**
 * The right margins of a page's blocks, per start x and per role (a cell with another cell after
 * it on its line, or a line's last text), as the furthest right edge over the column; a cell in a
 * table of three rows or more reaches as far as that table's cells at its x.
 */
export function columnMargins(blocks: readonly Block[]): (block: Block) => Margins {
  const reach = new Map<Block | string, number[][]>();
  const add = (key: Block | string, segment: Segment) => {
    const spans = reach.get(key) ?? [];
    spans.push([segment.x0, segment.x1]);
    reach.set(key, spans);
  };
  for (const block of blocks) {
    for (const line of block.lines) {
      line.segments.forEach((segment, i) => {
        const cell = i < line.segments.length - 1;
        add(`${block.bound}/${cell ? 'cell' : 'last'}`, segment);
        if (cell) add(block, segment);
      });
    }
  }
  const furthest = (spans: readonly number[][], segment: Segment) => {
    let right = segment.x1;
    let count = 0;
    for (const [x0 = 0, x1 = 0] of spans) {
      if (Math.abs(x0 - segment.x0) > SAME_X) continue;
      right = Math.max(right, x1);
      count++;
    }
    return { right, count };
  };
  return (block) => (line, index) => {
    const segment = line.segments[index];
    if (!segment) return { wrap: 0, limit: 0 };
    const after = line.segments[index + 1];
    const column = furthest(reach.get(`${block.bound}/${after ? 'cell' : 'last'}`) ?? [], segment);
    if (!after) return { wrap: column.right, limit: column.right };
    const table = furthest(reach.get(block) ?? [], segment);
    const limit = Math.min(column.right, after.x0);
    return { wrap: table.count >= STOP_ROWS ? Math.min(table.right, limit) : limit, limit };
  };
}

// A line that starts an item of its own: `Label:`, a bullet, a number like `7.2` or `1.`.
const LABEL_START = /^\p{Lu}[^:\t]{0,100}?:(?:\s|$)/u;
const BULLET_START = /^[•◦▪▫‣⁃∙·●○■□*–—-]\s/u;
const NUMBER_START = /^(?:\d{1,2}(?:\.\d{1,2})*\.?|\(?[\p{L}\d]\))\s+\p{L}/u;

export function startsItem(text: string): boolean {
  return LABEL_START.test(text) || BULLET_START.test(text) || NUMBER_START.test(text);
}

interface Cell {
  text: string;
  x0: number;
  /** Right edge of the cell's last printed line. */
  x1: number;
  margin: number;
  /** Where text wrapped in the cell must end. */
  limit: number;
  size: number;
}

function marginsOf(lines: readonly LayoutLine[]): Margins {
  const block = { lines: [...lines], bound: 0 };
  return columnMargins([block])(block);
}

/** The classic wrap test: the next text's first word would not have fitted after the cell. */
function wrapsInto(cell: Cell, next: Segment): boolean {
  const word = /^\S+/u.exec(next.text)?.[0] ?? '';
  const wordWidth = ((next.x1 - next.x0) * word.length) / Math.max(next.text.length, 1);
  if (cell.x1 + 0.25 * cell.size + wordWidth > cell.margin) return true;
  // A word broken with a hyphen shows a wrap even where the line ends short of the margin.
  const broken = hyphenJoin(cell.text, next.text) !== undefined;
  return broken && cell.x1 - cell.x0 >= 0.7 * (cell.margin - cell.x0);
}

/**
 * Where a line-end hyphen was dropped to join a word: the page cannot tell `rahoitus-ohjelma`
 * broken by the layout from `well-being` broken at its own hyphen; the whole document can
 * (`resolveBrokenWords`).
 */
export const BROKEN = '\u00ad';

function joinWrapped(end: string, next: string): string {
  const join = hyphenJoin(end, next);
  if (join === 'drop-hyphen') return end.slice(0, -1) + BROKEN + next;
  if (join === 'keep-hyphen') return end + next;
  return `${end} ${next}`;
}

/** The cells of a row that a line's segments go on, or `undefined` when the line is a row of its own. */
function continuation(cells: readonly Cell[], line: LayoutLine): Cell[] | undefined {
  const { segments } = line;
  if (segments.length === 0 || segments.length > cells.length) return undefined;
  // A line with as many cells as the row above is the table's next row.
  if (cells.length > 1 && segments.length === cells.length) return undefined;
  const first = segments[0]?.text ?? '';
  if (startsItem(first)) return undefined;
  // Without paragraph spacing, a sentence, a `Label: value` line or a row of figures ending near
  // the margin and a capital after it read as a new paragraph; a bare label goes on to its value.
  const lead = cells.length === 1 ? (cells[0]?.text ?? '') : '';
  const labelled = LABEL_START.test(lead) && !lead.endsWith(':');
  const ended = /[.!?\p{N}]$/u.test(lead) || labelled;
  if (ended && /^\p{Lu}/u.test(first)) return undefined;
  const targets: Cell[] = [];
  for (const segment of segments) {
    const cell = cells.find((c) => Math.abs(c.x0 - segment.x0) <= SAME_X);
    // Text wrapped in a cell stays inside the cell's column.
    const inside = cell && segment.x1 <= cell.limit + SAME_X;
    if (!cell || !inside || targets.includes(cell) || !wrapsInto(cell, segment)) return undefined;
    if (/[.!?]$/u.test(cell.text) && /^\p{Lu}/u.test(segment.text)) return undefined;
    targets.push(cell);
  }
  return targets;
}

const normalGap = (above: LayoutLine, below: LayoutLine, spacing: number) => {
  const gap = above.y - below.y;
  // A line only a few points lower is printed over this one, not wrapped under it.
  return (
    gap >= 0.7 * Math.max(above.size, below.size) &&
    gap <= 1.5 * Math.max(above.size, below.size) &&
    gap <= 1.15 * spacing
  );
};

/**
 * A block's lines as text: an empty line at a paragraph break, and a line printed wrapped (it
 * runs to its column's margin and the next line goes on under it) joined back into one, per
 * table cell when the line is a row of cells.
 */
export function blockText(
  block: readonly LayoutLine[],
  spacing: number,
  margins: Margins = marginsOf(block),
  body = bodySize([block]),
): string[] {
  const out: string[] = [];
  let row: Cell[] = [];
  const flush = () => {
    if (row.length > 0) out.push(row.map((c) => c.text).join('\t'));
    row = [];
  };
  block.forEach((line, i) => {
    const previous = block[i - 1];
    const lead = row.length === 1 ? row[0] : undefined;
    if (previous && lead && continuesHeading(previous, line, lead.text, body)) {
      const segment = line.segments[0];
      lead.text = joinWrapped(lead.text, segment?.text ?? '');
      lead.x1 = segment?.x1 ?? lead.x1;
      return;
    }
    if (previous && isBreak(previous, line, spacing)) {
      flush();
      out.push('');
    }
    const targets = previous && normalGap(previous, line, spacing) && continuation(row, line);
    if (targets) {
      line.segments.forEach((segment, k) => {
        const cell = targets[k];
        if (!cell) return;
        cell.text = joinWrapped(cell.text, segment.text);
        cell.x1 = segment.x1;
      });
      return;
    }
    flush();
    row = line.segments.map((s, k) => ({
      text: s.text,
      x0: s.x0,
      x1: s.x1,
      margin: margins(line, k).wrap,
      limit: margins(line, k).limit,
      size: line.size,
    }));
  });
  flush();
  return out;
}

/** A page's text lines in reading order, blocks parted by one empty line. */
export function pageText(
  page: PageLines,
  spacing = lineSpacing([page.lines]),
  body = bodySize([page.lines]),
): string[] {
  const out: string[] = [];
  const blocks = columnBlocks(page.lines, spacing, Number.POSITIVE_INFINITY).map((block) => ({
    ...block,
    lines: alignToStops(block.lines),
  }));
  const margins = columnMargins(blocks);
  for (const block of blocks) {
    if (out.length > 0 && out[out.length - 1] !== '') out.push('');
    out.push(...blockText(block.lines, spacing, margins(block), body));
  }
  return out;
}

const HYPHENATED = /\p{L}+-\p{L}+/gu;
const BROKEN_WORD = /(\p{L}+)\u00ad(\p{L}+)/gu;

/**
 * Puts back the words broken at a line end: a word the document writes with its hyphen elsewhere
 * (`well-being`) keeps it; any other is joined (`rahoitus-` `ohjelma` is `rahoitusohjelma`).
 */
export function resolveBrokenWords(texts: readonly string[]): string[] {
  if (!texts.some((t) => t.includes(BROKEN))) return [...texts];
  const written = new Set<string>();
  for (const text of texts) {
    for (const m of text.matchAll(HYPHENATED)) written.add(m[0].toLowerCase());
  }
  return texts.map((text) =>
    text
      .replace(BROKEN_WORD, (_, left: string, right: string) =>
        written.has(`${left}-${right}`.toLowerCase()) ? `${left}-${right}` : left + right,
      )
      .replaceAll(BROKEN, ''),
  );
}
