import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { flatten, logicalId, synthTemplate } from '../helpers/infra.ts';

let template: Template;
beforeAll(() => {
  template = synthTemplate();
});

interface Statement {
  Effect: string;
  Principal?: { Service?: unknown };
  Action: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

/** Every Allow statement to an AWS service in the policies of one resource type. */
function serviceStatements(type: string, document: string): [string, Statement][] {
  return Object.entries(template.findResources(type)).flatMap(([id, resource]) =>
    (resource.Properties[document].Statement as Statement[])
      .filter((s) => s.Effect === 'Allow' && s.Principal?.Service !== undefined)
      .map((s): [string, Statement] => [id, s]),
  );
}

/** The value of a condition key, whichever operator (StringEquals, ArnLike…) carries it. */
function condition(statement: Statement, key: string): string | undefined {
  for (const operator of Object.values(statement.Condition ?? {})) {
    if (key in operator) return flatten(operator[key]);
  }
  return undefined;
}

describe('KMS key policies', () => {
  it('grant AWS services only with aws:SourceAccount and aws:SourceArn conditions', () => {
    const statements = serviceStatements('AWS::KMS::Key', 'KeyPolicy');

    expect(statements.length).toBeGreaterThan(0);
    for (const [key, statement] of statements) {
      const what = `${key}: ${JSON.stringify(statement.Principal)}`;
      expect(condition(statement, 'aws:SourceAccount'), what).toBe('AWS::AccountId');
      expect(condition(statement, 'aws:SourceArn'), what).toBeDefined();
    }
  });

  it('let S3 use the messaging key for inbox events of this account only', () => {
    const inbox = logicalId(template, 'AWS::S3::Bucket', 'inbox');
    const s3 = serviceStatements('AWS::KMS::Key', 'KeyPolicy').filter(
      ([, s]) => s.Principal?.Service === 's3.amazonaws.com',
    );

    expect(s3.map(([key]) => key)).toEqual([logicalId(template, 'AWS::KMS::Key', 'messaging-key')]);
    expect(s3.map(([, s]) => condition(s, 'aws:SourceArn'))).toEqual([`${inbox}.Arn`]);
    expect(s3.map(([, s]) => s.Action)).toEqual([['kms:Decrypt', 'kms:GenerateDataKey']]);
  });

  it("let CloudWatch use it for this account's alarms only", () => {
    const cloudwatch = serviceStatements('AWS::KMS::Key', 'KeyPolicy').filter(
      ([, s]) => s.Principal?.Service === 'cloudwatch.amazonaws.com',
    );

    expect(cloudwatch).toHaveLength(1);
    expect(condition(cloudwatch[0]?.[1] as Statement, 'aws:SourceArn')).toBe(
      'arn:AWS::Partition:cloudwatch:AWS::Region:AWS::AccountId:alarm:*',
    );
  });
});

describe('queue and topic policies', () => {
  it('let AWS services send only from their own source, in this account', () => {
    const statements = [
      ...serviceStatements('AWS::SQS::QueuePolicy', 'PolicyDocument'),
      ...serviceStatements('AWS::SNS::TopicPolicy', 'PolicyDocument'),
    ];

    expect(statements.length).toBeGreaterThanOrEqual(2);
    for (const [policy, statement] of statements) {
      const what = `${policy}: ${JSON.stringify(statement.Principal)}`;
      expect(condition(statement, 'aws:SourceAccount'), what).toBe('AWS::AccountId');
      expect(condition(statement, 'aws:SourceArn'), what).toBeDefined();
    }
  });
});
