/** Every word the programme report prints beyond the final report's own strings, for one language. */
export interface ProgrammeStrings {
  eyebrow: string;
  title: (authority: string, period: string) => string;
  /** Counts arrive formatted for the language (`10 000`, `10,000`). */
  subtitle: (projects: string, documents: string, linked: string) => string;
  headerRight: string;
  attachmentDescription: string;
  keyFigures: { projects: string; granted: string; realised: string; jobs: string };
  totals: {
    heading: string;
    intro: string;
    byFund: string;
    byPriorityAxis: string;
    byRegion: string;
    group: string;
    projects: string;
    totalBudget: string;
    planned: string;
    granted: string;
    realised: string;
    euContribution: string;
    total: string;
    stated: (stated: string, projects: string) => string;
    moreGroups: (count: string) => string;
    otherGroups: string;
    chartTitle: string;
    chartAlt: (summary: string) => string;
  };
  indicators: {
    heading: string;
    caption: string;
    indicator: string;
    womenShare: string;
    womenShareNote: (projects: string) => string;
    chartAlt: (summary: string) => string;
  };
  horizontal: {
    heading: string;
    genderCaption: string;
    notStated: string;
    sustainabilityCaption: string;
    averageDirect: string;
    averageIndirect: string;
    projectsStating: string;
  };
  redFlags: {
    heading: string;
    intro: string;
    none: string;
    caption: string;
    project: string;
    errors: string;
    warnings: string;
    unreviewed: string;
    checks: string;
    more: (count: string) => string;
  };
  notes: {
    heading: string;
    counting: string;
    exact: string;
    periodNotStated: (count: string) => string;
  };
}
