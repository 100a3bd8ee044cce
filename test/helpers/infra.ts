import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { MonitorStack } from '../../infra/monitor-stack.ts';
import { ROOT } from './fixtures.ts';

/** The feature flags and parameters of cdk.json, so tests build what `cdk synth` builds. */
function cdkJsonContext(): Record<string, unknown> {
  const cdkJson: unknown = JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8'));
  if (typeof cdkJson !== 'object' || cdkJson === null || !('context' in cdkJson)) return {};
  const { context } = cdkJson;
  return typeof context === 'object' && context !== null ? { ...context } : {};
}

export interface SynthOptions {
  context?: Record<string, unknown>;
  nag?: boolean;
}

/** The stack as CDK builds it, without bundling the functions (fast, no esbuild run). */
export function buildStack({ context = {}, nag = false }: SynthOptions = {}) {
  const app = new App({
    context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], ...context },
  });
  const stack = new MonitorStack(app, 'eu-project-monitor');
  if (nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

export function synthTemplate(options: SynthOptions = {}): Template {
  return Template.fromStack(buildStack(options).stack);
}

type Json = unknown;

/** A CloudFormation value as a readable string: `{Ref: X}` → `X`, GetAtt → `X.Arn`, Join → concatenation. */
export function flatten(value: Json): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(flatten).join(',');
  if (typeof value === 'object' && value !== null) {
    if ('Ref' in value) return String(value.Ref);
    if ('Fn::GetAtt' in value && Array.isArray(value['Fn::GetAtt'])) {
      return value['Fn::GetAtt'].map(String).join('.');
    }
    if ('Fn::Join' in value && Array.isArray(value['Fn::Join'])) {
      const [separator, parts] = value['Fn::Join'];
      if (Array.isArray(parts)) return parts.map(flatten).join(String(separator));
    }
  }
  return JSON.stringify(value);
}

function asArray(value: Json): Json[] {
  return Array.isArray(value) ? value : [value];
}

/** The logical id of the one resource of `type` whose construct id is `constructId`. */
export function logicalId(template: Template, type: string, constructId: string): string {
  const pattern = new RegExp(`^${constructId.replaceAll('-', '')}[0-9A-F]{8}$`);
  const ids = Object.keys(template.findResources(type)).filter((id) => pattern.test(id));
  if (ids.length !== 1)
    throw new Error(`Expected one ${type} "${constructId}", found ${ids.length}`);
  return ids[0] ?? '';
}

export interface Permission {
  actions: string[];
  resources: string[];
}

/** Every Allow statement in the policies attached to a function's role, with flattened resources. */
export function permissionsOf(template: Template, functionId: string): Permission[] {
  const fn =
    template.findResources('AWS::Lambda::Function')[
      logicalId(template, 'AWS::Lambda::Function', functionId)
    ];
  const roleId = flatten(fn?.Properties?.Role).replace(/\.Arn$/, '');
  const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
    asArray(p.Properties?.Roles).some((r) => flatten(r) === roleId),
  );
  return policies.flatMap((p) =>
    asArray(p.Properties?.PolicyDocument?.Statement)
      .filter(
        (s): s is Record<string, Json> =>
          typeof s === 'object' && s !== null && 'Effect' in s && s.Effect === 'Allow',
      )
      .map((s) => ({
        actions: asArray(s.Action).map(String),
        resources: asArray(s.Resource).map(flatten),
      })),
  );
}

function glob(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*');
  return new RegExp(`^${escaped}$`, 'i');
}

/** Whether IAM would allow `action` on `resource`, wildcards in the statements included. */
export function allows(permissions: Permission[], action: string, resource: string): boolean {
  return permissions.some(
    (p) =>
      p.actions.some((a) => glob(a).test(action)) &&
      p.resources.some((r) => glob(r).test(resource)),
  );
}

/** Every action granted on resources that start with `prefix` (a logical id). */
export function actionsOn(permissions: Permission[], prefix: string): string[] {
  return [
    ...new Set(
      permissions
        .filter((p) => p.resources.some((r) => r.startsWith(prefix)))
        .flatMap((p) => p.actions),
    ),
  ].sort();
}
