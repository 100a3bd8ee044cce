import type {
  BarChartBlock,
  Block,
  FindingsBlock,
  ReportLayout,
  TableBlock,
} from '../templates/layout.ts';
import { THEME } from '../templates/theme.ts';

/**
 * The same laid-out report as HTML and CSS, for the benchmark's Chromium side: the same blocks,
 * fonts, colours and A4 page, charts as inline SVG, so both engines print the same document.
 */

const htmlText = (text: string) =>
  text.replace(
    /[&<>"]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c,
  );

const C = THEME.colors;

function table(block: TableBlock): string {
  const cell = (text: string, i: number, header: boolean, rowHeader: boolean) => {
    const align = block.columns[i]?.align === 'right' ? ' class="num"' : '';
    if (header) return `<th scope="col"${align}>${htmlText(text)}</th>`;
    if (rowHeader) return `<th scope="row"${align}>${htmlText(text)}</th>`;
    return `<td${align}>${htmlText(text)}</td>`;
  };
  const widths = block.columns.map((c) => `<col style="width:${(c.width * 100).toFixed(1)}%">`);
  const head = block.hideHeader
    ? ''
    : `<thead><tr>${block.columns.map((c, i) => cell(c.header, i, true, false)).join('')}</tr></thead>`;
  const emphasis = new Set(block.emphasis ?? []);
  const rows = block.rows
    .map(
      (row, r) =>
        `<tr${emphasis.has(r) ? ' class="total"' : ''}>${row
          .map((text, i) => cell(text, i, false, block.rowHeaders === true && i === 0))
          .join('')}</tr>`,
    )
    .join('');
  return `<table><caption>${htmlText(block.caption)}</caption><colgroup>${widths.join('')}</colgroup>${head}<tbody>${rows}</tbody></table>`;
}

function chart(block: BarChartBlock): string {
  const width = 483;
  const vertical = block.orientation === 'vertical';
  const n = block.categories.length;
  const rowHeight = 10 + block.series.length * 9;
  const plotHeight = vertical ? 130 : n * rowHeight;
  const labelWidth = vertical ? 30 : 184;
  const plotWidth = width - labelWidth - (vertical ? 0 : 62);
  const scale = (v: number) =>
    (Math.min(Math.max(v, 0), block.scale.max) / block.scale.max) *
    (vertical ? plotHeight : plotWidth);
  const parts: string[] = [];
  for (const tick of block.scale.ticks) {
    const at = scale(tick.value);
    parts.push(
      vertical
        ? `<line x1="${labelWidth}" x2="${width}" y1="${plotHeight - at}" y2="${plotHeight - at}" stroke="${C.rule}"/><text x="${labelWidth - 5}" y="${plotHeight - at + 3}" text-anchor="end">${htmlText(tick.label)}</text>`
        : `<line x1="${labelWidth + at}" x2="${labelWidth + at}" y1="0" y2="${plotHeight}" stroke="${C.rule}"/><text x="${labelWidth + at}" y="${plotHeight + 10}" text-anchor="middle">${htmlText(tick.label)}</text>`,
    );
  }
  block.categories.forEach((category, c) => {
    const group = vertical ? plotWidth / n : rowHeight;
    block.series.forEach((series, s) => {
      const value = series.values[c];
      const size = value === undefined ? 0 : Math.max(scale(value), 1);
      const label = htmlText(series.labels[c] ?? '');
      if (vertical) {
        const x = labelWidth + group * c + group / 2 - block.series.length * 15 + s * 33;
        parts.push(
          `<rect x="${x}" y="${plotHeight - size}" width="30" height="${size}" fill="${series.color}"/><text x="${x + 15}" y="${plotHeight - size - 3}" text-anchor="middle" font-weight="700">${label}</text>`,
        );
      } else {
        const y = group * c + 5 + s * 9;
        parts.push(
          `<rect x="${labelWidth}" y="${y}" width="${size}" height="7" fill="${series.color}"/><text x="${labelWidth + size + 4}" y="${y + 6}" font-weight="700">${label}</text>`,
        );
      }
    });
    parts.push(
      vertical
        ? `<text x="${labelWidth + group * c + group / 2}" y="${plotHeight + 14}" text-anchor="middle">${htmlText(category)}</text>`
        : `<text x="0" y="${group * c + group / 2 + 3}">${htmlText(category)}</text>`,
    );
  });
  const legend = block.series
    .map((s) => `<span class="key"><i style="background:${s.color}"></i>${htmlText(s.name)}</span>`)
    .join('');
  return `<figure role="img" aria-label="${htmlText(block.alt)}">${block.title ? `<figcaption>${htmlText(block.title)}</figcaption>` : ''}<div class="legend">${legend}</div><svg viewBox="0 0 ${width} ${plotHeight + 24}" width="${width}pt">${parts.join('')}</svg></figure>`;
}

function findings(block: FindingsBlock): string {
  if (block.items.length === 0) return `<p>${htmlText(block.empty)}</p>`;
  return `<ul class="findings">${block.items
    .map(
      (item) =>
        `<li><span class="badge ${item.severity}">${htmlText(item.label)}</span><div><p class="title">${htmlText(item.title)}</p>${
          item.detail
            ? `<p class="detail"><b>${htmlText(item.detail.intro)}:</b> <span lang="${item.detail.lang ?? ''}">${htmlText(item.detail.text)}</span></p>`
            : ''
        }</div></li>`,
    )
    .join('')}</ul>`;
}

function block(b: Block): string {
  switch (b.type) {
    case 'cover':
      return `<header class="cover"><p class="eyebrow">${htmlText(b.eyebrow)}</p><h1>${htmlText(b.title)}</h1>${b.subtitle ? `<p class="subtitle">${htmlText(b.subtitle)}</p>` : ''}</header>`;
    case 'key-figures':
      return `<div class="tiles">${b.items.map((i) => `<p class="tile"><span>${htmlText(i.label)}</span><b>${htmlText(i.value)}</b></p>`).join('')}</div>`;
    case 'section':
      return `<section${b.newPage ? ' class="new-page"' : ''}><h2>${htmlText(b.heading)}</h2>${b.blocks.map(block).join('')}</section>`;
    case 'heading':
      return `<h3>${htmlText(b.text)}</h3>`;
    case 'paragraph':
      return `<p${b.tone === 'muted' ? ' class="muted"' : ''}${b.lang ? ` lang="${b.lang}"` : ''}>${htmlText(b.text)}</p>`;
    case 'table':
      return table(b);
    case 'bar-chart':
      return chart(b);
    case 'findings':
      return findings(b);
  }
}

const STYLE = `
@font-face { font-family: 'Noto Sans'; font-weight: 400; src: url('NotoSans_400Regular.ttf'); }
@font-face { font-family: 'Noto Sans'; font-weight: 700; src: url('NotoSans_700Bold.ttf'); }
@page { size: A4; margin: 74pt 56pt 66pt; }
body { font: 9.5pt 'Noto Sans'; color: ${C.ink}; margin: 0; }
.cover { background: ${C.navy}; color: white; margin: 0 -56pt 18pt; padding: 22pt 56pt; }
.eyebrow { color: ${C.accent}; font-weight: 700; font-size: 9pt; letter-spacing: .6pt; text-transform: uppercase; margin: 0 0 8pt; }
h1 { font-size: 22pt; margin: 0 0 6pt; } .subtitle { color: #c9d6e6; margin: 0; }
.tiles { display: flex; gap: 10pt; margin-bottom: 20pt; }
.tile { flex: 1; background: ${C.tint}; border-left: 3pt solid ${C.navy}; padding: 10pt 12pt; margin: 0; }
.tile span { display: block; color: ${C.muted}; font-size: 7.5pt; } .tile b { color: ${C.navy}; font-size: 15pt; }
h2 { color: ${C.navy}; font-size: 13.5pt; border-bottom: .75pt solid ${C.rule}; padding-bottom: 3pt; }
h3 { font-size: 10.5pt; } .new-page { break-before: page; } .muted { color: ${C.muted}; font-size: 8pt; }
table { width: 100%; border-collapse: collapse; font-size: 8.5pt; margin-bottom: 12pt; table-layout: fixed; }
caption { text-align: left; color: ${C.muted}; font-weight: 700; font-size: 8pt; padding-bottom: 4pt; }
th, td { text-align: left; padding: 4pt 6pt; border-bottom: .5pt solid ${C.rule}; vertical-align: top; }
thead th { background: ${C.tableHead}; } tbody th { font-weight: 400; color: ${C.muted}; }
.num { text-align: right; } .total td, .total th { font-weight: 700; background: ${C.tint}; }
figure { margin: 0 0 14pt; break-inside: avoid; } figcaption { font-weight: 700; }
svg { font: 7.5pt 'Noto Sans'; fill: ${C.ink}; } .legend { text-align: right; font-size: 7.5pt; color: ${C.muted}; }
.key i { display: inline-block; width: 7pt; height: 7pt; margin: 0 4pt 0 12pt; }
.findings { list-style: none; padding: 0; } .findings li { display: flex; gap: 10pt; margin-bottom: 10pt; }
.badge { flex: 0 0 64pt; color: white; font: 700 6.5pt 'Noto Sans'; text-align: center; border-radius: 2.5pt; height: 12pt; line-height: 12pt; text-transform: uppercase; }
.error { background: ${C.severity.error}; } .warning { background: ${C.severity.warning}; } .info { background: ${C.severity.info}; }
.findings p { margin: 0; } .title { font-weight: 700; } .detail { color: ${C.muted}; font-size: 8pt; }
`;

/** The report as a standalone HTML page; fonts are loaded from the page's own folder. */
export function reportHtml(layout: ReportLayout): string {
  return `<!doctype html><html lang="${layout.locale}"><head><meta charset="utf-8"><title>${htmlText(layout.title)}</title><style>${STYLE}</style></head><body>${layout.blocks.map(block).join('')}</body></html>`;
}

/** Chromium's running header and footer, with its page counters for "n / N". */
export function runningTemplates(layout: ReportLayout): { header: string; footer: string } {
  const style = `font: 7.5pt 'Noto Sans'; color: ${C.muted}; width: 100%; margin: 0 56pt; display: flex; justify-content: space-between; border-bottom: .5pt solid ${C.rule};`;
  return {
    header: `<div style="${style}"><span>${htmlText(layout.header)}</span><span>${htmlText(layout.headerRight)}</span></div>`,
    footer: `<div style="${style.replace('border-bottom', 'border-top')}"><span>${htmlText(layout.footer)}</span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`,
  };
}
