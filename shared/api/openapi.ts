import * as z from '../schemas/zod.ts';
import type { Route } from './routes.ts';
import { ErrorSchema } from './schemas.ts';

type JsonSchema = Record<string, unknown>;

function schemaOf(schema: z.ZodMiniType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
  }) as JsonSchema;
  return rest;
}

function parametersOf(schema: z.ZodMiniObject | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  const json = schemaOf(schema, 'input') as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: property,
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
  }));
}

const ERROR_RESPONSE = {
  content: { 'application/json': { schema: schemaOf(ErrorSchema, 'output') } },
};

/** What a route's summary cannot say: how it reads and its limits. */
const ROUTE_NOTES: Record<string, string> = {
  '/indicators/{path}': [
    'Answered from the aggregates the table stream keeps, one item per field, grouping and group:',
    'the cost grows with the groups, not the projects. Sums are exact (kept in millionths) and',
    'given to the cent. Without filters, `groupBy` pages through the groups, `limit` (default 100)',
    'at a time: pass `cursor` back for the next page; a single page lists groups by name. One',
    'filter without `groupBy` is read from the aggregate of that group. Filters with `groupBy` are',
    'worked out from the values themselves, at most 20,000 of them: above that the answer is a 400',
    'that says to use one filter or `groupBy` alone. `contributions` is empty unless',
    '`contributions=true`: then the answer is one group (`group`, needed with `groupBy`) and one',
    'page of the values behind its figures, each with its report version and source line.',
  ].join(' '),
};

/** The OpenAPI 3.1 document of the query API, generated from the same zod schemas it validates with. */
export function buildOpenApi(routes: Route[]): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const content: Record<string, unknown> = {
      'application/json': { schema: schemaOf(route.response, 'output') },
    };
    if (route.table) {
      content['text/csv'] = { schema: { type: 'string' } };
      content['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'] = {
        schema: { type: 'string', contentEncoding: 'base64' },
      };
    }
    paths[route.path] = {
      ...paths[route.path],
      [route.method.toLowerCase()]: {
        summary: route.summary,
        ...(ROUTE_NOTES[route.path] ? { description: ROUTE_NOTES[route.path] } : {}),
        parameters: [...parametersOf(route.params, 'path'), ...parametersOf(route.query, 'query')],
        ...(route.body
          ? {
              requestBody: {
                required: true,
                content: { 'application/json': { schema: schemaOf(route.body, 'input') } },
              },
            }
          : {}),
        responses: {
          [String(route.status ?? 200)]: { description: route.summary, content },
          '400': { description: 'Invalid parameters', ...ERROR_RESPONSE },
          '404': { description: 'Unknown id', ...ERROR_RESPONSE },
        },
        security: [{ sigv4: [] }],
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'eu-project-monitor query API',
      version: '1.0.0',
      description:
        'Indicators of EU-funded projects, each traceable to the source line it was read from.',
    },
    paths,
    components: {
      securitySchemes: {
        sigv4: {
          type: 'apiKey',
          name: 'Authorization',
          in: 'header',
          description: 'AWS Signature Version 4 (IAM)',
        },
      },
    },
  };
}
