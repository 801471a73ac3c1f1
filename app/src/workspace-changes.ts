// What a fresh list of published workspaces changes on the device. A workspace is the same only
// when its content is (its digest, or its definition and logic from a server without digests):
// a logic change shipped under the same version number must still restart that logic. Pure.
import type { PublishedWorkspace } from './types.js';

export function isSameContent(a: PublishedWorkspace, b: PublishedWorkspace): boolean {
  if (a.digest && b.digest) return a.digest === b.digest;
  return a.version === b.version && a.logic === b.logic && JSON.stringify(a.definition) === JSON.stringify(b.definition);
}

export interface WorkspaceChanges {
  /** The fresh list, keeping the device's own object for every unchanged workspace (screens keep their state). */
  workspaces: PublishedWorkspace[];
  /** Ids whose content changed or that went away: their logic must stop. */
  replaced: string[];
  /** Titles of the workspaces added or changed, for the "Updated" notice. */
  updated: string[];
  removed: string[];
}

export function workspaceChanges(before: readonly PublishedWorkspace[], fresh: readonly PublishedWorkspace[]): WorkspaceChanges {
  const old = new Map(before.map((w) => [w.id, w]));
  const freshIds = new Set(fresh.map((w) => w.id));
  const replaced: string[] = [];
  const updated: string[] = [];
  const workspaces = fresh.map((workspace) => {
    const known = old.get(workspace.id);
    if (known && isSameContent(known, workspace)) return known;
    if (known) replaced.push(workspace.id);
    updated.push(workspace.title);
    return workspace;
  });
  const removed = before.filter((w) => !freshIds.has(w.id)).map((w) => w.id);
  return { workspaces, replaced: [...replaced, ...removed], updated, removed };
}

/** True when nothing changed at all, order included: the screens need not render again. */
export function isUnchanged(before: readonly PublishedWorkspace[], changes: WorkspaceChanges): boolean {
  return changes.workspaces.length === before.length && changes.workspaces.every((w, i) => w === before[i]);
}

/** "Updated: Expense management." (and the removed ones), or undefined when nothing shows it. */
export function updateNotice(changes: WorkspaceChanges, before: readonly PublishedWorkspace[]): string | undefined {
  if (before.length === 0) return undefined; // the first load after sign-in is not an update
  const parts: string[] = [];
  if (changes.updated.length > 0) parts.push(`Updated: ${changes.updated.join(', ')}.`);
  const gone = before.filter((w) => changes.removed.includes(w.id)).map((w) => w.title);
  if (gone.length > 0) parts.push(`No longer available: ${gone.join(', ')}.`);
  return parts.length > 0 ? parts.join(' ') : undefined;
}
