import { z } from 'zod';
import { FIELD_ISSUE_CODES } from '../core/errors.ts';
import { MANUS_VERSION } from '../version.ts';
import type { RouteDef } from './route.ts';

/** Requests are described as clients send them (`input`), responses as the server sends them (`output`). */
const toJsonSchema = (schema: z.ZodType, io: 'input' | 'output' = 'input'): unknown =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any' });

/** OpenAPI 3.1 generated from the route declarations, so the document cannot drift from the server. */
export function buildOpenApi(routes: readonly RouteDef[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.url.replace(/:([A-Za-z]+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const [where, schema] of [
      ['path', route.params],
      ['query', route.query],
    ] as const) {
      if (!schema) continue;
      const json = toJsonSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, property] of Object.entries(json.properties ?? {})) {
        parameters.push({
          name,
          in: where,
          required: where === 'path' || (json.required ?? []).includes(name),
          schema: property,
        });
      }
    }
    const status = String(route.status ?? 200);
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = {
      summary: route.summary,
      tags: [route.tag],
      'x-manus-permission': route.access,
      ...(route.access === 'public' ? { security: [] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: toJsonSchema(route.body) } },
            },
          }
        : {}),
      responses: {
        [status]: {
          description: status === '204' ? 'No content' : 'Success',
          ...(route.response
            ? { content: { 'application/json': { schema: toJsonSchema(route.response, 'output') } } }
            : {}),
        },
        default: {
          description: 'Error',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Manus API', version: MANUS_VERSION },
    security: [{ session: [] }],
    paths,
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'manus_session' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message', 'fields'],
              properties: {
                code: { type: 'string' },
                message: { type: 'string' },
                fields: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['path', 'code', 'message'],
                    properties: {
                      path: { type: 'string' },
                      code: { type: 'string', enum: [...FIELD_ISSUE_CODES] },
                      message: { type: 'string' },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  };
}
