import {
  type Amount,
  type FundingTotals,
  fromHundredths,
  type ProgrammeSummary,
} from '../../shared/programme/aggregate.ts';
import type { Fund, Language } from '../../shared/schemas/report-record.ts';
import { FUNDS, INDICATOR_KEYS } from '../../shared/schemas/report-record.ts';
import { niceScale, plannedRealisedChart } from '../blocks.ts';
import { DEFAULT_TIME_ZONE, type Formatter, formatterFor } from '../format.ts';
import type { Block, ReportLayout, SectionBlock, TableBlock } from '../layout.ts';
import { THEME } from '../theme.ts';
import { PROGRAMME_STRINGS } from './strings/index.ts';
import type { ProgrammeStrings } from './strings/types.ts';

/** Rows of a grouped funding table before the rest are summed into one "other groups" row. */
export const MAX_GROUP_ROWS = 40;
/** Projects with red flags listed in the PDF; all of them are in the XLSX. */
export const MAX_LISTED_RED_FLAGS = 300;
export const PROGRAMME_ATTACHMENT_NAME = 'programme-summary.json';

export interface ProgrammeLayoutOptions {
  language: Language;
  generatedAt: Date;
  timeZone?: string;
}

const money = (f: Formatter, a: Amount) =>
  a.stated === 0 ? f.strings.notStated : f.money(fromHundredths(a.hundredths));

const isFund = (group: string): group is Fund => (FUNDS as readonly string[]).includes(group);

function groupName(group: string, f: Formatter, fund: boolean): string {
  if (group === '') return f.strings.notStated;
  return fund && isFund(group) ? f.strings.funds[group] : group;
}

function addTotals(into: FundingTotals, from: FundingTotals): void {
  into.projects += from.projects;
  for (const key of [
    'totalBudget',
    'euContribution',
    'publicPlanned',
    'granted',
    'realised',
  ] as const) {
    into[key].hundredths += from[key].hundredths;
    into[key].stated += from[key].stated;
  }
}

function fundingTable(
  caption: string,
  groups: Array<{ group: string } & FundingTotals>,
  totals: FundingTotals,
  f: Formatter,
  p: ProgrammeStrings,
  fund = false,
): Block[] {
  const s = p.totals;
  // The EU contribution is in the XLSX; five columns keep sums of billions on one line.
  const row = (name: string, t: FundingTotals) => [
    name,
    f.number(t.projects),
    money(f, t.totalBudget),
    money(f, t.granted),
    money(f, t.realised),
  ];
  const shown = groups.slice(0, MAX_GROUP_ROWS);
  const rest = groups.slice(MAX_GROUP_ROWS);
  const rows = shown.map((g) => row(groupName(g.group, f, fund), g));
  if (rest.length > 0) {
    const other: FundingTotals = {
      projects: 0,
      totalBudget: { hundredths: 0, stated: 0 },
      euContribution: { hundredths: 0, stated: 0 },
      publicPlanned: { hundredths: 0, stated: 0 },
      granted: { hundredths: 0, stated: 0 },
      realised: { hundredths: 0, stated: 0 },
    };
    for (const g of rest) addTotals(other, g);
    rows.push(row(`${s.otherGroups} (${f.number(rest.length)})`, other));
  }
  rows.push(row(s.total, totals));
  const table: TableBlock = {
    type: 'table',
    caption,
    columns: [
      { header: s.group, width: 0.28, align: 'left' },
      { header: s.projects, width: 0.1, align: 'right' },
      { header: s.totalBudget, width: 0.2, align: 'right' },
      { header: s.granted, width: 0.21, align: 'right' },
      { header: s.realised, width: 0.21, align: 'right' },
    ],
    rows,
    rowHeaders: true,
    emphasis: [rows.length - 1],
  };
  return rest.length > 0
    ? [table, { type: 'paragraph', text: s.moreGroups(f.number(rest.length)), tone: 'muted' }]
    : [table];
}

