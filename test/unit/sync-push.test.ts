import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/model/types.js';
import type { User } from '../../src/server/domain/users.js';
import { applyBatch, type PushContext } from '../../src/server/sync/push.js';
import { duplicateOperationIds } from '../../src/server/sync/request.js';
import type { ClientOperation, OperationResult } from '../../src/server/sync/types.js';
import { DeferredAnswers } from '../helpers/deferred.js';
import catalogJson from '../../templates/catalog.json' with { type: 'json' };
import { builtInModel } from '../../src/server/domain/built-in-model.js';
import type { DataRecord } from '../../src/logic/api.js';
import { problem } from '../../src/server/sync/problems.js';
import type { StoredOperation, StoredRecord, SyncTransaction, WriteOutcome, WriteRequest } from '../../src/server/sync/types.js';
// An in-memory SyncTransaction for the sync domain's unit tests: records with versions and
// tombstones, stored operation results, local keys, and a small rule set standing in for the
// environment's entity rules (purpose required; only the owner changes a draft report). It
// answers on a later turn of the event loop, as a database across a network does, and its
// commit fails while a call is still pending (a forgotten await in the sync domain).

class FakeSyncStore implements SyncTransaction {
  readonly records = new Map<string, StoredRecord>();
  readonly operations = new Map<string, StoredOperation & { at: string }>();
  readonly localKeys = new Map<string, string>();
  writes = 0;
  private nextNumber = 1;
  private readonly answers = new DeferredAnswers();

  private id(entity: string, key: string): string {
    return `${entity}/${key}`;
  }

  /** Test setup and assertions: synchronous, outside any batch. */
  put(entity: string, key: string, data: DataRecord, version = 1): void {
    this.records.set(this.id(entity, key), { data, version, deleted: false });
  }

  stored(entity: string, key: string): StoredRecord | undefined {
    return this.records.get(this.id(entity, key));
  }

  commit(): void {
    this.answers.commit();
  }

  findOperations(operationIds: readonly string[]) {
    return this.answers.answer(() => new Map(operationIds.flatMap((id) => (this.operations.has(id) ? [[id, structuredClone(this.operations.get(id)!)] as const] : []))));
  }

  saveOperation(operationId: string, operation: StoredOperation & { at: string }) {
    return this.answers.answer(() => void this.operations.set(operationId, structuredClone(operation)));
  }

  getRecord(entity: string, key: string) {
    return this.answers.answer(() => this.stored(entity, key));
  }

  getRecords(entity: string, keys: readonly string[]) {
    return this.answers.answer(() => new Map(keys.flatMap((key) => (this.stored(entity, key) ? [[key, this.stored(entity, key)!] as const] : []))));
  }

  resolveLocalKeys(deviceId: string, localKeys: readonly string[]) {
    return this.answers.answer(
      () =>
        new Map(
          localKeys.flatMap((localKey) => {
            const key = this.localKeys.get(`${deviceId}/${localKey}`);
            return key === undefined ? [] : [[localKey, key] as const];
          }),
        ),
    );
  }

  saveLocalKey(deviceId: string, localKey: string, _entity: string, key: string) {
    return this.answers.answer(() => void this.localKeys.set(`${deviceId}/${localKey}`, key));
  }

  write(user: User, request: WriteRequest, _now: Date): Promise<WriteOutcome> {
    return this.answers.answer(() => this.writeNow(user, request));
  }

  /** A line bumps its report's version (its total), as the environment's computed fields do. */
  private addLine(request: WriteRequest): WriteOutcome {
    const reportKey = String(request.values.reportNumber);
    const report = this.stored('ExpenseReport', reportKey)!;
    const total = Number(report.data.total ?? 0) + Number(request.values.amount ?? 0);
    this.records.set(`ExpenseReport/${reportKey}`, { ...report, data: { ...report.data, total }, version: report.version + 1 });
    const key = `EXL-${this.nextNumber++}`;
    this.put('ExpenseLine', key, { id: key, ...request.values });
    return { ok: true, key, version: 1, record: { id: key, ...request.values, _version: 1 }, sideEffects: [{ entity: 'ExpenseReport', key: reportKey, from: report.version, to: report.version + 1 }] };
  }

