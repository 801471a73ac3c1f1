// The sync log in SQLite (SPEC §6, Sync): each operation id's result, written in the same
// transaction as its change so a retried push returns it; devices' offline keys; and the
// changes after a checkpoint. A checkpoint here is the global change sequence as decimal text:
// one writer at a time commits in sequence order, so a reader never sees 12 before 11.
import type { ChangeRow, ChangeScan, StoredOperation } from '../../sync/types.js';
import type { Connection } from './database.js';
import { selectIn } from './in-list.js';

/** Checkpoints this store hands out: the change sequence, decimal, at most 15 digits. */
export function isSqliteCheckpoint(text: string): boolean {
  return /^\d{1,15}$/.test(text);
}

/** The sync log's statements, run inside the caller's unit of work (unit-of-work.ts wraps them). */
export interface SyncStatements {
  findOperations(operationIds: readonly string[]): Map<string, StoredOperation>;
  saveOperation(operationId: string, operation: StoredOperation & { at: string }): void;
  claimDevice(deviceId: string, userId: string, at: string): string;
  resolveLocalKeys(deviceId: string, localKeys: readonly string[]): Map<string, string>;
  saveLocalKey(deviceId: string, localKey: string, entity: string, key: string): void;
  changesAfter(checkpoint: string | null, entities: readonly string[], limit: number): ChangeScan;
  latestCheckpoint(): string;
}

export function syncStatements(c: Connection): SyncStatements {
  const latest = (): number => (c.statement("SELECT value FROM counters WHERE name = 'change'").pluck().get() as number | undefined) ?? 0;
  return {
    findOperations(operationIds) {
      const rows = selectIn(
        operationIds,
        (chunk, placeholders) =>
          c.statement(`SELECT id, user_id, device_id, result FROM sync_operations WHERE id IN (${placeholders})`).all(...chunk) as Array<{
            id: string;
            user_id: string;
            device_id: string;
            result: string;
          }>,
      );
      return new Map(rows.map((row) => [row.id, { userId: row.user_id, deviceId: row.device_id, result: JSON.parse(row.result) as StoredOperation['result'] }]));
    },
    saveOperation(operationId, operation) {
      c.statement('INSERT INTO sync_operations (id, user_id, device_id, at, result) VALUES (?, ?, ?, ?, ?)').run(
        operationId,
        operation.userId,
        operation.deviceId,
        operation.at,
        JSON.stringify(operation.result),
      );
    },
    claimDevice(deviceId, userId, at) {
      c.statement('INSERT OR IGNORE INTO sync_devices (device_id, user_id, first_seen) VALUES (?, ?, ?)').run(deviceId, userId, at);
      return c.statement('SELECT user_id FROM sync_devices WHERE device_id = ?').pluck().get(deviceId) as string;
    },
    resolveLocalKeys(deviceId, localKeys) {
      const rows = selectIn(
        localKeys,
        (chunk, placeholders) =>
          c.statement(`SELECT local_key, key FROM sync_local_keys WHERE device_id = ? AND local_key IN (${placeholders})`).all(deviceId, ...chunk) as Array<{ local_key: string; key: string }>,
      );
      return new Map(rows.map((row) => [row.local_key, row.key]));
    },
    saveLocalKey(deviceId, localKey, entity, key) {
      c.statement('INSERT OR REPLACE INTO sync_local_keys (device_id, local_key, entity, key) VALUES (?, ?, ?, ?)').run(deviceId, localKey, entity, key);
    },
    changesAfter(checkpoint, entities, limit) {
      const since = checkpoint === null ? 0 : Number(checkpoint);
      const end = latest();
      if (entities.length === 0) return { rows: [], next: String(Math.max(end, since)), isEnd: true };
      // The SQL text depends only on how many entities there are; names and numbers are bound.
      const found = c
        .statement(`SELECT seq, entity, key, version, data, deleted FROM records WHERE seq > ? AND entity IN (${entities.map(() => '?').join(', ')}) ORDER BY seq LIMIT ?`)
        .all(since, ...entities, limit) as Array<{ seq: number; entity: string; key: string; version: number; data: string; deleted: number }>;
      const rows = found.map((row): ChangeRow => ({ checkpoint: String(row.seq), entity: row.entity, key: row.key, version: row.version, json: row.data, deleted: row.deleted === 1 }));
      const last = found.at(-1)?.seq ?? since;
      // The log ends here when the scan came back short, or its last row is the newest change.
      const isEnd = found.length < limit || last >= end;
      return { rows, next: String(isEnd ? Math.max(end, since) : last), isEnd };
    },
    latestCheckpoint: () => String(latest()),
  };
}
