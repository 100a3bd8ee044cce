import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { domainPrefixProblem, ROLE_GROUPS } from '../../infra/constructs/sign-in.ts';
import { ROLES } from '../../shared/auth/principal.ts';
import { logicalId, synthTemplate } from '../helpers/infra.ts';

let template: Template;
beforeAll(() => {
  template = synthTemplate();
});

const ref = (type: string, id: string) => ({ Ref: logicalId(template, type, id) });
const only = (type: string) => {
  const resources = Object.values(template.findResources(type));
  expect(resources, type).toHaveLength(1);
  return resources[0]?.Properties;
};
const distributionDomain = () => ({
  'Fn::GetAtt': [
    logicalId(template, 'AWS::CloudFront::Distribution', 'dashboard-cdn'),
    'DomainName',
  ],
});

describe('MonitorStack sign-in (Cognito)', () => {
  it('creates one user pool: no self sign-up, strong passwords, TOTP MFA required, threat protection, kept', () => {
    template.resourceCountIs('AWS::Cognito::UserPool', 1);
    template.hasResource('AWS::Cognito::UserPool', {
      Properties: Match.objectLike({
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        MfaConfiguration: 'ON',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        Policies: {
          PasswordPolicy: Match.objectLike({
            MinimumLength: 14,
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
          }),
        },
        UserPoolTier: 'PLUS',
        UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
        DeletionProtection: 'ACTIVE',
      }),
      DeletionPolicy: 'Retain',
    });
  });

  it('has a mutable custom attribute "projects" for the project codes', () => {
    expect(only('AWS::Cognito::UserPool')?.Schema).toContainEqual({
      AttributeDataType: 'String',
      Mutable: true,
      Name: 'projects',
      StringAttributeConstraints: { MaxLength: '2048' },
    });
  });

  it('creates one group per role in the pool, and no other', () => {
    const groups = Object.values(template.findResources('AWS::Cognito::UserPoolGroup'));

    expect(groups.map((g) => g.Properties.GroupName).sort()).toEqual(
      ['auditor', 'operator', 'project-manager', 'reviewer'].sort(),
    );
    // The roles the API's policy knows (shared/auth), one group each.
    expect(groups.map((g) => g.Properties.GroupName).sort()).toEqual([...ROLES].sort());
    expect(Object.keys(ROLE_GROUPS)).toHaveLength(groups.length);
    for (const group of groups) {
      expect(group.Properties.UserPoolId).toEqual(
        ref('AWS::Cognito::UserPool', 'sign-in-user-pool'),
      );
    }
  });

  it('gives the hosted UI a domain prefix from context, epm-<account> by default', () => {
    expect(only('AWS::Cognito::UserPoolDomain')?.Domain).toEqual({
      'Fn::Join': ['', ['epm-', { Ref: 'AWS::AccountId' }]],
    });
    synthTemplate({
      context: { signInDomainPrefix: 'seuranta-keski-suomi' },
    }).hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'seuranta-keski-suomi' });
  });

  it('refuses a domain prefix Cognito would refuse, naming the parameter', () => {
    expect(domainPrefixProblem('epm-monitor')).toBeUndefined();
    expect(domainPrefixProblem('my-cognito-login')).toMatch(/cognito/);
    expect(domainPrefixProblem('Upper')).toMatch(/lower-case/);
    expect(domainPrefixProblem('-edge')).toMatch(/hyphen/);
    expect(() => synthTemplate({ context: { signInDomainPrefix: 'aws-login' } })).toThrow(
      /signInDomainPrefix: must not contain "aws"/,
    );
  });

  it('gives the dashboard a public client: code grant with PKCE only, no secret, no password flows', () => {
    const client = only('AWS::Cognito::UserPoolClient');

    expect(client).toMatchObject({
      UserPoolId: ref('AWS::Cognito::UserPool', 'sign-in-user-pool'),
      GenerateSecret: false,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      SupportedIdentityProviders: ['COGNITO'],
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
    });
  });

  it('sends people back to the dashboard only, after sign-in and sign-out', () => {
    const client = only('AWS::Cognito::UserPoolClient');
    const dashboard = { 'Fn::Join': ['', ['https://', distributionDomain(), '/']] };

    expect(client?.CallbackURLs).toEqual([dashboard]);
    expect(client?.LogoutURLs).toEqual([dashboard]);
  });

  it('issues short-lived tokens and lets nobody write their own attributes (projects included)', () => {
    const client = only('AWS::Cognito::UserPoolClient');

    expect(client).toMatchObject({
      IdTokenValidity: 15,
      AccessTokenValidity: 15,
      RefreshTokenValidity: 480,
      TokenValidityUnits: { IdToken: 'minutes', AccessToken: 'minutes', RefreshToken: 'minutes' },
      WriteAttributes: [],
    });
    expect(client?.ReadAttributes).toContain('custom:projects');
  });
});

describe('MonitorStack APIs: people with JWT, machines with IAM', () => {
  it('checks Cognito tokens of the pool, for the dashboard client, on the people API', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      ApiId: ref('AWS::ApiGatewayV2::Api', 'people-api'),
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Issuer: {
          'Fn::GetAtt': [
            logicalId(template, 'AWS::Cognito::UserPool', 'sign-in-user-pool'),
            'ProviderURL',
          ],
        },
        Audience: [ref('AWS::Cognito::UserPoolClient', 'sign-in-user-pool-dashboard-client')],
      },
    });
  });

  it('puts the JWT authorizer on every people route and IAM on every machine route', () => {
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map(
      (r) => r.Properties,
    );
    const people = routes.filter(
      (r) => r.ApiId.Ref === logicalId(template, 'AWS::ApiGatewayV2::Api', 'people-api'),
    );
    const machines = routes.filter(
      (r) => r.ApiId.Ref === logicalId(template, 'AWS::ApiGatewayV2::Api', 'query-api'),
    );

    expect(people.length + machines.length).toBe(routes.length);
    expect(people.map((r) => r.RouteKey)).toEqual(['ANY /{proxy+}']);
    for (const route of people) {
      expect(route).toMatchObject({
        AuthorizationType: 'JWT',
        AuthorizerId: ref('AWS::ApiGatewayV2::Authorizer', 'people-api-people-jwt'),
      });
    }
    // An IAM caller reads as an auditor (MACHINE_ROLES in shared/auth): the machine API is GET only.
    expect(machines.map((r) => r.RouteKey)).toEqual(['GET /{proxy+}']);
    for (const route of machines) expect(route.AuthorizationType).toBe('AWS_IAM');
  });

  it('runs both APIs on the one query function, and logs each', () => {
    const query = logicalId(template, 'AWS::Lambda::Function', 'query');
    const integrations = Object.values(template.findResources('AWS::ApiGatewayV2::Integration'));

    expect(integrations).toHaveLength(2);
    for (const integration of integrations) {
      expect(JSON.stringify(integration.Properties.IntegrationUri)).toContain(query);
    }
    for (const [api, logs] of [
      ['people-api', 'people-api-access-logs'],
      ['query-api', 'api-access-logs'],
    ]) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        ApiId: ref('AWS::ApiGatewayV2::Api', api ?? ''),
        StageName: '$default',
        AccessLogSettings: Match.objectLike({
          DestinationArn: {
            'Fn::GetAtt': [logicalId(template, 'AWS::Logs::LogGroup', logs ?? ''), 'Arn'],
          },
        }),
      });
    }
  });
});
