// Loading what a workspace needs offline: for every list page its records (filter and sort as
// the page defines them, up to the workspace's `offline.records`), for every lookup and summary
// figure the records it chooses from or counts. The environment resolves $user and $today;
// conditions on $record only make sense next to one record, so they are left out here.
import type { DataRecord } from '../../src/logic/api.js';
import { hasOwn } from '../../src/model/own.js';
import type { Catalog, Filter, SortKey, Workspace } from '../../src/model/types.js';
import { ApiError } from './api.js';
import { queryRecords } from './client.js';
import type { LocalStore } from './local-store.js';
import type { Session } from './types.js';

export const defaultOfflineRecords = 200;
const maxPage = 500;

export interface RecordSource {
  entity: string;
  filter: Filter;
  sort?: readonly SortKey[];
  limit: number;
}

export function withoutRecordVariables(filter: Filter | undefined): Filter {
  return Object.fromEntries(Object.entries(filter ?? {}).filter(([, condition]) => !JSON.stringify(condition).includes('$record')));
}

export function sortParam(sort: readonly SortKey[] | undefined): string | undefined {
  if (!sort || sort.length === 0) return undefined;
  return sort.map((key) => (key.order === 'desc' ? `-${key.field}` : key.field)).join(',');
}

/** Every query the workspace's pages, lookups and figures make, without duplicates. */
export function sourcesOf(workspace: Workspace): RecordSource[] {
  const limit = workspace.offline?.records ?? defaultOfflineRecords;
  const sources: RecordSource[] = [];
  for (const page of workspace.pages) {
    if (page.kind === 'list' && page.entity) sources.push({ entity: page.entity, filter: withoutRecordVariables(page.filter), ...(page.sort ? { sort: page.sort } : {}), limit });
    for (const figure of page.figures ?? []) sources.push({ entity: figure.entity, filter: withoutRecordVariables(figure.filter), limit });
  }
  for (const action of workspace.actions ?? []) {
    for (const ref of action.fields ?? []) {
      if (typeof ref !== 'string' && ref.lookup) sources.push({ entity: ref.lookup.entity, filter: withoutRecordVariables(ref.lookup.filter), limit });
    }
  }
  const seen = new Set<string>();
  return sources.filter((source) => {
    const id = JSON.stringify([source.entity, source.filter, source.sort]);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

export { entitiesOf } from '../../src/model/workspace-entities.js';

export interface FetchInput {
  store: LocalStore;
  session: Session;
  catalog: Catalog;
}

/** Fetches one page of records from the environment and keeps them; returns the next cursor. */
export async function fetchRecords(
  input: FetchInput,
  source: RecordSource,
  options: { cursor?: string; search?: string; searchFields?: readonly string[] } = {},
): Promise<{ records: DataRecord[]; nextCursor: string | null }> {
  const keyField = input.catalog.entities[source.entity]?.key ?? 'id';
  const page = await queryRecords(input.session.token, source.entity, {
    filter: Object.keys(source.filter).length > 0 ? JSON.stringify(source.filter) : undefined,
    sort: sortParam(source.sort),
    limit: Math.min(maxPage, source.limit),
    cursor: options.cursor,
    search: options.search || undefined,
    searchFields: options.search && options.searchFields?.length ? options.searchFields.join(',') : undefined,
  });
  await input.store.putRecords(source.entity, keyField, page.items);
  return { records: page.items, nextCursor: page.nextCursor };
}

/** What one workspace may bring to the phone per refresh, whatever its pages ask for. */
export const offlineBudgetBytes = 8 * 1024 * 1024;
/** Sources loaded at once: enough to be quick, few enough not to crowd out the user's own requests. */
export const offlineConcurrency = 3;

/** Loads up to `limit` records of a source, page after page, while `budget` lasts. */
export async function loadSource(input: FetchInput, source: RecordSource, budget: { bytesLeft: number } = { bytesLeft: Infinity }): Promise<void> {
  let loaded = 0;
  let cursor: string | undefined;
  while (loaded < source.limit && budget.bytesLeft > 0) {
    const { records, nextCursor } = await fetchRecords(input, { ...source, limit: Math.min(maxPage, source.limit - loaded) }, cursor ? { cursor } : {});
    loaded += records.length;
    budget.bytesLeft -= JSON.stringify(records).length;
    if (!nextCursor || records.length === 0) return;
    cursor = nextCursor;
  }
}

/** Loads a workspace's offline data: a few sources at a time, within the workspace's byte budget. */
export async function loadWorkspace(input: FetchInput, workspace: Workspace, budget = { bytesLeft: offlineBudgetBytes }): Promise<void> {
  const sources = sourcesOf(workspace).filter((s) => hasOwn(input.catalog.entities, s.entity));
  const queue = [...sources];
  const failures: unknown[] = [];
  await Promise.all(
    Array.from({ length: offlineConcurrency }, async () => {
      for (let source = queue.shift(); source && budget.bytesLeft > 0; source = queue.shift()) {
        try {
          await loadSource(input, source, budget);
        } catch (error) {
          // A source this user may not read (a lookup outside their roles) is simply not kept.
          if (!(error instanceof ApiError && [400, 403, 404].includes(error.status))) failures.push(error);
        }
      }
    }),
  );
  if (failures.length > 0) throw failures[0];
}
