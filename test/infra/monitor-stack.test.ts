import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_PDF_WAIT } from '../../infra/monitor-stack.ts';
import { needsFinalReport } from '../../shared/pipeline/final-report.ts';
import {
  createTableInput,
  INBOX_PREFIX,
  MAX_RECEIVES,
} from '../../shared/storage/table-definition.ts';
import { logicalId, synthTemplate } from '../helpers/infra.ts';

const FUNCTIONS = ['extract', 'ocr', 'render', 'query', 'aggregate'] as const;
/** Where each function sits in the construct tree (the aggregate function in its construct). */
const PATHS: Record<string, string> = { aggregate: 'aggregates-aggregate' };
const pathOf = (id: string) => PATHS[id] ?? id;

let template: Template;
beforeAll(() => {
  template = synthTemplate();
});

const ref = (type: string, id: string) => ({ Ref: logicalId(template, type, id) });
const arn = (type: string, id: string) => ({
  'Fn::GetAtt': [logicalId(template, type, id), 'Arn'],
});
const fnProps = (id: string) =>
  template.findResources('AWS::Lambda::Function')[
    logicalId(template, 'AWS::Lambda::Function', pathOf(id))
  ]?.Properties;

describe('MonitorStack functions', () => {
  it('creates one nodejs22.x ARM64 function per folder under functions/', () => {
    template.resourcePropertiesCountIs(
      'AWS::Lambda::Function',
      { Runtime: 'nodejs22.x', Architectures: ['arm64'] },
      FUNCTIONS.length,
    );
    for (const id of FUNCTIONS) expect(fnProps(id)?.Handler).toBe('index.handler');
  });

  it('sets the Powertools environment named after the folder, and loads no source maps at start', () => {
    for (const id of FUNCTIONS) {
      expect(fnProps(id)?.Environment.Variables.NODE_OPTIONS ?? '').not.toContain(
        '--enable-source-maps',
      );
      expect(fnProps(id)?.Environment.Variables).toMatchObject({
        POWERTOOLS_SERVICE_NAME: id,
        POWERTOOLS_LOG_LEVEL: 'INFO',
      });
    }
  });

  it('gives render a young generation that holds a whole PDF, so it is built between scavenges', () => {
    expect(fnProps('render')?.Environment.Variables.NODE_OPTIONS).toBe('--max-semi-space-size=64');
    expect(fnProps('extract')?.Environment.Variables.NODE_OPTIONS).toBeUndefined();
  });

  it('passes each resource name in one environment variable', () => {
    const table = ref('AWS::DynamoDB::Table', 'table');
    const inbox = ref('AWS::S3::Bucket', 'inbox');
    const outbox = ref('AWS::S3::Bucket', 'outbox');

    expect(fnProps('extract')?.Environment.Variables).toMatchObject({
      TABLE_NAME: table,
      INBOX_BUCKET: inbox,
      MAX_DOCUMENT_BYTES: String(10 * 1024 * 1024),
    });
    expect(fnProps('render')?.Environment.Variables).toMatchObject({
      TABLE_NAME: table,
      OUTBOX_BUCKET: outbox,
      INBOX_BUCKET: inbox,
      FINAL_REPORT_TOPIC_ARN: ref('AWS::SNS::Topic', 'report-ready'),
      AUTHORITY_LANGUAGES: '{}',
      EPM_TIME_ZONE: 'Europe/Helsinki',
      FONT_DIR: '/var/task/fonts',
    });
    expect(fnProps('query')?.Environment.Variables).toMatchObject({
      TABLE_NAME: table,
      INBOX_BUCKET: inbox,
      OUTBOX_BUCKET: outbox,
    });
  });

  it('gives every function its own log group with retention and no managed policy', () => {
    for (const id of FUNCTIONS) {
      const logGroup = logicalId(template, 'AWS::Logs::LogGroup', `${pathOf(id)}-logs`);
      expect(fnProps(id)?.LoggingConfig).toEqual({ LogGroup: { Ref: logGroup } });
      expect(template.findResources('AWS::Logs::LogGroup')[logGroup]).toMatchObject({
        Properties: { RetentionInDays: 90 },
        DeletionPolicy: 'Retain',
      });
      const role =
        template.findResources('AWS::IAM::Role')[
          logicalId(template, 'AWS::IAM::Role', `${pathOf(id)}-role`)
        ];
      expect(role?.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });
});

describe('MonitorStack ingest', () => {
  it('sends inbox object-created events under incoming/ to the ingest queue', () => {
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: ref('AWS::S3::Bucket', 'inbox'),
      NotificationConfiguration: {
        QueueConfigurations: [
          {
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: INBOX_PREFIX }] } },
            QueueArn: arn('AWS::SQS::Queue', 'ingest-queue'),
          },
        ],
      },
    });
  });

  it('encrypts the queues with the customer key and redrives after MAX_RECEIVES', () => {
    const queues = template.findResources('AWS::SQS::Queue');
    const ingest = queues[logicalId(template, 'AWS::SQS::Queue', 'ingest-queue')]?.Properties;

    for (const queue of Object.values(queues)) {
      expect(queue.Properties.KmsMasterKeyId).toEqual(arn('AWS::KMS::Key', 'messaging-key'));
    }
    expect(ingest.RedrivePolicy).toEqual({
      deadLetterTargetArn: arn('AWS::SQS::Queue', 'ingest-dlq'),
      maxReceiveCount: MAX_RECEIVES,
    });
  });

  it('keeps an ingest message invisible for at least six times the extract timeout', () => {
    const ingest =
      template.findResources('AWS::SQS::Queue')[
        logicalId(template, 'AWS::SQS::Queue', 'ingest-queue')
      ]?.Properties;

    expect(ingest.VisibilityTimeout).toBeGreaterThanOrEqual(6 * fnProps('extract')?.Timeout);
  });

  it('denies every queue and topic request without TLS', () => {
    template.resourceCountIs('AWS::SQS::QueuePolicy', 4);
    for (const type of ['AWS::SQS::QueuePolicy', 'AWS::SNS::TopicPolicy']) {
      for (const policy of Object.values(template.findResources(type))) {
        expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
          expect.objectContaining({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        );
      }
    }
  });

  it('feeds extract in batches with partial failures and a concurrency cap', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: arn('AWS::SQS::Queue', 'ingest-queue'),
      FunctionName: ref('AWS::Lambda::Function', 'extract'),
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: Match.anyValue() },
    });
  });
});

