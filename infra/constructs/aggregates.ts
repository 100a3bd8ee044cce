import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { PipelineFunction } from './function.ts';

export interface AggregatesProps {
  /** The report table, with a stream. */
  readonly table: dynamodb.ITable;
  /** The table's customer-managed key, when it has one: the function reads and writes through it. */
  readonly tableKey?: kms.IKey;
  /**
   * Where stream batches the function keeps failing on go (after halving and retries); by
   * default a queue of its own, encrypted with an SQS-managed key and kept 14 days.
   */
  readonly failureQueue?: sqs.IQueue;
  readonly logRetention: logs.RetentionDays;
}

/**
 * The aggregate function on the table stream (functions/aggregate): it keeps one item per
 * (indicator or funding field, grouping, group) equal to the projects' latest values.
 *
 * Its event source takes large batches (1,000 records or 5 s), since a batch is worked as a
 * whole and its changes share aggregate items; only indicator items' records reach it. A failed
 * batch is halved and retried (the function is idempotent: a record only names an item to look
 * at again), and what keeps failing goes to the failure queue; `epm reconcile --aggregates`
 * then says which aggregates differ.
 */
export class Aggregates extends Construct {
  readonly function: PipelineFunction;
  readonly failureQueue: sqs.IQueue;

  constructor(scope: Construct, id: string, props: AggregatesProps) {
    super(scope, id);
    this.failureQueue =
      props.failureQueue ??
      new sqs.Queue(this, 'aggregate-failures', {
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
    this.function = new PipelineFunction(this, 'aggregate', {
      timeout: Duration.seconds(120),
      memorySize: 512,
      logRetention: props.logRetention,
      environment: { TABLE_NAME: props.table.tableName },
    });
    this.function.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 1_000,
        maxBatchingWindow: Duration.seconds(5),
        bisectBatchOnError: true,
        retryAttempts: 5,
        maxRecordAge: Duration.days(1),
        // One shard's batches in turn: aggregates of one shard never contend with each other.
        parallelizationFactor: 1,
        onFailure: new SqsDlq(this.failureQueue),
        // needsAggregation (shared/aggregates/stream.ts): a project's indicator item changed.
        filters: [
          lambda.FilterCriteria.filter({
            dynamodb: {
              Keys: {
                PK: { S: lambda.FilterRule.beginsWith('PROJECT#') },
                SK: { S: lambda.FilterRule.beginsWith('INDICATOR#') },
              },
            },
          }),
        ],
      }),
    );
    props.table.grantReadData(this.function);
    props.table.grant(
      this.function,
      'dynamodb:PutItem',
      'dynamodb:DeleteItem',
      'dynamodb:ConditionCheckItem',
    );
    props.tableKey?.grantEncryptDecrypt(this.function);
  }
}
