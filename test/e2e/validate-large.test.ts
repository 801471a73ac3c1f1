// `mwkit validate` of a project large enough that logic scripts are checked on a worker thread:
// the binary must report exactly what the in-process, one-thread validation reports.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateProject } from '../../src/validate/index.js';
import { workerThreshold } from '../../src/validate/logic-checker.js';
import { mwkit, repoRoot, tempDir } from '../helpers/cli.js';

const templates = (JSON.parse(readFileSync(join(repoRoot, 'templates', 'templates.json'), 'utf8')) as Array<{ id: string }>).map((t) => t.id);
const count = workerThreshold + 6;
let root: string;
let cleanup: () => Promise<void>;

function workspaceDir(index: number): { id: string; dir: string } {
  const template = templates[index % templates.length]!;
  const id = `${template}-${String(index).padStart(2, '0')}`;
  return { id, dir: join(root, 'workspaces', id) };
}

beforeAll(async () => {
  ({ dir: root, cleanup } = await tempDir());
  mkdirSync(join(root, 'workspaces'));
  cpSync(join(repoRoot, 'templates', 'catalog.json'), join(root, 'catalog.json'));
  writeFileSync(join(root, 'mwkit.yaml'), 'name: large\npublisher: Contoso\nversion: 1.0.0\ncatalog: catalog.json\n');
  for (let i = 0; i < count; i++) {
    const template = templates[i % templates.length]!;
    const { id, dir } = workspaceDir(i);
    cpSync(join(repoRoot, 'templates', template), dir, { recursive: true });
    const file = join(dir, 'workspace.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^id: .*$/m, `id: ${id}`));
  }
  const withLogic = (index: number, name: string, code: string) => {
    const { dir } = workspaceDir(index);
    rmSync(join(dir, 'logic.js'), { force: true });
    writeFileSync(join(dir, name), code);
    const file = join(dir, 'workspace.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^logic: .*$/m, `logic: ${name}`));
  };
  withLogic(1, 'logic.js', 'export function onPageOpened(ctx) {\n  const total = ;\n}\n');
  withLogic(2, 'logic.js', 'export function onPageOpened(ctx) {\n  return fetch("/x");\n}\nexport function helper() {}\n');
  withLogic(3, 'logic.ts', 'export function onFieldChanged(ctx: unknown): void {\n  const w: number = 1;\n  window.alert(String(w));\n}\n');
  withLogic(4, 'logic.ts', 'export function onFieldChanged(ctx: unknown) {\n  let x: = 1;\n}\n');
  rmSync(join(workspaceDir(5).dir, 'logic.js'));
  // The static ctx checks: references found on the thread, checked against the workspace here.
  withLogic(
    6,
    'logic.js',
    'export async function onPageOpened(ctx) {\n  ctx.setVal("x", 1);\n  totl = 1;\n  ctx.setValue("inspectionCnt", 1);\n  ctx.hideAction("retire-vehicel");\n  await ctx.query("Vehicel");\n}\n',
  );
});

afterAll(() => cleanup());

describe('mwkit validate of a large project', () => {
  it('reports the logic findings of every workspace, as the one-thread validation does', async () => {
    const result = await mwkit(['validate', '--format', 'json'], { cwd: root });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout) as { diagnostics: Array<{ code: string; file: string; line: number; column: number }> };
    const inProcess = validateProject({ path: root });
    expect(report.diagnostics).toEqual(JSON.parse(JSON.stringify(inProcess.diagnostics)));
    const found = report.diagnostics.map((d) => `${d.code} ${d.file}:${d.line}:${d.column}`);
    expect([...found].sort()).toEqual(
      [
        `MW210 workspaces/${workspaceDir(1).id}/logic.js:2:17`,
        `MW222 workspaces/${workspaceDir(2).id}/logic.js:2:10`,
        `MW220 workspaces/${workspaceDir(2).id}/logic.js:4:17`,
        `MW222 workspaces/${workspaceDir(3).id}/logic.ts:3:3`,
        `MW210 workspaces/${workspaceDir(4).id}/logic.ts:2:10`,
        `MW223 workspaces/${workspaceDir(6).id}/logic.js:2:7`,
        `MW226 workspaces/${workspaceDir(6).id}/logic.js:3:3`,
        `MW224 workspaces/${workspaceDir(6).id}/logic.js:4:16`,
        `MW225 workspaces/${workspaceDir(6).id}/logic.js:5:18`,
        `MW227 workspaces/${workspaceDir(6).id}/logic.js:6:19`,
        `MW209 workspaces/${workspaceDir(5).id}/workspace.yaml:${inProcess.diagnostics.find((d) => d.code === 'MW209')!.line}:${inProcess.diagnostics.find((d) => d.code === 'MW209')!.column}`,
      ].sort(),
    );
  });

  it('exits 0 with every workspace counted when nothing is wrong', async () => {
    const { dir, cleanup: remove } = await tempDir();
    try {
      cpSync(root, dir, { recursive: true });
      for (let i = 1; i <= 6; i++) rmSync(workspaceDir(i).dir.replace(root, dir), { recursive: true });
      const result = await mwkit(['validate'], { cwd: dir });
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`no problems in ${count - 6} workspaces`));
    } finally {
      await remove();
    }
  });
});
