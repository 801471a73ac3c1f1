// The data API: the workspace filter language, sort, search and cursor paging over HTTP, row
// level access per role, and injection attempts that must fail as 400s or match literally.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, startServer, type TestServer } from './helpers.js';

type Row = Record<string, unknown> & { _version: number };
interface Page {
  items: Row[];
  nextCursor: string | null;
}

let server: TestServer;

beforeAll(async () => {
  server = await startServer({ now: () => new Date('2025-06-11T10:00:00Z') });
});

afterAll(async () => server.cleanup());

async function query(username: string, entity: string, params: Record<string, string | object> = {}): Promise<Response> {
  const search = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
  return server.api(`/data/${entity}?${search}`, { token: username === 'admin' ? server.adminToken : await server.signIn(username) });
}

async function items(username: string, entity: string, params: Record<string, string | object> = {}): Promise<Row[]> {
  const response = await query(username, entity, { limit: '500', ...params });
  expect(response.status).toBe(200);
  return (await json<Page>(response)).items;
}

async function allPages(username: string, entity: string, params: Record<string, string | object>): Promise<Row[]> {
  const rows: Row[] = [];
  let cursor: string | null = null;
  do {
    const page: Page = await json<Page>(await query(username, entity, { ...params, ...(cursor ? { cursor } : {}) }));
    rows.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return rows;
}

describe('row-level access', () => {
  it('an employee sees only their own expense reports and lines', async () => {
    const reports = await items('emma.fischer', 'ExpenseReport');
    expect(reports.length).toBeGreaterThan(0);
    expect(new Set(reports.map((r) => r.owner))).toEqual(new Set(['emma.fischer']));
    const lines = await items('emma.fischer', 'ExpenseLine');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((line) => line.owner === 'emma.fischer')).toBe(true);
  });

  it('a manager sees their own reports and those awaiting them, and approves only those', async () => {
    const reports = await items('maria.schmidt', 'ExpenseReport');
    expect(reports.every((r) => r.owner === 'maria.schmidt' || r.approver === 'maria.schmidt')).toBe(true);
    expect(reports.some((r) => r.approver === 'maria.schmidt' && r.owner !== 'maria.schmidt')).toBe(true);
    const orders = await items('maria.schmidt', 'PurchaseOrder', { filter: { approver: '$user', status: 'AwaitingApproval' } });
    expect(orders.length).toBeGreaterThan(0);
    expect((await items('maria.schmidt', 'PurchaseOrder')).every((o) => o.approver === 'maria.schmidt')).toBe(true);
  });

  it('a vendor sees only orders sent to their company, and their lines', async () => {
    const orders = await items('kai.vogel', 'PurchaseOrder');
    expect(orders.length).toBeGreaterThan(0);
    expect(orders.every((o) => o.vendor === 'V-00001' && o.sentAt !== null)).toBe(true);
    const all = await items('admin', 'PurchaseOrder', { filter: { vendor: 'V-00001' } });
    const hidden = all.filter((o) => o.sentAt === null);
    expect(hidden.length).toBeGreaterThan(0);
    expect((await query('kai.vogel', 'PurchaseOrder/' + String(hidden[0]!.number))).status).toBe(404);
    const otherVendor = (await items('admin', 'PurchaseOrder', { filter: { vendor: { ne: 'V-00001' }, sentAt: { ne: null } } }))[0]!;
    expect((await query('kai.vogel', 'PurchaseOrder/' + String(otherVendor.number))).status).toBe(404);
    expect((await query('kai.vogel', 'PurchaseOrder/' + String(orders[0]!.number))).status).toBe(200);
    const lines = await items('kai.vogel', 'PurchaseOrderLine');
    const visible = new Set(orders.map((o) => o.number));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((line) => visible.has(line.orderNumber))).toBe(true);
  });

  it('the template filters with $user.vendorId and $today work as the app sends them', async () => {
    const toReview = await items('kai.vogel', 'PurchaseOrder', { filter: { vendor: '$user.vendorId', status: 'Sent' }, sort: 'sentAt' });
    expect(toReview.length).toBeGreaterThan(0);
    expect(toReview.every((o) => o.status === 'Sent')).toBe(true);
    const today = await items('emma.fischer', 'ExpenseLine', { filter: { owner: '$user', date: '$today' } });
    expect(today.every((line) => line.date === '2025-06-11')).toBe(true);
    expect(today.length).toBeGreaterThan(0);
  });

  it('reads `$$…` as a literal text starting with `$`, not as a variable', async () => {
    expect(await items('admin', 'Item', { filter: { name: '$$user' } })).toEqual([]);
    const answer = await query('admin', `Item?filter=${encodeURIComponent(JSON.stringify({ name: '$nobody' }))}`);
    expect(answer.status).toBe(400);
  });

  it('reads one record with its _version', async () => {
    const response = await query('jonas.keller', 'Item/I-00001');
    expect(response.status).toBe(200);
    expect(await json(response)).toMatchObject({ number: 'I-00001', _version: 1 });
    expect((await query('jonas.keller', 'Item/I-99999')).status).toBe(404);
    expect((await query('jonas.keller', 'Nothing/1')).status).toBe(404);
  });
});

