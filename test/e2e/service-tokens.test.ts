// Service tokens for CI through the built binary against a real `mwkit env start` (issue 30,
// item 2): made once and printed once, they survive a restart of the environment (which replaces
// the admin's own CLI token), history names the token behind each change, and a revoked token
// stops working at once. Bad names and lifetimes are refused with the fix.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { binPath, mwkit, tempDir } from '../helpers/cli.js';

const home = await tempDir('mwkit-tokens-');
const config = { XDG_CONFIG_HOME: join(home.dir, 'config') };
let running: ChildProcess | undefined;

/** Starts the built `mwkit env start` on port 0 and resolves with its URL. */
function startEnvironment(): Promise<string> {
  const child = spawn(process.execPath, [binPath, 'env', 'start', '--port', '0', '--data', join(home.dir, 'env')], {
    env: { ...process.env, ...config, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running = child;
  let text = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = /^url: (http:\/\/127\.0\.0\.1:\d+)$/m.exec(text);
      if (match) resolve(match[1]!);
    });
    child.stderr!.resume();
    child.on('exit', (code) => reject(new Error(`env start ended (${code}): ${text}`)));
  });
}

async function stopEnvironment(): Promise<void> {
  const child = running;
  if (!child || child.exitCode !== null) return;
  const ended = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await ended;
}

afterAll(async () => {
  await stopEnvironment();
  await home.cleanup();
});

describe('mwkit env token', () => {
  it('makes a lasting CI token that survives a restart, is named in history, and stops at revoke', async () => {
    let url = await startEnvironment();
    const created = await mwkit(['env', 'token', 'create', '--name', 'ci', '--expires', '30d'], { env: config });
    expect(created.exitCode, created.stderr).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^mwk_[\w-]{43}$/); // stdout holds the token alone, for a secret store
    expect(created.stderr).toContain('shown only this once');

    await stopEnvironment();
    url = await startEnvironment(); // a restart replaces the admin's CLI token, not service tokens
    const ci = { MWKIT_URL: url, MWKIT_TOKEN: token, XDG_CONFIG_HOME: join(home.dir, 'ci-config') };
    const published = await mwkit(['publish', 'expense-management', '--roles', 'Employee'], { env: ci });
    expect(published.exitCode, published.stderr).toBe(0);
    const history = await mwkit(['history', '--json'], { env: ci });
    const entries = (JSON.parse(history.stdout) as { history: Array<{ action: string; actor: string; token?: string }> }).history;
    expect(entries[0]).toMatchObject({ action: 'publish', actor: 'token:ci' });
    expect(entries.find((e) => e.action === 'token-create')).toMatchObject({ actor: 'admin', token: 'ci' });

    const listed = await mwkit(['env', 'token', 'list', '--json'], { env: config });
    const tokens = (JSON.parse(listed.stdout) as { tokens: Array<{ name: string; role: string; createdBy: string; expiresAt: string }> }).tokens;
    expect(tokens.map((t) => [t.name, t.role, t.createdBy])).toEqual([['ci', 'admin', 'admin']]);
    expect(Date.parse(tokens[0]!.expiresAt) - Date.now()).toBeGreaterThan(29 * 24 * 3600_000);
    expect(listed.stdout).not.toContain(token);

    const taken = await mwkit(['env', 'token', 'create', '--name', 'ci'], { env: config });
    expect(taken.exitCode).not.toBe(0);
    expect(taken.stderr).toContain('A service token named ci exists: revoke it first');

    const revoked = await mwkit(['env', 'token', 'revoke', 'ci'], { env: config });
    expect(revoked.exitCode, revoked.stderr).toBe(0);
    const refused = await mwkit(['status'], { env: ci });
    expect(refused.exitCode).toBe(3);
  }, 60_000);

  it('refuses a bad name, lifetime or role with what to give instead', async () => {
    const badName = await mwkit(['env', 'token', 'create', '--name', 'CI pipeline'], { env: config });
    expect(badName.exitCode).not.toBe(0);
    expect(badName.stderr).toContain('cannot name a token: use 1 to 63 lower-case letters');
    const badLifetime = await mwkit(['env', 'token', 'create', '--name', 'ci2', '--expires', 'forever'], { env: config });
    expect(badLifetime.exitCode).not.toBe(0);
    expect(badLifetime.stderr).toContain('"forever" is not a lifetime: give hours, days or weeks such as 48h, 90d or 12w');
    const badRole = await mwkit(['env', 'token', 'create', '--name', 'ci2', '--role', 'owner'], { env: config });
    expect(badRole.exitCode).toBe(2);
    expect(badRole.stderr).toContain('Unknown token role "owner"');
    const noName = await mwkit(['env', 'token', 'create'], { env: config });
    expect(noName.exitCode).toBe(2);
  }, 60_000);
});
