// Stage 1 of validation: find the project, read mwkit.yaml, the workspace files and the catalog.
// Returns data and diagnostics; throws only for usage errors (a path that is not a project).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { UsageError } from '../errors.js';
import { compileModel, modelFromFiles, rolesFileName } from '../model/data-model.js';
import type { Catalog, Project, Workspace } from '../model/types.js';
import { checkSchema } from '../validate/schema.js';
import { locate, parseYamlSource, type SourceFile } from '../yaml/source.js';
import { expandGlob } from './glob.js';
import { findModelFiles, type LoadedModel } from './model-files.js';

export const projectFileName = 'mwkit.yaml';
export const workspaceFileName = 'workspace.yaml';
export const defaultWorkspaceGlobs = ['workspaces/*/workspace.yaml'];

export interface LoadedWorkspace {
  source: SourceFile;
  /** Set when the file parsed and conforms to the schema; the semantic rules need it. */
  workspace?: Workspace;
}

export interface LoadedProject {
  /** Absolute path of the project folder; diagnostic files are relative to it. */
  root: string;
  projectSource?: SourceFile;
  project?: Project;
  workspaces: LoadedWorkspace[];
  catalog?: Catalog;
  catalogSource?: SourceFile;
  /** The project's data model (model/*.yaml), when it has one and every file conforms to its schema. */
  model?: LoadedModel;
  /** Whether the project has model files at all (valid or not). */
  hasModelFiles?: boolean;
  /** Every file read, by relative path (for code frames). */
  sources: Map<string, string>;
  diagnostics: Diagnostic[];
}

export interface LoadOptions {
  /** A project folder, a workspace folder or a workspace file. */
  path: string;
  /** A catalog file given on the command line (overrides mwkit.yaml's). */
  catalogPath?: string;
  /** A catalog fetched from an environment (`validate --env`); overrides both. */
  catalog?: Catalog;
  cwd?: string;
}

/** A project with its project file and catalog read, and the workspace files it has, not yet read. */
export interface OpenedProject extends LoadedProject {
  /** Absolute paths, sorted. */
  workspaceFiles: string[];
}

export function loadProject(options: LoadOptions): LoadedProject {
  const opened = openProject(options);
  for (const file of opened.workspaceFiles) loadWorkspaceFile(opened, file);
  return opened;
}

/**
 * The first half of loading: mwkit.yaml, the catalog and the list of workspace files. Callers
 * that check each workspace as soon as it is read (validate) go on with loadWorkspaceFile.
 */
export function openProject(options: LoadOptions): OpenedProject {
  const cwd = options.cwd ?? process.cwd();
  const target = resolve(cwd, options.path);
  const { root, workspaceFiles } = resolveTarget(target, options.path);
  const loaded: OpenedProject = { root, workspaces: [], sources: new Map(), diagnostics: [], workspaceFiles: [] };
  const hasProjectFile = existsSync(join(root, projectFileName));
  if (hasProjectFile) loadProjectFile(loaded);
  const catalogPath = options.catalogPath ? resolve(cwd, options.catalogPath) : undefined;
  if (catalogPath && !existsSync(catalogPath)) {
    throw new UsageError(`Catalog file not found: ${options.catalogPath}`, 'Pass the path of a catalog.json (mwkit env pull-catalog saves one).');
  }
  const projectCatalog = loaded.project?.catalog;
  if (hasProjectFile) loadModel(loaded);
  if (options.catalog) loaded.catalog = options.catalog;
  else if (catalogPath) loadCatalog(loaded, catalogPath, undefined);
  else if (loaded.hasModelFiles) useModelCatalog(loaded, projectCatalog !== undefined);
  else if (projectCatalog) loadCatalog(loaded, resolve(root, projectCatalog), '/catalog');
  loaded.workspaceFiles = workspaceFiles ?? findWorkspaceFiles(loaded);
  return loaded;
}

function resolveTarget(target: string, given: string): { root: string; workspaceFiles?: string[] } {
  if (!existsSync(target)) {
    throw new UsageError(`No such file or folder: ${given}`, 'Pass a project folder (with mwkit.yaml), a workspace folder or a workspace.yaml.');
  }
  if (statSync(target).isFile()) {
    if (!/\.ya?ml$/.test(target)) throw new UsageError(`Not a YAML file: ${given}`, 'Pass a workspace.yaml, a workspace folder or a project folder.');
    if (basename(target) === projectFileName) return { root: dirname(target) };
    return { root: findProjectRoot(dirname(target)) ?? dirname(target), workspaceFiles: [target] };
  }
  if (existsSync(join(target, projectFileName))) return { root: target };
  if (existsSync(join(target, workspaceFileName))) {
    return { root: findProjectRoot(dirname(target)) ?? target, workspaceFiles: [join(target, workspaceFileName)] };
  }
  throw new UsageError(`${given} has neither ${projectFileName} nor ${workspaceFileName}.`, 'Run mwkit validate in a project folder, pass a workspace folder, or create a project with mwkit init.');
}

function findProjectRoot(start: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, projectFileName))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

function toRelative(root: string, absolute: string): string {
  return relative(root, absolute).split(sep).join('/');
}

