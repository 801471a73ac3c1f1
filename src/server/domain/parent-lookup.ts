// Deciding conditions that look at parent records (`parent` conditions: a line visible through
// its report) without one query per record: the condition is decided synchronously on the
// parents known so far; the ones it asked for and were not known are fetched together, one query
// per entity, and the decision is made again. Each round only adds records, so it ends.
import type { DataRecord } from '../../logic/api.js';
import { matchesCondition, type Condition } from './conditions.js';
import type { StoredRecord } from './record-access.js';

export type FetchRecords = (entity: string, keys: readonly string[]) => Promise<Map<string, StoredRecord>>;

export interface ConditionItem {
  record: Readonly<DataRecord>;
  condition: Condition;
}

/** Live parents by entity and key, as fetched (undefined: none, or deleted). */
export class ParentRecords {
  private readonly known = new Map<string, Readonly<DataRecord> | undefined>();

  constructor(private readonly fetch: FetchRecords) {}

  /** Whether each item's record meets its condition, in order. */
  async matchAll(items: readonly ConditionItem[]): Promise<boolean[]> {
    for (;;) {
      const missing = new Map<string, Set<string>>();
      const results = items.map(({ record, condition }) =>
        matchesCondition(record, condition, (entity, key) => {
          const id = `${entity}\u0000${key}`;
          if (this.known.has(id)) return this.known.get(id);
          const keys = missing.get(entity) ?? new Set<string>();
          missing.set(entity, keys.add(key));
          return undefined;
        }),
      );
      if (missing.size === 0) return results;
      for (const [entity, keys] of missing) {
        const found = await this.fetch(entity, [...keys]);
        for (const key of keys) {
          const parent = found.get(key);
          this.known.set(`${entity}\u0000${key}`, parent && !parent.deleted ? parent.data : undefined);
        }
      }
    }
  }

  async matches(record: Readonly<DataRecord>, condition: Condition): Promise<boolean> {
    const [result] = await this.matchAll([{ record, condition }]);
    return result!;
  }
}
