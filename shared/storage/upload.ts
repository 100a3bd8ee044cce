import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, extname, relative, sep } from 'node:path';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { InfrastructureError } from '../errors.ts';
import { sniffHtml } from '../readers/html-sniff.ts';
import { contentTypeOf } from '../readers/registry.ts';
import { INBOX_PREFIX } from './table-definition.ts';

export interface UploadItem {
  path: string;
  key: string;
  /** The file's own name, where the key holds a shortened one. */
  originalName?: string;
}

/** S3's limit on an object key, in UTF-8 bytes. */
export const MAX_OBJECT_KEY_BYTES = 1024;

/** Longest key segment kept as it is; file systems stop at 255 bytes, where objects are saved. */
const MAX_SEGMENT_BYTES = 200;

/** `text` in at most `maxBytes`: its start, `~` and a hash of the whole, then `tail`. */
function shorten(text: string, maxBytes: number, tail = ''): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 12);
  let head = [...text.slice(0, text.length - tail.length)];
  while (Buffer.byteLength(`${head.join('')}~${hash}${tail}`) > maxBytes) {
    head = head.slice(0, Math.max(0, head.length - Math.max(1, head.length >> 4)));
  }
  return `${head.join('')}~${hash}${tail}`;
}

/** A key segment no longer than `MAX_SEGMENT_BYTES`: its start, a hash of the whole, its extension. */
const shortSegment = (segment: string) =>
  shorten(segment, MAX_SEGMENT_BYTES, extname(segment).slice(0, 16));

/**
 * The inbox key of an uploaded file: `incoming/` plus its path below the folder given, each
 * segment shortened where it is too long to store (the original name goes into the metadata).
 * Where the whole would pass S3's 1,024 bytes, the folders give way to their start and a hash.
 */
export function inboxKeyOf(path: string, root: string): string {
  const rel = relative(root, path);
  const name = rel === '' || rel === '..' || rel.startsWith(`..${sep}`) ? basename(path) : rel;
  const segments = name.split(sep).map(shortSegment);
  const key = `${INBOX_PREFIX}${segments.join('/')}`;
  if (Buffer.byteLength(key) <= MAX_OBJECT_KEY_BYTES) return key;
  const file = segments.pop() ?? '';
  const room = MAX_OBJECT_KEY_BYTES - Buffer.byteLength(`${INBOX_PREFIX}/${file}`);
  return `${INBOX_PREFIX}${shorten(segments.join('/'), room)}/${file}`;
}

/** What to upload for a file: its inbox key, and its own name where the key had to shorten it. */
export function uploadItemOf(path: string, root: string): UploadItem {
  const key = inboxKeyOf(path, root);
  return key.endsWith(basename(path)) ? { path, key } : { path, key, originalName: basename(path) };
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
 * be read or put is returned with its `error`, and the files after it are still uploaded. Each
 * object's metadata keeps the file's own name (`original-name`, URI-encoded).
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
          Metadata: {
            'original-name': encodeURIComponent(item.originalName ?? basename(item.path)),
          },
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
