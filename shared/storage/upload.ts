import { readFile } from 'node:fs/promises';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { InfrastructureError } from '../errors.ts';
import { sniffHtml } from '../readers/html.ts';
import { contentTypeOf } from '../readers/registry.ts';

export interface UploadItem {
  path: string;
  key: string;
}

export interface UploadResult extends UploadItem {
  bytes: number;
  eTag?: string;
  versionId?: string;
}

/** Uploads files through the S3 API one by one, reporting progress after each. */
export async function uploadFiles(
  s3: S3Client,
  bucket: string,
  items: UploadItem[],
  onProgress: (done: number, total: number, bytes: number) => void = () => undefined,
): Promise<UploadResult[]> {
  const results: UploadResult[] = [];
  let bytes = 0;
  for (const item of items) {
    const body = await readFile(item.path);
    try {
      const out = await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: item.key,
          Body: body,
          ContentType: contentTypeOf(body, sniffHtml),
        }),
      );
      bytes += body.length;
      results.push({
        ...item,
        bytes: body.length,
        ...(out.ETag ? { eTag: out.ETag.replace(/"/g, '') } : {}),
        ...(out.VersionId ? { versionId: out.VersionId } : {}),
      });
    } catch (error) {
      throw new InfrastructureError(`PutObject s3://${bucket}/${item.key}`, { cause: error });
    }
    onProgress(results.length, items.length, bytes);
  }
  return results;
}
