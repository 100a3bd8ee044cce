import type { ReportRecord } from '../shared/schemas/report-record.ts';
import {
  type DocumentAbout,
  duration,
  type Fact,
  factsTable,
  findingsSection,
  projectSummarySection,
  sourceTable,
} from './blocks.ts';
import type { Formatter } from './format.ts';
import type { Block, KeyFiguresBlock } from './layout.ts';

/** Where a research portal names the project's place in a programme; pages state more. */
const RESEARCH_FACTS = new Set([
  'project.name',
  'project.acronym',
  'project.beneficiary',
  'project.fund',
  'project.programme',
  'project.startDate',
  'project.status',
]);

function projectSummaryFacts(record: ReportRecord, f: Formatter): Fact[] {
  const p = record.project ?? {};
  const s = f.strings.project;
  const facts: Fact[] = [
    { label: s.name, value: f.text(p.name), path: 'project.name' },
    { label: s.acronym, value: f.text(p.acronym), path: 'project.acronym' },
    { label: s.beneficiary, value: f.text(p.beneficiary), path: 'project.beneficiary' },
    {
      label: s.fund,
      value: p.fund ? f.strings.funds[p.fund] : f.strings.notStated,
      path: 'project.fund',
    },
    { label: s.programme, value: f.text(p.programme), path: 'project.programme' },
    {
      label: s.programmingPeriod,
      value: f.text(p.programmingPeriod),
      path: 'project.programmingPeriod',
    },
    {
      label: s.managingAuthority,
      value: f.text(p.managingAuthority),
      path: 'project.managingAuthority',
    },
    { label: s.country, value: f.text(p.country), path: 'project.country' },
    { label: s.region, value: f.text(p.region), path: 'project.region' },
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
  return record.kind === 'research-project'
    ? facts.filter((fact) => fact.path !== undefined && RESEARCH_FACTS.has(fact.path))
    : facts;
}

function fundingFacts(record: ReportRecord, f: Formatter): Fact[] {
  const funding = record.funding ?? {};
  const s = f.strings.funding;
  return [
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
  ];
}

function callFacts(record: ReportRecord, f: Formatter): Fact[] {
  const call = record.call ?? {};
  const s = f.strings.call;
  return [
    { label: s.deadline, value: f.dateTime(call.deadline), path: 'call.deadline' },
    {
      label: s.maxFundingRate,
      value: f.percent(call.maxFundingRate),
      path: 'call.maxFundingRate',
    },
    { label: s.applicants, value: f.text(call.applicants), path: 'call.applicants' },
  ];
}

function keyFigures(record: ReportRecord, f: Formatter): KeyFiguresBlock {
  const s = f.strings;
  const p = record.project ?? {};
  if (record.kind === 'funding-call') {
    return {
      type: 'key-figures',
      items: [
        {
          label: s.call.deadline,
          value: `${f.dateTime(record.call?.deadline)}${f.mark('call.deadline')}`,
        },
        {
          label: s.call.maxFundingRate,
          value: `${f.percent(record.call?.maxFundingRate)}${f.mark('call.maxFundingRate')}`,
        },
      ],
    };
  }
  if (record.kind === 'research-project') {
    return {
      type: 'key-figures',
      items: [
        {
          label: s.project.duration,
          value: duration(p.startDate, p.endDate, f),
        },
        {
          label: s.project.status,
          value: p.status ? s.statuses[p.status] : s.notStated,
        },
      ],
    };
  }
  return {
    type: 'key-figures',
    items: [
      {
        label: s.funding.totalBudget,
        value: `${f.money(record.funding?.totalBudget)}${f.mark('funding.totalBudget')}`,
      },
      {
        label: s.funding.euContribution,
        value: `${f.money(record.funding?.euContribution)}${f.mark('funding.euContribution')}`,
      },
      {
        label: s.funding.euCofinancingRate,
        value: `${f.percent(record.funding?.euCofinancingRate)}${f.mark('funding.euCofinancingRate')}`,
      },
    ],
  };
}

/** A one-page summary of a project page, research project or funding call. */
export function summaryBlocks(record: ReportRecord, f: Formatter, about: DocumentAbout): Block[] {
  const s = f.strings;
  const line = s.source.line;
  const facts =
    record.kind === 'funding-call'
      ? callFacts(record, f)
      : record.kind === 'project-page'
        ? [...projectSummaryFacts(record, f), ...fundingFacts(record, f)]
        : projectSummaryFacts(record, f);
  const heading = record.kind === 'funding-call' ? s.call.heading : s.project.heading;
  const source: Fact[] = [
    { label: s.source.key, value: record.source.key },
    { label: s.source.sha256, value: record.source.sha256 },
  ];
  const caption = record.kind === 'funding-call' ? s.facts.callCaption : s.facts.caption;
  const blocks: Block[] = [factsTable(caption, [...facts, ...source], f, record.provenance, line)];
  const organisations = record.funding?.byOrganisation ?? [];
  if (organisations.length > 0) {
    blocks.push({
      type: 'table',
      caption: s.funding.byOrganisation,
      columns: [
        { header: s.funding.organisation, width: 0.62, align: 'left' },
        { header: s.funding.amount, width: 0.28, align: 'right' },
        { header: line, width: 0.1, align: 'right' },
      ],
      rows: organisations.map((o, i) => [
        o.organisation,
        f.money(o.amount),
        String(record.provenance[`funding.byOrganisation.${i}.amount`]?.line ?? ''),
      ]),
    });
  }
  const call = record.kind === 'funding-call';
  const summary = projectSummarySection(record, f);
  return [
    {
      type: 'cover',
      eyebrow: `${s.summary} · ${s.kinds[record.kind]}`,
      title: call ? s.kinds[record.kind] : about.subject,
      subtitle: call
        ? about.headline
        : (record.project?.acronym ?? [about.dated, about.file].filter(Boolean).join(' · ')),
    },
    keyFigures(record, f),
    ...(summary ? [summary] : []),
    { type: 'section', heading, blocks },
    findingsSection(record, f),
  ];
}

/** A document of no known kind: a short page that says nothing was extracted, and why. */
export function unknownBlocks(record: ReportRecord, f: Formatter, about: DocumentAbout): Block[] {
  const s = f.strings;
  return [
    {
      type: 'cover',
      eyebrow: s.kinds.unknown,
      title: s.unknown.heading,
      subtitle: [about.file, about.dated].filter(Boolean).join(' · '),
    },
    { type: 'paragraph', text: s.unknown.body },
    findingsSection(record, f),
    { type: 'section', heading: s.source.heading, blocks: [sourceTable(record, f)] },
  ];
}
