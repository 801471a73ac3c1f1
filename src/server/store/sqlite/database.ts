// Opening the SQLite database: WAL mode (readers never wait for the writer, a crash never leaves
// half a transaction), a busy timeout for a second process, and a cache of prepared statements.
import Database from 'better-sqlite3';
import { migrate } from './migrations.js';
import type { RecordQuery } from '../../domain/query.js';
import type { CompiledSql, IndexedFields } from './record-sql.js';

export interface Connection {
  db: Database.Database;
  /** Fields whose values record_refs holds, per entity (from the catalog). */
  indexed: IndexedFields;
  /** A prepared statement per SQL text, prepared once. */
  statement(sql: string): Database.Statement;
  /** Compiled SQL per query object (the data service hands out the same object for a repeated request). */
  compiled: WeakMap<RecordQuery, CompiledSql>;
}

const maxCachedStatements = 1000;

export function openDatabase(file: string, indexed: IndexedFields): Connection {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode survives a killed process; only a power cut can lose the last commits.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  const cache = new Map<string, Database.Statement>();
  return {
    db,
    indexed,
    compiled: new WeakMap(),
    statement(sql) {
      let statement = cache.get(sql);
      if (!statement) {
        if (cache.size >= maxCachedStatements) cache.clear();
        statement = db.prepare(sql);
        cache.set(sql, statement);
      }
      return statement;
    },
  };
}
