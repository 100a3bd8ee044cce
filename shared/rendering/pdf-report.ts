import PDFDocument from 'pdfkit';
import type {
  Block,
  CoverBlock,
  FindingsBlock,
  KeyFiguresBlock,
  ParagraphBlock,
  ReportLayout,
  SectionBlock,
} from '../../templates/layout.ts';
import { THEME } from '../../templates/theme.ts';
import {
  artifact,
  type Canvas,
  COLORS,
  drawText,
  ensureSpace,
  fillColor,
  fillRect,
  group,
  hline,
  lineHeight,
  newPage,
  resetGraphicsState,
  SIZE,
  setFont,
  tagged,
  textHeight,
  widthOf,
} from './canvas.ts';
import { chartHeight, drawBarChart } from './charts.ts';
import type { ReportFonts } from './fonts.ts';
import { batchPageContent, collectDocument } from './pdf-writes.ts';
import { drawTable } from './tables.ts';
import { lineSetter } from './text-ops.ts';

export interface PdfOptions {
  /** Creation date in the metadata and of the attachment; the only time the PDF holds. */
  generatedAt: Date;
  /** The report record as JSON: the PDF/A-3 associated file that carries the data. */
  attachment: Uint8Array;
  /** Deflate page content and fonts (default); off makes the bytes readable in tests. */
  compress?: boolean;
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * pdfkit copies Title, Author, Subject and Keywords into the XMP packet unescaped; this string
 * prints escaped there (toString) and raw in the Info dictionary (valueOf), so both agree.
 */
class XmpText extends String {
  override toString(): string {
    return this.valueOf().replace(/[&<>]/g, (c) => XML_ESCAPES[c] ?? c);
  }
}

function drawCover(canvas: Canvas, parent: PDFKit.PDFStructureElement, block: CoverBlock) {
  const pad = 22;
  const eyebrowHeight = lineHeight(canvas, 'bold', SIZE.eyebrow);
  const titleHeight = textHeight(canvas, block.title, 'bold', SIZE.title, canvas.width);
  const subtitleHeight = block.subtitle
    ? textHeight(canvas, block.subtitle, 'regular', SIZE.subtitle, canvas.width)
    : 0;
  const top = canvas.y - 12;
  const height =
    pad + eyebrowHeight + 8 + titleHeight + (block.subtitle ? 6 + subtitleHeight : 0) + pad;
  artifact(canvas, () => {
    fillRect(canvas, 0, top, THEME.page.width, height, COLORS.navy);
    fillRect(canvas, canvas.left, top + pad - 7, 26, 3, COLORS.accent);
  });
  let y = top + pad;
  tagged(canvas, parent, 'P', () => {
    drawText(canvas, block.eyebrow.toUpperCase(), canvas.left, y, canvas.width, {
      weight: 'bold',
      size: SIZE.eyebrow,
      color: COLORS.accent,
      characterSpacing: 0.6,
    });
  });
  y += eyebrowHeight + 8;
  const titleY = y;
  tagged(canvas, parent, 'H1', () => {
    drawText(canvas, block.title, canvas.left, titleY, canvas.width, {
      weight: 'bold',
      size: SIZE.title,
      color: COLORS.white,
    });
  });
  y += titleHeight + 6;
  const subtitle = block.subtitle;
  if (subtitle) {
    const subtitleY = y;
    tagged(canvas, parent, 'P', () => {
      drawText(canvas, subtitle, canvas.left, subtitleY, canvas.width, {
        weight: 'regular',
        size: SIZE.subtitle,
        color: '#c9d6e6',
      });
    });
  }
  canvas.y = top + height + 18;
}

function drawKeyFigures(
  canvas: Canvas,
  parent: PDFKit.PDFStructureElement,
  block: KeyFiguresBlock,
) {
  const gap = 10;
  const n = block.items.length;
  const width = (canvas.width - gap * (n - 1)) / n;
  const inner = width - 22;
  // A long value (a deadline with its time zone) wraps; every box grows to the tallest.
  const height =
    Math.max(
      ...block.items.map((item) => textHeight(canvas, item.label, 'regular', SIZE.keyLabel, inner)),
    ) +
    4 +
    Math.max(
      lineHeight(canvas, 'bold', SIZE.keyValue),
      ...block.items.map((item) => textHeight(canvas, item.value, 'bold', SIZE.keyValue, inner)),
    ) +
    20;
  ensureSpace(canvas, height);
  const y = canvas.y;
  for (const [i, item] of block.items.entries()) {
    const x = canvas.left + i * (width + gap);
    artifact(canvas, () => {
      fillRect(canvas, x, y, width, height, COLORS.tint);
      fillRect(canvas, x, y, 3, height, COLORS.navy);
    });
    tagged(canvas, parent, 'P', () => {
      const labelHeight = drawText(canvas, item.label, x + 12, y + 10, inner, {
        weight: 'regular',
        size: SIZE.keyLabel,
        color: COLORS.muted,
      });
      drawText(canvas, item.value, x + 12, y + 10 + labelHeight + 4, inner, {
        weight: 'bold',
        size: SIZE.keyValue,
        color: COLORS.navy,
      });
    });
  }
  canvas.y = y + height + 20;
}

/** Room a heading keeps below it for what it heads: a table's caption, header and first rows. */
const KEEP_WITH_TABLE = 130;
const KEEP_WITH_TEXT = 60;

function drawSectionHeading(
  canvas: Canvas,
  parent: PDFKit.PDFStructureElement,
  text: string,
  keepWith: number,
) {
  const height = textHeight(canvas, text, 'bold', SIZE.h2, canvas.width);
  ensureSpace(canvas, height + keepWith);
  if (canvas.y > canvas.top) canvas.y += 6;
  const y = canvas.y;
  tagged(canvas, parent, 'H2', () => {
    drawText(canvas, text, canvas.left, y, canvas.width, {
      weight: 'bold',
      size: SIZE.h2,
      color: COLORS.navy,
    });
  });
  artifact(canvas, () =>
    hline(canvas, canvas.left, y + height + 3, canvas.width, COLORS.rule, 0.75),
  );
  canvas.y = y + height + 12;
}

/**
 * What a subheading keeps on its page: the paragraphs under it and the chart they introduce,
 * or at least the start of a table.
 */
function keepWithHeading(canvas: Canvas, following: Block[]): number {
  let height = 0;
  for (const block of following) {
    if (block.type === 'paragraph') {
      const size = block.tone === 'muted' ? SIZE.small : SIZE.body;
      height += textHeight(canvas, block.text, 'regular', size, canvas.width) + 8;
      continue;
    }
    if (block.type === 'bar-chart') height += chartHeight(canvas, block);
    else if (block.type === 'table') height += KEEP_WITH_TABLE;
    break;
  }
  return Math.min(Math.max(height, 70), canvas.bottom - canvas.top - 40);
}

function drawSubheading(
  canvas: Canvas,
  parent: PDFKit.PDFStructureElement,
  text: string,
  keepWith: number,
) {
  const height = textHeight(canvas, text, 'bold', SIZE.h3, canvas.width);
  ensureSpace(canvas, height + keepWith);
  if (canvas.y > canvas.top) canvas.y += 4;
  const y = canvas.y;
  tagged(canvas, parent, 'H3', () => {
    drawText(canvas, text, canvas.left, y, canvas.width, {
      weight: 'bold',
      size: SIZE.h3,
      color: COLORS.ink,
    });
  });
  canvas.y = y + height + 6;
}

function drawParagraph(canvas: Canvas, parent: PDFKit.PDFStructureElement, block: ParagraphBlock) {
  const muted = block.tone === 'muted';
  const size = muted ? SIZE.small : SIZE.body;
  const height = textHeight(canvas, block.text, 'regular', size, canvas.width);
  ensureSpace(canvas, height);
  const y = canvas.y;
  tagged(
    canvas,
    parent,
    'P',
    () => {
      drawText(canvas, block.text, canvas.left, y, canvas.width, {
        weight: 'regular',
        size,
        color: muted ? COLORS.muted : COLORS.ink,
      });
    },
    block.lang ? { lang: block.lang } : {},
  );
  canvas.y = y + height + 8;
}

const BADGE_WIDTH = 64;

function drawFindings(canvas: Canvas, parent: PDFKit.PDFStructureElement, block: FindingsBlock) {
  if (block.items.length === 0) {
    drawParagraph(canvas, parent, { type: 'paragraph', text: block.empty });
    return;
  }
  const bodyX = canvas.left + BADGE_WIDTH + 10;
  const bodyWidth = canvas.width - BADGE_WIDTH - 10;
  const list = group(canvas, parent, 'L');
  for (const item of block.items) {
    const titleHeight = textHeight(canvas, item.title, 'bold', SIZE.body, bodyWidth);
    const detail = item.detail;
    const introWidth = detail ? widthOf(canvas, `${detail.intro}:`, 'bold', SIZE.small) + 4 : 0;
    const detailHeight = detail
      ? textHeight(canvas, detail.text, 'regular', SIZE.small, bodyWidth - introWidth) + 3
      : 0;
    const height = Math.max(16, titleHeight + detailHeight);
    ensureSpace(canvas, height);
    const y = canvas.y;
    const li = group(canvas, list, 'LI');
    artifact(canvas, () => {
      fillColor(canvas, COLORS.severity[item.severity]);
      canvas.doc.roundedRect(canvas.left, y + 1, BADGE_WIDTH, 12, 2.5).fill();
    });
    tagged(canvas, li, 'Lbl', () => {
      drawText(canvas, item.label.toUpperCase(), canvas.left, y + 2.2, BADGE_WIDTH, {
        weight: 'bold',
        size: 6.5,
        color: COLORS.white,
        align: 'center',
        characterSpacing: 0.4,
      });
    });
    const body = group(canvas, li, 'LBody');
    tagged(canvas, body, 'P', () => {
      drawText(canvas, item.title, bodyX, y, bodyWidth, {
        weight: 'bold',
        size: SIZE.body,
        color: COLORS.ink,
      });
    });
    if (detail) {
      const detailY = y + titleHeight + 3;
      tagged(canvas, body, 'P', () => {
        drawText(canvas, `${detail.intro}:`, bodyX, detailY, introWidth, {
          weight: 'bold',
          size: SIZE.small,
          color: COLORS.muted,
        });
      });
      tagged(
        canvas,
        body,
        'P',
        () => {
          drawText(canvas, detail.text, bodyX + introWidth, detailY, bodyWidth - introWidth, {
            weight: 'regular',
            size: SIZE.small,
            color: COLORS.muted,
          });
        },
        detail.lang ? { lang: detail.lang } : {},
      );
    }
    body.end();
    li.end();
    canvas.y = y + height + 10;
  }
  list.end();
  canvas.y += 2;
}

/** A section asked to start a page starts one only below this share of the page: none is left mostly empty. */
const FILLED_BEFORE_BREAK = 0.6;

function drawSection(canvas: Canvas, parent: PDFKit.PDFStructureElement, block: SectionBlock) {
  const filled = (canvas.y - canvas.top) / (canvas.bottom - canvas.top);
  if (block.newPage && filled >= FILLED_BEFORE_BREAK) newPage(canvas);
  const section = group(canvas, parent, 'Sect');
  const first = block.blocks[0]?.type;
  drawSectionHeading(
    canvas,
    section,
    block.heading,
    first === 'table' ? KEEP_WITH_TABLE : KEEP_WITH_TEXT,
  );
  for (const [i, child] of block.blocks.entries()) {
    if (child.type === 'heading') {
      const keep = keepWithHeading(canvas, block.blocks.slice(i + 1));
      drawSubheading(canvas, section, child.text, keep);
    } else drawBlock(canvas, section, child);
  }
  section.end();
  canvas.y += 6;
}

function drawBlock(canvas: Canvas, parent: PDFKit.PDFStructureElement, block: Block): void {
  switch (block.type) {
    case 'cover':
      drawCover(canvas, parent, block);
      break;
    case 'key-figures':
      drawKeyFigures(canvas, parent, block);
      break;
    case 'section':
      drawSection(canvas, parent, block);
      break;
    case 'heading':
      drawSubheading(canvas, parent, block.text, 70);
      break;
    case 'paragraph':
      drawParagraph(canvas, parent, block);
      break;
    case 'table':
      drawTable(canvas, parent, block);
      break;
    case 'bar-chart':
      drawBarChart(canvas, parent, block);
      break;
    case 'findings':
      drawFindings(canvas, parent, block);
      break;
  }
}

/** The longest start of `text` that fits `width` on one line, with an ellipsis when cut. */
function fitLine(canvas: Canvas, text: string, width: number): string {
  const measure = (s: string) => widthOf(canvas, s, 'regular', SIZE.running);
  if (measure(text) <= width) return text;
  let end = text.length;
  while (end > 0 && measure(`${text.slice(0, end).trimEnd()}…`) > width) end--;
  return `${text.slice(0, end).trimEnd()}…`;
}

/** Header and footer of every page, drawn once all pages exist so that "n / N" is known. */
function drawRunningHeads(canvas: Canvas, layout: ReportLayout) {
  const { doc } = canvas;
  const range = doc.bufferedPageRange();
  const headerY = 34;
  const footerY = THEME.page.height - 44;
  const right = fitLine(canvas, layout.headerRight, canvas.width * 0.3);
  const left = fitLine(canvas, layout.header, canvas.width * 0.66);
  const footer = fitLine(canvas, layout.footer, canvas.width * 0.7);
  const style = { weight: 'regular', size: SIZE.running, color: COLORS.muted } as const;
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    resetGraphicsState(canvas);
    artifact(
      canvas,
      () => {
        drawText(canvas, left, canvas.left, headerY, canvas.width * 0.66, style);
        drawText(canvas, right, canvas.left, headerY, canvas.width, { ...style, align: 'right' });
        hline(canvas, canvas.left, headerY + 14, canvas.width, COLORS.rule);
        hline(canvas, canvas.left, footerY - 6, canvas.width, COLORS.rule);
        drawText(canvas, footer, canvas.left, footerY, canvas.width * 0.7, style);
        drawText(canvas, layout.pageLabel(i + 1, range.count), canvas.left, footerY, canvas.width, {
          ...style,
          align: 'right',
        });
      },
      'Pagination',
    );
  }
}

