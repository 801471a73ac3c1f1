// Every write goes through the entity rules: who may create, change, delete and run operations,
// in which state; values checked against the catalog; figures the environment keeps (totals,
// status copies, available quantities) updated in the same transaction. Run against the SQLite
// store over the demo company.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataRecord } from '../../src/logic/api.js';
import { compileModel, type ModelEntity, modelFromFiles } from '../../src/model/data-model.js';
import { builtInModel } from '../../src/server/domain/built-in-model.js';
import { builtInCatalog, indexedFields } from '../../src/server/domain/catalog.js';
import type { User } from '../../src/server/domain/users.js';
import { applyWrite, type WriteOutcome, type WriteRequest } from '../../src/server/domain/writes.js';
import { seedEnvironment } from '../../src/server/seed.js';
import { openSqliteStore } from '../../src/server/store/sqlite/index.js';
import type { Store } from '../../src/server/store/types.js';
import { tempFolder } from './helpers.js';

const now = new Date('2025-06-11T10:00:00Z');
const catalog = builtInCatalog().catalog;
const dataDir = tempFolder();
let store: Store;
let users: Map<string, User>;

beforeAll(async () => {
  store = openSqliteStore({ dataDir, indexedFields: indexedFields(catalog) });
  await seedEnvironment(store, { demo: true, now });
  users = new Map((await store.listUsers()).map((user) => [user.id, user]));
});

