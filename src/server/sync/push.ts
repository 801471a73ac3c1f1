// Applying a batch a device pushed (SPEC §6, Sync): each operation id at most once (a replay
// returns the stored result), in the device's order, each ending applied, conflict (the
// record changed since the device saw it: the server's current record comes back) or
// rejected (problem details). Over a SyncTransaction, which the store runs in one transaction,
// so the results and the changes are committed together or not at all; the operations run one
// after the other, each seeing what the ones before it wrote.
import type { DataRecord, Value } from '../../logic/api.js';
import type { CompiledModel } from '../../model/data-model.js';
import type { Catalog } from '../../model/types.js';
import { readCondition } from '../domain/access.js';
import { ParentRecords } from '../domain/parent-lookup.js';
import type { User } from '../domain/users.js';
import type { ProblemSlug } from '../../contract/problems.js';
import { BatchLog } from './batch-log.js';
import { problem } from './problems.js';
import { isLocalKey, type ClientOperation, type OperationResult, type StoredOperation, type StoredRecord, type SyncTransaction, type VersionStep, type WriteRequest } from './types.js';

export interface PushContext {
  user: User;
  deviceId: string;
  /** The environment's catalog and entity rules. */
  model: CompiledModel;
  now: Date;
}

export function withVersion(stored: StoredRecord): DataRecord {
  return { ...stored.data, _version: stored.version };
}

/**
 * Versions this batch's own writes produced, per record: from → to. A device makes its later
 * operations against the versions it knew; steps its own earlier operations caused (a line
 * added offline bumps its report's total) are not someone else's change, so not a conflict.
 */
class OwnSteps {
  private readonly steps = new Map<string, Map<number, number>>();

  add(changed: readonly VersionStep[]): void {
    for (const step of changed) {
      const id = `${step.entity}\u0000${step.key}`;
      const record = this.steps.get(id) ?? new Map<number, number>();
      record.set(step.from, step.to);
      this.steps.set(id, record);
    }
  }

  /** The version the device would know after its own changes since `base`. */
  advance(entity: string, key: string, base: number): number {
    const record = this.steps.get(`${entity}\u0000${key}`);
    let version = base;
    for (let hops = 0; record?.has(version) && hops < 10_000; hops++) version = record.get(version)!;
    return version;
  }
}

/**
 * Applies the operations in order; one result per operation, in the same order. An id applied
 * before (or earlier in this batch) answers its stored result and changes nothing. One loop,
 * with no async helper per operation: a push makes thousands, and each async frame costs.
 */
export async function applyBatch(tx: SyncTransaction, operations: readonly ClientOperation[], context: PushContext): Promise<OperationResult[]> {
  const own = new OwnSteps();
  const log = await BatchLog.read(tx, context.deviceId, operations);
  const at = context.now.toISOString();
  const results: OperationResult[] = [];
  for (const operation of operations) {
    const stored = log.result(operation.id);
    let result: OperationResult;
    if (stored) {
      result = replayed(stored, operation, context.user);
    } else {
      result = await decide(tx, log, operation, context, own);
      await log.saveResult(operation.id, { userId: context.user.id, deviceId: context.deviceId, at, result });
    }
    if (result.status === 'applied') own.add(result.changed);
    results.push(result);
  }
  return results;
}

function replayed(stored: StoredOperation, operation: ClientOperation, user: User): OperationResult {
  if (stored.userId === user.id) return stored.result;
  // Never reveal another user's result; ids are UUIDs, so this is a broken or hostile client.
  return { id: operation.id, status: 'rejected', entity: operation.entity, problem: problem('conflict', `The operation id ${operation.id} is already used: make a new id for each change.`) };
}

type Resolved = { ok: true; key?: string; values: Record<string, Value> } | { ok: false; result: OperationResult };

function rejected(operation: ClientOperation, slug: ProblemSlug, detail: string, key?: string): OperationResult {
  return { id: operation.id, status: 'rejected', entity: operation.entity, ...((key ?? operation.key) ? { key: key ?? operation.key } : {}), problem: problem(slug, detail) };
}

const unsentParent = 'It refers to a record created on this device that the environment has not accepted: fix or discard that change first.';

/** Replaces the device's local keys (records it created offline) with the real keys. */
function resolveLocalKeys(log: BatchLog, operation: ClientOperation): Resolved {
  let key = operation.key;
  if (operation.kind !== 'create' && isLocalKey(key)) {
    key = log.realKey(key);
    if (key === undefined) return { ok: false, result: rejected(operation, 'not-found', unsentParent) };
  }
  const values: Record<string, Value> = {};
  for (const [field, value] of Object.entries(operation.values)) {
    if (isLocalKey(value)) {
      const real = log.realKey(value);
      if (real === undefined) return { ok: false, result: rejected(operation, 'not-found', `${unsentParent} (${field})`) };
      values[field] = real;
    } else {
      values[field] = value;
    }
  }
  return { ok: true, key: operation.kind === 'create' ? undefined : key, values };
}

