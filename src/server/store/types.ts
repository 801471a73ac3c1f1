// The one interface between the environment and its database. Routes and services never see
// SQL; the SQLite store (store/sqlite/) implements it, a PostgreSQL store can implement it too.
// Decisions are pure callbacks the store runs inside its transaction, on the state it read there.
import type { Value } from '../../logic/api.js';
import type { ApplyDecision, ApplySnapshot, RollbackDecision, RollbackSnapshot } from '../domain/apply-decision.js';
import type { Condition } from '../domain/conditions.js';
import type { RecordQuery } from '../domain/query.js';
import type { User } from '../domain/users.js';
import type { RecordAccess } from '../domain/record-access.js';
import type { ChangeScan, StoredOperation } from '../sync/types.js';
import type { ServiceToken } from '../../contract/session.js';
import type { TrustedKey } from '../../contract/trust.js';

import type { HistoryAction, HistoryEntry, Publication } from '../../contract/workspaces.js';
import type { CurrentSince } from '../../contract/packages.js';

// Rows the wire shows as they are: the contract's types.
export type { CurrentSince, HistoryAction, HistoryEntry, Publication, ServiceToken, TrustedKey };

export interface UserAccount extends User {
  /** scrypt hash (see services/passwords.ts); null: cannot sign in with a password. */
  passwordHash: string | null;
}

export type TokenKind = 'user' | 'cli' | 'service';

export interface Session {
  user: User;
  kind: TokenKind;
  expiresAt: string;
  /** A service token's name. */
  name?: string;
}

/** A named token for automation (never its secret, which is shown once and kept only hashed). */

export interface RecordRow {
  key: string;
  /** The record as JSON text, `_version` included: sent to clients as it is. */
  json: string;
  /** Values of the sort fields, in order (for the next page's cursor). */
  sortValues: Value[];
}

export interface SeedRecord {
  entity: string;
  key: string;
  data: Record<string, Value>;
}

export interface PackageInfo {
  name: string;
  version: string;
  publisher: string;
  digest: string;
  size: number;
  signed: boolean;
  keyFingerprint: string | null;
}

export interface PackageToStore extends PackageInfo {
  manifest: string;
  signature: string | null;
  bytes: Buffer;
  workspaces: Array<{ id: string; version: string; title: string; definition: string; logic: string | null }>;
}

export interface PackageListItem extends PackageInfo {
  appliedAt: string;
  appliedBy: string;
  isCurrent: boolean;
  /** On the current version: when, by whom and how it became current (null on the others). */
  current: CurrentSince | null;
  workspaces: string[];
}

export interface RollbackTarget {
  version: string;
  /** manifest.json's exact text and signature.json's, to check against today's trust policy. */
  manifest: string;
  signature: string | null;
}

export interface AppliedWorkspace {
  id: string;
  title: string;
  version: string;
  package: { name: string; version: string };
  /** Normalised workspace.json text. */
  definition: string;
  logic: string | null;
  publication: Publication | null;
}

/** `write` takes the database's write lock at the start (BEGIN IMMEDIATE); `read` reads one snapshot. */
export type TransactionMode = 'read' | 'write';

/**
 * One unit of work: the records and the sync log inside one database transaction. Every method
 * answers a promise, so that a store whose database is across a network fits the same seam; every
 * read sees what the unit's earlier writes wrote, and nothing another unit has not committed.
 */
export interface UnitOfWork extends RecordAccess {
  /** The stored results among `operationIds`, by id (a push looks up its whole batch at once). */
  findOperations(operationIds: readonly string[]): Promise<Map<string, StoredOperation>>;
  saveOperation(operationId: string, operation: StoredOperation & { at: string }): Promise<void>;
  /** The user the device belongs to: its first user, made `userId` when it is new. */
  claimDevice(deviceId: string, userId: string, at: string): Promise<string>;
  /** The real keys the device's `localKeys` became, by local key (those never applied are absent). */
  resolveLocalKeys(deviceId: string, localKeys: readonly string[]): Promise<Map<string, string>>;
  saveLocalKey(deviceId: string, localKey: string, entity: string, key: string): Promise<void>;
  /** Changes of `entities` after `checkpoint` (null: from the start), oldest first, at most `limit`, tombstones included. */
  changesAfter(checkpoint: string | null, entities: readonly string[], limit: number): Promise<ChangeScan>;
  /** The checkpoint after every change committed in this unit's snapshot. */
  latestCheckpoint(): Promise<string>;
}

