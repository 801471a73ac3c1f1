// A data query as the API receives it (filter JSON, sort, search, limit, cursor) checked against
// the catalog and turned into a RecordQuery the store runs. Only fields of the entity are
// accepted anywhere; every problem names the parameter and the field.
import { type DataQuery, defaultQueryLimit } from '../../contract/data.js';
import type { Value } from '../../logic/api.js';
import { FilterError, resolveFilter, type VariableScope } from '../../logic/query.js';
import { filterOperators, isVariable, literalValue, parseVariable } from '../../model/filter.js';
import type { CatalogField, Entity, Filter, FilterOperator } from '../../model/types.js';
import { fieldOf, searchableFields } from './catalog.js';
import { and, filterCondition, type Condition } from './conditions.js';
import { isUserAttribute, userAttributeNames } from './users.js';

export interface SortSpec {
  field: string;
  order: 'asc' | 'desc';
}

export interface RecordQuery {
  entity: string;
  where: Condition;
  sort: SortSpec[];
  limit: number;
  /** Position after which to continue: one value per sort key, then the record key. */
  after?: Value[];
}

export interface QueryProblem {
  /** `/filter/status`, `/sort`, `/cursor` …: the parameter, then where in it. */
  pointer: string;
  message: string;
}

export class QueryError extends Error {
  override readonly name = 'QueryError';
  constructor(readonly problems: QueryProblem[]) {
    super(problems.map((p) => p.message).join(' '));
  }
}

const maxSortKeys = 5;
const maxInValues = 200;

export function buildRecordQuery(entityName: string, entity: Entity, params: DataQuery, scope: VariableScope): RecordQuery {
  const problems: QueryProblem[] = [];
  const filter = params.filter === undefined ? {} : parseFilterParam(params.filter, entity, entityName, problems);
  const sort = parseSort(params.sort, entity, entityName, problems);
  const search = parseSearch(params, entity, entityName, problems);
  const after = params.cursor === undefined ? undefined : decodeCursor(params.cursor, sort.length, problems);
  if (problems.length > 0) throw new QueryError(problems);
  let resolved: Filter;
  try {
    resolved = resolveFilter(filter, scope);
  } catch (error) {
    throw new QueryError([{ pointer: '/filter', message: error instanceof FilterError ? error.message : String(error) }]);
  }
  return { entity: entityName, where: and(filterCondition(resolved), search), sort, limit: params.limit ?? defaultQueryLimit, ...(after ? { after } : {}) };
}

function parseFilterParam(text: string, entity: Entity, entityName: string, problems: QueryProblem[]): Filter {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    problems.push({ pointer: '/filter', message: 'filter is not valid JSON: pass an object such as {"status":"Draft"}.' });
    return {};
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    problems.push({ pointer: '/filter', message: 'filter must be a JSON object of field conditions.' });
    return {};
  }
  for (const [field, condition] of Object.entries(value)) checkCondition(field, condition, entity, entityName, problems);
  return value as Filter;
}

function checkCondition(field: string, condition: unknown, entity: Entity, entityName: string, problems: QueryProblem[]): void {
  const pointer = `/filter/${escapePointer(field)}`;
  const definition = fieldOf(entity, field);
  if (!definition) {
    problems.push({ pointer, message: `Unknown field \`${field}\` of ${entityName} in filter.` });
    return;
  }
  if (condition === null || typeof condition !== 'object' || Array.isArray(condition)) {
    checkOperand(field, definition, 'eq', condition, pointer, problems);
    return;
  }
  for (const [operator, operand] of Object.entries(condition)) {
    if (!(filterOperators as readonly string[]).includes(operator)) {
      problems.push({ pointer: `${pointer}/${escapePointer(operator)}`, message: `Unknown operator \`${operator}\` on \`${field}\`: use ${filterOperators.join(', ')}.` });
      continue;
    }
    checkOperand(field, definition, operator as FilterOperator, operand, `${pointer}/${operator}`, problems);
  }
}

const orderedTypes = new Set(['integer', 'decimal', 'date', 'datetime', 'string']);

