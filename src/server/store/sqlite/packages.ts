// Packages, the current version of each, their workspaces and publications, in SQLite. Apply
// and rollback are one IMMEDIATE transaction each: the decision is made on the state read
// inside it, so concurrent applies are serialised and nothing is ever half written.
import type { NormalizedWorkspace } from '../../../model/normalize.js';
import type { ApplyDecision, ApplySnapshot, PackageState, RollbackDecision, RollbackSnapshot } from '../../domain/apply-decision.js';
import type { Plan } from '../../../contract/packages.js';
import type { AppliedWorkspace, Attribution, CurrentSince, PackageInfo, PackageListItem, PackageToStore, RollbackTarget } from '../types.js';
import type { Connection } from './database.js';
import { insertHistory } from './history.js';

export interface PackageHooks {
  /** Called inside the apply transaction, halfway through writing the workspaces (crash tests). */
  midApply?: (pkg: { name: string; version: string; workspaces: number }) => void;
}

interface PackageRow {
  id: number;
  name: string;
  version: string;
  publisher: string;
  digest: string;
  size: number;
  signed: number;
  key_fingerprint: string | null;
  applied_at: string;
  applied_by: string;
}

function toInfo(row: PackageRow): PackageInfo {
  return { name: row.name, version: row.version, publisher: row.publisher, digest: row.digest, size: row.size, signed: row.signed === 1, keyFingerprint: row.key_fingerprint };
}

function packageState(c: Connection, row: PackageRow): PackageState {
  const workspaces = c.statement('SELECT workspace_id, version, definition, logic FROM package_workspaces WHERE package_id = ? ORDER BY workspace_id').all(row.id) as Array<{
    workspace_id: string;
    version: string;
    definition: string;
    logic: string | null;
  }>;
  return {
    version: row.version,
    digest: row.digest,
    workspaces: workspaces.map((w) => ({ id: w.workspace_id, version: w.version, definition: JSON.parse(w.definition) as NormalizedWorkspace, logic: w.logic })),
  };
}

const packageColumns = 'p.id, p.name, p.version, p.publisher, p.digest, p.size, p.signed, p.key_fingerprint, p.applied_at, p.applied_by';

function currentRow(c: Connection, name: string): PackageRow | undefined {
  return c.statement(`SELECT ${packageColumns} FROM current_packages cp JOIN packages p ON p.id = cp.package_id WHERE cp.name = ?`).get(name) as PackageRow | undefined;
}

function versionRow(c: Connection, name: string, version: string): PackageRow | undefined {
  return c.statement(`SELECT ${packageColumns} FROM packages p WHERE p.name = ? AND p.version = ?`).get(name, version) as PackageRow | undefined;
}

function otherOwners(c: Connection, name: string): Map<string, string> {
  const rows = c.statement('SELECT pw.workspace_id, cp.name FROM current_packages cp JOIN package_workspaces pw ON pw.package_id = cp.package_id WHERE cp.name <> ?').all(name) as Array<{
    workspace_id: string;
    name: string;
  }>;
  return new Map(rows.map((row) => [row.workspace_id, row.name]));
}

export function applySnapshot(c: Connection, name: string, version: string): ApplySnapshot {
  const current = currentRow(c, name);
  return {
    current: current ? packageState(c, current) : null,
    sameVersionDigest: versionRow(c, name, version)?.digest ?? null,
    otherOwners: otherOwners(c, name),
  };
}

export function commitApply(c: Connection, pkg: PackageToStore, change: Attribution, decide: (snapshot: ApplySnapshot) => ApplyDecision, hooks: PackageHooks): ApplyDecision {
  return c.db
    .transaction(() => {
      const decision = decide(applySnapshot(c, pkg.name, pkg.version));
      if (decision.kind !== 'apply') return decision;
      const sameVersion = versionRow(c, pkg.name, pkg.version);
      const packageId = sameVersion?.id ?? insertPackage(c, pkg, change, hooks);
      makeCurrent(c, pkg.name, packageId, decision.plan);
      insertHistory(c, { ...change, action: 'apply', package: { name: pkg.name, version: pkg.version, digest: pkg.digest } });
      return decision;
    })
    .immediate();
}

