// Attacks on `mwkit test` by a hostile logic script (issue 11, items 1–7). Each test names an
// attack that worked against the node:vm sandbox and asserts the defence that now holds; the
// script reports what it reached through ctx.setValue('purpose', …), which the host reads.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testProject, type TestReport } from '../../src/logic/testing/project.js';
import { baseWorkspace, projectFile, testCatalog, writeTree } from '../helpers/project.js';

const marker = join(mkdtempSync(join(tmpdir(), 'mwkit-attack-')), 'escaped');

/** One project, one workspace; `cases` is the YAML list of cases of its logic.test.yaml. */
function attack(logic: string, cases: string, timeLimitMs = 300): Promise<TestReport> {
  const root = writeTree({
    'mwkit.yaml': projectFile,
    'catalog.json': testCatalog,
    'workspaces/expenses/workspace.yaml': JSON.stringify({ ...baseWorkspace(), logic: 'logic.js' }, null, 2),
    'workspaces/expenses/logic.js': logic,
    'workspaces/expenses/logic.test.yaml': `today: 2025-03-14\ndata:\n  Project:\n    - { id: P-1, name: Apollo }\ncases:\n${cases}`,
  });
  return testProject({ path: root, timeLimitMs });
}

/** A case that opens the new-report form and expects the script to report `expected`. */
function reports(expected: string, name = 'probe'): string {
  return `  - name: ${name}\n    action: new-report\n    expect: { values: { purpose: ${JSON.stringify(expected)} } }\n`;
}

/** Script source that tries `reach` (an expression yielding a function constructor) to get `process`. */
function probe(reach: string): string {
  return `(() => {
    try {
      const F = ${reach};
      const p = F('return process')();
      p.getBuiltinModule('fs').writeFileSync(${JSON.stringify(marker)}, 'x');
      return 'escaped';
    } catch (error) {
      return 'blocked';
    }
  })()`;
}

function outcome(report: TestReport) {
  const cases = report.workspaces.flatMap((w) => w.cases);
  return {
    exitCode: report.exitCode,
    passed: cases.filter((c) => c.isOk).map((c) => c.name),
    failed: cases.filter((c) => !c.isOk).map((c) => c.name),
    problems: [...report.workspaces.flatMap((w) => w.diagnostics), ...cases.flatMap((c) => c.problems)].map((p) => p.code),
  };
}

describe('attack 1: the global object leads to the host', () => {
  it('top-level globalThis.constructor.constructor cannot make a function of the host', async () => {
    const logic = `const found = ${probe('globalThis.constructor.constructor')};\nexport function onActionStarted(ctx) { ctx.setValue('purpose', found); }\n`;
    const report = await attack(logic, reports('blocked'));
    expect(outcome(report)).toMatchObject({ exitCode: 0, passed: ['probe'] });
    expect(existsSync(marker)).toBe(false);
  });
});

describe('attack 2: every object handed in leads to the host', () => {
  const reaches = {
    ctx: 'ctx.constructor.constructor',
    'ctx.log': 'ctx.log.constructor',
    'ctx.query': 'ctx.query.constructor',
    'ctx.user': 'ctx.user.constructor.constructor',
    'ctx.user.roles': 'ctx.user.roles.constructor.constructor',
    'ctx.values': 'ctx.values.constructor.constructor',
    'an error thrown by a ctx method': '(() => { try { ctx.setValue("nope", 1); } catch (e) { return e.constructor.constructor; } })()',
    'a promise of ctx.query': 'ctx.query("Project").constructor.constructor',
  };
  it.each(Object.entries(reaches))('%s cannot reach process', async (_what, reach) => {
    const logic = `export function onActionStarted(ctx) { ctx.setValue('purpose', ${probe(reach)}); }\n`;
    const report = await attack(logic, reports('blocked'));
    expect(outcome(report)).toMatchObject({ exitCode: 0, passed: ['probe'] });
    expect(existsSync(marker)).toBe(false);
  });

  it('records a query returns cannot reach process', async () => {
    const logic = `export async function onActionStarted(ctx) {\n  const [record] = await ctx.query('Project');\n  ctx.setValue('purpose', record.name + ' ' + ${probe('record.constructor.constructor')});\n}\n`;
    const report = await attack(logic, reports('Apollo blocked'));
    expect(outcome(report)).toMatchObject({ exitCode: 0, passed: ['probe'] });
    expect(existsSync(marker)).toBe(false);
  });

  it('no host door is left on the global object during a call', async () => {
    const logic = `export function onActionStarted(ctx) {\n  const door = (name) => typeof globalThis['__mw' + 'kit_' + name];\n  ctx.setValue('purpose', [door('call'), door('host'), door('invoke'), typeof process, typeof require].join());\n}\n`;
    const report = await attack(logic, reports('undefined,undefined,undefined,undefined,undefined'));
    expect(outcome(report)).toMatchObject({ exitCode: 0, passed: ['probe'] });
  });
});

