// `mwkit env pull-catalog [--env name] [--out file]`: saves the environment's entity catalog
// (GET /api/v1/entities) where `mwkit validate` finds it: mwkit.yaml's `catalog`, else catalog.json.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import yaml from 'js-yaml';
import { ExitCode, UserError } from '../errors.js';
import { EnvironmentError } from '../env/errors.js';
import { describeTarget, note, openSession, printJson, targetJson, type EnvCommandOptions } from '../env/session.js';
import { findProjectRoot, projectFileName } from '../scaffold/project.js';

export interface PullCatalogOptions extends EnvCommandOptions {
  out?: string;
}

export interface PullCatalogResult {
  path: string;
  entities: number;
  environment: { name: string | null; url: string };
}

export async function runEnvPullCatalog(options: PullCatalogOptions): Promise<number> {
  const result = await pullCatalog(options);
  if (options.json) printJson(result);
  else process.stdout.write(`Wrote ${result.path}: ${result.entities} ${result.entities === 1 ? 'entity' : 'entities'} from ${result.environment.name ?? result.environment.url}.\n`);
  return ExitCode.ok;
}

export async function pullCatalog(options: PullCatalogOptions): Promise<PullCatalogResult> {
  const cwd = options.cwd ?? process.cwd();
  const { target, api } = openSession(options);
  const destination = catalogDestination(cwd, options.out);
  const catalog = await api.entities();
  const entities = (catalog as { entities?: unknown } | null)?.entities;
  if (typeof entities !== 'object' || entities === null || Array.isArray(entities)) {
    throw new EnvironmentError(`${describeTarget(target)} did not send an entity catalog ({ "entities": { … } }).`, 'Check that the URL is an mwkit environment (mwkit env list).');
  }
  writeAtomically(destination.file, `${JSON.stringify(catalog, null, 2)}\n`);
  if (destination.suggestion) note(destination.suggestion);
  return { path: shown(cwd, destination.file), entities: Object.keys(entities).length, environment: targetJson(target) };
}

/** --out, else the project's `catalog` path, else catalog.json in the project (or the current folder). */
function catalogDestination(cwd: string, out: string | undefined): { file: string; suggestion?: string } {
  if (out) return { file: resolve(cwd, out) };
  const root = findProjectRoot(cwd);
  if (!root) return { file: join(cwd, 'catalog.json') };
  const configured = projectCatalogPath(join(root, projectFileName));
  if (configured) return { file: resolve(root, configured) };
  return { file: join(root, 'catalog.json'), suggestion: 'mwkit: add `catalog: catalog.json` to mwkit.yaml so that mwkit validate and mwkit pack check entity and field names against it.' };
}

function projectCatalogPath(projectFile: string): string | undefined {
  try {
    const data = yaml.load(readFileSync(projectFile, 'utf8'), { schema: yaml.CORE_SCHEMA }) as { catalog?: unknown } | null;
    return typeof data?.catalog === 'string' && data.catalog.trim() !== '' ? data.catalog : undefined;
  } catch {
    return undefined; // mwkit validate reports a broken mwkit.yaml; here the default will do
  }
}

function writeAtomically(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(temporary, text);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new UserError(`Cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`, 'Pass another file with --out.');
  }
}

function shown(cwd: string, file: string): string {
  const fromCwd = relative(cwd, file);
  return fromCwd.startsWith('..') || isAbsolute(fromCwd) ? file : fromCwd;
}
