// The state a page or an action form shows, which handlers change through ctx: values,
// per-field label/visibility/read-only/required/error/lookup filter, page actions, messages.
// Built from the workspace definition; every change remembers its origin (handler and
// script line) so that a failing test can say which line produced what it saw.
import { closestMatch } from '../text/suggest.js';
import type { Action, Catalog, CatalogField, FieldRef, Page } from '../model/types.js';
import { isVariable, literalValue } from '../model/filter.js';
import type { DataRecord, FieldState, LogicMessage, Origin, Value } from './api.js';
import { resolveVariable, type VariableScope } from './query.js';
import type { Code } from '../validate/codes.js';
import { newUsage, type ChannelUsage } from './caps.js';

export interface TrackedField extends FieldState {
  /** Who last changed each property (absent: as the workspace defines it). */
  origins: Partial<Record<keyof FieldState, Origin>>;
  /** The error came from onActionValidating (or the required check): validation clears it. */
  isValidationError?: boolean;
}

export interface TrackedMessage extends LogicMessage {
  isFromValidation?: boolean;
}

export interface ControlState {
  values: DataRecord;
  valueOrigins: Map<string, Origin>;
  fields: Map<string, TrackedField>;
  /** Page actions by id (pages only). */
  actions: Map<string, { visible: boolean; origin?: Origin }>;
  messages: TrackedMessage[];
  logs: string[];
  /** What the handlers of this page or form have sent the host (the case's share of the caps). */
  usage: ChannelUsage;
}

/** A wrong use of the context API (unknown field, bad value); thrown into the script. */
export class LogicApiError extends Error {
  override readonly name = 'LogicApiError';
}

/** The script went over a cap the host sets (output, say): the call ends, the script cannot catch it. */
export class LogicLimitError extends Error {
  override readonly name = 'LogicLimitError';
  constructor(
    readonly code: Code,
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

export function emptyState(): ControlState {
  return { values: {}, valueOrigins: new Map(), fields: new Map(), actions: new Map(), messages: [], logs: [], usage: newUsage() };
}

function fieldName(ref: FieldRef): string {
  return typeof ref === 'string' ? ref : ref.field;
}

function catalogField(catalog: Catalog | undefined, entity: string | undefined, field: string): CatalogField | undefined {
  return entity ? catalog?.entities[entity]?.fields[field] : undefined;
}

/** The catalog's description of an action field: an operation parameter or an entity field. */
export function actionCatalogField(catalog: Catalog | undefined, action: Action, field: string): CatalogField | undefined {
  if (action.kind === 'operation') return catalog?.entities[action.entity]?.operations?.[action.operation ?? '']?.parameters?.[field];
  return catalogField(catalog, action.entity, field);
}

function baseField(label: string): TrackedField {
  return { label, visible: true, readOnly: false, required: false, origins: {} };
}

/** The fields a page shows: list columns, or the fields of every section. */
export function pageFieldRefs(page: Page): FieldRef[] {
  return page.kind === 'list' ? (page.fields ?? []) : (page.sections ?? []).flatMap((s) => s.fields);
}

export function initialPageState(page: Page, catalog: Catalog | undefined, record: DataRecord | undefined): ControlState {
  const state = emptyState();
  for (const ref of pageFieldRefs(page)) {
    const name = fieldName(ref);
    const label = (typeof ref === 'string' ? undefined : ref.label) ?? catalogField(catalog, page.entity, name)?.label ?? name;
    state.fields.set(name, { ...baseField(label), readOnly: true });
  }
  for (const id of page.actions ?? []) state.actions.set(id, { visible: true });
  state.values = record ? { ...record } : {};
  return state;
}

function defaultValue(value: Value | undefined, scope: VariableScope): Value {
  if (value === undefined) return null;
  return isVariable(value) ? resolveVariable(value, scope) : literalValue(value);
}

/**
 * The form as it opens: each field's value is the record's (update) or the default, then
 * `input` (values the caller already has, e.g. a scanned barcode) on top.
 */
export function initialFormState(action: Action, catalog: Catalog | undefined, scope: VariableScope, input: DataRecord = {}): ControlState {
  const state = emptyState();
  for (const ref of action.fields ?? []) {
    const spec = typeof ref === 'string' ? { field: ref } : ref;
    const described = actionCatalogField(catalog, action, spec.field);
    const isCatalogRequired = described?.required === true && described.readOnly !== true;
    state.fields.set(spec.field, {
      ...baseField(spec.label ?? described?.label ?? spec.field),
      visible: spec.hidden !== true,
      readOnly: spec.readOnly === true,
      required: spec.required ?? isCatalogRequired,
      ...(spec.lookup?.filter ? { lookupFilter: spec.lookup.filter } : {}),
    });
    const fromRecord = action.kind === 'update' ? scope.record?.[spec.field] : undefined;
    state.values[spec.field] = fromRecord ?? defaultValue(spec.default, scope);
  }
  Object.assign(state.values, input);
  return state;
}

export function requireField(state: ControlState, field: unknown, what: string): TrackedField {
  if (typeof field !== 'string') throw new LogicApiError(`${what}: the field name must be a string, not ${typeof field}.`);
  const found = state.fields.get(field);
  if (found) return found;
  const names = [...state.fields.keys()];
  const match = closestMatch(field, names);
  const known = names.length > 0 ? ` Fields: ${names.join(', ')}.` : ' It has no fields.';
  throw new LogicApiError(`${what}: \`${field}\` is not a field here.${match ? ` Did you mean \`${match}\`?` : known}`);
}

/** A value a field can hold: text, a number, true/false or null. Dates are ISO text. */
export function checkValue(value: unknown, what: string): Value {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' && !Number.isFinite(value)) throw new LogicApiError(`${what}: ${value} is not a number a field can hold.`);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  const hint = value instanceof Date || Object.prototype.toString.call(value) === '[object Date]' ? ' Use an ISO date text such as ctx.today.' : '';
  throw new LogicApiError(`${what}: a field holds text, a number, true/false or null, not ${Array.isArray(value) ? 'a list' : typeof value}.${hint}`);
}

export function isEmptyValue(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

/** Plain, frozen copies of data handed to a script: it can read them, never change ours. */
export function frozenCopy<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? value.map(frozenCopy) : Object.fromEntries(Object.entries(value).map(([k, v]) => [k, frozenCopy(v)]));
  return Object.freeze(copy) as T;
}
