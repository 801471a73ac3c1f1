// mwkit new entity <Name> [--title t]: a starter model/<Name>.yaml in the current project (and
// model/roles.yaml when there is none), ready to edit and checked by mwkit validate.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { currentInvocation, mwkitCommandFrom } from '../cli/invocation.js';
import { UsageError } from '../errors.js';
import { entityNameFrom, entityNameProblem, entityTitleFrom, planEntity } from '../scaffold/entity.js';
import { displayPath } from '../scaffold/files.js';
import { findProjectRoot } from '../scaffold/project.js';

export interface NewEntityOptions {
  name?: string;
  title?: string;
  cwd?: string;
}

export interface NewEntityResult {
  projectRoot: string;
  name: string;
  written: string[];
}

export function newEntity(options: NewEntityOptions): NewEntityResult {
  const cwd = resolve(options.cwd ?? process.cwd());
  const projectRoot = findProjectRoot(cwd);
  if (!projectRoot) throw new UsageError('No mwkit.yaml in the current folder or any folder above it: this is not an mwkit project.', 'Run mwkit init first (or pass --cwd <project folder>).');
  const name = options.name;
  if (!name) throw new UsageError('Name the entity: mwkit new entity <Name>.', 'For example: mwkit new entity Visit');
  const problem = entityNameProblem(name);
  if (problem) {
    const suggestion = entityNameFrom(name);
    throw new UsageError(problem, suggestion ? `Did you mean \`${suggestion}\`?` : undefined);
  }
  const title = options.title?.trim() || entityTitleFrom(name);
  if (/[\r\n]/.test(title)) throw new UsageError('The title must be one line.', 'For example: --title "Customer visit"');
  const plan = planEntity(projectRoot, name, title, existsSync(join(projectRoot, 'model', 'roles.yaml')));
  if (existsSync(plan[0]!.path)) throw new UsageError(`${displayPath(process.cwd(), plan[0]!.path)} already exists.`, 'Edit it, or choose another name.');
  for (const file of plan) {
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path, file.text, { flag: 'wx' });
  }
  return { projectRoot, name, written: plan.map((file) => file.path) };
}

export function runNewEntity(options: NewEntityOptions): number {
  const result = newEntity(options);
  const cwd = process.cwd();
  const lines = [`Created entity ${result.name}:`, ...result.written.map((path) => `  + ${displayPath(cwd, path)}`)];
  const validate = `${mwkitCommandFrom(cwd, currentInvocation())} validate${result.projectRoot === cwd ? '' : ` ${displayPath(cwd, result.projectRoot)}`}`;
  lines.push('', `Next: edit ${displayPath(cwd, result.written[0]!)} (docs/data-model.md has every key), then run ${validate}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
