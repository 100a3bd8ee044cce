import { fileURLToPath } from 'node:url';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * How every Lambda bundle is built, in esbuild's terms: `PipelineFunction` passes these to CDK's
 * NodejsFunction and `npm run bench:bundles` to esbuild, so the benchmark measures what deploys.
 */
export const LAMBDA_BUNDLE = {
  format: 'esm',
  target: 'node22',
  minify: true,
  mainFields: ['module', 'main'],
  /** CommonJS dependencies call require() for Node built-ins, which ESM output lacks. */
  banner:
    "import { createRequire as epmCreateRequire } from 'node:module';const require = epmCreateRequire(import.meta.url);",
  /**
   * Lambda sets the role's credentials in the environment, so the SDK's default credential chain
   * is replaced by the environment provider alone (`shared/storage/env-credentials.ts`).
   */
  alias: {
    '@aws-sdk/credential-provider-node': `${projectRoot}shared/storage/env-credentials.ts`,
  },
} as const;
