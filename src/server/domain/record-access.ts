// How the write rules see stored records: the store's unit of work (store/types.ts), every read
// and write of one request inside one transaction, so they all see the same state. Every method
// answers a promise (a database across a network fits it); the decisions made on what they
// return stay synchronous and pure.
import type { DataRecord } from '../../logic/api.js';

export interface StoredRecord {
  data: DataRecord;
  version: number;
  deleted: boolean;
}

export interface RecordAccess {
  get(entity: string, key: string): Promise<StoredRecord | undefined>;
  /** The stored records of `entity` among `keys` (tombstones included), by key; absent keys are left out. */
  getMany(entity: string, keys: readonly string[]): Promise<Map<string, StoredRecord>>;
  /** Live records of `entity` whose `field` is `value`. */
  find(entity: string, field: string, value: string): Promise<Array<{ key: string; record: StoredRecord }>>;
  put(entity: string, key: string, data: DataRecord, version: number, deleted?: boolean): Promise<void>;
  /** A new key for `entity` (EXP-00121 …). */
  /** A new key for a record of `entity`: `prefix` and the entity's next number (EXP-00042). */
  nextKey(entity: string, prefix: string): Promise<string>;
  /** Whether `id` is a user of the environment (user-typed fields), exact case. */
  isUser(id: string): Promise<boolean>;
}
