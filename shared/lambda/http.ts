import middy from '@middy/core';
import httpRouterHandler from '@middy/http-router';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { type Row, toCsv, toXlsx } from '../api/formats.ts';
import { buildOpenApi } from '../api/openapi.ts';
import type { QueryDeps } from '../api/queries.ts';
import type { Route, RouteInput } from '../api/routes.ts';
import { authorize, routeAction } from '../auth/policy.ts';
import { principalFromEvent } from '../auth/principal.ts';
import {
  BadRequestError,
  MethodNotAllowedError,
  NotFoundError,
  PayloadTooLargeError,
  ResultTooLargeError,
  UnauthorizedError,
} from '../errors.ts';
import type * as z from '../schemas/zod.ts';

type Result = APIGatewayProxyStructuredResultV2 & {
  statusCode: number;
  headers: Record<string, string>;
};

const JSON_TYPE = 'application/json; charset=utf-8';
const CSV_TYPE = 'text/csv; charset=utf-8';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function parse<T extends z.ZodMiniType>(schema: T, value: unknown, where: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.length ? `${where}.${issue.path.join('.')}` : where;
  throw new BadRequestError(`${field}: ${issue?.message ?? 'invalid'}`);
}

function decodedParams(event: APIGatewayProxyEventV2): Record<string, string> {
  return Object.fromEntries(
    Object.entries(event.pathParameters ?? {}).map(([k, v]) => {
      try {
        return [k, decodeURIComponent(v ?? '')];
      } catch {
        throw new BadRequestError(`path ${k}: not valid URL encoding`);
      }
    }),
  );
}

/** The largest request body taken; the API's bodies are small JSON documents. */
export const MAX_BODY_BYTES = 1024 * 1024;

function bodyOf(event: APIGatewayProxyEventV2): unknown {
  if (!event.body) return {};
  const text = event.isBase64Encoded
    ? Buffer.from(event.body, 'base64').toString('utf8')
    : event.body;
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_BODY_BYTES) throw new PayloadTooLargeError(bytes, MAX_BODY_BYTES);
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequestError('body: not JSON');
  }
}

/** `format=` wins; else the Accept header; else JSON. */
function formatOf(
  event: APIGatewayProxyEventV2,
  query: Record<string, unknown>,
): 'json' | 'csv' | 'xlsx' {
  const requested = query.format;
  if (requested === 'csv' || requested === 'xlsx' || requested === 'json') return requested;
  const accept = event.headers?.accept ?? event.headers?.Accept ?? '';
  if (accept.includes('text/csv')) return 'csv';
  if (accept.includes('spreadsheetml')) return 'xlsx';
  return 'json';
}

/** The most rows one export holds; a larger one is refused with a message, never cut short. */
export const EXPORT_MAX_ROWS = 100_000;
/** Lambda answers at most 6 MB; an XLSX goes base64 (4/3 larger), so its bytes stay under this. */
export const EXPORT_MAX_BYTES = 4 * 1024 * 1024;

const NARROW =
  "Narrow the export with the route's filters (fund, region, managing authority, period, project), or page through the JSON answer with cursor.";

/** The page size exports read with: the largest `limit` the list routes take. */
const EXPORT_PAGE = 500;

function hasField(schema: Route['query'], field: string): boolean {
  return schema !== undefined && field in schema.shape;
}

function nextCursorOf(result: unknown): string | undefined {
  const next = (result as { cursor?: unknown } | null)?.cursor;
  return typeof next === 'string' && next !== '' ? next : undefined;
}

/**
 * An export is the whole result: a paged list is followed to its end, page by page, so a CSV or
 * XLSX never stops silently at the first page. Past EXPORT_MAX_ROWS it is refused, not cut.
 */
export async function wholeRows(
  route: Route & { table: NonNullable<Route['table']> },
  deps: QueryDeps,
  input: RouteInput,
  first: unknown,
  maxRows = EXPORT_MAX_ROWS,
): Promise<Row[]> {
  const rows = [...route.table.rows(first as never)];
  let cursor = nextCursorOf(first);
  const pageable = hasField(route.query, 'cursor');
  while (cursor !== undefined && pageable) {
    if (rows.length > maxRows) break;
    const page = await route.run(deps, { ...input, query: { ...input.query, cursor } });
    rows.push(...route.table.rows(page as never));
    cursor = nextCursorOf(page);
  }
  if (rows.length > maxRows) {
    throw new ResultTooLargeError(
      `export of ${route.path}`,
      `more than ${maxRows.toLocaleString('en')} rows`,
      `${maxRows.toLocaleString('en')} rows`,
      NARROW,
    );
  }
  return rows;
}

export function exportSizeChecked(path: string, bytes: number): void {
  if (bytes <= EXPORT_MAX_BYTES) return;
  throw new ResultTooLargeError(
    `export of ${path}`,
    `${(bytes / 1024 / 1024).toFixed(1)} MB`,
    `${EXPORT_MAX_BYTES / 1024 / 1024} MB`,
    NARROW,
  );
}

function json(statusCode: number, body: unknown): Result {
  return { statusCode, headers: { 'content-type': JSON_TYPE }, body: JSON.stringify(body) };
}

/** The project code a request is about: the path's `{code}`, or the audit log's `project=`. */
function projectOf(values: Record<string, unknown>, name = 'code'): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

