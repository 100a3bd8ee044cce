import type { BarChartBlock } from '../../templates/layout.ts';
import {
  type Canvas,
  COLORS,
  drawText,
  ensureSpace,
  fillRect,
  hline,
  line,
  lineHeight,
  resetGraphicsState,
  SIZE,
  tagged,
  textHeight,
  widthOf,
} from './canvas.ts';

const TITLE_GAP = 8;
const SWATCH = 7;

/** The legend, right-aligned on the title line; returns nothing, it only draws. */
function drawLegend(canvas: Canvas, chart: BarChartBlock, y: number) {
  const entries = chart.series.map((s) => ({
    ...s,
    width: widthOf(canvas, s.name, 'regular', SIZE.chart),
  }));
  let x =
    canvas.left +
    canvas.width -
    entries.reduce((sum, e) => sum + SWATCH + 4 + e.width + 12, 0) +
    12;
  for (const entry of entries) {
    fillRect(canvas, x, y + 2, SWATCH, SWATCH, entry.color);
    drawText(canvas, entry.name, x + SWATCH + 4, y, entry.width + 1, {
      weight: 'regular',
      size: SIZE.chart,
      color: COLORS.muted,
    });
    x += SWATCH + 4 + entry.width + 12;
  }
}

/** Height of the line above the plot: the title, the legend, or nothing. */
function headHeight(canvas: Canvas, chart: BarChartBlock): number {
  if (chart.title) return lineHeight(canvas, 'bold', SIZE.h3 - 1) + TITLE_GAP;
  return chart.series.length > 1 ? lineHeight(canvas, 'regular', SIZE.chart) + TITLE_GAP : 0;
}

function drawHead(canvas: Canvas, chart: BarChartBlock, y: number): number {
  if (chart.title) {
    drawText(canvas, chart.title, canvas.left, y, canvas.width * 0.55, {
      weight: 'bold',
      size: SIZE.h3 - 1,
      color: COLORS.ink,
    });
  }
  if (chart.series.length > 1) drawLegend(canvas, chart, chart.title ? y + 1 : y);
  return headHeight(canvas, chart);
}

const VERTICAL_PLOT = 130;
const AXIS_LABEL_WIDTH = 30;

function verticalHeight(canvas: Canvas, chart: BarChartBlock): number {
  const groupWidth = (canvas.width - AXIS_LABEL_WIDTH) / chart.categories.length;
  const labels = Math.max(
    ...chart.categories.map((c) => textHeight(canvas, c, 'regular', SIZE.chart, groupWidth - 8)),
  );
  return headHeight(canvas, chart) + 8 + VERTICAL_PLOT + 6 + labels;
}

function drawVertical(canvas: Canvas, chart: BarChartBlock, top: number) {
  const { doc } = canvas;
  const plotTop = top + drawHead(canvas, chart, top) + 8;
  const base = plotTop + VERTICAL_PLOT;
  const x0 = canvas.left + AXIS_LABEL_WIDTH;
  const plotWidth = canvas.width - AXIS_LABEL_WIDTH;
  const scale = (v: number) =>
    (Math.min(Math.max(v, 0), chart.scale.max) / chart.scale.max) * VERTICAL_PLOT;
  const tickHeight = lineHeight(canvas, 'regular', SIZE.chart);
  for (const tick of chart.scale.ticks) {
    const y = base - scale(tick.value);
    hline(
      canvas,
      x0,
      y,
      plotWidth,
      tick.value === 0 ? COLORS.muted : COLORS.rule,
      tick.value === 0 ? 0.75 : 0.5,
    );
    drawText(canvas, tick.label, canvas.left, y - tickHeight / 2, AXIS_LABEL_WIDTH - 5, {
      weight: 'regular',
      size: SIZE.chart,
      color: COLORS.muted,
      align: 'right',
    });
  }
  const groupWidth = plotWidth / chart.categories.length;
  const n = chart.series.length;
  const barWidth = Math.min(30, (groupWidth * 0.62) / n);
  const gap = 3;
  for (const [c, category] of chart.categories.entries()) {
    const center = x0 + groupWidth * c + groupWidth / 2;
    const start = center - (n * barWidth + (n - 1) * gap) / 2;
    for (const [s, series] of chart.series.entries()) {
      const x = start + s * (barWidth + gap);
      const value = series.values[c];
      const label = series.labels[c] ?? '';
      if (value === undefined) {
        doc.save().rotate(-90, { origin: [x + barWidth / 2, base - 4] });
        drawText(canvas, label, x + barWidth / 2, base - 4 - tickHeight / 2, 80, {
          weight: 'regular',
          size: SIZE.chart - 0.5,
          color: COLORS.muted,
        });
        doc.restore();
        resetGraphicsState(canvas);
        continue;
      }
      const height = Math.max(scale(value), 1);
      fillRect(canvas, x, base - height, barWidth, height, series.color);
      drawText(canvas, label, x - 10, base - height - tickHeight - 1, barWidth + 20, {
        weight: 'bold',
        size: SIZE.chart,
        color: COLORS.ink,
        align: 'center',
      });
    }
    drawText(canvas, category, center - groupWidth / 2 + 4, base + 6, groupWidth - 8, {
      weight: 'regular',
      size: SIZE.chart,
      color: COLORS.ink,
      align: 'center',
    });
  }
}

