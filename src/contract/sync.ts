// Sync on the wire (SPEC §6, Sync; docs/app.md "Sync API"): what a device pushes, the result of
// each operation, and a page of pulled changes. The push route validates its body with these
// schemas and only checks by hand what a schema cannot say (an id twice in one batch); the app
// and the server type their halves with the Static types.
import { type Static, type TUnsafe, Type } from '@sinclair/typebox';
import { RecordSchema, valuesByField } from './data.js';
import { type Problem, problemSchema } from './problems.js';

export const maxBatchOperations = 1000;
export const maxIdLength = 128;
export const defaultPullLimit = 500;
export const maxPullLimit = 1000;

// The problem document as a schema of the contract; problems.ts stays free of TypeBox because
// the CLI, which loads no schema library, uses it. The same object, so the OpenAPI document
// names it once.
const ProblemSchema = problemSchema as unknown as TUnsafe<Problem>;

const idLength = { minLength: 1, maxLength: maxIdLength };

export const operationKinds = ['create', 'update', 'delete', 'operation'] as const;
export type OperationKind = (typeof operationKinds)[number];
/** An `enum`, not a union of constants, so a wrong kind is one error that lists the kinds. */
export const OperationKindSchema = Type.Unsafe<OperationKind>({ type: 'string', enum: [...operationKinds] });

/** One queued change, as the device made it. */
export const ClientOperationSchema = Type.Object({
  id: Type.String({ ...idLength, description: 'Made by the device (a UUID); the environment applies each id at most once.' }),
  entity: Type.String({ minLength: 1, description: 'The entity, e.g. ExpenseReport.' }),
  kind: OperationKindSchema,
  key: Type.Optional(
    Type.String({
      ...idLength,
      description:
        "The record's key (update, delete, operation). For a create: optionally a local key `local:<uuid>` that later operations of the same device may use to name the new record, as their key or as a value.",
    }),
  ),
  operation: Type.Optional(Type.String({ description: "The operation's name (kind operation)." })),
  values: valuesByField('Field values (create, update) or parameters (operation).'),
  baseVersion: Type.Optional(
    Type.Integer({ minimum: 0, description: "The record's `_version` the change was made against; 0 for a record this device created and the environment has not acknowledged yet." }),
  ),
  actionId: Type.Optional(Type.String({ description: 'The action it came from, for messages and the log.' })),
  workspaceId: Type.Optional(Type.String()),
  madeAt: Type.Optional(Type.String({ description: 'When the user made it (device clock, ISO 8601).' })),
});
export type ClientOperation = Static<typeof ClientOperationSchema>;

export const PushRequestSchema = Type.Object({
  deviceId: Type.String({ ...idLength, description: 'The app installation; operation ids are unique per device.' }),
  operations: Type.Array(ClientOperationSchema, { maxItems: maxBatchOperations, description: `In the order the device made them; at most ${maxBatchOperations} (push the rest in the next batch).` }),
});
export type PushRequest = Static<typeof PushRequestSchema>;

/** A record version a write produced: the target's, and e.g. the parent's whose total it changed. */
export const VersionStepSchema = Type.Object({ entity: Type.String(), key: Type.String(), from: Type.Integer(), to: Type.Integer() });
export type VersionStep = Static<typeof VersionStepSchema>;

const AppliedResult = Type.Object({
  id: Type.String(),
  status: Type.Literal('applied'),
  entity: Type.String(),
  key: Type.String({ description: "The record's real key (a create's local key is replaced)." }),
  version: Type.Integer(),
  record: Type.Union([RecordSchema, Type.Null()], { description: 'The record as written; null after a delete.' }),
  localKey: Type.Optional(Type.String({ description: "The create's local key, when it had one." })),
  changed: Type.Array(VersionStepSchema, { description: 'Every record version the write produced, so a device can carry its later operations over.' }),
});

const ConflictResult = Type.Object({
  id: Type.String(),
  status: Type.Literal('conflict'),
  entity: Type.String(),
  key: Type.String(),
  version: Type.Union([Type.Integer(), Type.Null()], { description: "The environment's version; null when the record was deleted." }),
  record: Type.Union([RecordSchema, Type.Null()], { description: 'The record as the environment has it now; null when deleted.' }),
  message: Type.String(),
});

const RejectedResult = Type.Object({
  id: Type.String(),
  status: Type.Literal('rejected'),
  entity: Type.String(),
  key: Type.Optional(Type.String()),
  problem: ProblemSchema,
});

/** The answer to one operation: applied, a conflict (not applied; both versions), or rejected with the rule's problem. */
export const OperationResultSchema = Type.Union([AppliedResult, ConflictResult, RejectedResult]);
export type OperationResult = Static<typeof OperationResultSchema>;

export const PushResponseSchema = Type.Object({ results: Type.Array(OperationResultSchema, { description: 'One per operation, in the order pushed.' }) });
export type PushResponse = Static<typeof PushResponseSchema>;

export const PullQuerySchema = Type.Object(
  {
    since: Type.Optional(Type.String({ maxLength: 40, description: 'The checkpoint of the previous pull (0: from the beginning; none: only the current checkpoint).' })),
    entities: Type.Optional(Type.String({ maxLength: 4000, description: 'Entities to include, comma-separated (default: every entity the user may read).' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: maxPullLimit, description: `Changes per page (default ${defaultPullLimit}).` })),
  },
  { additionalProperties: false },
);
export type PullQuery = Static<typeof PullQuerySchema>;

/** One change a pull returns: the record as it is now, or a tombstone. */
export const ChangeSchema = Type.Union([
  Type.Object({ entity: Type.String(), key: Type.String(), version: Type.Integer(), record: RecordSchema }),
  Type.Object({ entity: Type.String(), key: Type.String(), version: Type.Integer(), deleted: Type.Literal(true) }),
]);
export type Change = Static<typeof ChangeSchema>;

export const PullResponseSchema = Type.Object({
  changes: Type.Array(ChangeSchema, { description: 'Oldest first.' }),
  checkpoint: Type.String({ description: 'Opaque: pass it as `since` next time.' }),
  hasMore: Type.Boolean({ description: 'More changes wait: pull again at once with the new checkpoint.' }),
});
export type PullResponse = Static<typeof PullResponseSchema>;
