import { fileURLToPath } from 'node:url';
import {
  ArnFormat,
  CfnElement,
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer, HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct, IConstruct } from 'constructs';
import * as z from 'zod';
import { DEFAULT_MAX_BYTES } from '../shared/parsing/decode.ts';
import { authoritySlug, FINAL_REPORTS_PREFIX } from '../shared/pipeline/final-report.ts';
import { PROGRAMME_REPORTS_PREFIX } from '../shared/programme/outbox.ts';
import { ProgrammeReportEventSchema } from '../shared/programme/scheduled.ts';
import { AuthorityLanguagesSchema } from '../shared/rendering/language.ts';
import {
  INBOX_PREFIX,
  MAX_RECEIVES,
  READ_TEXT_PREFIX,
  RECORDS_PREFIX,
  TABLE_KEYS,
} from '../shared/storage/table-definition.ts';
import { DEFAULT_TIME_ZONE, isTimeZone } from '../templates/format.ts';
import { Aggregates } from './constructs/aggregates.ts';
import {
  API_PATH,
  dashboardConfig,
  dashboardHeadersPolicy,
  STRIP_API_PATH,
} from './constructs/dashboard-web.ts';
import { PipelineFunction } from './constructs/function.ts';
import { ProgrammeReport } from './constructs/programme-report.ts';
import { domainPrefixProblem, hostedUiUrl, SignIn } from './constructs/sign-in.ts';

/** The fonts render embeds in PDFs, shipped next to its bundle (no node_modules in Lambda). */
const RENDER_FONTS = ['400Regular/NotoSans_400Regular.ttf', '700Bold/NotoSans_700Bold.ttf'];
/** Where Lambda unpacks a function's code. */
const LAMBDA_TASK_ROOT = '/var/task';

const EXTRACT_TIMEOUT = Duration.minutes(5);
/** Within the extract function's time, which waits for it. */
const OCR_TIMEOUT = Duration.minutes(4);
/** tesseract.js's language data shipped beside the OCR function's bundle. */
const OCR_LANGUAGES = ['fin', 'swe', 'eng'];
const EXTRACT_BATCH_WINDOW = Duration.seconds(5);
/** Age of the oldest ingest message that means the pipeline has stalled. */
const MAX_MESSAGE_AGE_SECONDS = 15 * 60;
/** How long a stored report may wait for its final-report PDF before the ops topic hears of it. */
export const MAX_PDF_WAIT = Duration.minutes(15);
/** The dashboard's static files, the same folder `epm serve` serves. */
const DASHBOARD_DIR = fileURLToPath(new URL('../shared/dashboard/', import.meta.url));

const RETENTION_DAYS = Object.values(logs.RetentionDays).filter(
  (v): v is logs.RetentionDays => typeof v === 'number',
);

/** A stream image of a stored report version, as the render function's filters match it. */
const STORED_REPORT = {
  type: { S: lambda.FilterRule.isEqual('report') },
  status: { S: lambda.FilterRule.isEqual('stored') },
};

/** CLI context values (`-c key=value`) arrive as strings; cdk.json values arrive as JSON. */
const fromJsonString = (value: unknown) => {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
};

const ParametersSchema = z.object({
  authoritySubscriptions: z.preprocess(
    fromJsonString,
    z.array(z.object({ email: z.email(), authority: z.string().min(1).optional() })).default([]),
  ),
  opsAlarmEmails: z.preprocess(fromJsonString, z.array(z.email()).default([])),
  logRetentionDays: z.preprocess(
    fromJsonString,
    z
      .number()
      .transform((days, ctx) => {
        const retention = RETENTION_DAYS.find((r) => r === days);
        if (retention !== undefined) return retention;
        ctx.addIssue({ code: 'custom', message: `must be one of ${RETENTION_DAYS.join(', ')}` });
        return z.NEVER;
      })
      .default(logs.RetentionDays.THREE_MONTHS),
  ),
  authorityLanguages: z.preprocess(fromJsonString, z._default(AuthorityLanguagesSchema, {})),
  /** The managing authority's IANA time zone, in which final reports print every time. */
  timeZone: z
    .string()
    .refine(isTimeZone, { message: 'is not an IANA time zone' })
    .default(DEFAULT_TIME_ZONE),
  /** Monthly programme reports, one per programme: `[{ managingAuthority, period, language }]`. */
  programmeReports: z.preprocess(fromJsonString, z.array(ProgrammeReportEventSchema).default([])),
  /** The hosted UI's domain prefix (`<prefix>.auth.<region>.amazoncognito.com`); default `epm-<account>`. */
  signInDomainPrefix: z
    .string()
    .superRefine((prefix, ctx) => {
      const problem = domainPrefixProblem(prefix);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
});

type MonitorParameters = z.infer<typeof ParametersSchema>;

/** Reads and checks the stack's CDK context parameters; names the bad one when it fails. */
function readParameters(scope: Construct): MonitorParameters {
  const raw = Object.fromEntries(
    Object.keys(ParametersSchema.shape).map((key) => [key, scope.node.tryGetContext(key)]),
  );
  const parsed = ParametersSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid CDK context: ${problems.join('; ')}`);
  }
  return parsed.data;
}

/** Acknowledges one cdk-nag AwsSolutions finding, by the id cdk-nag prints, on one construct. */
function acknowledge(scope: IConstruct, finding: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions::AwsSolutions-${finding}`, reason });
}

