// Messages between the app and its business-logic Worker. The Worker holds the script and
// the open forms (src/logic/session.ts); the app holds the data, so the Worker asks it for
// ctx.query results. Everything crossing is plain data (structured clone), except the QuickJS
// engine's compiled WebAssembly module, handed over once with `load`. The app checks every
// Worker message against these shapes (logic-guards.ts) before acting on it.
import type { DataRecord, FieldState, LogicUser, QueryOptions, Severity, SyncResult } from '../../src/logic/api.js';
import type { Catalog, Filter, Workspace } from '../../src/model/types.js';

/** What the device knows at the moment of a call. */
export interface Moment {
  online: boolean;
  today: string;
  now: string;
}

export type HostRequest =
  | { type: 'load'; engine: WebAssembly.Module; workspace: Workspace; catalog: Catalog; user: LogicUser; logic: string | null; file: string; timeLimitMs: number }
  | { type: 'workspace'; moment: Moment }
  | { type: 'page'; moment: Moment; pageId: string; record?: DataRecord }
  | { type: 'start'; moment: Moment; formId: string; actionId: string; pageId?: string; record?: DataRecord; values?: DataRecord }
  | { type: 'change'; formId: string; field: string; value: DataRecord[string] }
  | { type: 'validate'; formId: string }
  | { type: 'queue'; formId: string }
  | { type: 'close'; formId: string }
  | { type: 'sync'; moment: Moment; result: SyncResult };

export interface ShownProblem {
  message: string;
  /** logic.js:12:5 */
  at?: string;
}

export interface ShownMessage {
  severity: Severity;
  text: string;
}

export interface LoadAnswer {
  handlers: string[];
  problems: ShownProblem[];
}

export interface FormSnapshot {
  values: DataRecord;
  fields: Record<string, FieldState>;
  messages: ShownMessage[];
  problems: ShownProblem[];
  isValid?: boolean;
  isQueued?: boolean;
}

export interface PageSnapshot {
  values: DataRecord;
  fields: Record<string, { label: string; visible: boolean }>;
  actions: Record<string, boolean>;
  messages: ShownMessage[];
  problems: ShownProblem[];
}

export interface MessagesSnapshot {
  messages: ShownMessage[];
  problems: ShownProblem[];
}

export type WorkerMessage =
  | { type: 'reply'; requestId: number; ok: true; value: unknown }
  | { type: 'reply'; requestId: number; ok: false; error: string }
  | { type: 'query'; queryId: number; entity: string; filter: Filter; options: QueryOptions }
  /** The engine may be unusable (a script ran out of memory): the app ends this Worker. */
  | { type: 'engineBroken' };

export type HostMessage = { type: 'request'; requestId: number; request: HostRequest } | { type: 'queryResult'; queryId: number; records?: DataRecord[]; error?: string };
