// Small diagnostic lists and a project context shared by the reporter tests.
import { summarize, type Diagnostic, type ValidationSummary } from '../../../src/diagnostics.js';
import type { ReportContext } from '../../../src/reporters/types.js';

export const workspaceFile = 'workspaces/expenses/workspace.yaml';
export const logicFile = 'workspaces/expenses/logic.js';
export const otherWorkspaceFile = 'workspaces/orders/workspace.yaml';

export const workspaceSource = ['schemaVersion: 1', 'id: expenses', 'title: Expenses', 'pages:', '  - id: my-reports', '    kind: list', '    open: reprot'].join('\n');

export function diagnostic(overrides: Partial<Diagnostic> = {}): Diagnostic {
  return {
    severity: 'error',
    code: 'MW204',
    message: 'Page "reprot" does not exist.',
    file: workspaceFile,
    line: 7,
    column: 11,
    pointer: '/pages/0/open',
    ...overrides,
  };
}

export function context(overrides: Partial<ReportContext> = {}): ReportContext {
  return {
    sources: new Map([[workspaceFile, workspaceSource]]),
    workspaces: [
      { id: 'expenses', file: workspaceFile },
      { id: 'orders', file: otherWorkspaceFile },
    ],
    projectRoot: '/home/dev/my-app',
    isColor: false,
    toolVersion: '1.2.3',
    ...overrides,
  };
}

export const empty: ValidationSummary = summarize([]);

export const warningsOnly: ValidationSummary = summarize([diagnostic({ severity: 'warning', code: 'MW211', message: 'No page opens "report".', line: 5, column: 5, pointer: '/pages/0' })]);

/** Errors in a workspace, its logic file, mwkit.yaml and a second workspace, plus a warning. */
export const mixed: ValidationSummary = summarize([
  diagnostic({ hint: 'Did you mean "report"?' }),
  diagnostic({ severity: 'warning', code: 'MW212', message: 'No page offers action "approve".', line: 4, column: 1, pointer: '/actions/0' }),
  diagnostic({ file: logicFile, code: 'MW210', message: 'Unexpected token (3:5).', line: 3, column: 5, pointer: '' }),
  diagnostic({ file: 'mwkit.yaml', code: 'MW105', message: 'version "1.0" is not a semantic version.', line: 3, column: 10, pointer: '/version' }),
  diagnostic({ file: otherWorkspaceFile, code: 'MW101', message: 'Unknown key "titel".', line: 3, column: 1, pointer: '/titel' }),
]);

/** A message and a file name full of characters every format must escape. */
export const awkward: ValidationSummary = summarize([
  diagnostic({
    file: 'work spaces/a,b:c#1/workspace.yaml',
    code: 'MW106',
    message: 'Value <"a" & \'b\'> is 100% wrong,\nsecond line\r\nthird: \u0007bell',
    hint: 'Use one of: list, details',
  }),
]);

// Any CSI/SGR escape sequence.
export const ansiPattern = /\u001b\[[0-9;]*m/;
