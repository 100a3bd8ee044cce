import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildStack } from '../helpers/infra.ts';

interface PluginReport {
  pluginName: string;
  conclusion: string;
  violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[];
  suppressedViolations: { acknowledgedId: string; reason: string }[];
}

function awsSolutionsReport(context: Record<string, unknown> = {}): PluginReport | undefined {
  const { app } = buildStack({ nag: true, context });
  const assembly = app.synth();
  const report: { pluginReports: PluginReport[] } = JSON.parse(
    readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'),
  );
  return report.pluginReports.find((r) => r.pluginName === 'AwsSolutions');
}

const PROGRAMMES = [
  { managingAuthority: 'Keski-Suomen liitto', period: '2021-2027', language: 'fi' },
];

describe('cdk-nag AwsSolutions', () => {
  it.each([
    ['the default stack', {}],
    ['the stack with monthly programme reports', { programmeReports: JSON.stringify(PROGRAMMES) }],
  ])(
    'finds nothing unacknowledged in %s, and every acknowledgement gives a reason',
    (_, context) => {
      const report = awsSolutionsReport(context);

      expect(report).toBeDefined();
      expect(
        report?.violations.map(
          (v) => `${v.ruleName} at ${v.violatingConstructs.map((c) => c.constructPath).join(', ')}`,
        ),
      ).toEqual([]);
      expect(report?.conclusion).toBe('success');
      for (const ack of report?.suppressedViolations ?? []) {
        expect(ack.reason.length, ack.acknowledgedId).toBeGreaterThan(30);
      }
    },
  );
});
