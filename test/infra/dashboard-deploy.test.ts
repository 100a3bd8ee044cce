import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { dashboardCsp, STRIP_API_PATH } from '../../infra/constructs/dashboard-web.ts';
import { buildStack, flatten, logicalId } from '../helpers/infra.ts';

let template: Template;
let assemblyDir: string;
beforeAll(() => {
  const { app, stack } = buildStack();
  assemblyDir = app.synth().directory;
  template = Template.fromStack(stack);
});

const ids = () => ({
  distribution: logicalId(template, 'AWS::CloudFront::Distribution', 'dashboard-cdn'),
  peopleApi: logicalId(template, 'AWS::ApiGatewayV2::Api', 'people-api'),
  client: logicalId(template, 'AWS::Cognito::UserPoolClient', 'sign-in-user-pool-dashboard-client'),
  headers: logicalId(template, 'AWS::CloudFront::ResponseHeadersPolicy', 'dashboard-headers'),
});
const distributionConfig = () =>
  template.findResources('AWS::CloudFront::Distribution')[ids().distribution]?.Properties
    .DistributionConfig;
const apiBehavior = () =>
  (distributionConfig().CacheBehaviors as { PathPattern: string }[]).find(
    (b) => b.PathPattern === '/api/*',
  );

/** A file of the dashboard deployment as it lands in the bucket, references flattened. */
function deployedFile(name: string): string {
  const deployment = Object.values(template.findResources('Custom::CDKBucketDeployment'))[0];
  const { SourceObjectKeys: keys, SourceMarkers: markers } = deployment?.Properties ?? {};
  for (const [index, key] of (keys as string[]).entries()) {
    const file = join(assemblyDir, `asset.${key.replace(/\.zip$/, '')}`, name);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const [marker, value] of Object.entries(markers[index] as Record<string, unknown>)) {
      text = text.replaceAll(marker, flatten(value));
    }
    return text;
  }
  throw new Error(`${name} is in no source of the dashboard deployment`);
}

