// Business records in SQLite: one row per record, its JSON (with `_version`) as the client gets
// it (and as JSONB in `body`, which conditions read), a per-record version and a global change sequence number (the sync API pulls by it).
import type { Value } from '../../../logic/api.js';
import type { Condition } from '../../domain/conditions.js';
import type { RecordQuery } from '../../domain/query.js';
import { formatKey } from '../../domain/rules.js';
import type { DataRecord } from '../../../logic/api.js';
import type { StoredRecord } from '../../domain/record-access.js';
import type { RecordRow, SeedRecord } from '../types.js';
import type { Connection } from './database.js';
import { selectIn } from './in-list.js';
import { compileCondition, compileQuery } from './record-sql.js';

export function queryRecords(c: Connection, query: RecordQuery): RecordRow[] {
  let sql = c.compiled.get(query);
  if (!sql) c.compiled.set(query, (sql = compileQuery(query, c.indexed)));
  const { text, params } = sql;
  const rows = c
    .statement(text)
    .raw(true)
    .all(...params) as unknown[][];
  return rows.map((row) => ({ key: row[0] as string, json: row[1] as string, sortValues: row.slice(2) as Value[] }));
}

export function getRecord(c: Connection, entity: string, key: string, where: Condition): string | undefined {
  const params: unknown[] = [entity, key];
  const condition = compileCondition(where, entity, 'r', params, c.indexed);
  const row = c.statement(`SELECT r.data FROM records r WHERE r.entity = ? AND r.key = ? AND r.deleted = 0 AND ${condition}`).get(...params) as { data: string } | undefined;
  return row?.data;
}

export function countRecords(c: Connection): Record<string, number> {
  const rows = c.statement('SELECT entity, count(*) AS n FROM records WHERE deleted = 0 GROUP BY entity ORDER BY entity').all() as Array<{ entity: string; n: number }>;
  return Object.fromEntries(rows.map((row) => [row.entity, row.n]));
}

/** The next value of a named counter (the change sequence, generated keys); inside a transaction. */
export function nextCounter(c: Connection, name: string, by = 1): number {
  const row = c.statement('INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = value + excluded.value RETURNING value').get(name, by) as { value: number };
  return row.value;
}

/** Writes a record (or its tombstone) as version `version` (the caller computed it) with the next change sequence. */
export function putRecord(c: Connection, entity: string, key: string, data: Record<string, Value>, version: number, isDeleted = false): void {
  const seq = nextCounter(c, 'change');
  const json = JSON.stringify({ ...data, _version: version });
  c.statement(
    'INSERT INTO records (entity, key, data, body, version, seq, deleted) VALUES (?, ?, ?, jsonb(?), ?, ?, ?) ON CONFLICT (entity, key) DO UPDATE SET data = excluded.data, body = excluded.body, version = excluded.version, seq = excluded.seq, deleted = excluded.deleted',
  ).run(entity, key, json, json, version, seq, isDeleted ? 1 : 0);
  writeRefs(c, entity, key, isDeleted ? null : data);
}

function storedRecord(row: { data: string; version: number; deleted: number }): StoredRecord {
  const { _version: _ignored, ...data } = JSON.parse(row.data) as Record<string, Value>;
  return { data, version: row.version, deleted: row.deleted === 1 };
}

/** The stored records of `entity` among `keys`, by key. */
export function getManyRecords(c: Connection, entity: string, keys: readonly string[]): Map<string, StoredRecord> {
  const rows = selectIn(
    keys,
    (chunk, placeholders) =>
      c.statement(`SELECT key, data, version, deleted FROM records WHERE entity = ? AND key IN (${placeholders})`).all(entity, ...chunk) as Array<{
        key: string;
        data: string;
        version: number;
        deleted: number;
      }>,
  );
  return new Map(rows.map((row) => [row.key, storedRecord(row)]));
}