function insertPackage(c: Connection, pkg: PackageToStore, change: Attribution, hooks: PackageHooks): number {
  const result = c
    .statement('INSERT INTO packages (name, version, publisher, digest, size, signed, key_fingerprint, manifest, signature, bytes, applied_at, applied_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
    .run(pkg.name, pkg.version, pkg.publisher, pkg.digest, pkg.size, pkg.signed ? 1 : 0, pkg.keyFingerprint, pkg.manifest, pkg.signature, pkg.bytes, change.at, change.actor);
  const packageId = Number(result.lastInsertRowid);
  const insert = c.statement('INSERT INTO package_workspaces (package_id, workspace_id, version, title, definition, logic) VALUES (?, ?, ?, ?, ?, ?)');
  const halfway = Math.floor(pkg.workspaces.length / 2);
  pkg.workspaces.forEach((w, index) => {
    if (index === halfway) hooks.midApply?.({ name: pkg.name, version: pkg.version, workspaces: pkg.workspaces.length });
    insert.run(packageId, w.id, w.version, w.title, w.definition, w.logic);
  });
  return packageId;
}

function makeCurrent(c: Connection, name: string, packageId: number, plan: Plan): void {
  c.statement('INSERT INTO current_packages (name, package_id) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET package_id = excluded.package_id').run(name, packageId);
  // A workspace that is gone is no longer published; publishing it again is a deliberate act.
  const unpublish = c.statement('DELETE FROM publications WHERE workspace_id = ?');
  for (const id of plan.workspaces.removed) unpublish.run(id);
  // A shipped template taken over stops being current; its workspace's publication stays.
  const retire = c.statement('DELETE FROM current_packages WHERE name = ?');
  for (const { package: replaced } of plan.replaces ?? []) retire.run(replaced);
}

export function commitRollback(
  c: Connection,
  name: string,
  version: string,
  change: Attribution,
  decide: (snapshot: RollbackSnapshot) => RollbackDecision,
): { decision: RollbackDecision; target: PackageInfo } | undefined {
  return c.db
    .transaction(() => {
      const current = currentRow(c, name);
      const target = versionRow(c, name, version);
      if (!current || !target) return undefined;
      const decision = decide({ current: packageState(c, current), target: packageState(c, target), otherOwners: otherOwners(c, name) });
      if (decision.kind === 'rollback') {
        makeCurrent(c, name, target.id, decision.plan);
        insertHistory(c, { ...change, action: 'rollback', package: { name, version: target.version, digest: target.digest } });
      }
      return { decision, target: toInfo(target) };
    })
    .immediate();
}

/** The version that was current before the current one: the newest apply or rollback to another version. */
function previousVersion(c: Connection, name: string, currentVersion: string): string | undefined {
  const row = c
    .statement("SELECT package_version FROM history WHERE package_name = ? AND action IN ('apply', 'rollback') AND package_version <> ? ORDER BY id DESC LIMIT 1")
    .get(name, currentVersion) as { package_version: string } | undefined;
  return row?.package_version;
}

export function rollbackTarget(c: Connection, name: string, version: string | null): RollbackTarget | undefined {
  const current = currentRow(c, name);
  if (!current) return undefined;
  const targetVersion = version ?? previousVersion(c, name, current.version);
  if (targetVersion === undefined) return undefined;
  return c.statement('SELECT version, manifest, signature FROM packages WHERE name = ? AND version = ?').get(name, targetVersion) as RollbackTarget | undefined;
}

export function listPackages(c: Connection): PackageListItem[] {
  const rows = c
    .statement(`SELECT ${packageColumns}, cp.package_id IS NOT NULL AS is_current FROM packages p LEFT JOIN current_packages cp ON cp.package_id = p.id ORDER BY p.name, p.id`)
    .all() as Array<PackageRow & { is_current: number }>;
  const workspaces = c.statement('SELECT workspace_id FROM package_workspaces WHERE package_id = ? ORDER BY workspace_id').pluck();
  return rows.map((row) => ({
    ...toInfo(row),
    appliedAt: row.applied_at,
    appliedBy: row.applied_by,
    isCurrent: row.is_current === 1,
    current: row.is_current === 1 ? currentSince(c, row.name) : null,
    workspaces: workspaces.all(row.id) as string[],
  }));
}

/** From history: the apply or rollback that made the package's current version current. */
function currentSince(c: Connection, name: string): CurrentSince | null {
  const [latest, before] = c
    .statement("SELECT at, actor, action, package_version FROM history WHERE package_name = ? AND action IN ('apply', 'rollback') ORDER BY id DESC LIMIT 2")
    .all(name) as Array<{ at: string; actor: string; action: 'apply' | 'rollback'; package_version: string }>;
  if (!latest) return null;
  return { at: latest.at, by: latest.actor, action: latest.action, fromVersion: before?.package_version ?? null };
}

interface WorkspaceRow {
  workspace_id: string;
  title: string;
  version: string;
  package_name: string;
  package_version: string;
  definition: string;
  logic: string | null;
  roles: string | null;
  published_at: string | null;
  published_by: string | null;
}

const workspaceQuery = `SELECT pw.workspace_id, pw.title, pw.version, p.name AS package_name, p.version AS package_version, pw.definition, pw.logic,
  pub.roles, pub.published_at, pub.published_by
  FROM current_packages cp JOIN packages p ON p.id = cp.package_id JOIN package_workspaces pw ON pw.package_id = p.id
  LEFT JOIN publications pub ON pub.workspace_id = pw.workspace_id`;

function toWorkspace(row: WorkspaceRow): AppliedWorkspace {
  return {
    id: row.workspace_id,
    title: row.title,
    version: row.version,
    package: { name: row.package_name, version: row.package_version },
    definition: row.definition,
    logic: row.logic,
    publication: row.roles === null ? null : { roles: JSON.parse(row.roles) as string[], publishedAt: row.published_at ?? '', publishedBy: row.published_by ?? '' },
  };
}

export function listWorkspaces(c: Connection): AppliedWorkspace[] {
  return (c.statement(`${workspaceQuery} ORDER BY pw.workspace_id`).all() as WorkspaceRow[]).map(toWorkspace);
}

export function setPublication(c: Connection, workspaceId: string, roles: string[] | null, change: Attribution): AppliedWorkspace | undefined {
  return c.db
    .transaction(() => {
      const find = (): WorkspaceRow | undefined => c.statement(`${workspaceQuery} WHERE pw.workspace_id = ?`).get(workspaceId) as WorkspaceRow | undefined;
      const row = find();
      if (!row) return undefined;
      if (roles !== null) {
        c.statement(
          'INSERT INTO publications (workspace_id, roles, published_at, published_by) VALUES (?, ?, ?, ?) ON CONFLICT (workspace_id) DO UPDATE SET roles = excluded.roles, published_at = excluded.published_at, published_by = excluded.published_by',
        ).run(workspaceId, JSON.stringify(roles), change.at, change.actor);
        insertHistory(c, { ...change, action: 'publish', workspace: workspaceId, roles, package: { name: row.package_name, version: row.package_version, digest: packageDigest(c, row) } });
      } else if (row.roles !== null) {
        c.statement('DELETE FROM publications WHERE workspace_id = ?').run(workspaceId);
        insertHistory(c, { ...change, action: 'unpublish', workspace: workspaceId, package: { name: row.package_name, version: row.package_version, digest: packageDigest(c, row) } });
      }
      return toWorkspace(find()!);
    })
    .immediate();
}

function packageDigest(c: Connection, row: WorkspaceRow): string {
  return (c.statement('SELECT digest FROM packages WHERE name = ? AND version = ?').pluck().get(row.package_name, row.package_version) as string | undefined) ?? '';
}
