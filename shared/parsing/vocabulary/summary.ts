/** One language's words around a project's own summary, lower case, plain strings. */
export interface SummaryWords {
  /** Headings (or labels) over the summary a project's final report gives; preferred. */
  finalSummary: string[];
  /** Headings (or labels) over a project's summary or description. */
  summary: string[];
  /** Words that open a contact block, which is never part of a summary. */
  contact: string[];
}
