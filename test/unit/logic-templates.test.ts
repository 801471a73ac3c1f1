// Every template ships business logic with tests, and `mwkit test` passes on each as it stands.
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { testProject } from '../../src/logic/testing/project.js';

const templatesDir = fileURLToPath(new URL('../../templates/', import.meta.url));
const folders = readdirSync(templatesDir, { withFileTypes: true })
  .filter((e) => e.isDirectory() && e.name !== 'project')
  .map((e) => e.name);

describe('template business logic', () => {
  it.each(folders)('%s has logic.js and logic.test.yaml, and every case passes', async (id) => {
    expect(existsSync(`${templatesDir}${id}/logic.js`)).toBe(true);
    const report = await testProject({ path: `${templatesDir}${id}/workspace.yaml`, catalogPath: `${templatesDir}catalog.json` });
    const failures = report.workspaces.flatMap((w) => [...w.diagnostics, ...w.cases.filter((c) => !c.isOk)]);
    expect(failures).toEqual([]);
    expect(report.workspaces[0]!.status).toBe('passed');
    expect(report.passed).toBeGreaterThanOrEqual(3);
  });
});
