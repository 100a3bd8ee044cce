import { localS3Client } from '../local/services.ts';
import { createS3Client } from '../storage/clients.ts';
import { ensureBucket } from '../storage/provision.ts';
import { uploadFiles } from '../storage/upload.ts';
import { type CommandIo, expandPaths } from './extract-command.ts';
import { progressBar } from './progress.ts';
import { uploadItemOf } from './run-command.ts';

export interface UploadArgs {
  paths: string[];
  bucket: string;
  endpoint?: string;
}

/** `epm upload`: puts files into an inbox bucket under `incoming/`, on AWS or any S3 endpoint. */
export async function runUpload(args: UploadArgs, io: CommandIo): Promise<number> {
  const files = await expandPaths(args.paths);
  const missing = files.filter((f) => f.missing);
  for (const f of missing) io.err(`epm: ${f.path}: no such file`);
  const s3 = args.endpoint ? localS3Client(args.endpoint) : createS3Client();
  if (args.endpoint) await ensureBucket(s3, args.bucket);
  const root = args.paths.length === 1 ? (args.paths[0] ?? '.') : '.';
  const results = await uploadFiles(
    s3,
    args.bucket,
    files.filter((f) => !f.missing).map((f) => uploadItemOf(f.path, root)),
    progressBar('upload'),
  );
  for (const r of results) {
    if (r.error) io.err(`epm: ${r.path}: not uploaded (${r.error})`);
    else io.out(`s3://${args.bucket}/${r.key}`);
  }
  s3.destroy();
  return missing.length > 0 || results.some((r) => r.error) ? 2 : 0;
}
