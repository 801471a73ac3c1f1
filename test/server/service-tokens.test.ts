// Service tokens over HTTP: only an admin makes, lists or revokes them; the secret is in the
// create answer only; a service token acts as token:<name> and stops at once when revoked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, startServer, type TestServer } from './helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.cleanup());

const post = (body: unknown, token?: string | null) =>
  server.api('/tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), ...(token !== undefined ? { token } : {}) });

describe('service tokens', () => {
  it('are refused to people who are not admins, and to no one signed in', async () => {
    expect((await post({ name: 'mine' }, await server.signIn('emma.fischer'))).status).toBe(403);
    expect((await server.api('/tokens', { token: await server.signIn('emma.fischer') })).status).toBe(403);
    expect((await post({ name: 'mine' }, null)).status).toBe(401);
  });

  it('act as token:<name>, list without secrets, and stop at once when revoked', async () => {
    const created = await post({ name: 'ci', expires: '1d' });
    expect(created.status).toBe(201);
    const { token } = await json<{ token: string }>(created);
    expect(await json<{ id: string; isAdmin: boolean }>(await server.api('/me', { token }))).toMatchObject({ id: 'token:ci', isAdmin: true });
    expect(await (await server.api('/tokens')).text()).not.toContain(token);
    expect((await server.api('/tokens/ci', { method: 'DELETE' })).status).toBe(204);
    expect((await server.api('/me', { token })).status).toBe(401);
    expect((await server.api('/tokens/ci', { method: 'DELETE' })).status).toBe(404);
  });

  it('refuses a lifetime past the maximum and unknown properties', async () => {
    expect((await post({ name: 'long', expires: '731d' })).status).toBe(400);
    expect((await post({ name: 'x', scope: 'all' })).status).toBe(400);
  });
});
