/** Every check the extractor can report; final reports carry a title for each, per language. */
export const CHECK_IDS = [
  // What the stated figures say about each other.
  'awards-total-mismatch',
  'awards-count-mismatch',
  'awards-not-found',
  'cofinancing-rate-mismatch',
  'contribution-exceeds-budget',
  'realised-exceeds-granted',
  'women-exceed-total',
  'realised-without-plan',
  'jobs-not-collected',
  'end-before-start',
  'score-out-of-range',
  // What was read, repaired or doubted on the way.
  'encoding-fallback',
  'mixed-encoding',
  'replacement-characters',
  'control-characters',
  'unusual-digits',
  'non-euro-amount',
  'approximate-amount',
  'conflicting-values',
  'truncated-document',
  'invalid-date',
  'negative-value',
  'implausible-value',
  'markup-in-text',
  'code-in-text',
  // A document of no known kind: stored and flagged.
  'unknown-kind',
  // A newer parser reads a reviewed field differently from what the reviewer saw.
  'review-conflict',
  // Why nothing could be stored.
  'document-too-large',
  'document-unreadable',
  'no-line-structure',
  'nothing-extracted',
  'record-invalid',
] as const;

export type CheckId = (typeof CHECK_IDS)[number];

const KNOWN: ReadonlySet<string> = new Set(CHECK_IDS);

/** True for the id of a check this extractor reports (stored records may hold others). */
export function isCheckId(id: string): id is CheckId {
  return KNOWN.has(id);
}
