import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  GetObjectCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  type S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { InfrastructureError } from '../errors.ts';
import type { ObjectRef } from '../schemas/s3-event.ts';

export type ObjectRead =
  | { found: true; bytes: Uint8Array; size: number; sha256: string; truncated: boolean }
  | { found: false; reason: string };

function isMissing(error: unknown): boolean {
  return (
    error instanceof S3ServiceException &&
    (error.name === 'NoSuchKey' ||
      error.name === 'NoSuchVersion' ||
      error.name === 'PreconditionFailed' ||
      error.$metadata.httpStatusCode === 404 ||
      error.$metadata.httpStatusCode === 412)
  );
}

/**
 * Reads one object version, hashing all of it but keeping at most `maxBytes + 1` bytes, so that
 * an oversized upload is recognised without holding it in memory.
 */
export async function readObject(
  s3: S3Client,
  ref: ObjectRef,
  maxBytes: number,
): Promise<ObjectRead> {
  let body: Readable;
  try {
    const response = await s3.send(
      new GetObjectCommand({
        Bucket: ref.bucket,
        Key: ref.key,
        ...(ref.versionId
          ? { VersionId: ref.versionId }
          : ref.eTag
            ? { IfMatch: `"${ref.eTag}"` }
            : {}),
      }),
    );
    body = response.Body as Readable;
  } catch (error) {
    if (isMissing(error)) {
      return {
        found: false,
        reason: `Object s3://${ref.bucket}/${ref.key} (this version) no longer exists.`,
      };
    }
    throw new InfrastructureError(`GetObject s3://${ref.bucket}/${ref.key}`, { cause: error });
  }
  const hash = createHash('sha256');
  const kept: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      const buffer = chunk as Buffer;
      hash.update(buffer);
      if (size <= maxBytes) kept.push(buffer);
      size += buffer.length;
    }
  } catch (error) {
    throw new InfrastructureError(`Reading s3://${ref.bucket}/${ref.key}`, { cause: error });
  }
  const all = Buffer.concat(kept);
  const truncated = size > maxBytes;
  return {
    found: true,
    bytes: truncated ? all.subarray(0, maxBytes + 1) : all,
    size,
    sha256: hash.digest('hex'),
    truncated,
  };
}

/** Tags an object with the pipeline's verdict; tag values are limited to S3's character set. */
export async function tagObject(
  s3: S3Client,
  ref: ObjectRef,
  tags: Record<string, string>,
): Promise<void> {
  const clean = (v: string) => v.replace(/[^\p{L}\p{N} +\-=._:/@]/gu, ' ').slice(0, 256);
  try {
    await s3.send(
      new PutObjectTaggingCommand({
        Bucket: ref.bucket,
        Key: ref.key,
        ...(ref.versionId ? { VersionId: ref.versionId } : {}),
        Tagging: {
          TagSet: Object.entries(tags).map(([Key, Value]) => ({ Key, Value: clean(Value) })),
        },
      }),
    );
  } catch (error) {
    if (isMissing(error)) return;
    throw new InfrastructureError(`PutObjectTagging s3://${ref.bucket}/${ref.key}`, {
      cause: error,
    });
  }
}

export async function putJson(
  s3: S3Client,
  bucket: string,
  key: string,
  value: unknown,
): Promise<void> {
  await putBody(s3, bucket, key, JSON.stringify(value), 'application/json');
}

/** Writes UTF-8 text, such as the read text of a document kept beside its original. */
export async function putText(
  s3: S3Client,
  bucket: string,
  key: string,
  text: string,
): Promise<void> {
  await putBody(s3, bucket, key, text, 'text/plain; charset=utf-8');
}

/** Writes one object; a failure is the infrastructure's, naming the bucket and key. */
export async function putBody(
  s3: S3Client,
  bucket: string,
  key: string,
  body: string | Uint8Array,
  contentType: string,
): Promise<void> {
  try {
    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }),
    );
  } catch (error) {
    throw new InfrastructureError(`PutObject s3://${bucket}/${key}`, { cause: error });
  }
}

export async function getJson(s3: S3Client, bucket: string, key: string): Promise<unknown> {
  try {
    const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return JSON.parse((await response.Body?.transformToString('utf8')) ?? 'null');
  } catch (error) {
    throw new InfrastructureError(`GetObject s3://${bucket}/${key}`, { cause: error });
  }
}

/** Writes a final-report PDF; the same key for the same version, so a rerun overwrites it. */
export async function putPdf(
  s3: S3Client,
  bucket: string,
  key: string,
  body: Uint8Array,
  metadata: Record<string, string>,
): Promise<void> {
  try {
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: body,
        ContentType: 'application/pdf',
        Metadata: metadata,
      }),
    );
  } catch (error) {
    throw new InfrastructureError(`PutObject s3://${bucket}/${key}`, { cause: error });
  }
}
