// Sign-in through an OAuth 2.0 hosted UI (Cognito) with the authorization-code flow and PKCE
// (RFC 7636): pure functions, so that the browser and the unit tests run the same code.

const UNRESERVED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~';

/** Base64url without padding, as RFC 7636 appendix A writes it. */
export function base64url(bytes) {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A code verifier of `length` (43 to 128) unreserved characters from `random` bytes. */
export function codeVerifier(random, length = 64) {
  if (!Number.isInteger(length) || length < 43 || length > 128) {
    throw new RangeError(`code verifier length ${length}: RFC 7636 allows 43 to 128`);
  }
  if (random.length < length) {
    throw new RangeError(`code verifier needs ${length} random bytes, got ${random.length}`);
  }
  // 66 characters: 256 is not a multiple, so bytes above the last whole round are drawn again.
  const limit = 256 - (256 % UNRESERVED.length);
  let verifier = '';
  for (const byte of random) {
    if (byte < limit) verifier += UNRESERVED[byte % UNRESERVED.length];
    if (verifier.length === length) return verifier;
  }
  throw new RangeError('code verifier: not enough usable random bytes; draw more');
}

/** The S256 code challenge of a verifier: base64url(SHA-256(ASCII(verifier))). */
export async function codeChallenge(verifier, subtle = globalThis.crypto.subtle) {
  const digest = await subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

/** The hosted UI's base URL: `https://{domain}` unless the domain already names its scheme. */
export function hostedUiBase(auth) {
  const domain = String(auth.domain ?? '').replace(/\/+$/, '');
  if (!domain) throw new Error('config.json: auth.domain is missing');
  return /^https?:\/\//.test(domain) ? domain : `https://${domain}`;
}

/** The authorize URL that starts the sign-in. */
export function authorizeUrl(auth, { state, challenge }) {
  if (!auth.clientId) throw new Error('config.json: auth.clientId is missing');
  if (!auth.redirectUri) throw new Error('config.json: auth.redirectUri is missing');
  const url = new URL(`${hostedUiBase(auth)}/oauth2/authorize`);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', auth.clientId);
  url.searchParams.set('redirect_uri', auth.redirectUri);
  url.searchParams.set('scope', (auth.scopes ?? ['openid']).join(' '));
  url.searchParams.set('state', state);
  url.searchParams.set('code_challenge', challenge);
  url.searchParams.set('code_challenge_method', 'S256');
  return url.toString();
}

/**
 * What the hosted UI sent back to the redirect URI: the code, when its state is the one this
 * browser sent; otherwise an error that says why, and no code.
 */
export function readCallback(search, expectedState) {
  const params = new URLSearchParams(search);
  const error = params.get('error');
  if (error) {
    const description = params.get('error_description');
    return {
      ok: false,
      error: `sign-in refused: ${error}${description ? ` (${description})` : ''}`,
    };
  }
  const code = params.get('code');
  if (!code) return { ok: false, error: 'sign-in answer has no code' };
  const state = params.get('state');
  if (!expectedState || state !== expectedState) {
    return { ok: false, error: 'sign-in answer has a state this browser did not send; refused' };
  }
  return { ok: true, code };
}

/** The token request that exchanges the code: URL and form body for `/oauth2/token`. */
export function tokenRequest(auth, { code, verifier }) {
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    client_id: auth.clientId,
    code,
    redirect_uri: auth.redirectUri,
    code_verifier: verifier,
  });
  return {
    url: `${hostedUiBase(auth)}/oauth2/token`,
    init: {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    },
  };
}

/** The hosted UI's sign-out URL, back to the dashboard. */
export function logoutUrl(auth) {
  const url = new URL(`${hostedUiBase(auth)}/logout`);
  url.searchParams.set('client_id', auth.clientId);
  url.searchParams.set('logout_uri', auth.logoutUri ?? auth.redirectUri);
  return url.toString();
}
