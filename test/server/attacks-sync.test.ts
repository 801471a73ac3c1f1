// Attacks through writes and sync (security issue 11, item 16), one test per attack: another
// user's device id, probing for records through references, made-up users, impossible dates.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperationResult } from '../../src/server/sync/types.js';
import { json, startServer, type TestServer } from './helpers.js';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => server.cleanup());

function pushAs(user: string, deviceId: string, operations: unknown[]): Promise<Response> {
  return server.signIn(user).then((token) => server.api('/sync/push', { token, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ deviceId, operations }) }));
}

async function results(response: Response): Promise<OperationResult[]> {
  expect(response.status, await response.clone().text()).toBe(200);
  return (await json<{ results: OperationResult[] }>(response)).results;
}

function create(entity: string, values: Record<string, unknown>, key = `local:${randomUUID()}`): Record<string, unknown> {
  return { id: randomUUID(), entity, kind: 'create', key, values };
}

function detailOf(result: OperationResult | undefined): string {
  expect(result?.status).toBe('rejected');
  return (result as { problem: { detail: string } }).problem.detail;
}

describe("attack: pushing with another user's device id (item 16)", () => {
  it('does not resolve their offline keys: the device belongs to its first user, anyone else gets 403', async () => {
    const device = `phone-${randomUUID()}`;
    const localKey = `local:${randomUUID()}`;
    const [made] = await results(await pushAs('emma.fischer', device, [create('ExpenseReport', { purpose: 'Mine' }, localKey)]));
    expect(made?.status).toBe('applied');
    const stolen = await pushAs('lucas.martin', device, [{ id: randomUUID(), entity: 'ExpenseLine', kind: 'create', key: `local:${randomUUID()}`, values: { reportNumber: localKey, amount: 1 } }]);
    expect(stolen.status).toBe(403);
    expect(stolen.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = await json<{ type: string; detail: string }>(stolen);
    expect(problem.type).toBe('https://mwkit.dev/problems/forbidden');
    expect(problem.detail).not.toContain((made as { key: string }).key);
    // The first user keeps using it.
    expect((await pushAs('emma.fischer', device, [])).status).toBe(200);
  });
});

describe('attack: probing for records through a reference the user cannot read (item 16)', () => {
  it('an existing but unreadable vendor is refused exactly like a missing one', async () => {
    // An employee may add contacts but may not read vendors.
    const [existing, missing] = await results(
      await pushAs('emma.fischer', `probe-${randomUUID()}`, [create('Contact', { name: 'A', vendor: 'V-00001' }), create('Contact', { name: 'B', vendor: 'V-99999' })]),
    );
    expect(detailOf(existing).replace('V-00001', 'KEY')).toBe(detailOf(missing).replace('V-99999', 'KEY'));
    expect((existing as { problem: { status: number } }).problem.status).toBe((missing as { problem: { status: number } }).problem.status);
  });

  it('a readable reference is still accepted', async () => {
    const [result] = await results(await pushAs('paul.weber', `ok-${randomUUID()}`, [create('Contact', { name: 'C', vendor: 'V-00001' })]));
    expect(result?.status).toBe('applied');
  });
});

describe('attack: a user field set to any text (item 16)', () => {
  it('a made-up user id is refused; an existing one is accepted', async () => {
    const [madeUp, real] = await results(
      await pushAs('emma.fischer', `users-${randomUUID()}`, [create('Customer', { name: 'Made up', salesRep: 'mallory' }), create('Customer', { name: 'Real', salesRep: 'maria.schmidt' })]),
    );
    expect(detailOf(madeUp)).toMatch(/mallory/);
    expect(real?.status).toBe('applied');
  });
});

describe('attack: impossible calendar dates (item 16)', () => {
  let customerKey = '';
  beforeAll(async () => {
    const page = await json<{ items: Array<{ id: string }> }>(await server.api('/data/Customer?limit=1'));
    customerKey = page.items[0]!.id;
  });

  it('a real date is accepted', async () => {
    const [result] = await results(await pushAs('maria.schmidt', `dates-${randomUUID()}`, [create('SalesOrder', { customer: customerKey, requestedShipDate: '2024-02-29' })]));
    expect(result?.status).toBe('applied');
  });

  it.each(['2025-02-30', '2025-13-01', '2023-02-29', '2025-04-31'])('SalesOrder.requestedShipDate = %s is refused', async (value) => {
    const [result] = await results(await pushAs('maria.schmidt', `dates-${randomUUID()}`, [create('SalesOrder', { customer: customerKey, requestedShipDate: value })]));
    expect(detailOf(result)).toContain(value);
  });

  it('real dates and datetimes pass the check; impossible datetimes do not', async () => {
    const { isCalendarDate, isDateTime } = await import('../../src/server/domain/dates.js');
    expect(['2024-02-29', '2025-12-31', '2025-01-01'].every(isCalendarDate)).toBe(true);
    expect(['2025-02-30', '2023-02-29', '2025-00-10', '2025-06-31', '20250101', '2025-1-1'].some(isCalendarDate)).toBe(false);
    expect(['2025-03-14T09:30:00Z', '2025-03-14T09:30Z', '2025-03-14T23:59:59.999+02:00'].every(isDateTime)).toBe(true);
    expect(['2025-02-30T10:00:00Z', '2025-03-14T24:00:00Z', '2025-03-14T10:60:00Z', '2025-03-14T10:00:61Z', '2025-03-14T10:00:00+25:00'].some(isDateTime)).toBe(false);
  });
});