describe('MonitorStack table', () => {
  it('builds keys and indexes from TABLE_KEYS, the same as the local runtime', () => {
    const local = createTableInput('local');
    const table =
      template.findResources('AWS::DynamoDB::Table')[
        logicalId(template, 'AWS::DynamoDB::Table', 'table')
      ]?.Properties;

    expect(table.KeySchema).toEqual(local.KeySchema);
    expect(table.AttributeDefinitions).toEqual(expect.arrayContaining(local.AttributeDefinitions));
    expect(table.AttributeDefinitions).toHaveLength(local.AttributeDefinitions.length);
    expect(table.GlobalSecondaryIndexes).toEqual(local.GlobalSecondaryIndexes);
    expect(table.BillingMode).toBe(local.BillingMode);
  });

  it('is protected: PITR, deletion protection, customer key, retained, NEW_IMAGE stream', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      Properties: {
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
        SSESpecification: {
          SSEEnabled: true,
          SSEType: 'KMS',
          KMSMasterKeyId: arn('AWS::KMS::Key', 'table-key'),
        },
      },
      DeletionPolicy: 'Retain',
    });
  });

  it('starts render on newly stored and re-extracted reports, with bisect, retries and a failure queue', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: {
        'Fn::GetAtt': [logicalId(template, 'AWS::DynamoDB::Table', 'table'), 'StreamArn'],
      },
      FunctionName: ref('AWS::Lambda::Function', 'render'),
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: Match.anyValue(),
      DestinationConfig: { OnFailure: { Destination: arn('AWS::SQS::Queue', 'render-failures') } },
      FilterCriteria: {
        Filters: [
          {
            Pattern: JSON.stringify({
              eventName: ['INSERT'],
              dynamodb: { NewImage: { type: { S: ['report'] }, status: { S: ['stored'] } } },
            }),
          },
          {
            Pattern: JSON.stringify({
              eventName: ['MODIFY'],
              dynamodb: {
                NewImage: {
                  type: { S: ['report'] },
                  status: { S: ['stored'] },
                  reextractedAt: { S: [{ exists: true }] },
                },
              },
            }),
          },
          {
            Pattern: JSON.stringify({
              eventName: ['MODIFY'],
              dynamodb: {
                NewImage: {
                  type: { S: ['report'] },
                  status: { S: ['stored'] },
                  reviewedAt: { S: [{ exists: true }] },
                },
              },
            }),
          },
        ],
      },
    });
  });

  it('filters the stream as the render function itself decides', () => {
    const mapping = Object.values(
      template.findResources('AWS::Lambda::EventSourceMapping', {
        Properties: { FunctionName: ref('AWS::Lambda::Function', 'render') },
      }),
    )[0];
    const patterns: unknown[] = mapping?.Properties.FilterCriteria.Filters.map(
      (f: { Pattern: string }) => JSON.parse(f.Pattern),
    );
    const report = { type: { S: 'report' }, status: { S: 'stored' } };
    const records = [
      { eventName: 'INSERT', dynamodb: { NewImage: report } },
      { eventName: 'MODIFY', dynamodb: { NewImage: report } },
      { eventName: 'MODIFY', dynamodb: { NewImage: { ...report, reextractedAt: { S: 't' } } } },
      { eventName: 'INSERT', dynamodb: { NewImage: { ...report, status: { S: 'rejected' } } } },
      { eventName: 'INSERT', dynamodb: { NewImage: { type: { S: 'audit' } } } },
      { eventName: 'REMOVE', dynamodb: { NewImage: { ...report, reextractedAt: { S: 't' } } } },
    ];
    for (const record of records) {
      expect(
        patterns.some((p) => matchesFilter(p, record)),
        JSON.stringify(record),
      ).toBe(needsFinalReport(record));
    }
  });

  it('renders a report again once a review is approved or reopened (reviewedAt set, PDFs dropped)', () => {
    const mapping = Object.values(
      template.findResources('AWS::Lambda::EventSourceMapping', {
        Properties: { FunctionName: ref('AWS::Lambda::Function', 'render') },
      }),
    )[0];
    const patterns: unknown[] = mapping?.Properties.FilterCriteria.Filters.map(
      (f: { Pattern: string }) => JSON.parse(f.Pattern),
    );
    const report = { type: { S: 'report' }, status: { S: 'stored' }, reviewedAt: { S: 't' } };

    expect(
      patterns.some((p) =>
        matchesFilter(p, { eventName: 'MODIFY', dynamodb: { NewImage: report } }),
      ),
    ).toBe(true);
    expect(
      patterns.some((p) =>
        matchesFilter(p, {
          eventName: 'MODIFY',
          dynamodb: { NewImage: { ...report, status: { S: 'rejected' } } },
        }),
      ),
    ).toBe(false);
  });
});

