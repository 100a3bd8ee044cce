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