function checkOperand(field: string, definition: CatalogField, operator: FilterOperator, operand: unknown, pointer: string, problems: QueryProblem[]): void {
  const fail = (message: string): void => void problems.push({ pointer, message });
  if (operator === 'in') {
    if (!Array.isArray(operand) || operand.length > maxInValues) return fail(`\`in\` on \`${field}\` needs a list of at most ${maxInValues} values.`);
    operand.forEach((item, index) => checkValue(field, definition, item, `${pointer}/${index}`, problems));
    return;
  }
  if (operator === 'contains' && definition.type !== 'string' && definition.type !== 'text') return fail(`\`contains\` works on text fields; \`${field}\` is ${definition.type}.`);
  if (['lt', 'lte', 'gt', 'gte'].includes(operator) && !orderedTypes.has(definition.type)) return fail(`\`${operator}\` does not work on \`${field}\` (${definition.type}).`);
  checkValue(field, definition, operand, pointer, problems);
}

function checkValue(field: string, definition: CatalogField, written: unknown, pointer: string, problems: QueryProblem[]): void {
  if (written === null) return;
  if (isVariable(written)) {
    const variable = parseVariable(written);
    if (!variable || variable.kind === 'record') problems.push({ pointer, message: `${written} cannot be used here: use $user, $user.<attribute> or $today.` });
    else if (variable.kind === 'userAttribute' && !isUserAttribute(variable.name)) {
      problems.push({ pointer, message: `${written} is not a user attribute: use ${userAttributeNames.map((name) => `$user.${name}`).join(' or ')}.` });
    }
    return;
  }
  const value = literalValue(written);
  const expected = definition.type === 'integer' || definition.type === 'decimal' ? 'number' : definition.type === 'boolean' ? 'boolean' : 'string';
  if (typeof value !== expected) {
    problems.push({ pointer, message: `\`${field}\` is ${definition.type}: the value must be a ${expected}, not ${JSON.stringify(value)}.` });
  } else if (definition.type === 'enum' && !definition.values?.includes(value as string)) {
    problems.push({ pointer, message: `${JSON.stringify(value)} is not a value of \`${field}\`: use ${(definition.values ?? []).join(', ')}.` });
  }
}

function parseSort(text: string | undefined, entity: Entity, entityName: string, problems: QueryProblem[]): SortSpec[] {
  if (text === undefined || text === '') return [];
  const parts = text.split(',');
  if (parts.length > maxSortKeys) problems.push({ pointer: '/sort', message: `sort takes at most ${maxSortKeys} fields.` });
  return parts.slice(0, maxSortKeys).flatMap((part) => {
    const order = part.startsWith('-') ? 'desc' : 'asc';
    const field = part.replace(/^[-+]/, '');
    if (!fieldOf(entity, field)) {
      problems.push({ pointer: '/sort', message: `Unknown field \`${field}\` of ${entityName} in sort.` });
      return [];
    }
    return [{ field, order }] as SortSpec[];
  });
}

function parseSearch(params: DataQuery, entity: Entity, entityName: string, problems: QueryProblem[]): Condition {
  const fields = params.searchFields ? params.searchFields.split(',') : searchableFields(entity);
  for (const field of fields) {
    const definition = fieldOf(entity, field);
    if (!definition) problems.push({ pointer: '/searchFields', message: `Unknown field \`${field}\` of ${entityName} in searchFields.` });
    else if (!['string', 'text', 'enum'].includes(definition.type))
      problems.push({ pointer: '/searchFields', message: `\`${field}\` is ${definition.type}; search looks in string, text and enum fields.` });
  }
  const text = params.search?.trim() ?? '';
  return text === '' ? { kind: 'all' } : { kind: 'search', fields, text };
}

/** Cursors are opaque to clients: base64url JSON of the last row's sort values and key. */
export function encodeCursor(values: Value[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string, sortKeys: number, problems: QueryProblem[]): Value[] | undefined {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    values = undefined;
  }
  const isValid = Array.isArray(values) && values.length === sortKeys + 1 && typeof values[sortKeys] === 'string' && values.every((v) => v === null || typeof v === 'string' || typeof v === 'number');
  if (!isValid) {
    problems.push({ pointer: '/cursor', message: 'cursor is not one this query returned: pass nextCursor unchanged, with the same sort.' });
    return undefined;
  }
  return values as Value[];
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