/** Lambda event filtering, as far as the render filters use it: value lists and `exists`. */
function matchesFilter(pattern: unknown, value: unknown): boolean {
  if (Array.isArray(pattern)) {
    return pattern.some((rule) =>
      typeof rule === 'object' && rule !== null && 'exists' in rule
        ? (value !== undefined) === rule.exists
        : rule === value,
    );
  }
  if (typeof pattern !== 'object' || pattern === null) return false;
  const fields: Record<string, unknown> =
    typeof value === 'object' && value !== null ? { ...value } : {};
  return Object.entries(pattern).every(([key, sub]) => matchesFilter(sub, fields[key]));
}

describe('MonitorStack buckets', () => {
  it.each([
    ['inbox', 'inbox-key'],
    ['outbox', 'outbox-key'],
  ])(
    'protects the %s bucket: versioned, private, SSE-KMS, access logs, old versions expire',
    (bucket, key) => {
      template.hasResource('AWS::S3::Bucket', {
        Properties: {
          VersioningConfiguration: { Status: 'Enabled' },
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: true,
            BlockPublicPolicy: true,
            IgnorePublicAcls: true,
            RestrictPublicBuckets: true,
          },
          BucketEncryption: {
            ServerSideEncryptionConfiguration: [
              {
                BucketKeyEnabled: true,
                ServerSideEncryptionByDefault: {
                  SSEAlgorithm: 'aws:kms',
                  KMSMasterKeyID: arn('AWS::KMS::Key', key),
                },
              },
            ],
          },
          LoggingConfiguration: {
            DestinationBucketName: ref('AWS::S3::Bucket', 'access-logs'),
            LogFilePrefix: `${bucket}/`,
          },
          LifecycleConfiguration: {
            Rules: Match.arrayWith([
              Match.objectLike({
                NoncurrentVersionExpiration: { NoncurrentDays: Match.anyValue() },
              }),
            ]),
          },
        },
        DeletionPolicy: 'Retain',
      });
    },
  );

  it('blocks public access and denies requests without TLS on every bucket', () => {
    const buckets = Object.values(template.findResources('AWS::S3::Bucket'));
    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy'));

    expect(buckets).toHaveLength(5);
    for (const bucket of buckets) {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
    }
    expect(policies).toHaveLength(buckets.length);
    for (const policy of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    }
  });

  it('rotates every customer key', () => {
    template.resourcePropertiesCountIs('AWS::KMS::Key', { EnableKeyRotation: true }, 4);
    template.resourceCountIs('AWS::KMS::Key', 4);
  });
});