function checkShape(operation: ClientOperation, catalog: Catalog): OperationResult | undefined {
  const entity = Object.hasOwn(catalog.entities, operation.entity) ? catalog.entities[operation.entity] : undefined;
  if (!entity) return rejected(operation, 'invalid-request', `Unknown entity ${operation.entity}.`);
  if (operation.kind !== 'create' && !operation.key) return rejected(operation, 'invalid-request', `A ${operation.kind} needs the record's key.`);
  if (operation.kind !== 'create' && typeof operation.baseVersion !== 'number') {
    return rejected(operation, 'invalid-request', `A ${operation.kind} needs baseVersion, the record version it was made against.`);
  }
  if (operation.kind === 'operation' && !(operation.operation && entity.operations && Object.hasOwn(entity.operations, operation.operation))) {
    return rejected(operation, 'invalid-request', `${operation.entity} has no operation ${operation.operation ?? '(none given)'}.`);
  }
  return undefined;
}

function isVisible(tx: SyncTransaction, entity: string, record: DataRecord, context: PushContext): Promise<boolean> {
  const condition = readCondition(context.model.rules, entity, context.user, context.now);
  if (!condition) return Promise.resolve(false);
  return new ParentRecords((parentEntity, keys) => tx.getRecords(parentEntity, keys)).matches(record, condition);
}

/** "expense report" for ExpenseReport: the catalog's title, as a user reads it in a sentence. */
function titleOf(catalog: Catalog, entity: string): string {
  const title = catalog.entities[entity]?.title;
  return title ? title.charAt(0).toLowerCase() + title.slice(1) : entity;
}

async function decide(tx: SyncTransaction, log: BatchLog, operation: ClientOperation, context: PushContext, own: OwnSteps): Promise<OperationResult> {
  const shapeProblem = checkShape(operation, context.model.catalog);
  if (shapeProblem) return shapeProblem;
  const resolved = resolveLocalKeys(log, operation);
  if (!resolved.ok) return resolved.result;
  const { key, values } = resolved;
  const what = titleOf(context.model.catalog, operation.entity);
  if (operation.kind !== 'create') {
    const current = await tx.getRecord(operation.entity, key!);
    // Absent and invisible read the same, so a push cannot probe for records.
    if (!current || !(await isVisible(tx, operation.entity, current.data, context))) {
      return rejected(operation, 'not-found', `There is no ${what} ${key} that you may see.`, key);
    }
    if (current.deleted) {
      if (operation.kind === 'delete') return { id: operation.id, status: 'applied', entity: operation.entity, key: key!, version: current.version, record: null, changed: [] };
      return { id: operation.id, status: 'conflict', entity: operation.entity, key: key!, version: current.version, record: null, message: `Someone deleted this ${what} after you last saw it.` };
    }
    if (own.advance(operation.entity, key!, operation.baseVersion!) !== current.version) {
      return {
        id: operation.id,
        status: 'conflict',
        entity: operation.entity,
        key: key!,
        version: current.version,
        record: withVersion(current),
        message: `Someone changed this ${what} after you last saw it.`,
      };
    }
  } else if (isLocalKey(operation.key) && log.realKey(operation.key) !== undefined) {
    return rejected(operation, 'conflict', `The record ${operation.key} was created already by an earlier operation of this device.`);
  }
  const before = key ? ((await tx.getRecord(operation.entity, key))?.version ?? 0) : 0;
  const request: WriteRequest = { entity: operation.entity, kind: operation.kind, values, ...(key ? { key } : {}), ...(operation.operation ? { operation: operation.operation } : {}) };
  const outcome = await tx.write(context.user, request, context.now);
  if (!outcome.ok) return { id: operation.id, status: 'rejected', entity: operation.entity, ...(key ? { key } : {}), problem: outcome.problem };
  if (operation.kind === 'create' && isLocalKey(operation.key)) await log.saveLocalKey(operation.key, operation.entity, outcome.key);
  const changed: VersionStep[] = [{ entity: operation.entity, key: outcome.key, from: before, to: outcome.version }, ...(outcome.sideEffects ?? [])];
  return {
    id: operation.id,
    status: 'applied',
    entity: operation.entity,
    key: outcome.key,
    version: outcome.version,
    record: outcome.record,
    changed,
    ...(operation.kind === 'create' && isLocalKey(operation.key) ? { localKey: operation.key } : {}),
  };
}
