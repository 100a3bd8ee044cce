import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { PROGRAMME_REPORTS_PREFIX } from '../../shared/programme/outbox.ts';
import type { ProgrammeReportEvent } from '../../shared/programme/scheduled.ts';
import { PipelineFunction } from './function.ts';

/** The fonts the PDF embeds, shipped beside the bundle as render's are. */
const FONTS = ['400Regular/NotoSans_400Regular.ttf', '700Bold/NotoSans_700Bold.ttf'];

export interface ProgrammeReportProps {
  /** The report table the programmes are read from. */
  readonly table: dynamodb.ITable;
  /** Where the reports go, under `programme-reports/`. */
  readonly outbox: s3.IBucket;
  /** The inbox, where records too large for an item are kept under `records/`. */
  readonly inbox?: s3.IBucket;
  /** Customer-managed keys the function reads or writes through. */
  readonly keys?: readonly kms.IKey[];
  /** One scheduled report per programme: managing authority, period and language. */
  readonly programmes: readonly ProgrammeReportEvent[];
  /** @default the first day of every month at 03:00 UTC */
  readonly schedule?: events.Schedule;
  /** Prints times in this IANA zone (e.g. Europe/Helsinki). */
  readonly timeZone?: string;
  readonly logRetention: logs.RetentionDays;
}

/**
 * The monthly programme report (functions/programme-report): an EventBridge rule per programme
 * invokes the function with that programme, which writes its PDF and XLSX to the outbox.
 *
 * Defaults: 3,008 MB and 10 minutes (a programme's documents are read and summed in memory:
 * about 2 s and 400 MB per 10,000 projects measured locally); the first day of the month at
 * 03:00 UTC; read access to the table, put access to `programme-reports/*` of the outbox only,
 * and read access to `records/*` of the inbox where it is given.
 */
export class ProgrammeReport extends Construct {
  readonly function: PipelineFunction;
  readonly rules: events.Rule[];

  constructor(scope: Construct, id: string, props: ProgrammeReportProps) {
    super(scope, id);
    if (props.programmes.length === 0)
      throw new Error(`${this.node.path}: name at least one programme to report on`);
    this.function = new PipelineFunction(this, 'programme-report', {
      timeout: Duration.minutes(10),
      memorySize: 3008,
      logRetention: props.logRetention,
      environment: {
        TABLE_NAME: props.table.tableName,
        OUTBOX_BUCKET: props.outbox.bucketName,
        FONT_DIR: '/var/task/fonts',
        ...(props.timeZone ? { EPM_TIME_ZONE: props.timeZone } : {}),
      },
      copies: [
        ...FONTS.map(
          (font) => [`node_modules/@expo-google-fonts/noto-sans/${font}`, 'fonts'] as const,
        ),
        // pdfkit reads its sRGB profile (PDF/A output intent) from data/ beside the bundle.
        ['node_modules/pdfkit/js/data/sRGB_IEC61966_2_1.icc', 'data'],
      ],
    });
    props.table.grantReadData(this.function);
    props.outbox.grantPut(this.function, `${PROGRAMME_REPORTS_PREFIX}*`);
    props.inbox?.grantRead(this.function, 'records/*');
    for (const key of props.keys ?? []) key.grantEncryptDecrypt(this.function);
    const schedule = props.schedule ?? events.Schedule.cron({ day: '1', hour: '3', minute: '0' });
    this.rules = props.programmes.map(
      (programme, i) =>
        new events.Rule(this, `schedule-${i + 1}`, {
          description:
            `Monthly programme report: ${programme.managingAuthority} ${programme.period} (${programme.language})`.slice(
              0,
              512,
            ),
          schedule,
          targets: [
            new targets.LambdaFunction(this.function, {
              event: events.RuleTargetInput.fromObject(programme),
              retryAttempts: 2,
            }),
          ],
        }),
    );
  }
}
