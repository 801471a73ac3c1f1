// Pulling changes (SPEC §6, Sync): what changed since a checkpoint, only records the user may
// see, in pages. Checkpoints are the store's (SQLite's change sequence; another store may order
// its changes differently) and opaque here; deletions come as tombstones so a deleted record
// never comes back on a device.
import { defaultPullLimit, maxPullLimit } from '../../contract/sync.js';
import type { DataRecord } from '../../logic/api.js';
import type { CompiledModel } from '../../model/data-model.js';
import { readCondition } from '../domain/access.js';
import { ParentRecords } from '../domain/parent-lookup.js';
import type { User } from '../domain/users.js';
import type { RequestProblem } from './request.js';
import type { Change, ChangePage, ChangeQuery, ChangeRow, ChangeScan, StoredRecord } from './types.js';

export { defaultPullLimit, maxPullLimit };

export interface PullParameters {
  since?: string;
  entities?: string;
  limit?: number | string;
}

export type PullPlan = { ok: true; query: ChangeQuery; isFastForward: boolean } | { ok: false; problems: RequestProblem[] };

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
export function planPull(user: User, model: CompiledModel, params: PullParameters, now: Date, isCheckpoint: (text: string) => boolean): PullPlan {
  const { catalog } = model;
  const problems: RequestProblem[] = [];
  const since = params.since === undefined || params.since === '' ? undefined : params.since;
  if (since !== undefined && !isCheckpoint(since)) {
    problems.push({ pointer: '/since', message: 'since is a checkpoint a pull returned: pass it unchanged.' });
  }
  const limit = parseLimit(params.limit, problems);
  const names = params.entities
    ? params.entities
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean)
    : Object.keys(catalog.entities);
  for (const name of names) {
    if (!Object.hasOwn(catalog.entities, name)) problems.push({ pointer: '/entities', message: `Unknown entity ${name}.` });
  }
  if (problems.length > 0) return { ok: false, problems };
  const entities: ChangeQuery['entities'] = [];
  for (const entity of [...new Set(names)]) {
    const where = readCondition(model.rules, entity, user, now);
    if (where && where.kind !== 'none') entities.push({ entity, where }); // entities the user may not read are simply not there
  }
  const isFastForward = since === undefined;
  return { ok: true, isFastForward, query: { since: since ?? null, entities, limit: isFastForward ? 0 : limit } };
}

/** A change as a pull sends it; `data` is the row's JSON, parsed once for the visibility check and reused. */
function toChange(row: ChangeRow, data: DataRecord): Change {
  if (row.deleted) return { entity: row.entity, key: row.key, version: row.version, deleted: true };
  // The stored JSON carries `_version` already; a copy only if it ever disagrees with the row.
  return { entity: row.entity, key: row.key, version: row.version, record: data._version === row.version ? data : { ...data, _version: row.version } };
}

/** What collecting a pull reads, inside one read unit of work (a consistent snapshot). */
export interface ChangeSource {
  /** Rows of `entities` changed after `checkpoint` (null: from the start), oldest first, at most `limit`; tombstones included. */
  changesAfter(checkpoint: string | null, entities: readonly string[], limit: number): Promise<ChangeScan>;
  /** The checkpoint after every change committed in this snapshot. */
  latestCheckpoint(): Promise<string>;
  /** Stored records of `entity` among `keys` (the parents a visibility rule looks at), by key. */
  getRecords(entity: string, keys: readonly string[]): Promise<Map<string, StoredRecord>>;
}

const scanChunk = 1000;

/**
 * The page of changes a pull returns: rows after the checkpoint, kept when the user may see
 * the record (a tombstone by its last data), until `limit` are found or the log ends.
 * Conditions are decided in memory, so deletions match exactly as the records did; the parents
 * they look at are fetched per chunk of rows, never one query per row.
 */
export async function collectChanges(source: ChangeSource, query: ChangeQuery): Promise<ChangePage> {
  if (query.limit === 0 || query.entities.length === 0) return { changes: [], checkpoint: await source.latestCheckpoint(), hasMore: false };
  const conditions = new Map(query.entities.map((e) => [e.entity, e.where]));
  const names = [...conditions.keys()];
  const parents = new ParentRecords((entity, keys) => source.getRecords(entity, keys));
  const changes: Change[] = [];
  for (let after = query.since; ; ) {
    const scan = await source.changesAfter(after, names, scanChunk);
    const items = scan.rows.map((row) => ({ record: JSON.parse(row.json) as DataRecord, condition: conditions.get(row.entity)! }));
    const visible = await parents.matchAll(items);
    for (const [index, row] of scan.rows.entries()) {
      if (!visible[index]) continue;
      changes.push(toChange(row, items[index]!.record));
      if (changes.length < query.limit) continue;
      // A full page: more may follow, unless this row was the last change there is.
      const isLast = scan.isEnd && index === scan.rows.length - 1;
      return { changes, checkpoint: isLast ? scan.next : row.checkpoint, hasMore: !isLast };
    }
    if (scan.isEnd) return { changes, checkpoint: scan.next, hasMore: false };
    after = scan.next;
  }
}