/** Who made a change and when, as history records it. */
export interface Attribution {
  actor: string;
  at: string;
}

export interface Store {
  close(): Promise<void>;
  getMeta(key: string): Promise<string | undefined>;

  findUser(id: string): Promise<UserAccount | undefined>;
  listUsers(): Promise<User[]>;
  insertToken(token: { hash: string; userId: string; kind: TokenKind; createdAt: string; expiresAt: string }): Promise<void>;
  findSession(hash: string, now: string): Promise<Session | undefined>;
  deleteToken(hash: string): Promise<void>;
  deleteTokens(userId: string, kind: TokenKind): Promise<void>;
  /** Adds a service token and records it; false when a service token of that name exists (expired ones too). */
  createServiceToken(token: { hash: string; name: string; userId: string; expiresAt: string }, change: Attribution): Promise<boolean>;
  listServiceTokens(): Promise<ServiceToken[]>;
  /** Deletes the service token `name` and records it; false when there is none. */
  revokeServiceToken(name: string, change: Attribution): Promise<boolean>;

  queryRecords(query: RecordQuery): Promise<RecordRow[]>;
  getRecord(entity: string, key: string, where: Condition): Promise<string | undefined>;
  countRecords(): Promise<Record<string, number>>;
  /** Whether `text` is a checkpoint this store's pulls return (checked before a pull runs; the format is the store's own). */
  isCheckpoint(text: string): boolean;
  /**
   * Runs `work` as one unit of work: what it writes is committed when its promise resolves, and
   * undone when it rejects. Units of work and the other methods never interleave on one store;
   * calling another method of the store from inside `work` is refused (it would wait for ever).
   */
  transaction<T>(mode: TransactionMode, work: (tx: UnitOfWork) => Promise<T>): Promise<T>;
  /** Users and records of a new environment, in one transaction; marks it seeded under `seedName`. */
  seed(seedName: string, users: UserAccount[], records: SeedRecord[]): Promise<void>;

  /** The state an apply of `name` `version` would be decided on (for dry runs). */
  applySnapshot(name: string, version: string): Promise<ApplySnapshot>;
  /** Runs `decide` on the state read in the transaction; writes the package if it says apply. */
  commitApply(pkg: PackageToStore, change: Attribution, decide: (snapshot: ApplySnapshot) => ApplyDecision): Promise<ApplyDecision>;
  /** The stored version to roll back to; `version` null: the one current before the current one. */
  rollbackTarget(name: string, version: string | null): Promise<RollbackTarget | undefined>;
  /** Undefined when `name` has no current version or `version` was never applied. */
  commitRollback(
    name: string,
    version: string,
    change: Attribution,
    decide: (snapshot: RollbackSnapshot) => RollbackDecision,
  ): Promise<{ decision: RollbackDecision; target: PackageInfo } | undefined>;
  listPackages(): Promise<PackageListItem[]>;
  listWorkspaces(): Promise<AppliedWorkspace[]>;
  /** Sets or clears the publication of an applied workspace; undefined when it is not applied. */
  setPublication(workspaceId: string, roles: string[] | null, change: Attribution): Promise<AppliedWorkspace | undefined>;
  listHistory(limit: number): Promise<HistoryEntry[]>;

  listTrustedKeys(): Promise<TrustedKey[]>;
  addTrustedKey(key: { fingerprint: string; publicKey: string }, change: Attribution): Promise<TrustedKey>;
  removeTrustedKey(fingerprint: string, change: Attribution): Promise<boolean>;
}
