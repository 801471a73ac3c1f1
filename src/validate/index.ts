// Validation as one pure-ish pipeline: load (parse + schema) → semantic rules → sorted summary.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sortDiagnostics, summarize, type Diagnostic, type ValidationSummary } from '../diagnostics.js';
import type { Catalog, Workspace } from '../model/types.js';
import { loadWorkspaceFile, openProject, type LoadedProject, type LoadedWorkspace, type LoadOptions } from '../project/load.js';
import { joinPointer, locate, parseYamlSource, type SourceFile } from '../yaml/source.js';
import { createRuleContext, type RuleInputs } from './context.js';
import { inlineLogicChecker, logicCheckerFor, type LogicChecker, type ReadFile } from './logic-checker.js';
import { rules } from './rules/index.js';
import { checkSchema } from './schema.js';

export interface ValidationResult extends ValidationSummary {
  project: LoadedProject;
  /** False when no catalog was available, so the catalog rules were skipped. */
  hasCatalog: boolean;
}

/** Validates a project on this thread (tests, preview: projects of a few workspaces). */
export function validateProject(options: LoadOptions): ValidationResult {
  return checkProjectFiles(options, (_count, _root, readFile) => inlineLogicChecker(readFile)).result();
}

/**
 * The same result, with the logic scripts of a large project checked on a worker thread while
 * this one reads and checks the workspace files: what `mwkit validate` and `mwkit pack` use.
 */
export async function validateProjectConcurrently(options: LoadOptions): Promise<ValidationResult> {
  const checking = checkProjectFiles(options, logicCheckerFor);
  try {
    await checking.logicChecker.settled();
  } finally {
    checking.logicChecker.close();
  }
  return checking.result();
}

interface Checking {
  logicChecker: LogicChecker;
  /** The sorted result; complete once the logic checker has settled. */
  result(): ValidationResult;
}

/** Loads the project and checks each workspace as soon as it is read. */
function checkProjectFiles(options: LoadOptions, logicCheckerFor: (workspaceCount: number, root: string, readFile: ReadFile) => LogicChecker): Checking {
  const project = openProject(options);
  const readFile = (file: string) => {
    const text = readOrUndefined(join(project.root, file));
    if (text !== undefined) project.sources.set(file, text); // for code frames in reports
    return text;
  };
  const logicChecker = logicCheckerFor(project.workspaceFiles.length, project.root, readFile);
  try {
    const inputs: RuleInputs = { root: project.root, catalog: project.catalog, readFile, logicChecker };
    const diagnostics: Diagnostic[] = [];
    for (const file of project.workspaceFiles) {
      const entry = loadWorkspaceFile(project, file);
      if (entry?.workspace) checkWorkspace(entry.workspace, entry.source, inputs, diagnostics);
    }
    diagnostics.push(...duplicateWorkspaceIds(project.workspaces));
    return {
      logicChecker,
      result: () => ({ ...summarize(sortDiagnostics([...project.diagnostics, ...diagnostics])), project, hasCatalog: project.catalog !== undefined }),
    };
  } catch (error) {
    logicChecker.close();
    throw error;
  }
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
    if (parsed.source.data === undefined) return { source: parsed.source };
    const schemaDiagnostics = checkSchema(parsed.source, 'workspace');
    diagnostics.push(...schemaDiagnostics);
    return schemaDiagnostics.length === 0 ? { source: parsed.source, workspace: parsed.source.data as Workspace } : { source: parsed.source };
  });
  const inputs: RuleInputs = { root: '', catalog: documents.catalog, readFile: documents.readFile, logicChecker: inlineLogicChecker(documents.readFile) };
  for (const { workspace, source } of loaded) if (workspace) checkWorkspace(workspace, source, inputs, diagnostics);
  diagnostics.push(...duplicateWorkspaceIds(loaded));
  const workspaces = loaded.flatMap((w) => (w.workspace ? [w.workspace] : []));
  return { ...summarize(sortDiagnostics(diagnostics)), workspaces };
}

function checkWorkspace(workspace: Workspace, source: SourceFile, inputs: RuleInputs, diagnostics: Diagnostic[]): void {
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

function duplicateWorkspaceIds(workspaces: LoadedWorkspace[]): Diagnostic[] {
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
      severity: 'error', code: 'MW203', file: source.file, ...locate(source, pointer), pointer,
      message: `Workspace id \`${workspace.id}\` is already used by ${first}.`,
      hint: 'Give each workspace its own id.',
    });
  }
  return diagnostics;
}
