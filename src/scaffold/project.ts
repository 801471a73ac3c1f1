// What `init` and `new workspace` write, as plans of file copies: plain functions of the
// answers and the target folder. The commands check the plan, then write it.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { expandGlob } from '../project/glob.js';
import type { AnswerProblem } from './answers.js';
import { planFolderCopy, type PlannedFile } from './files.js';
import { catalogTemplatePath, existingTemplateDir, projectTemplateDir, templatesRoot } from './templates.js';
import { setTopLevelScalars } from './yaml-edit.js';

export const projectFileName = 'mwkit.yaml';
export const workspacesFolder = 'workspaces';

export interface ProjectAnswers {
  name: string;
  publisher: string;
  template: string;
}

export interface WorkspaceAnswers {
  id: string;
  template: string;
  title: string;
}

/** The nearest folder from `start` upwards that has an mwkit.yaml (like git finds .git). */
export function findProjectRoot(start: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, projectFileName))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/** Why a project cannot be created in `targetDir` (shown as `shownDir`), or undefined. */
export function initTargetProblem(targetDir: string, shownDir: string): AnswerProblem | undefined {
  if (existsSync(targetDir) && !statSync(targetDir).isDirectory()) {
    return { message: `${shownDir} exists and is not a folder.`, hint: 'Choose another folder: mwkit init <dir>' };
  }
  if (existsSync(join(targetDir, projectFileName))) {
    return {
      message: `${shownDir} is already an mwkit project (it has ${projectFileName}).`,
      hint: 'Add a workspace to it with `mwkit new workspace <id>`, or create the project in another folder: mwkit init <dir>',
    };
  }
  return undefined;
}

/** mwkit.yaml with the answers, .gitignore and catalog.json (kept if present), the starter workspace. */
export function planProject(targetDir: string, answers: ProjectAnswers, root = templatesRoot): PlannedFile[] {
  const projectFiles = planFolderCopy(projectTemplateDir(root), targetDir).map((file): PlannedFile => {
    if (file.to === join(targetDir, projectFileName)) {
      return { ...file, edit: (text) => setTopLevelScalars(text, { name: answers.name, publisher: answers.publisher }) };
    }
    return { ...file, keepExisting: true }; // a .gitignore the user already has stays as it is
  });
  const catalog: PlannedFile = { from: catalogTemplatePath(root), to: join(targetDir, 'catalog.json'), keepExisting: true };
  const workspace = planFolderCopy(existingTemplateDir(answers.template, root), workspaceDir(targetDir, answers.template));
  return [...projectFiles, catalog, ...workspace];
}

export function workspaceDir(projectRoot: string, id: string): string {
  return join(projectRoot, workspacesFolder, id);
}

/** Why `id` cannot be added to the project at `projectRoot`, or undefined. */
export function existingWorkspaceProblem(projectRoot: string, id: string): AnswerProblem | undefined {
  if (!existsSync(workspaceDir(projectRoot, id))) return undefined;
  return {
    message: `${workspacesFolder}/${id} already exists.`,
    hint: `Choose another id, or remove ${workspacesFolder}/${id} first.`,
  };
}

/** The template folder copied to workspaces/<id>/, with id (and title) set in workspace.yaml. */
export function planWorkspace(projectRoot: string, answers: WorkspaceAnswers, root = templatesRoot): PlannedFile[] {
  const targetDir = workspaceDir(projectRoot, answers.id);
  return planFolderCopy(existingTemplateDir(answers.template, root), targetDir).map((file): PlannedFile => {
    if (file.to !== join(targetDir, 'workspace.yaml')) return file;
    return { ...file, edit: (text) => setTopLevelScalars(text, { id: answers.id, title: answers.title }) };
  });
}

/**
 * A note when mwkit.yaml's `workspaces` globs do not match the new workspace's file (a project
 * that keeps its workspaces elsewhere), since validate and pack would silently skip it.
 */
export function uncoveredWorkspaceNote(projectRoot: string, id: string): string | undefined {
  const file = `${workspacesFolder}/${id}/workspace.yaml`;
  let globs = [`${workspacesFolder}/*/workspace.yaml`];
  try {
    const data = parse(readFileSync(join(projectRoot, projectFileName), 'utf8')) as { workspaces?: unknown } | null;
    const listed = data?.workspaces;
    if (Array.isArray(listed) && listed.every((glob) => typeof glob === 'string')) globs = listed as string[];
  } catch {
    return undefined; // a broken mwkit.yaml is for mwkit validate to report, with its position
  }
  if (globs.some((glob) => expandGlob(projectRoot, glob).includes(file))) return undefined;
  return `mwkit.yaml's workspaces (${globs.join(', ')}) do not match ${file}, so validate and pack will skip it. Add \`- ${workspacesFolder}/*/workspace.yaml\` to that list.`;
}
