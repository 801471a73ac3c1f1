// A mis-indented key in a new project's workspace, through the built binary: one error at the
// key with the column to indent it to, and no duplicate-key hint (issue 30, item 6).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mwkit, tempDir } from '../helpers/cli.js';

let root: string;
let cleanup: () => Promise<void>;
let file: string;
let original: string;

beforeAll(async () => {
  ({ dir: root, cleanup } = await tempDir());
  expect((await mwkit(['init', 'app', '--yes'], { cwd: root })).exitCode).toBe(0);
  file = join(root, 'app', 'workspaces', 'expense-management', 'workspace.yaml');
  original = readFileSync(file, 'utf8');
});
afterAll(() => cleanup());

/** validate --format json after the page title line of my-reports is indented by `indent` spaces. */
async function validateWithTitleIndent(indent: number) {
  const lines = original.split('\n');
  const index = lines.indexOf('    title: My expense reports');
  expect(index).toBeGreaterThan(0);
  lines[index] = `${' '.repeat(indent)}title: My expense reports`;
  writeFileSync(file, lines.join('\n'));
  const result = await mwkit(['validate', '--format', 'json'], { cwd: join(root, 'app') });
  const report = JSON.parse(result.stdout) as { diagnostics: Array<{ code: string; line: number; column: number; message: string; hint: string }> };
  return { exitCode: result.exitCode, line: index + 1, diagnostics: report.diagnostics };
}

describe('mwkit validate: mis-indented keys', () => {
  it('under-indented: one MW001 at the key, no MW002', async () => {
    for (const indent of [0, 2]) {
      const { exitCode, line, diagnostics } = await validateWithTitleIndent(indent);
      expect(exitCode).toBe(1);
      expect(diagnostics).toMatchObject([{ code: 'MW001', line, column: indent + 1, hint: 'Indent `title` to column 5, like `kind` above and `description` below.' }]);
    }
  });

  it('over-indented: at the key, not on the line above', async () => {
    const { exitCode, line, diagnostics } = await validateWithTitleIndent(6);
    expect(exitCode).toBe(1);
    expect(diagnostics).toMatchObject([{ code: 'MW001', line, column: 7, message: expect.stringContaining('indented more than `kind` on the line above') }]);
  });
});
