// `mwkit validate --format json` through the built binary on a workspace whose logic has each
// mistake the static checks find: exit 1, each code at its line and column in logic.js.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mwkit, repoRoot, tempDir } from '../helpers/cli.js';

let root: string;
let cleanup: () => Promise<void>;

// Each mistake on its own line; the columns below point at the name or argument.
const script = `export async function onPageOpened(ctx) {
  ctx.setVal('total', 1);
  ctx.setValue('totl', 1);
  ctx.hideAction('confirm-ordr');
  await ctx.query('SalesOrders');
  lineCnt = 2;
}
export function onFieldChanged({ setValue, actionId }) {
  if (actionId === 'add-line') setValue('unitPrise', amout);
}
`;

beforeAll(async () => {
  ({ dir: root, cleanup } = await tempDir());
  mkdirSync(join(root, 'workspaces'));
  cpSync(join(repoRoot, 'templates', 'catalog.json'), join(root, 'catalog.json'));
  cpSync(join(repoRoot, 'templates', 'sales-orders'), join(root, 'workspaces', 'sales-orders'), { recursive: true });
  writeFileSync(join(root, 'mwkit.yaml'), 'name: shop\npublisher: Contoso\nversion: 1.0.0\ncatalog: catalog.json\n');
});

afterAll(() => cleanup());

describe('mwkit validate: static checks of business logic', () => {
  it('accepts the shipped script as it stands', async () => {
    const result = await mwkit(['validate', '--format', 'json'], { cwd: root });
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, errors: 0 });
  });

  it('exits 1 and reports each mistake with its code, line and column', async () => {
    const file = join(root, 'workspaces', 'sales-orders', 'logic.js');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, script);
    try {
      const result = await mwkit(['validate', '--format', 'json'], { cwd: root });
      expect(result.exitCode).toBe(1);
      const report = JSON.parse(result.stdout) as { ok: boolean; diagnostics: Array<{ severity: string; code: string; file: string; line: number; column: number; hint?: string }> };
      expect(report.ok).toBe(false);
      expect(report.diagnostics.map((d) => `${d.severity} ${d.code} ${d.file}:${d.line}:${d.column}`)).toEqual([
        'error MW223 workspaces/sales-orders/logic.js:2:7',
        'error MW224 workspaces/sales-orders/logic.js:3:16',
        'error MW225 workspaces/sales-orders/logic.js:4:18',
        'error MW227 workspaces/sales-orders/logic.js:5:19',
        'error MW226 workspaces/sales-orders/logic.js:6:3',
        'error MW224 workspaces/sales-orders/logic.js:9:41',
        'error MW226 workspaces/sales-orders/logic.js:9:54',
      ]);
      expect(report.diagnostics.map((d) => d.hint)).toEqual([
        'Did you mean `setValue`?',
        'Did you mean `total`?',
        'Did you mean `confirm-order`?',
        'Did you mean `SalesOrder`?',
        expect.stringContaining('Declare it'),
        'Did you mean `unitPrice`?',
        expect.stringContaining('Declare it'),
      ]);
    } finally {
      writeFileSync(file, original);
    }
  });

  it('a renamed action that logic still compares ctx.actionId with is an error, not "no problems" (issue 30, item 5)', async () => {
    const { dir, cleanup: remove } = await tempDir();
    try {
      expect((await mwkit(['init', 'app', '--yes'], { cwd: dir })).exitCode).toBe(0);
      const file = join(dir, 'app', 'workspaces', 'expense-management', 'workspace.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/\badd-line\b/g, 'add-expense-line'));
      const result = await mwkit(['validate'], { cwd: join(dir, 'app') });
      expect(result.exitCode).toBe(1);
      expect(result.stdout).toContain(
        'workspaces/expense-management/logic.js:82:24  error  MW229  `ctx.actionId` is never `add-line`: this workspace has no action `add-line`, so the comparison is always false.',
      );
      expect(result.stdout).toContain('Did you mean `add-expense-line`?');
    } finally {
      await remove();
    }
  });
});