  private writeNow(user: User, request: WriteRequest): WriteOutcome {
    this.writes++;
    const { entity, kind } = request;
    if (kind === 'create' && entity === 'ExpenseLine') return this.addLine(request);
    if (kind === 'create') {
      if (entity === 'ExpenseReport' && !request.values.purpose) return { ok: false, problem: problem('unprocessable', 'Purpose is required.', { field: 'purpose' }) };
      const key = `EXP-${String(this.nextNumber++).padStart(5, '0')}`;
      const data = { number: key, owner: user.id, status: 'Draft', ...request.values };
      this.put(entity, key, data);
      return { ok: true, key, version: 1, record: { ...data, _version: 1 } };
    }
    const current = this.stored(entity, request.key!)!;
    if (current.data.owner !== user.id) return { ok: false, problem: problem('forbidden', 'Only your own draft reports can be changed.') };
    const version = current.version + 1;
    if (kind === 'delete') {
      this.records.set(this.id(entity, request.key!), { ...current, version, deleted: true });
      return { ok: true, key: request.key!, version, record: null };
    }
    const data = kind === 'operation' ? { ...current.data, status: 'Submitted' } : { ...current.data, ...request.values };
    this.records.set(this.id(entity, request.key!), { data, version, deleted: false });
    return { ok: true, key: request.key!, version, record: { ...data, _version: version } };
  }
}

/** A batch as the sync service runs it: applied, then committed (which fails while a call is pending). */
async function push(store: FakeSyncStore, operations: readonly ClientOperation[], pushContext: PushContext): Promise<OperationResult[]> {
  const results = await applyBatch(store, operations, pushContext);
  store.commit();
  return results;
}

const catalog = catalogJson as unknown as Catalog;
const anna: User = { id: 'anna', name: 'Anna', roles: ['Employee'], attributes: { managerId: 'max' }, isAdmin: false };
const ben: User = { id: 'ben', name: 'Ben', roles: ['Employee'], attributes: {}, isAdmin: false };
const now = new Date('2025-03-14T12:00:00Z');

function context(user = anna, deviceId = 'device-1'): PushContext {
  return { user, deviceId, model: { ...builtInModel(), catalog }, now };
}

function storeWithReport(): FakeSyncStore {
  const store = new FakeSyncStore();
  store.put('ExpenseReport', 'EXP-1', { number: 'EXP-1', purpose: 'Customer visit', owner: 'anna', status: 'Draft' }, 3);
  return store;
}

const edit = (id: string, purpose: string, baseVersion: number): ClientOperation => ({
  id,
  entity: 'ExpenseReport',
  kind: 'update',
  key: 'EXP-1',
  baseVersion,
  values: { purpose },
});

