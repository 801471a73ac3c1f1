// Shared by the environment server tests: a server on 127.0.0.1 port 0 over a temporary data
// folder, fetch helpers that sign in, and packages built with mwkit's own pack functions from
// projects made of the templates.
import type { KeyObject } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPackage } from '../../src/package/build.js';
import { createServer, openEnvironmentStore, type RunningServer, type ServerOptions } from '../../src/server/index.js';
import { validateProject } from '../../src/validate/index.js';

export const repoRoot = new URL('../../', import.meta.url).pathname;
export const templateIds = ['expense-management', 'purchase-order-approval', 'inventory-on-hand', 'sales-orders', 'vendor-collaboration', 'project-time-entry', 'cost-controlling', 'blank'];
export const demoPassword = 'mwkit-demo';

export function tempFolder(prefix = 'mwkit-server-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface TestServer extends RunningServer {
  /** fetch against /api/v1 with the admin token (or `token`, or none with token: null). */
  api(path: string, init?: RequestInit & { token?: string | null }): Promise<Response>;
  signIn(username: string): Promise<string>;
  cleanup(): Promise<void>;
}

/** A server on the SQLite store of `dataDir` (a new temporary folder unless given), with the demo company. */
export async function startServer(options: Partial<ServerOptions> & { dataDir?: string } = {}): Promise<TestServer> {
  const { dataDir: given, ...rest } = options;
  const dataDir = given ?? tempFolder();
  const server = await createServer({ demo: true, ...rest, store: rest.store ?? openEnvironmentStore(dataDir) });
  const api = (path: string, init: RequestInit & { token?: string | null } = {}): Promise<Response> => {
    const { token = server.adminToken, headers, ...rest } = init;
    return fetch(`${server.apiUrl}${path}`, { ...rest, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(headers as Record<string, string> | undefined) } });
  };
  const tokens = new Map<string, string>();
  return {
    ...server,
    api,
    async signIn(username) {
      const cached = tokens.get(username);
      if (cached) return cached;
      const response = await api('/auth/token', { token: null, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: demoPassword }) });
      if (response.status !== 200) throw new Error(`sign-in of ${username} failed: ${response.status} ${await response.text()}`);
      const { token } = (await response.json()) as { token: string };
      tokens.set(username, token);
      return token;
    },
    async cleanup() {
      await server.close();
      if (!given) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function json<T = unknown>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

export function upload(server: TestServer, bytes: Buffer, query = '', contentType = 'application/zip'): Promise<Response> {
  return server.api(`/packages${query}`, { method: 'POST', headers: { 'content-type': contentType }, body: new Uint8Array(bytes) });
}

export interface ProjectOptions {
  name?: string;
  version?: string;
  /** Template ids to copy, or workspace ids mapped to template ids. */
  workspaces?: string[] | Record<string, string>;
  /** Edits of a workspace's YAML text, by workspace id. */
  edit?: Record<string, (yaml: string) => string>;
  signingKey?: KeyObject;
}

/** A project of template workspaces, validated and packed with mwkit's own functions. */
export async function makePackage(options: ProjectOptions = {}): Promise<Buffer> {
  const root = tempFolder('mwkit-server-pkg-');
  try {
    const workspaces = Array.isArray(options.workspaces ?? ['expense-management'])
      ? Object.fromEntries(((options.workspaces as string[] | undefined) ?? ['expense-management']).map((id) => [id, id]))
      : (options.workspaces as Record<string, string>);
    writeFileSync(join(root, 'mwkit.yaml'), `name: ${options.name ?? 'demo-apps'}\npublisher: Contoso\nversion: ${options.version ?? '1.0.0'}\n`);
    for (const [id, template] of Object.entries(workspaces)) {
      const folder = join(root, 'workspaces', id);
      mkdirSync(folder, { recursive: true });
      cpSync(join(repoRoot, 'templates', template), folder, { recursive: true });
      let yaml = readFileSync(join(folder, 'workspace.yaml'), 'utf8').replace(/^id: .*$/m, `id: ${id}`);
      yaml = options.edit?.[id]?.(yaml) ?? yaml;
      writeFileSync(join(folder, 'workspace.yaml'), yaml);
    }
    const validation = validateProject({ path: root });
    if (validation.errors > 0) throw new Error(`test project invalid: ${JSON.stringify(validation.diagnostics.slice(0, 3))}`);
    const built = await buildPackage(validation.project, { createdAt: new Date('2024-01-01T00:00:00Z'), ...(options.signingKey ? { signingKey: options.signingKey } : {}) });
    return built.bytes;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** The environment's state as the API shows an admin: what a refused upload must leave untouched. */
export async function stateSnapshot(server: TestServer): Promise<string> {
  const parts = await Promise.all(['/packages', '/workspaces', '/history?limit=10000', '/trust'].map(async (path) => `${path}\n${await (await server.api(path)).text()}`));
  return parts.join('\n');
}
