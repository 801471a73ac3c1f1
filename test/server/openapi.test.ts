// The OpenAPI document is generated from the routes' own schemas: every route is in it, every
// reference resolves, every schema compiles as JSON Schema 2020-12, and the problem documents
// the server sends match its Problem schema.
import { Ajv2020 } from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, startServer, type TestServer } from './helpers.js';

interface Operation {
  operationId: string;
  parameters?: Array<{ name: string; in: string }>;
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
  requestBody?: { content: Record<string, { schema: unknown }> };
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
}

let server: TestServer;
let document: Document;

beforeAll(async () => {
  // A small package limit, so that a body over it is cheap to send.
  server = await startServer({ demo: false, maxPackageBytes: 64 * 1024 });
  document = await json<Document>(await server.api('/openapi.json', { token: null }));
});

afterAll(async () => server.cleanup());

function refs(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => refs(item, found));
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string') found.push(item);
      else refs(item, found);
    }
  }
  return found;
}

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 with every route of the API', () => {
    expect(document.openapi).toBe('3.1.0');
    const operations = Object.entries(document.paths)
      .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    expect(operations).toEqual(
      [
        'DELETE /api/v1/auth/token',
        'DELETE /api/v1/trust/{fingerprint}',
        'GET /api/v1/data/{entity}',
        'GET /api/v1/data/{entity}/{key}',
        'GET /api/v1/entities',
        'GET /api/v1/health',
        'GET /api/v1/history',
        'GET /api/v1/me',
        'GET /api/v1/me/workspaces',
        'GET /api/v1/openapi.json',
        'GET /api/v1/packages',
        'GET /api/v1/preview/session',
        'GET /api/v1/trust',
        'GET /api/v1/workspaces',
        'POST /api/v1/auth/token',
        'POST /api/v1/packages',
        'POST /api/v1/packages/{name}/rollback',
        'POST /api/v1/trust',
        'POST /api/v1/workspaces/{id}/publish',
        'POST /api/v1/workspaces/{id}/unpublish',
        'GET /api/v1/sync/pull',
        'POST /api/v1/sync/push',
        'POST /api/v1/tokens',
        'GET /api/v1/tokens',
        'DELETE /api/v1/tokens/{name}',
      ].sort(),
    );
  });

  it('has unique operation ids, declared path parameters and resolving references', () => {
    const ids = Object.values(document.paths).flatMap((methods) => Object.values(methods).map((o) => o.operationId));
    expect(new Set(ids).size).toBe(ids.length);
    for (const [path, methods] of Object.entries(document.paths)) {
      const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      for (const operation of Object.values(methods)) {
        expect(operation.parameters?.filter((p) => p.in === 'path').map((p) => p.name) ?? []).toEqual(names);
      }
    }
    for (const ref of refs(document)) expect(document.components.schemas).toHaveProperty(ref.replace('#/components/schemas/', ''));
  });

  it('has schemas that compile as JSON Schema 2020-12', () => {
    const ajv = formatsModule.default(new Ajv2020({ strict: false }));
    const schemas = Object.values(document.paths).flatMap((methods) =>
      Object.values(methods).flatMap((o) => [
        ...Object.values(o.responses).flatMap((r) => Object.values(r.content ?? {}).map((c) => c.schema)),
        ...Object.values(o.requestBody?.content ?? {}).map((c) => c.schema),
      ]),
    );
    expect(schemas.length).toBeGreaterThan(20);
    // Each schema is compiled inside a root that carries the components, so its $refs resolve as in the document.
    for (const schema of schemas) expect(() => ajv.compile({ components: document.components, allOf: [schema] })).not.toThrow();
  });

  it('describes the problems the server sends', async () => {
    const ajv = formatsModule.default(new Ajv2020({ strict: false }));
    const validate = ajv.compile({ components: document.components, $ref: '#/components/schemas/Problem' });
    for (const response of [await server.api('/me', { token: null }), await server.api('/nope'), await server.api('/data/Item?x=1')]) {
      const problem = await json(response);
      expect(validate(problem)).toBe(true);
    }
  });
});

describe('query parameters', () => {
  it.each([
    ['/health', null],
    ['/packages', undefined],
    ['/workspaces', undefined],
    ['/me', undefined],
  ] as const)('an unknown one is refused on %s too, a route that takes none', async (path, token) => {
    const response = await server.api(`${path}?bogus=1`, token === null ? { token: null } : {});
    expect(response.status).toBe(400);
    const problem = await json<{ errors?: Array<{ pointer: string; message: string }> }>(response);
    expect(problem.errors).toEqual([{ pointer: '/query/bogus', message: 'Unknown query parameter `bogus`.' }]);
    expect((await server.api(path, token === null ? { token: null } : {})).status).toBe(200);
  });
});

describe('the statuses each operation lists', () => {
  const operations = () =>
    Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        method: method.toUpperCase(),
        path,
        listed: Object.keys(operation.responses).map(Number),
        isPublic: (operation as { security?: unknown[] }).security?.length === 0,
      })),
    );
  const concrete = (path: string, segment = 'x') => path.replace(/^\/api\/v1/, '').replace(/\{[^}]+\}/g, segment);

  /** What the server answers, which the operation must list; `expected` keeps the test honest about what was provoked. */
  async function expectListed(operation: { method: string; path: string; listed: number[] }, expected: number, response: Response): Promise<void> {
    await response.arrayBuffer();
    expect(response.status, `${operation.method} ${operation.path}`).toBe(expected);
    expect(operation.listed, `${operation.method} ${operation.path} answers ${expected}`).toContain(expected);
  }

  it('include what an unknown query parameter, a missing token and a too-long path segment answer', async () => {
    for (const operation of operations()) {
      const zip = operation.path === '/api/v1/packages';
      const init = { method: operation.method, headers: { 'content-type': zip ? 'application/zip' : 'application/json' }, body: operation.method === 'GET' ? undefined : zip ? 'PK' : '{}' };
      await expectListed(operation, 400, await server.api(`${concrete(operation.path)}?bogus=1`, init));
      if (!operation.isPublic) await expectListed(operation, 401, await server.api(concrete(operation.path), { ...init, token: null }));
      if (operation.path.includes('{')) await expectListed(operation, 414, await server.api(concrete(operation.path, 'x'.repeat(1001)), init));
    }
  });

  it('include what a body of the wrong type and one over the limit answer, on every operation that takes a body', async () => {
    const bodied = operations().filter((o) => o.method !== 'GET');
    expect(bodied.length).toBeGreaterThan(8);
    const large = `{"x":"${'x'.repeat(5 * 1024 * 1024)}"}`;
    for (const operation of bodied) {
      const zip = operation.path === '/api/v1/packages';
      await expectListed(operation, 415, await server.api(concrete(operation.path), { method: operation.method, headers: { 'content-type': 'text/csv' }, body: 'a,b' }));
      await expectListed(
        operation,
        413,
        await server.api(concrete(operation.path), { method: operation.method, headers: { 'content-type': zip ? 'application/zip' : 'application/json' }, body: large }),
      );
    }
  });
});
