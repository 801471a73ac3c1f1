// Evaluating the workspace filter language over plain records: variables resolved, then
// conditions matched, sorted and limited. Pure and environment-agnostic: logic's ctx.query,
// the app's local store and the server all use it, so a filter means the same everywhere.
import { ownValue } from '../model/own.js';
import { conditionEntries, filterOperators, isVariable, literalValue, parseVariable } from '../model/filter.js';
import type { Filter, FilterOperator, FilterValue, SortKey } from '../model/types.js';
import type { DataRecord, QueryOptions, Value } from './api.js';

/** What the variables of a filter stand for. */
export interface VariableScope {
  user: { id: string; attributes: Readonly<Record<string, Value>> };
  /** ISO date, e.g. 2025-03-14. */
  today: string;
  /** The record of the page (for `$record.<field>`). */
  record?: Readonly<DataRecord>;
}

/** A filter that cannot be evaluated: an unknown operator or variable. */
export class FilterError extends Error {
  override readonly name = 'FilterError';
}

export function resolveVariable(text: string, scope: VariableScope): Value {
  const variable = parseVariable(text);
  switch (variable?.kind) {
    case 'user':
      return scope.user.id;
    case 'userAttribute':
      return ownValue(scope.user.attributes, variable.name) ?? null;
    case 'today':
      return scope.today;
    case 'record':
      if (!scope.record) throw new FilterError(`${text} has no record here: it can only be used where a page shows one record.`);
      return ownValue(scope.record, variable.field) ?? null;
    default:
      throw new FilterError(`Unknown variable ${text}: use $user, $user.<attribute>, $today or $record.<field>.`);
  }
}

function resolveValue(value: FilterValue, scope: VariableScope): Value {
  return isVariable(value) ? resolveVariable(value, scope) : literalValue(value);
}

/** The filter with every variable replaced by its value; checks operators on the way. */
export function resolveFilter(filter: Filter, scope: VariableScope): Filter {
  const resolved: Filter = {};
  for (const [field, condition] of Object.entries(filter)) {
    if (condition !== null && typeof condition === 'object') {
      const operators: Record<string, unknown> = {};
      for (const [operator, operand] of Object.entries(condition)) {
        if (!(filterOperators as readonly string[]).includes(operator)) {
          throw new FilterError(`Unknown filter operator \`${operator}\` on \`${field}\`: use ${filterOperators.join(', ')}.`);
        }
        operators[operator] = Array.isArray(operand) ? operand.map((v: FilterValue) => resolveValue(v, scope)) : resolveValue(operand as FilterValue, scope);
      }
      resolved[field] = operators;
    } else {
      resolved[field] = resolveValue(condition, scope);
    }
  }
  return resolved;
}

function isEqual(a: unknown, b: unknown): boolean {
  return (a ?? null) === (b ?? null);
}

/** Numbers with numbers, strings with strings (ISO dates compare as text); else no order. */
function compare(a: unknown, b: unknown): number | undefined {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return undefined;
}

function matchesOperator(value: unknown, operator: FilterOperator, operand: unknown): boolean {
  switch (operator) {
    case 'eq':
      return isEqual(value, operand);
    case 'ne':
      return !isEqual(value, operand);
    case 'in':
      return Array.isArray(operand) && operand.some((item) => isEqual(value, item));
    case 'contains':
      return typeof value === 'string' && typeof operand === 'string' && value.toLowerCase().includes(operand.toLowerCase());
    default: {
      const order = compare(value, operand);
      if (order === undefined) return false;
      return operator === 'lt' ? order < 0 : operator === 'lte' ? order <= 0 : operator === 'gt' ? order > 0 : order >= 0;
    }
  }
}

/** Whether a record meets every condition of a resolved filter (no variables left). */
export function matchesFilter(record: Readonly<DataRecord>, filter: Filter): boolean {
  return Object.entries(filter).every(([field, condition]) => conditionEntries(condition).every(([operator, operand]) => matchesOperator(ownValue(record, field), operator, operand)));
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined;
}

/** Sorts in place by the keys in order; empty values go last whatever the order. */
export function sortRecords<T extends Readonly<DataRecord>>(records: T[], sort: readonly SortKey[]): T[] {
  return records.sort((a, b) => {
    for (const key of sort) {
      const x = ownValue(a, key.field);
      const y = ownValue(b, key.field);
      if (isEmpty(x) || isEmpty(y)) {
        if (isEmpty(x) !== isEmpty(y)) return isEmpty(x) ? 1 : -1;
        continue;
      }
      const order = compare(x, y) ?? compare(String(x), String(y)) ?? 0;
      if (order !== 0) return key.order === 'desc' ? -order : order;
    }
    return 0;
  });
}

/** Records that match `filter` (variables resolved against `scope`), sorted and limited. */
export function queryRecords(records: ReadonlyArray<Readonly<DataRecord>>, filter: Filter, options: QueryOptions, scope: VariableScope): Array<Readonly<DataRecord>> {
  const resolved = resolveFilter(filter, scope);
  const matching = records.filter((record) => matchesFilter(record, resolved));
  const sorted = options.sort ? sortRecords(matching, options.sort) : matching;
  return options.limit !== undefined ? sorted.slice(0, Math.max(0, options.limit)) : sorted;
}
