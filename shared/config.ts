import { DEFAULT_TIME_ZONE, isTimeZone } from '../templates/format.ts';
import { ConfigError } from './errors.ts';
import { DEFAULT_MAX_BYTES } from './parsing/decode.ts';
import { parseAuthorityLanguages } from './rendering/language.ts';
import * as z from './schemas/zod.ts';

/** Path-style S3 addressing, for S3 emulators. */
const forcePathStyle = z.pipe(
  z._default(z.enum(['true', 'false']), 'false'),
  z.transform((v) => v === 'true'),
);

/** A setting that must be given. */
const required = z.string().check(z.minLength(1));

/** An optional setting: unset and empty mean the same, as deploy tools often write `''`. */
const optionalSetting = z.pipe(
  z.optional(z.string()),
  z.transform((v) => (v === '' ? undefined : v)),
);

const ExtractEnvSchema = z.object({
  TABLE_NAME: required,
  INBOX_BUCKET: required,
  MAX_DOCUMENT_BYTES: z._default(z.coerce.number().check(z.int(), z.positive()), DEFAULT_MAX_BYTES),
  S3_FORCE_PATH_STYLE: forcePathStyle,
  /** The OCR function scanned PDF pages are sent to (AWS). */
  OCR_FUNCTION_NAME: optionalSetting,
  /** A folder for OCR language data: scans are read in this process (local runs). */
  OCR_LANG_DIR: optionalSetting,
});
export type ExtractConfig = z.infer<typeof ExtractEnvSchema>;

const QueryEnvSchema = z.object({
  TABLE_NAME: required,
  INBOX_BUCKET: required,
  OUTBOX_BUCKET: required,
  PRESIGNED_URL_SECONDS: z._default(z.coerce.number().check(z.int(), z.gte(30), z.lte(3600)), 300),
  S3_FORCE_PATH_STYLE: forcePathStyle,
});
export type QueryConfig = z.infer<typeof QueryEnvSchema>;

function load<T extends z.ZodMiniType>(
  schema: T,
  what: string,
  env: NodeJS.ProcessEnv,
): z.infer<T> {
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

const OcrEnvSchema = z.object({
  INBOX_BUCKET: required,
  MAX_DOCUMENT_BYTES: z._default(z.coerce.number().check(z.int(), z.positive()), DEFAULT_MAX_BYTES),
  /** The folder with `<lang>.traineddata.gz` for fin, swe and eng, shipped beside the bundle. */
  OCR_LANG_PATH: required,
  S3_FORCE_PATH_STYLE: forcePathStyle,
});
export type OcrConfig = z.infer<typeof OcrEnvSchema>;

/** The OCR function's settings, checked once at cold start. */
export function loadOcrConfig(env: NodeJS.ProcessEnv = process.env): OcrConfig {
  return load(OcrEnvSchema, 'ocr function', env);
}

const RenderEnvSchema = z
  .object({
    TABLE_NAME: required,
    /** Where final reports go; never the inbox, which starts the pipeline. */
    OUTBOX_BUCKET: required,
    /** Given where the inbox is known too, so that pointing both at one bucket fails at start. */
    INBOX_BUCKET: optionalSetting,
    /** The "final report ready" topic; unset, events are printed instead (local runs). */
    FINAL_REPORT_TOPIC_ARN: optionalSetting,
    /** JSON map of managing authority → fi | sv | en. */
    AUTHORITY_LANGUAGES: z.pipe(
      z._default(z.string(), '{}'),
      z.transform((text, ctx) => {
        const parsed = parseAuthorityLanguages(text === '' ? '{}' : text);
        if (parsed.success) return parsed.data;
        ctx.issues.push({ code: 'custom', message: parsed.error, input: text });
        return z.NEVER;
      }),
    ),
    /** Folder with the report fonts, where a bundle ships them; else the npm package. */
    FONT_DIR: optionalSetting,
    /** The managing authority's IANA time zone: every time a final report prints is in it. */
    EPM_TIME_ZONE: z.pipe(
      z._default(z.string(), DEFAULT_TIME_ZONE),
      z.transform((zone, ctx) => {
        const name = zone === '' ? DEFAULT_TIME_ZONE : zone;
        if (isTimeZone(name)) return name;
        ctx.issues.push({ code: 'custom', message: 'is not an IANA time zone', input: zone });
        return z.NEVER;
      }),
    ),
    S3_FORCE_PATH_STYLE: forcePathStyle,
  })
  .check(
    z.refine((env) => env.OUTBOX_BUCKET !== env.INBOX_BUCKET, {
      path: ['OUTBOX_BUCKET'],
      message: 'must not be the inbox bucket',
    }),
  );
export type RenderConfig = z.infer<typeof RenderEnvSchema>;

/** The render function's settings, checked once at cold start. */
export function loadRenderConfig(env: NodeJS.ProcessEnv = process.env): RenderConfig {
  const parsed = RenderEnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid environment for the render function: ${problems}`);
  }
  return parsed.data;
}

const AggregateEnvSchema = z.object({ TABLE_NAME: required });
export type AggregateConfig = z.infer<typeof AggregateEnvSchema>;

export function loadAggregateConfig(env: NodeJS.ProcessEnv = process.env): AggregateConfig {
  return load(AggregateEnvSchema, 'aggregate function', env);
}
