import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultProvider } from '../../../shared/storage/env-credentials.ts';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('the credentials of a Lambda bundle', () => {
  it('are the ones Lambda puts in the environment', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
    vi.stubEnv('AWS_SESSION_TOKEN', 'session');
    await expect(defaultProvider()()).resolves.toMatchObject({
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: 'secret',
      sessionToken: 'session',
    });
  });

  it('say what is missing when the environment has none', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', undefined);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', undefined);
    await expect(defaultProvider()()).rejects.toThrow(
      /No AWS credentials in the environment: this bundle is built for Lambda/,
    );
  });
});
