import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as logs from 'aws-cdk-lib/aws-logs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Aggregates } from '../../infra/constructs/aggregates.ts';
import { needsAggregation } from '../../shared/aggregates/stream.ts';

let template: Template;
beforeAll(() => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'aggregates-test');
  const table = new dynamodb.Table(stack, 'table', {
    partitionKey: { name: 'PK', type: dynamodb.AttributeType.STRING },
    sortKey: { name: 'SK', type: dynamodb.AttributeType.STRING },
    stream: dynamodb.StreamViewType.NEW_IMAGE,
  });
  new Aggregates(stack, 'aggregates', { table, logRetention: logs.RetentionDays.ONE_MONTH });
  template = Template.fromStack(stack);
});

describe('Aggregates', () => {
  it('creates one function, aggregate, with the table name and nothing else to configure', () => {
    template.resourceCountIs('AWS::Lambda::Function', 1);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          TABLE_NAME: { Ref: Match.stringLikeRegexp('^table') },
          POWERTOOLS_SERVICE_NAME: 'aggregate',
        }),
      },
    });
  });

  it('reads the table stream in large batches, halves failed ones and sends the rest to a queue', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 1000,
      MaximumBatchingWindowInSeconds: 5,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      StartingPosition: 'TRIM_HORIZON',
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('failures'), 'Arn'] } },
      },
    });
    template.resourceCountIs('AWS::SQS::Queue', 1);
  });

  it('filters the stream to indicator items, as the local poller does', () => {
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'));
    const pattern = JSON.parse(
      String(mappings[0]?.Properties?.FilterCriteria?.Filters?.[0]?.Pattern),
    ) as { dynamodb: { Keys: { PK: { S: unknown }; SK: { S: unknown } } } };
    expect(pattern.dynamodb.Keys.SK.S).toEqual([{ prefix: 'INDICATOR#' }]);
    expect(pattern.dynamodb.Keys.PK.S).toEqual([{ prefix: 'PROJECT#' }]);
    const keys = (PK: string, SK: string) => ({
      dynamodb: { Keys: { PK: { S: PK }, SK: { S: SK } } },
    });
    expect(needsAggregation(keys('PROJECT#A1', 'INDICATOR#funding.totalBudget'))).toBe(true);
    expect(needsAggregation(keys('PROJECT#A1', 'FACET#ALL'))).toBe(false);
    expect(needsAggregation(keys('REPORT#ab', 'REPORT'))).toBe(false);
  });

  it('grants reads and item writes on the table, and no table administration', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy'));
    const actions = policies.flatMap((p) =>
      (p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[] }>).flatMap(
        (s) => (Array.isArray(s.Action) ? s.Action : [s.Action]),
      ),
    );
    expect(actions).toEqual(
      expect.arrayContaining([
        'dynamodb:GetItem',
        'dynamodb:BatchGetItem',
        'dynamodb:Query',
        'dynamodb:PutItem',
        'dynamodb:DeleteItem',
        'dynamodb:GetRecords',
      ]),
    );
    expect(actions.some((a) => /DeleteTable|UpdateTable|CreateTable|\*$/.test(a))).toBe(false);
  });
});
