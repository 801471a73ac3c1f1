// Packages on the wire: what applying, planning and rolling back answer, and the list of applied
// versions. Each schema is one TypeBox object: the routes validate and serialise with it, the
// OpenAPI document names it, and its Static type is what the server builds and the CLI reads.
import { type Static, Type } from '@sinclair/typebox';
import { Nullable, StringList } from './common.js';

export const IdChangesSchema = Type.Object({ added: StringList, changed: StringList, removed: StringList });
export type IdChanges = Static<typeof IdChangesSchema>;

export const WorkspaceChangeSchema = Type.Object({
  id: Type.String(),
  from: Type.String(),
  to: Type.String(),
  pages: IdChangesSchema,
  actions: IdChangesSchema,
  fields: Type.Object({ added: StringList, removed: StringList }, { description: '`<page or action id>.<field>` shown or filled in now, or no longer.' }),
  settings: Type.Array(Type.String(), { description: 'Other top-level keys that changed (title, roles, offline …), and `logic` when the script changed.' }),
});
export type WorkspaceChange = Static<typeof WorkspaceChangeSchema>;

export const PlanSchema = Type.Object({
  package: Type.Object({ name: Type.String(), from: Nullable(Type.String()), to: Type.String() }),
  workspaces: Type.Object({ added: StringList, changed: Type.Array(WorkspaceChangeSchema), unchanged: StringList, removed: StringList }),
  replaces: Type.Optional(
    Type.Array(Type.Object({ workspace: Type.String(), package: Type.String() }), { description: 'Workspaces taken over from shipped template packages, which stop being current.' }),
  ),
});
export type Plan = Static<typeof PlanSchema>;

export const PackageSummarySchema = Type.Object({
  name: Type.String(),
  version: Type.String(),
  publisher: Type.String(),
  digest: Type.String({ description: 'SHA-256 of the .mwpkg file, hex.' }),
  size: Type.Integer(),
  signed: Type.Boolean(),
  keyFingerprint: Type.Optional(Type.String({ description: 'The signing key (signed packages only; absent when unsigned).' })),
});
export type PackageSummary = Static<typeof PackageSummarySchema>;

export const ApplyResultSchema = Type.Object({
  outcome: Type.Union([Type.Literal('applied'), Type.Literal('unchanged'), Type.Literal('planned')]),
  package: PackageSummarySchema,
  plan: PlanSchema,
});
export type ApplyResult = Static<typeof ApplyResultSchema>;

export const RollbackResultSchema = Type.Object({
  outcome: Type.Union([Type.Literal('rolled-back'), Type.Literal('unchanged')]),
  package: PackageSummarySchema,
  plan: PlanSchema,
});
export type RollbackResult = Static<typeof RollbackResultSchema>;

export const CurrentSinceSchema = Type.Object({
  at: Type.String(),
  by: Type.String(),
  action: Type.Union([Type.Literal('apply'), Type.Literal('rollback')], { description: '`rollback` when a rollback made this version current again.' }),
  fromVersion: Nullable(Type.String(), { description: 'The version that was current before.' }),
});
export type CurrentSince = Static<typeof CurrentSinceSchema>;

export const AppliedPackageSchema = Type.Object({
  ...PackageSummarySchema.properties,
  appliedAt: Type.String(),
  appliedBy: Type.String(),
  isCurrent: Type.Boolean(),
  current: Nullable(CurrentSinceSchema, { description: 'On the current version: when, by whom and how it became current (apply, or rollback from fromVersion); null on the others' }),
  workspaces: StringList,
});
export type AppliedPackage = Static<typeof AppliedPackageSchema>;

export const PackageListSchema = Type.Array(AppliedPackageSchema);

export const ApplyQuerySchema = Type.Object({ dryRun: Type.Boolean({ default: false }), allowDowngrade: Type.Boolean({ default: false }) }, { additionalProperties: false });
export type ApplyQuery = Static<typeof ApplyQuerySchema>;

export const PackageNameSchema = Type.Object({ name: Type.String({ maxLength: 214 }) });

export const RollbackRequestSchema = Type.Object({ toVersion: Type.Optional(Type.String({ maxLength: 256 })) }, { additionalProperties: false });
export type RollbackRequest = Static<typeof RollbackRequestSchema>;
