// The sync contract (SPEC §6, Sync) as data: what a device pushes, what it gets back, what a
// pull returns, and the narrow view of the store's unit of work that applying a batch needs.
// The domain functions (push.ts, pull.ts) are pure over these; the server's store implements
// SyncTransaction inside one database transaction, the unit tests implement it in memory.
import type { Problem } from '../../contract/problems.js';
import type { DataRecord, Value } from '../../logic/api.js';
import type { Condition } from '../domain/conditions.js';
import type { StoredRecord } from '../domain/record-access.js';
import type { User } from '../domain/users.js';
import type { VersionStep, WriteOutcome, WriteRequest } from '../domain/writes.js';

// The write types are the entity rules' own (domain/); the sync contract re-exports them.
export type { StoredRecord, VersionStep, WriteOutcome, WriteRequest };

export type OperationKind = 'create' | 'update' | 'delete' | 'operation';

/** Keys a device makes for records it created offline; the server answers with the real key. */
export const localKeyPrefix = 'local:';

export function isLocalKey(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(localKeyPrefix);
}

/** One queued change, as the device made it. */
export interface ClientOperation {
  /** Made by the device (a UUID); the server applies each id at most once. */
  id: string;
  entity: string;
  kind: OperationKind;
  /**
   * The record's key (update, delete, operation). For create: optional local key
   * (`local:<uuid>`) that later operations of the same device may use to name the new record,
   * as their key or as a value (a line's `reportNumber`).
   */
  key?: string;
  /** The operation's name (kind `operation`). */
  operation?: string;
  /** Field values (create, update) or parameters (operation). */
  values: Record<string, Value>;
  /**
   * The `_version` the change was made against (update, delete, operation); 0 for a record
   * this device created and the environment has not acknowledged yet.
   */
  baseVersion?: number;
  /** Where it came from, for the device's messages and the log. */
  actionId?: string;
  workspaceId?: string;
  /** When the user made it (device clock, ISO). */
  madeAt?: string;
}

export interface PushRequest {
  /** The app installation; operation ids are unique per device. */
  deviceId: string;
  operations: ClientOperation[];
}

export type OperationResult =
  | {
      id: string;
      status: 'applied';
      entity: string;
      key: string;
      version: number;
      record: DataRecord | null;
      localKey?: string;
      /** Every record the write changed (the target, and e.g. a parent whose total it updated), so a device can rebase its later operations. */
      changed: VersionStep[];
    }
  | { id: string; status: 'conflict'; entity: string; key: string; version: number | null; record: DataRecord | null; message: string }
  | { id: string; status: 'rejected'; entity: string; key?: string; problem: Problem };

export interface PushResponse {
  results: OperationResult[];
}

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

/** One change a pull returns. */
export type Change = { entity: string; key: string; version: number; record: DataRecord } | { entity: string; key: string; version: number; deleted: true };

export interface PullResponse {
  changes: Change[];
  /** Opaque: pass it as `since` next time. */
  checkpoint: string;
  /** More changes wait: pull again at once with the new checkpoint. */
  hasMore: boolean;
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
