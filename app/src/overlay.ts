// The data a device shows: the environment's records as last synced, with the device's
// pending changes replayed on top (never the other way round: a pull never overwrites an
// unsent change). Plus the local queries lists, lookups, figures and logic run. Pure.
import type { DataRecord, Value } from '../../src/logic/api.js';
import { matchesFilter, sortRecords } from '../../src/logic/query.js';
import type { Aggregate, Filter, SortKey } from '../../src/model/types.js';
import type { LocalOperation } from './types.js';

/** Markers on shown records (never sent): `_pending` says what waits to be synced, `_local` a record made here. */
export type ShownRecord = DataRecord & {
  _pending?: string;
  _local?: boolean;
};

/**
 * Replays pending operations of `entity` over the synced records (keyed by their key).
 * Created records get their local key in the key field; server-made fields stay empty.
 */
export function overlay(entity: string, keyField: string, synced: ReadonlyMap<string, DataRecord>, operations: readonly LocalOperation[]): Map<string, ShownRecord> {
  const shown = new Map<string, ShownRecord>(synced as Map<string, ShownRecord>);
  for (const operation of operations) {
    if (operation.status !== 'pending' || operation.entity !== entity) continue;
    const key = operation.key ?? '';
    const current = shown.get(key);
    switch (operation.kind) {
      case 'create':
        shown.set(key, { ...operation.values, [keyField]: key, _version: 0, _local: true, _pending: 'New' });
        break;
      case 'update':
        if (current) shown.set(key, { ...current, ...operation.values, _pending: current._pending ?? 'Changed' });
        break;
      case 'delete':
        shown.delete(key);
        break;
      case 'operation':
        if (current) shown.set(key, { ...current, _pending: `${operation.title.split(' · ')[0]} pending` });
        break;
    }
  }
  return shown;
}

/**
 * A record created on the device lacks what the environment fills in (owner, status …):
 * it matches a filter on the fields it has, so it appears in the lists it will belong to.
 */
function matchesShown(record: ShownRecord, filter: Filter): boolean {
  if (!record._local) return matchesFilter(record, filter);
  const known = Object.fromEntries(Object.entries(filter).filter(([field]) => record[field] !== undefined && record[field] !== null));
  return matchesFilter(record, known);
}

export interface LocalQuery {
  filter?: Filter;
  sort?: readonly SortKey[];
  /** Text to look for (ignoring case) in `searchFields`. */
  search?: string;
  searchFields?: readonly string[];
  limit?: number;
}

export function queryShown<T extends ShownRecord>(records: Iterable<T>, query: LocalQuery): T[] {
  const text = query.search?.trim().toLowerCase() ?? '';
  const fields = query.searchFields ?? [];
  const found: T[] = [];
  for (const record of records) {
    if (query.filter && !matchesShown(record, query.filter)) continue;
    if (
      text &&
      !fields.some((field) =>
        String(record[field] ?? '')
          .toLowerCase()
          .includes(text),
      )
    )
      continue;
    found.push(record);
  }
  if (query.sort && query.sort.length > 0) sortRecords(found, query.sort);
  // Records made on this device lack what the sort often uses (createdAt, number): they lead.
  const ordered = [...found.filter((r) => r._local), ...found.filter((r) => !r._local)];
  return query.limit === undefined ? ordered : ordered.slice(0, query.limit);
}

/** A summary figure over local records: count, or sum/avg/min/max of a field (empty values skipped). */
export function aggregate(records: readonly DataRecord[], kind: Aggregate, field?: string): Value {
  if (kind === 'count') return records.length;
  const values = records.map((r) => (field ? r[field] : undefined)).filter((v): v is number | string => typeof v === 'number' || (typeof v === 'string' && v !== ''));
  if (values.length === 0) return kind === 'sum' ? 0 : null;
  if (kind === 'min' || kind === 'max') {
    return values.reduce((best, v) => ((kind === 'min' ? v < best : v > best) ? v : best));
  }
  const numbers = values.filter((v): v is number => typeof v === 'number');
  const sum = numbers.reduce((total, v) => total + v, 0);
  const rounded = (n: number) => Math.round(n * 1e6) / 1e6;
  return kind === 'sum' ? rounded(sum) : numbers.length ? rounded(sum / numbers.length) : null;
}
