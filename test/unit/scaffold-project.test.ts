// init and new workspace as functions (no subprocess): plans, prompts injected, files written.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initProject } from '../../src/commands/init.js';
import { newWorkspace } from '../../src/commands/new-workspace.js';
import { UsageError } from '../../src/errors.js';
import type { Ask } from '../../src/scaffold/answers.js';
import { displayPath, listFiles, planFolderCopy } from '../../src/scaffold/files.js';
import { findProjectRoot, planProject, uncoveredWorkspaceNote } from '../../src/scaffold/project.js';
import { projectTemplateDir, templatesRoot } from '../../src/scaffold/templates.js';
import { tempDir } from '../helpers/cli.js';

let root: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir: root, cleanup } = await tempDir()));
afterEach(() => cleanup());

const noPrompt: Ask = () => Promise.reject(new Error('must not prompt'));
const read = (...path: string[]): string => readFileSync(join(root, ...path), 'utf8');

describe('planning', () => {
  it('renames _gitignore to .gitignore and copies every file of the project template', () => {
    const plan = planFolderCopy(projectTemplateDir(), join(root, 'p'));
    expect(plan.map((file) => displayPath(root, file.to)).sort()).toEqual(['p/.gitignore', 'p/mwkit.yaml']);
  });

  it('plans mwkit.yaml, .gitignore, catalog.json and the starter workspace folder', () => {
    const plan = planProject(root, { name: 'a', publisher: 'B', template: 'sales-orders' });
    const targets = plan.map((file) => displayPath(root, file.to));
    expect(targets).toEqual(expect.arrayContaining(['.gitignore', 'mwkit.yaml', 'catalog.json', 'workspaces/sales-orders/workspace.yaml']));
    expect(targets).toHaveLength(3 + listFiles(join(templatesRoot, 'sales-orders')).length);
  });

  it('finds the project root from a subfolder', () => {
    mkdirSync(join(root, 'workspaces', 'x'), { recursive: true });
    writeFileSync(join(root, 'mwkit.yaml'), 'name: a\n');
    expect(findProjectRoot(join(root, 'workspaces', 'x'))).toBe(root);
  });
});

describe('initProject', () => {
  it('writes the project with the answers, keeping the comments of mwkit.yaml', async () => {
    const result = await initProject({ dir: 'my-app', cwd: root, name: 'my-app', publisher: 'Contoso: Ltd', template: 'blank', isInteractive: false, ask: noPrompt });
    expect(result.written.map((path) => displayPath(result.projectDir, path))).toEqual(expect.arrayContaining(['.gitignore', 'mwkit.yaml', 'catalog.json', 'workspaces/blank/workspace.yaml']));
    const text = read('my-app', 'mwkit.yaml');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=node_modules/mwkit/schemas/project.schema.json');
    expect(text).toContain('# who publishes the package');
    expect(parse(text)).toEqual({ name: 'my-app', publisher: 'Contoso: Ltd', version: '1.0.0', workspaces: ['workspaces/*/workspace.yaml'], catalog: 'catalog.json' });
    expect(read('my-app', 'catalog.json')).toBe(readFileSync(join(templatesRoot, 'catalog.json'), 'utf8'));
    expect(read('my-app', 'workspaces', 'blank', 'workspace.yaml')).toBe(readFileSync(join(templatesRoot, 'blank', 'workspace.yaml'), 'utf8'));
  });

  it('asks for what flags did not give, then writes', async () => {
    const asked: string[] = [];
    const ask: Ask = (question, defaultValue) => {
      asked.push(`${question.key}:${defaultValue}`);
      return Promise.resolve(question.key === 'template' ? 'sales-orders' : (defaultValue ?? ''));
    };
    const result = await initProject({ dir: 'Field Apps', cwd: root, isInteractive: true, ask });
    expect(asked).toEqual(['name:field-apps', 'publisher:My Company', 'template:expense-management']);
    expect(result.answers).toEqual({ name: 'field-apps', publisher: 'My Company', template: 'sales-orders' });
    expect(existsSync(join(root, 'Field Apps', 'workspaces', 'sales-orders', 'workspace.yaml'))).toBe(true);
  });

  it('keeps a .gitignore that is already there', async () => {
    writeFileSync(join(root, '.gitignore'), 'mine\n');
    const result = await initProject({ cwd: root, yes: true, isInteractive: false, ask: noPrompt });
    expect(read('.gitignore')).toBe('mine\n');
    expect(result.kept).toEqual([join(root, '.gitignore')]);
  });

  it('refuses a folder that has an mwkit.yaml, before asking anything', async () => {
    writeFileSync(join(root, 'mwkit.yaml'), 'name: a\n');
    await expect(initProject({ cwd: root, isInteractive: true, ask: noPrompt })).rejects.toThrow('The current folder is already an mwkit project (it has mwkit.yaml).');
  });

  it('writes nothing when an answer is missing', async () => {
    await expect(initProject({ dir: 'x', cwd: root, name: 'x', isInteractive: false, ask: noPrompt })).rejects.toThrow(UsageError);
    expect(existsSync(join(root, 'x'))).toBe(false);
  });
});

describe('newWorkspace', () => {
  beforeEach(() => initProject({ cwd: root, yes: true, isInteractive: false, ask: noPrompt }));

  it('copies the template and sets id and the default title', async () => {
    const result = await newWorkspace({ id: 'audits', template: 'blank', cwd: join(root, 'workspaces'), isInteractive: false, ask: noPrompt });
    expect(result.projectRoot).toBe(root);
    const data = parse(read('workspaces', 'audits', 'workspace.yaml')) as { id: string; title: string };
    expect(data).toMatchObject({ id: 'audits', title: 'Audits' });
  });

  it('prompts for the id and re-checks it', async () => {
    const ask: Ask = (question, defaultValue) => Promise.resolve(question.key === 'id' ? 'expense-management' : (defaultValue ?? ''));
    await expect(newWorkspace({ cwd: root, isInteractive: true, ask })).rejects.toThrow('workspaces/expense-management already exists.');
  });

  it("notes when mwkit.yaml's workspaces globs do not match the new workspace", async () => {
    await newWorkspace({ id: 'audits', yes: true, cwd: root, isInteractive: false, ask: noPrompt });
    expect(uncoveredWorkspaceNote(root, 'audits')).toBeUndefined();
    writeFileSync(join(root, 'mwkit.yaml'), 'name: a\npublisher: B\nversion: 1.0.0\nworkspaces: [apps/*/workspace.yaml]\n');
    expect(uncoveredWorkspaceNote(root, 'audits')).toBe(
      "mwkit.yaml's workspaces (apps/*/workspace.yaml) do not match workspaces/audits/workspace.yaml, so validate and pack will skip it. Add `- workspaces/*/workspace.yaml` to that list.",
    );
  });

  it('refuses outside a project', async () => {
    const outside = join(root, '..');
    await expect(newWorkspace({ id: 'x', yes: true, cwd: outside, isInteractive: false, ask: noPrompt })).rejects.toThrow(/this is not an mwkit project/);
  });
});
