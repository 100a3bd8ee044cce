import { Logger } from '@aws-lambda-powertools/logger';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { loadProgrammeReportConfig } from '../../shared/programme/config.ts';
import {
  type ProgrammeReportEvent,
  ProgrammeReportEventSchema,
  writeProgrammeReport,
} from '../../shared/programme/scheduled.ts';
import { loadFonts } from '../../shared/rendering/fonts.ts';
import { createDynamoClient, createS3Client } from '../../shared/storage/clients.ts';

const config = loadProgrammeReportConfig();
const logger = new Logger({ serviceName: 'programme-report' });
const deps = {
  ddb: createDynamoClient(),
  s3: createS3Client({ forcePathStyle: config.S3_FORCE_PATH_STYLE }),
  table: config.TABLE_NAME,
  outbox: config.OUTBOX_BUCKET,
  fonts: loadFonts(config.FONT_DIR),
  timeZone: config.EPM_TIME_ZONE,
};

const parseEvent = (): middy.MiddlewareObj<unknown, unknown, Error, Context> => ({
  before: (request) => {
    const parsed = ProgrammeReportEventSchema.safeParse(request.event);
    if (!parsed.success)
      throw new Error(
        `programme-report event: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    request.event = parsed.data;
  },
});

/** The monthly schedule's event names one programme; its PDF and XLSX go to the outbox. */
export const handler = middy<unknown, unknown, Error, Context>()
  .use(parseEvent())
  .handler(async (event) => {
    const result = await writeProgrammeReport(deps, event as ProgrammeReportEvent, new Date());
    logger.info('programme report written', { ...result });
    return result;
  });