describe('MonitorStack deployed dashboard', () => {
  it('writes /config.json with the API on its own origin and the Cognito sign-in', () => {
    const { distribution, client } = ids();
    const dashboard = `https://${distribution}.DomainName`;
    const hostedUi = 'https://epm-AWS::AccountId.auth.AWS::Region.amazoncognito.com';

    expect(JSON.parse(deployedFile('config.json'))).toEqual({
      apiUrl: `${dashboard}/api`,
      auth: {
        kind: 'cognito',
        domain: hostedUi,
        clientId: client,
        region: 'AWS::Region',
        redirectUri: `${dashboard}/`,
        logoutUri: `${dashboard}/`,
        scopes: ['openid', 'email', 'profile'],
      },
    });
  });

  it('deploys the dashboard files beside it, without TypeScript sources, revalidated on each load', () => {
    expect(deployedFile('index.html')).toContain('<script src="app.js"');
    expect(() => deployedFile('build-labels.ts')).toThrow(/no source/);
    template.hasResourceProperties('Custom::CDKBucketDeployment', {
      DestinationBucketName: { Ref: logicalId(template, 'AWS::S3::Bucket', 'dashboard') },
      SystemMetadata: { 'cache-control': 'no-cache' },
    });
  });

  it('deploys pages the CSP lets run: no inline script, style or handler, no eval', () => {
    const html = deployedFile('index.html');
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);

    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toMatch(/\ssrc="[^"]+"/);
    expect(html).not.toMatch(/<style\b|\sstyle="|\son[a-z]+="|javascript:/i);
    for (const file of ['app.js', 'pkce.js']) {
      expect(deployedFile(file), file).not.toMatch(/\beval\(|new Function\(|\sstyle="/);
    }
  });

  it('serves the people API on the dashboard origin under /api, HTTPS to API Gateway', () => {
    const { peopleApi } = ids();
    const behavior = apiBehavior();
    const origin = (distributionConfig().Origins as { Id: string }[]).find(
      (o) => o.Id === (behavior as { TargetOriginId?: string } | undefined)?.TargetOriginId,
    );

    expect(behavior).toMatchObject({
      ViewerProtocolPolicy: 'https-only',
      AllowedMethods: expect.arrayContaining(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
      FunctionAssociations: [expect.objectContaining({ EventType: 'viewer-request' })],
    });
    expect(flatten((origin as { DomainName?: unknown }).DomainName)).toBe(
      `${peopleApi}.execute-api.AWS::Region.AWS::URLSuffix`,
    );
    expect(origin).toMatchObject({
      CustomOriginConfig: { OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] },
    });
  });

  it("forwards each person's token and never serves one person's answer to another", () => {
    const policy = Object.values(template.findResources('AWS::CloudFront::CachePolicy'))[0]
      ?.Properties.CachePolicyConfig;

    expect((apiBehavior() as { CachePolicyId?: unknown } | undefined)?.CachePolicyId).toEqual({
      Ref: logicalId(template, 'AWS::CloudFront::CachePolicy', 'people-api-cache'),
    });
    expect(policy).toMatchObject({
      DefaultTTL: 0,
      MinTTL: 0,
      MaxTTL: 1,
      ParametersInCacheKeyAndForwardedToOrigin: {
        HeadersConfig: { HeaderBehavior: 'whitelist', Headers: ['Authorization'] },
        QueryStringsConfig: { QueryStringBehavior: 'all' },
        CookiesConfig: { CookieBehavior: 'none' },
      },
    });
  });

  it('strips /api before API Gateway, whose routes start at /', () => {
    const handler = new Function(`${STRIP_API_PATH}; return handler;`)() as (event: {
      request: { uri: string };
    }) => { uri: string };
    const uri = (path: string) => handler({ request: { uri: path } }).uri;

    expect(uri('/api/projects/A77892/reports')).toBe('/projects/A77892/reports');
    expect(uri('/api')).toBe('/');
    expect(uri('/api/')).toBe('/');
    expect(uri('/apidocs')).toBe('/apidocs');
    template.hasResourceProperties('AWS::CloudFront::Function', {
      FunctionCode: STRIP_API_PATH,
    });
  });

  it('allows no cross-origin calls: neither API has CORS, the dashboard calls its own origin', () => {
    for (const api of Object.values(template.findResources('AWS::ApiGatewayV2::Api'))) {
      expect(api.Properties.CorsConfiguration).toBeUndefined();
    }
  });

  it('lets the people API invoke the query function', () => {
    const permissions = Object.values(template.findResources('AWS::Lambda::Permission'))
      .map((p) => p.Properties)
      .filter((p) => flatten(p.SourceArn).includes(ids().peopleApi));

    expect(permissions).toHaveLength(1);
    expect(permissions[0]?.FunctionName).toEqual({
      'Fn::GetAtt': [logicalId(template, 'AWS::Lambda::Function', 'query'), 'Arn'],
    });
  });
});

describe('MonitorStack dashboard headers', () => {
  it('sends a strict Content-Security-Policy that names the hosted UI only', () => {
    const config = template.findResources('AWS::CloudFront::ResponseHeadersPolicy')[ids().headers]
      ?.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    const hostedUi = 'https://epm-AWS::AccountId.auth.AWS::Region.amazoncognito.com';
    const csp = flatten(config.ContentSecurityPolicy.ContentSecurityPolicy);

    expect(csp).toBe(dashboardCsp(hostedUi));
    expect(csp).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
        `connect-src 'self' ${hostedUi}; frame-ancestors 'none'; base-uri 'none'; ` +
        `form-action 'self' ${hostedUi}`,
    );
    expect(config.ContentSecurityPolicy.Override).toBe(true);
  });

  it('adds HSTS, nosniff, no referrer and no framing, on the pages and on the API', () => {
    const config = template.findResources('AWS::CloudFront::ResponseHeadersPolicy')[ids().headers]
      ?.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;

    expect(config).toMatchObject({
      StrictTransportSecurity: {
        AccessControlMaxAgeSec: 63_072_000,
        IncludeSubdomains: true,
        Override: true,
      },
      ContentTypeOptions: { Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
      FrameOptions: { FrameOption: 'DENY', Override: true },
    });
    const policy = { Ref: ids().headers };
    expect(distributionConfig().DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual(policy);
    expect(
      (apiBehavior() as { ResponseHeadersPolicyId?: unknown } | undefined)?.ResponseHeadersPolicyId,
    ).toEqual(policy);
  });

  it('names a custom hosted-UI domain prefix in the CSP', () => {
    const custom = synthCsp('seuranta-keski-suomi');

    expect(custom).toContain(
      "connect-src 'self' https://seuranta-keski-suomi.auth.AWS::Region.amazoncognito.com;",
    );
  });
});

function synthCsp(prefix: string): string {
  const { stack } = buildStack({ context: { signInDomainPrefix: prefix } });
  const policy = Object.values(
    Template.fromStack(stack).findResources('AWS::CloudFront::ResponseHeadersPolicy'),
  )[0];
  return flatten(
    policy?.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy
      .ContentSecurityPolicy,
  );
}
