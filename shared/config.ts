import { z } from 'zod';
import { ConfigError } from './errors.ts';
import { DEFAULT_MAX_BYTES } from './parsing/decode.ts';

const EnvSchema = z.object({
  TABLE_NAME: z.string().min(1),
  INBOX_BUCKET: z.string().min(1),
  MAX_DOCUMENT_BYTES: z.coerce.number().int().positive().default(DEFAULT_MAX_BYTES),
  /** Path-style S3 addressing, for S3 emulators. */
  S3_FORCE_PATH_STYLE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});
export type ExtractConfig = z.infer<typeof EnvSchema>;

/** Checks the environment once, at cold start, and names what is missing. */
export function loadExtractConfig(env: NodeJS.ProcessEnv = process.env): ExtractConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid environment for the extract function: ${problems}`);
  }
  return parsed.data;
}
