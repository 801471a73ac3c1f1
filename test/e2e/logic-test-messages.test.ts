// What `mwkit test` says about a wrong test file (issue 30, item 7): the right plural, the
// suggestion a person means, and a summary that counts only the workspaces whose cases ran.
import { describe, expect, it } from 'vitest';
import { mwkit } from '../helpers/cli.js';
import { baseWorkspace, projectFile, testCatalog, writeTree } from '../helpers/project.js';

/** baseWorkspace with `add-line` renamed `add-order-line` and an `edit-line` beside it. */
function orderLineWorkspace(id: string): Record<string, unknown> {
  const workspace = JSON.parse(JSON.stringify(baseWorkspace()).replace(/"add-line"/g, '"add-order-line"')) as ReturnType<typeof baseWorkspace>;
  workspace.id = id;
  workspace.actions.push({ id: 'edit-line', kind: 'update', title: 'Edit line', entity: 'ExpenseLine', fields: ['amount'] });
  workspace.pages[2].actions = ['edit-line'];
  return { ...workspace, logic: 'logic.js' };
}

describe('mwkit test on a wrong test file', () => {
  it('suggests the action with the word left out, says "actions of this page", and counts what ran', async () => {
    const root = writeTree({
      'mwkit.yaml': projectFile,
      'catalog.json': testCatalog,
      'workspaces/good/workspace.yaml': JSON.stringify(orderLineWorkspace('good'), null, 2),
      'workspaces/good/logic.js': 'export function onActionStarted(ctx) {}\n',
      'workspaces/good/logic.test.yaml': 'cases:\n  - name: starts\n    action: new-report\n    expect: {}\n',
      'workspaces/wrong/workspace.yaml': JSON.stringify(orderLineWorkspace('wrong'), null, 2),
      'workspaces/wrong/logic.js': 'export function onActionStarted(ctx) {}\n',
      'workspaces/wrong/logic.test.yaml':
        'cases:\n  - name: typo\n    action: add-line\n    expect: {}\n  - name: page\n    page: reports\n    expect: { actions: { frobnicate: { visible: true } } }\n',
    });
    const result = await mwkit(['test', root]);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toContain('Did you mean `add-order-line`?');
    expect(result.stdout).not.toContain('`edit-line`?');
    expect(result.stdout).toContain('Unknown action of this page `frobnicate`.');
    expect(result.stdout).toContain('Known actions of this page: `new-report`.');
    expect(result.stdout).not.toContain('this pages');
    expect(result.stdout).toContain('Tests: 1 passed (1 case in 1 workspace); 1 more workspace could not run (see above)');
  });
});
