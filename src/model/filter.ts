// The filter language shared by validate, the server and the app: conditions and variables.
import type { FilterCondition, FilterOperator, FilterOperators, FilterValue } from './types.js';

export const filterOperators: readonly FilterOperator[] = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in', 'contains'];

export type Variable = { kind: 'user' } | { kind: 'userAttribute'; name: string } | { kind: 'record'; field: string } | { kind: 'today' };

const identifier = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Whether a filter value is a `$variable` rather than a literal; `$$` starts a literal `$`. */
export function isVariable(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('$') && !value.startsWith('$$');
}

/** The literal a filter value stands for: `$$5 off` is the text `$5 off`; anything else itself. */
export function literalValue<T>(value: T): T {
  return (typeof value === 'string' && value.startsWith('$$') ? value.slice(1) : value) as T;
}

/** Parses `$user`, `$user.<attribute>`, `$record.<field>`, `$today`; undefined for anything else. */
export function parseVariable(text: string): Variable | undefined {
  if (text === '$user') return { kind: 'user' };
  if (text === '$today') return { kind: 'today' };
  const [head, name, ...rest] = text.split('.');
  if (rest.length > 0 || name === undefined || !identifier.test(name)) return undefined;
  if (head === '$user') return { kind: 'userAttribute', name };
  if (head === '$record') return { kind: 'record', field: name };
  return undefined;
}

/** A condition as a list of (operator, operand) pairs: `x: 5` is `[['eq', 5]]`. */
export function conditionEntries(condition: FilterCondition): Array<[FilterOperator, FilterValue | FilterValue[]]> {
  if (condition !== null && typeof condition === 'object') {
    return Object.entries(condition as FilterOperators) as Array<[FilterOperator, FilterValue | FilterValue[]]>;
  }
  return [['eq', condition]];
}
