// The environment commands through the built binary, against the real server on port 0: exit
// codes, stdout holding only JSON with --json, tokens never printed, no stack traces.
// MWKIT_E2E_BIN may point at another build's bin.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, openEnvironmentStore, type RunningServer } from '../../src/server/index.js';
import { binPath, repoRoot, type CliResult } from '../helpers/cli.js';

let server: RunningServer;
let root: string;
let project: string;
let configHome: string;

async function cli(args: string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  const result = await execa(process.execPath, [process.env.MWKIT_E2E_BIN ?? binPath, ...args], {
    reject: false,
    cwd: project,
    ...(options.input === undefined ? { stdin: 'ignore' as const } : { input: options.input }),
    env: { NO_COLOR: '1', CI: '1', XDG_CONFIG_HOME: configHome, ...(options.env ?? {}) },
    extendEnv: false,
  });
  const stderr = String(result.stderr);
  expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+/); // never a stack trace
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr };
}

async function packVersion(version: string): Promise<string> {
  writeFileSync(join(project, 'mwkit.yaml'), `name: contoso-field-apps\npublisher: Contoso Ltd\nversion: ${version}\ncatalog: catalog.json\n`);
  const result = await cli(['pack', '--json']);
  expect(result.exitCode).toBe(0);
  return (JSON.parse(result.stdout) as { path: string }).path;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'mwkit-env-cli-'));
  configHome = join(root, 'config');
  server = await createServer({ store: openEnvironmentStore(join(root, 'data')), demo: true, port: 0 });
  project = join(root, 'project');
  mkdirSync(join(project, 'workspaces'), { recursive: true });
  cpSync(join(repoRoot, 'templates', 'catalog.json'), join(project, 'catalog.json'));
  for (const id of ['expense-management', 'inventory-on-hand']) cpSync(join(repoRoot, 'templates', id), join(project, 'workspaces', id), { recursive: true });
});