/** How cdk-nag prints a reference to a resource: `<LogicalId>`, or `<LogicalId.Arn>`. */
function refToken(construct: IConstruct, attribute?: string): string {
  const resource = construct.node.defaultChild;
  if (!(resource instanceof CfnElement)) {
    throw new Error(`${construct.node.path} has no CloudFormation resource to reference`);
  }
  const id = Stack.of(construct).getLogicalId(resource);
  return attribute ? `<${id}.${attribute}>` : `<${id}>`;
}

/** Wildcard actions that CDK's `grant*` methods write, and why each is acceptable here. */
const GRANT_ACTION_WILDCARDS = {
  's3:GetObject*':
    'From bucket.grantRead on one prefix: GetObject and GetObjectVersion (extract reads uploads by version) on that prefix only.',
  's3:GetBucket*': 'From bucket.grantRead: bucket metadata (versioning, location), no object data.',
  's3:List*':
    'From bucket.grantRead: with ListBucket a missing key answers 404, which the code handles as "object gone", not 403.',
  's3:Abort*':
    'From bucket.grantPut on one prefix: AbortMultipartUpload for interrupted uploads under that prefix.',
  'kms:GenerateDataKey*':
    "From grants on SSE-KMS buckets, queues and the table: data keys under that resource's own customer key only.",
  'kms:ReEncrypt*':
    "From grants on SSE-KMS buckets and the table: re-encryption within that resource's own customer key only.",
} as const;

