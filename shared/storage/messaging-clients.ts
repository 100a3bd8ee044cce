import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { type ClientOptions, commonClientConfig } from './clients.ts';

export function createSqsClient(): SQSClient {
  return new SQSClient({});
}

export function createSnsClient(options: ClientOptions = {}): SNSClient {
  return new SNSClient(commonClientConfig(options));
}
