import {
  type Indicator,
  type ReportRecord,
  SUSTAINABILITY_KEYS,
} from '../shared/schemas/report-record.ts';
import {
  duration,
  type Fact,
  factsTable,
  findingsSection,
  niceScale,
  plannedRealisedChart,
  projectSummarySection,
  provenanceSection,
} from './blocks.ts';
import type { Formatter } from './format.ts';
import type { Block, SectionBlock } from './layout.ts';
import { THEME } from './theme.ts';

/** The project's identity, as on the cover of every project report. */
export function projectFacts(record: ReportRecord, f: Formatter): Fact[] {
  const p = record.project ?? {};
  const s = f.strings.project;
  return [
    { label: s.code, value: f.text(p.code), path: 'project.code' },
    { label: s.name, value: f.text(p.name), path: 'project.name' },
    { label: s.beneficiary, value: f.text(p.beneficiary), path: 'project.beneficiary' },
    { label: s.businessId, value: f.text(p.businessId), path: 'project.businessId' },
    {
      label: s.fund,
      value: p.fund ? f.strings.funds[p.fund] : f.strings.notStated,
      path: 'project.fund',
    },
    { label: s.programme, value: f.text(p.programme), path: 'project.programme' },
    { label: s.priorityAxis, value: f.text(p.priorityAxis), path: 'project.priorityAxis' },
    {
      label: s.specificObjective,
      value: f.text(p.specificObjective),
      path: 'project.specificObjective',
    },
    {
      label: s.managingAuthority,
      value: f.text(p.managingAuthority),
      path: 'project.managingAuthority',
    },
    { label: s.region, value: f.text(p.region), path: 'project.region' },
    { label: s.subRegion, value: f.text(p.subRegion), path: 'project.subRegion' },
    {
      label: s.municipalities,
      value: p.municipalities?.length ? p.municipalities.join(', ') : f.strings.notStated,
      path: 'project.municipalities',
    },
    {
      label: s.programmingPeriod,
      value: f.text(p.programmingPeriod),
      path: 'project.programmingPeriod',
    },
    {
      label: s.duration,
      value: duration(p.startDate, p.endDate, f),
      path: 'project.startDate',
    },
    {
      label: s.status,
      value: p.status ? f.strings.statuses[p.status] : f.strings.notStated,
      path: 'project.status',
    },
  ];
}

function indicatorsSection(record: ReportRecord, f: Formatter): SectionBlock {
  const s = f.strings.indicators;
  const jobs: Indicator = record.indicators?.jobsCreated ?? {};
  const enterprises: Indicator = record.indicators?.enterprisesCreated ?? {};
  const row = (name: string, key: string, i: Indicator) => [
    name,
    `${f.number(i.planned)}${f.mark(`indicators.${key}.planned`)}`,
    `${f.number(i.plannedWomen)}${f.mark(`indicators.${key}.plannedWomen`)}`,
    `${f.number(i.realised)}${f.mark(`indicators.${key}.realised`)}`,
    `${f.number(i.realisedWomen)}${f.mark(`indicators.${key}.realisedWomen`)}`,
  ];
  const categories = [
    s.jobsCreated,
    s.ofWhichWomen(s.jobsCreated),
    s.enterprisesCreated,
    s.ofWhichWomen(s.enterprisesCreated),
  ];
  const planned = [jobs.planned, jobs.plannedWomen, enterprises.planned, enterprises.plannedWomen];
  const realised = [
    jobs.realised,
    jobs.realisedWomen,
    enterprises.realised,
    enterprises.realisedWomen,
  ];
  const summary = categories
    .map((c, i) => `${c} ${f.number(planned[i])} / ${f.number(realised[i])}`)
    .join('; ');
  const stated = [...planned, ...realised].some((v) => v !== undefined);
  const indicatorsChart = plannedRealisedChart({
    title: s.chartTitle,
    alt: s.chartAlt(summary),
    categories,
    planned,
    realised,
    names: s,
    f,
  });
  return {
    type: 'section',
    heading: s.heading,
    newPage: true,
    blocks: [
      {
        type: 'table',
        caption: s.tableCaption,
        columns: [
          { header: s.indicator, width: 0.32, align: 'left' },
          { header: s.planned, width: 0.17, align: 'right' },
          { header: s.plannedWomen, width: 0.17, align: 'right' },
          { header: s.realised, width: 0.17, align: 'right' },
          { header: s.realisedWomen, width: 0.17, align: 'right' },
        ],
        rows: [
          row(s.jobsCreated, 'jobsCreated', jobs),
          row(s.enterprisesCreated, 'enterprisesCreated', enterprises),
        ],
      },
      ...(stated ? [indicatorsChart] : []),
    ],
  };
}

