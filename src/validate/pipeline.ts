// The validation pipeline shared by every entry point: load (parse + schema) → semantic rules
// → sorted summary, each workspace checked as soon as it is read. Logic scripts go to the
// LogicChecker the caller chooses; this module loads no parser for them, so that the CLI's
// main thread never does when a worker thread checks them (concurrent.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sortDiagnostics, summarize, type Diagnostic, type ValidationSummary } from '../diagnostics.js';
import type { Workspace } from '../model/types.js';
import { loadWorkspaceFile, type LoadedProject, type LoadedWorkspace, type OpenedProject } from '../project/load.js';
import { joinPointer, locate, type SourceFile } from '../yaml/source.js';
import { createRuleContext, type RuleInputs } from './context.js';
import type { LogicChecker, ReadFile } from './logic-checker.js';
import { checkModel } from './model-checks.js';
import { rules } from './rules/index.js';

export interface ValidationResult extends ValidationSummary {
  project: LoadedProject;
  /** False when no catalog was available, so the catalog rules were skipped. */
  hasCatalog: boolean;
}

/** Reads files relative to the project, keeping each text for the code frames of reports. */
export function projectReader(project: LoadedProject): ReadFile {
  return (file) => {
    const text = readOrUndefined(join(project.root, file));
    if (text !== undefined) project.sources.set(file, text);
    return text;
  };
}

/**
 * Reads and checks each workspace of an opened project as soon as it is read, handing logic
 * scripts to `logicChecker`. The returned function gives the sorted result, complete once the
 * checker has settled.
 */
export function checkOpenedProject(project: OpenedProject, logicChecker: LogicChecker, readFile: ReadFile): () => ValidationResult {
  const inputs: RuleInputs = { root: project.root, catalog: project.catalog, readFile, logicChecker };
  const diagnostics: Diagnostic[] = [];
  for (const file of project.workspaceFiles) {
    const entry = loadWorkspaceFile(project, file);
    if (entry?.workspace) checkWorkspace(entry.workspace, entry.source, inputs, diagnostics);
  }
  diagnostics.push(...duplicateWorkspaceIds(project.workspaces));
  if (project.model) diagnostics.push(...checkModel(project.model));
  return () => ({ ...summarize(sortDiagnostics([...project.diagnostics, ...diagnostics])), project, hasCatalog: project.catalog !== undefined });
}

export function checkWorkspace(workspace: Workspace, source: SourceFile, inputs: RuleInputs, diagnostics: Diagnostic[]): void {
  const context = createRuleContext(workspace, source, inputs, diagnostics);
  for (const rule of rules) rule(context);
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export function duplicateWorkspaceIds(workspaces: LoadedWorkspace[]): Diagnostic[] {
  const firstFile = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  for (const { workspace, source } of workspaces) {
    if (!workspace) continue;
    const first = firstFile.get(workspace.id);
    if (first === undefined) {
      firstFile.set(workspace.id, source.file);
      continue;
    }
    const pointer = joinPointer('id');
    diagnostics.push({
      severity: 'error',
      code: 'MW203',
      file: source.file,
      ...locate(source, pointer),
      pointer,
      message: `Workspace id \`${workspace.id}\` is already used by ${first}.`,
      hint: 'Give each workspace its own id.',
    });
  }
  return diagnostics;
}
