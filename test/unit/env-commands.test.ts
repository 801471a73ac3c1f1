// The env commands in-process against a node:http stub of the API: env add reads the token
// from stdin, checks it and stores it 0600 without ever printing it; apply asks, or requires
// --yes without a terminal, and treats "unchanged" as a no-op; publish checks ids first.
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ExitCode, UserError } from '../../src/errors.js';
import { runApply } from '../../src/commands/apply.js';
import { runEnvAdd } from '../../src/commands/env-add.js';
import { runEnvList } from '../../src/commands/env-list.js';
import { runEnvPullCatalog } from '../../src/commands/env-pull-catalog.js';
import { runEnvRemove } from '../../src/commands/env-remove.js';
import { runEnvUse } from '../../src/commands/env-use.js';
import { runPublish } from '../../src/commands/publish.js';
import { configPaths, findProfile, saveProfile } from '../../src/env/profiles.js';
import { readToken } from '../../src/env/token-input.js';

type Route = (request: IncomingMessage, body: Buffer) => { status: number; body?: unknown };

let server: Server;
let url: string;
let route: Route;
let requests: string[];
let processEnv: NodeJS.ProcessEnv;
let stdout: string;
let stderr: string;
const fast = { timeoutMs: 1000, retries: 0, retryDelayMs: 1 };
const token = 'tok-9f8e7d6c5b4a';
const plan = { package: { name: 'demo', from: null, to: '1.0.0' }, workspaces: { added: ['expenses'], changed: [], unchanged: [], removed: [] } };
const pkg = { name: 'demo', version: '1.0.0', digest: 'abc', signed: false };

beforeEach(async () => {
  requests = [];
  route = () => ({ status: 404, body: { title: 'Not found' } });
  server = createServer((request, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push(`${request.method} ${request.url}`);
      const answer = route(request, Buffer.concat(chunks));
      response.writeHead(answer.status, { 'content-type': answer.status >= 400 ? 'application/problem+json' : 'application/json' });
      response.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  processEnv = { XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'mwkit-cmd-')) };
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
});