describe('filter, sort, search, paging', () => {
  it('filters with every operator', async () => {
    const entries = await items('clara.hoffmann', 'CostLine', { filter: { period: { gte: 3, lt: 5 }, revisionStatus: { in: ['None', 'Approved'] }, costCentre: { ne: 'CC-00002' } } });
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((e) => (e.period as number) >= 3 && (e.period as number) < 5 && e.costCentre !== 'CC-00002' && ['None', 'Approved'].includes(e.revisionStatus as string))).toBe(true);
    const items_ = await items('jonas.keller', 'Item', { filter: { name: { contains: 'BOLT' }, blocked: false } });
    expect(items_.length).toBeGreaterThan(0);
    expect(items_.every((i) => String(i.name).toLowerCase().includes('bolt') && i.blocked === false)).toBe(true);
  });

  it('sorts, with empty values last in both directions', async () => {
    for (const sort of ['submittedAt', '-submittedAt']) {
      const reports = await items('clara.hoffmann', 'ExpenseReport', { sort });
      const values = reports.map((r) => r.submittedAt as string | null);
      const firstNull = values.indexOf(null);
      expect(firstNull).toBeGreaterThan(0);
      expect(values.slice(firstNull).every((v) => v === null)).toBe(true);
      const present = values.slice(0, firstNull) as string[];
      const ordered = [...present].sort();
      expect(present).toEqual(sort.startsWith('-') ? ordered.reverse() : ordered);
    }
  });

  it('pages with a cursor: every record once, in the same order as one big page', async () => {
    for (const sort of ['-date,merchant', 'receiptNote,-amount', '']) {
      const params = { sort, filter: { amount: { gt: 20 } } };
      const whole = await items('clara.hoffmann', 'ExpenseLine', params);
      const paged = await allPages('clara.hoffmann', 'ExpenseLine', { ...params, limit: '7' });
      expect(paged.map((r) => r.id)).toEqual(whole.map((r) => r.id));
      expect(new Set(paged.map((r) => r.id)).size).toBe(paged.length);
    }
  });

  it('searches the text fields, or the fields named, ignoring case', async () => {
    const hits = await items('jonas.keller', 'Item', { search: 'SENSOR' });
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((i) => JSON.stringify(i).toLowerCase().includes('sensor'))).toBe(true);
    const byBarcode = await items('jonas.keller', 'Item', { search: 'sensor', searchFields: 'barcode' });
    expect(byBarcode).toEqual([]);
  });

  it('limits pages to 500 and defaults to 50', async () => {
    const page = await json<Page>(await query('clara.hoffmann', 'CostLine'));
    expect(page.items.length).toBe(50);
    expect(page.nextCursor).not.toBeNull();
    expect((await query('clara.hoffmann', 'CostLine', { limit: '501' })).status).toBe(400);
    expect((await query('clara.hoffmann', 'CostLine', { limit: '0' })).status).toBe(400);
  });
});

