// The CLI side of environments end to end, in-process through the command functions, against the
// real server (src/server) on 127.0.0.1 port 0 with a temporary data folder and a temporary
// XDG_CONFIG_HOME: env add → apply (dry run, refused without --yes, applied, no-op) → status →
// publish → what users of that role (and another role) see → new version → history → rollback;
// a rejected package (exit 1, diagnostics), a refused token and an unreachable URL (exit 3), trust.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runApply } from '../../src/commands/apply.js';
import { runEnvAdd } from '../../src/commands/env-add.js';
import { runEnvPullCatalog } from '../../src/commands/env-pull-catalog.js';
import { runEnvTrustAdd, runEnvTrustList, runEnvTrustRemove } from '../../src/commands/env-trust.js';
import { runHistory } from '../../src/commands/history.js';
import { keygen } from '../../src/commands/keygen.js';
import { pack } from '../../src/commands/pack.js';
import { runPublish, runUnpublish } from '../../src/commands/publish.js';
import { runRollback } from '../../src/commands/rollback.js';
import { runStatus } from '../../src/commands/status.js';
import { UserError } from '../../src/errors.js';
import { createServer, openEnvironmentStore, type RunningServer } from '../../src/server/index.js';
import { repoRoot } from '../helpers/cli.js';

interface Outcome {
  exitCode: number;
  stdout: string;
  stderr: string;
}

let server: RunningServer;
let root: string;
let project: string;
let processEnv: NodeJS.ProcessEnv;
const fast = { timeoutMs: 10_000, retries: 0 };

