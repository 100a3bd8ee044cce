import type { ExtractedFields, Language } from '../../schemas/report-record.ts';
import type { Line } from '../text.ts';

/** Facts a parser saw that the checks need but the record does not carry. */
export interface ParserHints {
  /** Specific objectives for which the export says jobs are collected (`1.1, 2.1 ja 3.1`). */
  jobsCollectedForObjectives?: string[];
  /** How far the stated awards total may differ from the sum, given how it was rounded. */
  awardsStatedTotalTolerance?: number;
}

export interface ParseOutput {
  fields: ExtractedFields;
  hints: ParserHints;
}

export type KindParser = (lines: readonly Line[], language?: Language) => ParseOutput;