describe('applyBatch', async () => {
  it('applies a batch pushed three times once, and answers each replay with the stored results', async () => {
    const store = storeWithReport();
    const batch: ClientOperation[] = [{ id: 'op-1', entity: 'ExpenseReport', kind: 'create', key: 'local:a', values: { purpose: 'Fair' } }, edit('op-2', 'Customer visit, Lyon', 3)];
    const first = await push(store, batch, context());
    const second = await push(store, batch, context());
    const third = await push(store, batch, context());
    expect(first.map((r) => r.status)).toEqual(['applied', 'applied']);
    expect(second).toEqual(first);
    expect(third).toEqual(first);
    expect(store.writes).toBe(2);
    expect(store.stored('ExpenseReport', 'EXP-1')?.version).toBe(4);
    expect([...store.records.keys()].filter((k) => k.startsWith('ExpenseReport/'))).toHaveLength(2);
  });

  it('applies operations in the order the device made them', async () => {
    const store = storeWithReport();
    const results = await push(store, [edit('op-1', 'First', 3), edit('op-2', 'Second', 4), edit('op-3', 'Third', 5)], context());
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    expect(store.stored('ExpenseReport', 'EXP-1')?.data.purpose).toBe('Third');
    expect(results.map((r) => (r.status === 'applied' ? r.version : null))).toEqual([4, 5, 6]);
  });

  it('lets later operations name a record created earlier by its local key, in this batch or a later one', async () => {
    const store = new FakeSyncStore();
    const [created] = await push(store, [{ id: 'op-1', entity: 'ExpenseReport', kind: 'create', key: 'local:r1', values: { purpose: 'Fair' } }], context());
    expect(created).toMatchObject({ status: 'applied', key: 'EXP-00001', localKey: 'local:r1' });
    const [changed] = await push(store, [{ id: 'op-2', entity: 'ExpenseReport', kind: 'update', key: 'local:r1', baseVersion: 1, values: { purpose: 'Trade fair' } }], context());
    expect(changed).toMatchObject({ status: 'applied', key: 'EXP-00001', version: 2 });
    // Local keys belong to one device.
    const [other] = await push(store, [{ id: 'op-3', entity: 'ExpenseReport', kind: 'update', key: 'local:r1', baseVersion: 2, values: {} }], context(anna, 'device-2'));
    expect(other).toMatchObject({ status: 'rejected', problem: { status: 404 } });
  });

  it('sees its own earlier operations within one batch: their local keys, their results, their creates', async () => {
    // The batch reads the log once at its start; what it writes itself must still count.
    const store = new FakeSyncStore();
    const create = { id: 'op-1', entity: 'ExpenseReport', kind: 'create', key: 'local:r1', values: { purpose: 'Fair' } } as const;
    const results = await push(
      store,
      [create, { id: 'op-2', entity: 'ExpenseReport', kind: 'update', key: 'local:r1', baseVersion: 1, values: { purpose: 'Trade fair' } }, create, { ...create, id: 'op-3' }],
      context(),
    );
    expect(results[1]).toMatchObject({ status: 'applied', key: 'EXP-00001', version: 2 });
    expect(results[2]).toEqual(results[0]);
    expect(results[3]).toMatchObject({ status: 'rejected', problem: { status: 409, detail: expect.stringContaining('created already') } });
    expect(store.writes).toBe(2);
  });

  it("answers a write against a stale version with a conflict carrying the server's record, and changes nothing", async () => {
    const store = storeWithReport();
    const [result] = await push(store, [edit('op-1', 'Mine', 2)], context());
    expect(result).toEqual({
      id: 'op-1',
      status: 'conflict',
      entity: 'ExpenseReport',
      key: 'EXP-1',
      version: 3,
      record: { number: 'EXP-1', purpose: 'Customer visit', owner: 'anna', status: 'Draft', _version: 3 },
      message: expect.stringContaining('changed'),
    });
    expect(store.writes).toBe(0);
    // Keep mine: the same change, re-queued against the new version, applies.
    const [again] = await push(store, [edit('op-2', 'Mine', 3)], context());
    expect(again).toMatchObject({ status: 'applied', version: 4 });
  });

  it("does not count versions the device's own earlier operations produced as a conflict", async () => {
    const store = storeWithReport();
    const results = await push(
      store,
      [
        { id: 'op-1', entity: 'ExpenseLine', kind: 'create', key: 'local:l1', values: { reportNumber: 'EXP-1', amount: 20 } },
        edit('op-2', 'Made against version 3', 3),
        { id: 'op-3', entity: 'ExpenseReport', kind: 'create', key: 'local:r', values: { purpose: 'New' } },
        { id: 'op-4', entity: 'ExpenseReport', kind: 'update', key: 'local:r', baseVersion: 0, values: { purpose: 'Newer' } },
      ],
      context(),
    );
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied']);
    expect(results[0]).toMatchObject({
      changed: [
        { entity: 'ExpenseLine', from: 0, to: 1 },
        { entity: 'ExpenseReport', key: 'EXP-1', from: 3, to: 4 },
      ],
    });
    expect(store.stored('ExpenseReport', 'EXP-1')).toMatchObject({ version: 5, data: { purpose: 'Made against version 3', total: 20 } });
  });

  it("still sees someone else's change between the device's base and its own change", async () => {
    const store = storeWithReport();
    store.put('ExpenseReport', 'EXP-1', { number: 'EXP-1', purpose: 'Changed elsewhere', owner: 'anna', status: 'Draft' }, 4);
    const results = await push(store, [{ id: 'op-1', entity: 'ExpenseLine', kind: 'create', values: { reportNumber: 'EXP-1', amount: 20 } }, edit('op-2', 'Made against version 3', 3)], context());
    expect(results.map((r) => r.status)).toEqual(['applied', 'conflict']);
    expect(results[1]).toMatchObject({ version: 5, record: { purpose: 'Changed elsewhere' } });
  });

  it('rejects writes to records the user may not see, without telling whether they exist or their version', async () => {
    const store = storeWithReport();
    const results = await push(store, [edit('op-1', 'Hijack', 3), edit('op-2', 'Hijack', 1), { ...edit('op-3', 'x', 1), key: 'EXP-404' }], context(ben));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    for (const result of results) expect(result).toMatchObject({ problem: { type: 'https://mwkit.dev/problems/not-found', status: 404 } });
    expect(results[0]).not.toHaveProperty('record');
    expect(store.writes).toBe(0);
    expect(store.stored('ExpenseReport', 'EXP-1')?.data.purpose).toBe('Customer visit');
  });

  it("passes the rules' refusal on as a rejection with problem details", async () => {
    const store = new FakeSyncStore();
    const [result] = await push(store, [{ id: 'op-1', entity: 'ExpenseReport', kind: 'create', values: { purpose: '' } }], context());
    expect(result).toMatchObject({ status: 'rejected', problem: { status: 422, detail: 'Purpose is required.', field: 'purpose' } });
  });

  it('rejects an operation that depends on a create the environment did not accept', async () => {
    const store = new FakeSyncStore();
    const results = await push(
      store,
      [
        { id: 'op-1', entity: 'ExpenseReport', kind: 'create', key: 'local:r1', values: { purpose: '' } },
        { id: 'op-2', entity: 'ExpenseLine', kind: 'create', values: { reportNumber: 'local:r1', amount: 3 } },
      ],
      context(),
    );
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(results[1]).toMatchObject({ problem: { detail: expect.stringContaining('not accepted') } });
  });

  it('treats deleting a deleted record as done, and changing one as a conflict with no record', async () => {
    const store = storeWithReport();
    await push(store, [{ id: 'op-1', entity: 'ExpenseReport', kind: 'delete', key: 'EXP-1', baseVersion: 3, values: {} }], context());
    const results = await push(store, [{ id: 'op-2', entity: 'ExpenseReport', kind: 'delete', key: 'EXP-1', baseVersion: 3, values: {} }, edit('op-3', 'Too late', 3)], context());
    expect(results[0]).toMatchObject({ status: 'applied', record: null });
    expect(results[1]).toMatchObject({ status: 'conflict', record: null, version: 4 });
  });

  it("does not reveal another user's result for a reused operation id", async () => {
    const store = storeWithReport();
    await push(store, [edit('op-1', 'Mine', 3)], context());
    const [result] = await push(store, [edit('op-1', 'Mine', 3)], context(ben));
    expect(result).toMatchObject({ status: 'rejected', problem: { status: 409 } });
    expect(result).not.toHaveProperty('version');
  });

  it('rejects operations that name no key, version, entity or operation', async () => {
    const store = storeWithReport();
    const results = await push(
      store,
      [
        { id: 'a', entity: 'Nope', kind: 'create', values: {} },
        { id: 'b', entity: 'ExpenseReport', kind: 'update', values: {} },
        { id: 'c', entity: 'ExpenseReport', kind: 'update', key: 'EXP-1', values: {} },
        { id: 'd', entity: 'ExpenseReport', kind: 'operation', key: 'EXP-1', baseVersion: 3, operation: 'fly', values: {} },
      ],
      context(),
    );
    expect(results.map((r) => (r.status === 'rejected' ? r.problem.status : r.status))).toEqual([400, 400, 400, 400]);
  });

  it('the fake store catches a forgotten await: its commit fails while a call is pending', async () => {
    const store = storeWithReport();
    void store.saveOperation('op-1', {
      userId: 'anna',
      deviceId: 'device-1',
      at: now.toISOString(),
      result: { id: 'op-1', status: 'rejected', entity: 'ExpenseReport', problem: problem('conflict', 'x') },
    });
    expect(() => store.commit()).toThrow(/still pending at commit: an await is missing/);
    await new Promise((resolve) => setImmediate(resolve));
    expect(() => store.commit()).not.toThrow();
  });
});

describe('duplicateOperationIds', () => {
  it('accepts a batch whose ids are all different', () => {
    expect(duplicateOperationIds({ deviceId: 'd', operations: [edit('op-1', 'x', 1), edit('op-2', 'x', 1)] })).toEqual([]);
  });

  it('names every repeat after the first, by its index', () => {
    const operations = [edit('a', 'x', 1), edit('b', 'x', 1), edit('a', 'x', 1), edit('a', 'x', 1)];
    expect(duplicateOperationIds({ deviceId: 'd', operations }).map((p) => p.pointer)).toEqual(['/operations/2/id', '/operations/3/id']);
  });

  it('takes any body, since the schema may have refused it', () => {
    for (const body of [null, 'text', { operations: 'x' }, { operations: [null, 1, { id: 5 }, { id: 5 }] }]) expect(duplicateOperationIds(body)).toEqual([]);
  });
});
