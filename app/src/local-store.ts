// What the device keeps (IndexedDB, database "mwkit"): the session and sync state (meta), the
// published workspaces, the catalog, the environment's records as last synced, and the outbox;
// form drafts go to localStorage. Records are also held in memory per entity, so lists, lookups
// and the logic's queries answer at once. Every write is committed before the promise resolves.
import type { DataRecord } from '../../src/logic/api.js';
import { openDatabase, read, transact } from './idb.js';
import type { Draft, LocalOperation } from './types.js';

const stores = { meta: 'meta', workspaces: 'workspaces', records: 'records', outbox: 'outbox' } as const;
/** Drafts live in localStorage: its writes are synchronous, so a keystroke just before a reload is kept. */
const draftPrefix = 'mwkit.draft.';
export type Topic = 'records' | 'outbox' | 'meta' | 'workspaces';

function upgrade(db: IDBDatabase, oldVersion: number): void {
  if (oldVersion < 1) {
    db.createObjectStore(stores.meta);
    db.createObjectStore(stores.workspaces, { keyPath: 'id' });
    db.createObjectStore(stores.records, { keyPath: ['entity', 'key'] }).createIndex('entity', 'entity');
    db.createObjectStore(stores.outbox, { keyPath: 'seq', autoIncrement: true });
  }
}

interface StoredRow {
  entity: string;
  key: string;
  data: DataRecord;
}

function versionOf(record: DataRecord | undefined): number {
  return typeof record?._version === 'number' ? record._version : -1;
}

export class LocalStore {
  private readonly cache = new Map<string, Map<string, DataRecord>>();
  private readonly listeners = new Set<(topic: Topic) => void>();

  private constructor(private readonly db: IDBDatabase) {}

  static async open(name = 'mwkit'): Promise<LocalStore> {
    return new LocalStore(await openDatabase(name, 1, upgrade));
  }

  subscribe(listener: (topic: Topic) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(topic: Topic): void {
    for (const listener of this.listeners) listener(topic);
  }

  getMeta<T>(key: string): Promise<T | undefined> {
    return read(this.db, stores.meta, (s) => s.get(key) as IDBRequest<T | undefined>);
  }

  async setMeta(key: string, value: unknown): Promise<void> {
    await transact(this.db, stores.meta, 'readwrite', (tx) => (value === undefined ? tx.objectStore(stores.meta).delete(key) : tx.objectStore(stores.meta).put(value, key)));
    this.emit('meta');
  }

  getAll<T>(store: 'workspaces'): Promise<T[]> {
    return read(this.db, stores[store], (s) => s.getAll() as IDBRequest<T[]>);
  }

  async replaceWorkspaces<T extends { id: string }>(list: readonly T[]): Promise<void> {
    await transact(this.db, stores.workspaces, 'readwrite', (tx) => {
      const store = tx.objectStore(stores.workspaces);
      store.clear();
      for (const item of list) store.put(item);
    });
    this.emit('workspaces');
  }

  /** The synced records of an entity, by key (loaded once, then kept in memory). */
  async records(entity: string): Promise<Map<string, DataRecord>> {
    const cached = this.cache.get(entity);
    if (cached) return cached;
    const rows = await read(this.db, stores.records, (s) => s.index('entity').getAll(entity) as IDBRequest<StoredRow[]>);
    const loaded = this.cache.get(entity) ?? new Map(rows.map((row) => [row.key, row.data]));
    this.cache.set(entity, loaded);
    return loaded;
  }

  /** Stores records from the environment, keeping a newer version the device already has. */
  async putRecords(entity: string, keyField: string, incoming: readonly DataRecord[]): Promise<void> {
    if (incoming.length === 0) return;
    const current = await this.records(entity);
    const newer = incoming.filter((record) => versionOf(record) >= versionOf(current.get(String(record[keyField]))));
    await transact(this.db, stores.records, 'readwrite', (tx) => {
      const store = tx.objectStore(stores.records);
      for (const data of newer) store.put({ entity, key: String(data[keyField]), data } satisfies StoredRow);
    });
    for (const data of newer) current.set(String(data[keyField]), data);
    this.emit('records');
  }

  async deleteRecords(entity: string, keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    const current = await this.records(entity);
    await transact(this.db, stores.records, 'readwrite', (tx) => {
      for (const key of keys) tx.objectStore(stores.records).delete([entity, key]);
    });
    for (const key of keys) current.delete(key);
    this.emit('records');
  }

  /** The outbox in the order the changes were made. */
  operations(): Promise<LocalOperation[]> {
    return read(this.db, stores.outbox, (s) => s.getAll() as IDBRequest<LocalOperation[]>);
  }

  async addOperation(operation: LocalOperation): Promise<number> {
    const seq = await new Promise<number>((resolve, reject) => {
      const tx = this.db.transaction(stores.outbox, 'readwrite', { durability: 'strict' } as IDBTransactionOptions);
      const request = tx.objectStore(stores.outbox).add(operation);
      let key = 0;
      request.onsuccess = () => {
        key = request.result as number;
      };
      tx.oncomplete = () => resolve(key);
      tx.onerror = () => reject(tx.error);
    });
    this.emit('outbox');
    return seq;
  }

  /** Writes changed operations and removes finished ones, in one transaction. */
  async updateOperations(changed: readonly LocalOperation[], removedSeqs: readonly number[] = []): Promise<void> {
    if (changed.length === 0 && removedSeqs.length === 0) return;
    await transact(this.db, stores.outbox, 'readwrite', (tx) => {
      const store = tx.objectStore(stores.outbox);
      for (const operation of changed) store.put(operation);
      for (const seq of removedSeqs) store.delete(seq);
    });
    this.emit('outbox');
  }

  getDraft(id: string): Promise<Draft | undefined> {
    const text = localStorage.getItem(draftPrefix + id);
    return Promise.resolve(text ? (JSON.parse(text) as Draft) : undefined);
  }

  putDraft(draft: Draft): Promise<void> {
    localStorage.setItem(draftPrefix + draft.id, JSON.stringify(draft));
    return Promise.resolve();
  }

  deleteDraft(id: string): Promise<void> {
    localStorage.removeItem(draftPrefix + id);
    return Promise.resolve();
  }

  /** Forgets another user's data (records, workspaces, sync checkpoint, drafts); never the outbox. */
  async clearUserData(): Promise<void> {
    await transact(this.db, [stores.records, stores.workspaces, stores.meta], 'readwrite', (tx) => {
      tx.objectStore(stores.records).clear();
      tx.objectStore(stores.workspaces).clear();
      tx.objectStore(stores.meta).delete('checkpoint');
      tx.objectStore(stores.meta).delete('catalog');
    });
    this.cache.clear();
    for (const key of Object.keys(localStorage)) if (key.startsWith(draftPrefix)) localStorage.removeItem(key);
    this.emit('records');
    this.emit('workspaces');
  }
}
