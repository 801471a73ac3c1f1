// The sync log in SQLite (SPEC §6, Sync): each operation id's result, written in the same
// transaction as its change so a retried push returns it; devices' offline keys; and the
// changes after a checkpoint, by the global change sequence.
import type { ChangeRow, StoredOperation } from '../../sync/types.js';
import type { SyncLog } from '../types.js';
import type { Connection } from './database.js';

export function syncLog(c: Connection): SyncLog {
  return {
    findOperation(operationId) {
      const row = c.statement('SELECT user_id, device_id, result FROM sync_operations WHERE id = ?').get(operationId) as { user_id: string; device_id: string; result: string } | undefined;
      return row ? { userId: row.user_id, deviceId: row.device_id, result: JSON.parse(row.result) as StoredOperation['result'] } : undefined;
    },
    saveOperation(operationId, operation) {
      c.statement('INSERT INTO sync_operations (id, user_id, device_id, at, result) VALUES (?, ?, ?, ?, ?)').run(operationId, operation.userId, operation.deviceId, operation.at, JSON.stringify(operation.result));
    },
    claimDevice(deviceId, userId, at) {
      c.statement('INSERT OR IGNORE INTO sync_devices (device_id, user_id, first_seen) VALUES (?, ?, ?)').run(deviceId, userId, at);
      return c.statement('SELECT user_id FROM sync_devices WHERE device_id = ?').pluck().get(deviceId) as string;
    },
    resolveLocalKey(deviceId, localKey) {
      return c.statement('SELECT key FROM sync_local_keys WHERE device_id = ? AND local_key = ?').pluck().get(deviceId, localKey) as string | undefined;
    },
    saveLocalKey(deviceId, localKey, entity, key) {
      c.statement('INSERT OR REPLACE INTO sync_local_keys (device_id, local_key, entity, key) VALUES (?, ?, ?, ?)').run(deviceId, localKey, entity, key);
    },
    changesAfter(since, entities, limit) {
      if (entities.length === 0) return [];
      // The SQL text depends only on how many entities there are; names and numbers are bound.
      const rows = c.statement(`SELECT seq, entity, key, version, data, deleted FROM records WHERE seq > ? AND entity IN (${entities.map(() => '?').join(', ')}) ORDER BY seq LIMIT ?`)
        .all(since, ...entities, limit) as Array<{ seq: number; entity: string; key: string; version: number; data: string; deleted: number }>;
      return rows.map((row): ChangeRow => ({ seq: row.seq, entity: row.entity, key: row.key, version: row.version, json: row.data, deleted: row.deleted === 1 }));
    },
    latestChange() {
      return (c.statement("SELECT value FROM counters WHERE name = 'change'").pluck().get() as number | undefined) ?? 0;
    },
  };
}
