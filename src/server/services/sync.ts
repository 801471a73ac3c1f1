// Sync for the routes: a device's push batch in one transaction of the store (device claim,
// writes, results and offline keys commit together; a throw undoes them all), and a pull read
// in one snapshot (a read unit of work). The decisions are the sync domain's (server/sync/), the writes the entity
// rules' (domain/writes.ts); this is where the two meet the store.
import type { CompiledModel } from '../../model/data-model.js';
import type { User } from '../domain/users.js';
import { applyWrite } from '../domain/writes.js';
import type { Store, UnitOfWork } from '../store/types.js';
import { collectChanges, planPull, type ChangeSource, type PullParameters } from '../sync/pull.js';
import { applyBatch } from '../sync/push.js';
import type { OperationResult, PullResponse, PushRequest, SyncTransaction } from '../sync/types.js';
import { ServiceError } from './errors.js';

/** The sync domain's view of one transaction: the store's records and log, writes through the entity rules. */
export function syncTransaction(tx: UnitOfWork, model: CompiledModel): SyncTransaction {
  return {
    findOperations: (ids) => tx.findOperations(ids),
    saveOperation: (id, operation) => tx.saveOperation(id, operation),
    getRecord: (entity, key) => tx.get(entity, key),
    getRecords: (entity, keys) => tx.getMany(entity, keys),
    resolveLocalKeys: (deviceId, localKeys) => tx.resolveLocalKeys(deviceId, localKeys),
    saveLocalKey: (deviceId, localKey, entity, key) => tx.saveLocalKey(deviceId, localKey, entity, key),
    write: (user, request, now) => applyWrite(tx, model, user, request, now),
  };
}

function changeSource(tx: UnitOfWork): ChangeSource {
  return {
    changesAfter: (checkpoint, entities, limit) => tx.changesAfter(checkpoint, entities, limit),
    latestCheckpoint: () => tx.latestCheckpoint(),
    getRecords: (entity, keys) => tx.getMany(entity, keys),
  };
}

export class SyncService {
  constructor(
    private readonly store: Pick<Store, 'transaction' | 'isCheckpoint'>,
    private readonly model: CompiledModel,
    private readonly clock: () => Date,
  ) {}

  /** Applies the batch in order, each operation at most once; one result per operation. */
  async push(user: User, { deviceId, operations }: PushRequest): Promise<OperationResult[]> {
    const now = this.clock();
    return this.store.transaction('write', async (tx) => {
      // A device's offline keys and results are its user's: another user may not push as it.
      if ((await tx.claimDevice(deviceId, user.id, now.toISOString())) !== user.id) {
        throw new ServiceError(
          'forbidden',
          "Another user's device",
          `The device ${deviceId} belongs to another user: each app installation syncs for the user who first signed in on it. Use a new device id.`,
        );
      }
      return applyBatch(syncTransaction(tx, this.model), operations, { user, deviceId, model: this.model, now });
    });
  }

  /** The changes `user` may see after the checkpoint in `params`, a page at a time. */
  async pull(user: User, params: PullParameters): Promise<PullResponse> {
    const plan = planPull(user, this.model, params, this.clock(), (text) => this.store.isCheckpoint(text));
    if (!plan.ok) {
      const errors = plan.problems.map((p) => ({ pointer: `/query${p.pointer}`, message: p.message }));
      throw new ServiceError('invalid-request', 'Invalid pull', errors.map((e) => e.message).join(' '), { errors });
    }
    return this.store.transaction('read', (tx) => collectChanges(changeSource(tx), plan.query));
  }
}
