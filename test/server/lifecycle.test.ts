// The path of SPEC §1 over HTTP: apply → status → publish → me/workspaces for a user of the
// role (and not for another) → a new version → history → rollback, plus dry runs and no-ops.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, makePackage, repoRoot, startServer, upload, type TestServer } from './helpers.js';

interface ApplyBody {
  outcome: string;
  package: { name: string; version: string; digest: string; signed: boolean };
  plan: {
    package: { from: string | null; to: string };
    workspaces: {
      added: string[];
      changed: Array<{ id: string; pages: { changed: string[] }; settings: string[]; fields: { added: string[]; removed: string[] } }>;
      unchanged: string[];
      removed: string[];
    };
  };
}

let server: TestServer;
let v1: Buffer;
let v2: Buffer;

beforeAll(async () => {
  server = await startServer();
  v1 = await makePackage({ workspaces: ['expense-management', 'vendor-collaboration'] });
  v2 = await makePackage({
    version: '1.1.0',
    workspaces: ['expense-management', 'inventory-on-hand'],
    edit: {
      'expense-management': (yaml) =>
        yaml
          .replace(/^version: 1\.0\.0$/m, 'version: 1.1.0')
          .replace('title: My expense reports', 'title: My reports')
          .replace('      - status\n    open: report', '      - status\n      - currency\n    open: report'),
    },
  });
});

afterAll(async () => server.cleanup());

