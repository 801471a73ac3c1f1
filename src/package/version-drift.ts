// A workspace whose content changed while its version stayed: phones still get it (the app goes
// by content digests), but status, history and a support call cannot tell the two apart by
// number. `pack` compares what it is about to write with the packages already in its output
// folder and warns. Pure.
import { workspaceDefinitionPath, workspaceLogicPath, type Manifest } from './format.js';

export interface EarlierPackage {
  /** The file as shown to the user. */
  file: string;
  manifest: Manifest;
}

export interface VersionDrift {
  workspace: string;
  version: string;
  /** The earlier package it differs from. */
  since: string;
  /** What differs: "definition", "logic" (added, changed or removed). */
  changed: Array<'definition' | 'logic'>;
}

/**
 * For each workspace of `next`: the first of `earlier` (newest first) that holds it, if that has
 * the same workspace version with other content.
 */
export function versionDrift(next: Manifest, earlier: readonly EarlierPackage[]): VersionDrift[] {
  const drifts: VersionDrift[] = [];
  for (const workspace of next.workspaces) {
    const previous = earlier.find((p) => p.manifest.workspaces.some((w) => w.id === workspace.id));
    const before = previous?.manifest.workspaces.find((w) => w.id === workspace.id);
    if (!previous || !before || before.version !== workspace.version) continue;
    const changed: VersionDrift['changed'] = [];
    if (digestOf(previous.manifest, workspaceDefinitionPath(workspace.id)) !== digestOf(next, workspaceDefinitionPath(workspace.id))) changed.push('definition');
    if (digestOf(previous.manifest, workspaceLogicPath(workspace.id)) !== digestOf(next, workspaceLogicPath(workspace.id))) changed.push('logic');
    if (changed.length > 0) drifts.push({ workspace: workspace.id, version: workspace.version, since: previous.file, changed });
  }
  return drifts;
}

function digestOf(manifest: Manifest, path: string): string | undefined {
  return manifest.files.find((f) => f.path === path)?.sha256;
}

/** "workspace my-orders changed (logic) since dist/shop-1.1.0.mwpkg, but its version is still 1.0.0" */
export function describeDrift(drift: VersionDrift): string {
  return `workspace ${drift.workspace} changed (${drift.changed.join(' and ')}) since ${drift.since}, but its version is still ${drift.version}`;
}
