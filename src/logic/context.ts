// The `ctx` object each handler receives: who and where (user, workspace, page, action,
// online, today), a read-only query API over the device's local data, and control methods
// that change the page's or form's state. Nothing else: no network, no storage, no DOM.
// Everything handed to the script is a frozen copy; every change records its script line.
import type { Catalog, Filter, Workspace } from '../model/types.js';
import { hasOwn } from '../model/own.js';
import { entitiesOf } from '../model/workspace-entities.js';
import { didYouMean } from '../text/suggest.js';
import type { DataRecord, HandlerName, LocalData, LogicUser, Origin, QueryOptions, Severity, SyncResult } from './api.js';
import { FilterError, resolveFilter, type VariableScope } from './query.js';
import type { LogicSandbox } from './runtime.js';
import { logicCaps, tooManyLogLines, tooManyMessages } from './caps.js';
import { requirePlainData, requireShortText } from './ctx-checks.js';
import { checkValue, frozenCopy, LogicApiError, LogicLimitError, requireField, type ControlState } from './state.js';

/** What the app (or mwkit test) knows when it calls handlers. */
export interface LogicEnvironment {
  sandbox: LogicSandbox;
  workspace: Workspace;
  catalog?: Catalog;
  user: LogicUser;
  data: LocalData;
  online: boolean;
  /** ISO date, e.g. 2025-03-14. */
  today: string;
  /** ISO date and time. */
  now: string;
  timeLimitMs?: number;
}

export interface CallScope {
  env: LogicEnvironment;
  handler: HandlerName;
  state: ControlState;
  record?: DataRecord;
}

const severities: readonly Severity[] = ['error', 'warning', 'info'];

function originOf(scope: CallScope): Origin {
  const position = scope.env.sandbox.callSite();
  return position ? { handler: scope.handler, position } : { handler: scope.handler };
}

function variableScope(scope: CallScope): VariableScope {
  return { user: scope.env.user, today: scope.env.today, record: scope.record };
}

const workspaceEntities = new WeakMap<Workspace, ReadonlySet<string>>();

function entitiesOfWorkspace(workspace: Workspace): ReadonlySet<string> {
  let found = workspaceEntities.get(workspace);
  if (!found) {
    found = new Set(entitiesOf(workspace));
    workspaceEntities.set(workspace, found);
  }
  return found;
}