describe('only known fields, never SQL from input', () => {
  const count = async (): Promise<number> => (await items('admin', 'Item')).length;

  it.each([
    ['an unknown filter field', { filter: { nmae: 'x' } }, /Unknown field `nmae` of Item in filter/],
    ['SQL in a filter field name', { filter: { "name') OR 1=1 --": 'x' } }, /Unknown field `name'\) OR 1=1 --`/],
    ['a JSON path in a filter field name', { filter: { 'name.x': 'x' } }, /Unknown field `name\.x`/],
    ['an unknown operator', { filter: { name: { like: '%' } } }, /Unknown operator `like`/],
    ['a wrongly typed value', { filter: { salesPrice: 'cheap' } }, /decimal: the value must be a number/],
    ['an enum value that does not exist', { filter: { itemGroup: 'Weapons' } }, /not a value of `itemGroup`/],
    ['$record outside a page', { filter: { number: '$record.number' } }, /cannot be used here/],
    ['filter that is not JSON', { filter: '{"name":' }, /not valid JSON/],
    ['a filter that is a list', { filter: '[1,2]' }, /JSON object/],
    ['SQL in sort', { sort: 'name;DROP TABLE records' }, /Unknown field `name;DROP TABLE records` of Item in sort/],
    ['a subquery in sort', { sort: '-name,(SELECT 1)' }, /Unknown field `\(SELECT 1\)`/],
    ['SQL in searchFields', { search: 'x', searchFields: 'name) OR 1=1 --' }, /Unknown field/],
    ['a cursor of another shape', { cursor: Buffer.from('[{"a":1},2]').toString('base64url') }, /cursor is not one this query returned/],
    ['an unknown query parameter', { where: '1=1' }, /Unknown query parameter `where`/],
  ])('%s: 400 naming it', async (_name, params, message) => {
    const before = await count();
    const response = await query('jonas.keller', 'Item', params as Record<string, string | object>);
    expect(response.status).toBe(400);
    const problem = await json<{ type: string; detail: string; errors: Array<{ pointer: string }> }>(response);
    expect(problem.type).toBe('https://mwkit.dev/problems/invalid-request');
    expect(problem.detail).toMatch(message);
    expect(problem.errors.length).toBeGreaterThan(0);
    expect(await count()).toBe(before);
  });

  it('quotes and wildcards in values and search text match literally', async () => {
    expect(await items('jonas.keller', 'Item', { filter: { name: "x' OR '1'='1" } })).toEqual([]);
    expect(await items('jonas.keller', 'Item', { filter: { name: { in: ["' OR 1=1 --", '%'] } } })).toEqual([]);
    expect(await items('jonas.keller', 'Item', { search: "%' OR 1=1 --" })).toEqual([]);
    expect(await items('jonas.keller', 'Item', { search: '%' })).toEqual([]);
    expect(await items('jonas.keller', 'Item', { filter: { name: { contains: '_' } } })).toEqual([]);
    expect((await items('admin', 'Item')).length).toBe(80);
  });

  it('a cursor holding SQL is only a position: records after that key', async () => {
    const key = "I-00070') OR 1=1 --";
    const rows = await items('jonas.keller', 'Item', { cursor: Buffer.from(JSON.stringify([key])).toString('base64url') });
    expect(rows.map((r) => r.number)).toEqual(['I-00071', 'I-00072', 'I-00073', 'I-00074', 'I-00075', 'I-00076', 'I-00077', 'I-00078', 'I-00079', 'I-00080']);
  });

  it('an entity name that is not an identifier is refused before any lookup', async () => {
    const response = await server.api("/data/Item';--", { token: await server.signIn('jonas.keller') });
    expect(response.status).toBe(400);
  });
});
