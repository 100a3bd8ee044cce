import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/fixtures.ts';

const run = promisify(execFile);
const outDir = mkdtempSync(join(tmpdir(), 'epm-cdk-out-'));

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

/** The environment without any AWS credentials, profile or region. */
function offlineEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
}

interface FunctionResource {
  Type: string;
  Properties: {
    Runtime?: string;
    Code?: { S3Key?: string };
    Environment?: { Variables?: Record<string, unknown> };
  };
}

function assetHash(resource: FunctionResource): string {
  return resource.Properties.Code?.S3Key?.replace(/\.zip$/, '') ?? '';
}

/**
 * Each Node.js function's bundle folder and environment: references become placeholders, and
 * paths under Lambda's task root point into the bundle folder, where Lambda would unpack it.
 */
function bundledFunctions(template: { Resources: Record<string, FunctionResource> }) {
  return Object.entries(template.Resources)
    .filter(([, r]) => r.Type === 'AWS::Lambda::Function' && r.Properties.Runtime === 'nodejs22.x')
    .map(([id, r]) => ({
      id,
      dir: join(outDir, `asset.${assetHash(r)}`),
      env: Object.fromEntries(
        Object.entries(r.Properties.Environment?.Variables ?? {}).map(([k, v]) => [
          k,
          typeof v === 'string'
            ? v.replace(/^\/var\/task/, join(outDir, `asset.${assetHash(r)}`))
            : `placeholder-${k.toLowerCase()}`,
        ]),
      ),
    }));
}

describe('cdk synth', () => {
  it('synthesises offline without credentials into loadable ESM bundles made by the local esbuild', async () => {
    const { stderr } = await run('npx', ['cdk', 'synth', '--quiet', '--output', outDir], {
      cwd: ROOT,
      env: offlineEnv(),
      maxBuffer: 16 * 1024 * 1024,
    });

    expect(stderr).not.toMatch(/docker/i);
    expect(existsSync(join(outDir, 'manifest.json'))).toBe(true);
    const template = JSON.parse(
      readFileSync(join(outDir, 'eu-project-monitor.template.json'), 'utf8'),
    );
    const functions = bundledFunctions(template);
    expect(functions).toHaveLength(5);
    for (const fn of functions) {
      expect(existsSync(join(fn.dir, 'index.mjs.map')), fn.id).toBe(true);
      if (fn.env.FONT_DIR) {
        expect(readdirSync(fn.env.FONT_DIR).sort(), fn.id).toEqual([
          'NotoSans_400Regular.ttf',
          'NotoSans_700Bold.ttf',
        ]);
      }
      const { stdout } = await run(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          "const m = await import('./index.mjs'); console.log(typeof m.handler);",
        ],
        { cwd: fn.dir, env: { ...offlineEnv(), ...fn.env, AWS_REGION: 'eu-west-1' } },
      );
      expect(stdout.trim(), fn.id).toBe('function');
      // Credentials come from the environment only: no web-identity, SSO or credential-process
      // provider is bundled (infra/constructs/bundling.ts).
      // The bundle is index.mjs and the chunks it loads (code splitting).
      const chunks = join(fn.dir, 'chunks');
      const bundle = [
        join(fn.dir, 'index.mjs'),
        ...(existsSync(chunks) ? readdirSync(chunks).map((c) => join(chunks, c)) : []),
      ]
        .filter((file) => file.endsWith('.mjs'))
        .map((file) => readFileSync(file, 'utf8'))
        .join('\n');
      expect(bundle, fn.id).toContain('No AWS credentials in the environment');
      for (const provider of ['AWS_WEB_IDENTITY_TOKEN_FILE', 'sso_session', 'credential_process']) {
        expect(bundle, `${fn.id}: ${provider}`).not.toContain(provider);
      }
    }
  }, 180_000);
});
