// TypeScript declarations of the mwkit business-logic API, for editor help in logic.js
// (JSDoc) and for logic.ts. The contract is described in docs/business-logic.md.
//
//   logic.js:  /** @param {import('mwkit/types/logic').FieldChangedContext} ctx */
//              export function onFieldChanged(ctx) { … }
//   logic.ts:  import type { FieldChangedContext } from 'mwkit/types/logic';
//              export function onFieldChanged(ctx: FieldChangedContext): void { … }

/** A value a field can be given: text, a number, true/false or null. Dates are ISO text (2025-03-14). */
export type Value = string | number | boolean | null;

/**
 * A value read from a record or form: a `Value` at run time, typed `any` so that arithmetic and
 * comparisons on fields the script knows (`line.amount * 2`) need no casts.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export type FieldValue = any;

/** A record of the device's local data, or of a page. Read-only: change forms through ctx. */
export type DataRecord = Readonly<Record<string, FieldValue>>;

/** A filter in the workspace filter language; values may be $user, $user.<attribute>, $today, $record.<field>. */
export type Filter = Readonly<Record<string, Value | FilterOperators>>;

export interface FilterOperators {
  eq?: Value;
  ne?: Value;
  lt?: Value;
  lte?: Value;
  gt?: Value;
  gte?: Value;
  in?: readonly Value[];
  /** Case-insensitive substring. */
  contains?: string;
}

export interface SortKey {
  field: string;
  order?: 'asc' | 'desc';
}

export interface QueryOptions {
  sort?: readonly SortKey[];
  limit?: number;
}

export type Severity = 'error' | 'warning' | 'info';

export interface User {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly string[];
  /** Attributes the environment keeps for the user, e.g. vendorId, approvalLimit. */
  readonly attributes: Readonly<Record<string, Value>>;
}

/** What every handler's ctx has. */
export interface BaseContext {
  readonly user: User;
  readonly workspaceId: string;
  /** Whether the device is online now. Logic works the same offline; this is for messages. */
  readonly online: boolean;
  /** Today on the device, as an ISO date (2025-03-14). Compare dates as text. */
  readonly today: string;
  /** Now on the device, as an ISO date and time. */
  readonly now: string;
  /**
   * Reads the device's local data: the records of `entity` that match `filter`, as frozen
   * copies. Read-only: logic changes data only through the form it is part of.
   */
  query(entity: string, filter?: Filter, options?: QueryOptions): Promise<readonly DataRecord[]>;
  /** Writes a line to the log (mwkit test shows it next to a failing case). */
  log(...values: unknown[]): void;
}

/** ctx of onWorkspaceOpened. */
export interface WorkspaceContext extends BaseContext {
  /** Shows a message on the workspace's page list. */
  addMessage(text: string, severity?: Severity): void;
}

/** ctx of onPageOpened. Changes last while the page is open; nothing is saved. */
export interface PageContext extends BaseContext {
  readonly pageId: string;
  readonly pageKind: 'list' | 'details' | 'summary';
  /** The record a details page shows. */
  readonly record?: DataRecord;
  /** The filter of a list page, variables resolved. */
  readonly filter?: Filter;
  /** What the page shows: the record, with the values logic set on top. */
  readonly values: DataRecord;
  /** Shows another value in a field of the page (e.g. a total computed from local data). */
  setValue(field: string, value: Value): void;
  show(field: string): void;
  hide(field: string): void;
  setLabel(field: string, label: string): void;
  addMessage(text: string, severity?: Severity): void;
  /** Shows or hides one of the page's actions. */
  showAction(actionId: string): void;
  hideAction(actionId: string): void;
}

/** ctx of the form handlers: onActionStarted, onActionValidating, onActionQueuing. */
export interface ActionContext extends BaseContext {
  readonly actionId: string;
  readonly actionKind: 'create' | 'update' | 'delete' | 'operation';
  /** The page the action was started from. */
  readonly pageId?: string;
  /** The record the action works on (update, delete, operation) or the details page's record (create). */
  readonly record?: DataRecord;
  /** The form's values now. */
  readonly values: DataRecord;
  /** Sets a field's value. Does not call onFieldChanged. */
  setValue(field: string, value: Value): void;
  show(field: string): void;
  hide(field: string): void;
  setReadOnly(field: string, isReadOnly?: boolean): void;
  setRequired(field: string, isRequired?: boolean): void;
  setLabel(field: string, label: string): void;
  /** Shows an error under a field (null clears it). Any error blocks queueing. */
  setFieldError(field: string, message: string | null): void;
  /** Narrows what a lookup offers (null: back to the workspace's filter). */
  setLookupFilter(field: string, filter: Filter | null): void;
  /** A message for the whole form; an 'error' blocks queueing, a 'warning' asks to confirm. */
  addMessage(text: string, severity?: Severity): void;
}

/** ctx of onFieldChanged: the form's ctx, plus the change. */
export interface FieldChangedContext extends ActionContext {
  readonly field: string;
  readonly value: FieldValue;
  readonly previousValue: FieldValue;
}

export interface SyncResult {
  readonly status: 'applied' | 'conflict' | 'rejected';
  readonly actionId: string;
  readonly operationId: string;
  /** The values the operation carried. */
  readonly values: DataRecord;
  /** The environment's reason (rejected) or an explanation (conflict). */
  readonly message?: string;
  /** The record as the environment has it now (applied, conflict). */
  readonly record?: DataRecord;
}

/** ctx of onSyncResult. */
export interface SyncResultContext extends BaseContext {
  readonly actionId: string;
  readonly result: SyncResult;
  /** Tells the user about the result (a notification). */
  addMessage(text: string, severity?: Severity): void;
}

/**
 * What onActionValidating may return besides calling ctx.setFieldError / ctx.addMessage:
 * nothing, a message for the form, a list of them, or { field: message }. Any message blocks.
 */
export type ValidationResult = void | undefined | null | string | readonly string[] | Readonly<Record<string, string | null | undefined>>;

type Awaitable<T> = T | Promise<T>;

/** The handlers a logic script may export, by name. All are optional; all may be async. */
export interface Handlers {
  /** The user opens the workspace. */
  onWorkspaceOpened?(ctx: WorkspaceContext): Awaitable<void>;
  /** A page opens, with its record (details) or filter (list). */
  onPageOpened?(ctx: PageContext): Awaitable<void>;
  /** An action's form opens: set defaults, show/hide or lock fields, labels, lookup filters. */
  onActionStarted?(ctx: ActionContext): Awaitable<void>;
  /** The user changed a field of the form. */
  onFieldChanged?(ctx: FieldChangedContext): Awaitable<void>;
  /** The user submits the form: return or set messages; any error keeps it from being queued. */
  onActionValidating?(ctx: ActionContext): Awaitable<ValidationResult>;
  /** The form passed validation and is about to be queued: last chance to change values. */
  onActionQueuing?(ctx: ActionContext): Awaitable<void>;
  /** The environment answered a queued operation: applied, conflict or rejected. */
  onSyncResult?(ctx: SyncResultContext): Awaitable<void>;
}

export type HandlerName = keyof Handlers;
