import { z } from 'zod';
import { ConfigError } from './errors.ts';
import { DEFAULT_MAX_BYTES } from './parsing/decode.ts';

/** Path-style S3 addressing, for S3 emulators. */
const forcePathStyle = z
  .enum(['true', 'false'])
  .default('false')
  .transform((v) => v === 'true');

const ExtractEnvSchema = z.object({
  TABLE_NAME: z.string().min(1),
  INBOX_BUCKET: z.string().min(1),
  MAX_DOCUMENT_BYTES: z.coerce.number().int().positive().default(DEFAULT_MAX_BYTES),
  S3_FORCE_PATH_STYLE: forcePathStyle,
});
export type ExtractConfig = z.infer<typeof ExtractEnvSchema>;

const QueryEnvSchema = z.object({
  TABLE_NAME: z.string().min(1),
  INBOX_BUCKET: z.string().min(1),
  OUTBOX_BUCKET: z.string().min(1),
  PRESIGNED_URL_SECONDS: z.coerce.number().int().min(30).max(3600).default(300),
  S3_FORCE_PATH_STYLE: forcePathStyle,
});
export type QueryConfig = z.infer<typeof QueryEnvSchema>;

function load<T extends z.ZodType>(schema: T, what: string, env: NodeJS.ProcessEnv): z.infer<T> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid environment for the ${what}: ${problems}`);
  }
  return parsed.data;
}

/** Checks the environment once, at cold start, and names what is missing. */
export function loadExtractConfig(env: NodeJS.ProcessEnv = process.env): ExtractConfig {
  return load(ExtractEnvSchema, 'extract function', env);
}

export function loadQueryConfig(env: NodeJS.ProcessEnv = process.env): QueryConfig {
  return load(QueryEnvSchema, 'query function', env);
}
