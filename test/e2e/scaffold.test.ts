// init, templates and new workspace through the built binary (not a TTY, CI=1, NO_COLOR=1).
import { execa } from 'execa';
import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { parse } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { binPath, mwkit, repoRoot, tempDir } from '../helpers/cli.js';

let root: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir: root, cleanup } = await tempDir()));
afterEach(() => cleanup());

const templateIds = (JSON.parse(readFileSync(join(repoRoot, 'templates', 'templates.json'), 'utf8')) as { id: string }[]).map((t) => t.id);
const readYaml = (...path: string[]): Record<string, unknown> => parse(readFileSync(join(root, ...path), 'utf8')) as Record<string, unknown>;

describe('mwkit templates', () => {
  it('prints a table with every template', async () => {
    const result = await mwkit(['templates']);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe('');
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^ID +TITLE +DESCRIPTION$/);
    for (const id of templateIds) expect(lines.some((line) => line.startsWith(`${id} `))).toBe(true);
    expect(result.stdout).toContain('mwkit new workspace <id> --template <template>');
  });

  it('--json prints only the JSON array', async () => {
    const result = await mwkit(['templates', '--json']);
    expect(result.exitCode).toBe(0);
    const data = JSON.parse(result.stdout) as Record<string, unknown>[];
    expect(data.map((t) => t.id)).toEqual(templateIds);
    for (const entry of data) expect(Object.keys(entry)).toEqual(['id', 'title', 'description']);
  });
});

