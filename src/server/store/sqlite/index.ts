// The SQLite store: one database file in the data folder (environment.db), WAL mode.
// better-sqlite3 is synchronous; the Store interface is async so that a PostgreSQL store fits it.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '../types.js';
import * as auth from './auth.js';
import { openDatabase } from './database.js';
import { listHistory } from './history.js';
import * as packages from './packages.js';
import type { IndexedFields } from './record-sql.js';
import * as records from './records.js';
import { syncLog } from './sync.js';

export const databaseFileName = 'environment.db';

export interface SqliteStoreOptions {
  dataDir: string;
  /** Fields to keep index lookups for, per entity (see domain/catalog.ts indexedFields). */
  indexedFields?: IndexedFields;
  hooks?: packages.PackageHooks;
}

export function openSqliteStore(options: SqliteStoreOptions): Store {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const c = openDatabase(join(options.dataDir, databaseFileName), options.indexedFields ?? {});
  records.syncRefs(c);
  const hooks = options.hooks ?? {};
  return {
    async close() {
      c.db.close();
    },
    getMeta: async (key) => auth.getMeta(c, key),
    findUser: async (id) => auth.findUser(c, id),
    listUsers: async () => auth.listUsers(c).map(({ passwordHash: _hash, ...user }) => user),
    insertToken: async (token) => auth.insertToken(c, token),
    findSession: async (hash, now) => auth.findSession(c, hash, now),
    deleteToken: async (hash) => auth.deleteToken(c, hash),
    deleteTokens: async (userId, kind) => auth.deleteTokens(c, userId, kind),
    createServiceToken: async (token, change) => auth.createServiceToken(c, token, change),
    listServiceTokens: async () => auth.listServiceTokens(c),
    revokeServiceToken: async (name, change) => auth.revokeServiceToken(c, name, change),

    queryRecords: async (query) => records.queryRecords(c, query),
    getRecord: async (entity, key, where) => records.getRecord(c, entity, key, where),
    countRecords: async () => records.countRecords(c),
    transactRecords: async (work) => c.db.transaction(() => work(records.recordAccess(c))).immediate(),
    transactSync: async (work) => c.db.transaction(() => work({ ...records.recordAccess(c), ...syncLog(c) })).immediate(),
    async seed(seedName, users, seedRecords) {
      c.db.transaction(() => {
        auth.insertUsers(c, users);
        records.insertSeedRecords(c, seedRecords);
        const perEntity = new Map<string, number>();
        for (const record of seedRecords) perEntity.set(record.entity, (perEntity.get(record.entity) ?? 0) + 1);
        // Keys made later continue after the seeded ones (EXP-00121 after 120 reports).
        for (const [entity, count] of perEntity) records.nextCounter(c, `key:${entity}`, count);
        auth.setMeta(c, 'seed', seedName);
      }).immediate();
    },

    applySnapshot: async (name, version) => packages.applySnapshot(c, name, version),
    commitApply: async (pkg, change, decide) => packages.commitApply(c, pkg, change, decide, hooks),
    commitRollback: async (name, version, change, decide) => packages.commitRollback(c, name, version, change, decide),
    rollbackTarget: async (name, version) => packages.rollbackTarget(c, name, version),
    listPackages: async () => packages.listPackages(c),
    listWorkspaces: async () => packages.listWorkspaces(c),
    setPublication: async (workspaceId, roles, change) => packages.setPublication(c, workspaceId, roles, change),
    listHistory: async (limit) => listHistory(c, limit),

    listTrustedKeys: async () => auth.listTrustedKeys(c),
    addTrustedKey: async (key, change) => auth.addTrustedKey(c, key, change),
    removeTrustedKey: async (fingerprint, change) => auth.removeTrustedKey(c, fingerprint, change),
  };
}
