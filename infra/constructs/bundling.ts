import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, buildSync } from 'esbuild';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * How every Lambda bundle is built, in esbuild's terms: `PipelineFunction` builds with these and
 * `npm run bench:bundles` too, so the benchmark measures what deploys.
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

/** The esbuild options of a function's bundle: `index.mjs`, and a chunk per lazily imported module. */
export function bundleOptions(
  id: string,
  outdir: string,
  overrides: Partial<BuildOptions> = {},
): BuildOptions {
  return {
    entryPoints: { index: join(projectRoot, 'functions', id, 'handler.ts') },
    outdir,
    bundle: true,
    platform: 'node',
    format: LAMBDA_BUNDLE.format,
    target: LAMBDA_BUNDLE.target,
    minify: LAMBDA_BUNDLE.minify,
    mainFields: [...LAMBDA_BUNDLE.mainFields],
    banner: { js: LAMBDA_BUNDLE.banner },
    alias: LAMBDA_BUNDLE.alias,
    // The format readers are imported on first use: each is its own chunk, so the text path's
    // cold start neither loads nor parses them.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    sourcemap: 'external',
    sourcesContent: false,
    legalComments: 'none',
    // Finnish and Swedish words stay UTF-8, not \u escapes: the parsers' vocabulary is full of them.
    charset: 'utf8',
    logLevel: 'error',
    absWorkingDir: projectRoot,
    ...overrides,
  };
}

/**
 * Builds one function's bundle into `outdir` with the local esbuild, and copies the files it
 * reads beside it (fonts, colour profiles), each given as [path in the project, folder in the bundle].
 */
export function bundleFunction(
  id: string,
  outdir: string,
  copies: ReadonlyArray<readonly [string, string]> = [],
  externals: readonly string[] = [],
): void {
  buildSync(bundleOptions(id, outdir, externals.length > 0 ? { external: [...externals] } : {}));
  for (const [from, folder] of copies) {
    mkdirSync(join(outdir, folder), { recursive: true });
    copyFileSync(join(projectRoot, from), join(outdir, folder, basename(from)));
  }
  for (const name of externals) copyPackage(name, outdir, new Set());
}

/**
 * Copies an npm package that cannot be bundled (it starts worker threads from its own files, or
 * loads WebAssembly beside itself) into the bundle's node_modules, with its dependencies.
 */
function copyPackage(name: string, outdir: string, done: Set<string>): void {
  if (done.has(name)) return;
  done.add(name);
  const manifest = packageManifest(name);
  const target = join(outdir, 'node_modules', name);
  if (!existsSync(target)) cpSync(dirname(manifest), target, { recursive: true });
  const { dependencies = {} } = JSON.parse(readFileSync(manifest, 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  for (const dependency of Object.keys(dependencies)) copyPackage(dependency, outdir, done);
}

function packageManifest(name: string): string {
  const require = createRequire(join(projectRoot, 'package.json'));
  const direct = join(projectRoot, 'node_modules', name, 'package.json');
  return existsSync(direct) ? direct : require.resolve(`${name}/package.json`);
}
