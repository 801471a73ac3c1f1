// The sync API over HTTP against a real environment (demo company, port 0): replayed batches,
// order, conflicts with the server's record, record access, pull from a checkpoint.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperationResult, PullResponse } from '../../src/server/sync/types.js';
import { json, startServer, type TestServer } from '../server/helpers.js';

let server: TestServer;
const device = `test-${randomUUID()}`;

beforeAll(async () => {
  // MWKIT_TEST_ENVIRONMENT: another environment factory (see test/browser/harness.ts).
  server = process.env.MWKIT_TEST_ENVIRONMENT
    ? (await ((await import(process.env.MWKIT_TEST_ENVIRONMENT)) as { startEnvironment(): Promise<{ server: TestServer }> }).startEnvironment()).server
    : await startServer();
});
afterAll(() => server?.cleanup());

/** One device per user by default: a device id belongs to the first user that pushes with it. */
async function push(user: string, operations: unknown[], deviceId = `${device}-${user}`): Promise<OperationResult[]> {
  const response = await server.api('/sync/push', {
    token: await server.signIn(user),
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ deviceId, operations }),
  });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await json<{ results: OperationResult[] }>(response)).results;
}

async function pull(user: string, query: string): Promise<PullResponse> {
  const response = await server.api(`/sync/pull${query}`, { token: await server.signIn(user) });
  expect(response.status, await response.clone().text()).toBe(200);
  return json<PullResponse>(response);
}

async function record(user: string, entity: string, key: string): Promise<Record<string, unknown> & { _version: number }> {
  const response = await server.api(`/data/${entity}/${key}`, { token: await server.signIn(user) });
  expect(response.status).toBe(200);
  return json(response);
}

async function draftReportOf(user: string): Promise<Record<string, unknown> & { number: string; _version: number }> {
  const filter = encodeURIComponent(JSON.stringify({ owner: '$user', status: 'Draft' }));
  const page = await json<{ items: Array<Record<string, unknown> & { number: string; _version: number }> }>(
    await server.api(`/data/ExpenseReport?filter=${filter}&limit=1`, { token: await server.signIn(user) }),
  );
  expect(page.items.length).toBeGreaterThan(0);
  return page.items[0]!;
}

const update = (key: string, baseVersion: number, values: Record<string, unknown>) => ({ id: randomUUID(), entity: 'ExpenseReport', kind: 'update', key, baseVersion, values });

