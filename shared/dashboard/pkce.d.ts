export interface HostedUiAuth {
  kind?: string;
  domain?: string;
  clientId?: string;
  region?: string;
  redirectUri?: string;
  logoutUri?: string;
  scopes?: string[];
}
export function base64url(bytes: Uint8Array): string;
export function codeVerifier(random: Uint8Array, length?: number): string;
export function codeChallenge(verifier: string, subtle?: SubtleCrypto): Promise<string>;
export function hostedUiBase(auth: HostedUiAuth): string;
export function authorizeUrl(
  auth: HostedUiAuth,
  request: { state: string; challenge: string },
): string;
export function readCallback(
  search: string,
  expectedState: string | null | undefined,
): { ok: true; code: string } | { ok: false; error: string };
export function tokenRequest(
  auth: HostedUiAuth,
  exchange: { code: string; verifier: string },
): { url: string; init: { method: 'POST'; headers: Record<string, string>; body: string } };
export function logoutUrl(auth: HostedUiAuth): string;
