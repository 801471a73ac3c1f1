// Validation on this thread, for callers that need it synchronously: projects of a few
// workspaces (tests, preview, templates) and the environment's check of an uploaded package.
// The CLI's validate and pack use concurrent.ts.
import type { Diagnostic, ValidationSummary } from '../diagnostics.js';
import { sortDiagnostics, summarize } from '../diagnostics.js';
import { checkLogicSource } from '../logic/check.js';
import type { Catalog, Workspace } from '../model/types.js';
import { openProject, schemaCheckedWorkspace, type LoadedWorkspace, type LoadOptions } from '../project/load.js';
import { parseYamlSource } from '../yaml/source.js';
import type { RuleInputs } from './context.js';
import { inlineLogicChecker } from './logic-checker.js';
import { checkOpenedProject, checkWorkspace, duplicateWorkspaceIds, projectReader, type ValidationResult } from './pipeline.js';

export type { ValidationResult } from './pipeline.js';

export function validateProject(options: LoadOptions): ValidationResult {
  const project = openProject(options);
  const readFile = projectReader(project);
  return checkOpenedProject(project, inlineLogicChecker(readFile, checkLogicSource), readFile)();
}

export interface InMemoryDocuments {
  /** Workspace files (YAML or JSON text) by path, e.g. `workspaces/x/workspace.json` of a package. */
  workspaces: Array<{ file: string; text: string }>;
  catalog?: Catalog;
  /** Other files by path (e.g. logic scripts), for the rules that read them. */
  readFile(file: string): string | undefined;
}

/**
 * The same stages and rules as `validateProject`, over documents held in memory: the
 * environment checks an uploaded package with this before anything changes.
 */
export function validateDocuments(documents: InMemoryDocuments): ValidationSummary & { workspaces: Workspace[] } {
  const diagnostics: Diagnostic[] = [];
  const loaded: LoadedWorkspace[] = documents.workspaces.map(({ file, text }) => {
    const parsed = parseYamlSource(file, text);
    diagnostics.push(...parsed.diagnostics);
    return schemaCheckedWorkspace(parsed.source, diagnostics);
  });
  const inputs: RuleInputs = { root: '', catalog: documents.catalog, readFile: documents.readFile, logicChecker: inlineLogicChecker(documents.readFile, checkLogicSource) };
  for (const { workspace, source } of loaded) if (workspace) checkWorkspace(workspace, source, inputs, diagnostics);
  diagnostics.push(...duplicateWorkspaceIds(loaded));
  const workspaces = loaded.flatMap((w) => (w.workspace ? [w.workspace] : []));
  return { ...summarize(sortDiagnostics(diagnostics)), workspaces };
}
