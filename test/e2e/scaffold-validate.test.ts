// Every template, scaffolded as a user would, gives a project that validates cleanly.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mwkit, repoRoot, tempDir } from '../helpers/cli.js';

const templateIds = (JSON.parse(readFileSync(join(repoRoot, 'templates', 'templates.json'), 'utf8')) as { id: string }[]).map((t) => t.id);

let root: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir: root, cleanup } = await tempDir()));
afterAll(() => cleanup());

describe('init --yes + new workspace for every template', () => {
  it('validates with no diagnostics', async () => {
    const project = join(root, 'all-templates');
    expect((await mwkit(['init', project, '--yes'])).exitCode).toBe(0);
    for (const id of templateIds) {
      const result = await mwkit(['new', 'workspace', `my-${id}`, '--template', id], { cwd: project });
      expect(result.stderr).toBe('');
      expect(result.exitCode).toBe(0);
    }
    const result = await mwkit(['validate', '--format', 'json'], { cwd: project });
    const report = JSON.parse(result.stdout) as { ok: boolean; diagnostics: unknown[] };
    expect(report.diagnostics).toEqual([]);
    expect(report.ok).toBe(true);
    expect(result.exitCode).toBe(0);
    const text = await mwkit(['validate'], { cwd: project });
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toContain(`${templateIds.length + 1} workspaces`);
  });

  it.each(templateIds)('init --template %s validates with no diagnostics', async (id) => {
    const project = join(root, `starter-${id}`);
    expect((await mwkit(['init', project, '--yes', '--template', id])).exitCode).toBe(0);
    const result = await mwkit(['validate', project, '--format', 'json']);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, errors: 0, warnings: 0, diagnostics: [] });
    expect(result.exitCode).toBe(0);
  });
});