/** The records inside the caller's transaction, statement by statement (the unit of work wraps them in promises). */
export interface RecordStatements {
  get(entity: string, key: string): StoredRecord | undefined;
  find(entity: string, field: string, value: string): Array<{ key: string; record: StoredRecord }>;
  put(entity: string, key: string, data: DataRecord, version: number, deleted?: boolean): void;
  nextKey(entity: string, prefix: string): string;
  isUser(id: string): boolean;
}

export function recordAccess(c: Connection): RecordStatements {
  return {
    get(entity, key) {
      const row = c.statement('SELECT data, version, deleted FROM records WHERE entity = ? AND key = ?').get(entity, key) as { data: string; version: number; deleted: number } | undefined;
      return row ? storedRecord(row) : undefined;
    },
    find(entity, field, value) {
      const rows = (
        c.indexed[entity]?.includes(field)
          ? c
              .statement(
                'SELECT r.key, r.data, r.version, r.deleted FROM record_refs x JOIN records r ON r.entity = x.entity AND r.key = x.key WHERE x.entity = ? AND x.field = ? AND x.value = ? AND r.deleted = 0 ORDER BY r.key',
              )
              .all(entity, field, value)
          : c.statement('SELECT key, data, version, deleted FROM records WHERE entity = ? AND deleted = 0 AND json_extract(body, ?) = ? ORDER BY key').all(entity, `$.${field}`, value)
      ) as Array<{ key: string; data: string; version: number; deleted: number }>;
      return rows.map((row) => ({ key: row.key, record: storedRecord(row) }));
    },
    put: (entity, key, data, version, isDeleted) => putRecord(c, entity, key, data, version, isDeleted),
    nextKey(entity, prefix) {
      return formatKey(prefix, nextCounter(c, `key:${entity}`));
    },
    // Exact case: a user field holds the id as `$user` resolves it.
    isUser: (id) => c.statement('SELECT 1 FROM users WHERE id = ? COLLATE BINARY').get(id) !== undefined,
  };
}

/** record_refs rows of one record: its indexed fields' string values. */
function writeRefs(c: Connection, entity: string, key: string, data: Record<string, Value> | null): void {
  c.statement('DELETE FROM record_refs WHERE entity = ? AND key = ?').run(entity, key);
  if (!data) return;
  const insert = c.statement('INSERT OR IGNORE INTO record_refs (entity, field, value, key) VALUES (?, ?, ?, ?)');
  for (const field of c.indexed[entity] ?? []) {
    const value = data[field];
    if (typeof value === 'string') insert.run(entity, field, value, key);
  }
}

/** Rebuilds record_refs when the indexed fields differ from those it was built for. */
export function syncRefs(c: Connection): void {
  const signature = JSON.stringify(c.indexed);
  const built = c.statement("SELECT value FROM meta WHERE key = 'refs.fields'").pluck().get() as string | undefined;
  if (built === signature) return;
  c.db
    .transaction(() => {
      c.statement('DELETE FROM record_refs').run();
      const insert = c.statement(
        "INSERT INTO record_refs (entity, field, value, key) SELECT entity, ?, json_extract(body, ?), key FROM records WHERE entity = ? AND deleted = 0 AND json_type(body, ?) = 'text'",
      );
      for (const [entity, fields] of Object.entries(c.indexed)) for (const field of fields) insert.run(field, `$.${field}`, entity, `$.${field}`);
      c.statement("INSERT INTO meta (key, value) VALUES ('refs.fields', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(signature);
    })
    .immediate();
}

export function insertSeedRecords(c: Connection, records: readonly SeedRecord[]): void {
  const first = nextCounter(c, 'change', records.length) - records.length;
  const insert = c.statement('INSERT INTO records (entity, key, data, body, version, seq, deleted) VALUES (?, ?, ?, jsonb(?), 1, ?, 0)');
  records.forEach((record, index) => {
    const json = JSON.stringify({ ...record.data, _version: 1 });
    insert.run(record.entity, record.key, json, json, first + index + 1);
    writeRefs(c, record.entity, record.key, record.data);
  });
}
