import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { normalizeWorkspace } from '../../src/model/normalize.js';
import type { Catalog } from '../../src/model/types.js';
import { validateDocuments, validateProject } from '../../src/validate/index.js';
import { baseWorkspace, testCatalog } from '../helpers/project.js';

const templatesDir = fileURLToPath(new URL('../../templates/', import.meta.url));
const catalog = JSON.parse(readFileSync(`${templatesDir}catalog.json`, 'utf8')) as Catalog;
const templateIds = readdirSync(templatesDir, { withFileTypes: true })
  .filter((e) => e.isDirectory() && e.name !== 'project')
  .map((e) => e.name);

describe('normalised workspaces', () => {
  it('applies defaults and expands field references', () => {
    const ws = baseWorkspace();
    const normalized = normalizeWorkspace(ws as never);
    expect(normalized.offline).toEqual({ records: 500 });
    expect(normalized.roles).toEqual([]);
    expect(normalized.pages[0]!.fields![0]).toEqual({ field: 'number' });
    expect(normalized.pages[2]!.actions).toEqual([]);
    expect(normalized.pages[2]!.sort).toEqual([]);
    expect(normalized.pages[0]!.sort).toEqual([{ field: 'createdAt', order: 'desc' }]);
    expect(Object.keys(normalized)).toEqual(['schemaVersion', 'id', 'title', 'version', 'offline', 'roles', 'pages', 'actions']);
  });

  it('serialises the same however the source ordered its keys', () => {
    const ws = baseWorkspace();
    const reordered = Object.fromEntries(Object.entries(ws).reverse());
    reordered.pages = ws.pages.map((p: object) => Object.fromEntries(Object.entries(p).reverse()));
    expect(JSON.stringify(normalizeWorkspace(reordered as never))).toBe(JSON.stringify(normalizeWorkspace(ws as never)));
  });

  it.each(templateIds)('normalised %s still validates cleanly, in memory', (id) => {
    const loaded = validateProject({ path: `${templatesDir}${id}/workspace.yaml` }).project.workspaces[0]!.workspace!;
    const text = JSON.stringify(normalizeWorkspace(loaded), null, 2);
    const readFile = (file: string) => (file === `workspaces/${id}/logic.js` ? readFileSync(`${templatesDir}${id}/logic.js`, 'utf8') : undefined);
    const result = validateDocuments({ workspaces: [{ file: `workspaces/${id}/workspace.json`, text }], catalog, readFile });
    expect(result.diagnostics).toEqual([]);
    expect(result.workspaces.map((w) => w.id)).toEqual([id]);
  });

  it('reports problems of in-memory documents with positions', () => {
    const ws = baseWorkspace();
    ws.pages[0].entity = 'Nope';
    const text = JSON.stringify(ws, null, 2);
    const result = validateDocuments({ workspaces: [{ file: 'workspaces/x/workspace.json', text }], catalog: testCatalog as Catalog, readFile: () => undefined });
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]).toMatchObject({ code: 'MW301', file: 'workspaces/x/workspace.json', pointer: '/pages/0/entity' });
    expect(result.diagnostics[0]!.line).toBeGreaterThan(5);
  });
});
