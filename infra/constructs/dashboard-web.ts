import { Duration } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import type { Construct } from 'constructs';
import { SIGN_IN_SCOPES } from './sign-in.ts';

/**
 * Where CloudFront serves the people's API on the dashboard's own origin: the dashboard calls
 * `https://<dashboard>/api/…`, so it needs no CORS and its CSP connects to 'self' only.
 */
export const API_PATH = '/api';

/** The dashboard's Content-Security-Policy: its own files, its own origin and the hosted UI. */
export function dashboardCsp(hostedUiUrl: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${hostedUiUrl}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    `form-action 'self' ${hostedUiUrl}`,
  ].join('; ');
}

/**
 * The security headers of every dashboard response: the CSP above, two years of HSTS, nosniff,
 * no referrer and no framing. They override whatever the origin sends.
 */
export function dashboardHeadersPolicy(
  scope: Construct,
  id: string,
  hostedUiUrl: string,
): cloudfront.ResponseHeadersPolicy {
  return new cloudfront.ResponseHeadersPolicy(scope, id, {
    comment: 'Dashboard: strict CSP, HSTS, nosniff, no referrer, no framing',
    securityHeadersBehavior: {
      contentSecurityPolicy: { contentSecurityPolicy: dashboardCsp(hostedUiUrl), override: true },
      strictTransportSecurity: {
        accessControlMaxAge: Duration.days(730),
        includeSubdomains: true,
        override: true,
      },
      contentTypeOptions: { override: true },
      referrerPolicy: {
        referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER,
        override: true,
      },
      frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
    },
  });
}

/** Strips `/api` before the request goes to API Gateway, whose routes start at `/`. */
export const STRIP_API_PATH = `function handler(event) {
  var request = event.request;
  request.uri = request.uri.replace(/^\\${API_PATH}(?=\\/|$)/, '') || '/';
  return request;
}`;

export interface DashboardConfigInput {
  dashboardUrl: string;
  hostedUiUrl: string;
  clientId: string;
  region: string;
}

/** `/config.json`, which the dashboard reads at start: where the API is and how to sign in. */
export function dashboardConfig({
  dashboardUrl,
  hostedUiUrl,
  clientId,
  region,
}: DashboardConfigInput) {
  return {
    apiUrl: `${dashboardUrl}${API_PATH}`,
    auth: {
      kind: 'cognito',
      domain: hostedUiUrl,
      clientId,
      region,
      redirectUri: `${dashboardUrl}/`,
      logoutUri: `${dashboardUrl}/`,
      scopes: [...SIGN_IN_SCOPES],
    },
  };
}