function customerKey(scope: Construct, id: string, description: string): kms.Key {
  return new kms.Key(scope, id, {
    description,
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
}

/**
 * The whole deployment: inbox → ingest queue → extract → table → (stream) render → outbox and
 * "final report ready" topic; the query API behind IAM; the dashboard; alarms to an ops topic.
 */
export class MonitorStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const parameters = readParameters(this);
    const logRetention = parameters.logRetentionDays;

    const inboxKey = customerKey(this, 'inbox-key', 'Uploaded reports and oversized records');
    const outboxKey = customerKey(this, 'outbox-key', 'Rendered final reports');
    const tableKey = customerKey(this, 'table-key', 'Report table and its stream');
    const messagingKey = customerKey(this, 'messaging-key', 'Queues and topics');

    const accessLogs = new s3.Bucket(this, 'access-logs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      // S3 server access logs can only be delivered to SSE-S3 buckets.
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
    });

    const protectedBucket = (bucketId: string, key: kms.IKey) =>
      new s3.Bucket(this, bucketId, {
        versioned: true,
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        encryption: s3.BucketEncryption.KMS,
        encryptionKey: key,
        // One data key per bucket, not per object: fewer KMS requests.
        bucketKeyEnabled: true,
        enforceSSL: true,
        minimumTLSVersion: 1.2,
        objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
        serverAccessLogsBucket: accessLogs,
        serverAccessLogsPrefix: `${bucketId}/`,
        lifecycleRules: [
          {
            noncurrentVersionExpiration: Duration.days(90),
            abortIncompleteMultipartUploadAfter: Duration.days(7),
          },
        ],
        removalPolicy: RemovalPolicy.RETAIN,
      });
    const inbox = protectedBucket('inbox', inboxKey);
    const outbox = protectedBucket('outbox', outboxKey);

    const encryptedQueue = (queueId: string, extra: Partial<sqs.QueueProps> = {}) =>
      new sqs.Queue(this, queueId, {
        encryption: sqs.QueueEncryption.KMS,
        encryptionMasterKey: messagingKey,
        enforceSSL: true,
        ...extra,
      });
    const ingestDlq = encryptedQueue('ingest-dlq', { retentionPeriod: Duration.days(14) });
    const ingestQueue = encryptedQueue('ingest-queue', {
      // AWS guidance: at least six times the function timeout, plus the batching window.
      visibilityTimeout: Duration.seconds(
        6 * EXTRACT_TIMEOUT.toSeconds() + EXTRACT_BATCH_WINDOW.toSeconds(),
      ),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: ingestDlq, maxReceiveCount: MAX_RECEIVES },
    });
    const renderFailures = encryptedQueue('render-failures', {
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      renderFailures,
      'SQS3',
      'This queue is the on-failure destination of the render stream source: it is a dead-letter queue.',
    );
    // S3 may send to the ingest queue, and use its key, for this bucket of this account only.
    const inboxEvents = new iam.ServicePrincipal('s3.amazonaws.com').withConditions({
      ArnLike: { 'aws:SourceArn': inbox.bucketArn },
      StringEquals: { 'aws:SourceAccount': this.account },
    });
    const { policyDependable } = ingestQueue.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [inboxEvents],
        actions: ['sqs:SendMessage'],
        resources: [ingestQueue.queueArn],
      }),
    );
    messagingKey.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [inboxEvents],
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: ['*'],
      }),
    );
    inbox.addEventNotification(
      s3.EventType.OBJECT_CREATED,
      {
        bind: () => ({
          arn: ingestQueue.queueArn,
          type: s3.BucketNotificationDestinationType.QUEUE,
          dependencies: policyDependable ? [policyDependable] : [],
        }),
      },
      { prefix: INBOX_PREFIX },
    );
    const notificationsHandler = this.node.children.find((c) =>
      c.node.id.startsWith('BucketNotificationsHandler'),
    );
    if (notificationsHandler) {
      acknowledge(
        notificationsHandler,
        'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        "CDK's own custom resource that configures the inbox notifications; it only writes its logs with this policy.",
      );
    }

    const table = new dynamodb.Table(this, 'table', {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      stream: dynamodb.StreamViewType.NEW_IMAGE,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: tableKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of TABLE_KEYS.indexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }

    const reportReady = new sns.Topic(this, 'report-ready', {
      displayName: 'Final report ready',
      masterKey: messagingKey,
      enforceSSL: true,
    });
    for (const { email, authority } of parameters.authoritySubscriptions) {
      reportReady.addSubscription(
        new subscriptions.EmailSubscription(email, {
          ...(authority
            ? {
                // Render publishes the authority's slug, as in the PDF's key.
                filterPolicy: {
                  authority: sns.SubscriptionFilter.stringFilter({
                    allowlist: [authoritySlug(authority)],
                  }),
                },
              }
            : {}),
        }),
      );
    }

    // Scans only: tesseract.js is too big for the extract bundle, and OCR wants more memory.
    const ocr = new PipelineFunction(this, 'ocr', {
      timeout: OCR_TIMEOUT,
      memorySize: 3008,
      logRetention,
      environment: {
        INBOX_BUCKET: inbox.bucketName,
        MAX_DOCUMENT_BYTES: String(DEFAULT_MAX_BYTES),
        OCR_LANG_PATH: `${LAMBDA_TASK_ROOT}/tessdata`,
      },
      externals: ['tesseract.js'],
      copies: OCR_LANGUAGES.map(
        (lang) =>
          [
            `node_modules/@tesseract.js-data/${lang}/4.0.0_best_int/${lang}.traineddata.gz`,
            'tessdata',
          ] as const,
      ),
    });
    inbox.grantRead(ocr, `${INBOX_PREFIX}*`);

    const extract = new PipelineFunction(this, 'extract', {
      timeout: EXTRACT_TIMEOUT,
      memorySize: 1024,
      logRetention,
      environment: {
        TABLE_NAME: table.tableName,
        INBOX_BUCKET: inbox.bucketName,
        MAX_DOCUMENT_BYTES: String(DEFAULT_MAX_BYTES),
        OCR_FUNCTION_NAME: ocr.functionName,
      },
    });
    ocr.grantInvoke(extract);
    extract.addEventSource(
      new SqsEventSource(ingestQueue, {
        batchSize: 10,
        maxBatchingWindow: EXTRACT_BATCH_WINDOW,
        reportBatchItemFailures: true,
        maxConcurrency: 5,
      }),
    );
    inbox.grantRead(extract, `${INBOX_PREFIX}*`);
    iam.Grant.addToPrincipal({
      grantee: extract,
      actions: ['s3:PutObjectTagging', 's3:PutObjectVersionTagging'],
      resourceArns: [inbox.arnForObjects(`${INBOX_PREFIX}*`)],
    });
    inbox.grantPut(extract, `${RECORDS_PREFIX}*`);
    inbox.grantPut(extract, `${READ_TEXT_PREFIX}*`);
    table.grantReadWriteData(extract);

    // Extract keeps oversized records in the inbox under records/: render may get those, and no
    // other inbox object, nor list the bucket.
    const render = new PipelineFunction(this, 'render', {
      timeout: Duration.seconds(60),
      memorySize: 1024,
      logRetention,
      environment: {
        TABLE_NAME: table.tableName,
        OUTBOX_BUCKET: outbox.bucketName,
        // Lets render refuse to start if the outbox were the inbox; records are read from here.
        INBOX_BUCKET: inbox.bucketName,
        FINAL_REPORT_TOPIC_ARN: reportReady.topicArn,
        AUTHORITY_LANGUAGES: JSON.stringify(parameters.authorityLanguages),
        EPM_TIME_ZONE: parameters.timeZone,
        FONT_DIR: `${LAMBDA_TASK_ROOT}/fonts`,
        // A young generation big enough that a whole PDF is built between two scavenges:
        // `npm run bench:render` measures rendering about 40 % faster with it.
        NODE_OPTIONS: '--max-semi-space-size=64',
      },
      copies: [
        ...RENDER_FONTS.map(
          (font) => [`node_modules/@expo-google-fonts/noto-sans/${font}`, 'fonts'] as const,
        ),
        // pdfkit reads its sRGB profile (PDF/A output intent) from data/ beside the bundle.
        ['node_modules/pdfkit/js/data/sRGB_IEC61966_2_1.icc', 'data'],
      ],
    });
    render.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 10,
        bisectBatchOnError: true,
        retryAttempts: 3,
        maxRecordAge: Duration.days(1),
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(renderFailures),
        // needsFinalReport (shared/pipeline/final-report.ts): a stored version's INSERT, or the
        // MODIFY of one a newer parser extracted again. Render's own update of a new version
        // does not pass; that of a re-extracted one does, and is skipped as already rendered.
        filters: [
          lambda.FilterCriteria.filter({
            eventName: lambda.FilterRule.isEqual('INSERT'),
            dynamodb: { NewImage: STORED_REPORT },
          }),
          lambda.FilterCriteria.filter({
            eventName: lambda.FilterRule.isEqual('MODIFY'),
            dynamodb: {
              NewImage: { ...STORED_REPORT, reextractedAt: { S: lambda.FilterRule.exists() } },
            },
          }),
          // Approving or reopening a review drops the recorded PDFs: render the effective values.
          lambda.FilterCriteria.filter({
            eventName: lambda.FilterRule.isEqual('MODIFY'),
            dynamodb: {
              NewImage: { ...STORED_REPORT, reviewedAt: { S: lambda.FilterRule.exists() } },
            },
          }),
        ],
      }),
    );
    table.grantReadData(render);
    table.grant(render, 'dynamodb:UpdateItem', 'dynamodb:PutItem');
    tableKey.grantEncryptDecrypt(render);
    iam.Grant.addToPrincipal({
      grantee: render,
      actions: ['s3:GetObject'],
      resourceArns: [inbox.arnForObjects(`${RECORDS_PREFIX}*`)],
    });
    inboxKey.grantDecrypt(render);
    outbox.grantPut(render, `${FINAL_REPORTS_PREFIX}*`);
    reportReady.grantPublish(render);

    const query = new PipelineFunction(this, 'query', {
      logRetention,
      environment: {
        TABLE_NAME: table.tableName,
        INBOX_BUCKET: inbox.bucketName,
        OUTBOX_BUCKET: outbox.bucketName,
      },
    });
    table.grantReadData(query);
    // Reviews: one transaction puts the review, its audit event and, on approve or reopen,
    // updates the report item (never a delete).
    table.grant(query, 'dynamodb:PutItem', 'dynamodb:UpdateItem');
    tableKey.grantEncryptDecrypt(query);
    // Presigned URLs carry the signer's rights: downloads of PDFs, uploads under incoming/.
    outbox.grantRead(query, `${FINAL_REPORTS_PREFIX}*`);
    inbox.grantPut(query, `${INBOX_PREFIX}*`);
    // The review screen: a version's read text (a plain-text upload is its own), and records
    // too large for an item.
    for (const prefix of [READ_TEXT_PREFIX, INBOX_PREFIX, RECORDS_PREFIX]) {
      inbox.grantRead(query, `${prefix}*`);
    }

    // Indicator aggregates kept from the table stream (infra/constructs/aggregates.ts).
    const aggregateFailures = encryptedQueue('aggregate-failures', {
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      aggregateFailures,
      'SQS3',
      'This queue is the on-failure destination of the aggregate stream source: it is a dead-letter queue.',
    );
    const aggregates = new Aggregates(this, 'aggregates', {
      table,
      tableKey,
      failureQueue: aggregateFailures,
      logRetention,
    });

    // Monthly programme reports (infra/constructs/programme-report.ts), when context names any.
    const programmeReport =
      parameters.programmeReports.length > 0
        ? new ProgrammeReport(this, 'programme-reports', {
            table,
            outbox,
            inbox,
            keys: [tableKey, outboxKey, inboxKey],
            programmes: parameters.programmeReports,
            timeZone: parameters.timeZone,
            logRetention,
          })
        : undefined;

    const inboxArn = refToken(inbox, 'Arn');
    const outboxArn = refToken(outbox, 'Arn');
    const tableIndexes = `Resource::${refToken(table, 'Arn')}/index/*`;
    const indexReason = `The ${TABLE_KEYS.indexes.map((i) => i.name).join(' and ')} queries: grant*Data covers the table's indexes.`;
    /** What a grant to read and put on KMS-encrypted resources adds: every wildcard named above. */
    const readPutEncrypted = Object.keys(
      GRANT_ACTION_WILDCARDS,
    ) as (keyof typeof GRANT_ACTION_WILDCARDS)[];
    const grantFindings: [
      PipelineFunction,
      (keyof typeof GRANT_ACTION_WILDCARDS)[],
      Record<string, string>,
    ][] = [
      [
        extract,
        readPutEncrypted,
        {
          [`Resource::${inboxArn}/${INBOX_PREFIX}*`]:
            'Uploads arrive under incoming/ with any name: extract reads and tags them there only.',
          [`Resource::${inboxArn}/${RECORDS_PREFIX}*`]:
            'Oversized records are written under records/, named by their sha256.',
          [`Resource::${inboxArn}/${READ_TEXT_PREFIX}*`]:
            'The read text of a PDF, DOCX, XLSX or HTML upload is kept under read-text/, named by its sha256.',
          [`Resource::${refToken(ocr, 'Arn')}:*`]:
            'From ocr.grantInvoke: the OCR function and its versions, nothing else.',
          [tableIndexes]: indexReason,
        },
      ],
      [
        ocr,
        ['s3:GetObject*', 's3:GetBucket*', 's3:List*'],
        {
          [`Resource::${inboxArn}/${INBOX_PREFIX}*`]:
            'OCR reads the scanned upload it is asked about, under incoming/ only.',
        },
      ],
      [
        render,
        ['s3:Abort*', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
        {
          [`Resource::${inboxArn}/${RECORDS_PREFIX}*`]:
            'Render may read oversized records (named by sha256) and no other inbox object.',
          [`Resource::${outboxArn}/${FINAL_REPORTS_PREFIX}*`]:
            'PDFs are keyed by authority, project and version under final-reports/.',
          [tableIndexes]: indexReason,
          'Resource::*':
            'dynamodb:ListStreams has no resource-level permissions; the stream event source needs it.',
        },
      ],
      [
        aggregates.function,
        ['kms:GenerateDataKey*', 'kms:ReEncrypt*'],
        {
          [tableIndexes]: indexReason,
          'Resource::*':
            'dynamodb:ListStreams has no resource-level permissions; the stream event source needs it.',
        },
      ],
      [
        query,
        readPutEncrypted,
        {
          [`Resource::${inboxArn}/${INBOX_PREFIX}*`]:
            'POST /uploads presigns PUTs under incoming/ for new file names; the review screen reads a plain-text upload as its read text.',
          [`Resource::${inboxArn}/${READ_TEXT_PREFIX}*`]:
            "The review screen shows a version's read text, kept under read-text/ by its sha256.",
          [`Resource::${inboxArn}/${RECORDS_PREFIX}*`]:
            'A report whose record is too large for an item is read from records/, by its sha256.',
          [`Resource::${outboxArn}/${FINAL_REPORTS_PREFIX}*`]:
            'GET final-report presigns downloads of any PDF under final-reports/, read-only.',
          [tableIndexes]: indexReason,
        },
      ],
    ];
    if (programmeReport) {
      grantFindings.push([
        programmeReport.function,
        readPutEncrypted,
        {
          [`Resource::${outboxArn}/${PROGRAMME_REPORTS_PREFIX}*`]:
            'Programme reports are keyed by authority, period and month under programme-reports/.',
          [`Resource::${inboxArn}/${RECORDS_PREFIX}*`]:
            'The programme report reads oversized records (named by sha256) and no other inbox object.',
          [tableIndexes]: indexReason,
        },
      ]);
    }
    for (const [fn, actions, resources] of grantFindings) {
      for (const action of actions) {
        acknowledge(fn.executionRole, `IAM5[Action::${action}]`, GRANT_ACTION_WILDCARDS[action]);
      }
      for (const [finding, reason] of Object.entries(resources)) {
        acknowledge(fn.executionRole, `IAM5[${finding}]`, reason);
      }
    }

    const apiAccessLogs = new logs.LogGroup(this, 'api-access-logs', { retention: logRetention });
    const api = new apigw.HttpApi(this, 'query-api', {
      description:
        'Machines (SigV4): read-only queries with the auditor policy; people use the people API',
      defaultAuthorizer: new HttpIamAuthorizer(),
      createDefaultStage: false,
    });
    const stage = api.addStage('default-stage', {
      stageName: '$default',
      autoDeploy: true,
      accessLogSettings: { destination: new apigw.LogGroupLogDestination(apiAccessLogs) },
      throttle: { rateLimit: 50, burstLimit: 100 },
    });
    const queryIntegration = new HttpLambdaIntegration('query-integration', query);
    api.addRoutes({
      path: '/{proxy+}',
      methods: [apigw.HttpMethod.GET],
      integration: queryIntegration,
    });
    // An IAM caller is a machine with the auditor's rights (shared/auth): read-only routes only.
    // People ask for upload URLs on the people API; machines upload straight into the inbox.

    const auditorPolicy = new iam.ManagedPolicy(this, 'auditor-policy', {
      description: 'Auditors: read-only queries (GET) on the monitoring API',
      statements: [
        new iam.PolicyStatement({
          actions: ['execute-api:Invoke'],
          resources: [api.arnForExecuteApi('GET', '/*', stage.stageName)],
        }),
      ],
    });
    acknowledge(
      auditorPolicy,
      `IAM5[Resource::arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:${refToken(api)}/${stage.stageName}/GET/*]`,
      'Auditors may call every GET route (all read-only); the routes grow with the API.',
    );
    const projectManagerPolicy = new iam.ManagedPolicy(this, 'project-manager-policy', {
      description: 'Project managers (machines): direct uploads under incoming/ of the inbox',
      statements: [
        new iam.PolicyStatement({
          actions: ['s3:PutObject'],
          resources: [inbox.arnForObjects(`${INBOX_PREFIX}*`)],
        }),
        new iam.PolicyStatement({
          actions: ['kms:GenerateDataKey'],
          resources: [inboxKey.keyArn],
        }),
      ],
    });

    acknowledge(
      projectManagerPolicy,
      `IAM5[Resource::${refToken(inbox, 'Arn')}/${INBOX_PREFIX}*]`,
      'Project managers upload new files of any name, under incoming/ only (no read, no delete).',
    );

    const dashboardBucket = new s3.Bucket(this, 'dashboard', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      // Static pages with no data in them; SSE-KMS would need CloudFront in the key policy.
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'dashboard/',
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
    });
    const cdnLogs = new s3.Bucket(this, 'cdn-logs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      // CloudFront standard logging writes with ACLs.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'cdn-logs/',
      lifecycleRules: [{ expiration: Duration.days(365) }],
    });
    // People sign in through Cognito's hosted UI and call this API with their ID token, which a
    // JWT authorizer checks; machines keep the IAM API above. Both run the query function, which
    // reads the caller from the request. CloudFront serves this API on the dashboard's origin.
    const peopleAccessLogs = new logs.LogGroup(this, 'people-api-access-logs', {
      retention: logRetention,
    });
    const peopleApi = new apigw.HttpApi(this, 'people-api', {
      description: `People signed in with Cognito (JWT), through the dashboard's origin under ${API_PATH}`,
      createDefaultStage: false,
    });
    const peopleStage = peopleApi.addStage('people-stage', {
      stageName: '$default',
      autoDeploy: true,
      accessLogSettings: { destination: new apigw.LogGroupLogDestination(peopleAccessLogs) },
      throttle: { rateLimit: 50, burstLimit: 100 },
    });

    const domainPrefix = parameters.signInDomainPrefix ?? `epm-${this.account}`;
    const signInUrl = hostedUiUrl(domainPrefix, this.region);
    const dashboardHeaders = dashboardHeadersPolicy(this, 'dashboard-headers', signInUrl);
    const apiCachePolicy = new cloudfront.CachePolicy(this, 'people-api-cache', {
      comment: 'People API: cached only when the API says so, for 1 s at most, per token',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(0),
      maxTtl: Duration.seconds(1),
      // In the key, so CloudFront forwards it and never serves one person's answer to another.
      headerBehavior: cloudfront.CacheHeaderBehavior.allowList('Authorization'),
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.all(),
      cookieBehavior: cloudfront.CacheCookieBehavior.none(),
    });
    const stripApiPath = new cloudfront.Function(this, 'people-api-path', {
      comment: `Removes ${API_PATH} before the request reaches API Gateway`,
      code: cloudfront.FunctionCode.fromInline(STRIP_API_PATH),
    });
    const distribution = new cloudfront.Distribution(this, 'dashboard-cdn', {
      comment: 'Dashboard, and the people API under /api',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(dashboardBucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        responseHeadersPolicy: dashboardHeaders,
      },
      additionalBehaviors: {
        [`${API_PATH}/*`]: {
          origin: new origins.HttpOrigin(
            `${peopleApi.apiId}.execute-api.${this.region}.${this.urlSuffix}`,
            {
              protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
              originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
            },
          ),
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachePolicy: apiCachePolicy,
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: dashboardHeaders,
          functionAssociations: [
            { function: stripApiPath, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST },
          ],
        },
      },
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: cdnLogs,
      logFilePrefix: 'dashboard/',
    });
    acknowledge(
      distribution,
      'CFR1',
      'People may work from any country; every data request needs a Cognito token the API checks.',
    );
    acknowledge(
      distribution,
      'CFR2',
      'The pages are static; under /api API Gateway checks each Cognito token and throttles. A WAF web ACL is a deployment choice with its own cost.',
    );
    acknowledge(
      distribution,
      'CFR4',
      'The default *.cloudfront.net certificate fixes the TLS policy; a custom domain needs an ACM certificate, which is a deployment choice.',
    );
    const dashboardUrl = `https://${distribution.distributionDomainName}`;

    const signIn = new SignIn(this, 'sign-in', { domainPrefix, redirectUrl: `${dashboardUrl}/` });
    const peopleAuthorizer = new HttpJwtAuthorizer('people-jwt', signIn.issuerUrl, {
      authorizerName: 'cognito-people',
      jwtAudience: [signIn.dashboardClient.userPoolClientId],
    });
    // Every method reaches the function, which answers 405 with Allow for a wrong one.
    peopleApi.addRoutes({
      path: '/{proxy+}',
      methods: [apigw.HttpMethod.ANY],
      integration: new HttpLambdaIntegration('people-integration', query),
      authorizer: peopleAuthorizer,
    });

    new s3deploy.BucketDeployment(this, 'dashboard-files', {
      destinationBucket: dashboardBucket,
      sources: [
        s3deploy.Source.asset(DASHBOARD_DIR, { exclude: ['*.ts', 'strings'] }),
        s3deploy.Source.jsonData(
          'config.json',
          dashboardConfig({
            dashboardUrl,
            hostedUiUrl: signIn.hostedUiUrl,
            clientId: signIn.dashboardClient.userPoolClientId,
            region: this.region,
          }),
        ),
      ],
      // CloudFront asks the bucket again each time, so a deploy shows at once.
      cacheControl: [s3deploy.CacheControl.noCache()],
      memoryLimit: 256,
      logGroup: new logs.LogGroup(this, 'dashboard-files-logs', { retention: logRetention }),
    });
    const deployHandler = this.node.children.find((c) =>
      c.node.id.startsWith('Custom::CDKBucketDeployment'),
    );
    if (deployHandler) {
      const copies =
        'CDK copies the dashboard files from its asset bucket into the dashboard bucket';
      const findings: Record<string, string> = {
        L1: "CDK's own deployment function; its runtime is set by aws-cdk-lib, not by this stack.",
        'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]': `${copies}; with this policy it only writes its logs.`,
        'IAM5[Action::s3:GetObject*]': `${copies}: it reads the zipped asset.`,
        'IAM5[Action::s3:GetBucket*]': `${copies}: bucket metadata of the two buckets, no other bucket.`,
        'IAM5[Action::s3:List*]': `${copies}: it lists the dashboard bucket to replace old files.`,
        'IAM5[Action::s3:DeleteObject*]': `${copies}: it removes files a new dashboard no longer has, in that bucket only.`,
        'IAM5[Action::s3:Abort*]': `${copies}: it aborts its own interrupted multipart uploads.`,
        [`IAM5[Resource::${refToken(dashboardBucket, 'Arn')}/*]`]: `${copies}: any file of the dashboard, which holds nothing else.`,
        'IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]': `${copies}: the asset's key is a content hash known only at synth.`,
      };
      for (const [finding, reason] of Object.entries(findings)) {
        acknowledge(deployHandler, finding, reason);
      }
    }

    const opsTopic = new sns.Topic(this, 'ops-alarms', {
      displayName: 'eu-project-monitor alarms',
      masterKey: messagingKey,
      enforceSSL: true,
    });
    opsTopic.grantPublish(
      new iam.ServicePrincipal('cloudwatch.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': this.account },
        ArnLike: {
          'aws:SourceArn': this.formatArn({
            service: 'cloudwatch',
            resource: 'alarm',
            resourceName: '*',
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        },
      }),
    );
    for (const email of parameters.opsAlarmEmails) {
      opsTopic.addSubscription(new subscriptions.EmailSubscription(email));
    }
    const alarmAction = new cwActions.SnsAction(opsTopic);
    /** Alarms when the metric goes above the threshold; no data means nothing happened. */
    const alarm = (
      alarmId: string,
      description: string,
      metric: cloudwatch.IMetric,
      threshold = 0,
      evaluationPeriods = 1,
    ) =>
      new cloudwatch.Alarm(this, alarmId, {
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(alarmAction);
    const maxPerMinute = { period: Duration.minutes(1), statistic: cloudwatch.Stats.MAXIMUM };
    const sumPerFiveMinutes = { period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM };

    alarm(
      'ingest-dlq-depth-alarm',
      'Uploads in the ingest dead-letter queue: extract gave up on them (epm redrive)',
      ingestDlq.metricApproximateNumberOfMessagesVisible(maxPerMinute),
    );
    alarm(
      'render-failures-depth-alarm',
      'Stream records render gave up on: their final reports were not produced',
      renderFailures.metricApproximateNumberOfMessagesVisible(maxPerMinute),
    );
    alarm(
      'aggregate-failures-depth-alarm',
      'Stream batches the aggregate function gave up on: some aggregates may differ (epm reconcile --aggregates)',
      aggregateFailures.metricApproximateNumberOfMessagesVisible(maxPerMinute),
    );
    // A stored report waits for its PDF while render retries it on the stream; iterator age is how
    // long the oldest waits. Given up, it is in render-failures (above), unless even that failed.
    alarm(
      'pdf-wait-alarm',
      `Stored reports have waited over ${MAX_PDF_WAIT.toMinutes()} minutes for their final-report PDF: render is failing or stalled (epm reconcile --table lists and repairs them)`,
      render.metric('IteratorAge', maxPerMinute),
      MAX_PDF_WAIT.toMilliseconds(),
      5,
    );
    alarm(
      'render-failures-delivery-alarm',
      'Stream records render gave up on could not be put in render-failures: reports wait for their PDF unseen (epm reconcile --table)',
      render.metric('DestinationDeliveryFailures', sumPerFiveMinutes),
    );
    alarm(
      'ingest-age-alarm',
      'The oldest upload has waited too long: extract is stalled or throttled',
      ingestQueue.metricApproximateAgeOfOldestMessage(maxPerMinute),
      MAX_MESSAGE_AGE_SECONDS,
      5,
    );
    for (const [name, fn] of [
      ['extract', extract],
      ['ocr', ocr],
      ['render', render],
      ['query', query],
      ['aggregate', aggregates.function],
      ...(programmeReport ? ([['programme-report', programmeReport.function]] as const) : []),
    ] as const) {
      alarm(
        `${name}-errors-alarm`,
        `The ${name} function failed`,
        fn.metricErrors(sumPerFiveMinutes),
      );
      alarm(
        `${name}-throttles-alarm`,
        `The ${name} function was throttled`,
        fn.metricThrottles(sumPerFiveMinutes),
      );
    }

    const outputs: Record<string, string> = {
      InboxBucket: inbox.bucketName,
      OutboxBucket: outbox.bucketName,
      TableName: table.tableName,
      ApiUrl: stage.url,
      DashboardUrl: dashboardUrl,
      PeopleApiUrl: `${dashboardUrl}${API_PATH}`,
      PeopleApiDirectUrl: peopleStage.url,
      UserPoolId: signIn.userPool.userPoolId,
      DashboardClientId: signIn.dashboardClient.userPoolClientId,
      SignInUrl: signIn.hostedUiUrl,
      DashboardBucket: dashboardBucket.bucketName,
      ReportReadyTopicArn: reportReady.topicArn,
      OpsTopicArn: opsTopic.topicArn,
      AuditorPolicyArn: auditorPolicy.managedPolicyArn,
      ProjectManagerPolicyArn: projectManagerPolicy.managedPolicyArn,
    };
    for (const [name, value] of Object.entries(outputs)) new CfnOutput(this, name, { value });
  }
}