/**
 * Draws a laid-out report as a tagged PDF/A-3a document: A4, embedded Noto Sans only, running
 * header and footer, the report record attached as JSON. Same input, same bytes.
 */
export function renderLayout(
  layout: ReportLayout,
  fonts: ReportFonts,
  options: PdfOptions,
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: THEME.page.size,
    margins: THEME.margins,
    autoFirstPage: false,
    bufferPages: true,
    // An empty default skips pdfkit's built-in Helvetica; the embedded face is chosen below.
    font: '',
    pdfVersion: '1.7',
    subset: 'PDF/A-3a',
    tagged: true,
    lang: layout.locale,
    displayTitle: true,
    compress: options.compress ?? true,
    info: { CreationDate: options.generatedAt, Creator: 'eu-project-monitor', Producer: 'PDFKit' },
  });
  Object.assign(doc.info, {
    Title: new XmpText(layout.title),
    Author: new XmpText(layout.author),
    Subject: new XmpText(layout.subject),
    Keywords: new XmpText(layout.keywords.join(', ')),
  });
  const bytes = collectDocument(doc);
  batchPageContent(doc);

  const canvas: Canvas = {
    doc,
    fonts,
    y: THEME.margins.top,
    left: THEME.margins.left,
    width: THEME.page.width - THEME.margins.left - THEME.margins.right,
    top: THEME.margins.top,
    bottom: THEME.page.height - THEME.margins.bottom,
    lines: new Map(),
    setLine: lineSetter(doc),
  };
  setFont(canvas, 'regular', SIZE.body);
  newPage(canvas);
  const root = doc.struct('Document', { lang: layout.locale, title: layout.title });
  doc.addStructure(root);
  for (const block of layout.blocks) drawBlock(canvas, root, block);
  root.end();
  drawRunningHeads(canvas, layout);
  doc.file(Buffer.from(options.attachment), {
    name: layout.attachment.name,
    type: 'application/json',
    description: layout.attachment.description,
    relationship: 'Data',
    creationDate: options.generatedAt,
    modifiedDate: options.generatedAt,
  });
  doc.end();
  return bytes;
}
