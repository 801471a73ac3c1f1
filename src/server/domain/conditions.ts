// Record conditions: a filter of the workspace language (variables resolved), combined with
// AND/OR, parent access and text search. The store compiles a condition to SQL; matchesCondition
// decides the same thing in memory (sync pull, single-record checks), with the same meaning.
import type { DataRecord, Value } from '../../logic/api.js';
import { matchesFilter } from '../../logic/query.js';
import { conditionEntries } from '../../model/filter.js';
import type { Filter, FilterOperator } from '../../model/types.js';

export type Condition =
  | { kind: 'all' }
  | { kind: 'none' }
  | { kind: 'field'; field: string; operator: FilterOperator; value: Value | Value[] }
  | { kind: 'and'; items: Condition[] }
  | { kind: 'or'; items: Condition[] }
  /** The record's reference `field` names a record of `entity` that meets `condition`. */
  | { kind: 'parent'; field: string; entity: string; condition: Condition }
  /** Any of `fields` contains `text`, ignoring case. */
  | { kind: 'search'; fields: string[]; text: string };

export const all: Condition = { kind: 'all' };
export const none: Condition = { kind: 'none' };

export function and(...items: Condition[]): Condition {
  const flat = items.flatMap((item) => (item.kind === 'and' ? item.items : [item]));
  const conjuncts = new Set(flat.map((item) => JSON.stringify(item)));
  // A and (A or B) is A: an access grant the caller's own filter already implies adds nothing.
  const kept = flat.filter((item) => item.kind !== 'all' && !(item.kind === 'or' && item.items.some((alternative) => conjuncts.has(JSON.stringify(alternative)))));
  if (kept.some((item) => item.kind === 'none')) return none;
  if (kept.length === 0) return all;
  return kept.length === 1 ? kept[0]! : { kind: 'and', items: kept };
}

export function or(...items: Condition[]): Condition {
  const kept = items.filter((item) => item.kind !== 'none');
  if (kept.some((item) => item.kind === 'all')) return all;
  if (kept.length === 0) return none;
  return kept.length === 1 ? kept[0]! : { kind: 'or', items: kept };
}

/** A resolved filter (no variables left) as a condition: one item per (field, operator). */
export function filterCondition(filter: Filter): Condition {
  const items: Condition[] = [];
  for (const [field, condition] of Object.entries(filter)) {
    for (const [operator, value] of conditionEntries(condition)) items.push({ kind: 'field', field, operator, value: value as Value | Value[] });
  }
  return and(...items);
}

/** Finds the record a reference points at (for `parent` conditions); undefined if there is none. */
export type ParentLookup = (entity: string, key: string) => Readonly<DataRecord> | undefined;

export function matchesCondition(record: Readonly<DataRecord>, condition: Condition, lookup: ParentLookup): boolean {
  switch (condition.kind) {
    case 'all':
      return true;
    case 'none':
      return false;
    case 'field':
      return matchesFilter(record, { [condition.field]: { [condition.operator]: condition.value } } as Filter);
    case 'and':
      return condition.items.every((item) => matchesCondition(record, item, lookup));
    case 'or':
      return condition.items.some((item) => matchesCondition(record, item, lookup));
    case 'parent': {
      const key = record[condition.field];
      const parent = typeof key === 'string' ? lookup(condition.entity, key) : undefined;
      return parent !== undefined && matchesCondition(parent, condition.condition, lookup);
    }
    case 'search': {
      const text = condition.text.toLowerCase();
      return condition.fields.some((field) => {
        const value = record[field];
        return typeof value === 'string' && value.toLowerCase().includes(text);
      });
    }
  }
}
