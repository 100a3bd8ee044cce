import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { claimsOf, OWNER, type Principal } from '../auth/principal.ts';
import { localContext } from '../local/lambda-context.ts';
import type { CommandIo } from './extract-command.ts';
import { askRunningServe, printAnswer, querySearch } from './serve-client.js';
import { ensureNotServed } from './serve-state.ts';

export interface QueryArgs {
  path: string;
  params: string[];
  format: 'json' | 'csv';
  dataDir: string;
  /** `--as USER`: asks as that user, through the store (a running serve answers as `local`). */
  principal?: Principal;
}

/**
 * An API Gateway event for a path and `key=value` parameters, as the HTTP API would send it for
 * a signed-in principal (the data folder's owner, with every role, unless another is given).
 */
export function queryEvent(
  path: string,
  params: string[],
  format: string,
  principal: Principal = OWNER,
  request: { method?: 'GET' | 'POST'; body?: unknown } = {},
): APIGatewayProxyEventV2 {
  const search = querySearch(params, format);
  const rawPath = path.startsWith('/') ? path : `/${path}`;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString: search.toString(),
    headers: { accept: 'application/json' },
    ...(search.size > 0 ? { queryStringParameters: Object.fromEntries(search) } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: 'local',
      domainPrefix: 'local',
      http: {
        method: request.method ?? 'GET',
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'epm',
      },
      requestId: 'local',
      routeKey: '$default',
      stage: '$default',
      time: '',
      timeEpoch: 0,
      authorizer: { jwt: { claims: claimsOf(principal), scopes: [] } },
    },
    ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
    isBase64Encoded: false,
  } as APIGatewayProxyEventV2;
}

/**
 * `epm query PATH [key=value …]`: the query API's answer on stdout. Asks the `epm serve` running
 * on the same data folder when there is one (and says so on stderr), else starts the store.
 */
export async function runQuery(args: QueryArgs, io: CommandIo): Promise<number> {
  // A running serve answers as its own user (`local`); another user asks through the store.
  if (args.principal) ensureNotServed(args.dataDir, 'query --as');
  const answered = args.principal ? undefined : await askRunningServe(args, io);
  if (answered !== undefined) return answered;
  const { startLocalRuntime } = await import('../local/runtime.ts');
  const runtime = await startLocalRuntime({
    dataDir: args.dataDir,
    renderFinalReports: false,
    logLevel: 'WARN',
  });
  try {
    const { handler } = await import('../../functions/query/handler.ts');
    const result = await handler(
      queryEvent(args.path, args.params, args.format, args.principal),
      localContext('query'),
    );
    return printAnswer(result.statusCode, result.body ?? '', args.format, io);
  } finally {
    await runtime.stop();
  }
}
