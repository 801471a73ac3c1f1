// The SQLite store's connection lock (store/sqlite/lock.ts): calls take turns in the order they
// came, and a call that would wait for ever — a store method called from inside a unit of work
// of the same store — fails with a message saying what to do, and the store goes on answering.
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { builtInCatalog, indexedFields } from '../../src/server/domain/catalog.js';
import { seedEnvironment } from '../../src/server/seed.js';
import { ConnectionLock } from '../../src/server/store/sqlite/lock.js';
import { openSqliteStore } from '../../src/server/store/sqlite/index.js';
import { tempFolder } from './helpers.js';

describe('the connection lock', () => {
  it('runs calls one at a time, in the order they came, an asynchronous one to its end', async () => {
    const lock = new ConnectionLock(1000);
    const order: string[] = [];
    const first = lock.run(async () => {
      order.push('first starts');
      await new Promise((resolve) => setTimeout(resolve, 20));
      order.push('first ends');
    });
    const second = lock.run(() => void order.push('second'));
    const third = lock.run(() => void order.push('third'));
    await Promise.all([first, second, third]);
    expect(order).toEqual(['first starts', 'first ends', 'second', 'third']);
  });

  it('a call that waits too long fails, and the calls after it still wait for the holder', async () => {
    const lock = new ConnectionLock(50);
    let release!: () => void;
    const holder = lock.run(() => new Promise<void>((resolve) => (release = resolve)));
    const order: string[] = [];
    const waiting = lock.run(() => void order.push('waiting ran'));
    await expect(waiting).rejects.toThrow(/waited 0.05 s for a transaction to end.*use the transaction's own methods/);
    const after = lock.run(() => void order.push('after'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(order).toEqual([]);
    release();
    await holder;
    await after;
    expect(order).toEqual(['after']);
  });
});

describe('the SQLite store', () => {
  const dataDir = tempFolder();
  const catalog = builtInCatalog().catalog;
  const store = openSqliteStore({ dataDir, indexedFields: indexedFields(catalog), maxLockWaitMs: 200 });

  afterAll(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a store call from inside its own unit of work fails instead of hanging, and the unit is undone', async () => {
    await seedEnvironment(store, { demo: true, now: new Date('2025-06-11T10:00:00Z') });
    const before = await store.countRecords();
    const unit = store.transaction('write', async (tx) => {
      await tx.put('Contact', 'GUARD-DEADLOCK', { name: 'never kept' }, 1);
      return store.countRecords();
    });
    await expect(unit).rejects.toThrow(/called from inside a transaction of the same store/);
    expect(await store.countRecords()).toEqual(before);
  });
});