function fundingSection(
  summary: ProgrammeSummary,
  f: Formatter,
  p: ProgrammeStrings,
): SectionBlock {
  const s = p.totals;
  const t = summary.totals;
  const statedRows = (
    [
      [s.totalBudget, t.totalBudget],
      [s.planned, t.publicPlanned],
      [s.granted, t.granted],
      [s.realised, t.realised],
      [s.euContribution, t.euContribution],
    ] as const
  ).map(([label, a]) => [label, money(f, a), s.stated(f.number(a.stated), f.number(t.projects))]);
  const funds = summary.byFund;
  const granted = funds.map((g) =>
    g.granted.stated ? fromHundredths(g.granted.hundredths) : undefined,
  );
  const realised = funds.map((g) =>
    g.realised.stated ? fromHundredths(g.realised.hundredths) : undefined,
  );
  const categories = funds.map((g) => groupName(g.group, f, true));
  const chartSummary = categories
    .map((c, i) => `${c} ${f.money(granted[i])} / ${f.money(realised[i])}`)
    .join('; ');
  return {
    type: 'section',
    heading: s.heading,
    newPage: true,
    blocks: [
      { type: 'paragraph', text: s.intro, tone: 'muted' },
      {
        type: 'table',
        caption: s.heading,
        columns: [
          { header: s.group, width: 0.34, align: 'left' },
          { header: s.total, width: 0.28, align: 'right' },
          { header: s.projects, width: 0.38, align: 'left' },
        ],
        rows: statedRows,
        rowHeaders: true,
        hideHeader: true,
      },
      {
        type: 'bar-chart',
        title: s.chartTitle,
        alt: s.chartAlt(chartSummary),
        orientation: 'horizontal',
        categories,
        series: [
          {
            name: s.granted,
            color: THEME.colors.planned,
            values: granted,
            labels: granted.map((v) => f.money(v)),
          },
          {
            name: s.realised,
            color: THEME.colors.realised,
            values: realised,
            labels: realised.map((v) => f.money(v)),
          },
        ],
        scale: niceScale([...granted, ...realised], f),
      },
      ...fundingTable(s.byFund, summary.byFund, t, f, p, true),
      ...fundingTable(s.byPriorityAxis, summary.byPriorityAxis, t, f, p),
      ...fundingTable(s.byRegion, summary.byRegion, t, f, p),
    ],
  };
}

function indicatorsSection(
  summary: ProgrammeSummary,
  f: Formatter,
  p: ProgrammeStrings,
): SectionBlock {
  const s = f.strings.indicators;
  const count = (a: Amount) =>
    a.stated === 0 ? f.strings.notStated : f.number(fromHundredths(a.hundredths));
  const rows = INDICATOR_KEYS.map((key) => {
    const t = summary.indicators[key];
    const w = t.womenOfRealised;
    return [
      s[key],
      count(t.planned),
      count(t.realised),
      count(t.plannedWomen),
      count(t.realisedWomen),
      f.share(w.projects ? w.women : undefined, w.projects ? w.total : undefined),
    ];
  });
  const planned = INDICATOR_KEYS.map((k) => {
    const a = summary.indicators[k].planned;
    return a.stated ? fromHundredths(a.hundredths) : undefined;
  });
  const realised = INDICATOR_KEYS.map((k) => {
    const a = summary.indicators[k].realised;
    return a.stated ? fromHundredths(a.hundredths) : undefined;
  });
  const categories = INDICATOR_KEYS.map((k) => s[k]);
  const chartSummary = categories
    .map((c, i) => `${c} ${f.number(planned[i])} / ${f.number(realised[i])}`)
    .join('; ');
  return {
    type: 'section',
    heading: p.indicators.heading,
    newPage: true,
    blocks: [
      {
        type: 'table',
        caption: p.indicators.caption,
        columns: [
          { header: p.indicators.indicator, width: 0.25, align: 'left' },
          { header: s.planned, width: 0.14, align: 'right' },
          { header: s.realised, width: 0.14, align: 'right' },
          { header: s.plannedWomen, width: 0.15, align: 'right' },
          { header: s.realisedWomen, width: 0.15, align: 'right' },
          { header: p.indicators.womenShare, width: 0.17, align: 'right' },
        ],
        rows,
        rowHeaders: true,
      },
      {
        type: 'paragraph',
        text: p.indicators.womenShareNote(
          f.number(summary.indicators.jobsCreated.womenOfRealised.projects),
        ),
        tone: 'muted',
      },
      plannedRealisedChart({
        alt: p.indicators.chartAlt(chartSummary),
        categories,
        planned,
        realised,
        names: s,
        f,
      }),
    ],
  };
}

function horizontalSection(
  summary: ProgrammeSummary,
  f: Formatter,
  p: ProgrammeStrings,
): SectionBlock {
  const h = f.strings.horizontal;
  const average = (a: Amount) =>
    a.stated === 0 ? undefined : Math.round(a.hundredths / a.stated) / 100;
  const gender = (
    ['genderAnalysisDone', 'genderMainstreamed', 'genderEqualityMainGoal'] as const
  ).map((key) => {
    const c = summary.gender[key];
    return [h[key], f.number(c.yes), f.number(c.no), f.number(c.notStated)];
  });
  const direct = summary.sustainability.map((s) => average(s.direct));
  const indirect = summary.sustainability.map((s) => average(s.indirect));
  const categories = summary.sustainability.map((s) => h.categories[s.key]);
  return {
    type: 'section',
    heading: p.horizontal.heading,
    newPage: true,
    blocks: [
      {
        type: 'table',
        caption: p.horizontal.genderCaption,
        columns: [
          { header: h.question, width: 0.52, align: 'left' },
          { header: f.strings.yes, width: 0.16, align: 'right' },
          { header: f.strings.no, width: 0.16, align: 'right' },
          { header: p.horizontal.notStated, width: 0.16, align: 'right' },
        ],
        rows: gender,
        rowHeaders: true,
      },
      {
        type: 'table',
        caption: p.horizontal.sustainabilityCaption,
        columns: [
          { header: h.sustainabilityHeading, width: 0.46, align: 'left' },
          { header: p.horizontal.averageDirect, width: 0.18, align: 'right' },
          { header: p.horizontal.averageIndirect, width: 0.18, align: 'right' },
          { header: p.horizontal.projectsStating, width: 0.18, align: 'right' },
        ],
        rows: summary.sustainability.map((s, i) => [
          h.categories[s.key],
          f.number(direct[i]),
          f.number(indirect[i]),
          f.number(Math.max(s.direct.stated, s.indirect.stated)),
        ]),
        rowHeaders: true,
      },
      {
        type: 'bar-chart',
        alt: h.chartAlt(
          categories
            .map((c, i) => `${c} ${f.number(direct[i])} / ${f.number(indirect[i])}`)
            .join('; '),
        ),
        orientation: 'horizontal',
        categories,
        series: [
          {
            name: h.direct,
            color: THEME.colors.direct,
            values: direct,
            labels: direct.map((v) => f.number(v)),
          },
          {
            name: h.indirect,
            color: THEME.colors.indirect,
            values: indirect,
            labels: indirect.map((v) => f.number(v)),
          },
        ],
        scale: niceScale([...direct, ...indirect], f, 10),
      },
    ],
  };
}

