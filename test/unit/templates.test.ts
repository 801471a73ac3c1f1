// Every template is a real folder that validates cleanly as it stands, against the demo catalog.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateProject } from '../../src/validate/index.js';

const templatesDir = fileURLToPath(new URL('../../templates/', import.meta.url));
const table = JSON.parse(readFileSync(`${templatesDir}templates.json`, 'utf8')) as Array<{ id: string; title: string; description: string }>;
const folders = readdirSync(templatesDir, { withFileTypes: true })
  .filter((e) => e.isDirectory() && e.name !== 'project')
  .map((e) => e.name);

describe('templates', () => {
  it('the table lists exactly the template folders, the seven of the seed and blank', () => {
    expect(table.map((t) => t.id).sort()).toEqual([...folders].sort());
    expect(table.map((t) => t.id)).toEqual(
      expect.arrayContaining(['expense-management', 'purchase-order-approval', 'inventory-on-hand', 'sales-orders', 'vendor-collaboration', 'project-time-entry', 'cost-controlling', 'blank']),
    );
    for (const entry of table) expect(entry.title.length * entry.description.length).toBeGreaterThan(0);
  });

  it.each(folders)('%s validates with zero diagnostics against the demo catalog', (id) => {
    const result = validateProject({ path: `${templatesDir}${id}/workspace.yaml`, catalogPath: `${templatesDir}catalog.json` });
    expect(result.diagnostics).toEqual([]);
    expect(result.hasCatalog).toBe(true);
    expect(result.project.workspaces[0]!.workspace!.id).toBe(id);
  });

  it.each(folders.filter((id) => id !== 'blank'))('%s has list, details and summary pages and actions', (id) => {
    const result = validateProject({ path: `${templatesDir}${id}/workspace.yaml` });
    const workspace = result.project.workspaces[0]!.workspace!;
    expect(new Set(workspace.pages.map((p) => p.kind))).toEqual(new Set(['list', 'details', 'summary']));
    expect(workspace.actions?.length ?? 0).toBeGreaterThan(0);
  });
});
