// mwkit test as a function: reading logic.test.yaml (problems at their lines), running the
// cases, and reporting failures with the expectation's line and the script line behind them.
import { describe, expect, it } from 'vitest';
import { testProject, type TestReport } from '../../src/logic/testing/project.js';
import { baseWorkspace, projectFile, testCatalog, writeTree } from '../helpers/project.js';

const script = [
  'export async function onPageOpened(ctx) {',
  '  const lines = await ctx.query("ExpenseLine", { reportNumber: ctx.record.number });',
  '  ctx.setValue("total", lines.reduce((sum, l) => sum + l.amount, 0));',
  '}',
  'export function onFieldChanged(ctx) {',
  '  if (ctx.field === "amount") ctx.setFieldError("amount", ctx.value < 0 ? "Negative." : null);',
  '}',
  'export function onActionValidating(ctx) {',
  '  if (ctx.values.date > ctx.today) return { date: "Future." };',
  '}',
].join('\n');

const header = `today: 2025-03-14
data:
  ExpenseReport:
    - { number: ER-1, purpose: Trip, status: Draft }
  ExpenseLine:
    - { id: L-1, reportNumber: ER-1, amount: 80 }
    - { id: L-2, reportNumber: ER-1, amount: 20.5 }
cases:
`;

function run(tests: string, logic = script, extra: Record<string, string | object> = {}): Promise<TestReport> {
  const root = writeTree({
    'mwkit.yaml': projectFile,
    'catalog.json': testCatalog,
    'workspaces/expenses/workspace.yaml': JSON.stringify({ ...baseWorkspace(), logic: 'logic.js' }, null, 2),
    'workspaces/expenses/logic.js': logic,
    'workspaces/expenses/logic.test.yaml': header + tests,
    ...extra,
  });
  return testProject({ path: root, timeLimitMs: 200 });
}

describe('running cases', () => {
  it('passes cases whose expectations hold', async () => {
    const report = await run(`  - name: total from lines
    page: report
    record: ER-1
    expect: { values: { total: 100.5 } }
  - name: future dates are refused
    page: report
    action: add-line
    record: ER-1
    events: [ { change: { amount: 5, date: 2025-03-20 } }, queue ]
    expect: { queued: false, errors: { date: Future. } }
`);
    expect(report.workspaces[0]!.cases.map((c) => [c.name, c.isOk, c.failures])).toEqual([
      ['total from lines', true, []],
      ['future dates are refused', true, []],
    ]);
    expect(report).toMatchObject({ ok: true, passed: 2, failed: 0, exitCode: 0 });
  });

  it('reports what differs, where it is expected and which script line set it', async () => {
    const report = await run(`  - name: total from lines
    page: report
    record: ER-1
    expect:
      values: { total: 99 }
`);
    expect(report).toMatchObject({ ok: false, passed: 0, failed: 1, exitCode: 1 });
    expect(report.workspaces[0]!.cases[0]!.failures).toEqual([
      {
        subject: 'values.total',
        message: 'values.total: expected 99, got 100.5',
        expected: 99,
        actual: 100.5,
        pointer: '/cases/0/expect/values/total',
        line: 13,
        origin: { handler: 'onPageOpened', position: { file: 'workspaces/expenses/logic.js', line: 3, column: 7 } },
      },
    ]);
  });

  it('fails a case whose handler throws, with the script line', async () => {
    const report = await run(
      `  - name: broken
    page: report
    record: { number: ER-1 }
`,
      'export function onPageOpened(ctx) {\n  ctx.record.lines.length;\n}\n',
    );
    const result = report.workspaces[0]!.cases[0]!;
    expect(result.isOk).toBe(false);
    expect(result.problems).toMatchObject([{ code: 'MW230', file: 'workspaces/expenses/logic.js', line: 2, message: expect.stringContaining('onPageOpened threw TypeError') }]);
  });

  it('fails a case with an endless loop, naming its line, without hanging', async () => {
    const report = await run('  - name: loops\n    page: report\n    record: ER-1\n', 'export function onPageOpened(ctx) {\n  let i = 0;\n  while (i < 10) { i--; }\n}\n');
    expect(report.workspaces[0]!.cases[0]!.problems).toMatchObject([{ code: 'MW231', line: 3 }]);
    expect(report.exitCode).toBe(1);
  });

  it('runs no case when the script does not load', async () => {
    const report = await run('  - name: a\n  - name: b\n', 'export function onPageOpened(ctx) {\n  return ctx.\n}\n');
    expect(report.workspaces[0]).toMatchObject({ status: 'failed', cases: [], diagnostics: [{ code: 'MW210', line: 3 }] });
    expect(report.exitCode).toBe(1);
  });

  it('starts every case with a fresh script', async () => {
    const counting = 'let opened = 0;\nexport function onWorkspaceOpened(ctx) {\n  opened += 1;\n  ctx.addMessage(`opened ${opened}`);\n}\n';
    const report = await run('  - { name: first, expect: { messages: [opened 1] } }\n  - { name: second, expect: { messages: [opened 1] } }\n', counting);
    expect(report.passed).toBe(2);
  });

  it('refuses a change the user cannot make', async () => {
    const report = await run(`  - name: hidden field
    page: report
    action: add-line
    record: ER-1
    events: [ { change: { reportNumber: ER-2 } } ]
`);
    expect(report.workspaces[0]!.cases[0]!.failures).toMatchObject([{ subject: 'events', line: 13, message: 'events: The user cannot change `reportNumber`: it is hidden.' }]);
  });

  it('runs logic.ts, with positions in the TypeScript source', async () => {
    const ts =
      'type Ctx = { record: Record<string, number>; setValue(field: string, value: number): void };\n\nexport function onPageOpened(ctx: Ctx): void {\n  const total: number = ctx.record.total;\n  ctx.setValue("total", total + 1);\n}\n';
    const root = writeTree({
      'mwkit.yaml': projectFile,
      'catalog.json': testCatalog,
      'workspaces/expenses/workspace.yaml': JSON.stringify({ ...baseWorkspace(), logic: 'logic.ts' }),
      'workspaces/expenses/logic.ts': ts,
      'workspaces/expenses/logic.test.yaml': 'cases:\n  - { name: plus one, page: report, record: { number: ER-1, total: 1 }, expect: { values: { total: 3 } } }\n',
    });
    const report = await testProject({ path: root });
    expect(report.workspaces[0]!.cases[0]!.failures[0]).toMatchObject({ actual: 2, origin: { position: { file: 'workspaces/expenses/logic.ts', line: 5 } } });
  });

  it('notes workspaces without tests and passes', async () => {
    const root = writeTree({ 'mwkit.yaml': projectFile, 'catalog.json': testCatalog, 'workspaces/expenses/workspace.yaml': JSON.stringify(baseWorkspace()) });
    const report = await testProject({ path: root });
    expect(report).toMatchObject({ ok: true, exitCode: 0, workspaces: [{ status: 'no-tests', cases: [] }] });
  });
});