function fundingSection(record: ReportRecord, f: Formatter): SectionBlock {
  const s = f.strings.funding;
  const funding = record.funding ?? {};
  const blocks: Block[] = [
    {
      type: 'table',
      caption: s.tableCaption,
      columns: [
        { header: s.item, width: 0.4, align: 'left' },
        { header: s.planned, width: 0.22, align: 'right' },
        { header: s.realised, width: 0.2, align: 'right' },
        { header: s.utilisation, width: 0.18, align: 'right' },
      ],
      rows: [
        [
          s.euAndState,
          `${f.money(funding.euAndStateGranted)}${f.mark('funding.euAndStateGranted')}`,
          `${f.money(funding.euAndStateRealised)}${f.mark('funding.euAndStateRealised')}`,
          f.share(funding.euAndStateRealised, funding.euAndStateGranted),
        ],
        [
          s.publicFunding,
          `${f.money(funding.publicPlanned)}${f.mark('funding.publicPlanned')}`,
          `${f.money(funding.publicRealised)}${f.mark('funding.publicRealised')}`,
          f.share(funding.publicRealised, funding.publicPlanned),
        ],
      ],
    },
    { type: 'paragraph', text: s.utilisationNote, tone: 'muted' },
    factsTable(
      s.budgetCaption,
      [
        { label: s.totalBudget, value: f.money(funding.totalBudget), path: 'funding.totalBudget' },
        {
          label: s.euContribution,
          value: f.money(funding.euContribution),
          path: 'funding.euContribution',
        },
        {
          label: s.euCofinancingRate,
          value: f.percent(funding.euCofinancingRate),
          path: 'funding.euCofinancingRate',
        },
      ],
      f,
    ),
  ];
  if (funding.byOrganisation?.length) {
    blocks.push({
      type: 'table',
      caption: s.byOrganisation,
      columns: [
        { header: s.organisation, width: 0.7, align: 'left' },
        { header: s.amount, width: 0.3, align: 'right' },
      ],
      rows: funding.byOrganisation.map((o) => [o.organisation, f.money(o.amount)]),
    });
  }
  return { type: 'section', heading: s.heading, blocks };
}

function horizontalSection(record: ReportRecord, f: Formatter): SectionBlock {
  const s = f.strings.horizontal;
  const h = record.horizontal ?? {};
  const blocks: Block[] = [
    { type: 'heading', text: s.genderHeading },
    {
      type: 'table',
      caption: s.genderCaption,
      columns: [
        { header: s.question, width: 0.75, align: 'left' },
        { header: s.answer, width: 0.25, align: 'left' },
      ],
      rowHeaders: true,
      rows: [
        [
          s.genderAnalysisDone,
          `${f.yesNo(h.genderAnalysisDone)}${f.mark('horizontal.genderAnalysisDone')}`,
        ],
        [
          s.genderMainstreamed,
          `${f.yesNo(h.genderMainstreamed)}${f.mark('horizontal.genderMainstreamed')}`,
        ],
        [
          s.genderEqualityMainGoal,
          `${f.yesNo(h.genderEqualityMainGoal)}${f.mark('horizontal.genderEqualityMainGoal')}`,
        ],
      ],
    },
    { type: 'heading', text: s.sustainabilityHeading },
  ];
  const scores = h.sustainability;
  if (!scores) {
    blocks.push({ type: 'paragraph', text: `${s.sustainabilityHeading}: ${f.strings.notStated}` });
    return { type: 'section', heading: s.heading, newPage: true, blocks };
  }
  const direct = SUSTAINABILITY_KEYS.map((key) => scores[key]?.direct);
  const indirect = SUSTAINABILITY_KEYS.map((key) => scores[key]?.indirect);
  const categories = SUSTAINABILITY_KEYS.map((key) => s.categories[key]);
  const summary = categories
    .map((c, i) => `${c} ${f.number(direct[i])} / ${f.number(indirect[i])}`)
    .join('; ');
  blocks.push(
    { type: 'paragraph', text: s.sustainabilityIntro, tone: 'muted' },
    {
      type: 'bar-chart',
      alt: s.chartAlt(summary),
      orientation: 'horizontal',
      categories,
      series: [
        {
          name: s.direct,
          color: THEME.colors.direct,
          values: direct,
          labels: direct.map(
            (v, i) =>
              `${f.number(v)}${f.mark(`horizontal.sustainability.${SUSTAINABILITY_KEYS[i]}.direct`)}`,
          ),
        },
        {
          name: s.indirect,
          color: THEME.colors.indirect,
          values: indirect,
          labels: indirect.map(
            (v, i) =>
              `${f.number(v)}${f.mark(`horizontal.sustainability.${SUSTAINABILITY_KEYS[i]}.indirect`)}`,
          ),
        },
      ],
      scale: niceScale([...direct, ...indirect], f, 10),
    },
  );
  return { type: 'section', heading: s.heading, newPage: true, blocks };
}

/** A project description or final report: cover, indicators, funding, principles, appendix. */
export function projectDescriptionBlocks(record: ReportRecord, f: Formatter): Block[] {
  const p = record.project ?? {};
  const k = f.strings.keyFigures;
  const funding = record.funding ?? {};
  const summary = projectSummarySection(record, f);
  return [
    {
      type: 'cover',
      eyebrow: `${f.strings.finalReport} · ${f.strings.kinds[record.kind]}`,
      title: p.name ?? p.code ?? f.strings.notStated,
      subtitle: [p.code, p.beneficiary].filter(Boolean).join(' · ') || f.strings.notStated,
    },
    {
      type: 'key-figures',
      items: [
        {
          label: k.granted,
          value: `${f.money(funding.euAndStateGranted)}${f.mark('funding.euAndStateGranted')}`,
        },
        {
          label: k.realised,
          value: `${f.money(funding.euAndStateRealised)}${f.mark('funding.euAndStateRealised')}`,
        },
        {
          label: k.jobs,
          value: `${f.number(record.indicators?.jobsCreated?.realised)}${f.mark('indicators.jobsCreated.realised')}`,
        },
      ],
    },
    ...(summary ? [summary] : []),
    {
      type: 'section',
      heading: f.strings.project.heading,
      blocks: [factsTable(f.strings.facts.caption, projectFacts(record, f), f)],
    },
    indicatorsSection(record, f),
    fundingSection(record, f),
    horizontalSection(record, f),
    findingsSection(record, f),
    provenanceSection(record, f),
  ];
}
