// The sync contract (SPEC §6, Sync) as data: what a device pushes, what it gets back, what a
// pull returns, and the narrow view of the store's unit of work that applying a batch needs.
// The domain functions (push.ts, pull.ts) are pure over these; the server's store implements
// SyncTransaction inside one database transaction, the unit tests implement it in memory.
import type { OperationResult, PullResponse } from '../../contract/sync.js';
import type { Condition } from '../domain/conditions.js';
import type { StoredRecord } from '../domain/record-access.js';
import type { User } from '../domain/users.js';
import type { WriteOutcome, WriteRequest } from '../domain/writes.js';

// The wire's bodies are the contract's (src/contract/sync.ts); the write types are the entity
// rules' own (domain/). Re-exported so the sync domain has one module to import from.
export type { ClientOperation, OperationKind, OperationResult, PullResponse, PushRequest, PushResponse, Change, VersionStep } from '../../contract/sync.js';
export type { StoredRecord, WriteOutcome, WriteRequest };

export { isLocalKey, localKeyPrefix } from '../../contract/local-keys.js';

export interface StoredOperation {
  userId: string;
  deviceId: string;
  result: OperationResult;
}

/**
 * The store, inside one transaction, as a batch needs it: every operation reads what the ones
 * before it wrote, so each call is awaited before the next is made.
 */
export interface SyncTransaction {
  /** The stored results among `operationIds`, by id. */
  findOperations(operationIds: readonly string[]): Promise<Map<string, StoredOperation>>;
  saveOperation(operationId: string, operation: StoredOperation & { at: string }): Promise<void>;
  getRecord(entity: string, key: string): Promise<StoredRecord | undefined>;
  /** The stored records of `entity` among `keys`, by key (parents a visibility rule looks at). */
  getRecords(entity: string, keys: readonly string[]): Promise<Map<string, StoredRecord>>;
  /** The real keys a device's local keys became (creates of that device that were applied), by local key. */
  resolveLocalKeys(deviceId: string, localKeys: readonly string[]): Promise<Map<string, string>>;
  saveLocalKey(deviceId: string, localKey: string, entity: string, key: string): Promise<void>;
  /** Applies a write through the entity rules (access, required fields, states, computed fields). */
  write(user: User, request: WriteRequest, now: Date): Promise<WriteOutcome>;
}

/** What the store is asked for a pull: rows changed after `since`, visible per entity. */
export interface ChangeQuery {
  /** A checkpoint a pull returned (the store's, opaque here); null: none (only the current checkpoint is wanted). */
  since: string | null;
  /** Entities to look at, each with the records of it the user may see. */
  entities: Array<{ entity: string; where: Condition }>;
  limit: number;
}

export interface ChangeRow {
  /** The checkpoint just after this change: a pull that stops here resumes from it. */
  checkpoint: string;
  entity: string;
  key: string;
  version: number;
  /** The record's JSON (for a tombstone: its last data; not sent). */
  json: string;
  deleted: boolean;
}

/** One scan of the store's change log, in its order. */
export interface ChangeScan {
  rows: ChangeRow[];
  /** Where the next scan starts: after the last row, or — when the log ended — after every change committed in this snapshot. */
  next: string;
  /** Whether the log ended here: no change after `next` in this snapshot. */
  isEnd: boolean;
}

/** A page of changes, as the pull answers it. */
export type ChangePage = PullResponse;
