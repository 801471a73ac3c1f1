// SPEC §1 step 3 through the built binary: on a fresh demo environment an admin publishes a
// workspace shipped with mwkit by its id, without packing anything, and the right users see it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, openEnvironmentStore, type RunningServer } from '../../src/server/index.js';
import { binPath, type CliResult } from '../helpers/cli.js';

let server: RunningServer;
let root: string;

async function cli(args: string[], input?: string): Promise<CliResult> {
  const result = await execa(process.execPath, [binPath, ...args], {
    reject: false,
    cwd: root,
    extendEnv: false,
    ...(input === undefined ? { stdin: 'ignore' as const } : { input }),
    env: { NO_COLOR: '1', CI: '1', XDG_CONFIG_HOME: join(root, 'config'), PATH: process.env.PATH ?? '' },
  });
  const stderr = String(result.stderr);
  expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr };
}

async function workspacesOf(user: string): Promise<string[]> {
  const token = await fetch(`${server.apiUrl}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: user, password: server.seed.demo!.password }),
  }).then(async (r) => ((await r.json()) as { token: string }).token);
  const answer = await fetch(`${server.apiUrl}/me/workspaces`, { headers: { authorization: `Bearer ${token}` } });
  return ((await answer.json()) as Array<{ id: string }>).map((w) => w.id);
}

function demoUserWith(role: string, without?: string): string {
  const user = server.seed.demo!.users.find((u) => u.roles.includes(role) && (without === undefined || !u.roles.includes(without)));
  expect(user, `a demo user with ${role}`).toBeDefined();
  return user!.id;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'mwkit-publish-template-'));
  server = await createServer({ store: openEnvironmentStore(join(root, 'data')), demo: true, port: 0 });
  const added = await cli(['env', 'add', 'demo', '--url', server.url, '--token-stdin'], `${server.adminToken}\n`);
  expect(added.exitCode).toBe(0);
});

afterAll(async () => {
  await server?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('mwkit publish <shipped template>', () => {
  it('refuses an id that is neither applied nor shipped, and applies nothing', async () => {
    const result = await cli(['publish', 'sales-orders', 'expense-managment']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('expense-managment');
    const status = JSON.parse((await cli(['status', '--json'])).stdout) as { packages: unknown[]; workspaces: unknown[] };
    expect(status.workspaces).toEqual([]);
  });

  it('applies the template package, then publishes it for the roles given', async () => {
    const result = await cli(['publish', 'expense-management', '--roles', 'Employee']);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain('expense-management is a workspace template shipped with mwkit: applied mwkit-template-expense-management 1.0.0 to demo.');
    expect(result.stdout).toContain('expense-management');
    const status = JSON.parse((await cli(['status', '--json'])).stdout) as { workspaces: unknown[] };
    expect(status.workspaces).toEqual([
      expect.objectContaining({
        id: 'expense-management',
        package: { name: 'mwkit-template-expense-management', version: '1.0.0' },
        publication: expect.objectContaining({ roles: ['Employee'] }),
      }),
    ]);
    expect(await workspacesOf(demoUserWith('Employee'))).toContain('expense-management');
    expect(await workspacesOf(demoUserWith('Vendor', 'Employee'))).not.toContain('expense-management');
  });

  it('publishes an applied template again without applying it again', async () => {
    const result = await cli(['publish', 'expense-management', '--roles', 'Employee,Manager']);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe('');
    const { history } = JSON.parse((await cli(['history', '--json'])).stdout) as { history: Array<{ action: string }> };
    expect(history.map((h) => h.action)).toEqual(['publish', 'publish', 'apply']);
  });

  it("lets a package of one's own take over the template's workspace, keeping its publication", async () => {
    const init = await cli(['init', 'my-app', '--yes']);
    expect(init.exitCode).toBe(0);
    const project = join(root, 'my-app');
    const file = join(project, 'workspaces', 'expense-management', 'workspace.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^title: .*$/m, 'title: Contoso expenses'));
    const pack = await execa(process.execPath, [binPath, 'pack', '--json'], { cwd: project, reject: false, env: { NO_COLOR: '1', CI: '1' } });
    expect(pack.exitCode).toBe(0);
    const pkg = (JSON.parse(String(pack.stdout)) as { path: string }).path;
    const dryRun = await cli(['apply', join(project, pkg), '--dry-run']);
    expect(dryRun.exitCode).toBe(0);
    expect(dryRun.stdout).toContain('expense-management  added, replacing the shipped template (mwkit-template-expense-management); its publication stays');
    const applied = await cli(['apply', join(project, pkg), '--yes']);
    expect(applied.exitCode).toBe(0);
    expect(applied.stdout).not.toContain('Publish the new workspaces'); // its only workspace stays published
    const status = JSON.parse((await cli(['status', '--json'])).stdout) as { packages: Array<{ name: string; isCurrent: boolean }>; workspaces: unknown[] };
    expect(status.workspaces).toEqual([
      expect.objectContaining({
        id: 'expense-management',
        title: 'Contoso expenses',
        package: { name: 'my-app', version: '1.0.0' },
        publication: expect.objectContaining({ roles: ['Employee', 'Manager'] }),
      }),
    ]);
    expect(status.packages.find((p) => p.name === 'mwkit-template-expense-management')?.isCurrent ?? false).toBe(false);
    expect(await workspacesOf(demoUserWith('Employee'))).toContain('expense-management');
  });

  it('says why and what to do when the environment accepts only signed packages', async () => {
    expect((await cli(['keygen', '--out', join(root, 'keys')])).exitCode).toBe(0);
    expect((await cli(['env', 'trust', 'add', join(root, 'keys', 'signing.pub')])).exitCode).toBe(0);
    const result = await cli(['publish', 'sales-orders']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('Nothing was published: demo refused mwkit-template-sales-orders, the package of the shipped template sales-orders.');
    expect(result.stderr).toContain('mwkit new workspace sales-orders --template sales-orders');
    const status = JSON.parse((await cli(['status', '--json'])).stdout) as { workspaces: Array<{ id: string }> };
    expect(status.workspaces.map((w) => w.id)).not.toContain('sales-orders');
  });
});
