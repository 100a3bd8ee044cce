import { ConfigError } from '../errors.ts';
import * as z from '../schemas/zod.ts';

const required = z.string().check(z.minLength(1));
const optional = z.pipe(
  z.optional(z.string()),
  z.transform((v) => (v === '' ? undefined : v)),
);

const ProgrammeReportEnvSchema = z.object({
  TABLE_NAME: required,
  /** Where programme reports go, under `programme-reports/`. */
  OUTBOX_BUCKET: required,
  /** The fonts shipped beside the bundle; unset, they are read from node_modules (local runs). */
  FONT_DIR: optional,
  EPM_TIME_ZONE: optional,
  S3_FORCE_PATH_STYLE: z.pipe(
    z._default(z.enum(['true', 'false']), 'false'),
    z.transform((v) => v === 'true'),
  ),
});
export type ProgrammeReportConfig = z.infer<typeof ProgrammeReportEnvSchema>;

/** The programme-report function's settings, or a start-up failure naming what is missing. */
export function loadProgrammeReportConfig(
  env: NodeJS.ProcessEnv = process.env,
): ProgrammeReportConfig {
  const parsed = ProgrammeReportEnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid environment for the programme-report function: ${problems}`);
  }
  return parsed.data;
}
