// Preview versions. The environment refuses a version applied before with other bytes, so
// every re-apply gets a fresh prerelease of the project's own version: 1.0.0-preview.7.
// Workspaces get the same suffix, so the app sees a new version and reloads their logic.
import type { LoadedProject } from '../project/load.js';

const previewSuffix = /-preview\.(\d+)$/;

export function previewVersion(base: string, serial: number): string {
  // A build suffix (+sha) would not take part in ordering; drop it.
  const core = base.split('+')[0]!;
  return `${core}-preview.${serial}`;
}

/** The next serial after every preview version the environment has seen, whatever its base. */
export function nextPreviewSerial(appliedVersions: Iterable<string>): number {
  let highest = 0;
  for (const version of appliedVersions) {
    const match = previewSuffix.exec(version);
    if (match) highest = Math.max(highest, Number(match[1]));
  }
  return highest + 1;
}

/** The same project with the package and every workspace at their preview version. */
export function withPreviewVersions(project: LoadedProject, serial: number): LoadedProject {
  if (!project.project) return project;
  return {
    ...project,
    project: { ...project.project, version: previewVersion(project.project.version, serial) },
    workspaces: project.workspaces.map((loaded) => (loaded.workspace ? { ...loaded, workspace: { ...loaded.workspace, version: previewVersion(loaded.workspace.version, serial) } } : loaded)),
  };
}
