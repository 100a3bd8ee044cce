import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { InfrastructureError } from '../errors.ts';

/** "A final report is ready": what subscribers (the managing authority's systems) receive. */
export interface FinalReportReady {
  type: 'final-report-ready';
  /** The report version: its content's sha256. */
  sha256: string;
  kind: string;
  projectId?: string | undefined;
  /** The managing authority as written in the report, and its slug used for filtering. */
  managingAuthority?: string | undefined;
  authority: string;
  language: string;
  bucket: string;
  key: string;
  generatedAt: string;
}

export type PublishFinalReport = (event: FinalReportReady) => Promise<void>;

/** Publishes to an SNS topic, with `authority`, `language` and `kind` as filterable attributes. */
export function snsPublisher(sns: SNSClient, topicArn: string): PublishFinalReport {
  return async (event) => {
    try {
      await sns.send(
        new PublishCommand({
          TopicArn: topicArn,
          Subject: 'Final report ready',
          Message: JSON.stringify(event),
          MessageAttributes: {
            authority: { DataType: 'String', StringValue: event.authority },
            language: { DataType: 'String', StringValue: event.language },
            kind: { DataType: 'String', StringValue: event.kind },
          },
        }),
      );
    } catch (error) {
      throw new InfrastructureError(`Publish final report ${event.key}`, { cause: error });
    }
  };
}

/** Prints one line per event instead: the local stand-in for the topic. */
export function linePublisher(print: (line: string) => void): PublishFinalReport {
  return async (event) => {
    print(`epm: final report ready (${event.language}): s3://${event.bucket}/${event.key}`);
  };
}