describe('MonitorStack notifications and API', () => {
  it('encrypts the report-ready topic and subscribes authorities from context', () => {
    const withAuthorities = synthTemplate({
      context: {
        authoritySubscriptions: JSON.stringify([
          { email: 'reports@liitto.example', authority: 'Keski-Suomen liitto' },
          { email: 'all@ministry.example' },
        ]),
      },
    });

    withAuthorities.hasResourceProperties('AWS::SNS::Topic', {
      DisplayName: 'Final report ready',
      KmsMasterKeyId: arn('AWS::KMS::Key', 'messaging-key'),
    });
    withAuthorities.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'reports@liitto.example',
      FilterPolicy: { authority: ['keski-suomen-liitto'] },
    });
    withAuthorities.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'all@ministry.example',
      FilterPolicy: Match.absent(),
    });
    template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('puts IAM authorisation on every route of the machine API', () => {
    const api = ref('AWS::ApiGatewayV2::Api', 'query-api');
    template.resourcePropertiesCountIs('AWS::ApiGatewayV2::Route', { ApiId: api }, 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      ApiId: api,
      AuthorizationType: 'AWS_IAM',
      RouteKey: 'GET /{proxy+}',
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AccessLogSettings: { DestinationArn: arn('AWS::Logs::LogGroup', 'api-access-logs') },
    });
  });

  it('lets auditors invoke GET routes only', () => {
    const api = ref('AWS::ApiGatewayV2::Api', 'query-api');

    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Description: Match.stringLikeRegexp('^Auditors'),
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: 'execute-api:Invoke',
            Resource: {
              'Fn::Join': ['', Match.arrayWith([api, '/$default/GET/*'])],
            },
          },
        ],
      },
    });
  });

  it('lets project managers (machines) put objects under incoming/ only, and call no API', () => {
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Description: Match.stringLikeRegexp('^Project managers'),
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: 's3:PutObject',
            Resource: {
              'Fn::Join': ['', [arn('AWS::S3::Bucket', 'inbox'), `/${INBOX_PREFIX}*`]],
            },
          },
          {
            Effect: 'Allow',
            Action: 'kms:GenerateDataKey',
            Resource: arn('AWS::KMS::Key', 'inbox-key'),
          },
        ],
      },
    });
  });

  it('serves the dashboard from a private bucket through CloudFront with OAC over HTTPS', () => {
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: {
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'https-only' }),
        Origins: Match.arrayWith([
          Match.objectLike({
            DomainName: {
              'Fn::GetAtt': [
                logicalId(template, 'AWS::S3::Bucket', 'dashboard'),
                'RegionalDomainName',
              ],
            },
            OriginAccessControlId: Match.anyValue(),
          }),
        ]),
        Logging: Match.objectLike({ Bucket: Match.anyValue() }),
      },
    });
  });
});

