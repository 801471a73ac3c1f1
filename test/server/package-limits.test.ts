// A package whose workspace would overload every phone (issue 27, item 11) is refused on apply,
// even when it never went through `mwkit validate`: the environment runs the same limits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonBytes } from '../../src/package/format.js';
import { startServer, stateSnapshot, upload, type TestServer } from './helpers.js';
import { craftZip, manifestFor } from './zips.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => server?.close());

/** A schema-valid workspace of `count` list pages, each with a filter of its own. */
export function manyPages(count: number): Record<string, unknown> {
  const pages = Array.from({ length: count }, (_, i) => ({ id: `p${i}`, kind: 'list', title: `Page ${i}`, entity: 'ExpenseReport', filter: { purpose: `Trip ${i}` }, fields: ['number', 'purpose'] }));
  return { schemaVersion: 1, id: 'w', title: 'Many pages', version: '1.0.0', pages };
}

function packageOf(definition: object) {
  const data = jsonBytes(definition);
  return craftZip([
    { name: 'manifest.json', data: manifestFor({ 'workspaces/w/workspace.json': data }) },
    { name: 'workspaces/w/workspace.json', data },
  ]);
}

describe('package limits on apply', () => {
  it('refuses a workspace of 1,000 list pages with the number and the cap, and changes nothing', async () => {
    const before = await stateSnapshot(server);
    const response = await upload(server, packageOf(manyPages(1000)));
    expect(response.status).toBe(422);
    const problem = (await response.json()) as { diagnostics: { diagnostics: Array<{ code: string; message: string }> } };
    const messages = problem.diagnostics.diagnostics.filter((d) => d.code === 'MW215').map((d) => d.message);
    expect(messages).toContain('Workspace `w` has 1,000 pages; a workspace may have at most 100.');
    expect(messages).toContain('Workspace `w` needs 1,000 different queries to work offline (list pages, figures and lookups with their filters); at most 30 are allowed.');
    expect(await stateSnapshot(server)).toBe(before);
  });

  it('accepts a workspace just inside the limits', async () => {
    const response = await upload(server, packageOf(manyPages(30)));
    expect(response.status).toBe(201);
  });
});

describe('a definition too large to read', () => {
  it('is refused before it is parsed', async () => {
    const before = await stateSnapshot(server);
    const started = Date.now();
    const response = await upload(server, packageOf(manyPages(12_000)));
    expect(response.status).toBe(422);
    expect(((await response.json()) as { detail: string }).detail).toMatch(/^Workspace `w` is [\d,]+ KB; a workspace definition may be at most 256 KB, so it was not read\.$/);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await stateSnapshot(server)).toBe(before);
  });
});
