// Validation as one pure-ish pipeline: load (parse + schema) → semantic rules → sorted summary.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sortDiagnostics, summarize, type Diagnostic, type ValidationSummary } from '../diagnostics.js';
import type { Catalog, Workspace } from '../model/types.js';
import { loadProject, type LoadedProject, type LoadedWorkspace, type LoadOptions } from '../project/load.js';
import { joinPointer, locate, parseYamlSource } from '../yaml/source.js';
import { createRuleContext, type RuleInputs } from './context.js';
import { rules } from './rules/index.js';
import { checkSchema } from './schema.js';

export interface ValidationResult extends ValidationSummary {
  project: LoadedProject;
  /** False when no catalog was available, so the catalog rules were skipped. */
  hasCatalog: boolean;
}

export function validateProject(options: LoadOptions): ValidationResult {
  const project = loadProject(options);
  const readFile = (file: string) => {
    const text = readOrUndefined(join(project.root, file));
    if (text !== undefined) project.sources.set(file, text); // for code frames in reports
    return text;
  };
  const diagnostics = [...project.diagnostics, ...checkWorkspaces(project.workspaces, { root: project.root, catalog: project.catalog, readFile })];
  return { ...summarize(sortDiagnostics(diagnostics)), project, hasCatalog: project.catalog !== undefined };
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
  diagnostics.push(...checkWorkspaces(loaded, { root: '', catalog: documents.catalog, readFile: documents.readFile }));
  const workspaces = loaded.flatMap((w) => (w.workspace ? [w.workspace] : []));
  return { ...summarize(sortDiagnostics(diagnostics)), workspaces };
}

function checkWorkspaces(workspaces: LoadedWorkspace[], inputs: RuleInputs): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const { workspace, source } of workspaces) {
    if (!workspace) continue;
    const context = createRuleContext(workspace, source, inputs, diagnostics);
    for (const rule of rules) rule(context);
  }
  diagnostics.push(...duplicateWorkspaceIds(workspaces));
  return diagnostics;
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