describe('MonitorStack alarms', () => {
  const opsTopic = () => ref('AWS::SNS::Topic', 'ops-alarms');

  it('alarms on each dead-letter queue holding any message', () => {
    for (const queue of ['ingest-dlq', 'render-failures', 'aggregate-failures']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [
          {
            Name: 'QueueName',
            Value: { 'Fn::GetAtt': [logicalId(template, 'AWS::SQS::Queue', queue), 'QueueName'] },
          },
        ],
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        AlarmActions: [opsTopic()],
      });
    }
  });

  it('alarms on errors and throttles of every function', () => {
    for (const id of FUNCTIONS) {
      for (const metric of ['Errors', 'Throttles']) {
        template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          Namespace: 'AWS/Lambda',
          MetricName: metric,
          Dimensions: [{ Name: 'FunctionName', Value: ref('AWS::Lambda::Function', pathOf(id)) }],
          Threshold: 0,
          ComparisonOperator: 'GreaterThanThreshold',
          AlarmActions: [opsTopic()],
        });
      }
    }
  });

  it('alarms when stored reports wait too long for their PDF, or their failures cannot be queued', () => {
    const render = ref('AWS::Lambda::Function', 'render');

    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'IteratorAge',
      Dimensions: [{ Name: 'FunctionName', Value: render }],
      Statistic: 'Maximum',
      Threshold: MAX_PDF_WAIT.toMilliseconds(),
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmDescription: Match.stringLikeRegexp('epm reconcile --table'),
      AlarmActions: [opsTopic()],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'DestinationDeliveryFailures',
      Dimensions: [{ Name: 'FunctionName', Value: render }],
      Threshold: 0,
      AlarmActions: [opsTopic()],
    });
    // It fires while render still retries, before the stream gives a record up.
    const mapping = Object.values(
      template.findResources('AWS::Lambda::EventSourceMapping', {
        Properties: { FunctionName: render },
      }),
    )[0];
    expect(MAX_PDF_WAIT.toSeconds()).toBeLessThan(
      mapping?.Properties.MaximumRecordAgeInSeconds ?? 0,
    );
  });

  it('alarms when the oldest ingest message is too old', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: {
            'Fn::GetAtt': [logicalId(template, 'AWS::SQS::Queue', 'ingest-queue'), 'QueueName'],
          },
        },
      ],
      AlarmActions: [opsTopic()],
    });
  });

  it('sends every alarm to the encrypted ops topic, which CloudWatch may publish to', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));

    expect(alarms).toHaveLength(3 + 2 + 1 + 2 * FUNCTIONS.length);
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toEqual([opsTopic()]);
    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: arn('AWS::KMS::Key', 'messaging-key'),
      DisplayName: Match.stringLikeRegexp('alarms'),
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Action: 'sns:Publish',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
          }),
        ]),
      },
    });
  });
});

describe('MonitorStack parameters', () => {
  it("applies the log retention and the authorities' report languages from context", () => {
    const languages = { 'Pohjanmaan liitto': 'sv', 'Keski-Suomen liitto': 'fi' };

    const custom = synthTemplate({
      context: { logRetentionDays: '30', authorityLanguages: JSON.stringify(languages) },
    });

    custom.resourcePropertiesCountIs(
      'AWS::Logs::LogGroup',
      { RetentionInDays: 30 },
      Object.keys(custom.findResources('AWS::Logs::LogGroup')).length,
    );
    expect(Object.keys(custom.findResources('AWS::Logs::LogGroup'))).toHaveLength(8);
    custom.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ AUTHORITY_LANGUAGES: JSON.stringify(languages) }),
      },
    });
  });

  it("gives the render function the managing authority's time zone from context", () => {
    const template = synthTemplate({ context: { timeZone: 'Europe/Stockholm' } });

    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ EPM_TIME_ZONE: 'Europe/Stockholm' }) },
    });
    expect(() => synthTemplate({ context: { timeZone: 'Mars/Olympus' } })).toThrow(/timeZone/);
  });

  it('throws naming the parameter when a context value is invalid', () => {
    expect(() => synthTemplate({ context: { logRetentionDays: 42 } })).toThrow(
      /logRetentionDays: must be one of/,
    );
    expect(() => synthTemplate({ context: { authorityLanguages: { Uusimaa: 'de' } } })).toThrow(
      /authorityLanguages\.Uusimaa/,
    );
    expect(() =>
      synthTemplate({ context: { authoritySubscriptions: [{ email: 'not-an-address' }] } }),
    ).toThrow(/authoritySubscriptions\.0\.email/);
  });
});