function readSource(loaded: LoadedProject, absolute: string, pointerInProject?: string): SourceFile | undefined {
  const file = toRelative(loaded.root, absolute);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    const at = pointerInProject && loaded.projectSource ? locate(loaded.projectSource, pointerInProject) : { line: 1, column: 1 };
    loaded.diagnostics.push({
      severity: 'error',
      code: 'MW003',
      file: pointerInProject ? projectFileName : file,
      ...at,
      pointer: pointerInProject ?? '',
      message: `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`,
      hint: 'Check the path and that the file exists.',
    });
    return undefined;
  }
  const { source, diagnostics } = parseYamlSource(file, text);
  loaded.sources.set(file, text);
  loaded.diagnostics.push(...diagnostics);
  return source;
}

function loadProjectFile(loaded: LoadedProject): void {
  const source = readSource(loaded, join(loaded.root, projectFileName));
  if (!source || source.data === undefined) return;
  loaded.projectSource = source;
  const diagnostics = checkSchema(source, 'project');
  loaded.diagnostics.push(...diagnostics);
  if (diagnostics.length === 0) loaded.project = source.data as Project;
}

function findWorkspaceFiles(loaded: LoadedProject): string[] {
  const globs = loaded.project?.workspaces ?? defaultWorkspaceGlobs;
  const files = [...new Set(globs.flatMap((glob) => expandGlob(loaded.root, glob)))].sort();
  if (files.length === 0 && loaded.projectSource) {
    const pointer = loaded.project?.workspaces ? '/workspaces' : '';
    loaded.diagnostics.push({
      severity: 'warning',
      code: 'MW004',
      file: projectFileName,
      ...locate(loaded.projectSource, pointer),
      pointer,
      message: `No workspace file matches ${globs.map((g) => `\`${g}\``).join(', ')}.`,
      hint: 'Add one with mwkit new workspace <id>.',
    });
  }
  return files.map((file) => join(loaded.root, file));
}

/** Reads, parses and schema-checks one workspace file into `loaded`; undefined when unreadable. */
export function loadWorkspaceFile(loaded: LoadedProject, absolute: string): LoadedWorkspace | undefined {
  const source = readSource(loaded, absolute);
  if (!source) return undefined;
  const entry = schemaCheckedWorkspace(source, loaded.diagnostics);
  loaded.workspaces.push(entry);
  return entry;
}

/** A parsed workspace file, with `workspace` set when it conforms to the schema; problems go to `diagnostics`. */
export function schemaCheckedWorkspace(source: SourceFile, diagnostics: Diagnostic[]): LoadedWorkspace {
  if (source.data === undefined) return { source };
  const found = checkSchema(source, 'workspace');
  diagnostics.push(...found);
  return found.length === 0 ? { source, workspace: source.data as Workspace } : { source };
}

function loadCatalog(loaded: LoadedProject, absolute: string, pointerInProject: string | undefined): void {
  const source = readSource(loaded, absolute, pointerInProject);
  if (!source || source.data === undefined) return;
  loaded.catalogSource = source;
  const diagnostics = checkSchema(source, 'catalog').map((d) => ({ ...d, code: 'MW005' }));
  loaded.diagnostics.push(...diagnostics);
  if (diagnostics.length === 0) loaded.catalog = source.data as Catalog;
}

function loadModel(loaded: LoadedProject): void {
  const files = findModelFiles(loaded.root);
  if (files.length === 0) return;
  loaded.hasModelFiles = true;
  const sources = files.flatMap((file) => readSource(loaded, file) ?? []);
  loaded.model = schemaCheckedModel(sources, loaded.diagnostics);
}

/** A project with a model is checked against it: the model is the catalog (mwkit.yaml's `catalog` is not read). */
function useModelCatalog(loaded: LoadedProject, projectNamesCatalog: boolean): void {
  if (loaded.model) loaded.catalog = compileModel(loaded.model.model).catalog;
  if (projectNamesCatalog && loaded.projectSource) {
    loaded.diagnostics.push({
      severity: 'warning',
      code: 'MW007',
      file: projectFileName,
      ...locate(loaded.projectSource, '/catalog'),
      pointer: '/catalog',
      message: 'The project has a data model (model/*.yaml), so its workspaces are checked against it, not against this catalog.',
      hint: 'Remove `catalog:` from mwkit.yaml; `mwkit validate --catalog <file>` still checks against a catalog when you want one.',
    });
  }
}

/**
 * The model of the parsed `sources` when every file conforms to its schema (problems go to
 * `diagnostics`); undefined when one does not, so that nothing is checked against half a model.
 */
export function schemaCheckedModel(sources: readonly SourceFile[], diagnostics: Diagnostic[]): LoadedModel | undefined {
  let conforms = true;
  const files: Array<{ name: string; data: unknown }> = [];
  const byName = new Map<string, SourceFile>();
  for (const source of sources) {
    if (source.data === undefined) {
      conforms = false;
      continue;
    }
    const name = basename(source.file);
    const found = checkSchema(source, name === rolesFileName ? 'roles' : 'model');
    diagnostics.push(...found);
    if (found.length > 0) conforms = false;
    files.push({ name, data: source.data });
    byName.set(name, source);
  }
  return conforms ? { model: modelFromFiles(files), sources: byName } : undefined;
}
