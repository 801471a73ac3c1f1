// Applied workspaces, their publications, what a user may open, and the history, on the wire.
import { type Static, Type } from '@sinclair/typebox';
import type { NormalizedWorkspace } from '../model/normalize.js';
import { Nullable, StringList } from './common.js';

export const PublicationSchema = Type.Object({ roles: StringList, publishedAt: Type.String(), publishedBy: Type.String() });
export type Publication = Static<typeof PublicationSchema>;

export const WorkspaceListItemSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  version: Type.String(),
  package: Type.Object({ name: Type.String(), version: Type.String() }),
  publication: Nullable(PublicationSchema),
});
export type WorkspaceListItem = Static<typeof WorkspaceListItemSchema>;

export const WorkspaceIdSchema = Type.Object({ id: Type.String({ maxLength: 100 }) });

export const PublishRequestSchema = Type.Object({ roles: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 50 })) }, { additionalProperties: false });
export type PublishRequest = Static<typeof PublishRequestSchema>;

export const PublicationResultSchema = Type.Object({ id: Type.String(), publication: Nullable(PublicationSchema) });
export type PublicationResult = Static<typeof PublicationResultSchema>;

/** A workspace as the app gets it: the normalised definition (typed from the model; checked by the package reader, not here). */
export const OpenableWorkspaceSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  version: Type.String(),
  description: Nullable(Type.String()),
  icon: Nullable(Type.String()),
  definition: Type.Unsafe<NormalizedWorkspace>({ type: 'object', additionalProperties: true, description: 'The normalised workspace.json of the package.' }),
  logic: Nullable(Type.String(), { description: 'The business-logic script, if any.' }),
  digest: Type.String({ description: 'Identifies definition and logic together: it changes with any change of either, whatever the version says.' }),
});
export type OpenableWorkspace = Static<typeof OpenableWorkspaceSchema>;

const historyActions = ['apply', 'rollback', 'publish', 'unpublish', 'trust-add', 'trust-remove', 'token-create', 'token-revoke'] as const;
export type HistoryAction = (typeof historyActions)[number];

export const HistoryEntrySchema = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  actor: Type.String(),
  action: Type.Unsafe<HistoryAction>({ type: 'string', enum: [...historyActions] }),
  package: Type.Optional(Type.Object({ name: Type.String(), version: Type.String(), digest: Type.String() })),
  workspace: Type.Optional(Type.String()),
  roles: Type.Optional(StringList),
  keyFingerprint: Type.Optional(Type.String({ description: 'trust-add and trust-remove: the key.' })),
  token: Type.Optional(Type.String({ description: "token-create and token-revoke: the service token's name." })),
});
export type HistoryEntry = Static<typeof HistoryEntrySchema>;

export const HistoryQuerySchema = Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 10_000, default: 100 }) }, { additionalProperties: false });
export type HistoryQuery = Static<typeof HistoryQuerySchema>;
