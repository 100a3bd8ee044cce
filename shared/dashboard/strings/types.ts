/**
 * The dashboard's own words, for one language; the record's field names come from the final
 * report's strings. `{n}`, `{key}`… are placeholders the dashboard fills in.
 */
export interface DashboardStrings {
  /** BCP 47 tag for number and date formats. */
  locale: string;
  languageName: string;
  title: string;
  lead: string;
  language: string;
  skip: string;
  views: {
    label: string;
    projects: string;
    report: string;
    indicators: string;
    checks: string;
    awards: string;
    calls: string;
    audit: string;
  };
  /** Names of fields the final report never prints under their own label. */
  fields: { 'project.summary': string };
  noToken: string;
  any: string;
  projects: {
    filters: string;
    authority: string;
    period: string;
    regionExample: string;
    authorityExample: string;
    apply: string;
    export: string;
    more: string;
    count: string;
    finalReport: string;
    open: string;
    noFinalReport: string;
  };
  report: {
    choose: string;
    version: string;
    document: string;
    received: string;
    findings: string;
    facts: string;
  };
  indicators: {
    indicator: string;
    groupBy: string;
    groups: { region: string; fund: string; authority: string; period: string };
    show: string;
    caption: string;
    empty: string;
    bar: string;
    euCodes: string;
  };
  checks: {
    severity: string;
    all: string;
    check: string;
    document: string;
    fields: string;
    count: string;
  };
  awards: { document: string; count: string };
  calls: { document: string; received: string; language: string; count: string };
  audit: {
    subject: string;
    at: string;
    action: string;
    version: string;
    file: string;
    detail: string;
    count: string;
    actions: {
      uploaded: string;
      extracted: string;
      rejected: string;
      duplicate: string;
      rendered: string;
      're-extracted': string;
    };
  };
}