function redFlagsSection(
  summary: ProgrammeSummary,
  f: Formatter,
  p: ProgrammeStrings,
): SectionBlock {
  const s = p.redFlags;
  if (summary.redFlags.length === 0)
    return {
      type: 'section',
      heading: s.heading,
      newPage: true,
      blocks: [{ type: 'paragraph', text: s.none }],
    };
  const listed = summary.redFlags.slice(0, MAX_LISTED_RED_FLAGS);
  const more = summary.redFlags.length - listed.length;
  return {
    type: 'section',
    heading: s.heading,
    newPage: true,
    blocks: [
      { type: 'paragraph', text: s.intro, tone: 'muted' },
      {
        type: 'table',
        caption: s.caption,
        columns: [
          { header: s.project, width: 0.32, align: 'left' },
          { header: s.errors, width: 0.1, align: 'right' },
          { header: s.warnings, width: 0.11, align: 'right' },
          { header: s.unreviewed, width: 0.14, align: 'right' },
          { header: s.checks, width: 0.33, align: 'left' },
        ],
        rows: listed.map((r) => [
          r.name ? `${r.key} ${r.name}` : r.key,
          f.number(r.errors),
          f.number(r.warnings),
          f.number(r.unreviewed.length),
          r.checkIds.join(', '),
        ]),
        rowHeaders: true,
      },
      ...(more > 0
        ? [{ type: 'paragraph' as const, text: s.more(f.number(more)), tone: 'muted' as const }]
        : []),
    ],
  };
}

/** Lays the programme's totals out as a report in one language. Pure: no I/O, no clock. */
export function layoutProgrammeReport(
  summary: ProgrammeSummary,
  options: ProgrammeLayoutOptions,
): ReportLayout {
  const f = formatterFor(options.language, options.timeZone ?? DEFAULT_TIME_ZONE);
  const p = PROGRAMME_STRINGS[options.language];
  const t = summary.totals;
  const jobs = summary.indicators.jobsCreated.realised;
  const title = p.title(summary.managingAuthority, summary.period);
  return {
    language: options.language,
    locale: f.strings.locale,
    title,
    subject: `${p.eyebrow} · ${title}`,
    keywords: [p.eyebrow, summary.managingAuthority, summary.period],
    author: summary.managingAuthority,
    header: title,
    headerRight: p.headerRight,
    footer: f.strings.generated(f.instant(options.generatedAt)),
    pageLabel: f.strings.page,
    attachment: { name: PROGRAMME_ATTACHMENT_NAME, description: p.attachmentDescription },
    blocks: [
      {
        type: 'cover',
        eyebrow: p.eyebrow,
        title,
        subtitle: p.subtitle(
          f.number(summary.projects),
          f.number(summary.documents),
          f.number(summary.linkedDocuments),
        ),
      },
      {
        type: 'key-figures',
        items: [
          { label: p.keyFigures.projects, value: f.number(summary.projects) },
          { label: p.keyFigures.granted, value: money(f, t.granted) },
          { label: p.keyFigures.realised, value: money(f, t.realised) },
          {
            label: p.keyFigures.jobs,
            value: jobs.stated ? f.number(fromHundredths(jobs.hundredths)) : f.strings.notStated,
          },
        ],
      },
      {
        type: 'section',
        heading: p.notes.heading,
        blocks: [
          { type: 'paragraph', text: p.notes.counting },
          { type: 'paragraph', text: p.notes.exact, tone: 'muted' },
          ...(summary.periodNotStated > 0
            ? [
                {
                  type: 'paragraph' as const,
                  text: p.notes.periodNotStated(f.number(summary.periodNotStated)),
                  tone: 'muted' as const,
                },
              ]
            : []),
        ],
      },
      fundingSection(summary, f, p),
      indicatorsSection(summary, f, p),
      horizontalSection(summary, f, p),
      redFlagsSection(summary, f, p),
    ],
  };
}
