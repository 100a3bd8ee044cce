import type { ProjectStatus } from '../../schemas/report-record.ts';

/** The record fields layer one reads wherever a document labels them, by field path. */
export const LABELLED_FIELDS = [
  'project.code',
  'project.name',
  'project.acronym',
  'project.beneficiary',
  'project.businessId',
  'project.fund',
  'project.programme',
  'project.priorityAxis',
  'project.specificObjective',
  'project.programmingPeriod',
  'project.managingAuthority',
  'project.region',
  'project.subRegion',
  'project.municipalities',
  'project.startDate',
  'project.endDate',
  'project.status',
  'project.summary',
  'funding.totalBudget',
  'funding.euContribution',
  'funding.euCofinancingRate',
  'funding.euAndStateGranted',
  'funding.euAndStateRealised',
  'funding.publicPlanned',
  'funding.publicRealised',
  'call.deadline',
  'call.maxFundingRate',
  'call.applicants',
] as const;

export type LabelledField = (typeof LABELLED_FIELDS)[number];

/** One language's words for labelled facts, lower case, plain strings. */
export interface LabelWords {
  /** Labels of each field, in any layout: `Label: value`, `Label<TAB>value`, a column header. */
  fields: Record<LabelledField, string[]>;
  /** Labels that name a field only as a column header over a data row (`Code`, `Title`). */
  columns: Partial<Record<LabelledField, string[]>>;
  /** Labels of a period that gives both the start and the end date (`Aikataulu: 1.1.2023 – 31.12.2025`). */
  duration: string[];
  /** Words a status value is written in, by status. */
  status: Record<ProjectStatus, string[]>;
  /**
   * Words that open a block about another organisation than the beneficiary (`Osatoteuttajat`,
   * `Partner 2`): an organisation's name or id under them is not the beneficiary's.
   */
  otherParty: string[];
  /** A qualifier after a label that says its figures are in euros: `(€)`, `(eur)`. */
  euroQualifiers: string[];
  /**
   * Words a grant agreement's number follows inside a sentence (`under the Grant Agreement
   * number 101079338`): the number is the project's code.
   */
  agreementNumber: string[];
  /** Words for a project before its acronym in running text (`the project TERAIS (…)`). */
  projectWords: string[];
  /** Short words an acronym's letters skip in the name it stands for (`and`, `of`, `ja`). */
  acronymSkips: string[];
  /**
   * A page's section headings and furniture, alone on a line, that are never a project's name
   * (`Project information`, `Funding`, `Share`, `Read more`).
   */
  pageFurniture: string[];
  /**
   * Words in a sentence right before the dates a project runs between (`Hanke toteutetaan ajalla
   * 1.1.2021–31.12.2023`, `Projektet pågår 2023-01-01 – 2025-06-30`, `The project runs from …`).
   */
  periodPhrases: string[];
  /**
   * Words an organisation's name ends in (`Lapin liitto`, `Itä-Lapin kuntayhtymä`, `Åre kommun`):
   * where a form's fields run together, an authority's or a beneficiary's name ends at one.
   */
  organisationEnds: string[];
}
