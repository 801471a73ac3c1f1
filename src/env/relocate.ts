// The environment places a rejected package's diagnostics in the package's normalised
// workspace.json (one long line). When the project in the current folder is exactly what was
// packed — its normalised workspace has the same bytes as the package's — the same JSON
// Pointer finds the key in the YAML, so the diagnostics read like `mwkit validate`'s, with code frames.
import type { Diagnostic, ValidationSummary } from '../diagnostics.js';
import { normalizeWorkspace } from '../model/normalize.js';
import { compactJsonBytes } from '../package/format.js';
import { readPackage } from '../package/reader.js';
import { loadProject, type LoadedProject } from '../project/load.js';
import { findProjectRoot } from '../scaffold/project.js';
import { locate } from '../yaml/source.js';

export interface RelocatedDiagnostics {
  summary: ValidationSummary;
  /** Source text by relative path, for code frames (empty when nothing was relocated). */
  sources: ReadonlyMap<string, string>;
  projectRoot: string;
}

const packagedDefinition = /^workspaces\/([^/]+)\/workspace\.json$/;

export async function relocateDiagnostics(summary: ValidationSummary, packageBytes: Buffer, cwd: string): Promise<RelocatedDiagnostics> {
  const unchanged = { summary, sources: new Map<string, string>(), projectRoot: cwd };
  const root = findProjectRoot(cwd);
  if (!root || !summary.diagnostics.some((d) => packagedDefinition.test(d.file))) return unchanged;
  let project: LoadedProject;
  let entries: ReadonlyMap<string, Buffer>;
  try {
    project = loadProject({ path: root });
    entries = (await readPackage(packageBytes)).entries;
  } catch {
    return unchanged; // not a project we can read, or not a package we can: keep the server's positions
  }
  const diagnostics = summary.diagnostics.map((diagnostic) => relocated(diagnostic, project, entries) ?? diagnostic);
  return { summary: { ...summary, diagnostics }, sources: project.sources, projectRoot: project.root };
}

function relocated(diagnostic: Diagnostic, project: LoadedProject, entries: ReadonlyMap<string, Buffer>): Diagnostic | undefined {
  const id = packagedDefinition.exec(diagnostic.file)?.[1];
  const local = project.workspaces.find((w) => w.workspace?.id === id);
  const packaged = entries.get(diagnostic.file);
  if (!local?.workspace || !packaged) return undefined;
  const normalized = normalizeWorkspace(local.workspace);
  if (local.workspace.logic !== undefined) normalized.logic = 'logic.js'; // as pack writes it
  if (!compactJsonBytes(normalized).equals(packaged)) return undefined;
  const { line, column } = locate(local.source, diagnostic.pointer);
  return { ...diagnostic, file: local.source.file, line, column };
}
