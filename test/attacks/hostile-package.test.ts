// Attacks by a package author who does not try to escape the sandbox, only to exhaust, mislead
// or confuse the host (issue 27). Each runs the built `mwkit` binary on a small project, as a
// user would, and asserts the defence; removing the defence makes the test fail.
import { describe, expect, it } from 'vitest';
import { mwkit } from '../helpers/cli.js';
import { baseWorkspace, projectFile, testCatalog, writeTree } from '../helpers/project.js';


/** A project with one workspace whose logic and logic.test.yaml are given. */
function project(logic: string, testFile: string): string {
  const root = writeTree({
    'mwkit.yaml': projectFile,
    'catalog.json': testCatalog,
    'workspaces/expenses/workspace.yaml': JSON.stringify({ ...baseWorkspace(), logic: 'logic.js' }, null, 2),
    'workspaces/expenses/logic.js': logic,
    'workspaces/expenses/logic.test.yaml': testFile,
  });
  return root;
}

const controlCharacter = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('item 3: text a package supplies never reaches the terminal as control characters', () => {
  const esc = '\\u001b';
  const logic = [
    'export function onActionStarted(ctx) {',
    `  ctx.log('${esc}[2J${esc}[H cleared');`,
    `  ctx.log('${esc}]52;c;aGVsbG8=\\u0007 clipboard');`,
    `  ctx.addMessage('fine\\r\\nTests: 2 passed', 'error');`,
    `  throw new Error('boom${esc}[8m concealed\\nTests: 2 passed');`,
    '}',
    '',
  ].join('\n');
  const testFile = `cases:\n  - name: "evil\\r\\u001b[32m name"\n    action: new-report\n    expect: {}\n`;

  it('the text report shows every escape, carriage return and newline visibly', async () => {
    const result = await mwkit(['test', project(logic, testFile)]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).not.toMatch(controlCharacter);
    expect(result.stdout).toContain('\\e[2J\\e[H cleared');
    expect(result.stdout).toContain('\\e]52;c;aGVsbG8=\\x07 clipboard');
    expect(result.stdout).toContain('evil\\r\\e[32m name');
    expect(result.stdout).toContain('boom\\e[8m concealed\\nTests: 2 passed');
    // The only summary line is mwkit's own.
    expect(result.stdout.split('\n').filter((line) => line.startsWith('Tests:'))).toEqual(['Tests: 1 failed, 0 passed (1 case in 1 workspace)']);
  });

  it('JSON stays exact', async () => {
    const result = await mwkit(['test', project(logic, testFile), '--format', 'json']);
    const report = JSON.parse(result.stdout) as { workspaces: Array<{ cases: Array<{ name: string; logs: string[] }> }> };
    expect(report.workspaces[0]!.cases[0]!.name).toBe('evil\r\u001b[32m name');
    expect(report.workspaces[0]!.cases[0]!.logs[0]).toBe('\u001b[2J\u001b[H cleared');
  });

  it('validate\'s text and github formats show an escape in a workspace file visibly', async () => {
    const workspace = baseWorkspace();
    workspace.pages[0].entity = 'Expense\u001b[2JReport';
    const root = writeTree({ 'mwkit.yaml': projectFile, 'catalog.json': testCatalog, 'workspaces/expenses/workspace.yaml': JSON.stringify(workspace, null, 2) });
    for (const format of ['text', 'github']) {
      const result = await mwkit(['validate', root, '--format', format]);
      expect(result.exitCode).toBe(1);
      expect(result.stdout).not.toMatch(controlCharacter);
      expect(result.stdout).toContain('Expense\\e[2JReport');
    }
  });
});

/** Nine levels of ten aliases each: 10⁹ values once every alias is copied out. */
function aliasBomb(indent: string): string {
  const levels = [`${indent}a0: &a0 [x, x, x, x, x, x, x, x, x, x]`];
  for (let level = 1; level < 9; level++) levels.push(`${indent}a${level}: &a${level} [${Array(10).fill(`*a${level - 1}`).join(', ')}]`);
  return levels.join('\n');
}

describe('item 2: YAML bombs and huge test files are refused before anything walks them', () => {
  const logic = 'export function onSyncResult(ctx) {}\n';

  it('an alias bomb in logic.test.yaml is MW006 at the first alias, at once', async () => {
    const testFile = `cases:\n  - name: bomb\n    sync:\n      actionId: new-report\n      status: applied\n      values:\n${aliasBomb('        ')}\n    expect: {}\n`;
    const started = Date.now();
    const result = await mwkit(['test', project(logic, testFile)]);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toContain('workspaces/expenses/logic.test.yaml:8:');
    expect(result.stdout).toContain('MW006');
    expect(result.stdout).toContain('expand to more than 100,000 values');
  });

  it('an alias bomb in a workspace file is MW006 in validate', async () => {
    const workspace = `${JSON.stringify(baseWorkspace(), null, 2).slice(0, -2)},\n  "x-bomb": {\n${aliasBomb('    ').replace(/^(\s*)(a\d): /gm, '$1"$2": ')}\n  }\n}\n`;
    const root = writeTree({ 'mwkit.yaml': projectFile, 'catalog.json': testCatalog, 'workspaces/expenses/workspace.yaml': workspace.replace(/\]\n/g, '],\n').replace(/\],\n  \}/, ']\n  }') });
    const result = await mwkit(['validate', root, '--format', 'json']);
    const report = JSON.parse(result.stdout) as { diagnostics: Array<{ code: string }> };
    expect(report.diagnostics.map((d) => d.code)).toEqual(['MW006']);
    expect(result.exitCode).toBe(1);
  });

  it('a test file over 4 MB is MW006, not parsed', async () => {
    const testFile = `cases:\n  - name: big\n    sync: { actionId: new-report, status: applied }\n    expect: {}\n# ${'x'.repeat(5 * 1024 * 1024)}\n`;
    const result = await mwkit(['test', project(logic, testFile)]);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toContain('logic.test.yaml is 5.0 MB; a test file may be at most 4 MB');
  });
});