afterAll(async () => {
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function write(userId: string, request: Partial<WriteRequest> & Pick<WriteRequest, 'entity' | 'kind'>): Promise<WriteOutcome> {
  return store.transaction('write', (tx) => applyWrite(tx, builtInModel(), users.get(userId)!, { values: {}, ...request }, now));
}

async function record(entity: string, key: string): Promise<DataRecord> {
  return JSON.parse((await store.getRecord(entity, key, { kind: 'all' }))!) as DataRecord;
}

function applied(outcome: WriteOutcome): Extract<WriteOutcome, { ok: true }> {
  if (!outcome.ok) throw new Error(`refused: ${outcome.problem.detail}`);
  return outcome;
}

function refusal(outcome: WriteOutcome): { status: number; detail: string; field?: string } {
  if (outcome.ok) throw new Error('the write was applied');
  return { status: outcome.problem.status, detail: outcome.problem.detail, ...(outcome.problem.field ? { field: outcome.problem.field } : {}) };
}

describe('an expense report from draft to approval', () => {
  let report = '';
  let line = '';

  it('creates a report: a new key, the environment sets owner, approver, status and totals', async () => {
    const outcome = applied(await write('emma.fischer', { entity: 'ExpenseReport', kind: 'create', values: { purpose: 'Client workshop Lyon', project: 'P-00002' } }));
    report = outcome.key;
    expect(report).toMatch(/^EXP-\d{5}$/);
    expect(outcome.record).toMatchObject({
      number: report,
      owner: 'emma.fischer',
      approver: 'maria.schmidt',
      status: 'Draft',
      total: 0,
      lineCount: 0,
      currency: 'EUR',
      createdAt: '2025-06-11T10:00:00Z',
      _version: 1,
    });
  });

  it('refuses read-only, unknown and mistyped values, naming the field', async () => {
    expect(refusal(await write('emma.fischer', { entity: 'ExpenseReport', kind: 'create', values: { purpose: 'x', status: 'Approved' } }))).toMatchObject({ status: 422, field: 'status' });
    expect(refusal(await write('emma.fischer', { entity: 'ExpenseReport', kind: 'create', values: { purpose: 'x', bonus: 1 } }))).toMatchObject({ status: 400, field: 'bonus' });
    expect(refusal(await write('emma.fischer', { entity: 'ExpenseReport', kind: 'create', values: { purpose: 'x', currency: 'BTC' } }))).toMatchObject({ status: 422, field: 'currency' });
    expect(refusal(await write('emma.fischer', { entity: 'ExpenseReport', kind: 'create', values: { purpose: 'x', project: 'P-99999' } }))).toMatchObject({
      status: 422,
      field: 'project',
      detail: expect.stringMatching(/no Project P-99999/),
    });
    expect(refusal(await write('emma.fischer', { entity: 'ExpenseReport', kind: 'create', values: {} }))).toMatchObject({ status: 422, field: 'purpose', detail: expect.stringMatching(/required/) });
  });

  it("adds a line: copies owner and status, and updates the report's figures in the same step", async () => {
    const outcome = applied(
      await write('emma.fischer', { entity: 'ExpenseLine', kind: 'create', values: { reportNumber: report, date: '2025-06-10', category: 'CAT-00002', amount: 120.5, merchant: 'Hotel Adler' } }),
    );
    line = outcome.key;
    expect(outcome.record).toMatchObject({ owner: 'emma.fischer', status: 'Draft', currency: 'EUR', receiptAttached: false });
    expect(outcome.sideEffects).toEqual([{ entity: 'ExpenseReport', key: report, from: 1, to: 2 }]);
    expect(await record('ExpenseReport', report)).toMatchObject({ total: 120.5, lineCount: 1, missingReceipts: 1, _version: 2 });
  });

  it('refuses to submit while a receipt is missing, then submits once it is attached', async () => {
    expect(refusal(await write('emma.fischer', { entity: 'ExpenseReport', kind: 'operation', key: report, operation: 'submitExpenseReport' }))).toMatchObject({
      status: 422,
      detail: expect.stringMatching(/receipt/),
    });
    applied(await write('emma.fischer', { entity: 'ExpenseLine', kind: 'update', key: line, values: { receiptAttached: true } }));
    const submitted = applied(await write('emma.fischer', { entity: 'ExpenseReport', kind: 'operation', key: report, operation: 'submitExpenseReport' }));
    expect(submitted.record).toMatchObject({ status: 'Submitted', submittedAt: '2025-06-11T10:00:00Z', missingReceipts: 0 });
    expect(submitted.sideEffects).toEqual([{ entity: 'ExpenseLine', key: line, from: 2, to: 3 }]);
    expect(await record('ExpenseLine', line)).toMatchObject({ status: 'Submitted' });
  });

  it('locks the lines of a submitted report', async () => {
    expect(refusal(await write('emma.fischer', { entity: 'ExpenseLine', kind: 'update', key: line, values: { amount: 99 } }))).toMatchObject({ status: 422, detail: expect.stringMatching(/draft/) });
  });

  it('hides the report from other employees, and lets only its approver decide', async () => {
    expect(refusal(await write('lucas.martin', { entity: 'ExpenseReport', kind: 'update', key: report, values: { purpose: 'mine now' } }))).toMatchObject({ status: 404 });
    expect(refusal(await write('james.wilson', { entity: 'ExpenseReport', kind: 'operation', key: report, operation: 'approveExpenseReport' }))).toMatchObject({ status: 404 });
    expect(refusal(await write('maria.schmidt', { entity: 'ExpenseReport', kind: 'operation', key: report, operation: 'rejectExpenseReport', values: {} }))).toMatchObject({
      status: 422,
      field: 'reason',
    });
    const approved = applied(await write('maria.schmidt', { entity: 'ExpenseReport', kind: 'operation', key: report, operation: 'approveExpenseReport', values: { comment: 'Fine' } }));
    expect(approved.record).toMatchObject({ status: 'Approved' });
    expect(refusal(await write('maria.schmidt', { entity: 'ExpenseReport', kind: 'operation', key: report, operation: 'approveExpenseReport' }))).toMatchObject({ status: 422 });
  });

  it('deletes a draft report together with its lines', async () => {
    const draft = applied(await write('emma.fischer', { entity: 'ExpenseReport', kind: 'create', values: { purpose: 'To delete' } })).key;
    const draftLine = applied(await write('emma.fischer', { entity: 'ExpenseLine', kind: 'create', values: { reportNumber: draft, date: '2025-06-11', category: 'CAT-00005', amount: 40 } })).key;
    const deleted = applied(await write('emma.fischer', { entity: 'ExpenseReport', kind: 'delete', key: draft }));
    expect(deleted).toMatchObject({ record: null, sideEffects: [{ entity: 'ExpenseLine', key: draftLine }] });
    expect(await store.getRecord('ExpenseLine', draftLine, { kind: 'all' })).toBeUndefined();
  });
});

describe("other templates' rules", () => {
  it('a vendor confirms an order sent to their company; the lines get the date; another vendor cannot', async () => {
    const rows = await store.queryRecords({
      entity: 'PurchaseOrder',
      where: {
        kind: 'and',
        items: [
          { kind: 'field', field: 'vendor', operator: 'eq', value: 'V-00001' },
          { kind: 'field', field: 'status', operator: 'eq', value: 'Sent' },
        ],
      },
      sort: [],
      limit: 10,
    });
    const order = rows[0]!.key;
    expect(
      refusal(await write('pierre.lambert', { entity: 'PurchaseOrder', kind: 'operation', key: order, operation: 'confirmPurchaseOrder', values: { confirmedDeliveryDate: '2025-07-01' } })),
    ).toMatchObject({ status: 404 });
    const confirmed = applied(
      await write('kai.vogel', { entity: 'PurchaseOrder', kind: 'operation', key: order, operation: 'confirmPurchaseOrder', values: { confirmedDeliveryDate: '2025-07-01', note: 'OK' } }),
    );
    expect(confirmed.record).toMatchObject({ status: 'Confirmed', confirmedDeliveryDate: '2025-07-01', vendorNote: 'OK' });
    const lines = await store.queryRecords({ entity: 'PurchaseOrderLine', where: { kind: 'field', field: 'orderNumber', operator: 'eq', value: order }, sort: [], limit: 50 });
    expect(lines.length).toBe(confirmed.sideEffects!.length);
    expect(lines.every((row) => (JSON.parse(row.json) as DataRecord).confirmedDeliveryDate === '2025-07-01')).toBe(true);
  });

  it("a warehouse count books the difference and updates the item's availability", async () => {
    const [row] = await store.queryRecords({ entity: 'InventoryOnHand', where: { kind: 'field', field: 'reservedQuantity', operator: 'gt', value: 0 }, sort: [], limit: 1 });
    const onHand = JSON.parse(row!.json) as DataRecord;
    const outcome = applied(
      await write('jonas.keller', { entity: 'InventoryOnHand', kind: 'operation', key: row!.key, operation: 'adjustCount', values: { countedQuantity: 500, reason: 'CycleCount' } }),
    );
    expect(outcome.record).toMatchObject({ physicalQuantity: 500, availableQuantity: 500 - (onHand.reservedQuantity as number), lastCountedBy: 'jonas.keller' });
    const item = await record('Item', String(onHand.item));
    const all = (await store.queryRecords({ entity: 'InventoryOnHand', where: { kind: 'field', field: 'item', operator: 'eq', value: String(onHand.item) }, sort: [], limit: 50 })).map(
      (r) => JSON.parse(r.json) as DataRecord,
    );
    expect(item.totalAvailable).toBeCloseTo(
      all.reduce((sum, r) => sum + (r.availableQuantity as number), 0),
      5,
    );
    expect(
      refusal(await write('emma.fischer', { entity: 'InventoryOnHand', kind: 'operation', key: row!.key, operation: 'adjustCount', values: { countedQuantity: 1, reason: 'Lost' } })),
    ).toMatchObject({ status: 404 });
  });

  it('a timesheet starts on the Monday of its week; entries must fall in that week', async () => {
    const sheet = applied(await write('mia.jansen', { entity: 'Timesheet', kind: 'create', values: { periodStart: '2025-07-10' } }));
    expect(sheet.record).toMatchObject({ periodStart: '2025-07-07', periodEnd: '2025-07-13', status: 'Open', owner: 'mia.jansen' });
    expect(
      refusal(await write('mia.jansen', { entity: 'TimesheetEntry', kind: 'create', values: { timesheetNumber: sheet.key, date: '2025-07-14', project: 'P-00001', category: 'Design', hours: 4 } })),
    ).toMatchObject({ status: 422, field: 'date' });
    const entry = applied(
      await write('mia.jansen', { entity: 'TimesheetEntry', kind: 'create', values: { timesheetNumber: sheet.key, date: '2025-07-08', project: 'P-00001', category: 'Design', hours: 4 } }),
    );
    expect(entry.record).toMatchObject({ billable: true, owner: 'mia.jansen', status: 'Open' });
    expect(await record('Timesheet', sheet.key)).toMatchObject({ totalHours: 4, billableHours: 4 });
    expect(refusal(await write('emma.fischer', { entity: 'Timesheet', kind: 'create', values: { periodStart: '2025-07-10' } }))).toMatchObject({ status: 403 });
  });

  it("sales order lines take the item's unit, price and a line number, and refuse blocked items", async () => {
    const order = applied(await write('emma.fischer', { entity: 'SalesOrder', kind: 'create', values: { customer: 'C-00001' } }));
    expect(order.record).toMatchObject({ salesRep: 'emma.fischer', status: 'Draft', orderDate: '2025-06-11' });
    const item = await record('Item', 'I-00001');
    const first = applied(await write('emma.fischer', { entity: 'SalesOrderLine', kind: 'create', values: { orderNumber: order.key, item: 'I-00001', quantity: 10, discountPercent: 10 } }));
    expect(first.record).toMatchObject({ lineNumber: 1, unit: item.unit, unitPrice: item.salesPrice, amount: Math.round((item.salesPrice as number) * 10 * 0.9 * 100) / 100, customer: 'C-00001' });
    const second = applied(await write('emma.fischer', { entity: 'SalesOrderLine', kind: 'create', values: { orderNumber: order.key, item: 'I-00002', quantity: 1 } }));
    expect(second.record).toMatchObject({ lineNumber: 2 });
    expect(refusal(await write('emma.fischer', { entity: 'SalesOrderLine', kind: 'create', values: { orderNumber: order.key, item: 'I-00029', quantity: 1 } }))).toMatchObject({
      status: 422,
      field: 'item',
      detail: expect.stringMatching(/blocked/),
    });
    expect(refusal(await write('emma.fischer', { entity: 'SalesOrderLine', kind: 'create', values: { orderNumber: order.key, item: 'I-00002', quantity: 0 } }))).toMatchObject({
      status: 422,
      field: 'quantity',
    });
  });
});

describe('under a model of its own', () => {
  // The same store and demo people, another model: the rules come with the model, not from a
  // table of the environment's, so a project's model is enforced as written.
  const visit: ModelEntity = {
    entity: 'Visit',
    key: 'number',
    keyPrefix: 'VIS-',
    fields: {
      number: { type: 'string', readOnly: true },
      purpose: { type: 'string', required: true },
      status: { type: 'enum', values: ['Planned', 'Done'], readOnly: true },
      owner: { type: 'user', readOnly: true },
    },
    read: [{ roles: 'any', filter: { owner: '$user' } }],
    create: { roles: ['Employee'] },
    onCreate: { owner: '$user', status: 'Planned' },
    operations: { completeVisit: { roles: 'any', where: { owner: '$user', status: 'Planned' }, refusal: 'Only your own planned visits can be completed.', set: { status: 'Done' } } },
  };
  const model = compileModel(
    modelFromFiles([
      { name: 'roles.yaml', data: { roles: { Employee: {} } } },
      { name: 'Visit.yaml', data: visit },
    ]),
  );
  const writeUnder = (userId: string, request: WriteRequest) => store.transaction('write', (tx) => applyWrite(tx, model, users.get(userId)!, request, now));

  it("makes keys with the model's prefix and sets what its onCreate says", async () => {
    const created = await writeUnder('emma.fischer', { entity: 'Visit', kind: 'create', values: { purpose: 'Kick-off' } });
    expect(created).toMatchObject({ ok: true, key: expect.stringMatching(/^VIS-\d{5}$/), record: { owner: 'emma.fischer', status: 'Planned' } });
  });

  it("refuses with the model's message, and knows no entity the model lacks", async () => {
    const created = await writeUnder('emma.fischer', { entity: 'Visit', kind: 'create', values: { purpose: 'Review' } });
    const key = (created as { key: string }).key;
    expect(await writeUnder('noah.dubois', { entity: 'Visit', kind: 'operation', operation: 'completeVisit', key, values: {} })).toMatchObject({ ok: false, problem: { status: 404 } });
    const done = await writeUnder('emma.fischer', { entity: 'Visit', kind: 'operation', operation: 'completeVisit', key, values: {} });
    expect(done).toMatchObject({ ok: true, record: { status: 'Done' } });
    expect(await writeUnder('emma.fischer', { entity: 'Visit', kind: 'operation', operation: 'completeVisit', key, values: {} })).toMatchObject({
      ok: false,
      problem: { detail: 'Only your own planned visits can be completed.' },
    });
    expect(await writeUnder('emma.fischer', { entity: 'ExpenseReport', kind: 'create', values: { purpose: 'Not in this model' } })).toMatchObject({
      ok: false,
      problem: { detail: 'This environment has no entity ExpenseReport.' },
    });
  });
});
