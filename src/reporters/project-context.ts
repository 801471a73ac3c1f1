// The ReportContext of a loaded project, as validate, pack and preview report it: the text of
// every file read (for code frames), each workspace file with its id when it could be read.
import type { LoadedProject } from '../project/load.js';
import { toolVersion } from '../version.js';
import type { ReportContext } from './types.js';

export function projectReportContext(project: LoadedProject, isColor: boolean): ReportContext {
  return {
    sources: project.sources,
    workspaces: project.workspaces.map(({ source, workspace }) => {
      const id = workspace?.id ?? (source.data as { id?: unknown } | undefined)?.id;
      return { ...(typeof id === 'string' ? { id } : {}), file: source.file };
    }),
    projectRoot: project.root,
    isColor,
    toolVersion: toolVersion(),
  };
}
