// `mwkit test` through the built binary: passing, failing and broken scripts, formats, exit codes.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mwkit, repoRoot, tempDir } from '../helpers/cli.js';

let root: string;
let cleanup: () => Promise<void>;

/** A project with the sales-orders template, optionally changed. */
function project(name: string, change?: (workspaceDir: string) => void): string {
  const dir = join(root, name);
  mkdirSync(join(dir, 'workspaces'), { recursive: true });
  cpSync(join(repoRoot, 'templates', 'catalog.json'), join(dir, 'catalog.json'));
  cpSync(join(repoRoot, 'templates', 'sales-orders'), join(dir, 'workspaces', 'sales-orders'), { recursive: true });
  writeFileSync(join(dir, 'mwkit.yaml'), `name: ${name}\npublisher: Contoso\nversion: 1.0.0\ncatalog: catalog.json\n`);
  change?.(join(dir, 'workspaces', 'sales-orders'));
  return dir;
}

function edit(file: string, from: string, to: string): void {
  const text = readFileSync(file, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} does not contain ${from}`);
  writeFileSync(file, text.replace(from, to));
}

beforeAll(async () => {
  ({ dir: root, cleanup } = await tempDir());
});

afterAll(() => cleanup());

describe('mwkit test', () => {
  it('exits 0 when every case passes', async () => {
    const result = await mwkit(['test'], { cwd: project('passing') });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('✓ workspaces/sales-orders  12 cases');
    expect(result.stdout).toContain('Tests: 12 passed (12 cases in 1 workspace)');
    expect(result.stderr).toBe('');
  });

  it('exits 1 and shows the case, expected, actual and the script line', async () => {
    const dir = project('failing', (ws) =>
      edit(join(ws, 'logic.js'), "if (item.salesPrice != null) ctx.setValue('unitPrice', item.salesPrice);", "if (item.salesPrice != null) ctx.setValue('unitPrice', item.salesPrice * 2);"),
    );
    const result = await mwkit(['test'], { cwd: dir });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('✗ workspaces/sales-orders  1 of 12 cases failed');
    expect(result.stdout).toContain("✗ the line's price and description come from the item (workspaces/sales-orders/logic.test.yaml:54)");
    expect(result.stdout).toContain('values.unitPrice: expected 0.85, got 1.7');
    expect(result.stdout).toMatch(/expected at workspaces\/sales-orders\/logic\.test\.yaml:61; set by onFieldChanged at workspaces\/sales-orders\/logic\.js:71:\d+/);
    expect(result.stdout).toContain('Tests: 1 failed, 11 passed');
  });

  it('exits 1 with the syntax error of a broken script, at its line', async () => {
    const dir = project('broken', (ws) => edit(join(ws, 'logic.js'), 'function lineAmount(line) {', 'function lineAmount(line {'));
    const result = await mwkit(['test'], { cwd: dir });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('the logic could not run; no case ran');
    expect(result.stdout).toMatch(/workspaces\/sales-orders\/logic\.js:23:\d+ {2}error {2}MW210 {2}workspaces\/sales-orders\/logic\.js does not parse/);
    expect(result.stdout).toContain('> 23 | function lineAmount(line {');
  });

  it('exits 1 on an endless loop, naming the handler and its line, without hanging', async () => {
    const dir = project('looping', (ws) => edit(join(ws, 'logic.js'), 'function validateLine(ctx) {', 'function validateLine(ctx) {\n  while (ctx.values.discountPercent === 120) {}'));
    const result = await mwkit(['test'], { cwd: dir });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/MW231 {2}onActionValidating did not finish within 1000 ms: the loop at line \d+ never ended\./);
  });

  it('--time-limit sets how long a handler call may run: a 400 ms handler passes at 5000 ms and fails at 150 ms', async () => {
    // Busy for 400 ms each time a line is validated (a script's clock moves in real time during a call).
    const slow = (ws: string) => edit(join(ws, 'logic.js'), 'function validateLine(ctx) {', 'function validateLine(ctx) {\n  const end = Date.now() + 400;\n  while (Date.now() < end) {}');
    const passing = await mwkit(['test', '--time-limit', '5000'], { cwd: project('slow-ok', slow) });
    expect(passing.stdout).not.toContain('MW231');
    const failing = await mwkit(['test', '--time-limit', '150'], { cwd: project('slow-too', slow) });
    expect(failing.exitCode).toBe(1);
    expect(failing.stdout).toMatch(/MW231 {2}onActionValidating did not finish within 150 ms/);
  });

  it('refuses a --time-limit that is not 100 to 60000 milliseconds, before running anything', async () => {
    for (const value of ['soon', '50', '60001', '1.5']) {
      const result = await mwkit(['test', '--time-limit', value], { cwd: project(`limit-${value.replace('.', '-')}`) });
      expect(result.exitCode, value).toBe(2);
      expect(result.stderr).toContain(`--time-limit must be a whole number of milliseconds from 100 to 60000, not "${value}"`);
      expect(result.stderr).toContain('mwkit test --time-limit 3000');
      expect(result.stdout).toBe('');
    }
  });

  it('prints one JSON document with --format json', async () => {
    const dir = project('json', (ws) => edit(join(ws, 'logic.test.yaml'), 'values: { total: 795, lineCount: 2 }', 'values: { total: 796, lineCount: 2 }'));
    const result = await mwkit(['test', '--format', 'json'], { cwd: dir });
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ ok: false, passed: 11, failed: 1, diagnostics: [] });
    const failed = report.workspaces[0].cases.find((c: { ok: boolean }) => !c.ok);
    expect(failed).toMatchObject({
      name: 'the order total is added up from the lines on the device',
      line: 25,
      failures: [{ subject: 'values.total', expected: 796, actual: 795, line: 29, origin: { handler: 'onPageOpened', file: 'workspaces/sales-orders/logic.js' } }],
    });
  });

  it('prints JUnit XML with --format junit', async () => {
    const result = await mwkit(['test', '--format', 'junit'], { cwd: project('junit') });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="mwkit test" tests="12" failures="0" errors="0">/);
    expect(result.stdout.match(/<testcase /g)).toHaveLength(12);
    expect(result.stdout).toContain('name="a blocked item cannot be sold" file="workspaces/sales-orders/logic.test.yaml"');
  });

  it('exits 2 when logic.test.yaml is malformed, pointing at the line', async () => {
    const dir = project('bad-tests', (ws) =>
      edit(
        join(ws, 'logic.test.yaml'),
        '    page: order\n    record: SO-3001\n    expect:\n      values: { total: 795',
        '    page: order\n    recrod: SO-3001\n    expect:\n      values: { total: 795',
      ),
    );
    const result = await mwkit(['test'], { cwd: dir });
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toContain('workspaces/sales-orders/logic.test.yaml:27:5  error  MW240  Unknown key `recrod` in a case.');
    expect(result.stdout).toContain('hint: Did you mean `record`?');
  });

  it('exits 2 outside a project', async () => {
    const result = await mwkit(['test', 'nowhere'], { cwd: root });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('mwkit: No such file or folder: nowhere');
  });

  it('runs only the workspace it is given', async () => {
    const dir = project('one-workspace');
    cpSync(join(repoRoot, 'templates', 'blank'), join(dir, 'workspaces', 'blank'), { recursive: true });
    const result = await mwkit(['test', 'workspaces/blank'], { cwd: dir });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('Tests: 3 passed (3 cases in 1 workspace)');
  });
});