describe('attack 3: polluting prototypes to flip the verdict', () => {
  it('a script that rewrites Array.prototype.some and Object.prototype cannot make failing cases pass', async () => {
    const logic = `Array.prototype.some = () => false;\nArray.prototype.every = () => true;\nObject.prototype.isOk = true;\nObject.defineProperty(Object.prototype, 'failures', { get() { return []; }, set() {}, configurable: true });\nexport function onActionStarted(ctx) {\n  ctx.values.constructor.prototype.polluted = 'yes';\n  ctx.user.roles.__proto__.includes = () => true;\n  ctx.setValue('purpose', 'wrong');\n}\n`;
    const cases = Array.from({ length: 6 }, (_, i) => reports('right', `case ${i + 1}`)).join('');
    const report = await attack(logic, cases);
    expect(outcome(report)).toMatchObject({ exitCode: 1, passed: [], failed: ['case 1', 'case 2', 'case 3', 'case 4', 'case 5', 'case 6'] });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isOk).toBeUndefined();
    expect([1].some((n) => n === 1)).toBe(true);
  });

  it('what one case pollutes, the next case does not see', async () => {
    const logic = `export function onActionStarted(ctx) {\n  ctx.setValue('purpose', String(Array.prototype.polluted));\n  Array.prototype.polluted = 'from an earlier case';\n}\n`;
    const report = await attack(logic, reports('undefined', 'first') + reports('undefined', 'second'));
    expect(outcome(report)).toMatchObject({ exitCode: 0, passed: ['first', 'second'] });
  });

  it('a __proto__ key in data handed to ctx does not pollute the host', async () => {
    const logic = `export function onActionStarted(ctx) {\n  try { ctx.setLookupFilter('project', JSON.parse('{"__proto__": {"pollutedByLogic": 1}, "name": "Apollo"}')); } catch (error) { ctx.log(error.message); }\n  ctx.setValue('purpose', 'done');\n}\n`;
    const report = await attack(logic, reports('done'));
    expect(outcome(report)).toMatchObject({ exitCode: 0, passed: ['probe'] });
    expect(({} as Record<string, unknown>).pollutedByLogic).toBeUndefined();
    expect(report.workspaces[0]!.cases[0]!.logs[0]).toContain('`__proto__`');
  });
});

describe('attack 4: exhausting memory', () => {
  it('a loop of large arrays ends with MW233 naming the handler, and the next case runs', async () => {
    const logic = `export function onActionStarted(ctx) {\n  if (ctx.values.purpose === 'greedy') { const kept = []; for (;;) kept.push('x'.repeat(1e6) + kept.length); }\n  ctx.setValue('purpose', 'fine');\n}\n`;
    const cases = `  - name: greedy\n    action: new-report\n    values: { purpose: greedy }\n    expect: {}\n${reports('fine', 'modest')}`;
    const report = await attack(logic, cases, 5000);
    expect(outcome(report)).toMatchObject({ exitCode: 1, passed: ['modest'], failed: ['greedy'], problems: ['MW233'] });
    const problem = report.workspaces[0]!.cases[0]!.problems[0]!;
    expect(problem.message).toContain('onActionStarted used more than the 64 MB');
    expect(problem).toMatchObject({ file: 'workspaces/expenses/logic.js', line: 2 });
  });

  it('one JSON.parse of a huge text ends with MW233', async () => {
    const logic = `export function onActionStarted(ctx) {\n  const text = '[' + '1,'.repeat(2e7) + '0]';\n  ctx.setValue('purpose', String(JSON.parse(text).length));\n}\n`;
    const report = await attack(logic, reports('never'), 5000);
    expect(outcome(report)).toMatchObject({ exitCode: 1, problems: ['MW233'] });
  });

  it('top-level code that exhausts memory is a load problem, not a crash', async () => {
    const logic = `const kept = [];\nfor (;;) kept.push('x'.repeat(1e6) + kept.length);\nexport function onActionStarted(ctx) {}\n`;
    const report = await attack(logic, reports('never'), 5000);
    expect(outcome(report)).toMatchObject({ exitCode: 1, problems: ['MW233'] });
  });

  it('endless recursion is an error the script can catch (QuickJS: InternalError), not a crash of the host', async () => {
    const logic = `function down(n) { return down(n + 1) + 1; }\nexport function onActionStarted(ctx) {\n  try { down(0); } catch (error) { ctx.setValue('purpose', error.name); }\n}\n`;
    const report = await attack(logic, reports('InternalError'));
    expect(outcome(report)).toMatchObject({ exitCode: 0, passed: ['probe'] });
  });
});

