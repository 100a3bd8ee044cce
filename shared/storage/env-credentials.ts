// The credentials of a function running on Lambda. Lambda puts the execution role's credentials
// in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), which is also
// where the SDK's default chain looks first. That chain brings SSO, STS, web-identity, INI-file,
// process and instance-metadata providers along, about 100 KB that every cold start compiles and
// never uses. The Lambda bundles alias `@aws-sdk/credential-provider-node` to this module
// (`infra/constructs/bundling.ts`); local runs and tests keep the full chain.
import { fromEnv } from '@aws-sdk/credential-provider-env';

type ProviderInit = Parameters<typeof fromEnv>[0];
type Credentials = Awaited<ReturnType<ReturnType<typeof fromEnv>>>;

/** Stands in for the SDK's `defaultProvider`, with the same signature. */
export function defaultProvider(
  init: ProviderInit = {},
): (options?: { forceRefresh?: boolean }) => Promise<Credentials> {
  const fromEnvironment = fromEnv(init);
  return async () => {
    try {
      return await fromEnvironment();
    } catch (error) {
      throw new Error(
        'No AWS credentials in the environment: this bundle is built for Lambda, which sets AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN',
        { cause: error },
      );
    }
  };
}
