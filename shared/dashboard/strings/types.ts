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
    queue: string;
    review: string;
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
    linked: string;
    noLinks: string;
    linkReasons: Record<
      | 'project-code'
      | 'project-code-in-award'
      | 'business-id-and-name'
      | 'name-and-organisation'
      | 'award-recipient-and-name',
      string
    >;
    confidence: Record<'high' | 'medium' | 'low', string>;
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
      'review-confirmed': string;
      'review-corrected': string;
      'review-added': string;
      'review-absent': string;
      'review-approved': string;
      'review-reopened': string;
    };
  };
  /** Who is signed in, and signing in and out (hosted UI on AWS, a token locally). */
  session: {
    signIn: string;
    signOut: string;
    signedInAs: string;
    signingIn: string;
    failed: string;
    roles: { 'project-manager': string; reviewer: string; auditor: string; operator: string };
  };
  queue: {
    caption: string;
    count: string;
    empty: string;
    project: string;
    document: string;
    status: string;
    findings: string;
    unconfirmed: string;
    received: string;
    open: string;
    errors: string;
    warnings: string;
  };
  review: {
    choose: string;
    openReview: string;
    statuses: { unreviewed: string; 'in-review': string; approved: string };
    approvedBy: string;
    locked: string;
    readOnly: string;
    fields: string;
    field: string;
    extracted: string;
    effective: string;
    line: string;
    review: string;
    choice: string;
    text: string;
    textLabel: string;
    noText: string;
    page: string;
    selected: string;
    noSource: string;
    actions: {
      confirmed: string;
      corrected: string;
      added: string;
      absent: string;
      approved: string;
      reopened: string;
    };
    reviewed: string;
    confirm: string;
    correct: string;
    add: string;
    absent: string;
    approve: string;
    reopen: string;
    history: string;
    historyOf: string;
    noHistory: string;
    newValue: string;
    valueHint: string;
    reason: string;
    reasonNeeded: string;
    pickLine: string;
    pickLineHint: string;
    pagePicked: string;
    save: string;
    cancel: string;
    saved: string;
    notANumber: string;
    who: string;
    when: string;
    what: string;
  };
}
