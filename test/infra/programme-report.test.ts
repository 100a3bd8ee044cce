import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { ProgrammeReport } from '../../infra/constructs/programme-report.ts';

let template: Template;

function stackWith(programmes: ConstructorParameters<typeof ProgrammeReport>[2]['programmes']) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'programme-report-test');
  const table = new dynamodb.Table(stack, 'table', {
    partitionKey: { name: 'PK', type: dynamodb.AttributeType.STRING },
    sortKey: { name: 'SK', type: dynamodb.AttributeType.STRING },
  });
  const outbox = new s3.Bucket(stack, 'outbox');
  const inbox = new s3.Bucket(stack, 'inbox');
  new ProgrammeReport(stack, 'programme-reports', {
    table,
    outbox,
    inbox,
    programmes,
    timeZone: 'Europe/Helsinki',
    logRetention: logs.RetentionDays.ONE_YEAR,
  });
  return { stack, table, outbox };
}

beforeAll(() => {
  template = Template.fromStack(
    stackWith([
      { managingAuthority: 'Pirkanmaan liitto', period: '2021-2027', language: 'fi' },
      { managingAuthority: 'Österbottens förbund', period: '2021-2027', language: 'sv' },
    ]).stack,
  );
});

describe('ProgrammeReport', () => {
  it('creates one function with the table, the outbox and the fonts in its environment', () => {
    template.resourceCountIs('AWS::Lambda::Function', 1);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler',
      Runtime: 'nodejs22.x',
      MemorySize: 3008,
      Timeout: 600,
      Environment: {
        Variables: Match.objectLike({
          TABLE_NAME: { Ref: Match.stringLikeRegexp('^table') },
          OUTBOX_BUCKET: { Ref: Match.stringLikeRegexp('^outbox') },
          FONT_DIR: '/var/task/fonts',
          EPM_TIME_ZONE: 'Europe/Helsinki',
        }),
      },
    });
  });

  it('runs monthly, one rule per programme, each sending its programme to the function', () => {
    const rules = template.findResources('AWS::Events::Rule');

    expect(Object.keys(rules)).toHaveLength(2);
    const inputs = Object.values(rules).map((r) => JSON.parse(r.Properties.Targets[0].Input));
    expect(inputs).toEqual([
      { managingAuthority: 'Pirkanmaan liitto', period: '2021-2027', language: 'fi' },
      { managingAuthority: 'Österbottens förbund', period: '2021-2027', language: 'sv' },
    ]);
    for (const rule of Object.values(rules))
      expect(rule.Properties.ScheduleExpression).toBe('cron(0 3 1 * ? *)');
    template.resourceCountIs('AWS::Lambda::Permission', 2);
  });

  it('may only read the table and put under programme-reports/ in the outbox', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy'));
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement);
    const actions = (s: { Action: string | string[] }) => [s.Action].flat();
    const puts = statements.filter((s) => actions(s).some((a) => a.startsWith('s3:Put')));

    expect(statements.flatMap(actions).filter((a) => a.startsWith('dynamodb:'))).not.toContain(
      'dynamodb:PutItem',
    );
    expect(statements.flatMap(actions)).toContain('dynamodb:Query');
    expect(puts).toHaveLength(1);
    expect(JSON.stringify(puts[0]?.Resource)).toContain('/programme-reports/*');
  });

  it('refuses to be built without a programme', () => {
    expect(() => stackWith([])).toThrow(/name at least one programme/);
  });

  it('takes another schedule', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new Stack(app, 'weekly');
    new ProgrammeReport(stack, 'weekly-report', {
      table: new dynamodb.Table(stack, 't', {
        partitionKey: { name: 'PK', type: dynamodb.AttributeType.STRING },
      }),
      outbox: new s3.Bucket(stack, 'o'),
      programmes: [{ managingAuthority: 'Lapin liitto', period: '2021-2027', language: 'fi' }],
      schedule: events.Schedule.cron({ weekDay: 'MON', hour: '6', minute: '0' }),
      logRetention: logs.RetentionDays.ONE_MONTH,
    });

    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(0 6 ? * MON *)',
    });
  });
});
