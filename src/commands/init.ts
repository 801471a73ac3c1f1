// mwkit init [dir]: a new project with mwkit.yaml, .gitignore, the demo entity catalog and a
// starter workspace. Every answer is collected (flags, --yes defaults or prompts) before
// anything is written.
import { Chalk } from 'chalk';
import { basename, resolve } from 'node:path';
import { currentInvocation, mwkitCommandFrom, quoteForShell } from '../cli/invocation.js';
import { isColorEnabled, isInteractive } from '../cli/output.js';
import { UsageError } from '../errors.js';
import { collectAnswers, tracked, type Ask, type Question } from '../scaffold/answers.js';
import { conflictingFiles, displayPath, writePlannedFiles } from '../scaffold/files.js';
import { projectNameFromFolder, projectNameProblem } from '../scaffold/names.js';
import { initTargetProblem, planProject, type ProjectAnswers } from '../scaffold/project.js';
import { askInTerminal } from '../scaffold/prompt.js';
import { readTemplateTable, unknownTemplateProblem, type TemplateInfo } from '../scaffold/templates.js';

export interface InitOptions {
  dir?: string;
  yes?: boolean;
  name?: string;
  publisher?: string;
  template?: string;
  cwd?: string;
  /** Overrides the TTY check (tests). */
  isInteractive?: boolean;
  /** Overrides the terminal prompts (tests). */
  ask?: Ask;
}

export const defaultPublisher = 'My Company';
/** The starter: a complete, realistic workspace (list, details, summary pages, operations). */
export const defaultStarterTemplate = 'expense-management';

export interface InitResult {
  projectDir: string;
  answers: ProjectAnswers;
  written: string[];
  kept: string[];
}

export async function runInit(options: InitOptions): Promise<number> {
  const cwd = options.cwd ?? process.cwd();
  const prompts = tracked(options.ask ?? askInTerminal);
  const result = await initProject({ ...options, ask: prompts.ask });
  // A blank line sets the summary apart from the answered prompts above it.
  const mwkitCommand = mwkitCommandFrom(result.projectDir, currentInvocation());
  process.stdout.write(`${prompts.hasAsked() ? '\n' : ''}${formatInitResult(result, cwd, mwkitCommand)}`);
  return 0;
}

/** Asks, checks the whole plan, then writes. Throws UsageError before writing anything. */
export async function initProject(options: InitOptions): Promise<InitResult> {
  const cwd = options.cwd ?? process.cwd();
  const dir = options.dir ?? '.';
  const projectDir = resolve(cwd, dir);
  const shownDir = dir === '.' ? 'The current folder' : displayPath(cwd, projectDir);
  const targetProblem = initTargetProblem(projectDir, shownDir);
  if (targetProblem) throw new UsageError(targetProblem.message, targetProblem.hint);

  const table = readTemplateTable();
  const defaultName = projectNameFromFolder(basename(projectDir));
  const answers = await collectAnswers(
    initQuestions(table, defaultName),
    { name: options.name, publisher: options.publisher, template: options.template },
    { isInteractive: options.isInteractive ?? isInteractive(), acceptDefaults: options.yes === true, example: exampleCommand(dir, defaultName) },
    options.ask ?? askInTerminal,
  );

  const plan = planProject(projectDir, answers);
  const conflicts = conflictingFiles(plan);
  if (conflicts.length > 0) {
    const shown = conflicts.map((path) => displayPath(cwd, path));
    throw new UsageError(`Would overwrite ${shown.join(', ')}.`, 'Move those files away, choose another starter with --template, or create the project in another folder: mwkit init <dir>');
  }
  return { projectDir, answers, ...writePlannedFiles(plan) };
}

function initQuestions(table: readonly TemplateInfo[], defaultName: string): Question<keyof ProjectAnswers>[] {
  return [
    {
      key: 'name',
      flag: '--name',
      message: 'Package name',
      default: defaultName,
      check: (value) => {
        const message = projectNameProblem(value);
        return message ? { message, hint: `Did you mean \`${projectNameFromFolder(value)}\`?` } : undefined;
      },
    },
    {
      key: 'publisher',
      flag: '--publisher',
      message: 'Publisher (your company or team)',
      default: defaultPublisher,
      check: (value) => (value.trim() === '' ? { message: 'The publisher is empty.', hint: 'For example: --publisher "Contoso Ltd"' } : undefined),
    },
    {
      key: 'template',
      flag: '--template',
      message: 'Starter workspace',
      default: defaultStarterTemplate,
      choices: table.map((t) => ({ value: t.id, name: `${t.title} (${t.id})`, description: t.description })),
      check: (value) => unknownTemplateProblem(value, table),
    },
  ];
}

function exampleCommand(dir: string, name: string): string {
  const target = dir === '.' ? '' : ` ${quoteForShell(dir)}`;
  return `mwkit init${target} --name ${name} --publisher "Contoso Ltd" --template ${defaultStarterTemplate}`;
}

/** `mwkitCommand` is how mwkit runs from the project folder: `mwkit` only when it is on the PATH. */
export function formatInitResult(result: InitResult, cwd: string, mwkitCommand = 'mwkit'): string {
  const colors = new Chalk({ level: isColorEnabled() ? 1 : 0 });
  const shownDir = displayPath(cwd, result.projectDir);
  const where = shownDir === '.' ? 'the current folder' : `${shownDir}/`;
  const lines = [`Created project ${colors.bold(result.answers.name)} in ${where}:`];
  for (const path of result.written) lines.push(`  ${colors.green('+')} ${displayPath(result.projectDir, path)}`);
  for (const path of result.kept) lines.push(`  ${colors.dim('=')} ${displayPath(result.projectDir, path)} ${colors.dim('(already there, kept)')}`);
  lines.push('', 'Next steps:');
  if (shownDir !== '.') lines.push(`  cd ${quoteForShell(shownDir)}`);
  const commands: [string, string][] = [
    [`${mwkitCommand} validate`, 'check the workspaces against the catalog'],
    [`${mwkitCommand} preview`, 'open the workspaces in the app of a local environment'],
    [`${mwkitCommand} new workspace <id> --template <template>`, `add a workspace (templates: ${mwkitCommand} templates)`],
  ];
  const width = Math.max(...commands.map(([command]) => command.length));
  for (const [command, why] of commands) lines.push(`  ${command.padEnd(width)}  ${colors.dim(`# ${why}`)}`);
  if (mwkitCommand !== 'mwkit') lines.push('', colors.dim('mwkit is not on your PATH; `npm link` in the mwkit folder puts it there.'));
  return `${lines.join('\n')}\n`;
}
