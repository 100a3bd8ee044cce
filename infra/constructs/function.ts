import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { AssetHashType, DockerImage, Duration, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { bundleFunction } from './bundling.ts';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface PipelineFunctionProps {
  /** Resource names and settings, one variable each; merged over the defaults. */
  readonly environment?: Record<string, string>;
  /** @default 30 seconds */
  readonly timeout?: Duration;
  /** @default 512 MB */
  readonly memorySize?: number;
  readonly logRetention: logs.RetentionDays;
  /** Files the function reads beside its bundle: [path in the project, folder in the bundle]. */
  readonly copies?: ReadonlyArray<readonly [string, string]>;
  /** npm packages shipped as they are in the bundle's node_modules instead of bundled. */
  readonly externals?: readonly string[];
}

function requireLocalEsbuild(scope: Construct): void {
  try {
    createRequire(import.meta.url).resolve('esbuild');
  } catch (error) {
    throw new Error(
      `${scope.node.path}: esbuild is not installed in ${projectRoot}; run npm ci (Docker bundling is not used)`,
      { cause: error },
    );
  }
}

/**
 * A Lambda function for one folder under `functions/`: the construct id is the folder name
 * (`extract` bundles `functions/extract/handler.ts`).
 *
 * Defaults:
 * - runtime `nodejs22.x` on ARM64;
 * - bundled with the local esbuild (never Docker) as minified ESM `index.mjs`, AWS SDK included,
 *   with every lazily imported module (the format readers) in a chunk of its own that is loaded
 *   only when used, and external source maps beside it, not loaded at start
 *   (`--enable-source-maps` adds ~15 % to a cold start; set it on a function while debugging);
 *   credentials come from the environment Lambda sets (see `bundling.ts`);
 * - its own log group with the given retention, kept when the stack is deleted;
 * - its own role with no managed policy: it may only write to that log group, and every other
 *   permission comes from `grant*` calls on the resources it uses;
 * - `POWERTOOLS_SERVICE_NAME` = folder name, `POWERTOOLS_LOG_LEVEL` = `INFO`;
 * - 30 s timeout, 512 MB;
 * - cdk-nag's "not the latest runtime" (L1) acknowledged, since 22 is a deliberate pin.
 */
export class PipelineFunction extends lambda.Function {
  /** The function's own role, where its grants land. */
  readonly executionRole: iam.Role;

  constructor(scope: Construct, id: string, props: PipelineFunctionProps) {
    requireLocalEsbuild(scope);
    const logGroup = new logs.LogGroup(scope, `${id}-logs`, {
      retention: props.logRetention,
    });
    const role = new iam.Role(scope, `${id}-role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the ${id} function`,
    });
    logGroup.grantWrite(role);
    super(scope, id, {
      code: lambda.Code.fromAsset(`${projectRoot}functions/${id}`, {
        assetHashType: AssetHashType.OUTPUT,
        bundling: {
          // Never used: the local esbuild always bundles, and Docker is not needed.
          image: DockerImage.fromRegistry('scratch'),
          local: {
            tryBundle(outputDir) {
              bundleFunction(id, outputDir, props.copies, props.externals);
              return true;
            },
          },
        },
      }),
      handler: 'index.handler',
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      timeout: props.timeout ?? Duration.seconds(30),
      memorySize: props.memorySize ?? 512,
      role,
      logGroup,
      environment: {
        POWERTOOLS_SERVICE_NAME: id,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...props.environment,
      },
    });
    this.executionRole = role;
    Validations.of(this).acknowledge({
      id: 'AwsSolutions::AwsSolutions-L1',
      reason:
        'Pinned to nodejs22.x on purpose: the code is tested on Node 20 and 22, not yet on 24.',
    });
  }
}
