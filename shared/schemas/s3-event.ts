import * as z from './zod.ts';

export const S3EventRecordSchema = z.object({
  eventName: z.string(),
  eventTime: z.string(),
  awsRegion: z.optional(z.string()),
  s3: z.object({
    bucket: z.object({ name: z.string().check(z.minLength(1)) }),
    object: z.object({
      key: z.string().check(z.minLength(1)),
      size: z.optional(z.number().check(z.nonnegative())),
      eTag: z.optional(z.string()),
      versionId: z.optional(z.string()),
      sequencer: z.optional(z.string()),
    }),
  }),
});
export type S3EventRecord = z.infer<typeof S3EventRecordSchema>;

/** What an S3 → SQS message body holds: object events, or the one-off `s3:TestEvent`. */
export const S3NotificationSchema = z.union([
  z.object({ Records: z.array(S3EventRecordSchema) }),
  z.object({ Event: z.literal('s3:TestEvent') }),
]);
export type S3Notification = z.infer<typeof S3NotificationSchema>;

/** Identity of one uploaded object version. */
export const ObjectRefSchema = z.object({
  bucket: z.string(),
  key: z.string(),
  versionId: z.optional(z.string()),
  eTag: z.optional(z.string()),
  size: z.optional(z.number()),
  eventTime: z.string(),
  sequencer: z.optional(z.string()),
});
export type ObjectRef = z.infer<typeof ObjectRefSchema>;

/** S3 URL-encodes keys in events and writes spaces as `+`. */
export function decodeS3Key(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, ' '));
}

/** The inverse of `decodeS3Key`, as S3 does it: for tests and the local runtime. */
export function encodeS3Key(key: string): string {
  return encodeURIComponent(key)
    .replace(/%20/g, '+')
    .replace(/%2F/g, '/')
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The object versions a notification names; created-object events only. */
export function objectRefsOf(notification: S3Notification): ObjectRef[] {
  if (!('Records' in notification)) return [];
  return notification.Records.filter((r) => r.eventName.startsWith('ObjectCreated:')).map((r) => ({
    bucket: r.s3.bucket.name,
    key: decodeS3Key(r.s3.object.key),
    eventTime: r.eventTime,
    ...(r.s3.object.versionId ? { versionId: r.s3.object.versionId } : {}),
    ...(r.s3.object.eTag ? { eTag: r.s3.object.eTag } : {}),
    ...(r.s3.object.size === undefined ? {} : { size: r.s3.object.size }),
    ...(r.s3.object.sequencer ? { sequencer: r.s3.object.sequencer } : {}),
  }));
}

/** The version part of an object's identity: its versionId, else its ETag (unversioned buckets). */
export function versionOf(ref: ObjectRef): string {
  return ref.versionId ?? (ref.eTag ? `etag-${ref.eTag.replace(/"/g, '')}` : 'null');
}
