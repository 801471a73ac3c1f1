// How the write rules see stored records: a synchronous view that the store implements inside
// one transaction, so every read and write of one request sees the same state.
import type { DataRecord } from '../../logic/api.js';

export interface StoredRecord {
  data: DataRecord;
  version: number;
  deleted: boolean;
}

export interface RecordAccess {
  get(entity: string, key: string): StoredRecord | undefined;
  /** Live records of `entity` whose `field` is `value`. */
  find(entity: string, field: string, value: string): Array<{ key: string; record: StoredRecord }>;
  put(entity: string, key: string, data: DataRecord, version: number, deleted?: boolean): void;
  /** A new key for `entity` (EXP-00121 …). */
  nextKey(entity: string): string;
  /** Whether `id` is a user of the environment (user-typed fields); optional for in-memory test stores. */
  isUser?(id: string): boolean;
}