function routeHandler(route: Route, deps: QueryDeps) {
  return async (event: APIGatewayProxyEventV2): Promise<Result> => {
    const principal = principalFromEvent(event);
    const rawQuery = event.queryStringParameters ?? {};
    const params = route.params ? parse(route.params, decodedParams(event), 'path') : {};
    const format = formatOf(event, rawQuery);
    // An export reads its list in the largest pages the API serves, unless a limit is asked for.
    const exportQuery =
      format !== 'json' &&
      route.table &&
      rawQuery.limit === undefined &&
      hasField(route.query, 'limit')
        ? { ...rawQuery, limit: String(EXPORT_PAGE) }
        : rawQuery;
    const query = route.query ? parse(route.query, exportQuery, 'query') : {};
    const body = route.body ? parse(route.body, bodyOf(event), 'body') : undefined;
    if (format !== 'json' && !route.table) {
      throw new BadRequestError(
        `format ${format}: only lists can be exported; ${route.path} answers JSON`,
      );
    }
    authorize(principal, routeAction(route.method, route.path), {
      project: projectOf(params) ?? projectOf(query, 'project'),
    });
    const result = await route.run(deps, { params, query, body, principal });
    if (format === 'json' || !route.table) return json(route.status ?? 200, result);
    const rows = await wholeRows(
      route as Route & { table: NonNullable<Route['table']> },
      deps,
      { params, query, body, principal },
      result,
    );
    const name =
      route.path
        .split('/')
        .filter((p) => p && !p.startsWith('{'))
        .join('-') || 'export';
    if (format === 'csv') {
      const csv = toCsv(route.table.columns, rows);
      exportSizeChecked(route.path, Buffer.byteLength(csv));
      return {
        statusCode: 200,
        headers: {
          'content-type': CSV_TYPE,
          'content-disposition': `attachment; filename="${name}.csv"`,
        },
        body: csv,
      };
    }
    const xlsx = await toXlsx(route.table.columns, rows, name);
    exportSizeChecked(route.path, xlsx.byteLength);
    return {
      statusCode: 200,
      headers: {
        'content-type': XLSX_TYPE,
        'content-disposition': `attachment; filename="${name}.xlsx"`,
      },
      body: Buffer.from(xlsx).toString('base64'),
      isBase64Encoded: true,
    };
  };
}

function statusOf(error: unknown): number {
  if (error instanceof BadRequestError) return 400;
  if (error instanceof PayloadTooLargeError) return 413;
  if (error instanceof MethodNotAllowedError) return 405;
  if (error instanceof UnauthorizedError) return 401;
  if (error instanceof NotFoundError) return 404;
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : 500;
}

/** Maps errors to status codes; only 4xx messages reach the caller, 5xx get a generic body. */
function errorResponse(
  error: unknown,
  log: (message: string, extra: Record<string, unknown>) => void,
): Result {
  const status = statusOf(error);
  if (status >= 500) {
    log('request failed', { error: error instanceof Error ? error.message : String(error) });
    return json(500, { error: 'InternalError', message: 'The request could not be completed.' });
  }
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  const response = json(status, {
    error: status === 404 && name === 'Error' ? 'NotFound' : name,
    message,
  });
  if (error instanceof MethodNotAllowedError) response.headers.allow = error.allow.join(', ');
  return response;
}

/** The methods the routes answer on a path, matching `{param}` segments and `{proxy+}` tails. */
function allowedMethods(routes: ReadonlyArray<{ method: string; path: string }>, path: string) {
  const methods = new Set<string>();
  for (const route of routes) {
    const pattern = route.path
      .split('/')
      .map((part) =>
        part.endsWith('+}')
          ? '.+'
          : part.startsWith('{')
            ? '[^/]+'
            : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'),
      )
      .join('/');
    if (new RegExp(`^${pattern}$`, 'u').test(path)) methods.add(route.method);
  }
  return [...methods].sort();
}

/**
 * The query API as one Lambda handler: middy router over the route table, zod-validated input,
 * JSON, CSV or XLSX out, and typed errors mapped to status codes in one place.
 */
export function createApiHandler(
  routes: Route[],
  deps: QueryDeps,
  log: (message: string, extra: Record<string, unknown>) => void,
) {
  const openApi = buildOpenApi(routes);
  const router = httpRouterHandler<APIGatewayProxyEventV2, Result>([
    ...routes.map((route) => ({
      method: route.method,
      path: route.path,
      handler: routeHandler(route, deps),
    })),
    {
      method: 'GET' as const,
      path: '/openapi.json',
      handler: async (event: APIGatewayProxyEventV2) => {
        authorize(principalFromEvent(event), routeAction('GET', '/openapi.json'));
        return json(200, openApi);
      },
    },
  ]);
  const table = [
    ...routes.map(({ method, path }) => ({ method, path })),
    { method: 'GET', path: '/openapi.json' },
  ];
  return middy<APIGatewayProxyEventV2, Result, Error, Context>()
    .onError((request) => {
      request.response = errorResponse(request.error, log);
    })
    .handler((event, context) => {
      const method = event.requestContext?.http?.method ?? 'GET';
      const allow = allowedMethods(table, event.rawPath ?? '');
      if (allow.length > 0 && !allow.includes(method)) {
        throw new MethodNotAllowedError(method, event.rawPath ?? '', allow);
      }
      return router(event, context);
    });
}
