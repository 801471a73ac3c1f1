// Attacks on the demo environment (security issue 11, item 14): a shared admin password that
// the start message prints, and a demo reachable from the whole network by one flag.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoExposure, runEnvStart } from '../../src/commands/env-start.js';
import { demoPassword, json, startServer, tempFolder, type TestServer } from './helpers.js';

let server: TestServer;
const home = tempFolder('mwkit-demo-attack-');
const env = { XDG_CONFIG_HOME: join(home, 'config') };

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server.cleanup();
  rmSync(home, { recursive: true, force: true });
});

describe('attack: sign in as the demo admin with the printed shared password', () => {
  it('is refused: the admin has no password, only the CLI token', async () => {
    const response = await server.api('/auth/token', {
      token: null,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: demoPassword }),
    });
    expect(response.status).toBe(401);
    expect(server.seed.demo?.password).toBe(demoPassword);
    // The CLI's token still works at once (SPEC §5).
    expect((await server.api('/packages')).status).toBe(200);
    // Demo users keep the shared password for the phone demo (docs/decisions.md).
    const user = await server.api('/auth/token', {
      token: null,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'emma.fischer', password: demoPassword }),
    });
    expect((await json<{ user: { isAdmin: boolean } }>(user)).user.isAdmin).toBe(false);
  });
});

describe('attack: a demo environment bound to every network interface', () => {
  it('env start --demo --host 0.0.0.0 is refused before listening, naming the flag that allows it', async () => {
    const stdout = new PassThrough();
    let printed = '';
    stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    await expect(runEnvStart({ demo: true, host: '0.0.0.0', port: 0, data: join(home, 'env'), env, stdout, stderr: new PassThrough() })).rejects.toThrow(/--allow-remote-demo/);
    expect(printed).toBe('');
  });

  it.each([
    ['127.0.0.1', false, 'ok'],
    ['localhost', false, 'ok'],
    ['::1', false, 'ok'],
    ['127.0.0.2', false, 'ok'],
    ['0.0.0.0', false, 'refuse'],
    ['::', false, 'refuse'],
    ['192.168.1.20', false, 'refuse'],
    ['localhost.evil.example', false, 'refuse'],
    ['0.0.0.0', true, 'warn'],
  ] as const)('--demo on %s (allow remote: %s) → %s', (host, allowRemote, expected) => {
    expect(demoExposure({ host, isDemo: true, allowRemote })).toBe(expected);
    expect(demoExposure({ host, isDemo: false, allowRemote })).toBe('ok');
  });
});