describe('the environment lifecycle', () => {
  it("serves the demo model's catalog as GET /entities: templates/catalog.json's entities, in its order", async () => {
    const response = await server.api('/entities');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const text = await response.text();
    const snapshot = JSON.parse(readFileSync(join(repoRoot, 'templates', 'catalog.json'), 'utf8')) as unknown;
    expect(JSON.parse(text)).toEqual(snapshot);
    expect(text).toBe(JSON.stringify(snapshot));
  });

  it('plans a dry run without changing anything', async () => {
    const response = await upload(server, v1, '?dryRun=true');
    expect(response.status).toBe(200);
    const body = await json<ApplyBody>(response);
    expect(body.outcome).toBe('planned');
    expect(body.plan.workspaces.added).toEqual(['expense-management', 'vendor-collaboration']);
    expect(await json(await server.api('/packages'))).toEqual([]);
    expect(await json(await server.api('/history'))).toEqual([]);
  });

  it('applies a package: 201, then it is listed with its workspaces, unpublished', async () => {
    const response = await upload(server, v1);
    expect(response.status).toBe(201);
    const body = await json<ApplyBody>(response);
    expect(body).toMatchObject({ outcome: 'applied', package: { name: 'demo-apps', version: '1.0.0', signed: false }, plan: { package: { from: null, to: '1.0.0' } } });
    const packages = await json<Array<{ version: string; isCurrent: boolean; workspaces: string[]; appliedBy: string }>>(await server.api('/packages'));
    expect(packages).toMatchObject([{ version: '1.0.0', isCurrent: true, workspaces: ['expense-management', 'vendor-collaboration'], appliedBy: 'admin' }]);
    const workspaces = await json<Array<{ id: string; publication: unknown; package: unknown }>>(await server.api('/workspaces'));
    expect(workspaces.map((w) => [w.id, w.publication])).toEqual([
      ['expense-management', null],
      ['vendor-collaboration', null],
    ]);
    expect(workspaces[0]!.package).toEqual({ name: 'demo-apps', version: '1.0.0' });
  });

  it('says so when the same package is applied again, and records nothing', async () => {
    const before = await (await server.api('/history')).text();
    const response = await upload(server, v1);
    expect(response.status).toBe(200);
    expect((await json<ApplyBody>(response)).outcome).toBe('unchanged');
    expect(await (await server.api('/history')).text()).toBe(before);
  });

  it('shows nothing in the app before publishing', async () => {
    const token = await server.signIn('emma.fischer');
    expect(await json(await server.api('/me/workspaces', { token }))).toEqual([]);
  });

  it("publishes for the workspace's own roles by default, and for roles given", async () => {
    const published = await server.api('/workspaces/expense-management/publish', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(published.status).toBe(200);
    expect(await json(published)).toMatchObject({ id: 'expense-management', publication: { roles: ['Employee'], publishedBy: 'admin' } });
    const vendor = await server.api('/workspaces/vendor-collaboration/publish', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ roles: ['Vendor'] }) });
    expect(await json(vendor)).toMatchObject({ publication: { roles: ['Vendor'] } });
  });

  it('gives a user of the role the definitions and logic, and a user of another role nothing of it', async () => {
    const employee = await json<Array<{ id: string; title: string; definition: { pages: unknown[] }; logic: string | null }>>(
      await server.api('/me/workspaces', { token: await server.signIn('emma.fischer') }),
    );
    expect(employee.map((w) => w.id)).toEqual(['expense-management']);
    expect(employee[0]!.definition.pages.length).toBeGreaterThan(3);
    expect(employee[0]!.logic).toContain('export');
    const vendor = await json<Array<{ id: string }>>(await server.api('/me/workspaces', { token: await server.signIn('kai.vogel') }));
    expect(vendor.map((w) => w.id)).toEqual(['vendor-collaboration']);
  });

  it('names what a user may open by an ETag: 304 while it stands, a digest per workspace (issue 30, items 1 and 3)', async () => {
    const token = await server.signIn('emma.fischer');
    const first = await server.api('/me/workspaces', { token });
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]{43}"$/);
    expect((await json<Array<{ digest: string }>>(first))[0]!.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const again = await server.api('/me/workspaces', { token, headers: { 'if-none-match': etag } });
    expect([again.status, await again.text()]).toEqual([304, '']);
    expect((await server.api('/me/workspaces', { token, headers: { 'if-none-match': 'x'.repeat(500) } })).status).toBe(400); // an oversized tag is refused, not compared
    const other = await server.api('/me/workspaces', { token: await server.signIn('kai.vogel'), headers: { 'if-none-match': etag } });
    expect(other.status).toBe(200); // another user's set is another tag
    await server.api('/workspaces/expense-management/unpublish', { method: 'POST' });
    const unpublished = await server.api('/me/workspaces', { token, headers: { 'if-none-match': etag } });
    expect([unpublished.status, await unpublished.json()]).toEqual([200, []]);
    await server.api('/workspaces/expense-management/publish', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect((await server.api('/me/workspaces', { token, headers: { 'if-none-match': etag } })).status).toBe(304);
  });

  it('plans and applies a new version: changed pages and fields, added and removed workspaces', async () => {
    const plan = await json<ApplyBody>(await upload(server, v2, '?dryRun=true'));
    expect(plan.outcome).toBe('planned');
    expect(plan.plan.workspaces).toMatchObject({ added: ['inventory-on-hand'], unchanged: [], removed: ['vendor-collaboration'] });
    const change = plan.plan.workspaces.changed[0]!;
    expect(change).toMatchObject({ id: 'expense-management', from: '1.0.0', to: '1.1.0', pages: { changed: ['my-reports'] }, fields: { added: ['my-reports.currency'], removed: [] } });
    const applied = await upload(server, v2);
    expect(applied.status).toBe(201);
    expect(await json(applied)).toEqual({ ...plan, outcome: 'applied' });
    const workspaces = await json<Array<{ id: string; version: string; publication: unknown }>>(await server.api('/workspaces'));
    expect(workspaces.map((w) => [w.id, w.version, w.publication !== null])).toEqual([
      ['expense-management', '1.1.0', true],
      ['inventory-on-hand', '1.0.0', false],
    ]);
    const vendor = await json<unknown[]>(await server.api('/me/workspaces', { token: await server.signIn('kai.vogel') }));
    expect(vendor).toEqual([]);
  });

  it('keeps every version and records every change with actor, time and digest', async () => {
    const packages = await json<Array<{ version: string; isCurrent: boolean }>>(await server.api('/packages'));
    expect(packages.map((p) => [p.version, p.isCurrent])).toEqual([
      ['1.0.0', false],
      ['1.1.0', true],
    ]);
    const history = await json<Array<{ action: string; actor: string; at: string; package?: { version: string; digest: string }; workspace?: string }>>(await server.api('/history'));
    expect(history.map((h) => [h.action, h.package?.version, h.workspace])).toEqual([
      ['apply', '1.1.0', undefined],
      ['publish', '1.0.0', 'expense-management'],
      ['unpublish', '1.0.0', 'expense-management'],
      ['publish', '1.0.0', 'vendor-collaboration'],
      ['publish', '1.0.0', 'expense-management'],
      ['apply', '1.0.0', undefined],
    ]);
    expect(history.every((h) => h.actor === 'admin' && !Number.isNaN(Date.parse(h.at)) && /^[0-9a-f]{64}$/.test(h.package!.digest))).toBe(true);
  });

  it('rolls back to the previous version atomically, and records it', async () => {
    const response = await server.api('/packages/demo-apps/rollback', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(200);
    const body = await json<ApplyBody>(response);
    expect(body).toMatchObject({ outcome: 'rolled-back', package: { version: '1.0.0' }, plan: { workspaces: { added: ['vendor-collaboration'], removed: ['inventory-on-hand'] } } });
    const workspaces = await json<Array<{ id: string; version: string }>>(await server.api('/workspaces'));
    expect(workspaces.map((w) => [w.id, w.version])).toEqual([
      ['expense-management', '1.0.0'],
      ['vendor-collaboration', '1.0.0'],
    ]);
    const employee = await json<Array<{ id: string; definition: { pages: Array<{ id: string; title: string }> } }>>(await server.api('/me/workspaces', { token: await server.signIn('emma.fischer') }));
    expect(employee[0]!.definition.pages.find((p) => p.id === 'my-reports')!.title).toBe('My expense reports');
    const [latest] = await json<Array<{ action: string; package: { version: string } }>>(await server.api('/history?limit=1'));
    expect(latest).toMatchObject({ action: 'rollback', package: { version: '1.0.0' } });
  });

  it('rolls forward to a named version, and again is a no-op', async () => {
    const forward = await server.api('/packages/demo-apps/rollback', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ toVersion: '1.1.0' }) });
    expect(await json(forward)).toMatchObject({ outcome: 'rolled-back', package: { version: '1.1.0' } });
    const again = await server.api('/packages/demo-apps/rollback', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ toVersion: '1.1.0' }) });
    expect(await json(again)).toMatchObject({ outcome: 'unchanged' });
    const unknown = await server.api('/packages/demo-apps/rollback', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ toVersion: '9.9.9' }) });
    expect(unknown.status).toBe(404);
  });

  it('unpublishes: the workspace stays applied but leaves the app', async () => {
    const response = await server.api('/workspaces/expense-management/unpublish', { method: 'POST' });
    expect(await json(response)).toEqual({ id: 'expense-management', publication: null });
    expect(await json(await server.api('/me/workspaces', { token: await server.signIn('emma.fischer') }))).toEqual([]);
    const [latest] = await json<Array<{ action: string; workspace: string }>>(await server.api('/history?limit=1'));
    expect(latest).toMatchObject({ action: 'unpublish', workspace: 'expense-management' });
  });

  it('refuses to publish an unknown workspace or for unknown roles', async () => {
    const unknown = await server.api('/workspaces/nope/publish', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(unknown.status).toBe(404);
    const roles = await server.api('/workspaces/expense-management/publish', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ roles: ['Employe'] }) });
    expect(roles.status).toBe(400);
    expect((await json<{ detail: string }>(roles)).detail).toMatch(/Unknown role Employe/);
  });
});
