// Record conditions and queries compiled to SQLite SQL. Conditions read the records' JSONB copy
// (`body`); an equality on an indexed field (references and users: owner, approver, vendor,
// reportNumber …) looks the keys up in `record_refs` instead, so an employee's own reports are
// found without reading every report. The SQL text is built only from constants: every field
// name (as a JSON path or a `record_refs.field` value) and every value is a bound parameter;
// only the row limit, an integer checked here, is written into the text.
import type { Value } from '../../../logic/api.js';
import type { Condition } from '../../domain/conditions.js';
import type { RecordQuery } from '../../domain/query.js';

export interface CompiledSql {
  text: string;
  params: unknown[];
}

/** Fields whose string values `record_refs` holds, per entity. */
export type IndexedFields = Readonly<Record<string, readonly string[]>>;

interface Scope {
  entity: string;
  /** Table alias of the records being tested. */
  alias: string;
  params: unknown[];
  indexed: IndexedFields;
}

/** better-sqlite3 binds no booleans; JSON true/false read back through json_extract as 1/0. */
function bindable(value: Value): unknown {
  return typeof value === 'boolean' ? (value ? 1 : 0) : value;
}

function path(field: string): string {
  return `$.${field}`;
}

export function compileCondition(condition: Condition, entity: string, alias: string, params: unknown[], indexed: IndexedFields): string {
  return compile(condition, { entity, alias, params, indexed });
}

function compile(condition: Condition, scope: Scope): string {
  switch (condition.kind) {
    case 'all':
      return '1';
    case 'none':
      return '0';
    case 'and':
    case 'or':
      return `(${condition.items.map((item) => compile(item, scope)).join(condition.kind === 'and' ? ' AND ' : ' OR ')})`;
    case 'parent': {
      const inner = `${scope.alias}p`;
      scope.params.push(path(condition.field), condition.entity);
      const parentCondition = compile(condition.condition, { ...scope, entity: condition.entity, alias: inner });
      return `json_extract(${scope.alias}.body, ?) IN (SELECT ${inner}.key FROM records ${inner} WHERE ${inner}.entity = ? AND ${inner}.deleted = 0 AND ${parentCondition})`;
    }
    case 'search': {
      const parts = condition.fields.map((field) => containsText(scope, field, condition.text));
      return parts.length === 0 ? '0' : `(${parts.join(' OR ')})`;
    }
    case 'field':
      return compileField(condition, scope);
  }
}

/** Text values only, ignoring case, like the in-memory evaluator: a number never "contains" digits. */
function containsText(scope: Scope, field: string, text: string): string {
  scope.params.push(path(field), path(field), text);
  return `(json_type(${scope.alias}.body, ?) = 'text' AND instr(lower(json_extract(${scope.alias}.body, ?)), lower(?)) > 0)`;
}

function isIndexed(scope: Scope, field: string): boolean {
  return scope.indexed[scope.entity]?.includes(field) ?? false;
}

/** Keys whose indexed `field` holds one of the string `values`: an index lookup, not a scan. */
function indexedLookup(scope: Scope, field: string, values: string[]): string {
  scope.params.push(scope.entity, field, ...values);
  const match = values.length === 1 ? '= ?' : `IN (${values.map(() => '?').join(', ')})`;
  return `${scope.alias}.key IN (SELECT x.key FROM record_refs x WHERE x.entity = ? AND x.field = ? AND x.value ${match})`;
}

