// Guards for the store's unit of work, per store (issue 28, step 1): what the redesign to an
// asynchronous transaction must keep. A push batch commits whole — device claim, records,
// operation results and offline keys — or not at all; the same batch pushed twice at once is
// applied once; concurrent applies of one package are decided once.
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInModel } from '../../src/server/domain/built-in-model.js';
import { builtInCatalog } from '../../src/server/domain/catalog.js';
import type { User } from '../../src/server/domain/users.js';
import { syncTransaction } from '../../src/server/services/sync.js';
import { seedEnvironment } from '../../src/server/seed.js';
import { PackageService } from '../../src/server/services/packages.js';
import { all } from '../../src/server/domain/conditions.js';
import type { Store, UnitOfWork } from '../../src/server/store/types.js';
import { applyBatch } from '../../src/server/sync/push.js';
import type { ClientOperation, OperationResult } from '../../src/server/sync/types.js';
import { makePackage, tempFolder } from './helpers.js';
import { storeFactories } from './store-factories.js';

const catalog = builtInCatalog().catalog;
const model = builtInModel();
const now = new Date('2025-06-11T10:00:00Z');

class DiskFull extends Error {}

/** The records and sync log of one transaction, with the `failAt`-th put throwing (a full disk, a bug). */
function failingAt(tx: UnitOfWork, failAt: number): UnitOfWork {
  let puts = 0;
  return {
    ...tx,
    async put(...args) {
      puts++;
      if (puts === failAt) throw new DiskFull(`put ${puts}`);
      return tx.put(...args);
    },
  };
}

/** What POST /sync/push does with a batch, in one transaction of `store`. */
function push(store: Store, user: User, deviceId: string, operations: ClientOperation[], failAt?: number): Promise<OperationResult[]> {
  return store.transaction('write', async (tx) => {
    const view = failAt === undefined ? tx : failingAt(tx, failAt);
    if ((await view.claimDevice(deviceId, user.id, now.toISOString())) !== user.id) throw new Error(`${deviceId} is another user's device`);
    return applyBatch(syncTransaction(view, model), operations, { user, deviceId, model, now });
  });
}

/** A report made offline, two lines on it (each also updates the report's figures), and a contact. */
function offlineBatch(): { operations: ClientOperation[]; localKeys: string[] } {
  const report = `local:${randomUUID()}`;
  const lines = [`local:${randomUUID()}`, `local:${randomUUID()}`];
  return {
    localKeys: [report, ...lines],
    operations: [
      { id: randomUUID(), entity: 'ExpenseReport', kind: 'create', key: report, values: { purpose: 'Guard test' } },
      ...lines.map(
        (key, i): ClientOperation => ({ id: randomUUID(), entity: 'ExpenseLine', kind: 'create', key, values: { reportNumber: report, date: '2025-06-10', category: 'CAT-00002', amount: 10 + i } }),
      ),
      { id: randomUUID(), entity: 'Contact', kind: 'create', key: `local:${randomUUID()}`, values: { name: 'Guard contact' } },
    ],
  };
}

