// The OpenAPI 3.1 document, generated from the routes' own schemas (collected as routes are
// added), so the validation, the serialisation and the documentation cannot drift apart.
import type { RouteOptions } from 'fastify';
import { namedSchemas } from './schemas.js';
import type { Access } from './access.js';

export interface RouteDocs {
  /** Problem statuses the route may answer besides 400 (and 401/403 when it needs a token). */
  problems?: number[];
  /** Request body media type when it is not JSON, e.g. application/zip. */
  requestMediaType?: string;
}

interface CollectedRoute {
  method: string;
  url: string;
  access: Access;
  schema: Record<string, unknown>;
  docs: RouteDocs;
}

const problemDescriptions: Record<number, string> = {
  400: 'Invalid request (malformed JSON, unknown parameter or field)',
  401: 'No valid bearer token',
  403: "The token's user lacks the role needed",
  404: 'Not found',
  408: 'The request did not arrive in time',
  409: 'Conflict',
  413: 'Body too large',
  414: 'A path segment longer than any name or key',
  415: 'Unsupported media type',
  422: 'Package refused',
  429: 'Too many attempts',
  431: 'URL and headers too large',
  500: "Internal error (the environment's log has the details)",
  503: 'Database busy',
  507: 'Storage full',
};

/**
 * Every problem status an operation can answer. Some come from its route's declaration; the
 * rest from what every route of its kind gets: the HTTP parser's refusals (408, 431) and
 * internal errors for all, 401/403 where a token is needed, 404/414 where the path names
 * something, and a body's refusals (413, 415) and the store's (503, 507) where a body is taken.
 */
function problemStatuses(route: CollectedRoute): number[] {
  const takesBody = route.method !== 'get';
  const namesSomething = route.url.includes(':');
  const statuses = [
    400,
    408,
    431,
    500,
    ...(route.access === 'public' ? [] : [401, 403]),
    ...(namesSomething ? [404, 414] : []),
    ...(takesBody ? [413, 415, 503, 507] : []),
    ...(route.docs.problems ?? []),
  ];
  return [...new Set(statuses)].sort((a, b) => a - b);
}

export class OpenApiCollector {
  private readonly routes: CollectedRoute[] = [];

  onRoute = (route: RouteOptions): void => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const config = (route.config ?? {}) as { access?: Access; docs?: RouteDocs };
    for (const method of methods) {
      if (method === 'HEAD' || !route.schema) continue;
      this.routes.push({ method: method.toLowerCase(), url: route.url, access: config.access ?? 'public', schema: route.schema as Record<string, unknown>, docs: config.docs ?? {} });
    }
  };

  document(info: { title: string; version: string }): object {
    const paths: Record<string, Record<string, object>> = {};
    for (const route of this.routes) {
      const path = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      (paths[path] ??= {})[route.method] = operation(route);
    }
    return {
      openapi: '3.1.0',
      info: {
        ...info,
        description: 'The mwkit environment: entities and data, packages, workspaces and publications, sync. Errors are application/problem+json.',
        license: { name: 'MIT', identifier: 'MIT' },
      },
      // Relative: the paths are absolute (/api/v1/…) on the origin this document was served from,
      // which behind a reverse proxy is not the address the server listens on.
      servers: [{ url: '/', description: 'This environment (the origin serving this document)' }],
      paths,
      components: {
        schemas: Object.fromEntries(Object.entries(namedSchemas).map(([name, schema]) => [name, referenced(schema, schema)])),
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A token from POST /api/v1/auth/token, or the admin token of `mwkit env start`.' } },
      },
    };
  }
}

function operation(route: CollectedRoute): object {
  const { schema, docs } = route;
  const parameters = [...parametersOf(schema.params, 'path'), ...parametersOf(schema.querystring, 'query'), ...parametersOf(schema.headers, 'header')];
  const responses: Record<string, object> = {};
  for (const [status, body] of Object.entries((schema.response ?? {}) as Record<string, Record<string, unknown>>)) {
    responses[status] =
      status === '204' || status === '304'
        ? { description: String(body.description ?? 'No content') }
        : { description: String(body.description ?? 'Success'), content: { 'application/json': { schema: referenced(body) } } };
  }
  for (const status of problemStatuses(route)) {
    responses[String(status)] = { description: problemDescriptions[status] ?? 'Problem', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
  }
  return {
    operationId: schema.operationId,
    summary: schema.summary,
    ...(schema.description ? { description: schema.description } : {}),
    tags: schema.tags,
    ...(route.access === 'public' ? { security: [] } : { security: [{ bearer: [] }] }),
    ...(route.access === 'admin' ? { 'x-mwkit-role': 'admin' } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(requestBody(schema, docs) ?? {}),
    responses,
  };
}

function requestBody(schema: Record<string, unknown>, docs: RouteDocs): { requestBody: object } | undefined {
  if (docs.requestMediaType) {
    return { requestBody: { required: true, content: { [docs.requestMediaType]: { schema: { type: 'string', contentMediaType: docs.requestMediaType } } } } };
  }
  if (!schema.body) return undefined;
  return { requestBody: { required: true, content: { 'application/json': { schema: referenced(schema.body) } } } };
}

function parametersOf(schema: unknown, location: 'path' | 'query' | 'header'): object[] {
  const object = schema as { properties?: Record<string, Record<string, unknown>>; required?: string[] } | undefined;
  if (!object?.properties) return [];
  return Object.entries(object.properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: location,
      required: location === 'path' || (object.required ?? []).includes(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

/** A copy of `schema` in which every shared schema (by identity) is a $ref to its component. */
function referenced(schema: unknown, self?: object): unknown {
  if (schema === null || typeof schema !== 'object') return schema;
  if (schema !== self) {
    const name = Object.entries(namedSchemas).find(([, named]) => named === schema)?.[0];
    if (name) return { $ref: `#/components/schemas/${name}` };
  }
  if (Array.isArray(schema)) return schema.map((item) => referenced(item));
  return Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, referenced(value)]));
}
