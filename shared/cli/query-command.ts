import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { localContext } from '../local/lambda-context.ts';
import type { CommandIo } from './extract-command.ts';
import { askServe, findServe, serveStatePath } from './serve-state.ts';

export interface QueryArgs {
  path: string;
  params: string[];
  format: 'json' | 'csv';
  dataDir: string;
}

/** An API Gateway event for a path and `key=value` parameters, as the HTTP API would send it. */
export function queryEvent(path: string, params: string[], format: string): APIGatewayProxyEventV2 {
  const search = new URLSearchParams(params.map((p) => p.split(/=(.*)/s, 2) as [string, string]));
  if (format !== 'json') search.set('format', format);
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
        method: 'GET',
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
    },
    isBase64Encoded: false,
  };
}

function printAnswer(
  status: number,
  body: string,
  format: QueryArgs['format'],
  io: CommandIo,
): number {
  if (status >= 400) {
    let message = body.trim();
    try {
      message = String((JSON.parse(body) as { message?: unknown }).message ?? message);
    } catch {
      // Not JSON: the body is the message.
    }
    io.err(`epm: ${status} ${message}`);
    return 2;
  }
  io.out(format === 'json' ? JSON.stringify(JSON.parse(body), null, 2) : body.trimEnd());
  return 0;
}

/** The answer of the `epm serve` running on this data folder; undefined when none answers. */
async function askRunningServe(args: QueryArgs, io: CommandIo): Promise<number | undefined> {
  const serve = findServe(args.dataDir);
  if (!serve) return undefined;
  const event = queryEvent(args.path, args.params, args.format);
  const url = new URL(event.rawPath, serve.url);
  url.search = event.rawQueryString;
  const answer = await askServe(serve, `${url.pathname}${url.search}`);
  if (!answer) return undefined;
  if (answer.status === 401) {
    io.err(
      `epm: the epm serve on ${serve.url} (pid ${serve.pid}) refused the token in ${serveStatePath(args.dataDir)}; restart epm serve, or stop it to query the store directly`,
    );
    return 2;
  }
  io.err(`epm: asked the running epm serve on ${serve.url} (pid ${serve.pid})`);
  return printAnswer(answer.status, answer.body, args.format, io);
}

/**
 * `epm query PATH [key=value …]`: the query API's answer on stdout. Asks the `epm serve` running
 * on the same data folder when there is one (and says so on stderr), else starts the store.
 */
export async function runQuery(args: QueryArgs, io: CommandIo): Promise<number> {
  const answered = await askRunningServe(args, io);
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
      queryEvent(args.path, args.params, args.format),
      localContext('query'),
    );
    return printAnswer(result.statusCode, result.body ?? '', args.format, io);
  } finally {
    await runtime.stop();
  }
}