afterEach(async () => {
  vi.restoreAllMocks();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function failure(promise: Promise<unknown>): Promise<UserError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a UserError');
}

describe('env add', () => {
  it('reads the token from stdin, checks it with GET /me, stores it 0600 and never prints it', async () => {
    route = (request) =>
      request.headers.authorization === `Bearer ${token}` ? { status: 200, body: { id: 'admin', name: 'Admin', roles: [], isAdmin: true } } : { status: 401, body: { title: 'Unauthorized' } };
    const code = await runEnvAdd({ name: 'dev', url: `${url}/`, tokenStdin: true, stdin: Readable.from([`${token}\n`]), processEnv, clientOptions: fast });
    expect(code).toBe(ExitCode.ok);
    expect(stdout).toBe(`Saved environment dev (${url}), signed in as Admin.\n  It is the current environment.\n`);
    expect(stdout + stderr).not.toContain(token);
    expect(findProfile('dev', processEnv)).toEqual({ name: 'dev', url, token });
    expect(statSync(configPaths(processEnv).credentials).mode & 0o777).toBe(0o600);
    expect(requests).toEqual(['GET /api/v1/me']);
  });

  it('saves nothing when the token is refused (exit 3)', async () => {
    route = () => ({ status: 401, body: { type: 'https://mwkit.dev/problems/unauthorized', title: 'Unauthorized' } });
    const error = await failure(runEnvAdd({ name: 'dev', url, tokenStdin: true, stdin: Readable.from(['wrong']), processEnv, clientOptions: fast }));
    expect(error.exitCode).toBe(ExitCode.unreachable);
    expect(findProfile('dev', processEnv)).toBeUndefined();
  });

  it('saves nothing when the environment cannot be reached (exit 3), unless --no-verify', async () => {
    const down = 'http://127.0.0.1:9';
    const error = await failure(runEnvAdd({ name: 'far', url: down, processEnv, clientOptions: fast }));
    expect(error.exitCode).toBe(ExitCode.unreachable);
    expect(error.message).toBe('Cannot reach http://127.0.0.1:9 — is `mwkit env start` running?');
    expect(await runEnvAdd({ name: 'far', url: down, verify: false, processEnv })).toBe(ExitCode.ok);
    expect(stdout).toContain(`No token saved: add one with mwkit env add far --url ${down} --token-stdin`);
  });

  it('refuses an empty token and a missing --url (exit 2)', async () => {
    expect((await failure(runEnvAdd({ name: 'dev', url, tokenStdin: true, stdin: Readable.from(['\n']), processEnv }))).exitCode).toBe(ExitCode.usage);
    expect((await failure(runEnvAdd({ name: 'dev', processEnv }))).message).toBe('mwkit env add needs --url <url>.');
  });
});

describe('readToken', () => {
  it('refuses to wait for a token on a terminal when CI is set, naming the pipe to use (exit 2)', async () => {
    const terminal = Object.assign(Readable.from([]), { isTTY: true });
    const error = await failure(readToken(terminal, 'mwkit env add ci --url https://x.example'));
    expect(error.exitCode).toBe(ExitCode.usage);
    expect(error.hint).toBe('Pipe the token in: printf \'%s\' "$MWKIT_TOKEN" | mwkit env add ci --url https://x.example --token-stdin');
  });

  it('refuses a token with spaces inside (exit 2)', async () => {
    expect((await failure(readToken(Readable.from(['two words\n']), 'mwkit env add'))).exitCode).toBe(ExitCode.usage);
  });
});

describe('env pull-catalog', () => {
  const catalog = { entities: { Project: { key: 'id', fields: { id: { type: 'string' } } } } };

  beforeEach(() => {
    saveProfile('dev', url, { token, makeCurrent: 'always', env: processEnv });
    route = () => ({ status: 200, body: catalog });
  });

  it("writes to mwkit.yaml's catalog path, from anywhere in the project", async () => {
    const root = mkdtempSync(join(tmpdir(), 'mwkit-catalog-'));
    writeFileSync(join(root, 'mwkit.yaml'), 'name: demo\npublisher: X\nversion: 1.0.0\ncatalog: env/catalog.json\n');
    mkdirSync(join(root, 'workspaces'));
    expect(await runEnvPullCatalog({ cwd: join(root, 'workspaces'), processEnv, clientOptions: fast })).toBe(ExitCode.ok);
    expect(JSON.parse(readFileSync(join(root, 'env', 'catalog.json'), 'utf8'))).toEqual(catalog);
    expect(stdout).toBe(`Wrote ${join(root, 'env', 'catalog.json')}: 1 entity from dev.\n`);
  });

  it('writes catalog.json in the project and suggests the mwkit.yaml key when there is none', async () => {
    const root = mkdtempSync(join(tmpdir(), 'mwkit-catalog-'));
    writeFileSync(join(root, 'mwkit.yaml'), 'name: demo\npublisher: X\nversion: 1.0.0\n');
    await runEnvPullCatalog({ cwd: root, processEnv, clientOptions: fast });
    expect(stdout).toBe('Wrote catalog.json: 1 entity from dev.\n');
    expect(stderr).toContain('add `catalog: catalog.json` to mwkit.yaml');
  });

  it('refuses an answer that is not a catalog (exit 3) and writes nothing', async () => {
    route = () => ({ status: 200, body: { items: [] } });
    const root = mkdtempSync(join(tmpdir(), 'mwkit-catalog-'));
    expect((await failure(runEnvPullCatalog({ cwd: root, processEnv, clientOptions: fast }))).exitCode).toBe(ExitCode.unreachable);
    expect(() => statSync(join(root, 'catalog.json'))).toThrow();
  });
});

describe('env list, use, remove', () => {
  it('lists with the current one marked, as text and JSON, and never shows tokens', async () => {
    saveProfile('prod', 'https://prod.example', { token, env: processEnv });
    saveProfile('dev', url, { makeCurrent: 'always', env: processEnv });
    await runEnvList({ processEnv });
    expect(stdout).toBe(`  NAME  URL\n* dev   ${url}  (no token)\n  prod  https://prod.example\n`);
    stdout = '';
    await runEnvList({ json: true, processEnv });
    expect(JSON.parse(stdout)).toEqual([
      { name: 'dev', url, hasToken: false, isCurrent: true },
      { name: 'prod', url: 'https://prod.example', hasToken: true, isCurrent: false },
    ]);
    expect(stdout).not.toContain(token);
  });

  it('switches and removes', async () => {
    saveProfile('prod', 'https://prod.example', { token, env: processEnv });
    await runEnvUse({ name: 'prod', processEnv });
    expect(JSON.parse(readFileSync(configPaths(processEnv).config, 'utf8')).current).toBe('prod');
    await runEnvRemove({ name: 'prod', processEnv });
    expect(stdout).toContain('Removed environment prod and its token. There is no current environment now');
    expect(readFileSync(configPaths(processEnv).credentials, 'utf8')).not.toContain(token);
    expect((await failure(runEnvRemove({ name: 'prod', processEnv }))).exitCode).toBe(ExitCode.usage);
  });
});

describe('apply', () => {
  const packageFile = join(mkdtempSync(join(tmpdir(), 'mwkit-pkg-')), 'demo-1.0.0.mwpkg');

  beforeEach(() => {
    writeFileSync(packageFile, 'PK fake bytes');
    saveProfile('dev', url, { token, makeCurrent: 'always', env: processEnv });
    route = (request) => (request.url?.includes('dryRun=true') ? { status: 200, body: { outcome: 'planned', package: pkg, plan } } : { status: 201, body: { outcome: 'applied', package: pkg, plan } });
  });

  it('refuses without --yes when it cannot ask, after showing the plan (exit 2, nothing applied)', async () => {
    const error = await failure(runApply({ pkg: packageFile, processEnv, isInteractive: false, clientOptions: fast }));
    expect(error.exitCode).toBe(ExitCode.usage);
    expect(error.hint).toContain('--yes');
    expect(stdout).toContain('  + expenses  added');
    expect(requests).toEqual(['POST /api/v1/packages?dryRun=true']);
  });

  it('asks on a terminal and applies after yes; a no changes nothing (exit 1)', async () => {
    const questions: string[] = [];
    const yes = async (message: string) => (questions.push(message), true);
    expect(await runApply({ pkg: packageFile, processEnv, isInteractive: true, confirm: yes, clientOptions: fast })).toBe(ExitCode.ok);
    expect(questions).toEqual(['Apply demo 1.0.0 to dev?']);
    expect(stdout).toContain('Applied demo 1.0.0 to dev. 1 workspace: 1 added.\n  Publish the new workspaces: mwkit publish expenses\n');
    requests = [];
    const error = await failure(runApply({ pkg: packageFile, processEnv, isInteractive: true, confirm: async () => false, clientOptions: fast }));
    expect(error.exitCode).toBe(ExitCode.failed);
    expect(error.message).toBe('Not applied: cancelled.');
    expect(requests).toEqual(['POST /api/v1/packages?dryRun=true']);
  });

  it('applies with --yes and prints only JSON on stdout with --json', async () => {
    expect(await runApply({ pkg: packageFile, processEnv, yes: true, json: true, clientOptions: fast })).toBe(ExitCode.ok);
    expect(JSON.parse(stdout)).toEqual({ environment: { name: 'dev', url }, outcome: 'applied', package: pkg, plan });
    expect(requests).toEqual(['POST /api/v1/packages?dryRun=true', 'POST /api/v1/packages']);
  });

  it('reports "unchanged" as a no-op without asking (exit 0)', async () => {
    route = () => ({ status: 200, body: { outcome: 'unchanged', package: pkg, plan: { workspaces: { added: [], changed: [], unchanged: ['expenses'], removed: [] } } } });
    expect(await runApply({ pkg: packageFile, processEnv, isInteractive: false, clientOptions: fast })).toBe(ExitCode.ok);
    expect(stdout).toBe(`demo 1.0.0 is already applied to dev (${url}): nothing to do.\n`);
    expect(requests).toHaveLength(1);
  });

  it('passes --allow-downgrade on, and a missing package file is exit 2 before any request', async () => {
    await runApply({ pkg: packageFile, processEnv, dryRun: true, allowDowngrade: true, clientOptions: fast });
    expect(requests).toEqual(['POST /api/v1/packages?dryRun=true&allowDowngrade=true']);
    expect((await failure(runApply({ pkg: 'nope.mwpkg', processEnv }))).exitCode).toBe(ExitCode.usage);
  });

  it("prints a rejected package's diagnostics like validate does (exit 1)", async () => {
    const diagnostics = {
      ok: false,
      errors: 1,
      warnings: 0,
      diagnostics: [
        { severity: 'error', code: 'MW302', message: 'ExpenseReport has no field `gadget`.', file: 'workspaces/expenses/workspace.json', line: 1, column: 99, pointer: '/pages/0/fields/0' },
      ],
    };
    route = () => ({ status: 422, body: { type: 'https://mwkit.dev/problems/package-rejected', title: 'The package was refused', detail: "The package's workspaces have 1 error.", diagnostics } });
    const error = await failure(runApply({ pkg: packageFile, processEnv, yes: true, clientOptions: fast }));
    expect(error.exitCode).toBe(ExitCode.failed);
    expect(error.message).toBe('The environment rejected the package: 1 error in its workspaces.');
    expect(stderr).toBe('workspaces/expenses/workspace.json:1:99  error  MW302  ExpenseReport has no field `gadget`.\n\n✖ 1 error in 1 file\n');
    expect(stdout).toBe('');
  });
});

describe('publish', () => {
  beforeEach(() => {
    saveProfile('dev', url, { token, makeCurrent: 'always', env: processEnv });
  });

  it('checks every id before publishing any, with a suggestion (exit 1)', async () => {
    route = () => ({ status: 200, body: [{ id: 'expenses', title: 'Expenses', version: '1.0.0', package: { name: 'demo', version: '1.0.0' }, publication: null }] });
    const error = await failure(runPublish({ ids: ['expenses', 'expense'], processEnv, clientOptions: fast }));
    expect(error.exitCode).toBe(ExitCode.failed);
    expect(error.message).toBe('Nothing was changed: expense is not applied to dev.');
    expect(error.hint).toBe('Did you mean `expenses`?');
    expect(requests).toEqual(['GET /api/v1/workspaces']);
  });

  it('publishes for the given roles', async () => {
    route = (request, body) =>
      request.method === 'GET'
        ? { status: 200, body: [{ id: 'expenses', title: 'Expenses', version: '1.0.0', package: { name: 'demo', version: '1.0.0' }, publication: null }] }
        : { status: 200, body: { id: 'expenses', publication: { roles: (JSON.parse(body.toString()) as { roles: string[] }).roles, publishedAt: 'now', publishedBy: 'admin' } } };
    expect(await runPublish({ ids: ['expenses'], roles: 'Employee, Manager,', processEnv, clientOptions: fast })).toBe(ExitCode.ok);
    expect(stdout).toBe(`Published expenses on dev for Employee, Manager.\n  People with these roles see it in the app: ${url}/app/\n`);
    expect((await failure(runPublish({ ids: ['expenses'], roles: ' , ', processEnv }))).exitCode).toBe(ExitCode.usage);
  });
});
