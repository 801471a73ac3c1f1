// mwkit new workspace <id> [--template t] [--title t]: copies a template folder into
// workspaces/<id>/ of the current project and sets the id (and title) in its workspace.yaml.
import { Chalk } from 'chalk';
import { resolve } from 'node:path';
import { currentInvocation, mwkitCommandFrom } from '../cli/invocation.js';
import { isColorEnabled, isInteractive } from '../cli/output.js';
import { UsageError } from '../errors.js';
import { collectAnswers, tracked, type Ask, type Question } from '../scaffold/answers.js';
import { conflictingFiles, displayPath, writePlannedFiles } from '../scaffold/files.js';
import { titleFromId, workspaceIdFrom, workspaceIdProblem } from '../scaffold/names.js';
import { existingWorkspaceProblem, findProjectRoot, planWorkspace, uncoveredWorkspaceNote, workspaceDir, type WorkspaceAnswers } from '../scaffold/project.js';
import { askInTerminal } from '../scaffold/prompt.js';
import { readTemplateTable, unknownTemplateProblem, type TemplateInfo } from '../scaffold/templates.js';

export interface NewWorkspaceOptions {
  id?: string;
  template?: string;
  title?: string;
  yes?: boolean;
  cwd?: string;
  /** Overrides the TTY check (tests). */
  isInteractive?: boolean;
  /** Overrides the terminal prompts (tests). */
  ask?: Ask;
}

/** With --yes: the minimal, commented workspace, the one meant to be edited into something new. */
export const defaultWorkspaceTemplate = 'blank';

export interface NewWorkspaceResult {
  projectRoot: string;
  answers: WorkspaceAnswers;
  written: string[];
}

export async function runNewWorkspace(options: NewWorkspaceOptions): Promise<number> {
  const prompts = tracked(options.ask ?? askInTerminal);
  const result = await newWorkspace({ ...options, ask: prompts.ask });
  // Paths are shown relative to the shell's folder, which --cwd does not change.
  process.stdout.write(`${prompts.hasAsked() ? '\n' : ''}${formatNewWorkspaceResult(result, process.cwd(), mwkitCommandFrom(process.cwd(), currentInvocation()))}`);
  const note = uncoveredWorkspaceNote(result.projectRoot, result.answers.id);
  if (note) process.stderr.write(`mwkit: note: ${note}\n`);
  return 0;
}

export async function newWorkspace(options: NewWorkspaceOptions): Promise<NewWorkspaceResult> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const projectRoot = findProjectRoot(cwd);
  if (!projectRoot) {
    const shown = displayPath(process.cwd(), cwd);
    throw new UsageError(
      `No mwkit.yaml in ${shown === '.' ? 'the current folder' : shown} or any folder above it: this is not an mwkit project.`,
      'Run mwkit init first (or pass --cwd <project folder>).',
    );
  }
  const table = readTemplateTable();
  const answers = await collectAnswers(
    workspaceQuestions(table, projectRoot),
    { id: options.id, template: options.template, title: options.title },
    { isInteractive: options.isInteractive ?? isInteractive(), acceptDefaults: options.yes === true, example: exampleCommand(options.id) },
    options.ask ?? askInTerminal,
  );
  const plan = planWorkspace(projectRoot, answers);
  const conflicts = conflictingFiles(plan);
  if (conflicts.length > 0) throw new UsageError(`Would overwrite ${conflicts.map((p) => displayPath(process.cwd(), p)).join(', ')}.`);
  return { projectRoot, answers, written: writePlannedFiles(plan).written };
}

function exampleCommand(id: string | undefined): string {
  const shownId = id !== undefined && workspaceIdProblem(id) === undefined ? id : 'field-service';
  return `mwkit new workspace ${shownId} --template ${defaultWorkspaceTemplate}`;
}

function workspaceQuestions(table: readonly TemplateInfo[], projectRoot: string): Question<keyof WorkspaceAnswers>[] {
  return [
    {
      key: 'id',
      flag: 'the workspace <id> argument',
      message: 'Workspace id (kebab-case, e.g. field-service)',
      check: (value) => idProblem(value, projectRoot),
    },
    {
      key: 'template',
      flag: '--template',
      message: 'Start from template',
      default: defaultWorkspaceTemplate,
      choices: table.map((t) => ({ value: t.id, name: `${t.title} (${t.id})`, description: t.description })),
      check: (value) => unknownTemplateProblem(value, table),
    },
    {
      key: 'title',
      flag: '--title',
      message: 'Title on the dashboard',
      default: (answers) => titleFromId(answers.id ?? ''),
      isOptional: true,
      check: (value) => (value.trim() === '' || /[\r\n]/.test(value) ? { message: 'The title must be one non-empty line.', hint: 'For example: --title "Field service"' } : undefined),
    },
  ];
}

function idProblem(id: string, projectRoot: string): { message: string; hint?: string } | undefined {
  const message = workspaceIdProblem(id);
  if (message) {
    const suggestion = workspaceIdFrom(id);
    return { message, hint: suggestion ? `Did you mean \`${suggestion}\`?` : undefined };
  }
  return existingWorkspaceProblem(projectRoot, id);
}

/** `mwkitCommand` is how mwkit runs from `cwd`: `mwkit` only when it is on the PATH. */
export function formatNewWorkspaceResult(result: NewWorkspaceResult, cwd: string, mwkitCommand = 'mwkit'): string {
  const colors = new Chalk({ level: isColorEnabled() ? 1 : 0 });
  const { id, template } = result.answers;
  const lines = [`Created workspace ${colors.bold(id)} from template ${template}:`];
  for (const path of result.written) lines.push(`  ${colors.green('+')} ${displayPath(cwd, path)}`);
  const workspaceFile = displayPath(cwd, resolve(workspaceDir(result.projectRoot, id), 'workspace.yaml'));
  const validate = `${mwkitCommand} validate${result.projectRoot === cwd ? '' : ` ${displayPath(cwd, result.projectRoot)}`}`;
  lines.push('', `Next: edit ${workspaceFile}, then run ${validate}`);
  return `${lines.join('\n')}\n`;
}
