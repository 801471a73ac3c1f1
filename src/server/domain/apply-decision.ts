// Whether a checked package may take effect, given the environment's state at commit time:
// version ordering, same version with other bytes, workspaces owned by another package. Pure,
// and run inside the store's transaction, so two applies at once are decided one after the other.
import { shippedTemplatePackagePrefix } from '../../package/format.js';
import type { Plan } from '../../contract/packages.js';
import { planChanges, type PlannedWorkspace } from './plan.js';
import { compareVersions } from './semver.js';

export interface PackageState {
  version: string;
  digest: string;
  workspaces: PlannedWorkspace[];
}

export interface ApplySnapshot {
  /** The package's current version, if any. */
  current: PackageState | null;
  /** Digest of the same name and version applied before, if it was. */
  sameVersionDigest: string | null;
  /** Package owning each workspace id currently applied by *another* package. */
  otherOwners: ReadonlyMap<string, string>;
}

export type Refusal = { kind: 'refused'; problem: 'package-conflict' | 'downgrade' | 'workspace-conflict'; detail: string };

export type ApplyDecision = { kind: 'apply'; plan: Plan; isKnownVersion: boolean } | { kind: 'unchanged'; plan: Plan } | Refusal;

export interface IncomingPackage {
  name: string;
  version: string;
  digest: string;
  workspaces: PlannedWorkspace[];
}

export function decideApply(incoming: IncomingPackage, snapshot: ApplySnapshot, options: { allowDowngrade: boolean }): ApplyDecision {
  const { current } = snapshot;
  const plan = planChanges(incoming.name, current, incoming);
  if (snapshot.sameVersionDigest !== null && snapshot.sameVersionDigest !== incoming.digest) {
    return refuse(
      'package-conflict',
      `${incoming.name} ${incoming.version} was applied before with other contents (digest ${snapshot.sameVersionDigest.slice(0, 12)}…); packages are immutable: raise the version and pack again.`,
    );
  }
  if (current && current.digest === incoming.digest) return { kind: 'unchanged', plan };
  if (current && compareVersions(incoming.version, current.version) < 0 && !options.allowDowngrade) {
    return refuse(
      'downgrade',
      `${incoming.name} ${incoming.version} is older than the current ${current.version}; pass allowDowngrade=true (mwkit apply --allow-downgrade) or roll back with mwkit rollback.`,
    );
  }
  const conflict = workspaceConflict(incoming.workspaces, snapshot.otherOwners);
  if (conflict) return conflict;
  return { kind: 'apply', plan: withTakeovers(plan, incoming.workspaces, snapshot.otherOwners), isKnownVersion: snapshot.sameVersionDigest !== null };
}

export interface RollbackSnapshot {
  current: PackageState | null;
  target: PackageState;
  otherOwners: ReadonlyMap<string, string>;
}

export type RollbackDecision = { kind: 'rollback'; plan: Plan } | { kind: 'unchanged'; plan: Plan } | Refusal;

export function decideRollback(name: string, snapshot: RollbackSnapshot): RollbackDecision {
  const plan = planChanges(name, snapshot.current, snapshot.target);
  if (snapshot.current?.digest === snapshot.target.digest) return { kind: 'unchanged', plan };
  return workspaceConflict(snapshot.target.workspaces, snapshot.otherOwners) ?? { kind: 'rollback', plan: withTakeovers(plan, snapshot.target.workspaces, snapshot.otherOwners) };
}

/** Whether `owner` is a shipped template's package, whose workspace ids another package may take over. */
function isShippedTemplatePackage(owner: string): boolean {
  return owner.startsWith(shippedTemplatePackagePrefix);
}

/**
 * A package of one's own replaces the shipped template of the same workspace id (an admin
 * published the template, then a developer customised it): the template's package stops being
 * current, and the publication stays with the workspace id.
 */
function withTakeovers(plan: Plan, workspaces: readonly PlannedWorkspace[], otherOwners: ReadonlyMap<string, string>): Plan {
  const replaces = workspaces.flatMap((w) => {
    const owner = otherOwners.get(w.id);
    return owner !== undefined && isShippedTemplatePackage(owner) ? [{ workspace: w.id, package: owner }] : [];
  });
  return replaces.length > 0 ? { ...plan, replaces } : plan;
}

function workspaceConflict(workspaces: readonly PlannedWorkspace[], otherOwners: ReadonlyMap<string, string>): Refusal | undefined {
  const isTaken = (id: string) => otherOwners.has(id) && !isShippedTemplatePackage(otherOwners.get(id)!);
  const taken = workspaces.filter((w) => isTaken(w.id)).map((w) => `${w.id} (in ${otherOwners.get(w.id)})`);
  if (taken.length === 0) return undefined;
  return refuse('workspace-conflict', `Workspace ids already applied by another package: ${taken.join(', ')}. Rename them, or roll back or remove the other package first.`);
}

function refuse(problem: Refusal['problem'], detail: string): Refusal {
  return { kind: 'refused', problem, detail };
}
