// The history table: every apply, rollback, publish, unpublish and trust change.
import type { Attribution, HistoryAction, HistoryEntry } from '../types.js';
import type { Connection } from './database.js';

export interface NewHistoryEntry extends Attribution {
  action: HistoryAction;
  package?: { name: string; version: string; digest: string };
  workspace?: string;
  roles?: string[];
  keyFingerprint?: string;
  token?: string;
}

export function insertHistory(c: Connection, entry: NewHistoryEntry): void {
  c.statement('INSERT INTO history (at, actor, action, package_name, package_version, digest, workspace_id, roles, key_fingerprint, token_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
    entry.at,
    entry.actor,
    entry.action,
    entry.package?.name ?? null,
    entry.package?.version ?? null,
    entry.package?.digest ?? null,
    entry.workspace ?? null,
    entry.roles ? JSON.stringify(entry.roles) : null,
    entry.keyFingerprint ?? null,
    entry.token ?? null,
  );
}

interface HistoryRow {
  id: number;
  at: string;
  actor: string;
  action: HistoryAction;
  package_name: string | null;
  package_version: string | null;
  digest: string | null;
  workspace_id: string | null;
  roles: string | null;
  key_fingerprint: string | null;
  token_name: string | null;
}

export function listHistory(c: Connection, limit: number): HistoryEntry[] {
  const rows = c.statement('SELECT * FROM history ORDER BY id DESC LIMIT ?').all(limit) as HistoryRow[];
  return rows.map((row) => ({
    id: row.id,
    at: row.at,
    actor: row.actor,
    action: row.action,
    ...(row.package_name !== null ? { package: { name: row.package_name, version: row.package_version ?? '', digest: row.digest ?? '' } } : {}),
    ...(row.workspace_id !== null ? { workspace: row.workspace_id } : {}),
    ...(row.roles !== null ? { roles: JSON.parse(row.roles) as string[] } : {}),
    ...(row.key_fingerprint !== null ? { keyFingerprint: row.key_fingerprint } : {}),
    ...(row.token_name !== null ? { token: row.token_name } : {}),
  }));
}
