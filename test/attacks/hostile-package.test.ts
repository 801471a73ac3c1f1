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

  it("validate's text and github formats show an escape in a workspace file visibly", async () => {
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
  for (let level = 1; level < 9; level++)
    levels.push(
      `${indent}a${level}: &a${level} [${Array(10)
        .fill(`*a${level - 1}`)
        .join(', ')}]`,
    );
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

interface JsonReport {
  exitCode?: number;
  workspaces: Array<{ cases: Array<{ name: string; isOk: boolean; logs: string[]; problems: Array<{ code: string; message: string; line: number; file: string }> }> }>;
}

async function jsonReport(logic: string, testFile: string, options: string[] = []): Promise<{ exitCode: number; report: JsonReport; stdout: string }> {
  const root = project(logic, testFile);
  const result = await mwkit(['test', root, '--format', 'json', ...options]);
  return { exitCode: result.exitCode, report: JSON.parse(result.stdout) as JsonReport, stdout: result.stdout };
}

function changes(count: number): string {
  return Array.from({ length: count }, (_, i) => `      - change: { purpose: v${i} }`).join('\n');
}

describe('items 1 and 4: every channel from logic to the host is capped in count and size', () => {
  it('1 MB messages over a hundred change events are refused at the first one; the report comes', async () => {
    const logic = `export function onFieldChanged(ctx) {\n  const big = 'x'.repeat(1000 * 1000);\n  const end = Date.now() + 900;\n  while (Date.now() < end) ctx.addMessage(big);\n}\n`;
    const testFile = `cases:\n  - name: flood\n    action: new-report\n    events:\n${changes(100)}\n    expect: {}\n`;
    const { exitCode, report } = await jsonReport(logic, testFile);
    expect(exitCode).toBe(1);
    const problems = report.workspaces[0]!.cases[0]!.problems;
    expect(problems[0]).toMatchObject({ code: 'MW230', file: 'workspaces/expenses/logic.js', line: 4 });
    expect(problems[0]!.message).toContain('the message has 1,000,000 characters; at most 1,000 fit');
  });

  it('1 MB values over a hundred change events end at the byte caps with MW235 and the line', async () => {
    const logic = `export function onFieldChanged(ctx) {\n  const big = 'x'.repeat(1000 * 1000);\n  const end = Date.now() + 900;\n  while (Date.now() < end) ctx.setValue('purpose', big);\n}\n`;
    const testFile = `cases:\n  - name: flood\n    action: new-report\n    events:\n${changes(100)}\n    expect: {}\n`;
    const { exitCode, report } = await jsonReport(logic, testFile);
    expect(exitCode).toBe(1);
    const problems = report.workspaces[0]!.cases[0]!.problems;
    expect(problems[0]).toMatchObject({ code: 'MW235', file: 'workspaces/expenses/logic.js', line: 4 });
    expect(problems[0]!.message).toContain('onFieldChanged sent more than 4 MB to ctx in one call (the cap per handler)');
    expect(problems.some((p) => p.message.includes('the cap per case'))).toBe(true);
  });

  it('small messages are capped in number per form', async () => {
    const logic = `export function onActionStarted(ctx) {\n  for (let i = 0; i < 1000; i++) ctx.addMessage('m' + i);\n}\n`;
    const { report } = await jsonReport(logic, `cases:\n  - name: many\n    action: new-report\n    expect: {}\n`);
    expect(report.workspaces[0]!.cases[0]!.problems[0]).toMatchObject({ code: 'MW235', line: 2 });
    expect(report.workspaces[0]!.cases[0]!.problems[0]!.message).toContain('more than 100 messages');
  });

  it('a message, field error or label longer than a phone can show is refused where it is set', async () => {
    const logic = `export function onActionStarted(ctx) {\n  const long = 'x'.repeat(5000);\n  const names = [];\n  for (const set of [() => ctx.addMessage(long), () => ctx.setFieldError('purpose', long), () => ctx.setLabel('purpose', long)]) {\n    try { set(); } catch (error) { names.push(error.name); }\n  }\n  ctx.setValue('purpose', names.join());\n}\n`;
    const { exitCode } = await jsonReport(logic, `cases:\n  - name: long\n    action: new-report\n    expect: { values: { purpose: "LogicApiError,LogicApiError,LogicApiError" } }\n`);
    expect(exitCode).toBe(0);
  });

  it('ctx.log() with nothing, in a loop, is capped in lines, and the text report stays small', async () => {
    const logic = `export function onActionStarted(ctx) {\n  for (;;) ctx.log();\n}\n`;
    const testFile = `cases:\n  - name: empty lines\n    action: new-report\n    expect: {}\n`;
    const { report } = await jsonReport(logic, testFile);
    const [testCase] = report.workspaces[0]!.cases;
    expect(testCase!.problems[0]).toMatchObject({ code: 'MW234', line: 2 });
    expect(testCase!.logs.length).toBeLessThanOrEqual(1000);
    const text = await mwkit(['test', project(logic, testFile)]);
    expect(text.stdout.length).toBeLessThan(64 * 1024);
  });

  it('ctx calls that keep nothing are capped in number per call', async () => {
    const logic = `export function onActionStarted(ctx) {\n  for (;;) ctx.hide('purpose');\n}\n`;
    // 10,000 calls take most of the default second on a busy machine: a longer limit lets the cap, not the clock, end the loop.
    const { report } = await jsonReport(logic, `cases:\n  - name: chatty\n    action: new-report\n    expect: {}\n`, ['--time-limit', '20000']);
    expect(report.workspaces[0]!.cases[0]!.problems[0]).toMatchObject({ code: 'MW235', line: 2 });
    expect(report.workspaces[0]!.cases[0]!.problems[0]!.message).toContain('more than 10,000 times in one call');
  });
});

const oneCase = `cases:\n  - name: probe\n    action: new-report\n    expect: { values: { purpose: survived } }\n`;
const exhaust = 'const a = []; for (;;) a.push("x".repeat(1e6) + a.length);';

describe('item 5: out of memory fails the case even when the script catches it', () => {
  const catchers = {
    'catch (e)': `try { ${exhaust} } catch (e) { }`,
    'catch with a pattern': `try { ${exhaust} } catch ({ message }) { ctx.log(message); }`,
    'catch and go on in a loop': `for (let i = 0; i < 3; i++) { try { ${exhaust} } catch (e) { } }`,
    'a rejection handler': `await Promise.resolve().then(() => { ${exhaust} }).catch(() => 1);`,
    'then(_, onRejected)': `await Promise.resolve().then(() => { ${exhaust} }).then(undefined, () => 1);`,
  };
  it.each(Object.entries(catchers))('%s: MW233, not a pass', async (_how, body) => {
    const logic = `export async function onActionStarted(ctx) {\n  ${body}\n  ctx.setValue('purpose', 'survived');\n}\n`;
    const { exitCode, report } = await jsonReport(logic, oneCase);
    expect(exitCode).toBe(1);
    expect(report.workspaces[0]!.cases[0]!.problems.map((p) => p.code)).toEqual(['MW233']);
  });

  it('top-level code that catches it does not load (MW233)', async () => {
    const logic = `try { ${exhaust} } catch { }\nexport function onActionStarted(ctx) { ctx.setValue('purpose', 'survived'); }\n`;
    const result = await mwkit(['test', project(logic, oneCase)]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('MW233');
  });

  it("an ordinary error is still the script's to catch, with a pattern too", async () => {
    const logic = `export function onActionStarted(ctx) {\n  try { throw new Error('survived'); } catch ({ message }) { ctx.setValue('purpose', message); }\n}\n`;
    const { exitCode } = await jsonReport(logic, oneCase);
    expect(exitCode).toBe(0);
  });

  it("a script cannot declare the sandbox's guard names to stand in for them", async () => {
    const logic = `export function onActionStarted(ctx) {\n  const __mwkit_caught = (e) => e;\n  try { ${exhaust} } catch (e) { }\n}\n`;
    const result = await mwkit(['test', project(logic, oneCase)]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('`__mwkit_caught` is a name of the logic sandbox');
  });
});

describe('item 6: each diagnosis says what really happened, with the line', () => {
  const cases = `cases:\n  - name: probe\n    action: new-report\n    expect: {}\n`;
  it('a 2 MB string returned is "too large", not a time-out', async () => {
    const { report } = await jsonReport(`export function onActionStarted(ctx) {\n  return 'x'.repeat(2e6);\n}\n`, cases);
    expect(report.workspaces[0]!.cases[0]!.problems[0]).toMatchObject({ code: 'MW235', line: 1 });
    expect(report.workspaces[0]!.cases[0]!.problems[0]!.message).toBe('onActionStarted returned a value of 1.9 MB; a value may be at most 1 MB (the cap per value), so it was refused.');
  });

  it('a 2 MB string thrown is "too large" too', async () => {
    const { report } = await jsonReport(`export function onActionStarted(ctx) {\n  throw 'x'.repeat(2e6);\n}\n`, cases);
    expect(report.workspaces[0]!.cases[0]!.problems[0]!.message).toContain('onActionStarted threw a value of 1.9 MB');
  });

  it('a runaway regular expression names its line', async () => {
    const { report } = await jsonReport(`export function onActionStarted(ctx) {\n  const text = 'a'.repeat(40) + 'b';\n  ctx.setValue('purpose', String(/(a+)+$/.test(text)));\n}\n`, cases);
    expect(report.workspaces[0]!.cases[0]!.problems[0]).toMatchObject({ code: 'MW231', line: 3 });
    expect(report.workspaces[0]!.cases[0]!.problems[0]!.message).toContain('line 3 was still running when the time ran out');
  });

  it('a promise chain that never settles says so, and the engine prints nothing on stderr', async () => {
    const root = project(
      `export function onActionStarted(ctx) {\n  const again = () => Promise.resolve().then(again);\n  return again();\n}\n`,
      cases + cases.slice('cases:\n'.length).replace('probe', 'second'),
    );
    const result = await mwkit(['test', root, '--format', 'json']);
    const report = JSON.parse(result.stdout) as JsonReport;
    for (const testCase of report.workspaces[0]!.cases) {
      expect(testCase.problems[0]!.message).toBe('onActionStarted did not settle within 1000 ms: its promises kept making more work and never gave a value.');
    }
    expect(result.stderr).not.toMatch(/Assertion|Aborted/);
  });
});

describe('item 7: one clock and one time zone per case, top-level code included', () => {
  const logic = `const loadedAt = new Date().toISOString().slice(0, 16);\nexport function onActionStarted(ctx) {\n  const now = new Date();\n  ctx.setValue('purpose', [loadedAt, now.getHours(), now.getTimezoneOffset(), String(now).slice(16, 33)].join(' '));\n}\n`;
  const testFile = [
    'today: 2024-02-29',
    'cases:',
    '  - name: UTC by default',
    '    action: new-report',
    '    expect: { values: { purpose: "2024-02-29T12:00 12 0 12:00:00 GMT+0000" } }',
    '  - name: a zone of its own',
    '    timeZone: Asia/Kolkata',
    '    action: new-report',
    '    expect: { values: { purpose: "2024-02-29T12:00 17 -330 17:30:00 GMT+0530" } }',
    '',
  ].join('\n');

  it.each(['America/New_York', 'Asia/Tokyo', 'UTC'])('gives the same result on a machine in %s', async (machineZone) => {
    const result = await mwkit(['test', project(logic, testFile)], { env: { TZ: machineZone } });
    expect(result.stdout).toContain('Tests: 2 passed');
    expect(result.exitCode).toBe(0);
  });

  it('an unknown time zone is a test-file error with its line', async () => {
    const result = await mwkit(['test', project(logic, testFile.replace('Asia/Kolkata', 'Mars/Olympus'))]);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toMatch(/logic\.test\.yaml:7:\d+ +error +MW240 +`Mars\/Olympus` is not a time zone\./);
  });
});

describe('item 9: what logic hands the host is plain data', () => {
  it('a function or a date in a lookup filter or a query is refused where it is passed', async () => {
    const logic = `export async function onActionStarted(ctx) {\n  const names = [];\n  try { ctx.setLookupFilter('project', { name: () => 1 }); } catch (error) { names.push(error.message); }\n  try { await ctx.query('Project', { name: new Date() }); } catch (error) { names.push(error.message); }\n  try { await ctx.query('Project', {}, { sort: [() => 1] }); } catch (error) { names.push(error.message); }\n  ctx.setValue('purpose', names.join(' | '));\n}\n`;
    const expected =
      'ctx.setLookupFilter: the filter.name is a function; only text, numbers, true/false, null, lists and mappings can be passed. | ctx.query: the filter.name is a date; only text, numbers, true/false, null, lists and mappings can be passed. | ctx.query: the options.sort[0] is a function; only text, numbers, true/false, null, lists and mappings can be passed.';
    const { exitCode } = await jsonReport(logic, `cases:\n  - name: data\n    action: new-report\n    expect: { values: { purpose: ${JSON.stringify(expected)} } }\n`);
    expect(exitCode).toBe(0);
  });
});

describe("item 8 and 9: ctx.query reads only its own workspace's entities, by own names", () => {
  const probe = (entity: string) =>
    `export async function onActionStarted(ctx) {\n  try { const found = await ctx.query(${JSON.stringify(entity)}); ctx.setValue('purpose', 'read ' + found.length); }\n  catch (error) { ctx.setValue('purpose', error.name + ': ' + error.message); }\n}\n`;

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('ctx.query(%j) is an unknown entity, not a host failure', async (name) => {
    const root = project(
      probe(name),
      `cases:\n  - name: probe\n    action: new-report\n    expect: { values: { purpose: "LogicApiError: ctx.query: unknown entity \`${name}\`. Known entities: \`ExpenseReport\`, \`ExpenseLine\`, \`Project\`." } }\n`,
    );
    const result = await mwkit(['test', root]);
    expect(result.stdout).toContain('Tests: 1 passed');
    expect(result.stdout).not.toMatch(/is not a function|records\.filter/);
  });

  it('an entity of the catalog that the workspace does not use is refused at run time', async () => {
    const workspace = baseWorkspace();
    workspace.pages = workspace.pages.filter((p: { entity?: string }) => p.entity !== 'ExpenseLine');
    workspace.pages[1].related = [];
    workspace.actions = workspace.actions.filter((a: { id: string }) => a.id !== 'add-line');
    workspace.pages[1].actions = ['submit'];
    const root = writeTree({
      'mwkit.yaml': projectFile,
      'catalog.json': testCatalog,
      'workspaces/expenses/workspace.yaml': JSON.stringify({ ...workspace, logic: 'logic.js' }, null, 2),
      'workspaces/expenses/logic.js': probe('ExpenseLine'),
      'workspaces/expenses/logic.test.yaml': `data:\n  ExpenseLine:\n    - { id: L-1, reportNumber: ER-1, amount: 5 }\ncases:\n  - name: probe\n    action: new-report\n    expect: { values: { purpose: "read 1" } }\n`,
    });
    const result = await mwkit(['test', root, '--format', 'json']);
    const report = JSON.parse(result.stdout) as { workspaces: Array<{ cases: Array<{ failures: Array<{ message: string }> }> }> };
    expect(result.exitCode).toBe(1);
    expect(report.workspaces[0]!.cases[0]!.failures[0]!.message).toContain('is not an entity of workspace expenses');
    const validated = await mwkit(['validate', root, '--format', 'json']);
    expect(JSON.parse(validated.stdout).diagnostics.map((d: { code: string }) => d.code)).toEqual(['MW228']);
  });
});

describe('item 11: package limits that protect every phone, in validate', () => {
  it('a workspace of 150 list pages, each with its own filter, is MW215 with the numbers and the caps', async () => {
    const workspace = baseWorkspace();
    workspace.pages = Array.from({ length: 150 }, (_, i) => ({
      id: `p${i}`,
      kind: 'list',
      title: `Page ${i}`,
      entity: 'ExpenseReport',
      filter: { purpose: `Trip ${i}` },
      fields: ['number', 'purpose'],
    }));
    workspace.actions = [];
    const root = writeTree({ 'mwkit.yaml': projectFile, 'catalog.json': testCatalog, 'workspaces/expenses/workspace.yaml': JSON.stringify(workspace, null, 2) });
    const result = await mwkit(['validate', root, '--format', 'json']);
    expect(result.exitCode).toBe(1);
    const found = (JSON.parse(result.stdout) as { diagnostics: Array<{ code: string; message: string; line: number }> }).diagnostics.filter((d) => d.code === 'MW215');
    expect(found.map((d) => d.message).sort()).toEqual([
      'Workspace `expenses` has 150 pages; a workspace may have at most 100.',
      'Workspace `expenses` needs 150 different queries to work offline (list pages, figures and lookups with their filters); at most 30 are allowed.',
    ]);
  });

  it('a page of 61 fields is MW215 at that page', async () => {
    const workspace = baseWorkspace();
    workspace.pages[0].fields = Array.from({ length: 61 }, () => 'purpose');
    const root = writeTree({ 'mwkit.yaml': projectFile, 'catalog.json': testCatalog, 'workspaces/expenses/workspace.yaml': JSON.stringify(workspace, null, 2) });
    const result = await mwkit(['validate', root, '--format', 'json']);
    const found = (JSON.parse(result.stdout) as { diagnostics: Array<{ code: string; message: string; pointer: string }> }).diagnostics.filter((d) => d.code === 'MW215');
    expect(found).toEqual([expect.objectContaining({ pointer: '/pages/0', message: 'Page `reports` shows 61 fields; a page may show at most 60.' })]);
  });
});
