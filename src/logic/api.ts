// The business-logic API as the runtime knows it: handler names, the moments they stand for,
// and the shapes that cross between the runtime and a script. types/logic.d.ts is the same
// contract for script authors (test/unit/logic-declarations.test.ts keeps the two in step).
// Pure and environment-agnostic: the browser app imports this module too.
import type { Filter, FilterValue, PageKind, SortKey } from '../model/types.js';

export const handlerNames = ['onWorkspaceOpened', 'onPageOpened', 'onActionStarted', 'onFieldChanged', 'onActionValidating', 'onActionQueuing', 'onSyncResult'] as const;

export type HandlerName = (typeof handlerNames)[number];

export function isHandlerName(name: string): name is HandlerName {
  return (handlerNames as readonly string[]).includes(name);
}

/** When the app calls each handler, in one line (used in messages and docs). */
export const handlerMoments: Record<HandlerName, string> = {
  onWorkspaceOpened: 'the user opens the workspace',
  onPageOpened: 'a page opens, with its record or filter',
  onActionStarted: "an action's form opens",
  onFieldChanged: 'the user changes a field of the form',
  onActionValidating: 'the user submits the form, before anything is queued',
  onActionQueuing: 'the form passed validation and is about to be queued',
  onSyncResult: 'the environment answered a queued operation',
};

export type Value = FilterValue;
export type DataRecord = Record<string, Value>;
export type Severity = 'error' | 'warning' | 'info';

export interface LogicUser {
  id: string;
  name: string;
  roles: string[];
  attributes: Record<string, Value>;
}

export interface QueryOptions {
  sort?: SortKey[];
  limit?: number;
}

/** The device's local data, read-only. May answer synchronously (tests) or not (IndexedDB). */
export interface LocalData {
  query(entity: string, filter: Filter, options: QueryOptions): readonly DataRecord[] | Promise<readonly DataRecord[]>;
}

/** Where in the script something happened. Lines and columns are 1-based. */
export interface ScriptPosition {
  file: string;
  line: number;
  column: number;
}

/** Who changed a control state: the handler and the script line of the call. */
export interface Origin {
  handler: HandlerName;
  position?: ScriptPosition;
  /** The handler returned it (onActionValidating's result): `position` is the handler's declaration. */
  isReturned?: boolean;
}

export interface FieldState {
  label: string;
  visible: boolean;
  readOnly: boolean;
  required: boolean;
  error?: string;
  lookupFilter?: Filter;
}

export interface LogicMessage {
  severity: Severity;
  text: string;
  origin?: Origin;
}

export type SyncStatus = 'applied' | 'conflict' | 'rejected';

export interface SyncResult {
  status: SyncStatus;
  actionId: string;
  operationId: string;
  /** The values the operation carried. */
  values: DataRecord;
  /** The environment's message (rejected) or an explanation (conflict). */
  message?: string;
  /** The record as the environment has it now (applied, conflict). */
  record?: DataRecord;
}

export interface PageInfo {
  id: string;
  kind: PageKind;
}
