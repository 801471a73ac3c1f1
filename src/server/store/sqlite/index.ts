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
import { isSqliteCheckpoint } from './sync.js';
import { ConnectionLock } from './lock.js';
import { runTransaction } from './unit-of-work.js';

export const databaseFileName = 'environment.db';

export interface SqliteStoreOptions {
  dataDir: string;
  /** Fields to keep index lookups for, per entity (see domain/catalog.ts indexedFields). */
  indexedFields?: IndexedFields;
  hooks?: packages.PackageHooks;
  /** How long a call waits for the unit of work in progress before it fails (lock.ts). */
  maxLockWaitMs?: number;
}

export function openSqliteStore(options: SqliteStoreOptions): Store {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const c = openDatabase(join(options.dataDir, databaseFileName), options.indexedFields ?? {});
  records.syncRefs(c);
  const hooks = options.hooks ?? {};
  const lock = new ConnectionLock(options.maxLockWaitMs);
  // Every call waits for the unit of work in progress (none runs inside another's transaction).
  const locked = <T>(work: () => T): Promise<T> => lock.run(work);
  return {
    close: () => locked(() => c.db.close()).then(() => undefined),
    getMeta: (key) => locked(() => auth.getMeta(c, key)),
    findUser: (id) => locked(() => auth.findUser(c, id)),
    listUsers: () => locked(() => auth.listUsers(c).map(({ passwordHash: _hash, ...user }) => user)),
    insertToken: (token) => locked(() => auth.insertToken(c, token)),
    findSession: (hash, now) => locked(() => auth.findSession(c, hash, now)),
    deleteToken: (hash) => locked(() => auth.deleteToken(c, hash)),
    deleteTokens: (userId, kind) => locked(() => auth.deleteTokens(c, userId, kind)),
    createServiceToken: (token, change) => locked(() => auth.createServiceToken(c, token, change)),
    listServiceTokens: () => locked(() => auth.listServiceTokens(c)),
    revokeServiceToken: (name, change) => locked(() => auth.revokeServiceToken(c, name, change)),

    queryRecords: (query) => locked(() => records.queryRecords(c, query)),
    getRecord: (entity, key, where) => locked(() => records.getRecord(c, entity, key, where)),
    countRecords: () => locked(() => records.countRecords(c)),
    transaction: (mode, work) => runTransaction(c, lock, mode, work),
    isCheckpoint: isSqliteCheckpoint,
    seed: (seedName, users, seedRecords) =>
      locked(() => {
        c.db
          .transaction(() => {
            auth.insertUsers(c, users);
            records.insertSeedRecords(c, seedRecords);
            const perEntity = new Map<string, number>();
            for (const record of seedRecords) perEntity.set(record.entity, (perEntity.get(record.entity) ?? 0) + 1);
            // Keys made later continue after the seeded ones (EXP-00121 after 120 reports).
            for (const [entity, count] of perEntity) records.nextCounter(c, `key:${entity}`, count);
            auth.setMeta(c, 'seed', seedName);
          })
          .immediate();
      }),

    applySnapshot: (name, version) => locked(() => packages.applySnapshot(c, name, version)),
    commitApply: (pkg, change, decide) => locked(() => packages.commitApply(c, pkg, change, decide, hooks)),
    commitRollback: (name, version, change, decide) => locked(() => packages.commitRollback(c, name, version, change, decide)),
    rollbackTarget: (name, version) => locked(() => packages.rollbackTarget(c, name, version)),
    listPackages: () => locked(() => packages.listPackages(c)),
    listWorkspaces: () => locked(() => packages.listWorkspaces(c)),
    setPublication: (workspaceId, roles, change) => locked(() => packages.setPublication(c, workspaceId, roles, change)),
    listHistory: (limit) => locked(() => listHistory(c, limit)),

    listTrustedKeys: () => locked(() => auth.listTrustedKeys(c)),
    addTrustedKey: (key, change) => locked(() => auth.addTrustedKey(c, key, change)),
    removeTrustedKey: (fingerprint, change) => locked(() => auth.removeTrustedKey(c, fingerprint, change)),
  };
}
