// One sync round: push the outbox in order (in batches), fold the answers back (applied →
// gone, conflict and rejected → kept and marked), then pull what changed since the last
// checkpoint. The store is written before the next step, so a crash or a lost answer at any
// point is repaired by the next round: the server answers a replayed operation id from its log.
import type { DataRecord } from '../../src/logic/api.js';
import type { Catalog } from '../../src/model/types.js';
import type { OperationResult, PullResponse } from '../../src/contract/sync.js';
import { pullChanges, pushOperations } from './client.js';
import type { LocalStore } from './local-store.js';
import { rebase } from './operations.js';
import type { LocalOperation, Session } from './types.js';

export const pushBatchSize = 200;
const pullLimit = 500;

export interface SyncInput {
  store: LocalStore;
  session: Session;
  deviceId: string;
  catalog: Catalog;
  /** Entities the user's workspaces use: the pull asks for these. */
  entities: string[];
}

export interface AnsweredOperation {
  operation: LocalOperation;
  result: OperationResult;
}

function keyField(catalog: Catalog, entity: string): string {
  return catalog.entities[entity]?.key ?? 'id';
}

async function storeServerRecord(input: SyncInput, entity: string, key: string, record: DataRecord | null): Promise<void> {
  if (record) await input.store.putRecords(entity, keyField(input.catalog, entity), [record]);
  else await input.store.deleteRecords(entity, [key]);
}

/** Screens showing a record by its local key follow it to the real one. */
async function rememberLocalKey(store: LocalStore, localKey: string, key: string): Promise<void> {
  const keys = (await store.getMeta<Record<string, string>>('localKeys')) ?? {};
  await store.setMeta('localKeys', { ...keys, [localKey]: key });
}

/** Applies one batch's answers to the outbox; returns what was answered (for onSyncResult). */
async function foldResults(input: SyncInput, sent: LocalOperation[], results: OperationResult[]): Promise<AnsweredOperation[]> {
  const byId = new Map(results.map((r) => [r.id, r]));
  const original = await input.store.operations();
  let outbox = original;
  const answered: AnsweredOperation[] = [];
  const removed: number[] = [];
  for (const operation of sent) {
    const result = byId.get(operation.id);
    if (!result) continue;
    answered.push({ operation, result });
    if (result.status === 'applied') {
      removed.push(operation.seq!);
      await storeServerRecord(input, result.entity, result.key, result.record);
      if (result.localKey) await rememberLocalKey(input.store, result.localKey, result.key);
      outbox = outbox.map((later) => (later.seq! > operation.seq! ? rebase(later, result) : later));
    } else if (result.status === 'conflict') {
      await storeServerRecord(input, result.entity, result.key, result.record);
      outbox = outbox.map((o) => (o.seq === operation.seq ? { ...o, status: 'conflict', server: { record: result.record, version: result.version, message: result.message } } : o));
    } else {
      outbox = outbox.map((o) => (o.seq === operation.seq ? { ...o, status: 'rejected', problem: result.problem } : o));
    }
  }
  // Only what changed is written, so an operation the user added or discarded meanwhile stays as they left it.
  const changed = outbox.filter((o, index) => o !== original[index] && !removed.includes(o.seq!));
  await input.store.updateOperations(changed, removed);
  return answered;
}

/** Sends every pending operation of the signed-in user, oldest first. */
export async function push(input: SyncInput): Promise<AnsweredOperation[]> {
  const answered: AnsweredOperation[] = [];
  for (;;) {
    const pending = (await input.store.operations()).filter((o) => o.status === 'pending' && o.userId === input.session.user.id);
    // Operations answered in this round are not pending any more, so this ends.
    const batch = pending.filter((o) => !answered.some((a) => a.operation.id === o.id)).slice(0, pushBatchSize);
    if (batch.length === 0) return answered;
    const operations = batch.map(({ seq, userId, workspaceId, actionId, title, status, before, server, problem, ...sent }) => ({ ...sent, workspaceId, actionId }));
    const response = await pushOperations(input.session.token, { deviceId: input.deviceId, operations });
    answered.push(...(await foldResults(input, batch, response.results)));
  }
}

/** Pulls changes since the checkpoint until there are no more. Returns how many arrived. */
export async function pull(input: SyncInput): Promise<number> {
  let checkpoint = await input.store.getMeta<string>('checkpoint');
  if (checkpoint === undefined) {
    // A first sync starts from now: the pages' own queries load what is there already.
    const start = await pullChanges(input.session.token);
    await input.store.setMeta('checkpoint', start.checkpoint);
    return 0;
  }
  let count = 0;
  for (;;) {
    const page = await pullChanges(input.session.token, { since: checkpoint, entities: input.entities.join(','), limit: pullLimit });
    await applyChanges(input, page);
    count += page.changes.length;
    checkpoint = page.checkpoint;
    await input.store.setMeta('checkpoint', checkpoint);
    if (!page.hasMore) return count;
  }
}

async function applyChanges(input: SyncInput, page: PullResponse): Promise<void> {
  const upserts = new Map<string, DataRecord[]>();
  const deletions = new Map<string, string[]>();
  for (const change of page.changes) {
    if ('deleted' in change) deletions.set(change.entity, [...(deletions.get(change.entity) ?? []), change.key]);
    else upserts.set(change.entity, [...(upserts.get(change.entity) ?? []), change.record]);
  }
  for (const [entity, records] of upserts) await input.store.putRecords(entity, keyField(input.catalog, entity), records);
  for (const [entity, keys] of deletions) await input.store.deleteRecords(entity, keys);
}
