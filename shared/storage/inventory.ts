import { type DynamoDBClient, ScanCommand, type ScanCommandInput } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { InfrastructureError } from '../errors.ts';
import type { ReportStatus, UploadedObject } from './report-store.ts';

/** A report version as an inventory lists it: without its record, only whether it has one. */
export interface VersionSummary {
  sha256: string;
  status: ReportStatus;
  reason?: string | undefined;
  object: {
    bucket: string;
    key: string;
    versionId?: string | undefined;
    eTag?: string | undefined;
  };
  finalReports?: Record<string, string> | undefined;
  hasRecord: boolean;
}

export interface ListedObject {
  key: string;
  eTag: string;
  size?: number | undefined;
  lastModified: string;
}

/** Every object under a prefix of a bucket. */
export async function listObjects(
  s3: S3Client,
  bucket: string,
  prefix: string,
): Promise<ListedObject[]> {
  const objects: ListedObject[] = [];
  let token: string | undefined;
  do {
    const out = await s3
      .send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }))
      .catch((error: unknown) => {
        throw new InfrastructureError(`ListObjectsV2 s3://${bucket}/${prefix}`, { cause: error });
      });
    for (const item of out.Contents ?? []) {
      if (!item.Key) continue;
      objects.push({
        key: item.Key,
        eTag: (item.ETag ?? '').replace(/"/g, ''),
        ...(item.Size === undefined ? {} : { size: item.Size }),
        lastModified: (item.LastModified ?? new Date(0)).toISOString(),
      });
    }
    token = out.IsTruncated ? out.NextContinuationToken : undefined;
  } while (token);
  return objects;
}

/**
 * Every report version and uploaded-object item of the table, read with one consistent scan;
 * records are left out, only their presence is read.
 */
export async function scanUploads(
  ddb: DynamoDBClient,
  table: string,
): Promise<{ versions: VersionSummary[]; objects: UploadedObject[] }> {
  const versions: VersionSummary[] = [];
  const objects: UploadedObject[] = [];
  let start: ScanCommandInput['ExclusiveStartKey'];
  do {
    const out = await ddb
      .send(
        new ScanCommand({
          TableName: table,
          ConsistentRead: true,
          FilterExpression: '#type IN (:report, :object)',
          ProjectionExpression:
            '#type, sha256, #status, reason, #object, finalReports, recordLocation, #record.#source.sha256, #bucket, #key, #version, duplicateOf',
          ExpressionAttributeNames: {
            '#type': 'type',
            '#status': 'status',
            '#object': 'object',
            '#record': 'record',
            '#source': 'source',
            '#bucket': 'bucket',
            '#key': 'key',
            '#version': 'version',
          },
          ExpressionAttributeValues: { ':report': { S: 'report' }, ':object': { S: 'object' } },
          ExclusiveStartKey: start,
        }),
      )
      .catch((error: unknown) => {
        throw new InfrastructureError(`Scan ${table}`, { cause: error });
      });
    for (const raw of out.Items ?? []) {
      const item = unmarshall(raw);
      if (item.type === 'report') {
        versions.push({
          sha256: String(item.sha256),
          status: item.status as ReportStatus,
          ...(item.reason ? { reason: String(item.reason) } : {}),
          object: item.object as VersionSummary['object'],
          ...(item.finalReports ? { finalReports: item.finalReports } : {}),
          hasRecord: item.record !== undefined || item.recordLocation !== undefined,
        });
      } else {
        const { type: _t, ...rest } = item;
        objects.push(rest as UploadedObject);
      }
    }
    start = out.LastEvaluatedKey;
  } while (start);
  return { versions, objects };
}
