import type { ReportRecord } from '../../shared/schemas/report-record.ts';

/** A grant-decision record of `count` awards, as extraction returns one for `longDecisionList(count)`. */
export function largeDecisionRecord(count: number): ReportRecord {
  const awards: NonNullable<ReportRecord['awards']> = [];
  const provenance: ReportRecord['provenance'] = {
    awardsStatedCount: {
      line: 1,
      text: `Kaupunki myönsi avustuksia yhteensä ${count} yhdistykselle.`,
    },
  };
  for (let i = 0; i < count; i++) {
    const recipient = `Yhdistys numero ${i + 1} ry`;
    const amount = 1000 + i;
    const source = { line: i + 3, text: `${recipient} ${amount} euroa` };
    awards.push({ recipient, amount });
    provenance[`awards.${i}.recipient`] = source;
    provenance[`awards.${i}.amount`] = source;
  }
  return {
    kind: 'grant-decisions',
    language: 'fi',
    awards,
    awardsStatedCount: count,
    checks: [],
    provenance,
    source: {
      key: `inbox/decisions-${count}.txt`,
      sha256: '0'.repeat(64),
      bytes: 40 * count,
      encoding: 'utf-8',
      format: 'text',
      parser: 'grant-decisions',
      parserVersion: '1.15.0',
    },
  };
}
