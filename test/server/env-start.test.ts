// `mwkit env start` through runEnvStart: it serves until stopped, prints the URL, the data
// folder and the demo users, connects the CLI through the `local` profile, and a second start
// keeps the data and replaces the CLI token.
import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runEnvStart } from '../../src/commands/env-start.js';
import { tempFolder } from './helpers.js';

const home = tempFolder('mwkit-home-');
const dataDir = join(home, 'env');
const env = { XDG_CONFIG_HOME: join(home, 'config') };

afterAll(() => rmSync(home, { recursive: true, force: true }));

interface Started {
  url: string;
  output: () => string;
  stop: () => Promise<number>;
}

async function start(extra: { demo?: boolean } = {}): Promise<Started> {
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
    expect(output).toMatch(/every user signs in with the password mwkit-demo/);
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

  it('refuses a port that is not a port, and one in use', async () => {
    await expect(runEnvStart({ port: 'eighty', data: dataDir, env })).rejects.toThrow(/--port must be a whole number/);
    const server = await start();
    const port = new URL(server.url).port;
    await expect(runEnvStart({ port, data: join(home, 'other'), env })).rejects.toThrow(new RegExp(`Port ${port} on 127.0.0.1 is already in use`));
    await server.stop();
  });
});
