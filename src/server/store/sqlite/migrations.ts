// Versioned schema migrations, applied in order at open, each in its own transaction.
// Never edit a released migration: add the next one.
import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    description: 'users, tokens, records, packages, publications, history, trust',
    sql: `
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
      CREATE TABLE users (
        id TEXT PRIMARY KEY COLLATE NOCASE,
        name TEXT NOT NULL,
        password_hash TEXT,
        roles TEXT NOT NULL,
        attributes TEXT NOT NULL,
        is_admin INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE tokens (
        hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id),
        kind TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
      CREATE INDEX tokens_user ON tokens (user_id, kind);
      CREATE TABLE records (
        entity TEXT NOT NULL,
        key TEXT NOT NULL,
        data TEXT NOT NULL,
        version INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (entity, key)
      ) WITHOUT ROWID;
      CREATE INDEX records_seq ON records (seq);
      CREATE TABLE packages (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        version TEXT NOT NULL,
        publisher TEXT NOT NULL,
        digest TEXT NOT NULL,
        size INTEGER NOT NULL,
        signed INTEGER NOT NULL,
        key_fingerprint TEXT,
        manifest TEXT NOT NULL,
        signature TEXT,
        bytes BLOB NOT NULL,
        applied_at TEXT NOT NULL,
        applied_by TEXT NOT NULL,
        UNIQUE (name, version)
      );
      CREATE TABLE package_workspaces (
        package_id INTEGER NOT NULL REFERENCES packages(id),
        workspace_id TEXT NOT NULL,
        version TEXT NOT NULL,
        title TEXT NOT NULL,
        definition TEXT NOT NULL,
        logic TEXT,
        PRIMARY KEY (package_id, workspace_id)
      );
      CREATE TABLE current_packages (
        name TEXT PRIMARY KEY,
        package_id INTEGER NOT NULL REFERENCES packages(id)
      );
      CREATE TABLE publications (
        workspace_id TEXT PRIMARY KEY,
        roles TEXT NOT NULL,
        published_at TEXT NOT NULL,
        published_by TEXT NOT NULL
      );
      CREATE TABLE history (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        package_name TEXT,
        package_version TEXT,
        digest TEXT,
        workspace_id TEXT,
        roles TEXT,
        key_fingerprint TEXT
      );
      CREATE INDEX history_package ON history (package_name, id);
      CREATE TABLE trusted_keys (
        fingerprint TEXT PRIMARY KEY,
        public_key TEXT NOT NULL,
        added_at TEXT NOT NULL,
        added_by TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    description: 'records keep a binary JSON copy (JSONB) that conditions read without parsing text',
    sql: `
      ALTER TABLE records ADD COLUMN body BLOB;
      UPDATE records SET body = jsonb(data);
    `,
  },
  {
    version: 3,
    description: 'record_refs: the string values of reference and user fields, for index lookups',
    sql: `
      CREATE TABLE record_refs (
        entity TEXT NOT NULL,
        field TEXT NOT NULL,
        value TEXT NOT NULL,
        key TEXT NOT NULL,
        PRIMARY KEY (entity, field, value, key)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 4,
    description: 'sync: the result of every applied operation id, and the keys devices made offline',
    sql: `
      CREATE TABLE sync_operations (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL,
        device_id TEXT NOT NULL,
        at TEXT NOT NULL,
        result TEXT NOT NULL
      );
      CREATE TABLE sync_local_keys (
        device_id TEXT NOT NULL,
        local_key TEXT NOT NULL,
        entity TEXT NOT NULL,
        key TEXT NOT NULL,
        PRIMARY KEY (device_id, local_key)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 5,
    description: "record_refs by record: every write replaces its record's rows, which scanned the entity without this",
    sql: `
      CREATE INDEX record_refs_record ON record_refs (entity, key);
    `,
  },
  {
    version: 6,
    description: 'sync: each device id belongs to the first user that pushed with it',
    sql: `
      CREATE TABLE sync_devices (
        device_id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL,
        first_seen TEXT NOT NULL
      ) WITHOUT ROWID;
      INSERT OR IGNORE INTO sync_devices (device_id, user_id, first_seen)
        SELECT device_id, user_id, MIN(at) FROM sync_operations GROUP BY device_id;
    `,
  },
  {
    version: 7,
    description: 'service tokens: a name (unique among them) and who made them; history names the token',
    sql: `
      ALTER TABLE tokens ADD COLUMN name TEXT;
      ALTER TABLE tokens ADD COLUMN created_by TEXT;
      CREATE UNIQUE INDEX tokens_service_name ON tokens (name) WHERE kind = 'service';
      ALTER TABLE history ADD COLUMN token_name TEXT;
    `,
  },
];

export function migrate(db: Database.Database): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const applied = new Set((db.prepare('SELECT version FROM schema_migrations').all() as Array<{ version: number }>).map((row) => row.version));
  const newest = Math.max(0, ...applied);
  const known = Math.max(0, ...migrations.map((m) => m.version));
  if (newest > known) throw new Error(`The database has schema version ${newest}; this mwkit knows up to ${known}. Use a newer mwkit, or another --data folder.`);
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)').run(migration.version, migration.description, new Date().toISOString());
    }).immediate();
  }
  return known;
}
