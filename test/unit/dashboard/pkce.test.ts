import { describe, expect, it } from 'vitest';
import {
  authorizeUrl,
  base64url,
  codeChallenge,
  codeVerifier,
  logoutUrl,
  readCallback,
  tokenRequest,
} from '../../../shared/dashboard/pkce.js';

const AUTH = {
  kind: 'cognito',
  domain: 'epm-test.auth.eu-north-1.amazoncognito.com',
  clientId: 'client123',
  region: 'eu-north-1',
  redirectUri: 'https://dashboard.example/',
  scopes: ['openid', 'email', 'profile'],
};

// RFC 7636 appendix B: the verifier's 32 octets, the verifier and its S256 challenge.
const RFC_OCTETS = [
  116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105,
  214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
];
const RFC_VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const RFC_CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

function bytes(n: number, seed = 7): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

describe('PKCE', () => {
  it('encodes the RFC 7636 octets as the RFC’s verifier and gives the RFC’s S256 challenge', async () => {
    const verifier = base64url(new Uint8Array(RFC_OCTETS));

    expect(verifier).toBe(RFC_VERIFIER);
    expect(await codeChallenge(verifier)).toBe(RFC_CHALLENGE);
  });

  it('makes verifiers of the asked length from unreserved characters only', () => {
    const lengths = [43, 64, 128];

    const verifiers = lengths.map((n) => codeVerifier(bytes(2 * n, n), n));

    expect(verifiers.map((v) => v.length)).toEqual(lengths);
    for (const v of verifiers) expect(v).toMatch(/^[A-Za-z0-9\-._~]+$/);
    expect(new Set(verifiers[1])).not.toHaveLength(1);
  });

  it('refuses lengths outside 43 to 128 and too few random bytes', () => {
    expect(() => codeVerifier(bytes(200), 42)).toThrow(/43 to 128/);
    expect(() => codeVerifier(bytes(200), 129)).toThrow(/43 to 128/);
    expect(() => codeVerifier(bytes(10), 43)).toThrow(/43 random bytes, got 10/);
  });

  it('builds the authorize URL with code, client, redirect, scopes, state and an S256 challenge', () => {
    const url = new URL(authorizeUrl(AUTH, { state: 'abc', challenge: RFC_CHALLENGE }));

    expect(`${url.origin}${url.pathname}`).toBe(
      'https://epm-test.auth.eu-north-1.amazoncognito.com/oauth2/authorize',
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'client123',
      redirect_uri: 'https://dashboard.example/',
      scope: 'openid email profile',
      state: 'abc',
      code_challenge: RFC_CHALLENGE,
      code_challenge_method: 'S256',
    });
    expect(() => authorizeUrl({ ...AUTH, clientId: '' }, { state: 's', challenge: 'c' })).toThrow(
      /auth.clientId/,
    );
  });

  it('takes the code only when the state is the one sent', () => {
    expect(readCallback('?code=xyz&state=abc', 'abc')).toEqual({ ok: true, code: 'xyz' });
    expect(readCallback('?code=xyz&state=evil', 'abc')).toEqual({
      ok: false,
      error: 'sign-in answer has a state this browser did not send; refused',
    });
    expect(readCallback('?code=xyz&state=abc', null).ok).toBe(false);
    expect(readCallback('?state=abc', 'abc')).toEqual({
      ok: false,
      error: 'sign-in answer has no code',
    });
    expect(readCallback('?error=access_denied&error_description=no', 'abc')).toEqual({
      ok: false,
      error: 'sign-in refused: access_denied (no)',
    });
  });

  it('exchanges the code with the verifier at /oauth2/token, and signs out at /logout', () => {
    const request = tokenRequest(AUTH, { code: 'xyz', verifier: RFC_VERIFIER });

    expect(request.url).toBe('https://epm-test.auth.eu-north-1.amazoncognito.com/oauth2/token');
    expect(Object.fromEntries(new URLSearchParams(request.init.body))).toEqual({
      grant_type: 'authorization_code',
      client_id: 'client123',
      code: 'xyz',
      redirect_uri: 'https://dashboard.example/',
      code_verifier: RFC_VERIFIER,
    });
    expect(logoutUrl(AUTH)).toBe(
      'https://epm-test.auth.eu-north-1.amazoncognito.com/logout?client_id=client123&logout_uri=https%3A%2F%2Fdashboard.example%2F',
    );
  });
});
