// What the app keeps and exchanges: the session, published workspaces, and the outbox's
// operations (the sync contract's ClientOperation plus what the device needs to show them).
import type { DataRecord } from '../../src/logic/api.js';
import type { Problem } from '../../src/contract/problems.js';
import type { ClientOperation } from '../../src/contract/sync.js';

// The wire's shapes are the contract's, imported as types only (the app shell carries no schema
// library); the app keeps its own names for them.
export type { IssuedToken as Session, User as SessionUser } from '../../src/contract/session.js';
export type { OpenableWorkspace as PublishedWorkspace } from '../../src/contract/workspaces.js';

export type OperationStatus = 'pending' | 'conflict' | 'rejected';

export interface LocalOperation extends ClientOperation {
  /** Position in the outbox (IndexedDB key): the order the user made the changes in. */
  seq?: number;
  userId: string;
  workspaceId: string;
  actionId: string;
  /** What the change is, for the list of changes: "Submit · EXP-00012". */
  title: string;
  status: OperationStatus;
  /** The record as the user saw it when making the change ("your version" next to the server's). */
  before?: DataRecord;
  /** A conflict: the record as the environment has it now (null: deleted), and why. */
  server?: { record: DataRecord | null; version: number | null; message: string };
  /** A rejection: the environment's problem details. */
  problem?: Problem;
}

export interface Draft {
  /** The form's route: workspace, action, record. */
  id: string;
  values: DataRecord;
  updatedAt: string;
}
