// The ctx API of types/logic.d.ts as data, for the static checks of `mwkit validate`: which
// members each handler's ctx has, whether each is a value or a method, and what a method's
// first argument names (a field, an action, an entity) so that a literal one can be checked
// against the workspace. test/unit/logic-ctx-api.test.ts reads types/logic.d.ts with the
// TypeScript compiler and fails when this table and the declarations disagree.
// Pure: no imports beyond the handler names.
import type { HandlerName } from './api.js';

/** What a method's first argument names, when it names something the workspace defines. */
export type ArgumentRole = 'field' | 'action' | 'entity';

export interface CtxMember {
  kind: 'value' | 'method';
  /** The first argument's role; only for methods whose first argument is such a name. */
  argument?: ArgumentRole;
}

const value: CtxMember = { kind: 'value' };
const method: CtxMember = { kind: 'method' };
const fieldMethod: CtxMember = { kind: 'method', argument: 'field' };
const actionMethod: CtxMember = { kind: 'method', argument: 'action' };

const baseContext = {
  user: value,
  workspaceId: value,
  online: value,
  today: value,
  now: value,
  query: { kind: 'method', argument: 'entity' },
  log: method,
} satisfies Record<string, CtxMember>;

const actionContext = {
  ...baseContext,
  actionId: value,
  actionKind: value,
  pageId: value,
  record: value,
  values: value,
  setValue: fieldMethod,
  show: fieldMethod,
  hide: fieldMethod,
  setReadOnly: fieldMethod,
  setRequired: fieldMethod,
  setLabel: fieldMethod,
  setFieldError: fieldMethod,
  setLookupFilter: fieldMethod,
  addMessage: method,
} satisfies Record<string, CtxMember>;

/** Each ctx interface of types/logic.d.ts, by its name there, with every member (bases included). */
export const contextMembers: Readonly<Record<string, Readonly<Record<string, CtxMember>>>> = {
  WorkspaceContext: { ...baseContext, addMessage: method },
  PageContext: {
    ...baseContext,
    pageId: value,
    pageKind: value,
    record: value,
    filter: value,
    values: value,
    setValue: fieldMethod,
    show: fieldMethod,
    hide: fieldMethod,
    setLabel: fieldMethod,
    addMessage: method,
    showAction: actionMethod,
    hideAction: actionMethod,
  },
  ActionContext: actionContext,
  FieldChangedContext: { ...actionContext, field: value, value: value, previousValue: value },
  SyncResultContext: { ...baseContext, actionId: value, result: value, addMessage: method },
};

/** The ctx interface each handler receives (its parameter's type in `Handlers`). */
export const handlerContexts: Readonly<Record<HandlerName, string>> = {
  onWorkspaceOpened: 'WorkspaceContext',
  onPageOpened: 'PageContext',
  onActionStarted: 'ActionContext',
  onFieldChanged: 'FieldChangedContext',
  onActionValidating: 'ActionContext',
  onActionQueuing: 'ActionContext',
  onSyncResult: 'SyncResultContext',
};

/** Where a field name passed to a handler's ctx must come from. */
export type FieldSource = 'page' | 'form';

/** onPageOpened changes a page's fields; the form handlers an action form's fields. */
export const handlerFieldSources: Readonly<Partial<Record<HandlerName, FieldSource>>> = {
  onPageOpened: 'page',
  onActionStarted: 'form',
  onFieldChanged: 'form',
  onActionValidating: 'form',
  onActionQueuing: 'form',
};

// Per handler, its ctx's members as a Map: validate looks members up for every ctx use of every script.
const membersOf = new Map(Object.entries(handlerContexts).map(([handler, context]) => [handler, new Map(Object.entries(contextMembers[context]!))]));

/** The member `name` of the ctx of any of `handlers`, if one of them has it. */
export function ctxMember(handlers: Iterable<HandlerName>, name: string): CtxMember | undefined {
  for (const handler of handlers) {
    const found = membersOf.get(handler)!.get(name);
    if (found) return found;
  }
  return undefined;
}

/** Every member name the ctx of any of `handlers` has, for "did you mean". */
export function ctxMemberNames(handlers: Iterable<HandlerName>): string[] {
  const names = new Set<string>();
  for (const handler of handlers) for (const name of membersOf.get(handler)!.keys()) names.add(name);
  return [...names];
}