const BAR = 7;
const BAR_GAP = 2;
const ROW_PAD = 6;
const VALUE_WIDTH = 62;

function horizontalRows(canvas: Canvas, chart: BarChartBlock, labelWidth: number): number[] {
  const bars = chart.series.length * BAR + (chart.series.length - 1) * BAR_GAP;
  return chart.categories.map(
    (c) => Math.max(bars, textHeight(canvas, c, 'regular', SIZE.chart, labelWidth)) + ROW_PAD,
  );
}

function horizontalLayout(canvas: Canvas, chart: BarChartBlock) {
  const labelWidth = canvas.width * 0.38;
  const rows = horizontalRows(canvas, chart, labelWidth);
  const title = headHeight(canvas, chart);
  const axis = lineHeight(canvas, 'regular', SIZE.chart) + 4;
  const plot = rows.reduce((sum, h) => sum + h, 0);
  return { labelWidth, rows, title, plot, height: title + plot + axis };
}

function drawHorizontal(canvas: Canvas, chart: BarChartBlock, top: number) {
  const layout = horizontalLayout(canvas, chart);
  const plotTop = top + drawHead(canvas, chart, top);
  const x0 = canvas.left + layout.labelWidth + 10;
  const plotWidth = canvas.width - layout.labelWidth - 10 - VALUE_WIDTH;
  const scale = (v: number) =>
    (Math.min(Math.max(v, 0), chart.scale.max) / chart.scale.max) * plotWidth;
  const tickHeight = lineHeight(canvas, 'regular', SIZE.chart);
  for (const tick of chart.scale.ticks) {
    const x = x0 + scale(tick.value);
    line(
      canvas,
      [x, plotTop],
      [x, plotTop + layout.plot],
      tick.value === 0 ? COLORS.muted : COLORS.rule,
      tick.value === 0 ? 0.75 : 0.5,
    );
    drawText(canvas, tick.label, x - 30, plotTop + layout.plot + 3, 60, {
      weight: 'regular',
      size: SIZE.chart,
      color: COLORS.muted,
      align: 'center',
    });
  }
  let y = plotTop;
  const bars = chart.series.length * BAR + (chart.series.length - 1) * BAR_GAP;
  for (const [c, category] of chart.categories.entries()) {
    const rowHeight = layout.rows[c] ?? 0;
    const labelHeight = textHeight(canvas, category, 'regular', SIZE.chart, layout.labelWidth);
    drawText(canvas, category, canvas.left, y + (rowHeight - labelHeight) / 2, layout.labelWidth, {
      weight: 'regular',
      size: SIZE.chart,
      color: COLORS.ink,
    });
    let barY = y + (rowHeight - bars) / 2;
    for (const series of chart.series) {
      const value = series.values[c];
      const label = series.labels[c] ?? '';
      const width = value === undefined ? 0 : Math.max(scale(value), 1);
      if (value !== undefined) fillRect(canvas, x0, barY, width, BAR, series.color);
      drawText(
        canvas,
        label,
        x0 + width + 4,
        barY + BAR / 2 - tickHeight / 2,
        VALUE_WIDTH + plotWidth - width,
        {
          weight: value === undefined ? 'regular' : 'bold',
          size: SIZE.chart,
          color: value === undefined ? COLORS.muted : COLORS.ink,
        },
      );
      barY += BAR + BAR_GAP;
    }
    y += rowHeight;
  }
}

/** The height a bar chart takes on the page. */
export function chartHeight(canvas: Canvas, chart: BarChartBlock): number {
  return chart.orientation === 'vertical'
    ? verticalHeight(canvas, chart)
    : horizontalLayout(canvas, chart).height;
}

/** Draws a bar chart as one tagged figure whose alternative text carries its data. */
export function drawBarChart(
  canvas: Canvas,
  parent: PDFKit.PDFStructureElement,
  chart: BarChartBlock,
): void {
  const height = chartHeight(canvas, chart);
  ensureSpace(canvas, height);
  const top = canvas.y;
  tagged(
    canvas,
    parent,
    'Figure',
    () => {
      if (chart.orientation === 'vertical') drawVertical(canvas, chart, top);
      else drawHorizontal(canvas, chart, top);
    },
    {
      alt: chart.alt,
      bbox: [canvas.left, top, canvas.left + canvas.width, top + height],
      placement: 'Block',
    },
  );
  canvas.y = top + height + 14;
}
