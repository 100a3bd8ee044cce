import { timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { claimsOf, type Principal } from '../auth/principal.ts';
import { LOCAL_USER, principalOf, readUsers, userByToken } from '../auth/users.ts';
import { MAX_BODY_BYTES } from '../lambda/http.ts';
import { localContext } from './lambda-context.ts';

export type ApiHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyResultV2>;

export interface ApiServerOptions {
  handler: ApiHandler;
  /**
   * Requests to the API must carry `Authorization: Bearer <token>`: this token (the built-in
   * user `local`, a reviewer), or the token of a user of `dataDir`'s users.json.
   */
  token: string;
  /** The data folder whose users.json (`epm users add`) holds the other users. */
  dataDir?: string;
  /** Static files of the dashboard, served without the token (they hold no data). */
  dashboardDir: string;
  port?: number;
}

export interface ApiServer {
  url: string;
  close(): Promise<void>;
}

const STATIC_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.png': 'image/png',
};

const CONTEXT = localContext('query');

/** What the dashboard reads from `/config.json` locally: sign in with the token `epm serve` printed. */
const LOCAL_DASHBOARD_CONFIG = JSON.stringify({ auth: { kind: 'token' } });

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The request's body, or its size alone once past the API's limit (the rest is not kept). */
async function readBody(request: IncomingMessage): Promise<Buffer | { tooLarge: number }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk as Buffer);
  }
  return size > MAX_BODY_BYTES ? { tooLarge: size } : Buffer.concat(chunks);
}

/** The user a bearer token belongs to: `local` for the server's own token, else users.json's. */
async function principalOfToken(
  options: ApiServerOptions,
  given: string,
): Promise<Principal | undefined> {
  if (sameToken(given, options.token)) return LOCAL_USER;
  if (!options.dataDir || given === '') return undefined;
  const user = userByToken(await readUsers(options.dataDir), given);
  return user ? principalOf(user) : undefined;
}

/**
 * An HTTP API Gateway (payload 2.0) event from a Node request; with a principal, its claims are
 * where API Gateway's JWT authorizer puts a signed-in user's.
 */
export function toApiEvent(
  request: IncomingMessage,
  url: URL,
  body: Buffer,
  principal?: Principal,
): APIGatewayProxyEventV2 {
  const headers = Object.fromEntries(
    Object.entries(request.headers).map(([k, v]) => [
      k.toLowerCase(),
      Array.isArray(v) ? v.join(',') : (v ?? ''),
    ]),
  );
  const query = Object.fromEntries(url.searchParams.entries());
  const method = request.method ?? 'GET';
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.searchParams.toString(),
    headers,
    ...(url.searchParams.size > 0 ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: url.host,
      domainPrefix: 'local',
      http: {
        method,
        path: url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: request.socket.remoteAddress ?? '',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: 'local',
      routeKey: '$default',
      stage: '$default',
      time: '',
      timeEpoch: 0,
      ...(principal ? { authorizer: { jwt: { claims: claimsOf(principal), scopes: [] } } } : {}),
    },
    ...(body.length > 0
      ? { body: body.toString('base64'), isBase64Encoded: true }
      : { isBase64Encoded: false }),
  };
}

function send(
  response: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string | Buffer,
) {
  response.writeHead(status, { 'cache-control': 'no-store', ...headers });
  response.end(body);
}

async function serveStatic(dir: string, path: string, response: ServerResponse): Promise<boolean> {
  const file = path === '/' ? '/index.html' : path;
  const type = STATIC_TYPES[extname(file)];
  if (!type) return false;
  const full = normalize(join(dir, file));
  if (!full.startsWith(normalize(dir))) return false;
  const content = await readFile(full).catch(() => undefined);
  if (!content) return false;
  send(response, 200, { 'content-type': type }, content);
  return true;
}

/**
 * The query Lambda handler behind a local HTTP server: loopback only, with a bearer token, and
 * the dashboard's static files beside it.
 */
export function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const server: Server = createServer((request, response) => {
    void (async () => {
      if (!isLoopback(request.socket.remoteAddress)) {
        return send(response, 403, { 'content-type': 'text/plain' }, 'loopback only');
      }
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      if (
        request.method === 'GET' &&
        (await serveStatic(options.dashboardDir, url.pathname, response))
      )
        return;
      // The dashboard's configuration: on AWS the stack writes it; here the token is the sign-in.
      if (request.method === 'GET' && url.pathname === '/config.json') {
        return send(
          response,
          200,
          { 'content-type': 'application/json; charset=utf-8' },
          LOCAL_DASHBOARD_CONFIG,
        );
      }
      const auth = request.headers.authorization ?? '';
      const given = auth.startsWith('Bearer ') ? auth.slice(7) : '';
      const principal = await principalOfToken(options, given);
      if (!principal) {
        return send(
          response,
          401,
          { 'content-type': 'application/json; charset=utf-8', 'www-authenticate': 'Bearer' },
          JSON.stringify({ error: 'Unauthorized', message: 'Missing or wrong access token' }),
        );
      }
      const body = await readBody(request);
      if (!Buffer.isBuffer(body)) {
        return send(
          response,
          413,
          { 'content-type': 'application/json; charset=utf-8' },
          JSON.stringify({
            error: 'PayloadTooLargeError',
            message: `body: ${body.tooLarge} bytes; the limit is ${MAX_BODY_BYTES} bytes`,
          }),
        );
      }
      const result = await options.handler(toApiEvent(request, url, body, principal), CONTEXT);
      if (typeof result === 'string')
        return send(response, 200, { 'content-type': 'application/json' }, result);
      const payload = result.isBase64Encoded
        ? Buffer.from(result.body ?? '', 'base64')
        : (result.body ?? '');
      const headers = Object.fromEntries(
        Object.entries(result.headers ?? {}).map(([k, v]) => [k, String(v)]),
      );
      send(response, result.statusCode ?? 200, headers, payload);
    })().catch(() => {
      send(
        response,
        500,
        { 'content-type': 'application/json; charset=utf-8' },
        JSON.stringify({ error: 'InternalError', message: 'The request could not be completed.' }),
      );
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
