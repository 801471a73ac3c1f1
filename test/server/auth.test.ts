// Every route checks its role (401 without a token, 403 with the wrong one), sign-in failures
// are slowed down per name and address, tokens expire and can be revoked, secrets stay hashed.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPassword, json, startServer, tempFolder, type TestServer } from './helpers.js';

let server: TestServer;
let clock = new Date('2025-03-12T09:00:00Z');
const dataDir = tempFolder();

beforeAll(async () => {
  server = await startServer({ dataDir, now: () => clock });
});

afterAll(async () => {
  await server.cleanup();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Operation {
  path: string;
  method: string;
  security: unknown[];
  isAdmin: boolean;
}

async function operations(): Promise<Operation[]> {
  const document = await json<{ paths: Record<string, Record<string, { security: unknown[]; 'x-mwkit-role'?: string }>> }>(await server.api('/openapi.json', { token: null }));
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      path: path.replace('/api/v1', '').replace(/\{[^}]+\}/g, 'x'),
      method: method.toUpperCase(),
      security: operation.security,
      isAdmin: operation['x-mwkit-role'] === 'admin',
    })),
  );
}

function signIn(username: string, password: string): Promise<Response> {
  return server.api('/auth/token', { token: null, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
}

describe('route access', () => {
  it('the OpenAPI document lists every route with its security', async () => {
    const all = await operations();
    expect(all.length).toBeGreaterThanOrEqual(18);
    expect(
      all
        .filter((o) => o.security.length === 0)
        .map((o) => `${o.method} ${o.path}`)
        .sort(),
    ).toEqual(['GET /health', 'GET /openapi.json', 'GET /preview/session', 'POST /auth/token'].sort());
  });

  it('401 without a token, and with an unknown one, on every route that needs one', async () => {
    for (const operation of (await operations()).filter((o) => o.security.length > 0)) {
      for (const token of [null, 'mwk_not-a-token']) {
        const response = await server.api(operation.path, { method: operation.method, token });
        expect([operation.path, response.status]).toEqual([operation.path, 401]);
        expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
        expect((await json<{ type: string }>(response)).type).toBe('https://mwkit.dev/problems/unauthorized');
      }
    }
  });

  it('403 for a business user on every admin route', async () => {
    const token = await server.signIn('maria.schmidt');
    const admin = (await operations()).filter((o) => o.isAdmin);
    expect(admin.length).toBeGreaterThanOrEqual(10);
    for (const operation of admin) {
      const response = await server.api(operation.path, { method: operation.method, token });
      expect([operation.method, operation.path, response.status]).toEqual([operation.method, operation.path, 403]);
    }
  });

  it('403 for a role without access to an entity', async () => {
    const response = await server.api('/data/CostLine', { token: await server.signIn('kai.vogel') });
    expect(response.status).toBe(403);
    expect((await json<{ detail: string }>(response)).detail).toMatch(/Vendor.*CostLine/);
  });
});

describe('signing in', () => {
  it('returns a token, the user and its expiry; /me answers with the same user', async () => {
    const response = await signIn('kai.vogel', demoPassword);
    expect(response.status).toBe(200);
    const body = await json<{ token: string; expiresAt: string; user: unknown }>(response);
    expect(body.user).toEqual({ id: 'kai.vogel', name: 'Kai Vogel', roles: ['Vendor'], attributes: { vendorId: 'V-00001' }, isAdmin: false });
    expect(Date.parse(body.expiresAt) - clock.getTime()).toBe(12 * 3600 * 1000);
    expect(await json(await server.api('/me', { token: body.token }))).toEqual(body.user);
  });

  it('slows down repeated failures for a name, then lets the right password in after the wait', async () => {
    for (let i = 0; i < 3; i++) expect((await signIn('emma.fischer', 'wrong')).status).toBe(401);
    const locked = await signIn('emma.fischer', demoPassword);
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('1');
    expect((await json<{ type: string }>(locked)).type).toBe('https://mwkit.dev/problems/too-many-attempts');
    // Another name from the same address is not affected.
    expect((await signIn('lucas.martin', demoPassword)).status).toBe(200);
    clock = new Date(clock.getTime() + 1500);
    expect((await signIn('emma.fischer', 'wrong again')).status).toBe(401);
    const longer = await signIn('emma.fischer', demoPassword);
    expect(longer.status).toBe(429);
    expect(longer.headers.get('retry-after')).toBe('2');
    clock = new Date(clock.getTime() + 2500);
    expect((await signIn('emma.fischer', demoPassword)).status).toBe(200);
  });

  it('answers an unknown name like a wrong password', async () => {
    const response = await signIn('nobody', demoPassword);
    expect(response.status).toBe(401);
    expect((await json<{ detail: string }>(response)).detail).toBe('Unknown user name or wrong password.');
  });

  it('refuses a token after it expires, and after sign-out', async () => {
    const { token } = await json<{ token: string }>(await signIn('olivia.brown', demoPassword));
    expect((await server.api('/me', { token })).status).toBe(200);
    expect((await server.api('/auth/token', { method: 'DELETE', token })).status).toBe(204);
    expect((await server.api('/me', { token })).status).toBe(401);
    const { token: second } = await json<{ token: string }>(await signIn('olivia.brown', demoPassword));
    clock = new Date(clock.getTime() + 13 * 3600 * 1000);
    expect((await server.api('/me', { token: second })).status).toBe(401);
  });

  it('stores only scrypt hashes of passwords and SHA-256 of tokens', () => {
    const db = new Database(join(dataDir, 'environment.db'), { readonly: true });
    try {
      const hashes = db.prepare('SELECT password_hash FROM users WHERE password_hash IS NOT NULL').pluck().all() as string[];
      expect(hashes.length).toBeGreaterThan(20);
      expect(hashes.every((hash) => hash.startsWith('scrypt$16384$8$1$') && !hash.includes(demoPassword))).toBe(true);
      const tokens = db.prepare('SELECT hash FROM tokens').pluck().all() as string[];
      expect(tokens).toContain(createHashOf(server.adminToken));
      expect(tokens.every((hash) => /^[0-9a-f]{64}$/.test(hash))).toBe(true);
    } finally {
      db.close();
    }
  });
});

function createHashOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
