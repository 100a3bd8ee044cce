import type { ReportRecord } from '../shared/schemas/report-record.ts';
import { type DocumentAbout, findingsSection, niceScale, provenanceSection } from './blocks.ts';
import type { Formatter } from './format.ts';
import type { Block, SectionBlock } from './layout.ts';
import { THEME } from './theme.ts';

/** Above this many awards the chart shows the largest ones only. */
export const MAX_CHARTED_AWARDS = 30;

/** Rows of the award table: about 15 pages, past which a reader searches the attached record. */
export const MAX_LISTED_AWARDS = 500;

const MISMATCH_CHECKS = new Set(['awards-total-mismatch', 'awards-count-mismatch']);

/** Sum of the listed amounts, to the cent, so that float steps never show as a difference. */
function sumOf(amounts: number[]): number {
  return Math.round(amounts.reduce((sum, a) => sum + a, 0) * 100) / 100;
}

function reconciliationSection(record: ReportRecord, f: Formatter): SectionBlock {
  const s = f.strings.reconciliation;
  const awards = record.awards ?? [];
  const listed = sumOf(awards.map((a) => a.amount));
  const statedTotal = record.awardsStatedTotal;
  const statedCount = record.awardsStatedCount;
  const blocks: Block[] = [
    {
      type: 'table',
      caption: s.tableCaption,
      rowHeaders: true,
      columns: [
        { header: s.item, width: 0.34, align: 'left' },
        { header: s.stated, width: 0.22, align: 'right' },
        { header: s.fromList, width: 0.22, align: 'right' },
        { header: s.difference, width: 0.22, align: 'right' },
      ],
      rows: [
        [
          s.total,
          f.money(statedTotal),
          f.money(listed),
          f.money(statedTotal === undefined ? undefined : sumOf([statedTotal, -listed])),
        ],
        [
          s.count,
          f.number(statedCount),
          f.number(awards.length),
          f.number(statedCount === undefined ? undefined : statedCount - awards.length),
        ],
      ],
    },
  ];
  const mismatch = record.checks.some((c) => MISMATCH_CHECKS.has(c.id));
  if (mismatch) {
    blocks.push({ type: 'paragraph', text: s.disagrees });
  } else if (statedTotal !== undefined && statedCount !== undefined) {
    const exact = statedTotal === listed && statedCount === awards.length;
    blocks.push({ type: 'paragraph', text: exact ? s.agrees : s.agreesWithinRounding });
  }
  return { type: 'section', heading: s.heading, blocks };
}

function awardsSection(record: ReportRecord, f: Formatter): SectionBlock {
  const s = f.strings.awards;
  const awards = record.awards ?? [];
  const listed = awards.slice(0, MAX_LISTED_AWARDS);
  const rows = listed.map((award, i) => [
    String(i + 1),
    `${award.recipient}${f.mark(`awards.${i}.recipient`)}`,
    `${f.money(award.amount)}${f.mark(`awards.${i}.amount`)}`,
    `${award.note ?? ''}${f.mark(`awards.${i}.note`)}`.trim(),
    String(record.provenance[`awards.${i}.amount`]?.line ?? ''),
  ]);
  rows.push(['', s.total, f.money(sumOf(awards.map((a) => a.amount))), '', '']);
  const notListed = awards.length - listed.length;
  return {
    type: 'section',
    heading: s.heading,
    blocks: [
      {
        type: 'table',
        caption: s.tableCaption,
        columns: [
          { header: s.number, width: 0.07, align: 'right' },
          { header: s.recipient, width: 0.4, align: 'left' },
          { header: s.amount, width: 0.2, align: 'right' },
          { header: s.note, width: 0.24, align: 'left' },
          { header: s.line, width: 0.09, align: 'right' },
        ],
        rows,
        emphasis: [rows.length - 1],
      },
      ...(notListed > 0
        ? [{ type: 'paragraph' as const, text: s.notListed(notListed, f.number(notListed)) }]
        : []),
    ],
  };
}

function awardsChart(record: ReportRecord, f: Formatter): SectionBlock | undefined {
  const s = f.strings.awards;
  const numbered = (record.awards ?? []).map((award, i) => ({ award, n: i + 1 }));
  if (numbered.length === 0) return undefined;
  const charted =
    numbered.length > MAX_CHARTED_AWARDS
      ? [...numbered]
          .sort((a, b) => b.award.amount - a.award.amount || a.n - b.n)
          .slice(0, MAX_CHARTED_AWARDS)
      : numbered;
  const title =
    charted.length < numbered.length ? s.chartTitleLargest(charted.length) : s.chartTitle;
  const categories = charted.map(({ award, n }) => `${n}. ${award.recipient}`);
  const values = charted.map(({ award }) => award.amount);
  const labels = values.map((v) => f.money(v));
  return {
    type: 'section',
    heading: title,
    newPage: true,
    blocks: [
      {
        type: 'bar-chart',
        alt: s.chartAlt(charted.length, categories.map((c, i) => `${c} ${labels[i]}`).join('; ')),
        orientation: 'horizontal',
        categories,
        series: [{ name: s.amount, color: THEME.colors.award, values, labels }],
        scale: niceScale(values, f),
      },
    ],
  };
}

/** A list of awarded grants: reconciliation with the stated figures, the list, a chart. */
export function grantDecisionsBlocks(
  record: ReportRecord,
  f: Formatter,
  about: DocumentAbout,
): Block[] {
  const r = f.strings.reconciliation;
  const awards = record.awards ?? [];
  const chart = awardsChart(record, f);
  return [
    {
      type: 'cover',
      eyebrow: `${f.strings.summary} · ${f.strings.kinds[record.kind]}`,
      title: about.headline,
      subtitle: [about.dated, about.file].filter(Boolean).join(' · '),
    },
    {
      type: 'key-figures',
      items: [
        {
          label: `${r.total} (${r.stated.toLowerCase()})`,
          value: f.money(record.awardsStatedTotal),
        },
        { label: r.count, value: f.number(awards.length) },
        { label: r.applicationsReceived, value: f.number(record.applicationsReceived) },
      ],
    },
    reconciliationSection(record, f),
    awardsSection(record, f),
    ...(chart ? [chart] : []),
    findingsSection(record, f),
    provenanceSection(record, f),
  ];
}
