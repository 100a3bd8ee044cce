import { Logger } from '@aws-lambda-powertools/logger';
import { ROUTES } from '../../shared/api/routes.ts';
import { loadQueryConfig } from '../../shared/config.ts';
import { createApiHandler } from '../../shared/lambda/http.ts';
import { PROGRAMME_ROUTES } from '../../shared/programme/routes.ts';
import { createDynamoClient, createS3Client } from '../../shared/storage/clients.ts';

const config = loadQueryConfig();
const logger = new Logger({ serviceName: 'query' });
const deps = {
  ddb: createDynamoClient(),
  s3: createS3Client({ forcePathStyle: config.S3_FORCE_PATH_STYLE }),
  table: config.TABLE_NAME,
  inboxBucket: config.INBOX_BUCKET,
  outboxBucket: config.OUTBOX_BUCKET,
  urlSeconds: config.PRESIGNED_URL_SECONDS,
};

export const handler = createApiHandler([...ROUTES, ...PROGRAMME_ROUTES], deps, (message, extra) =>
  logger.error(message, extra),
);