function compileField(condition: Extract<Condition, { kind: 'field' }>, scope: Scope): string {
  const { field, operator, value: operand } = condition;
  const params = scope.params;
  const value = `json_extract(${scope.alias}.body, ?)`;
  switch (operator) {
    case 'eq':
      if (typeof operand === 'string' && isIndexed(scope, field)) return indexedLookup(scope, field, [operand]);
      params.push(path(field), bindable(operand as Value));
      // `=` where it means the same as IS (a value never equals NULL): it is the cheaper test.
      return `${value} ${operand === null ? 'IS' : '='} ?`;
    case 'ne':
      params.push(path(field), bindable(operand as Value));
      return `${value} IS NOT ?`;
    case 'in': {
      const list = Array.isArray(operand) ? operand : [];
      const literals = list.filter((item) => item !== null);
      const parts: string[] = [];
      if (literals.length > 0 && literals.every((item) => typeof item === 'string') && isIndexed(scope, field)) {
        parts.push(indexedLookup(scope, field, literals as string[]));
      } else if (literals.length > 0) {
        params.push(path(field), ...literals.map(bindable));
        parts.push(`${value} IN (${literals.map(() => '?').join(', ')})`);
      }
      // `in` with null also matches empty values, like the in-memory evaluator.
      if (literals.length !== list.length) {
        params.push(path(field));
        parts.push(`${value} IS NULL`);
      }
      return parts.length === 0 ? '0' : `(${parts.join(' OR ')})`;
    }
    case 'contains':
      return containsText(scope, field, String(operand));
    default: {
      params.push(path(field), bindable(operand as Value));
      const sign = { lt: '<', lte: '<=', gt: '>', gte: '>=' }[operator];
      return `${value} ${sign} ?`;
    }
  }
}

/** SELECT key, data, sort values … WHERE entity, not deleted, condition, after the cursor; sorted; limit + 1 rows. */
export function compileQuery(query: RecordQuery, indexed: IndexedFields): CompiledSql {
  const params: unknown[] = [];
  const sortColumns = query.sort.map((key) => {
    params.push(path(key.field));
    return 'json_extract(r.body, ?)';
  });
  const select = ['r.key', 'r.data', ...sortColumns].join(', ');
  params.push(query.entity);
  const where = ['r.entity = ?', 'r.deleted = 0', compileCondition(query.where, query.entity, 'r', params, indexed)];
  if (query.after) where.push(compileAfter(query, params));
  const order = [
    ...query.sort.flatMap((key) => {
      params.push(path(key.field), path(key.field));
      return ['json_extract(r.body, ?) IS NULL', `json_extract(r.body, ?) ${key.order === 'desc' ? 'DESC' : 'ASC'}`];
    }),
    'r.key ASC',
  ];
  return { text: `SELECT ${select} FROM records r WHERE ${where.join(' AND ')} ORDER BY ${order.join(', ')} LIMIT ${limitLiteral(query.limit + 1)}`, params };
}

/**
 * The one number written into the SQL text: SQLite plans a sorted LIMIT four times faster when
 * it knows the limit (a top-N sort) than when it is a parameter. It is an integer the query
 * checks built (1 to 501), never text from a request.
 */
function limitLiteral(limit: number): string {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new Error(`Invalid query limit ${limit}`);
  return String(limit);
}

/** Rows after the cursor in the order (empty values last, then the key): a keyset predicate. */
function compileAfter(query: RecordQuery, params: unknown[]): string {
  const after = query.after!;
  const alternatives: string[] = [];
  for (let i = 0; i <= query.sort.length; i++) {
    const isKeyStep = i === query.sort.length;
    // After an empty value only equal (empty) ones follow on that key: no alternative of its own.
    if (!isKeyStep && (after[i] ?? null) === null) continue;
    const parts: string[] = [];
    for (let j = 0; j < i; j++) {
      params.push(path(query.sort[j]!.field), bindable(after[j] ?? null));
      parts.push('json_extract(r.body, ?) IS ?');
    }
    if (isKeyStep) {
      params.push(after[i]);
      parts.push('r.key > ?');
    } else {
      const key = query.sort[i]!;
      params.push(path(key.field), bindable(after[i]!), path(key.field));
      parts.push(`(json_extract(r.body, ?) ${key.order === 'desc' ? '<' : '>'} ? OR json_extract(r.body, ?) IS NULL)`);
    }
    alternatives.push(`(${parts.join(' AND ')})`);
  }
  return `(${alternatives.join(' OR ')})`;
}