describe('MonitorStack aggregates', () => {
  it('keeps aggregates from the table stream, failures in a queue under the messaging key', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: {
        'Fn::GetAtt': [logicalId(template, 'AWS::DynamoDB::Table', 'table'), 'StreamArn'],
      },
      FunctionName: ref('AWS::Lambda::Function', pathOf('aggregate')),
      DestinationConfig: {
        OnFailure: { Destination: arn('AWS::SQS::Queue', 'aggregate-failures') },
      },
    });
    expect(fnProps('aggregate')?.Environment.Variables.TABLE_NAME).toEqual(
      ref('AWS::DynamoDB::Table', 'table'),
    );
  });
});

describe('MonitorStack programme reports', () => {
  const programmes = [
    { managingAuthority: 'Keski-Suomen liitto', period: '2021-2027', language: 'fi' },
    { managingAuthority: 'Pohjanmaan liitto', period: '2021-2027', language: 'sv' },
  ];

  it('schedules one monthly report per programme from context, with alarms', () => {
    const custom = synthTemplate({ context: { programmeReports: JSON.stringify(programmes) } });
    const fn = Object.entries(custom.findResources('AWS::Lambda::Function')).find(
      ([, r]) =>
        r.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === 'programme-report',
    );
    const rules = Object.values(custom.findResources('AWS::Events::Rule'));

    expect(fn?.[1].Properties.Environment.Variables).toMatchObject({
      TABLE_NAME: { Ref: logicalId(custom, 'AWS::DynamoDB::Table', 'table') },
      OUTBOX_BUCKET: { Ref: logicalId(custom, 'AWS::S3::Bucket', 'outbox') },
      EPM_TIME_ZONE: 'Europe/Helsinki',
    });
    expect(rules.map((r) => JSON.parse(r.Properties.Targets[0].Input))).toEqual(programmes);
    for (const metric of ['Errors', 'Throttles']) {
      custom.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: metric,
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: fn?.[0] } }],
      });
    }
  });

  it('adds no programme report without programmes, and names a bad one', () => {
    template.resourceCountIs('AWS::Events::Rule', 0);
    expect(() =>
      synthTemplate({
        context: { programmeReports: [{ managingAuthority: 'X', period: 'soon', language: 'fi' }] },
      }),
    ).toThrow(/programmeReports\.0\.period/);
  });
});

describe('MonitorStack OCR', () => {
  it('gives scans their own function with the language data, which extract alone may invoke', () => {
    const ocr = fnProps('ocr');

    expect(ocr?.Environment.Variables.OCR_LANG_PATH).toBe('/var/task/tessdata');
    expect(fnProps('extract')?.Environment.Variables.OCR_FUNCTION_NAME).toEqual({
      Ref: logicalId(template, 'AWS::Lambda::Function', 'ocr'),
    });
    const invokers = Object.values(template.findResources('AWS::IAM::Policy')).filter((policy) =>
      JSON.stringify(policy).includes('lambda:InvokeFunction'),
    );
    expect(invokers.map((p) => JSON.stringify(p.Properties.Roles))).toEqual([
      JSON.stringify([{ Ref: logicalId(template, 'AWS::IAM::Role', 'extract-role') }]),
    ]);
  });
});
