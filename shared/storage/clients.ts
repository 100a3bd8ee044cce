// Clients of the services every function uses. Each AWS SDK client costs tens of milliseconds of
// cold start to import, so the messaging clients live in `messaging-clients.ts`, imported only by
// what sends messages.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';

export interface ClientOptions {
  /** Path-style addressing and checksums only when required: what S3 emulators understand. */
  forcePathStyle?: boolean;
  endpoint?: string;
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  maxAttempts?: number;
}

export function createS3Client(options: ClientOptions = {}): S3Client {
  return new S3Client({
    ...commonClientConfig(options),
    ...(options.forcePathStyle
      ? {
          forcePathStyle: true,
          requestChecksumCalculation: 'WHEN_REQUIRED' as const,
          responseChecksumValidation: 'WHEN_REQUIRED' as const,
        }
      : {}),
  });
}

/** Endpoint, region, credentials and retries, as every client takes them. */
export function commonClientConfig(options: ClientOptions) {
  return {
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.region ? { region: options.region } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
  };
}

export function createDynamoClient(options: ClientOptions = {}): DynamoDBClient {
  return new DynamoDBClient(commonClientConfig(options));
}
