// `mwkit env start` through runEnvStart: it serves until stopped, prints the URL, the data
// folder and the demo users, connects the CLI through the `local` profile, and a second start
// keeps the data and replaces the CLI token.
import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runEnvStart } from '../../src/commands/env-start.js';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { repoRoot, tempFolder } from './helpers.js';

const home = tempFolder('mwkit-server-home-');
const dataDir = join(home, 'env');
const env = { XDG_CONFIG_HOME: join(home, 'config') };

afterAll(() => rmSync(home, { recursive: true, force: true }));

interface Started {
  url: string;
  output: () => string;
  stop: () => Promise<number>;
}

async function start(extra: { demo?: boolean; maxPackageSize?: number } = {}): Promise<Started> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const controller = new AbortController();
  let text = '';
  stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  stderr.resume();
  const exit = runEnvStart({ port: 0, data: dataDir, env, signal: controller.signal, stdout, stderr, ...extra });
  const url = await new Promise<string>((resolve, reject) => {
    stdout.on('data', () => {
      const match = /^url: (http:\/\/127\.0\.0\.1:\d+)$/m.exec(text);
      if (match) resolve(match[1]!);
    });
    exit.catch(reject);
  });
  return { url, output: () => text, stop: () => (controller.abort(), exit) };
}

describe('mwkit env start', () => {
  let firstToken = '';

  it('serves until stopped, prints where and who, and writes the local profile', async () => {
    const server = await start({ demo: true });
    expect((await fetch(`${server.url}/api/v1/health`)).status).toBe(200);
    const output = server.output();
    expect(output).toContain(`data: ${dataDir} (new, demo company)`);
    expect(output).toMatch(/every demo user signs in with the password mwkit-demo \(admin has none/);
    expect(output).toMatch(/^ {2}Vendor +grace\.taylor, kai\.vogel, lena\.roth, nils\.ek, pierre\.lambert$/m);
    expect(output).toMatch(/^ {2}admin +admin$/m);
    expect(output).toMatch(/profile "local" .* \(the current profile\)/);
    const config = JSON.parse(readFileSync(join(env.XDG_CONFIG_HOME, 'mwkit', 'config.json'), 'utf8'));
    expect(config).toEqual({ current: 'local', environments: { local: { url: server.url } } });
    const credentialsFile = join(env.XDG_CONFIG_HOME, 'mwkit', 'credentials.json');
    expect(statSync(credentialsFile).mode & 0o777).toBe(0o600);
    firstToken = (JSON.parse(readFileSync(credentialsFile, 'utf8')) as { local: { token: string } }).local.token;
    expect(output).not.toContain(firstToken);
    const packages = await fetch(`${server.url}/api/v1/packages`, { headers: { authorization: `Bearer ${firstToken}` } });
    expect(packages.status).toBe(200);
    expect(await server.stop()).toBe(0);
    await expect(fetch(`${server.url}/api/v1/health`)).rejects.toThrow();
  });

  it('starts again on the same data: existing data, a new CLI token, the old one refused', async () => {
    const server = await start();
    expect(server.output()).toContain(`data: ${dataDir} (existing, demo company)`);
    const credentials = JSON.parse(readFileSync(join(env.XDG_CONFIG_HOME, 'mwkit', 'credentials.json'), 'utf8')) as { local: { token: string } };
    expect(credentials.local.token).not.toBe(firstToken);
    expect((await fetch(`${server.url}/api/v1/packages`, { headers: { authorization: `Bearer ${credentials.local.token}` } })).status).toBe(200);
    expect((await fetch(`${server.url}/api/v1/packages`, { headers: { authorization: `Bearer ${firstToken}` } })).status).toBe(401);
    expect(await server.stop()).toBe(0);
  });

  it('in its own process: one log line per request on stderr, and exit 0 on SIGTERM (built dist/)', async () => {
    const script = `const { runEnvStart } = await import(${JSON.stringify(`${repoRoot}dist/commands/env-start.js`)}); process.exitCode = await runEnvStart({ port: 0, data: ${JSON.stringify(join(home, 'child'))} });`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
    const stderr = createInterface({ input: child.stderr! })[Symbol.asyncIterator]();
    let url: string | undefined;
    while (!url) {
      const line = await stdout.next();
      if (line.done) throw new Error('env start exited before listening');
      url = /^url: (.*)$/.exec(line.value)?.[1];
    }
    expect((await fetch(`${url}/api/v1/health`)).status).toBe(200);
    const logged = await stderr.next();
    expect(logged.value).toMatch(/^\d{4}-\d{2}-\d{2}T\S+ GET \/api\/v1\/health 200 \d+\.\dms$/);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const rest: string[] = [];
    for (let line = await stderr.next(); !line.done; line = await stderr.next()) rest.push(line.value);
    expect(await exited).toBe(0);
    expect(rest).toEqual(['mwkit: stopping the environment…', 'mwkit: stopped.']);
  });

  it('--max-package-size sets the largest package, and the 413 names it', async () => {
    await expect(runEnvStart({ port: 0, data: dataDir, env, maxPackageSize: 'lots' })).rejects.toThrow(/--max-package-size is a whole number of MiB/);
    const server = await start({ maxPackageSize: 1 });
    const { token } = (JSON.parse(readFileSync(join(env.XDG_CONFIG_HOME, 'mwkit', 'credentials.json'), 'utf8')) as { local: { token: string } }).local;
    const response = await fetch(`${server.url}/api/v1/packages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/zip' },
      body: new Uint8Array(1536 * 1024),
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { detail: string }).detail).toMatch(/larger than 1 MiB.*mwkit env start --max-package-size/);
    expect(await server.stop()).toBe(0);
  });

  it('refuses a port that is not a port, and one in use', async () => {
    await expect(runEnvStart({ port: 'eighty', data: dataDir, env })).rejects.toThrow(/--port must be a whole number/);
    const server = await start();
    const port = new URL(server.url).port;
    await expect(runEnvStart({ port, data: join(home, 'other'), env })).rejects.toThrow(new RegExp(`Port ${port} on 127.0.0.1 is already in use`));
    await server.stop();
  });
});