describe('reading logic.test.yaml', () => {
  async function problems(tests: string): Promise<Array<[string, number, string]>> {
    const report = await run(tests);
    expect(report.exitCode).toBe(2);
    expect(report.workspaces[0]!.status).toBe('invalid');
    return report.workspaces[0]!.diagnostics.map((d) => [d.code, d.line, d.message]);
  }

  it('reports unknown keys with a did-you-mean, at the key', async () => {
    const report = await run('  - name: x\n    page: report\n    recrod: ER-1\n');
    expect(report.workspaces[0]!.diagnostics).toMatchObject([
      { code: 'MW240', line: 11, message: 'Unknown key `recrod` in a case.', hint: 'Did you mean `record`?' },
      { code: 'MW240', line: 9, message: 'Page `report` is a details page: give the record it shows as `record`.' },
    ]);
  });

  it.each([
    ['an unknown action', '  - { name: x, action: new-reprot }\n', [['MW240', 9, 'Unknown action `new-reprot`.']]],
    ['an unknown field in an event', '  - { name: x, action: new-report, events: [ { change: { purpse: Trip } } ] }\n', [['MW240', 9, 'Unknown field `purpse`.']]],
    ['a record key not in the data', '  - { name: x, page: report, record: ER-9 }\n', [['MW240', 9, 'No ExpenseReport with number `ER-9` in the test data.']]],
    ['an action on a page that does not offer it', '  - { name: x, page: reports, action: submit, record: ER-1 }\n', [['MW240', 9, 'Page `reports` does not offer action `submit`.']]],
    ['a record action without a record', '  - { name: x, action: submit }\n', [['MW240', 9, 'Action `submit` (operation) works on a record: give it as `record`.']]],
    ['an expectation that does not apply', '  - { name: x, expect: { queued: true } }\n', [['MW240', 9, 'Unknown key `queued` in the expectations of a workspace case (only `messages`).']]],
    ['an unknown event', '  - { name: x, action: new-report, events: [submit] }\n', [['MW240', 9, 'An event is `validate`, `queue` or `change: { field: value, … }`.']]],
    [
      'a message of the wrong shape',
      '  - { name: x, expect: { messages: [ { fatal: boom } ] } }\n',
      [['MW240', 9, 'A message is a text, or `{ error: text }`, `{ warning: text }` or `{ info: text }`.']],
    ],
    ['two cases with the same name', '  - { name: x }\n  - { name: x }\n', [['MW240', 10, 'Two cases are named `x`.']]],
  ])('reports %s', async (_, tests, expected) => {
    expect(await problems(tests)).toEqual(expected);
  });

  it('checks the data against the catalog', async () => {
    const report = await run('  - name: x\n    data:\n      ExpenseLines: []\n      ExpenseLine: [ { id: L-9, amout: 1 } ]\n');
    expect(report.workspaces[0]!.diagnostics.map((d) => [d.line, d.message, d.hint])).toEqual([
      [11, 'Unknown entity `ExpenseLines`.', 'Did you mean `ExpenseLine`?'],
      [12, 'Unknown field `amout`.', 'Did you mean `amount`?'],
    ]);
  });

  it('reports YAML syntax errors as input errors', async () => {
    const report = await run('  - name: [unclosed\n');
    expect(report.exitCode).toBe(2);
    expect(report.workspaces[0]!.diagnostics[0]!.code).toBe('MW001');
  });
});
