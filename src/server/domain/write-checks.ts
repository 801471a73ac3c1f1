// Checks of the values a write brings, against the catalog: known fields only, nothing the
// environment sets itself, types, enum values, references that exist, required fields. Each
// failure is a problem naming the field, as a device shows it next to the input.
import { problemOf, type Problem, type ProblemSlug } from '../../contract/problems.js';
import type { DataRecord, Value } from '../../logic/api.js';
import type { CatalogField, Entity } from '../../model/types.js';
import { isCalendarDate, isDateTime } from './dates.js';
import { isoDate, type User } from './users.js';
import type { ValueSpec } from '../../model/rule-types.js';

/** The kinds of refusal a write can meet. */
export type WriteRefusal = Extract<ProblemSlug, 'invalid-request' | 'not-found' | 'forbidden' | 'unprocessable'>;

export function writeProblem(slug: WriteRefusal, detail: string, field?: string): Problem {
  return problemOf(slug, detail, field ? { field } : {});
}

export class WriteRefused extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
}

export function refuse(slug: WriteRefusal, detail: string, field?: string): never {
  throw new WriteRefused(writeProblem(slug, detail, field));
}

/** Values a client may write: fields of the entity that are not read-only. */
export function checkWritable(entityName: string, entity: Entity, values: Readonly<DataRecord>, fixed: readonly string[] = []): void {
  for (const field of Object.keys(values)) {
    const definition = Object.hasOwn(entity.fields, field) ? entity.fields[field] : undefined;
    if (!definition) refuse('invalid-request', `${entityName} has no field \`${field}\`.`, field);
    if (definition.readOnly || fixed.includes(field)) refuse('unprocessable', `\`${definition.label ?? field}\` is set by the environment and cannot be changed.`, field);
  }
}

/** What a write may refer to. */
export interface ReferenceCheck {
  /** A live record the writing user may read: an unreadable one reads exactly like a missing one. */
  isReferable(entity: string, key: string): boolean;
  /** A user of this environment. */
  isUser(id: string): boolean;
}

/** A value fits its field's type (null always does; required is checked separately). */
export function checkValue(field: string, definition: CatalogField, value: Value, references: ReferenceCheck): void {
  if (value === null) return;
  const label = definition.label ?? field;
  const fail = (expected: string): never => refuse('unprocessable', `\`${label}\` must be ${expected}, not ${JSON.stringify(value)}.`, field);
  switch (definition.type) {
    case 'integer':
      if (!Number.isSafeInteger(value)) fail('a whole number');
      return;
    case 'decimal':
      if (typeof value !== 'number' || !Number.isFinite(value)) fail('a number');
      return;
    case 'boolean':
      if (typeof value !== 'boolean') fail('true or false');
      return;
    case 'date':
      if (typeof value !== 'string' || !isCalendarDate(value)) fail('a real calendar date (YYYY-MM-DD)');
      return;
    case 'datetime':
      if (typeof value !== 'string' || !isDateTime(value)) fail('a real date and time (ISO 8601, e.g. 2025-03-14T09:30:00Z)');
      return;
    case 'enum':
      if (typeof value !== 'string' || !(definition.values ?? []).includes(value)) fail(`one of ${(definition.values ?? []).join(', ')}`);
      return;
    case 'reference':
      if (typeof value !== 'string') fail('a key');
      if (!references.isReferable(definition.entity!, value as string)) refuse('unprocessable', `\`${label}\`: there is no ${definition.entity} ${String(value)} that you may see.`, field);
      return;
    case 'user':
      if (typeof value !== 'string') fail('a user id');
      if (!references.isUser(value as string)) refuse('unprocessable', `\`${label}\`: there is no user ${String(value)}.`, field);
      return;
    default:
      if (typeof value !== 'string') fail('text');
      if ((value as string).length > 10_000) fail('at most 10,000 characters');
  }
}

export function checkRequired(fields: Readonly<Record<string, CatalogField>>, record: Readonly<DataRecord>, what: string): void {
  for (const [field, definition] of Object.entries(fields)) {
    const value = record[field];
    if (definition.required && (value === undefined || value === null || value === '')) refuse('unprocessable', `\`${definition.label ?? field}\` is required${what}.`, field);
  }
}

export interface SpecScope {
  user: User;
  now: Date;
  params?: Readonly<DataRecord>;
  parent?: Readonly<DataRecord>;
  record?: Readonly<DataRecord>;
}

/** What a rule's value stands for: `$now`, `$today`, `$user`, `$user.x`, `$param.x`, `$parent.x`, `$record.x`, or itself. */
export function resolveSpec(spec: ValueSpec, scope: SpecScope): Value {
  if (typeof spec !== 'string' || !spec.startsWith('$')) return spec;
  if (spec === '$now') return scope.now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (spec === '$today') return isoDate(scope.now);
  if (spec === '$user') return scope.user.id;
  const [head, name = ''] = spec.split('.', 2);
  const source = { $user: scope.user.attributes, $param: scope.params, $parent: scope.parent, $record: scope.record }[head as '$user'];
  // Own properties only: `$user.constructor` must not reach Object.prototype.
  return source && Object.hasOwn(source, name) ? (source[name] ?? null) : null;
}
