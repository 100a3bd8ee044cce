import type { ProgrammeStrings } from './types.ts';

export const en: ProgrammeStrings = {
  eyebrow: 'Programme report',
  title: (authority, period) => `${authority}: programme ${period}`,
  subtitle: (projects, documents, linked) =>
    `${projects} projects from ${documents} documents; ${linked} documents were about a project already counted`,
  headerRight: 'Programme report',
  attachmentDescription: 'The programme totals this report was generated from (JSON)',
  keyFigures: {
    projects: 'Projects',
    granted: 'EU and state funding granted',
    realised: 'EU and state funding realised',
    jobs: 'Jobs created (realised)',
  },
  totals: {
    heading: 'Funding',
    intro:
      'Sums of the figures the projects state; a project that does not state a figure adds nothing to its sum, and the table says how many projects state it.',
    byFund: 'Funding by fund',
    byPriorityAxis: 'Funding by priority axis',
    byRegion: 'Funding by region',
    group: 'Group',
    projects: 'Projects',
    totalBudget: 'Total budget',
    planned: 'Public funding planned',
    granted: 'EU and state granted',
    realised: 'EU and state realised',
    euContribution: 'EU contribution',
    total: 'Total',
    stated: (stated, projects) => `stated by ${stated} of ${projects} projects`,
    moreGroups: (count) =>
      `${count} more groups are summed in the last row; every group is in the XLSX file.`,
    otherGroups: 'Other groups',
    chartTitle: 'Granted and realised EU and state funding by fund',
    chartAlt: (summary) => `Bar chart of granted and realised funding by fund: ${summary}.`,
  },
  indicators: {
    heading: 'Jobs and enterprises',
    caption: 'Jobs and enterprises created, planned and realised',
    indicator: 'Indicator',
    womenShare: "Women's share of realised",
    womenShareNote: (projects) =>
      `Women's share counts the ${projects} projects that state both realised and realised women.`,
    chartAlt: (summary) => `Bar chart of planned and realised jobs and enterprises: ${summary}.`,
  },
  horizontal: {
    heading: 'Horizontal principles',
    genderCaption: 'Gender equality: how many projects answer yes, no or nothing',
    notStated: 'Not stated',
    sustainabilityCaption:
      'Sustainable development: average score (0–10) of the projects stating it',
    averageDirect: 'Direct, average',
    averageIndirect: 'Indirect, average',
    projectsStating: 'Projects stating',
  },
  redFlags: {
    heading: 'Projects with red flags',
    intro:
      'Projects whose documents carry error or warning findings, or whose key figures (funding granted and realised, jobs and enterprises realised) no one has reviewed; most errors first.',
    none: 'No project has an error or warning finding.',
    caption: 'Projects with error or warning findings',
    project: 'Project',
    errors: 'Errors',
    warnings: 'Warnings',
    unreviewed: 'Unreviewed key figures',
    checks: 'Findings',
    more: (count) => `${count} more projects with findings are listed in the XLSX file.`,
  },
  notes: {
    heading: 'How this report counts',
    counting:
      'Documents about the same project (its project description, public project page, grant-decision row) are linked by project code, by business ID with the project name, or by project name with the organisation; each project is counted once, its figures taken from its own report first.',
    exact: 'Sums are exact to the cent.',
    periodNotStated: (n) =>
      `${n} projects of this managing authority state no programming period and are not counted.`,
  },
};
