import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

/** A short-lived URL for one GET or PUT of one object; the caller needs no AWS credentials. */
export function presignUrl(
  s3: S3Client,
  method: 'GET' | 'PUT',
  bucket: string,
  key: string,
  expiresIn: number,
): Promise<string> {
  const command =
    method === 'GET'
      ? new GetObjectCommand({ Bucket: bucket, Key: key })
      : new PutObjectCommand({ Bucket: bucket, Key: key });
  return getSignedUrl(s3, command, { expiresIn });
}
