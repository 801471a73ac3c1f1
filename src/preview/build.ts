// The working copy as the preview sees it: validated like `mwkit validate`, then packed in
// memory at a preview version (nothing written to dist/). Data in, data out.
import { createHash } from 'node:crypto';
import type { Diagnostic } from '../diagnostics.js';
import { buildPackage, type BuiltPackage } from '../package/build.js';
import { packageTimestamp } from '../package/timestamp.js';
import type { LoadedProject } from '../project/load.js';
import { codeFrame } from '../reporters/code-frame.js';
import { colorsFor } from '../reporters/text.js';
import { validateProject, type ValidationResult } from '../validate/index.js';
import type { PreviewDiagnostic } from './protocol.js';
import type { WorkspaceRoles } from './users.js';
import { withPreviewVersions } from './version.js';

export function checkProject(root: string): ValidationResult {
  return validateProject({ path: root });
}

/** Whether a checked project can be packed: no errors and at least one workspace. */
export function isPackable(validation: ValidationResult): boolean {
  return validation.errors === 0 && validation.project.project !== undefined && validation.project.workspaces.some((w) => w.workspace);
}

export interface PreviewPackage extends BuiltPackage {
  /** Same for the same workspaces, logic and project settings, whatever the preview serial. */
  contentKey: string;
}

/** The package at preview `serial`; `contentKey` tells whether anything changed since the last one. */
export async function packPreview(project: LoadedProject, serial: number): Promise<PreviewPackage> {
  const createdAt = packageTimestamp({});
  // Serial 0 is never applied: it only gives a key that ignores the version.
  const unversioned = await buildPackage(withPreviewVersions(project, 0), { createdAt });
  const contentKey = createHash('sha256').update(JSON.stringify(unversioned.manifest.files)).update(unversioned.manifest.name).update(unversioned.manifest.publisher).digest('hex');
  const built = await buildPackage(withPreviewVersions(project, serial), { createdAt });
  return { ...built, contentKey };
}

export function workspaceRolesOf(project: LoadedProject): WorkspaceRoles[] {
  return project.workspaces.flatMap(({ workspace }) => (workspace ? [{ id: workspace.id, roles: workspace.roles ?? [] }] : []));
}

/** Diagnostics as the app's overlay shows them: with a plain code frame from the file read. */
export function toPreviewDiagnostics(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string>): PreviewDiagnostic[] {
  const plain = colorsFor(false);
  return diagnostics.map((d) => {
    const source = sources.get(d.file);
    const frame = source === undefined ? '' : codeFrame(source, d.line, d.column, plain);
    return {
      severity: d.severity,
      code: d.code,
      message: d.message,
      file: d.file,
      line: d.line,
      column: d.column,
      ...(d.hint ? { hint: d.hint } : {}),
      ...(frame ? { frame } : {}),
    };
  });
}
