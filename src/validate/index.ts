// Validation as one pure-ish pipeline: load (parse + schema) → semantic rules → sorted summary.
import { sortDiagnostics, summarize, type Diagnostic, type ValidationSummary } from '../diagnostics.js';
import { loadProject, type LoadedProject, type LoadOptions } from '../project/load.js';
import { joinPointer, locate } from '../yaml/source.js';
import { createRuleContext } from './context.js';
import { rules } from './rules/index.js';

export interface ValidationResult extends ValidationSummary {
  project: LoadedProject;
  /** False when no catalog was available, so the catalog rules were skipped. */
  hasCatalog: boolean;
}

export function validateProject(options: LoadOptions): ValidationResult {
  const project = loadProject(options);
  const diagnostics: Diagnostic[] = [...project.diagnostics];
  for (const { workspace, source } of project.workspaces) {
    if (!workspace) continue;
    const context = createRuleContext(workspace, source, project.root, project.catalog, diagnostics);
    for (const rule of rules) rule(context);
  }
  diagnostics.push(...duplicateWorkspaceIds(project));
  return { ...summarize(sortDiagnostics(diagnostics)), project, hasCatalog: project.catalog !== undefined };
}

function duplicateWorkspaceIds(project: LoadedProject): Diagnostic[] {
  const firstFile = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  for (const { workspace, source } of project.workspaces) {
    if (!workspace) continue;
    const first = firstFile.get(workspace.id);
    if (first === undefined) {
      firstFile.set(workspace.id, source.file);
      continue;
    }
    const pointer = joinPointer('id');
    diagnostics.push({
      severity: 'error', code: 'MW203', file: source.file, ...locate(source, pointer), pointer,
      message: `Workspace id \`${workspace.id}\` is already used by ${first}.`,
      hint: 'Give each workspace its own id.',
    });
  }
  return diagnostics;
}
