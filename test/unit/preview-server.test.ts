// The preview's front server (its own routes, the environment behind it byte for byte, ports),
// the live channel's Server-Sent Events, and the watcher, each on real sockets and files.
import { createServer, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFront, type FrontServer } from '../../src/preview/front.js';
import { LiveChannel } from '../../src/preview/live.js';
import type { PreviewSession, PreviewStatus } from '../../src/preview/protocol.js';
import { watchProject, type ProjectWatcher } from '../../src/preview/watch.js';

const session: PreviewSession = { project: 'p', user: 'emma.fischer', password: 'mwkit-demo', users: [{ id: 'emma.fischer', name: 'Emma Fischer', roles: ['Employee'] }] };
const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A stand-in environment: echoes what it got, as JSON, with a header of its own. */
async function upstream(): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      response.writeHead(201, { 'content-type': 'application/json', 'x-upstream': 'yes' });
      response.end(JSON.stringify({ method: request.method, url: request.url, authorization: request.headers.authorization ?? null, body: Buffer.concat(chunks).toString('utf8') }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function front(environmentUrl: string, options: { port?: number; isPortFixed?: boolean; live?: LiveChannel } = {}): Promise<FrontServer> {
  const live = options.live ?? new LiveChannel();
  const started = await startFront({ host: '127.0.0.1', port: options.port ?? 0, isPortFixed: options.isPortFixed ?? false, environmentUrl, live, session: () => session });
  cleanups.push(() => started.close());
  return started;
}

function isPortClosed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe('the front server', () => {
  it('passes everything but /api/v1/preview to the environment: method, path, query, headers, body and status', async () => {
    const environment = await upstream();
    const { url } = await front(environment.url);
    const response = await fetch(`${url}/api/v1/packages?dryRun=true`, { method: 'POST', headers: { authorization: 'Bearer t0k3n', 'content-type': 'application/zip' }, body: 'PK…' });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-upstream')).toBe('yes');
    expect(await response.json()).toEqual({ method: 'POST', url: '/api/v1/packages?dryRun=true', authorization: 'Bearer t0k3n', body: 'PK…' });
  });

  it('answers the preview session and status itself, and 404/405 for anything else under /api/v1/preview', async () => {
    const environment = await upstream();
    const live = new LiveChannel();
    const { url } = await front(environment.url, { live });
    expect(await (await fetch(`${url}/api/v1/preview/session`)).json()).toEqual(session);
    live.update({ phase: 'ok', applied: { version: '1.0.0-preview.1', at: '2025-01-01T00:00:00.000Z' } });
    const status = (await (await fetch(`${url}/api/v1/preview/status`)).json()) as PreviewStatus;
    expect(status).toMatchObject({ revision: 1, phase: 'ok', applied: { version: '1.0.0-preview.1' } });
    const unknown = await fetch(`${url}/api/v1/preview/nothing`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await fetch(`${url}/api/v1/preview/status`, { method: 'POST' })).status).toBe(405);
  });

  it('answers 502 when the environment is gone (the app reads it as offline)', async () => {
    const environment = await upstream();
    const { url } = await front(environment.url);
    await new Promise<void>((resolve) => environment.server.close(() => resolve()));
    const response = await fetch(`${url}/api/v1/health`);
    expect(response.status).toBe(502);
    expect(((await response.json()) as { title: string }).title).toBe('The environment did not answer');
  });

  it('takes the next port when the default one is taken, and refuses a taken --port', async () => {
    const environment = await upstream();
    const taken = await front(environment.url);
    const next = await front(environment.url, { port: taken.port });
    expect(next.port).toBeGreaterThan(taken.port);
    await expect(front(environment.url, { port: taken.port, isPortFixed: true })).rejects.toMatchObject({ exitCode: 2, message: `Port ${taken.port} on 127.0.0.1 is already in use.` });
  });

  it('streams the status as Server-Sent Events, and closing ends the streams and frees the port', async () => {
    const environment = await upstream();
    const live = new LiveChannel();
    const started = await front(environment.url, { live });
    const response = await fetch(`${started.url}/api/v1/preview/events`);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (pattern: RegExp): Promise<void> => {
      while (!pattern.test(text)) {
        const { value, done } = await reader.read();
        if (done) return;
        text += decoder.decode(value, { stream: true });
      }
    };
    await readUntil(/"revision":0/);
    expect(text).toMatch(/^retry: 1000\nid: 0\nevent: status\ndata: \{"revision":0,"phase":"starting"/);
    live.update({ phase: 'invalid', errors: 1, message: '1 error: not applied' });
    await readUntil(/id: 1\nevent: status\ndata: .*"phase":"invalid"/);
    expect(live.clientCount).toBe(1);
    await started.close();
    const end = await reader.read().then(async (chunk) => (chunk.done ? chunk : reader.read()));
    expect(end.done).toBe(true);
    expect(await isPortClosed(started.port)).toBe(true);
  });
});

describe('watchProject', () => {
  function project(): string {
    const dir = mkdtempSync(join(tmpdir(), 'mwkit-watch-'));
    mkdirSync(join(dir, 'workspaces', 'a'), { recursive: true });
    mkdirSync(join(dir, '.mwkit'));
    writeFileSync(join(dir, 'workspaces', 'a', 'workspace.yaml'), 'id: a\n');
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
  }

  function watching(dir: string): { next(): Promise<string[]>; watcher: ProjectWatcher } {
    const batches: string[][] = [];
    let wake: (() => void) | undefined;
    const watcher = watchProject(dir, {
      debounceMs: 30,
      onChange: (files) => {
        batches.push(files);
        wake?.();
      },
    });
    cleanups.push(() => watcher.close());
    return {
      watcher,
      next: async () => {
        while (batches.length === 0)
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
        return batches.shift()!;
      },
    };
  }

  it('reports each save of a file that editors replace by renaming a copy over it', async () => {
    const dir = project();
    const { next } = watching(dir);
    const file = join(dir, 'workspaces', 'a', 'workspace.yaml');
    for (const round of [1, 2, 3]) {
      writeFileSync(`${file}.tmp`, `id: a\ntitle: round ${round}\n`);
      renameSync(`${file}.tmp`, file);
      expect(await next()).toEqual(['workspaces/a/workspace.yaml']);
    }
  });

  it('gathers a burst of saves into one change, follows new folders and ignores .mwkit', async () => {
    const dir = project();
    const { next } = watching(dir);
    writeFileSync(join(dir, '.mwkit', 'state.json'), '{}');
    writeFileSync(join(dir, 'mwkit.yaml'), 'name: p\n');
    writeFileSync(join(dir, 'catalog.json'), '{}');
    expect(await next()).toEqual(['catalog.json', 'mwkit.yaml']);
    // A new workspace: its file is written before the folder's watch can have started.
    mkdirSync(join(dir, 'workspaces', 'b'));
    writeFileSync(join(dir, 'workspaces', 'b', 'workspace.yaml'), 'id: b\n');
    expect(await next()).toEqual(['workspaces/b/workspace.yaml']);
    writeFileSync(join(dir, 'workspaces', 'b', 'logic.js'), 'export {};\n');
    expect(await next()).toEqual(['workspaces/b/logic.js']);
  });
});
