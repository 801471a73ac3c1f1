// Pulling changes (SPEC §6, Sync): what changed since a checkpoint, only records the user may
// see, in pages. The checkpoint is the store's change sequence; deletions come as tombstones so
// a deleted record never comes back on a device.
import type { DataRecord } from '../../logic/api.js';
import type { Catalog } from '../../model/types.js';
import { readCondition } from '../domain/access.js';
import { matchesCondition, type ParentLookup } from '../domain/conditions.js';
import type { User } from '../domain/users.js';
import type { RequestProblem } from './request.js';
import type { Change, ChangePage, ChangeQuery, ChangeRow, PullResponse, StoredRecord } from './types.js';

export const defaultPullLimit = 500;
export const maxPullLimit = 1000;

export interface PullParameters {
  since?: string;
  entities?: string;
  limit?: number | string;
}

export type PullPlan =
  | { ok: true; query: ChangeQuery; isFastForward: boolean }
  | { ok: false; problems: RequestProblem[] };

export function encodeCheckpoint(seq: number): string {
  return String(seq);
}

function decodeCheckpoint(text: string): number | undefined {
  return /^\d{1,15}$/.test(text) ? Number(text) : undefined;
}

function parseLimit(raw: number | string | undefined, problems: RequestProblem[]): number {
  if (raw === undefined || raw === '') return defaultPullLimit;
  const limit = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > maxPullLimit) {
    problems.push({ pointer: '/limit', message: `limit is a whole number from 1 to ${maxPullLimit}.` });
    return defaultPullLimit;
  }
  return limit;
}

/**
 * What to ask the store for. Without `since` the pull only returns the current checkpoint
 * (a device that just loaded its pages starts from there); `since=0` returns everything.
 */
export function planPull(user: User, catalog: Catalog, params: PullParameters, now: Date): PullPlan {
  const problems: RequestProblem[] = [];
  const since = params.since === undefined || params.since === '' ? undefined : decodeCheckpoint(params.since);
  if (params.since !== undefined && params.since !== '' && since === undefined) {
    problems.push({ pointer: '/since', message: 'since is a checkpoint a pull returned: pass it unchanged.' });
  }
  const limit = parseLimit(params.limit, problems);
  const names = params.entities ? params.entities.split(',').map((name) => name.trim()).filter(Boolean) : Object.keys(catalog.entities);
  for (const name of names) {
    if (!Object.hasOwn(catalog.entities, name)) problems.push({ pointer: '/entities', message: `Unknown entity ${name}.` });
  }
  if (problems.length > 0) return { ok: false, problems };
  const entities: ChangeQuery['entities'] = [];
  for (const entity of [...new Set(names)]) {
    const where = readCondition(entity, user, now);
    if (where && where.kind !== 'none') entities.push({ entity, where }); // entities the user may not read are simply not there
  }
  const isFastForward = since === undefined;
  return { ok: true, isFastForward, query: { since: since ?? 0, entities, limit: isFastForward ? 0 : limit } };
}

function toChange(row: ChangePage['rows'][number]): Change {
  if (row.deleted) return { entity: row.entity, key: row.key, version: row.version, deleted: true };
  const record = JSON.parse(row.json) as DataRecord;
  return { entity: row.entity, key: row.key, version: row.version, record: { ...record, _version: row.version } };
}

export function pullResponse(page: ChangePage, query: ChangeQuery): PullResponse {
  const last = page.rows.at(-1);
  const hasMore = query.limit > 0 && page.rows.length >= query.limit && last !== undefined && last.seq < page.latest;
  return {
    changes: page.rows.map(toChange),
    checkpoint: encodeCheckpoint(hasMore ? last.seq : Math.max(page.latest, query.since)),
    hasMore,
  };
}

/** What collecting a pull reads, inside one transaction (a consistent snapshot). */
export interface ChangeSource {
  /** Rows of `entities` with a change sequence above `since`, oldest first, at most `limit`; tombstones included. */
  changesAfter(since: number, entities: readonly string[], limit: number): ChangeRow[];
  /** The highest change sequence there is. */
  latestChange(): number;
  getRecord(entity: string, key: string): StoredRecord | undefined;
}

const scanChunk = 1000;

/**
 * The page of changes a pull returns: rows after the checkpoint, kept when the user may see
 * the record (a tombstone by its last data), until `limit` are found or the log ends.
 * Conditions are decided in memory, so deletions match exactly as the records did.
 */
export function collectChanges(source: ChangeSource, query: ChangeQuery): ChangePage {
  const latest = source.latestChange();
  if (query.limit === 0 || query.entities.length === 0) return { rows: [], latest };
  const conditions = new Map(query.entities.map((e) => [e.entity, e.where]));
  const names = [...conditions.keys()];
  const lookup: ParentLookup = (entity, key) => {
    const parent = source.getRecord(entity, key);
    return parent && !parent.deleted ? parent.data : undefined;
  };
  const rows: ChangeRow[] = [];
  for (let since = query.since; rows.length < query.limit;) {
    const scanned = source.changesAfter(since, names, scanChunk);
    for (const row of scanned) {
      const data = JSON.parse(row.json) as DataRecord;
      if (matchesCondition(data, conditions.get(row.entity)!, lookup)) rows.push(row);
      if (rows.length >= query.limit) break;
    }
    if (scanned.length < scanChunk) break;
    since = scanned.at(-1)!.seq;
  }
  return { rows, latest };
}