afterAll(async () => {
  await server?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('mwkit env / apply / publish / status / history / rollback (binary)', () => {
  it('env add takes the token from stdin only, stores it 0600, and never prints it', async () => {
    const added = await cli(['env', 'add', 'local', '--url', server.url, '--token-stdin'], { input: `${server.adminToken}\n` });
    expect(added.exitCode).toBe(0);
    expect(added.stdout + added.stderr).not.toContain(server.adminToken);
    expect(statSync(join(configHome, 'mwkit', 'credentials.json')).mode & 0o777).toBe(0o600);
    const listed = await cli(['env', 'list', '--json']);
    expect(JSON.parse(listed.stdout)).toEqual([{ name: 'local', url: server.url, hasToken: true, isCurrent: true }]);
    expect(listed.stdout).not.toContain(server.adminToken);
  });

  it("validate --env checks names against the environment's live catalog", async () => {
    const good = await cli(['validate', join(project, 'workspaces', 'expense-management'), '--env', 'local', '--format', 'json']);
    expect(good.stderr).toBe('');
    expect(good.exitCode).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({ ok: true, errors: 0 });
    const dir = join(root, 'env-validate');
    mkdirSync(dir);
    writeFileSync(join(dir, 'workspace.yaml'), 'schemaVersion: 1\nid: x\ntitle: X\nversion: 1.0.0\npages:\n  - { id: a, kind: list, title: A, entity: Gadget, fields: [name] }\n');
    const bad = await cli(['validate', dir, '--env', 'local', '--format', 'json']);
    expect(bad.exitCode).toBe(1);
    expect(JSON.parse(bad.stdout).diagnostics[0]).toMatchObject({ code: 'MW301', pointer: '/pages/0/entity' });
    expect(bad.stderr).toBe('');
  });

  it('apply: --dry-run (exit 0), no --yes without a terminal (exit 2), --yes (exit 0)', async () => {
    const pkg = await packVersion('1.0.0');
    const dryRun = await cli(['apply', pkg, '--dry-run']);
    expect(dryRun.exitCode).toBe(0);
    expect(dryRun.stdout).toContain('+ expense-management  added');
    const refused = await cli(['apply', pkg]);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/^mwkit: Not applied: this needs a confirmation/m);
    expect(refused.stderr).toContain('--yes');
    const applied = await cli(['apply', pkg, '--yes', '--json']);
    expect(applied.exitCode).toBe(0);
    expect(JSON.parse(applied.stdout)).toMatchObject({ outcome: 'applied', package: { name: 'contoso-field-apps', version: '1.0.0' } });
    const again = await cli(['apply', pkg, '--yes']);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain('is already applied');
  });

  it('status --json and publish; stdout holds only the JSON document', async () => {
    const published = await cli(['publish', 'expense-management', '--roles', 'Employee,Manager', '--json']);
    expect(published.exitCode).toBe(0);
    expect(JSON.parse(published.stdout)).toMatchObject({ workspaces: [{ id: 'expense-management', publication: { roles: ['Employee', 'Manager'] } }] });
    const status = await cli(['status', '--json']);
    expect(status.exitCode).toBe(0);
    expect(status.stderr).toBe('');
    const parsed = JSON.parse(status.stdout) as { workspaces: Array<{ id: string; publication: { roles: string[] } | null }> };
    expect(parsed.workspaces.find((w) => w.id === 'expense-management')?.publication?.roles).toEqual(['Employee', 'Manager']);
  });

  it('publish --roles says who gains and who loses access, since it replaces the roles (issue 30, item 4)', async () => {
    expect((await cli(['publish', 'inventory-on-hand', '--roles', 'Employee'])).stdout).toMatch(/^Published inventory-on-hand on local for Employee\.$/m);
    const replaced = await cli(['publish', 'inventory-on-hand', '--roles', 'Manager']);
    expect(replaced.exitCode).toBe(0);
    expect(replaced.stdout).toContain('Published inventory-on-hand on local for Manager (before: Employee; Manager gains access; Employee loses access).');
    const again = await cli(['publish', 'inventory-on-hand', '--roles', 'Manager', '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ workspaces: [{ id: 'inventory-on-hand', previousRoles: ['Manager'], publication: { roles: ['Manager'] } }] });
  });

  it('new version → history --json → rollback', async () => {
    const file = join(project, 'workspaces', 'expense-management', 'workspace.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^title: .*$/m, 'title: Expenses'));
    const pkg = await packVersion('1.1.0');
    expect((await cli(['apply', pkg, '--yes'])).exitCode).toBe(0);
    const history = await cli(['history', '--json', '--limit', '2']);
    expect(history.exitCode).toBe(0);
    expect((JSON.parse(history.stdout) as { history: Array<{ action: string }> }).history.map((e) => e.action)).toEqual(['apply', 'publish']);
    const rollback = await cli(['rollback', 'contoso-field-apps']);
    expect(rollback.exitCode).toBe(0);
    expect(rollback.stdout).toMatch(/^Rolled back contoso-field-apps from 1\.1\.0 to 1\.0\.0/);
    // status marks the rollback, with its own time and actor, not 1.0.0's first apply (issue 30, item 10)
    const status = await cli(['status']);
    expect(status.stdout).toMatch(/^ {2}contoso-field-apps +1\.0\.0 +\d{4}-\d\d-\d\d \d\d:\d\dZ +admin +rolled back from 1\.1\.0 +2$/m);
    const json = JSON.parse((await cli(['status', '--json'])).stdout) as { packages: Array<{ name: string; appliedAt: string; current: { at: string; action: string; fromVersion: string } }> };
    const current = json.packages.find((p) => p.name === 'contoso-field-apps')!;
    expect(current.current).toMatchObject({ action: 'rollback', by: 'admin', fromVersion: '1.1.0' });
    expect(Date.parse(current.current.at)).toBeGreaterThan(Date.parse(current.appliedAt));
    const latest = (JSON.parse((await cli(['history', '--json', '--limit', '1'])).stdout) as { history: Array<{ action: string; at: string }> }).history[0]!;
    expect(latest).toMatchObject({ action: 'rollback', at: current.current.at });
  });

  it('a rejected package is exit 1 with its diagnostics', async () => {
    const catalogFile = join(project, 'catalog.json');
    const catalog = JSON.parse(readFileSync(catalogFile, 'utf8')) as { entities: Record<string, { fields: Record<string, unknown> }> };
    catalog.entities.ExpenseReport!.fields.gadget = { type: 'string' };
    writeFileSync(catalogFile, JSON.stringify(catalog));
    const file = join(project, 'workspaces', 'expense-management', 'workspace.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/fields: \[number, /, 'fields: [gadget, number, '));
    const pkg = await packVersion('1.2.0');
    const rejected = await cli(['apply', pkg, '--yes']);
    expect(rejected.exitCode).toBe(1);
    expect(rejected.stderr).toMatch(/^workspaces\/expense-management\/workspace\.yaml:\d+:\d+  error  MW302  ExpenseReport has no field `gadget`\./m);
    expect(rejected.stderr).toContain('mwkit: The environment rejected the package: 1 error in its workspaces.');
  });

  it('an unreachable URL and a refused token are exit 3 with the fix', async () => {
    const unreachable = await cli(['status'], { env: { MWKIT_URL: 'http://127.0.0.1:9', MWKIT_TOKEN: 'x' } });
    expect(unreachable.exitCode).toBe(3);
    expect(unreachable.stderr).toContain('mwkit: Cannot reach http://127.0.0.1:9 — is `mwkit env start` running?');
    const refused = await cli(['status', '--json'], { env: { MWKIT_URL: server.url, MWKIT_TOKEN: 'wrong' } });
    expect(refused.exitCode).toBe(3);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('Set MWKIT_TOKEN to a valid admin token');
  });

  it("MWKIT_URL pasted with /api/v1 or the app's /app/ still names the environment (issue 30, item 12)", async () => {
    for (const suffix of ['/api/v1', '/api/v1/', '/app/']) {
      const result = await cli(['status', '--json'], { env: { MWKIT_URL: `${server.url}${suffix}`, MWKIT_TOKEN: server.adminToken } });
      expect(result.stderr).not.toContain('/api/v1/api/v1');
      expect(result.exitCode).toBe(0);
    }
  });

  it('a deployed environment says it is not a preview with 204, not a 404 (issue 30, item 9)', async () => {
    const response = await fetch(`${server.url}/api/v1/preview/session`);
    expect(response.status).toBe(204);
  });

  it("a signed package's plan says the signature was checked against no key when the environment trusts none (issue 30, item 11)", async () => {
    expect((await cli(['keygen', '--out', join(root, 'keys')])).exitCode).toBe(0);
    cpSync(join(repoRoot, 'templates', 'expense-management'), join(project, 'workspaces', 'expense-management'), { recursive: true }); // an earlier case broke it
    writeFileSync(join(project, 'mwkit.yaml'), 'name: contoso-field-apps\npublisher: Contoso Ltd\nversion: 9.0.0\ncatalog: catalog.json\n');
    const packed = await cli(['pack', '--json', '--sign', join(root, 'keys', 'signing.key')]);
    const path = (JSON.parse(packed.stdout) as { path: string }).path;
    const planned = await cli(['apply', path, '--dry-run']);
    expect(planned.exitCode, planned.stderr).toBe(0);
    expect(planned.stdout).toMatch(/signed by key [0-9a-f]{16}…, not checked against a trusted key: the environment trusts none \(mwkit env trust add\)/);
  });

  it('an unknown profile is exit 2 naming the known ones', async () => {
    const result = await cli(['status', '--env', 'prod']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('mwkit: No environment named "prod".\n  Known environments: local.');
  });
});