describe('POST /sync/push', () => {
  it('applies a batch pushed three times once, answering the replays with the same results', async () => {
    const report = await draftReportOf('emma.fischer');
    const batch = [
      { id: randomUUID(), entity: 'ExpenseReport', kind: 'create', key: `local:${randomUUID()}`, values: { purpose: 'Replayed batch' } },
      update(report.number, report._version, { purpose: `${String(report.purpose)} (edited once)` }),
    ];
    const first = await push('emma.fischer', batch);
    const second = await push('emma.fischer', batch);
    const third = await push('emma.fischer', batch);
    expect(first.map((r) => r.status)).toEqual(['applied', 'applied']);
    expect(second).toEqual(first);
    expect(third).toEqual(first);
    expect((await record('emma.fischer', 'ExpenseReport', report.number))._version).toBe(report._version + 1);
    const filter = encodeURIComponent(JSON.stringify({ purpose: 'Replayed batch' }));
    const created = await json<{ items: unknown[] }>(await server.api(`/data/ExpenseReport?filter=${filter}`, { token: await server.signIn('emma.fischer') }));
    expect(created.items).toHaveLength(1);
  });

  it('applies operations in the order the device made them, later ones naming a new record by its local key', async () => {
    const localKey = `local:${randomUUID()}`;
    const results = await push('emma.fischer', [
      { id: randomUUID(), entity: 'ExpenseReport', kind: 'create', key: localKey, values: { purpose: 'First' } },
      { id: randomUUID(), entity: 'ExpenseReport', kind: 'update', key: localKey, baseVersion: 0, values: { purpose: 'Second' } },
      { id: randomUUID(), entity: 'ExpenseReport', kind: 'update', key: localKey, baseVersion: 0, values: { purpose: 'Third' } },
    ]);
    // All three were made on the device one after the other, so none conflicts with the ones before it.
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    const key = (results[0] as Extract<OperationResult, { status: 'applied' }>).key;
    expect(key).not.toContain('local:');
    expect(results.map((r) => (r.status === 'applied' ? [r.key, r.version, r.record?.purpose] : r.status))).toEqual([
      [key, 1, 'First'],
      [key, 2, 'Second'],
      [key, 3, 'Third'],
    ]);
    expect(await record('emma.fischer', 'ExpenseReport', key)).toMatchObject({ purpose: 'Third', owner: 'emma.fischer', status: 'Draft', _version: 3 });
  });

  it("answers a write against a stale version with a conflict carrying the server's record, and applies nothing", async () => {
    const report = await draftReportOf('lucas.martin');
    const [mine] = await push('lucas.martin', [update(report.number, report._version, { purpose: 'Changed on the phone' })], 'phone');
    expect(mine?.status).toBe('applied');
    const [stale] = await push('lucas.martin', [update(report.number, report._version, { purpose: 'Changed on the tablet' })], 'tablet');
    expect(stale).toMatchObject({ status: 'conflict', key: report.number, version: report._version + 1, record: { purpose: 'Changed on the phone', _version: report._version + 1 } });
    expect(await record('lucas.martin', 'ExpenseReport', report.number)).toMatchObject({ purpose: 'Changed on the phone' });
  });

  it('does not let a user write to records they may not see, nor learn whether they exist', async () => {
    const report = await draftReportOf('olivia.brown');
    const results = await push('noah.dubois', [
      update(report.number, report._version, { purpose: 'Not mine' }),
      update(report.number, 1, { purpose: 'Not mine' }),
      { id: randomUUID(), entity: 'ExpenseReport', kind: 'delete', key: report.number, baseVersion: report._version, values: {} },
      update('EXP-99999', 1, { purpose: 'Nobody' }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
    for (const result of results) expect(result).toMatchObject({ problem: { type: 'https://mwkit.dev/problems/not-found', status: 404 } });
    expect(JSON.stringify(results)).not.toContain(String(report.purpose));
    expect(await record('olivia.brown', 'ExpenseReport', report.number)).toMatchObject({ purpose: report.purpose, _version: report._version });
  });

  it("rejects a write the entity rules refuse, with the rule's message", async () => {
    const [result] = await push('emma.fischer', [{ id: randomUUID(), entity: 'CostCentre', kind: 'create', values: { code: 'X', name: 'X' } }]);
    expect(result).toMatchObject({ status: 'rejected', problem: { status: expect.any(Number), detail: expect.any(String) } });
  });

  it('refuses a malformed batch as a whole, naming each problem', async () => {
    const operations = [
      { id: 'x', entity: 'ExpenseReport', kind: 'update', values: { nested: { no: 1 } } },
      { id: 'x', entity: 'ExpenseReport', kind: 'create', values: {} },
    ];
    const response = await server.api('/sync/push', {
      token: await server.signIn('emma.fischer'),
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ deviceId: 'd', operations }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await json(response)).toMatchObject({ type: 'https://mwkit.dev/problems/invalid-request', errors: [{ pointer: '/body/operations/0/values/nested' }, { pointer: '/body/operations/1/id' }] });
  });

  async function refusedBatch(body: unknown): Promise<{ detail: string; errors: Array<{ pointer: string; message: string }> }> {
    const response = await server.api('/sync/push', { token: await server.signIn('emma.fischer'), method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(response.status).toBe(400);
    return json(response);
  }

  it('names every problem of a batch in one answer, each at its pointer, in words', async () => {
    const problem = await refusedBatch({
      deviceId: '',
      operations: [
        { id: 'x', entity: 'E', kind: 'fly', values: { a: {} } },
        { id: 'x', entity: 'E', kind: 'create', values: {}, baseVersion: -1 },
        { entity: 'E', kind: 'create', values: [] },
      ],
    });
    expect(problem.errors.map((e) => e.pointer)).toEqual([
      '/body/deviceId',
      '/body/operations/0/kind',
      '/body/operations/0/values/a',
      '/body/operations/1/baseVersion',
      '/body/operations/2/id',
      '/body/operations/2/values',
      '/body/operations/1/id',
    ]);
    expect(problem.errors.find((e) => e.pointer === '/body/operations/0/kind')?.message).toBe('`operations.0.kind` must be one of create, update, delete, operation.');
    expect(problem.errors.find((e) => e.pointer === '/body/operations/0/values/a')?.message).toBe('`operations.0.values.a` must be a text, a number, true or false or null.');
    expect(problem.errors.find((e) => e.pointer === '/body/operations/2/id')?.message).toBe('`operations.2.id` is missing: it is required.');
    expect(problem.errors.at(-1)?.message).toContain('appears twice');
  });

  it('bounds a batch at 1,000 operations', async () => {
    const operations = Array.from({ length: 1001 }, () => update('EXP-00001', 1, { purpose: 'x' }));
    const problem = await refusedBatch({ deviceId: 'd', operations });
    expect(problem.errors).toEqual([{ pointer: '/body/operations', message: expect.stringContaining('1000') }]);
  });

  it('takes a body as sent: a list where a value is wanted is refused, not unwrapped', async () => {
    const problem = await refusedBatch({ deviceId: ['d'], operations: [{ ...update('EXP-00001', 1, { purpose: ['Unwrapped?'] }), baseVersion: '1' }] });
    expect(problem.errors.map((e) => e.pointer)).toEqual(['/body/deviceId', '/body/operations/0/values/purpose', '/body/operations/0/baseVersion']);
  });

  it('needs a signed-in user', async () => {
    const response = await server.api('/sync/push', { token: null, method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"deviceId":"d","operations":[]}' });
    expect(response.status).toBe(401);
  });
});

describe('GET /sync/pull', () => {
  it('returns what changed since a checkpoint, only records the user may see, deletions as tombstones', async () => {
    const start = await pull('emma.fischer', '');
    expect(start).toMatchObject({ changes: [], hasMore: false });
    const mine = await draftReportOf('emma.fischer');
    const theirs = await draftReportOf('noah.dubois');
    await push('emma.fischer', [update(mine.number, mine._version, { purpose: 'Pulled change' })]);
    await push('noah.dubois', [update(theirs.number, theirs._version, { purpose: 'Invisible to Emma' })]);
    const changes = await pull('emma.fischer', `?since=${start.checkpoint}&entities=ExpenseReport`);
    expect(changes.changes).toEqual([{ entity: 'ExpenseReport', key: mine.number, version: mine._version + 1, record: expect.objectContaining({ purpose: 'Pulled change' }) }]);
    const localKey = `local:${randomUUID()}`;
    const [created] = await push('emma.fischer', [{ id: randomUUID(), entity: 'ExpenseReport', kind: 'create', key: localKey, values: { purpose: 'Short-lived' } }]);
    const key = (created as Extract<OperationResult, { status: 'applied' }>).key;
    await push('emma.fischer', [{ id: randomUUID(), entity: 'ExpenseReport', kind: 'delete', key, baseVersion: 1, values: {} }]);
    const later = await pull('emma.fischer', `?since=${changes.checkpoint}&entities=ExpenseReport`);
    expect(later.changes.at(-1)).toEqual({ entity: 'ExpenseReport', key, version: expect.any(Number), deleted: true });
  });

  it('pages through many changes', async () => {
    const everything = await pull('clara.hoffmann', '?since=0&limit=50');
    expect(everything.changes).toHaveLength(50);
    expect(everything.hasMore).toBe(true);
    const next = await pull('clara.hoffmann', `?since=${everything.checkpoint}&limit=50`);
    expect(next.changes[0]).not.toEqual(everything.changes[0]);
  });

  it('names a bad checkpoint: anything but a checkpoint the store handed out is a 400 at /query/since', async () => {
    const token = await server.signIn('emma.fischer');
    for (const since of ['yesterday', '-1', '1e5', '12.5', '9999999999999999', '0x10', '%20']) {
      const response = await server.api(`/sync/pull?since=${since}`, { token });
      expect(response.status, since).toBe(400);
      expect(JSON.stringify(await response.json()), since).toContain('/query/since');
    }
  });
});