describe('mwkit init', () => {
  it('init dir --yes writes a project with the defaults', async () => {
    const result = await mwkit(['init', 'My App', '--yes'], { cwd: root });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe('');
    const dir = join(root, 'My App');
    expect(readdirSync(dir).sort()).toEqual(['.gitignore', 'catalog.json', 'mwkit.yaml', 'workspaces']);
    expect(readdirSync(join(dir, 'workspaces'))).toEqual(['expense-management']);
    expect(readYaml('My App', 'mwkit.yaml')).toEqual({ name: 'my-app', publisher: 'My Company', version: '1.0.0', workspaces: ['workspaces/*/workspace.yaml'], catalog: 'catalog.json' });
    expect(readFileSync(join(dir, 'mwkit.yaml'), 'utf8')).toMatch(/^# yaml-language-server: \$schema=node_modules\/mwkit\/schemas\/project\.schema\.json\n/);
    expect(readFileSync(join(dir, 'catalog.json'), 'utf8')).toBe(readFileSync(join(repoRoot, 'templates', 'catalog.json'), 'utf8'));
    expect(result.stdout).toContain('Created project my-app in My App/:');
    expect(result.stdout).toContain('  + workspaces/expense-management/workspace.yaml');
    expect(result.stdout).toContain("  cd 'My App'");
    expect(result.stdout).toContain('bin/mwkit.js validate');
  });

  it("init's next steps print a command that runs from the project folder when mwkit is not on the PATH", async () => {
    const result = await mwkit(['init', 'app', '--yes'], { cwd: root, env: { PATH: dirname(process.execPath) } });
    expect(result.exitCode).toBe(0);
    const validateLine = result.stdout.split('\n').find((line) => line.includes(' validate '));
    const command = validateLine?.trim().split(/\s+#/)[0]?.trim() ?? '';
    expect(command).not.toBe('mwkit validate');
    expect(result.stdout).toContain('mwkit is not on your PATH; `npm link` in the mwkit folder puts it there.');
    // Typed as printed, after the printed `cd app`, it works.
    const typed = await execa('sh', ['-c', command], { cwd: join(root, 'app'), reject: false, env: { PATH: dirname(process.execPath), NO_COLOR: '1' } });
    expect(typed.stderr).toBe('');
    expect(typed.stdout).toContain('no problems');
    expect(typed.exitCode).toBe(0);
  });

  it('init says plain mwkit when the PATH finds this install', async () => {
    const binDir = join(root, 'bin');
    mkdirSync(binDir);
    symlinkSync(binPath, join(binDir, 'mwkit'));
    const result = await mwkit(['init', 'app', '--yes'], { cwd: root, env: { PATH: `${binDir}${delimiter}${dirname(process.execPath)}` } });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^ {2}mwkit validate +# check/m);
    expect(result.stdout).not.toContain('not on your PATH');
  });

  it('init with flags uses them', async () => {
    const result = await mwkit(['init', 'p', '--name', 'contoso.apps', '--publisher', 'Contoso Ltd', '--template', 'sales-orders'], { cwd: root });
    expect(result.exitCode).toBe(0);
    expect(readYaml('p', 'mwkit.yaml')).toMatchObject({ name: 'contoso.apps', publisher: 'Contoso Ltd' });
    expect(readdirSync(join(root, 'p', 'workspaces'))).toEqual(['sales-orders']);
    expect(readYaml('p', 'workspaces', 'sales-orders', 'workspace.yaml').id).toBe('sales-orders');
  });

  it('init into the current folder, which may hold other files', async () => {
    writeFileSync(join(root, 'README.md'), '# hi\n');
    const result = await mwkit(['init', '--yes'], { cwd: root });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('in the current folder:');
    expect(result.stdout).not.toContain('cd ');
    expect(existsSync(join(root, 'mwkit.yaml'))).toBe(true);
  });

  it('without a TTY, a missing --name is an error naming the flag, and nothing is written', async () => {
    const result = await mwkit(['init', 'p', '--publisher', 'Contoso', '--template', 'blank'], { cwd: root });
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'mwkit: --name is required when not running interactively\n' +
        '  mwkit cannot prompt (stdin is not a terminal, or CI is set). Pass it, or --yes for the defaults, e.g.: mwkit init p --name p --publisher "Contoso Ltd" --template expense-management',
    );
    expect(existsSync(join(root, 'p'))).toBe(false);
  });

  it('rejects an invalid --name precisely', async () => {
    const result = await mwkit(['init', 'p', '--yes', '--name', 'My App'], { cwd: root });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('mwkit: `My App` is not a valid project name: it starts with an uppercase letter ("M")');
    expect(result.stderr).toContain('Did you mean `my-app`?');
  });

  it('refuses to init into an existing project', async () => {
    mkdirSync(join(root, 'p'));
    writeFileSync(join(root, 'p', 'mwkit.yaml'), 'name: p\n');
    const result = await mwkit(['init', 'p', '--yes'], { cwd: root });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('mwkit: p is already an mwkit project (it has mwkit.yaml).');
    expect(result.stderr).toContain('mwkit new workspace <id>');
    expect(readdirSync(join(root, 'p'))).toEqual(['mwkit.yaml']);
  });

  it('rejects an unknown --template with a suggestion', async () => {
    const result = await mwkit(['init', 'p', '--yes', '--template', 'expenses-management'], { cwd: root });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('mwkit: Unknown template `expenses-management`.');
    expect(result.stderr).toContain('Did you mean `expense-management`?');
  });
});

describe('mwkit new workspace', () => {
  beforeEach(async () => {
    expect((await mwkit(['init', '--yes'], { cwd: root })).exitCode).toBe(0);
  });

  it('copies the template and rewrites the id, keeping comments', async () => {
    const result = await mwkit(['new', 'workspace', 'x', '--template', 'sales-orders'], { cwd: root });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('Created workspace x from template sales-orders:');
    expect(result.stdout).toContain('  + workspaces/x/workspace.yaml');
    expect(result.stdout).toMatch(/^Next: edit workspaces\/x\/workspace\.yaml, then run \S*bin\/mwkit\.js validate$/m); // mwkit is not on the tests' PATH
    const template = parse(readFileSync(join(repoRoot, 'templates', 'sales-orders', 'workspace.yaml'), 'utf8')) as Record<string, unknown>;
    expect(readYaml('workspaces', 'x', 'workspace.yaml')).toEqual({ ...template, id: 'x', title: 'X' });
    expect(readFileSync(join(root, 'workspaces', 'x', 'workspace.yaml'), 'utf8')).toMatch(/^# yaml-language-server: \$schema=\.\.\/\.\.\/node_modules\/mwkit\/schemas\/workspace\.schema\.json\n/);
    expect(readdirSync(join(root, 'workspaces', 'x')).sort()).toEqual(readdirSync(join(repoRoot, 'templates', 'sales-orders')).sort());
  });

  it('sets --title, and --yes takes the blank template', async () => {
    const result = await mwkit(['new', 'workspace', 'store-audits', '--title', 'Store audits: weekly', '--yes', '--cwd', root]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('from template blank');
    expect(readYaml('workspaces', 'store-audits', 'workspace.yaml')).toMatchObject({ id: 'store-audits', title: 'Store audits: weekly' });
  });

  it('rejects an id that is not kebab-case', async () => {
    const result = await mwkit(['new', 'workspace', 'Field_Service', '--yes'], { cwd: root });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('mwkit: `Field_Service` is not a valid workspace id: it starts with an uppercase letter ("F"); use kebab-case');
    expect(result.stderr).toContain('Did you mean `field-service`?');
    expect(existsSync(join(root, 'workspaces', 'Field_Service'))).toBe(false);
  });

  it('rejects an unknown template with "did you mean" and the list', async () => {
    const result = await mwkit(['new', 'workspace', 'x', '--template', 'sales-order'], { cwd: root });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('mwkit: Unknown template `sales-order`.');
    expect(result.stderr).toContain(`Did you mean \`sales-orders\`? Templates: ${templateIds.join(', ')}`);
  });

  it('refuses an id whose folder exists', async () => {
    const result = await mwkit(['new', 'workspace', 'expense-management', '--yes'], { cwd: root });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('mwkit: workspaces/expense-management already exists.');
  });

  it('without a TTY, a missing id or --template is an error naming it', async () => {
    const noId = await mwkit(['new', 'workspace', '--template', 'blank'], { cwd: root });
    expect(noId.exitCode).toBe(2);
    expect(noId.stderr).toContain('mwkit: the workspace <id> argument is required when not running interactively');
    const noTemplate = await mwkit(['new', 'workspace', 'x'], { cwd: root });
    expect(noTemplate.exitCode).toBe(2);
    expect(noTemplate.stderr).toContain('mwkit: --template is required when not running interactively');
  });

  it('refuses outside a project, pointing at mwkit init', async () => {
    const { dir: outside, cleanup: cleanOutside } = await tempDir();
    try {
      const result = await mwkit(['new', 'workspace', 'x', '--yes'], { cwd: outside });
      expect(result.exitCode).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe('mwkit: No mwkit.yaml in the current folder or any folder above it: this is not an mwkit project.\n' + '  Run mwkit init first (or pass --cwd <project folder>).');
      expect(readdirSync(outside)).toEqual([]);
    } finally {
      await cleanOutside();
    }
  });

  it('finds the project from a subfolder and from --cwd', async () => {
    const fromSubfolder = await mwkit(['new', 'workspace', 'a', '--yes'], { cwd: join(root, 'workspaces') });
    expect(fromSubfolder.exitCode).toBe(0);
    expect(fromSubfolder.stdout).toContain('  + a/workspace.yaml');
    const fromCwd = await mwkit(['new', 'workspace', 'b', '--yes', '--cwd', root]);
    expect(fromCwd.exitCode).toBe(0);
    expect(existsSync(join(root, 'workspaces', 'a', 'workspace.yaml')) && existsSync(join(root, 'workspaces', 'b', 'workspace.yaml'))).toBe(true);
  });
});
