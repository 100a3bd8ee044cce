import type { S3Client } from '@aws-sdk/client-s3';
import { putBody } from '../storage/object-store.ts';

/** The outbox folder programme reports are written under. */
export const PROGRAMME_REPORTS_PREFIX = 'programme-reports/';

export const XLSX_CONTENT_TYPE =
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Writes one report file; the same key for the same month, so a rerun overwrites it. */
export async function putReportFile(
  s3: S3Client,
  bucket: string,
  key: string,
  body: Uint8Array,
  contentType: string,
): Promise<void> {
  await putBody(s3, bucket, key, body, contentType);
}