describe.each(storeFactories)('the $name store', (factory) => {
  const dataDir = tempFolder();
  let store: Store;
  let emma: User;

  beforeAll(async () => {
    store = factory.open(dataDir);
    await seedEnvironment(store, { demo: true, now });
    emma = (await store.listUsers()).find((user) => user.id === 'emma.fischer')!;
  });

  afterAll(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Who owns `deviceId` now (undefined: nobody), asked inside a transaction that is then undone. */
  async function deviceOwner(deviceId: string): Promise<string | undefined> {
    const probe = 'nobody-yet';
    try {
      await store.transaction('write', async (tx) => {
        throw Object.assign(new Error('undo'), { owner: await tx.claimDevice(deviceId, probe, now.toISOString()) });
      });
    } catch (error) {
      const owner = (error as { owner?: string }).owner;
      return owner === probe ? undefined : owner;
    }
    throw new Error('unreachable');
  }

  it('a throw in the middle of a push batch leaves no records, results, offline keys or device claim', async () => {
    const deviceId = `phone-${randomUUID()}`;
    const { operations, localKeys } = offlineBatch();
    const before = await store.countRecords();
    // The third put is inside the first line: the report and its first figures are written by then.
    await expect(push(store, emma, deviceId, operations, 3)).rejects.toBeInstanceOf(DiskFull);
    expect(await store.countRecords()).toEqual(before);
    const left = await store.transaction('read', async (tx) => ({
      operations: (await tx.findOperations(operations.map((o) => o.id))).size,
      localKeys: (await tx.resolveLocalKeys(deviceId, localKeys)).size,
    }));
    expect(left).toEqual({ operations: 0, localKeys: 0 });
    expect(await deviceOwner(deviceId)).toBeUndefined();
    // The same batch then goes through whole: it was the failure, not the batch.
    const results = await push(store, emma, deviceId, operations);
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied']);
    expect(await deviceOwner(deviceId)).toBe('emma.fischer');
  });

  it('the same batch pushed twice at once is applied once, and both get the same results', async () => {
    const deviceId = `phone-${randomUUID()}`;
    const { operations } = offlineBatch();
    const before = await store.countRecords();
    const [first, second] = await Promise.all([push(store, emma, deviceId, operations), push(store, emma, deviceId, operations)]);
    expect(first!.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied']);
    expect(second).toEqual(first);
    const after = await store.countRecords();
    expect([after.ExpenseReport! - before.ExpenseReport!, after.ExpenseLine! - before.ExpenseLine!, after.Contact! - before.Contact!]).toEqual([1, 2, 1]);
  });

  /** A promise and the function that settles it: to hold a unit of work open at a known point. */
  function gate(): { opened: Promise<void>; open: () => void } {
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    return { opened, open };
  }

  const contact = (name: string) => ({ name });

  it('a unit of work held open across awaits: no other call runs inside it, nothing reads what it has not committed, and a throw undoes it', async () => {
    const key = `GUARD-${randomUUID()}`;
    const held = gate();
    const order: string[] = [];
    const first = store.transaction('write', async (tx) => {
      await tx.put('Contact', key, contact('uncommitted'), 1);
      order.push('first wrote');
      await held.opened;
      order.push('first ends');
      throw new DiskFull('after the write');
    });
    // Each of these arrives while the first unit is open, and must wait for it to end.
    const second = store.transaction('write', async (tx) => {
      order.push('second starts');
      return tx.get('Contact', key);
    });
    const read = store.getRecord('Contact', key, all).then((json) => (order.push('read answers'), json));
    const counted = store.countRecords().then((counts) => (order.push('count answers'), counts));
    for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(['first wrote']);
    held.open();
    await expect(first).rejects.toBeInstanceOf(DiskFull);
    expect(await second).toBeUndefined();
    expect(await read).toBeUndefined();
    expect((await counted).Contact).toBe((await store.countRecords()).Contact);
    expect(order).toEqual(['first wrote', 'first ends', 'second starts', 'read answers', 'count answers']);
  });

  it('a committed unit of work is seen whole by the next one', async () => {
    const keys = [`GUARD-${randomUUID()}`, `GUARD-${randomUUID()}`];
    await store.transaction('write', async (tx) => {
      for (const key of keys) await tx.put('Contact', key, contact(key), 1);
    });
    const seen = await store.transaction('read', async (tx) => tx.getMany('Contact', [...keys, 'GUARD-none']));
    expect([...seen.keys()].sort()).toEqual([...keys].sort());
    expect(seen.get(keys[0]!)).toMatchObject({ version: 1, deleted: false, data: { name: keys[0] } });
  });

  it('refuses what would escape the transaction: a call after the unit ended, a write in a read unit', async () => {
    let kept: UnitOfWork | undefined;
    await store.transaction('write', async (tx) => {
      kept = tx;
    });
    await expect(kept!.put('Contact', `GUARD-${randomUUID()}`, contact('late'), 1)).rejects.toThrow(/after it ended: an await is missing/);
    await expect(store.transaction('read', async (tx) => tx.put('Contact', `GUARD-${randomUUID()}`, contact('read'), 1))).rejects.toThrow(/read unit of work cannot write/);
    // The store still answers after each refusal.
    expect((await store.countRecords()).Contact).toBeGreaterThan(0);
  });

  it('two concurrent applies of one package are decided once: one applied, the others unchanged, one history entry', async () => {
    const service = new PackageService(store, catalog, () => now);
    const bytes = await makePackage({ name: `guard-apps-${factory.name}`, version: '1.0.0', workspaces: ['expense-management', 'sales-orders'] });
    const outcomes = await Promise.all([1, 2, 3].map(() => service.apply(bytes, { dryRun: false, allowDowngrade: false, actor: 'admin' })));
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['applied', 'unchanged', 'unchanged']);
    const history = (await store.listHistory(100)).filter((h) => h.package?.name === `guard-apps-${factory.name}`);
    expect(history).toHaveLength(1);
    expect((await store.listPackages()).filter((p) => p.name === `guard-apps-${factory.name}`)).toMatchObject([{ version: '1.0.0', isCurrent: true }]);
  });
});
