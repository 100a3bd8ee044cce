import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { localContext } from '../local/lambda-context.ts';
import type { CommandIo } from './extract-command.ts';
import { startServing } from './serve-command.ts';

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

/** `epm query PATH [key=value …]`: the query API's answer on stdout, from the local store. */
export async function runQuery(args: QueryArgs, io: CommandIo): Promise<number> {
  const serving = await startServing({ dataDir: args.dataDir });
  try {
    const { handler } = await import('../../functions/query/handler.ts');
    const result = await handler(
      queryEvent(args.path, args.params, args.format),
      localContext('query'),
    );
    const body = result.body ?? '';
    if (result.statusCode >= 400) {
      io.err(`epm: ${result.statusCode} ${JSON.parse(body).message}`);
      return 2;
    }
    io.out(args.format === 'json' ? JSON.stringify(JSON.parse(body), null, 2) : body.trimEnd());
    return 0;
  } finally {
    await serving.stop();
  }
}