/** The entity a script names: one of the catalog's (own names only), and one its own workspace uses. */
function checkEntity(env: LogicEnvironment, entity: unknown): string {
  if (typeof entity !== 'string' || entity === '') throw new LogicApiError("ctx.query: the first argument is the entity name, e.g. ctx.query('Item', { number: 'A-100' }).");
  const { catalog } = env;
  if (catalog && !hasOwn(catalog.entities, entity)) {
    throw new LogicApiError(`ctx.query: unknown entity \`${entity}\`. ${didYouMean(entity, Object.keys(catalog.entities), 'entities') ?? ''}`.trim());
  }
  const used = entitiesOfWorkspace(env.workspace);
  if (!used.has(entity)) {
    throw new LogicApiError(
      `ctx.query: \`${entity}\` is not an entity of workspace ${env.workspace.id}; its logic reads only the entities its pages, actions and lookups use (${[...used].join(', ') || 'none'}).`,
    );
  }
  return entity;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function query(scope: CallScope, entity: unknown, filter: unknown = {}, options: unknown = {}): Promise<readonly DataRecord[]> {
  const name = checkEntity(scope.env, entity);
  if (!isPlainObject(filter)) throw new LogicApiError("ctx.query: the filter is an object such as { status: 'Draft', amount: { gt: 100 } }.");
  if (!isPlainObject(options)) throw new LogicApiError("ctx.query: the options are an object such as { sort: [{ field: 'date', order: 'desc' }], limit: 10 }.");
  requirePlainData(filter, 'ctx.query', 'the filter');
  requirePlainData(options, 'ctx.query', 'the options');
  let resolved: Filter;
  try {
    resolved = resolveFilter(filter as Filter, variableScope(scope));
  } catch (error) {
    if (error instanceof FilterError) throw new LogicApiError(`ctx.query: ${error.message}`);
    throw error;
  }
  const found = (scope.env.data as LocalData).query(name, resolved, options as QueryOptions);
  if (found instanceof Promise) return found.then((records) => frozenCopy([...records]));
  return scope.env.sandbox.resolved(frozenCopy([...found]));
}

function formatLogged(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** How much a script may log through ctx.log while a page or form is open (a runaway loop stops here). */
export const maxLogChars = 64 * 1024;

function log(scope: CallScope, values: unknown[]): void {
  const { logs } = scope.state;
  const line = values.map(formatLogged).join(' ');
  if (logs.length >= logicCaps.logLinesPerCase) {
    const exceeded = tooManyLogLines(scope.handler);
    throw new LogicLimitError('MW234', exceeded.message, exceeded.hint);
  }
  const used = logs.reduce((total, logged) => total + logged.length, 0);
  if (used + line.length <= maxLogChars) {
    logs.push(line);
    return;
  }
  if (used < maxLogChars) logs.push(`${line.slice(0, maxLogChars - used)} … (cut: ctx.log output is limited to ${maxLogChars / 1024} KB)`);
  throw new LogicLimitError(
    'MW234',
    `${scope.handler} logged more than ${maxLogChars / 1024} KB through ctx.log, so it was stopped.`,
    'Log a few values that explain a decision, not every step of a loop.',
  );
}

/** What every handler's ctx has. */
function baseContext(scope: CallScope): Record<string, unknown> {
  const { env } = scope;
  return {
    user: frozenCopy(env.user),
    workspaceId: env.workspace.id,
    online: env.online,
    today: env.today,
    now: env.now,
    query: (entity: unknown, filter?: unknown, options?: unknown) => query(scope, entity, filter, options),
    log: (...values: unknown[]) => log(scope, values),
  };
}

function addMessage(scope: CallScope, text: unknown, severity: unknown = 'info'): void {
  if (typeof text !== 'string' || text.trim() === '') throw new LogicApiError('ctx.addMessage: the message must be a non-empty text.');
  requireShortText(text, logicCaps.messageChars, 'ctx.addMessage: the message');
  if (!severities.includes(severity as Severity)) throw new LogicApiError(`ctx.addMessage: severity is 'error', 'warning' or 'info', not ${JSON.stringify(severity)}.`);
  if (scope.state.messages.length >= logicCaps.messagesPerCase) {
    const exceeded = tooManyMessages(scope.handler);
    throw new LogicLimitError('MW235', exceeded.message, exceeded.hint);
  }
  scope.state.messages.push({ severity: severity as Severity, text, origin: originOf(scope), isFromValidation: scope.handler === 'onActionValidating' });
}

function setValue(scope: CallScope, field: unknown, value: unknown): void {
  requireField(scope.state, field, 'ctx.setValue');
  scope.state.values[field as string] = checkValue(value, `ctx.setValue('${String(field)}')`);
  scope.state.valueOrigins.set(field as string, originOf(scope));
}

function setFieldProperty<K extends 'visible' | 'readOnly' | 'required' | 'label'>(scope: CallScope, method: string, field: unknown, key: K, value: unknown): void {
  const tracked = requireField(scope.state, field, `ctx.${method}`);
  if (key === 'label' && (typeof value !== 'string' || value.trim() === '')) throw new LogicApiError(`ctx.${method}: the label must be a non-empty text.`);
  if (key === 'label') requireShortText(value as string, logicCaps.labelChars, `ctx.${method}: the label`);
  if (key !== 'label' && typeof value !== 'boolean') throw new LogicApiError(`ctx.${method}: the second argument is true or false.`);
  (tracked as Record<K, unknown>)[key] = value;
  tracked.origins[key] = originOf(scope);
}

function setFieldError(scope: CallScope, field: unknown, message: unknown): void {
  const tracked = requireField(scope.state, field, 'ctx.setFieldError');
  if (message === null || message === undefined || message === '') {
    delete tracked.error;
    delete tracked.isValidationError;
  } else if (typeof message === 'string') {
    requireShortText(message, logicCaps.messageChars, 'ctx.setFieldError: the message');
    tracked.error = message;
    tracked.isValidationError = scope.handler === 'onActionValidating';
  } else {
    throw new LogicApiError('ctx.setFieldError: the message is a text (or null to clear the error).');
  }
  tracked.origins.error = originOf(scope);
}

function setLookupFilter(scope: CallScope, field: unknown, filter: unknown): void {
  const tracked = requireField(scope.state, field, 'ctx.setLookupFilter');
  if (filter === null || filter === undefined) {
    delete tracked.lookupFilter;
  } else {
    if (!isPlainObject(filter)) throw new LogicApiError("ctx.setLookupFilter: the filter is an object such as { status: 'Active' }, or null.");
    requirePlainData(filter, 'ctx.setLookupFilter', 'the filter');
    try {
      resolveFilter(filter as Filter, variableScope(scope)); // fails now, at this line, rather than when the user opens the lookup
    } catch (error) {
      if (error instanceof FilterError) throw new LogicApiError(`ctx.setLookupFilter: ${error.message}`);
      throw error;
    }
    tracked.lookupFilter = frozenCopy(filter as Filter);
  }
  tracked.origins.lookupFilter = originOf(scope);
}

function setActionVisible(scope: CallScope, method: string, actionId: unknown, isVisible: boolean): void {
  const tracked = typeof actionId === 'string' ? scope.state.actions.get(actionId) : undefined;
  if (!tracked) {
    const ids = [...scope.state.actions.keys()];
    throw new LogicApiError(`ctx.${method}: \`${String(actionId)}\` is not an action of this page. ${didYouMean(String(actionId), ids, 'actions') ?? 'The page offers no actions.'}`);
  }
  tracked.visible = isVisible;
  tracked.origin = originOf(scope);
}

function withValues(scope: CallScope, members: Record<string, unknown>): object {
  const ctx = { ...baseContext(scope), ...members };
  Object.defineProperty(ctx, 'values', { enumerable: true, get: () => frozenCopy(scope.state.values) });
  return Object.freeze(ctx);
}

/** ctx of onWorkspaceOpened. */
export function workspaceContext(scope: CallScope): object {
  return Object.freeze({ ...baseContext(scope), addMessage: (text: unknown, severity?: unknown) => addMessage(scope, text, severity) });
}

/** ctx of onPageOpened. */
export function pageContext(scope: CallScope, page: { id: string; kind: string; filter?: Filter }): object {
  return withValues(scope, {
    pageId: page.id,
    pageKind: page.kind,
    record: frozenCopy(scope.record),
    filter: frozenCopy(page.filter),
    setValue: (field: unknown, value: unknown) => setValue(scope, field, value),
    show: (field: unknown) => setFieldProperty(scope, 'show', field, 'visible', true),
    hide: (field: unknown) => setFieldProperty(scope, 'hide', field, 'visible', false),
    setLabel: (field: unknown, label: unknown) => setFieldProperty(scope, 'setLabel', field, 'label', label),
    addMessage: (text: unknown, severity?: unknown) => addMessage(scope, text, severity),
    showAction: (actionId: unknown) => setActionVisible(scope, 'showAction', actionId, true),
    hideAction: (actionId: unknown) => setActionVisible(scope, 'hideAction', actionId, false),
  });
}

/** ctx of the form handlers: onActionStarted, onFieldChanged, onActionValidating, onActionQueuing. */
export function actionContext(scope: CallScope, action: { id: string; kind: string }, pageId: string | undefined, extra: Record<string, unknown> = {}): object {
  return withValues(scope, {
    actionId: action.id,
    actionKind: action.kind,
    pageId,
    record: frozenCopy(scope.record),
    ...extra,
    setValue: (field: unknown, value: unknown) => setValue(scope, field, value),
    show: (field: unknown) => setFieldProperty(scope, 'show', field, 'visible', true),
    hide: (field: unknown) => setFieldProperty(scope, 'hide', field, 'visible', false),
    setReadOnly: (field: unknown, isReadOnly: unknown = true) => setFieldProperty(scope, 'setReadOnly', field, 'readOnly', isReadOnly),
    setRequired: (field: unknown, isRequired: unknown = true) => setFieldProperty(scope, 'setRequired', field, 'required', isRequired),
    setLabel: (field: unknown, label: unknown) => setFieldProperty(scope, 'setLabel', field, 'label', label),
    setFieldError: (field: unknown, message: unknown) => setFieldError(scope, field, message),
    setLookupFilter: (field: unknown, filter: unknown) => setLookupFilter(scope, field, filter),
    addMessage: (text: unknown, severity?: unknown) => addMessage(scope, text, severity),
  });
}

/** ctx of onSyncResult. */
export function syncContext(scope: CallScope, result: SyncResult): object {
  return Object.freeze({
    ...baseContext(scope),
    actionId: result.actionId,
    result: frozenCopy(result),
    addMessage: (text: unknown, severity?: unknown) => addMessage(scope, text, severity),
  });
}
