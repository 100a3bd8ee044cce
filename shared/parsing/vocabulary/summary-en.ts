import type { SummaryWords } from './summary.ts';

/** English headings of a project's summary. */
export const SUMMARY_EN: SummaryWords = {
  finalSummary: [
    'final report summary',
    'summary of the final report',
    'final summary',
    'summary of the results',
    'summary of results',
    'results summary',
  ],
  summary: [
    'summary',
    'project summary',
    'summary of the project',
    'summary of implementation',
    'summary of the implementation',
    'description',
    'project description',
    'description of the project',
    'short description',
    'brief description',
    'abstract',
    'project abstract',
    'non-technical summary',
    'non technical summary',
    'summary of the project plan',
    'summary of project plan',
    'summary of implementation according to the plan',
  ],
  contact: [
    'more information',
    'further information',
    'for more information',
    'contact',
    'contacts',
    'contact person',
    'contact persons',
    'contact details',
  ],
};
