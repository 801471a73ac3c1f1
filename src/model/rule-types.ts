// The rule language of a data model (docs/data-model.md): who may read which records, who may
// create, change, delete them and run their operations, in which state, and what the
// environment sets itself. Rules are data, written in model/*.yaml (data-model.ts compiles
// them); the environment's entity rules (server/domain/writes.ts) apply them.
import type { Filter, FilterValue } from './types.js';

/** Business roles, or 'any' signed-in user. */
export type Roles = readonly string[] | 'any';

/**
 * A value the environment computes: `$now` (datetime), `$today` (date), `$user` (the user's id),
 * `$user.<attribute>`, `$param.<name>` (an operation's parameter), `$parent.<field>` (the
 * parent record's field), `$record.<field>` (the record's own field), or a literal.
 */
export type ValueSpec = FilterValue;

/** Records a user with one of `roles` may see: those meeting `filter`, or all without one. */
export type Grant =
  | { roles: Roles; filter?: Filter }
  /** Records whose parent (EntityRules.parent) the user may see. */
  | { roles: Roles; viaParent: true };

export interface Permission {
  roles: Roles;
  /** The record (before the change) must meet it, e.g. `{ owner: $user, status: { in: [Draft] } }`. */
  where?: Filter;
  /** For records with a parent: the parent must meet it (creating a line of a draft report). */
  parentWhere?: Filter;
  /** Why the change is refused when `where`/`parentWhere` do not hold. */
  refusal: string;
}

export interface OperationRule {
  roles: Roles;
  /** Who may run it and from which state, e.g. `{ approver: $user, status: Submitted }`. */
  where: Filter;
  refusal: string;
  /** Fields the operation sets. */
  set: Record<string, ValueSpec>;
  /** Fields set on every child record (entities whose parent is this one), e.g. the status copy. */
  setOnChildren?: Record<string, ValueSpec>;
  /** A check on the record that must hold, e.g. "a report without lines cannot be submitted". */
  require?: { filter: Filter; message: string };
}

export interface ParentLink {
  /** The reference field naming the parent. */
  field: string;
  entity: string;
  /** Child field ← parent field, kept in step by the environment (e.g. a line's owner). */
  copy: Record<string, string>;
}

/** The rules of every entity of a model, by entity name. */
export type RulesByEntity = Readonly<Record<string, EntityRules>>;

export interface EntityRules {
  /** Generated keys are `<prefix><number>`, e.g. EXP-00042. */
  keyPrefix: string;
  read: Grant[];
  create?: Permission;
  update?: Permission;
  delete?: Permission;
  /** Fields the environment sets on create, whatever the client sent. */
  onCreate?: Record<string, ValueSpec>;
  /** Fields the client may leave out, and what they become then. */
  defaults?: Record<string, ValueSpec>;
  parent?: ParentLink;
  operations?: Record<string, OperationRule>;
}
