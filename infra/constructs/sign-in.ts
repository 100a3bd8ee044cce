import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import type { Role } from '../../shared/auth/principal.ts';

/** One Cognito group per role; `cognito:groups` in the ID token names a person's roles. */
export const ROLE_GROUPS: Record<Role, string> = {
  'project-manager': 'Uploads, and sees and corrects the reports of their own projects',
  reviewer: 'Managing authority: reviews, corrects and approves reports',
  auditor: 'Reads everything, the history included; changes nothing',
  operator: 'Redrive, re-extract and reconcile; sees no personal data',
};

/** The project codes a project manager answers for, comma-separated: `custom:projects`. */
export const PROJECTS_ATTRIBUTE = 'projects';

export const SIGN_IN_SCOPES = ['openid', 'email', 'profile'] as const;

/** Short-lived tokens: a stolen one is worth little; the refresh token lasts a working day. */
export const TOKEN_VALIDITY = {
  idToken: Duration.minutes(15),
  accessToken: Duration.minutes(15),
  refreshToken: Duration.hours(8),
} as const;

/** Cognito refuses these words in a hosted-UI domain prefix. */
const RESERVED_PREFIX_WORDS = ['aws', 'amazon', 'cognito'];

/** Why a hosted-UI domain prefix would be refused, or undefined when it is fine. */
export function domainPrefixProblem(prefix: string): string | undefined {
  if (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(prefix)) {
    return 'must be 1 to 63 lower-case letters, digits or hyphens, not starting or ending with a hyphen';
  }
  const reserved = RESERVED_PREFIX_WORDS.find((word) => prefix.includes(word));
  return reserved ? `must not contain "${reserved}"` : undefined;
}

/** The hosted UI's origin for a domain prefix. */
export function hostedUiUrl(domainPrefix: string, region: string): string {
  return `https://${domainPrefix}.auth.${region}.amazoncognito.com`;
}

export interface SignInProps {
  /** The hosted UI's domain prefix, unique in its region (see `domainPrefixProblem`). */
  readonly domainPrefix: string;
  /** Where the hosted UI sends people back after sign-in and sign-out: the dashboard's page. */
  readonly redirectUrl: string;
}

/**
 * Sign-in for people: a Cognito user pool and the dashboard's hosted-UI client.
 *
 * Defaults:
 * - no self sign-up: an administrator creates each user and puts them in a role group;
 * - passwords of 14+ characters with every character class; TOTP MFA required, no SMS;
 * - Plus feature plan with threat protection enforced (compromised credentials, adaptive sign-in);
 * - e-mail account recovery; deletion protection on, kept when the stack is deleted;
 * - a mutable `custom:projects` attribute that only administrators write;
 * - the dashboard client: authorization-code grant with PKCE, no secret, no password flows
 *   (refresh only), scopes openid/email/profile, 15-minute ID and access tokens, 8-hour refresh
 *   tokens, revocation on, and no user-writable attributes (nobody adds projects to their own
 *   token). `custom:projects` and `cognito:groups` are in the ID token, which the API expects.
 */
export class SignIn extends Construct {
  readonly userPool: cognito.UserPool;
  readonly dashboardClient: cognito.UserPoolClient;
  /** The hosted UI's origin, `https://<prefix>.auth.<region>.amazoncognito.com`. */
  readonly hostedUiUrl: string;
  /** The token issuer a JWT authorizer checks. */
  readonly issuerUrl: string;

  constructor(scope: Construct, id: string, props: SignInProps) {
    super(scope, id);
    const { domainPrefix } = props;

    this.userPool = new cognito.UserPool(this, 'user-pool', {
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      standardAttributes: { email: { required: true, mutable: true } },
      customAttributes: {
        [PROJECTS_ATTRIBUTE]: new cognito.StringAttribute({ mutable: true, maxLen: 2048 }),
      },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Object.entries(ROLE_GROUPS).forEach(([groupName, description], precedence) => {
      this.userPool.addGroup(`${groupName}-group`, { groupName, description, precedence });
    });
    this.userPool.addDomain('hosted-ui', { cognitoDomain: { domainPrefix } });
    this.hostedUiUrl = hostedUiUrl(domainPrefix, Stack.of(this).region);
    this.issuerUrl = this.userPool.userPoolProviderUrl;

    this.dashboardClient = this.userPool.addClient('dashboard-client', {
      userPoolClientName: 'dashboard',
      generateSecret: false,
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [props.redirectUrl],
        logoutUrls: [props.redirectUrl],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: TOKEN_VALIDITY.idToken,
      accessTokenValidity: TOKEN_VALIDITY.accessToken,
      refreshTokenValidity: TOKEN_VALIDITY.refreshToken,
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, preferredUsername: true })
        .withCustomAttributes(PROJECTS_ATTRIBUTE),
      writeAttributes: new cognito.ClientAttributes(),
    });
    // Refresh only: people sign in through the hosted UI, never with a password sent to the API.
    const client = this.dashboardClient.node.defaultChild;
    if (client instanceof cognito.CfnUserPoolClient) {
      client.explicitAuthFlows = ['ALLOW_REFRESH_TOKEN_AUTH'];
    }
  }
}
