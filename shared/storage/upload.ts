import { readFile } from 'node:fs/promises';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { InfrastructureError } from '../errors.ts';
import { sniffHtml } from '../readers/html-sniff.ts';
import { contentTypeOf } from '../readers/registry.ts';

export interface UploadItem {
  path: string;
  key: string;
  /** The file's own name, where the key holds a shortened one. */
  originalName?: string;
}

export interface UploadResult extends UploadItem {
  bytes: number;
  eTag?: string;
  versionId?: string;
  /** Why the file could not be put; the other files are uploaded all the same. */
  error?: string;
}

/**
 * Uploads files through the S3 API one by one, reporting progress after each. A file that cannot
 * be read or put is returned with its `error`, and the files after it are still uploaded.
 */
export async function uploadFiles(
  s3: S3Client,
  bucket: string,
  items: UploadItem[],
  onProgress: (done: number, total: number, bytes: number) => void = () => undefined,
): Promise<UploadResult[]> {
  const results: UploadResult[] = [];
  let bytes = 0;
  for (const item of items) {
    try {
      const body = await readFile(item.path);
      const out = await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: item.key,
          Body: body,
          ContentType: contentTypeOf(body, sniffHtml),
          ...(item.originalName
            ? { Metadata: { 'original-name': encodeURIComponent(item.originalName) } }
            : {}),
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
      const failure = new InfrastructureError(`PutObject s3://${bucket}/${item.key}`, {
        cause: error,
      });
      results.push({ ...item, bytes: 0, error: failure.message });
    }
    onProgress(results.length, items.length, bytes);
  }
  return results;
}
