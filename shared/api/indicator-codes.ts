import * as z from '../schemas/zod.ts';

export const MappingConfidenceSchema = z.enum(['high', 'medium', 'low']);

export const EuIndicatorCodeSchema = z.object({
  code: z.string(),
  name: z.string(),
  period: z.enum(['2014-2020', '2021-2027']),
  unit: z.string(),
  confidence: MappingConfidenceSchema,
  note: z.string(),
});
export type EuIndicatorCode = z.infer<typeof EuIndicatorCodeSchema>;

const CODES: Record<string, EuIndicatorCode[]> = {
  jobsCreated: [
    {
      code: 'CO08',
      name: 'Productive investment: employment increase in supported enterprises',
      period: '2014-2020',
      unit: 'full-time equivalents',
      confidence: 'medium',
      note: 'The national indicator counts new jobs in the project, not only in supported enterprises.',
    },
    {
      code: 'RCR01',
      name: 'Jobs created in supported entities',
      period: '2021-2027',
      unit: 'annual FTEs',
      confidence: 'medium',
      note: 'RCR01 counts annual FTEs a year after completion; national figures are reported at closure.',
    },
  ],
  enterprisesCreated: [
    {
      code: 'CO05',
      name: 'Productive investment: number of new enterprises supported',
      period: '2014-2020',
      unit: 'enterprises',
      confidence: 'high',
      note: 'Same definition: enterprises founded with the project’s support.',
    },
    {
      code: 'RCO05',
      name: 'Start-ups supported',
      period: '2021-2027',
      unit: 'enterprises',
      confidence: 'medium',
      note: 'RCO05 counts start-ups under three years old; the national indicator counts new enterprises.',
    },
  ],
};

/**
 * EU common indicators for a national indicator path (`indicators.jobsCreated.realised`): the
 * code of the stated programming period, or both with low confidence when the period is unknown.
 */
export function euCodesFor(path: string, programmingPeriod?: string): EuIndicatorCode[] {
  const key = /^indicators\.(\w+)\./.exec(path)?.[1];
  const codes = key ? (CODES[key] ?? []) : [];
  const start = Number(/^(\d{4})/.exec(programmingPeriod ?? '')?.[1]);
  if (!Number.isFinite(start)) return codes.map((c) => ({ ...c, confidence: 'low' as const }));
  return codes.filter((c) => (start < 2021 ? c.period === '2014-2020' : c.period === '2021-2027'));
}
