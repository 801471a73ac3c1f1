// The asynchronous unit of work on SQLite: an explicit BEGIN … COMMIT held across awaits, under
// the connection's lock (lock.ts) so that no other call's statement runs inside it. Statements
// still run synchronously when called; a call after the unit has ended is refused, because it
// would run outside any transaction (a forgotten await).
import type { StoredRecord } from '../../domain/record-access.js';
import type { TransactionMode, UnitOfWork } from '../types.js';
import type { Connection } from './database.js';
import type { ConnectionLock } from './lock.js';
import { getManyRecords, recordAccess } from './records.js';
import { syncStatements } from './sync.js';

export function runTransaction<T>(c: Connection, lock: ConnectionLock, mode: TransactionMode, work: (tx: UnitOfWork) => Promise<T>): Promise<T> {
  return lock.run(async () => {
    const state = { open: true, mode };
    c.db.exec(mode === 'write' ? 'BEGIN IMMEDIATE' : 'BEGIN');
    try {
      const result = await work(unitOfWork(c, state));
      state.open = false;
      c.db.exec('COMMIT');
      return result;
    } catch (error) {
      state.open = false;
      // SQLite may have rolled back already (a full disk does): then there is nothing to undo.
      if (c.db.inTransaction) c.db.exec('ROLLBACK');
      throw error;
    }
  });
}

interface UnitState {
  open: boolean;
  mode: TransactionMode;
}

function unitOfWork(c: Connection, state: UnitState): UnitOfWork {
  const records = recordAccess(c);
  const log = syncStatements(c);
  /** Runs a statement of the unit: only while it is open, and writes only in a write unit. */
  const reading = <T>(run: () => T): Promise<T> => {
    if (!state.open) return Promise.reject(new Error('A unit of work was used after it ended: an await is missing, so this statement would run outside its transaction.'));
    try {
      return Promise.resolve(run());
    } catch (error) {
      return Promise.reject(error);
    }
  };
  const writing = <T>(run: () => T): Promise<T> => (state.mode === 'write' ? reading(run) : Promise.reject(new Error('A read unit of work cannot write: open it with mode `write`.')));
  return {
    get: (entity, key) => reading(() => records.get(entity, key)),
    getMany: (entity, keys) => reading((): Map<string, StoredRecord> => getManyRecords(c, entity, keys)),
    find: (entity, field, value) => reading(() => records.find(entity, field, value)),
    put: (entity, key, data, version, deleted) => writing(() => records.put(entity, key, data, version, deleted)),
    nextKey: (entity, prefix) => writing(() => records.nextKey(entity, prefix)),
    isUser: (id) => reading(() => records.isUser(id)),
    findOperations: (ids) => reading(() => log.findOperations(ids)),
    saveOperation: (id, operation) => writing(() => log.saveOperation(id, operation)),
    claimDevice: (deviceId, userId, at) => writing(() => log.claimDevice(deviceId, userId, at)),
    resolveLocalKeys: (deviceId, localKeys) => reading(() => log.resolveLocalKeys(deviceId, localKeys)),
    saveLocalKey: (deviceId, localKey, entity, key) => writing(() => log.saveLocalKey(deviceId, localKey, entity, key)),
    changesAfter: (checkpoint, entities, limit) => reading(() => log.changesAfter(checkpoint, entities, limit)),
    latestCheckpoint: () => reading(() => log.latestCheckpoint()),
  };
}