describe('attack 4b: work that never ends inside the engine', () => {
  it('a runaway regular expression is interrupted (MW231), not left to spin', async () => {
    const logic = `export function onActionStarted(ctx) {\n  ctx.setValue('purpose', String(/(a+)+$/.test('a'.repeat(40) + 'b')));\n}\n`;
    const started = Date.now();
    const report = await attack(logic, reports('never'), 300);
    expect(outcome(report)).toMatchObject({ exitCode: 1, problems: ['MW231'] });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a huge array filled by a built-in ends at the memory cap (MW233)', async () => {
    const logic = `export function onActionStarted(ctx) {\n  ctx.setValue('purpose', String(new Array(1e8).fill(0).length));\n}\n`;
    const report = await attack(logic, reports('never'), 300);
    expect(outcome(report)).toMatchObject({ exitCode: 1, problems: ['MW233'] });
  });
});

describe('attack 5: flooding the output', () => {
  it('ctx.log in a loop is cut at 64 KB and ends the handler with MW234', async () => {
    const logic = `export function onActionStarted(ctx) {\n  for (let i = 0; ; i++) ctx.log('line', i, 'x'.repeat(1000));\n}\n`;
    const report = await attack(logic, reports('never'), 5000);
    const [testCase] = report.workspaces[0]!.cases;
    expect(outcome(report)).toMatchObject({ exitCode: 1, problems: ['MW234'] });
    expect(testCase!.problems[0]).toMatchObject({ line: 2, message: 'onActionStarted logged more than 64 KB through ctx.log, so it was stopped.' });
    expect(testCase!.logs.join('\n').length).toBeLessThan(70 * 1024);
  });

  it('a script that catches the cut still cannot go on logging', async () => {
    const logic = `export function onActionStarted(ctx) {\n  for (;;) { try { ctx.log('x'.repeat(10000)); } catch (e) {} }\n}\n`;
    const report = await attack(logic, reports('never'), 5000);
    expect(outcome(report)).toMatchObject({ exitCode: 1, problems: ['MW234'] });
    expect(report.workspaces[0]!.cases[0]!.logs.join('\n').length).toBeLessThan(70 * 1024);
  });

  it('a value too large to hand to ctx is refused, not copied', async () => {
    const logic = `export function onActionStarted(ctx) {\n  try { ctx.setValue('purpose', 'x'.repeat(4e6)); } catch (error) { ctx.setValue('purpose', error.name); }\n}\n`;
    const report = await attack(logic, reports('LogicApiError'));
    expect(outcome(report)).toMatchObject({ exitCode: 0, passed: ['probe'] });
  });
});

describe('attack 6: reading host paths from error stacks', () => {
  it('an error thrown by a ctx method carries no file of this machine', async () => {
    const logic = `export function onActionStarted(ctx) {\n  try { ctx.setValue('nope', 1); } catch (error) { ctx.log(String(error.stack)); ctx.setValue('purpose', error.name); }\n}\n`;
    const report = await attack(logic, reports('LogicApiError'));
    expect(outcome(report)).toMatchObject({ exitCode: 0, passed: ['probe'] });
    const logged = report.workspaces[0]!.cases[0]!.logs.join('\n');
    expect(logged).toContain('logic.js:2');
    expect(logged).not.toContain(process.cwd());
    expect(logged).not.toMatch(/node_modules|node:internal|file:\/\/|src\/logic/);
  });
});

describe('attack 7: the machine clock behind the test case', () => {
  it("new Date() and Date.now() are the case's day", async () => {
    const logic = `export function onActionStarted(ctx) {\n  ctx.setValue('purpose', [new Date().toISOString().slice(0, 10), new Date(Date.now()).toISOString().slice(0, 10), String(Date()).includes('2024')].join());\n}\n`;
    const report = await attack(logic.replace('', ''), `  - name: leap day\n    today: 2024-02-29\n    action: new-report\n    expect: { values: { purpose: "2024-02-29,2024-02-29,true" } }\n`);
    expect(outcome(report)).toMatchObject({ exitCode: 0, passed: ['leap day'] });
  });
});
