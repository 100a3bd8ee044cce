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

function awsSolutionsReport(): PluginReport | undefined {
  const { app } = buildStack({ nag: true });
  const assembly = app.synth();
  const report: { pluginReports: PluginReport[] } = JSON.parse(
    readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'),
  );
  return report.pluginReports.find((r) => r.pluginName === 'AwsSolutions');
}

describe('cdk-nag AwsSolutions', () => {
  it('finds nothing unacknowledged, and every acknowledgement gives a reason', () => {
    const report = awsSolutionsReport();

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
  });
});
