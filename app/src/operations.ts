// Turning a submitted form into an outbox operation, and folding the environment's answers
// back into the outbox: applied changes leave it (their local keys and versions carried over
// to the changes made after them), conflicts and rejections stay, marked, until the user
// decides. Pure: the sync engine does the storing.
import type { DataRecord, SyncResult, Value } from '../../src/logic/api.js';
import type { Action, Catalog } from '../../src/model/types.js';
import type { OperationResult } from '../../src/contract/sync.js';
import { isLocalKey, localKeyPrefix } from '../../src/contract/local-keys.js';
import type { LocalOperation } from './types.js';

export interface OperationInput {
  action: Action;
  workspaceId: string;
  userId: string;
  catalog: Catalog;
  /** The form's values after the logic's last word (onActionQueuing). */
  values: DataRecord;
  /** The record the action works on (update, delete, operation). */
  record?: DataRecord;
  id: string;
  now: Date;
}

function keyOf(catalog: Catalog, entity: string, record: DataRecord | undefined): string | undefined {
  const keyField = catalog.entities[entity]?.key;
  const key = keyField && record ? record[keyField] : undefined;
  return typeof key === 'string' ? key : key === undefined || key === null ? undefined : String(key);
}

function isEmpty(value: Value | undefined): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

function actionFieldNames(action: Action): string[] {
  return (action.fields ?? []).map((ref) => (typeof ref === 'string' ? ref : ref.field));
}

/** The values an operation carries: a create leaves empty fields to the environment's defaults. */
function carriedValues(input: OperationInput): Record<string, Value> {
  const { action, catalog, values } = input;
  const entity = catalog.entities[action.entity];
  const carried: Record<string, Value> = {};
  for (const name of actionFieldNames(action)) {
    const value = values[name] ?? null;
    if (action.kind === 'create' && isEmpty(value)) continue;
    if (action.kind === 'update' && entity?.fields[name]?.readOnly) continue;
    carried[name] = value;
  }
  return carried;
}

export function buildOperation(input: OperationInput): LocalOperation {
  const { action, record, id } = input;
  const key = action.kind === 'create' ? `${localKeyPrefix}${id}` : keyOf(input.catalog, action.entity, record);
  const version = record?._version;
  const operation: LocalOperation = {
    id,
    entity: action.entity,
    kind: action.kind,
    ...(key ? { key } : {}),
    ...(action.operation ? { operation: action.operation } : {}),
    values: action.kind === 'delete' ? {} : carriedValues(input),
    ...(action.kind !== 'create' ? { baseVersion: typeof version === 'number' ? version : 0 } : {}),
    actionId: action.id,
    workspaceId: input.workspaceId,
    madeAt: input.now.toISOString(),
    userId: input.userId,
    title: action.kind === 'create' ? action.title : `${action.title} · ${key ?? ''}`,
    status: 'pending',
    ...(record ? { before: stripMarkers(record) } : {}),
  };
  return operation;
}

/** A record without the device's own markers (`_pending`, `_local`). */
export function stripMarkers(record: DataRecord): DataRecord {
  const { _pending, _local, ...rest } = record as DataRecord & { _pending?: unknown; _local?: unknown };
  return rest;
}

function replaceKey(value: Value, localKey: string, key: string): Value {
  return value === localKey ? key : value;
}

/**
 * Carries an applied result over to the operations made after it: the real key for a local
 * one, and the new version where the operation was made against the version just replaced.
 */
export function rebase(operation: LocalOperation, result: Extract<OperationResult, { status: 'applied' }>): LocalOperation {
  let next = operation;
  if (result.localKey) {
    const { localKey } = result;
    const usesKey = next.key === localKey || Object.values(next.values).includes(localKey);
    if (usesKey) {
      next = {
        ...next,
        ...(next.key === localKey ? { key: result.key, title: next.title.replace(localKey, result.key) } : {}),
        values: Object.fromEntries(Object.entries(next.values).map(([field, value]) => [field, replaceKey(value, localKey, result.key)])),
      };
    }
  }
  for (const step of result.changed) {
    if (next.entity === step.entity && next.key === step.key && next.baseVersion === step.from) next = { ...next, baseVersion: step.to };
  }
  return next;
}

/** Keep mine: the same change again, as a new operation against the environment's version. */
export function keepMine(operation: LocalOperation, newId: string): LocalOperation {
  const { server, problem, ...rest } = operation;
  return { ...rest, id: newId, status: 'pending', baseVersion: server?.version ?? operation.baseVersion ?? 0, ...(server?.record ? { before: server.record } : {}) };
}

/** Retry or fix a rejected change: a new operation id (the old one's answer is final). */
export function resend(operation: LocalOperation, newId: string, values?: DataRecord, record?: DataRecord): LocalOperation {
  const { problem, server, ...rest } = operation;
  const version = record?._version;
  return {
    ...rest,
    id: newId,
    status: 'pending',
    ...(values ? { values: values as Record<string, Value> } : {}),
    ...(typeof version === 'number' && operation.kind !== 'create' ? { baseVersion: version } : {}),
  };
}

export function isLocalRecordKey(key: string | undefined): boolean {
  return isLocalKey(key);
}

/** What onSyncResult hears about an answered operation. */
export function syncResultOf(operation: LocalOperation, result: OperationResult): SyncResult {
  return {
    status: result.status,
    actionId: operation.actionId,
    operationId: operation.id,
    values: operation.values,
    ...(result.status === 'rejected' ? { message: result.problem.detail } : result.status === 'conflict' ? { message: result.message } : {}),
    ...(result.status !== 'rejected' && result.record ? { record: result.record } : {}),
  };
}
