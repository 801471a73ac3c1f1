// The workspace templates shipped in the package: templates/templates.json describes them,
// templates/<id>/ holds each one as a real folder that is copied whole.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError, UserError } from '../errors.js';
import { closestMatch } from '../text/suggest.js';

export interface TemplateInfo {
  id: string;
  title: string;
  description: string;
}

/**
 * The package's templates folder. This file sits two levels below the package root both as
 * src/scaffold/*.ts and as dist/scaffold/*.js, so the same URL works from a clean install.
 */
export const templatesRoot = fileURLToPath(new URL('../../templates/', import.meta.url));

/** The folder `init` copies into a new project (mwkit.yaml, _gitignore). */
export function projectTemplateDir(root = templatesRoot): string {
  return join(root, 'project');
}

export function catalogTemplatePath(root = templatesRoot): string {
  return join(root, 'catalog.json');
}

export function templateDir(id: string, root = templatesRoot): string {
  return join(root, id);
}

/** Reads templates/templates.json, in display order. A broken table is an internal error. */
export function readTemplateTable(root = templatesRoot): TemplateInfo[] {
  const file = join(root, 'templates.json');
  if (!existsSync(file)) throw new Error(`The template table is missing: ${file}. The mwkit installation is incomplete.`);
  return parseTemplateTable(readFileSync(file, 'utf8'), file);
}

export function parseTemplateTable(text: string, file = 'templates.json'): TemplateInfo[] {
  const data: unknown = JSON.parse(text);
  if (!Array.isArray(data)) throw new Error(`${file} must be an array of { id, title, description }.`);
  return data.map((entry: unknown, index) => {
    const record = (entry ?? {}) as Record<string, unknown>;
    const { id, title, description } = record;
    if (typeof id !== 'string' || typeof title !== 'string' || typeof description !== 'string') {
      throw new Error(`${file}[${index}] must have string id, title and description.`);
    }
    return { id, title, description };
  });
}

/** Why `id` names no template (with a did-you-mean and the list), or undefined if it is known. */
export function unknownTemplateProblem(id: string, table: readonly TemplateInfo[]): { message: string; hint: string } | undefined {
  if (table.some((t) => t.id === id)) return undefined;
  const ids = table.map((t) => t.id);
  const match = closestMatch(id, ids);
  const suggestion = match ? `Did you mean \`${match}\`? ` : '';
  return {
    message: `Unknown template \`${id}\`.`,
    hint: `${suggestion}Templates: ${ids.join(', ')} (details: mwkit templates).`,
  };
}

export function findTemplate(id: string, table: readonly TemplateInfo[]): TemplateInfo {
  const problem = unknownTemplateProblem(id, table);
  if (problem) throw new UsageError(problem.message, problem.hint);
  return table.find((t) => t.id === id)!;
}

/** The template folder, checked to exist: a table entry without a folder is a packaging bug. */
export function existingTemplateDir(id: string, root = templatesRoot): string {
  const dir = templateDir(id, root);
  if (!existsSync(join(dir, 'workspace.yaml'))) {
    throw new UserError(`Template \`${id}\` is listed but ${join(dir, 'workspace.yaml')} is missing.`, 'Reinstall mwkit: npm install mwkit@latest');
  }
  return dir;
}