/** Runs a command function the way src/cli.ts does: output captured, UserError → message and exit code. */
async function invoke(run: () => Promise<number>): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    return { exitCode: await run(), stdout, stderr };
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    stderr += `mwkit: ${error.message}\n${error.hint ? `  ${error.hint}\n` : ''}`;
    return { exitCode: error.exitCode, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

function setVersion(version: string): void {
  writeFileSync(join(project, 'mwkit.yaml'), `name: contoso-field-apps\npublisher: Contoso Ltd\nversion: ${version}\ncatalog: catalog.json\n`);
}

function editWorkspace(id: string, edit: (yaml: string) => string): void {
  const file = join(project, 'workspaces', id, 'workspace.yaml');
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
}

async function packProject(version: string, sign?: string): Promise<string> {
  setVersion(version);
  const result = await invoke(async () => (await pack({ cwd: project, ...(sign ? { sign } : {}) }), 0));
  expect(result.exitCode).toBe(0);
  return join(project, 'dist', `contoso-field-apps-${version}.mwpkg`);
}

async function admin<T>(path: string): Promise<T> {
  const response = await fetch(`${server.apiUrl}${path}`, { headers: { authorization: `Bearer ${server.adminToken}` } });
  return (await response.json()) as T;
}

async function workspacesSeenBy(username: string): Promise<string[]> {
  const signIn = await fetch(`${server.apiUrl}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: server.seed.demo?.password }),
  });
  const { token } = (await signIn.json()) as { token: string };
  const response = await fetch(`${server.apiUrl}/me/workspaces`, { headers: { authorization: `Bearer ${token}` } });
  return ((await response.json()) as Array<{ id: string }>).map((w) => w.id);
}

function demoUserWith(role: string, without?: string): string {
  const user = server.seed.demo?.users.find((u) => u.roles.includes(role) && (!without || !u.roles.includes(without)));
  if (!user) throw new Error(`no demo user with role ${role}`);
  return user.id;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'mwkit-env-e2e-'));
  processEnv = { XDG_CONFIG_HOME: join(root, 'config') };
  server = await createServer({ store: openEnvironmentStore(join(root, 'data')), demo: true, port: 0 });
  project = join(root, 'project');
  mkdirSync(join(project, 'workspaces'), { recursive: true });
  cpSync(join(repoRoot, 'templates', 'catalog.json'), join(project, 'catalog.json'));
  for (const id of ['expense-management', 'inventory-on-hand']) cpSync(join(repoRoot, 'templates', id), join(project, 'workspaces', id), { recursive: true });
});

afterAll(async () => {
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('environment commands against the real server', () => {
  let v1: string;
  let v2: string;

  it('env add checks the admin token from stdin and saves the profile', async () => {
    const result = await invoke(() => runEnvAdd({ name: 'local', url: server.url, tokenStdin: true, stdin: Readable.from([`${server.adminToken}\n`]), processEnv, clientOptions: fast }));
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^Saved environment local \(http:\/\/127\.0\.0\.1:\d+\), signed in as .+\.\n  It is the current environment\.\n$/);
    expect(result.stdout + result.stderr).not.toContain(server.adminToken);
  });

  it('apply --dry-run shows the plan and changes nothing', async () => {
    v1 = await packProject('1.0.0');
    const result = await invoke(() => runApply({ pkg: v1, dryRun: true, cwd: project, processEnv, clientOptions: fast }));
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('Plan for contoso-field-apps 1.0.0, not signed, on local');
    expect(result.stdout).toContain('  + expense-management  added\n  + inventory-on-hand  added\n2 workspaces: 2 added.\nDry run: nothing was changed.');
    expect(await admin<unknown[]>('/packages')).toEqual([]);
  });

  it('apply without --yes and without a terminal is exit 2 naming --yes, and changes nothing', async () => {
    const result = await invoke(() => runApply({ pkg: v1, cwd: project, processEnv, isInteractive: false, clientOptions: fast }));
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('--yes');
    expect(await admin<unknown[]>('/packages')).toEqual([]);
  });

  it('apply --yes applies; applying it again is a no-op (exit 0)', async () => {
    const applied = await invoke(() => runApply({ pkg: v1, yes: true, cwd: project, processEnv, clientOptions: fast }));
    expect(applied.exitCode).toBe(0);
    expect(applied.stdout).toContain('Applied contoso-field-apps 1.0.0 to local. 2 workspaces: 2 added.\n  Publish the new workspaces: mwkit publish expense-management inventory-on-hand\n');
    const again = await invoke(() => runApply({ pkg: v1, yes: true, json: true, cwd: project, processEnv, clientOptions: fast }));
    expect(again.exitCode).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ outcome: 'unchanged', package: { name: 'contoso-field-apps', version: '1.0.0' } });
  });

  it('status --json lists the package and its unpublished workspaces', async () => {
    const result = await invoke(() => runStatus({ json: true, processEnv, clientOptions: fast }));
    expect(result.exitCode).toBe(0);
    const status = JSON.parse(result.stdout) as { packages: Array<{ name: string; version: string; versions: string[] }>; workspaces: Array<{ id: string; publication: unknown }> };
    expect(status.packages.map((p) => [p.name, p.version, p.versions])).toEqual([['contoso-field-apps', '1.0.0', ['1.0.0']]]);
    expect(status.workspaces.map((w) => [w.id, w.publication])).toEqual([
      ['expense-management', null],
      ['inventory-on-hand', null],
    ]);
  });

  it('publish makes a workspace visible to users of its roles only', async () => {
    const result = await invoke(() => runPublish({ ids: ['expense-management'], roles: 'Employee', processEnv, clientOptions: fast }));
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('Published expense-management on local for Employee.');
    expect(await workspacesSeenBy(demoUserWith('Employee'))).toContain('expense-management');
    expect(await workspacesSeenBy(demoUserWith('Vendor', 'Employee'))).not.toContain('expense-management');
    const unknown = await invoke(() => runPublish({ ids: ['expense-managment'], processEnv, clientOptions: fast }));
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toContain('Did you mean `expense-management`?');
  });

  it('a new version shows what changed, and history lists every step newest first', async () => {
    editWorkspace('expense-management', (yaml) => yaml.replace(/^title: .*$/m, 'title: Expenses'));
    v2 = await packProject('1.1.0');
    const applied = await invoke(() => runApply({ pkg: v2, yes: true, cwd: project, processEnv, clientOptions: fast }));
    expect(applied.exitCode).toBe(0);
    expect(applied.stdout).toContain('Plan for contoso-field-apps 1.0.0 → 1.1.0');
    expect(applied.stdout).toContain('  ~ expense-management');
    expect(applied.stdout).toContain('      settings title');
    const history = await invoke(() => runHistory({ json: true, processEnv, clientOptions: fast }));
    const entries = (JSON.parse(history.stdout) as { history: Array<{ action: string; package?: { version: string }; workspace?: string }> }).history;
    expect(entries.map((e) => `${e.action} ${e.workspace ?? e.package?.version}`)).toEqual(['apply 1.1.0', 'publish expense-management', 'apply 1.0.0']);
  });

  it('a downgrade is refused (exit 1) unless --allow-downgrade; rollback goes back to 1.0.0', async () => {
    const downgrade = await invoke(() => runApply({ pkg: v1, yes: true, cwd: project, processEnv, clientOptions: fast }));
    expect(downgrade.exitCode).toBe(1);
    expect(downgrade.stderr).toMatch(/older than the current 1\.1\.0/);
    const rollback = await invoke(() => runRollback({ name: 'contoso-field-apps', processEnv, clientOptions: fast }));
    expect(rollback.exitCode).toBe(0);
    expect(rollback.stdout).toMatch(/^Rolled back contoso-field-apps from 1\.1\.0 to 1\.0\.0 on local/);
    const status = JSON.parse((await invoke(() => runStatus({ json: true, processEnv, clientOptions: fast }))).stdout) as { packages: Array<{ version: string }> };
    expect(status.packages[0]?.version).toBe('1.0.0');
    const again = await invoke(() => runRollback({ name: 'contoso-field-apps', to: '1.0.0', processEnv, clientOptions: fast }));
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain('is already the current version');
  });

  it('a package naming a field the environment lacks is rejected with validate-style diagnostics (exit 1), state untouched', async () => {
    const before = JSON.stringify([await admin('/packages'), await admin('/workspaces'), await admin('/history')]);
    const catalog = JSON.parse(readFileSync(join(project, 'catalog.json'), 'utf8')) as { entities: Record<string, { fields: Record<string, unknown> }> };
    catalog.entities.ExpenseReport!.fields.gadget = { type: 'string' };
    writeFileSync(join(project, 'catalog.json'), JSON.stringify(catalog));
    editWorkspace('expense-management', (yaml) => yaml.replace(/fields: \[number, /, 'fields: [gadget, number, '));
    const bad = await packProject('1.2.0');
    const result = await invoke(() => runApply({ pkg: bad, yes: true, cwd: project, processEnv, clientOptions: fast }));
    expect(result.exitCode).toBe(1);
    // The project in the current folder is what was packed: the diagnostic is placed in its YAML, with a code frame.
    expect(result.stderr).toMatch(/^workspaces\/expense-management\/workspace\.yaml:\d+:\d+ {2}error {2}MW302 {2}ExpenseReport has no field `gadget`\.\n.*\n.*\n> \d+ \| +fields: \[gadget, /);
    expect(result.stderr).toContain('✖ 1 error in 1 file');
    expect(result.stderr).toContain('mwkit: The environment rejected the package: 1 error in its workspaces.');
    expect(JSON.stringify([await admin('/packages'), await admin('/workspaces'), await admin('/history')])).toBe(before);
    editWorkspace('expense-management', (yaml) => yaml.replace(/^title: .*$/m, 'title: Edited after packing'));
    const edited = await invoke(() => runApply({ pkg: bad, yes: true, cwd: project, processEnv, clientOptions: fast }));
    expect(edited.stderr).toMatch(/^workspaces\/expense-management\/workspace\.json:1:\d+ {2}error {2}MW302/); // no longer what was packed
    const json = await invoke(() => runApply({ pkg: bad, yes: true, json: true, cwd: project, processEnv, clientOptions: fast }));
    expect(JSON.parse(json.stdout)).toMatchObject({ outcome: 'rejected', problem: { status: 422, diagnostics: { errors: 1 } } });
  });

  it('a refused token and an unreachable URL are exit 3 with the fix', async () => {
    const refused = await invoke(() => runStatus({ processEnv: { ...processEnv, MWKIT_URL: server.url, MWKIT_TOKEN: 'not-a-token' }, clientOptions: fast }));
    expect(refused.exitCode).toBe(3);
    expect(refused.stderr).toContain('Set MWKIT_TOKEN to a valid admin token');
    const unreachable = await invoke(() => runStatus({ processEnv: { ...processEnv, MWKIT_URL: 'http://127.0.0.1:9', MWKIT_TOKEN: 'x' }, clientOptions: fast }));
    expect(unreachable.exitCode).toBe(3);
    expect(unreachable.stderr).toContain('Cannot reach http://127.0.0.1:9 — is `mwkit env start` running?');
  });

  it("pull-catalog writes what GET /entities serves to the project's catalog path", async () => {
    const result = await invoke(() => runEnvPullCatalog({ cwd: project, out: 'pulled.json', processEnv, clientOptions: fast }));
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^Wrote pulled\.json: \d+ entities from local\.\n$/);
    expect(JSON.parse(readFileSync(join(project, 'pulled.json'), 'utf8'))).toEqual(await admin('/entities'));
  });

  it('trust: with a trusted key, unsigned packages are refused and signed ones applied', async () => {
    keygen({ cwd: root, out: 'keys' });
    expect((await invoke(() => runEnvTrustAdd({ file: join(root, 'keys', 'signing.pub'), processEnv, clientOptions: fast }))).exitCode).toBe(0);
    const list = await invoke(() => runEnvTrustList({ json: true, processEnv, clientOptions: fast }));
    const policy = JSON.parse(list.stdout) as { requireSignature: boolean; keys: Array<{ fingerprint: string }> };
    expect(policy.requireSignature).toBe(true);
    editWorkspace('expense-management', (yaml) => yaml.replace('fields: [gadget, number, ', 'fields: [number, '));
    const unsigned = await invoke(() => runApply({ pkg: v2, yes: true, cwd: project, processEnv, clientOptions: fast }));
    expect(unsigned.exitCode).toBe(1);
    expect(unsigned.stderr).toMatch(/The environment rejected the package: .*signed/);
    const signed = await packProject('1.3.0', join(root, 'keys', 'signing.key'));
    const applied = await invoke(() => runApply({ pkg: signed, yes: true, cwd: project, processEnv, clientOptions: fast }));
    expect(applied.exitCode).toBe(0);
    expect(applied.stdout).toContain('signed by trusted key');
    const removed = await invoke(() => runEnvTrustRemove({ fingerprint: policy.keys[0]?.fingerprint ?? '', processEnv, clientOptions: fast }));
    expect(removed.exitCode).toBe(0);
    expect(removed.stdout).toContain('accepts unsigned packages again');
  });

  it('unpublish hides the workspace again', async () => {
    const result = await invoke(() => runUnpublish({ ids: ['expense-management'], processEnv, clientOptions: fast }));
    expect(result.exitCode).toBe(0);
    expect(await workspacesSeenBy(demoUserWith('Employee'))).not.toContain('expense-management');
  });
});
