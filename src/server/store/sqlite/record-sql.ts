// Record conditions and queries compiled to SQLite SQL. The SQL text is built only from
// constants; every field name (as a JSON path) and every value is a bound parameter.
import type { Value } from '../../../logic/api.js';
import type { Condition } from '../../domain/conditions.js';
import type { RecordQuery } from '../../domain/query.js';

export interface CompiledSql {
  text: string;
  params: unknown[];
}

/** better-sqlite3 binds no booleans; JSON true/false read back through json_extract as 1/0. */
function bindable(value: Value): unknown {
  return typeof value === 'boolean' ? (value ? 1 : 0) : value;
}

function path(field: string): string {
  return `$.${field}`;
}

export function compileCondition(condition: Condition, alias: string, params: unknown[]): string {
  const column = (field: string): string => {
    params.push(path(field));
    return `json_extract(${alias}.data, ?)`;
  };
  switch (condition.kind) {
    case 'all':
      return '1';
    case 'none':
      return '0';
    case 'and':
    case 'or':
      return `(${condition.items.map((item) => compileCondition(item, alias, params)).join(condition.kind === 'and' ? ' AND ' : ' OR ')})`;
    case 'parent': {
      const reference = column(condition.field);
      params.push(condition.entity);
      const inner = alias === 'r' ? 'p' : `${alias}p`;
      return `${reference} IN (SELECT ${inner}.key FROM records ${inner} WHERE ${inner}.entity = ? AND ${inner}.deleted = 0 AND ${compileCondition(condition.condition, inner, params)})`;
    }
    case 'search': {
      const parts = condition.fields.map((field) => containsText(alias, field, condition.text, params));
      return parts.length === 0 ? '0' : `(${parts.join(' OR ')})`;
    }
    case 'field':
      return compileField(condition, alias, params);
  }
}

/** Text values only, ignoring case, like the in-memory evaluator: a number never "contains" digits. */
function containsText(alias: string, field: string, text: string, params: unknown[]): string {
  params.push(path(field), path(field), text);
  return `(json_type(${alias}.data, ?) = 'text' AND instr(lower(json_extract(${alias}.data, ?)), lower(?)) > 0)`;
}

function compileField(condition: Extract<Condition, { kind: 'field' }>, alias: string, params: unknown[]): string {
  const operand = condition.value;
  const value = `json_extract(${alias}.data, ?)`;
  const bindPath = (): void => void params.push(path(condition.field));
  switch (condition.operator) {
    case 'eq':
    case 'ne':
      params.push(path(condition.field), bindable(operand as Value));
      return `${value} ${condition.operator === 'eq' ? 'IS' : 'IS NOT'} ?`;
    case 'in': {
      const list = Array.isArray(operand) ? operand : [];
      const literals = list.filter((item) => item !== null);
      // `in` with null also matches empty values, like the in-memory evaluator.
      const parts: string[] = [];
      if (literals.length > 0) {
        bindPath();
        params.push(...literals.map(bindable));
        parts.push(`${value} IN (${literals.map(() => '?').join(', ')})`);
      }
      if (literals.length !== list.length) {
        bindPath();
        parts.push(`${value} IS NULL`);
      }
      return parts.length === 0 ? '0' : `(${parts.join(' OR ')})`;
    }
    case 'contains':
      return containsText(alias, condition.field, String(operand), params);
    default: {
      params.push(path(condition.field), bindable(operand as Value));
      const sign = { lt: '<', lte: '<=', gt: '>', gte: '>=' }[condition.operator];
      return `${value} ${sign} ?`;
    }
  }
}

/** SELECT key, data, sort values … WHERE entity, not deleted, condition, after the cursor; sorted; limit + 1 rows. */
export function compileQuery(query: RecordQuery): CompiledSql {
  const params: unknown[] = [];
  const sortColumns = query.sort.map((key) => {
    params.push(path(key.field));
    return 'json_extract(r.data, ?)';
  });
  const select = ['r.key', 'r.data', ...sortColumns].join(', ');
  params.push(query.entity);
  const where = [`r.entity = ?`, 'r.deleted = 0', compileCondition(query.where, 'r', params)];
  if (query.after) where.push(compileAfter(query, params));
  const order = [...query.sort.flatMap((key) => {
    params.push(path(key.field), path(key.field));
    return [`json_extract(r.data, ?) IS NULL`, `json_extract(r.data, ?) ${key.order === 'desc' ? 'DESC' : 'ASC'}`];
  }), 'r.key ASC'];
  params.push(query.limit + 1);
  return { text: `SELECT ${select} FROM records r WHERE ${where.join(' AND ')} ORDER BY ${order.join(', ')} LIMIT ?`, params };
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
      parts.push('json_extract(r.data, ?) IS ?');
    }
    if (isKeyStep) {
      params.push(after[i]);
      parts.push('r.key > ?');
    } else {
      const key = query.sort[i]!;
      params.push(path(key.field), bindable(after[i]!), path(key.field));
      parts.push(`(json_extract(r.data, ?) ${key.order === 'desc' ? '<' : '>'} ? OR json_extract(r.data, ?) IS NULL)`);
    }
    alternatives.push(`(${parts.join(' AND ')})`);
  }
  return `(${alternatives.join(' OR ')})`;
}
