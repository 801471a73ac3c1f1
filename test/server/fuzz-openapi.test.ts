// Fuzzing the API from its own OpenAPI document (security issue 11, item 18): requests made of
// the served paths, methods and parameters with random and extreme values and random bodies,
// sent with an admin token, a user token or none. Whatever comes back: never a 5xx, and every
// error is application/problem+json with a type from the one problem table.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemCatalogue, problemType, type ProblemSlug } from '../../src/contract/problems.js';
import { json, startServer, type TestServer } from './helpers.js';

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
}

interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
}

let server: TestServer;
let operations: Operation[] = [];
let userToken = '';
const knownTypes = new Set(Object.keys(problemCatalogue).map((slug) => problemType(slug as ProblemSlug)));

beforeAll(async () => {
  // No per-address sign-in cap here: the fuzzer signs in far more often than a person would.
  server = await startServer({ signIn: { perAddress: { max: 100_000, windowMs: 60_000 } } });
  userToken = await server.signIn('emma.fischer');
  const document = await json<{ paths: Record<string, Record<string, { parameters?: Parameter[] }>> }>(await server.api('/openapi.json', { token: null }));
  operations = Object.entries(document.paths)
    .flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ method: method.toUpperCase(), path, parameters: operation.parameters ?? [] })))
    // Signing out would revoke the fuzzer's own tokens and leave it testing only the 401 path.
    .filter((operation) => !(operation.method === 'DELETE' && operation.path.endsWith('/auth/token')));
});

afterAll(async () => server.cleanup());

const extreme = fc.constantFrom(
  '1e309',
  '-1e309',
  'Infinity',
  '-Infinity',
  'NaN',
  '-1',
  '0',
  '9007199254740993',
  '',
  ' ',
  '%',
  '%c0%ae',
  '..',
  '../..',
  '$user.constructor',
  '{"owner":"$user.__proto__"}',
  '{"x":{"in":[]}}',
  'null',
  '[]',
  '{}',
  'true',
  '\u0000',
  '\ud800',
  'ExpenseReport',
  'expense-management',
  'a'.repeat(250),
  'é'.repeat(120),
);
const value = fc.oneof({ arbitrary: extreme, weight: 4 }, fc.string({ maxLength: 40 }), fc.integer().map(String), fc.double().map(String));
/** Path values that reach the handlers more often than random text would. */
const plausible = fc.constantFrom('ExpenseReport', 'PurchaseOrder', 'Customer', 'Vendor', 'EXP-00001', 'V-00001', 'expense-management', 'sales-orders', 'demo-apps');
const pathValue = fc.oneof({ arbitrary: plausible, weight: 3 }, value);
const bodyValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.record({ username: fc.string(), password: fc.string() }),
  fc.record({
    deviceId: fc.string(),
    operations: fc.array(
      fc.record({ id: fc.string(), entity: fc.string(), kind: fc.constantFrom('create', 'update', 'delete', 'operation', 'x'), values: fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 1 })) }),
      { maxLength: 3 },
    ),
  }),
);

const request = fc.record({
  operation: fc.nat(),
  pathValues: fc.array(pathValue, { minLength: 4, maxLength: 4 }),
  // Indices into the operation's own query parameters (from the document); a few unknown names too.
  query: fc.array(fc.record({ parameter: fc.nat(), isUnknown: fc.nat(9).map((n) => n === 0), value }), { maxLength: 4 }),
  body: fc.option(
    fc.oneof(
      bodyValue.map((v) => JSON.stringify(v)),
      fc.string({ maxLength: 60 }),
    ),
    { nil: undefined },
  ),
  contentType: fc.constantFrom('application/json', 'application/zip', 'text/plain', 'application/json; charset=utf-8'),
  who: fc.constantFrom('admin', 'admin', 'user', 'user', 'none'),
});

function encode(text: string): string {
  // Lone surrogates cannot be percent-encoded as UTF-8: send them raw-escaped instead.
  try {
    return encodeURIComponent(text);
  } catch {
    return text.replace(/[^A-Za-z0-9]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0').slice(-2)}`);
  }
}

async function expectProblemOrSuccess(response: Response, request: string): Promise<void> {
  const text = await response.text();
  const label = `${request} → ${response.status} ${text.slice(0, 200)}`;
  expect(response.status, label).toBeLessThan(500);
  if (response.status >= 400) {
    expect(response.headers.get('content-type'), label).toMatch(/^application\/problem\+json/);
    const problem = JSON.parse(text) as { type: string; status: number };
    expect(knownTypes.has(problem.type), label).toBe(true);
    expect(problem.status, label).toBe(response.status);
  }
}

/** A value for a path parameter that gets the request past routing to the handler. */
function plausibleFor(parameter: string): string {
  if (/entity/i.test(parameter)) return 'ExpenseReport';
  if (/key|number/i.test(parameter)) return 'EXP-00001';
  if (/package|name/i.test(parameter)) return 'mwkit-template-expense-management';
  return 'expense-management';
}

const extremes = ['1e309', '-1e309', 'Infinity', 'NaN', '-1', '1e3', '0x10', '9007199254740993', '', '%c0%ae', '$user.constructor', '{"owner":"$user.__proto__"}', 'a'.repeat(250)];

describe('every query parameter of the document, with every extreme value', () => {
  it('answers without a 5xx, every error as problem+json of a known type', async () => {
    let sent = 0;
    for (const operation of operations) {
      const path = operation.path.replace('/api/v1', '').replace(/\{([^}]+)\}/g, (_all, name: string) => encodeURIComponent(plausibleFor(name)));
      for (const parameter of operation.parameters.filter((p) => p.in === 'query')) {
        for (const value of extremes) {
          const query = `${encodeURIComponent(parameter.name)}=${encode(value)}`;
          const method = operation.method === 'GET' ? 'GET' : operation.method;
          const response = await server.api(`${path}?${query}`, { method, token: server.adminToken, ...(method === 'GET' ? {} : { body: '{}', headers: { 'content-type': 'application/json' } }) });
          await expectProblemOrSuccess(response, `${method} ${path}?${query}`);
          sent++;
        }
      }
    }
    expect(sent).toBeGreaterThan(50);
  }, 60_000);
});

describe('fuzzing the API from its OpenAPI document', () => {
  it('answers every generated request without a 5xx, every error as problem+json of a known type', async () => {
    expect(operations.length).toBeGreaterThan(15);
    await fc.assert(
      fc.asyncProperty(request, async (input) => {
        const operation = operations[input.operation % operations.length]!;
        let index = 0;
        const path = operation.path.replace('/api/v1', '').replace(/\{[^}]+\}/g, () => encode(input.pathValues[index++ % 4]!));
        const names = operation.parameters.filter((p) => p.in === 'query').map((p) => p.name);
        const query = input.query.map(({ parameter, isUnknown, value: v }) => `${isUnknown || names.length === 0 ? 'unknown' : encode(names[parameter % names.length]!)}=${encode(v)}`).join('&');
        const token = input.who === 'admin' ? server.adminToken : input.who === 'user' ? userToken : null;
        const hasBody = input.body !== undefined && !['GET', 'HEAD'].includes(operation.method);
        const response = await server.api(`${path}${query ? `?${query}` : ''}`, {
          method: operation.method,
          token,
          ...(hasBody ? { body: input.body, headers: { 'content-type': input.contentType } } : {}),
        });
        await expectProblemOrSuccess(response, `${operation.method} ${path}?${query} (${input.who})`);
      }),
      { numRuns: 300, seed: Number(process.env.MWKIT_FUZZ_SEED ?? 20251111), endOnFailure: true },
    );
  }, 60_000);
});
