import type { TableBlock } from '../../templates/layout.ts';
import {
  artifact,
  type Canvas,
  COLORS,
  drawText,
  ensureSpace,
  fillRect,
  group,
  hline,
  newPage,
  SIZE,
  tagged,
  textHeight,
  type Weight,
} from './canvas.ts';

const PAD_X = 6;
const PAD_Y = 4;
/** A table broken across pages carries at least this share of a page over, not a few rows... */
const MIN_TAIL = 0.25;
/** ...where the page it leaves stays at least this full. */
const MIN_FILLED = 0.5;
/** Rows a table starts with on a page, or carries over, at the least. */
const MIN_ROWS = 3;

interface Geometry {
  xs: number[];
  widths: number[];
}

function geometryOf(canvas: Canvas, block: TableBlock): Geometry {
  const widths = block.columns.map((c) => c.width * canvas.width);
  const xs: number[] = [];
  let x = canvas.left;
  for (const w of widths) {
    xs.push(x);
    x += w;
  }
  return { xs, widths };
}

/** Listings run long, so they are set a size smaller than data tables. */
const sizeOf = (block: TableBlock) => (block.listing ? SIZE.small : SIZE.table);

function rowHeight(
  canvas: Canvas,
  block: TableBlock,
  cells: string[],
  g: Geometry,
  weight: Weight,
): number {
  let height = 0;
  for (const [i, text] of cells.entries()) {
    const w = (g.widths[i] ?? 0) - 2 * PAD_X;
    height = Math.max(height, textHeight(canvas, text, weight, sizeOf(block), w));
  }
  return height + 2 * PAD_Y;
}

function drawHeaderBackground(canvas: Canvas, y: number, height: number) {
  fillRect(canvas, canvas.left, y, canvas.width, height, COLORS.tableHead);
}

function drawCell(
  canvas: Canvas,
  block: TableBlock,
  g: Geometry,
  column: number,
  text: string,
  y: number,
  weight: Weight,
  color: string,
) {
  const w = (g.widths[column] ?? 0) - 2 * PAD_X;
  drawText(canvas, text, (g.xs[column] ?? 0) + PAD_X, y + PAD_Y, w, {
    weight,
    size: sizeOf(block),
    color,
    align: block.columns[column]?.align ?? 'left',
  });
}

/** Header cells drawn again at the top of a continuation page: decoration, not content. */
function repeatHeader(canvas: Canvas, block: TableBlock, g: Geometry, height: number) {
  const y = canvas.y;
  artifact(
    canvas,
    () => {
      drawHeaderBackground(canvas, y, height);
      for (const [i, column] of block.columns.entries()) {
        drawCell(canvas, block, g, i, column.header, y, 'bold', COLORS.ink);
      }
    },
    'Pagination',
  );
  canvas.y += height;
}

/** Row headers of data rows are muted; everything else is ink. */
function cellColor(block: TableBlock, weight: Weight, header: boolean, column: number): string {
  return !header && block.rowHeaders === true && column === 0 && weight === 'regular'
    ? COLORS.muted
    : COLORS.ink;
}

/** Tags one row: a data row as TR › TH/TD, a listing row as a single paragraph. */
function tagRow(
  canvas: Canvas,
  parent: PDFKit.PDFStructureElement,
  block: TableBlock,
  g: Geometry,
  row: string[],
  y: number,
  weight: Weight,
  header: boolean,
) {
  if (block.listing) {
    tagged(canvas, parent, 'P', () => {
      for (const [c, text] of row.entries())
        drawCell(canvas, block, g, c, text, y, weight, cellColor(block, weight, header, c));
    });
    return;
  }
  const tr = group(canvas, parent, 'TR');
  for (const [c, text] of row.entries()) {
    const rowHeader = !header && block.rowHeaders === true && c === 0;
    tagged(
      canvas,
      tr,
      header || rowHeader ? 'TH' : 'TD',
      () => drawCell(canvas, block, g, c, text, y, weight, cellColor(block, weight, header, c)),
      header ? { scope: 'Column' } : rowHeader ? { scope: 'Row' } : {},
    );
  }
  tr.end();
}

/**
 * Draws a table that breaks between rows and repeats its header row on each new page. A data
 * table is tagged Table › Caption, TR › TH/TD; a listing is tagged as a caption and paragraphs.
 */
export function drawTable(
  canvas: Canvas,
  parent: PDFKit.PDFStructureElement,
  block: TableBlock,
): void {
  const g = geometryOf(canvas, block);
  const headers = block.columns.map((c) => c.header);
  const captionHeight = textHeight(canvas, block.caption, 'bold', SIZE.caption, canvas.width);
  const headerHeight = block.hideHeader ? 0 : rowHeight(canvas, block, headers, g, 'bold');
  const emphasis = new Set(block.emphasis ?? []);
  const heights = block.rows.map((row, r) =>
    rowHeight(canvas, block, row, g, emphasis.has(r) ? 'bold' : 'regular'),
  );
  // The caption and header stay with the first rows, never alone at a page's foot.
  const opening = heights.slice(0, MIN_ROWS).reduce((sum, h) => sum + h, 0);
  ensureSpace(canvas, captionHeight + 4 + headerHeight + opening);

  const container = block.listing ? parent : group(canvas, parent, 'Table');
  const captionY = canvas.y;
  tagged(canvas, container, block.listing ? 'P' : 'Caption', () => {
    drawText(canvas, block.caption, canvas.left, captionY, canvas.width, {
      weight: 'bold',
      size: SIZE.caption,
      color: COLORS.muted,
    });
  });
  canvas.y += captionHeight + 4;

  if (!block.hideHeader) {
    const y = canvas.y;
    artifact(canvas, () => drawHeaderBackground(canvas, y, headerHeight));
    tagRow(canvas, container, block, g, headers, y, 'bold', true);
    canvas.y += headerHeight;
  }

  // rest[r]: the height of rows r to the end.
  const rest = new Array<number>(heights.length + 1).fill(0);
  for (let r = heights.length - 1; r >= 0; r--) rest[r] = (heights[r] ?? 0) + (rest[r + 1] ?? 0);
  const body = canvas.bottom - canvas.top;
  for (const [r, row] of block.rows.entries()) {
    const bold = emphasis.has(r);
    const height = heights[r] ?? 0;
    const remaining = rest[r] ?? 0;
    // A break to come would carry only a short tail over: break here, where it carries enough.
    const shortTail =
      canvas.y + remaining > canvas.bottom &&
      (rest[r + 1] ?? 0) < body * MIN_TAIL &&
      remaining >= body * MIN_TAIL &&
      r >= MIN_ROWS &&
      canvas.y - canvas.top >= body * MIN_FILLED;
    if (canvas.y + height > canvas.bottom || shortTail) {
      newPage(canvas);
      if (!block.hideHeader) repeatHeader(canvas, block, g, headerHeight);
    }
    const y = canvas.y;
    artifact(canvas, () => {
      if (bold) fillRect(canvas, canvas.left, y, canvas.width, height, COLORS.tint);
      hline(canvas, canvas.left, y + height, canvas.width, COLORS.rule);
    });
    tagRow(canvas, container, block, g, row, y, bold ? 'bold' : 'regular', false);
    canvas.y += height;
  }
  if (container !== parent) container.end();
  canvas.y += 12;
}
