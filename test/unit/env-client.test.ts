// The HTTP client against a tiny node:http stub on 127.0.0.1 port 0: timeouts, retries of GET
// only, status → exit code mapping, an unreachable port, headers, no redirects.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ExitCode, UserError } from '../../src/errors.js';
import { createClient, type ClientOptions } from '../../src/env/client.js';
import { environmentApi } from '../../src/env/api.js';
import { EnvironmentError } from '../../src/env/errors.js';
import type { Target } from '../../src/env/target.js';

type Handler = (request: IncomingMessage, response: ServerResponse, body: Buffer, attempt: number) => void;

const servers: Server[] = [];
const fast: ClientOptions = { timeoutMs: 300, uploadTimeoutMs: 300, retries: 2, retryDelayMs: 5 };

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** Starts a stub; `requests` records what arrived, so tests can count attempts. */
async function stub(handler: Handler): Promise<{ target: Target; requests: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: Buffer }> }> {
  const requests: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: Buffer }> = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
      handler(request, response, body, requests.length);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { target: { name: 'stub', url: `http://127.0.0.1:${port}`, token: 'secret-token', source: 'current', isTokenFromEnv: false }, requests };
}

function json(response: ServerResponse, status: number, value: unknown, type = 'application/json'): void {
  response.writeHead(status, { 'content-type': type });
  response.end(JSON.stringify(value));
}

function problem(response: ServerResponse, status: number, slug: string, title: string): void {
  json(response, status, { type: `https://mwkit.dev/problems/${slug}`, title, status }, 'application/problem+json');
}

async function failure(promise: Promise<unknown>): Promise<UserError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a UserError');
}

describe('createClient', () => {
  it('sends the bearer token, a user agent and accepts JSON under /api/v1', async () => {
    const { target, requests } = await stub((_, response) => json(response, 200, { id: 'admin', name: 'Admin', roles: [], isAdmin: true }));
    const me = await environmentApi(createClient(target, fast)).me();
    expect(me.name).toBe('Admin');
    expect(requests[0]).toMatchObject({ method: 'GET', url: '/api/v1/me' });
    expect(requests[0]?.headers.authorization).toBe('Bearer secret-token');
    expect(requests[0]?.headers['user-agent']).toMatch(/^mwkit\//);
  });

  it('retries a GET after 503 and succeeds', async () => {
    const { target, requests } = await stub((_, response, __, attempt) => (attempt === 1 ? problem(response, 503, 'unavailable', 'Service Unavailable') : json(response, 200, [])));
    await expect(environmentApi(createClient(target, fast)).workspaces()).resolves.toEqual([]);
    expect(requests).toHaveLength(2);
  });

  it('retries a GET after a reset connection', async () => {
    const { target, requests } = await stub((request, response, _, attempt) => (attempt === 1 ? request.socket.destroy() : json(response, 200, { entities: {} })));
    await expect(environmentApi(createClient(target, fast)).entities()).resolves.toEqual({ entities: {} });
    expect(requests).toHaveLength(2);
  });

  it('gives up after the retries (1 + 2 attempts) with exit 3 for a gateway error', async () => {
    const { target, requests } = await stub((_, response) => problem(response, 502, 'bad-gateway', 'Bad Gateway'));
    const error = await failure(environmentApi(createClient(target, fast)).packages());
    expect(requests).toHaveLength(3);
    expect(error.exitCode).toBe(ExitCode.unreachable);
    expect(error.message).toBe(`stub (${target.url}) is not available (502 Bad Gateway).`);
  });

  it('never retries a POST: an upload answered 500 was tried once, exit 1', async () => {
    const { target, requests } = await stub((_, response) => problem(response, 500, 'internal', 'Internal Server Error'));
    const error = await failure(environmentApi(createClient(target, fast)).uploadPackage(Buffer.from('PK'), { isDryRun: false, isDowngradeAllowed: false }));
    expect(requests).toHaveLength(1);
    expect(error.exitCode).toBe(ExitCode.failed);
  });

  it('never retries a POST after a reset connection either', async () => {
    const { target, requests } = await stub((request) => request.socket.destroy());
    const error = await failure(environmentApi(createClient(target, fast)).publish('x', undefined));
    expect(requests).toHaveLength(1);
    expect(error.exitCode).toBe(ExitCode.unreachable);
  });

  it('times out a request that gets no answer (exit 3); a GET is tried again, a POST is not', async () => {
    const silent = await stub(() => undefined);
    const getError = await failure(environmentApi(createClient(silent.target, { ...fast, timeoutMs: 150, retries: 1 })).workspaces());
    expect(getError).toBeInstanceOf(EnvironmentError);
    expect(getError.exitCode).toBe(ExitCode.unreachable);
    expect(getError.message).toBe(`stub (${silent.target.url}) did not answer within 0.2 s.`);
    expect(silent.requests).toHaveLength(2);
    const quiet = await stub(() => undefined);
    await failure(environmentApi(createClient(quiet.target, { ...fast, timeoutMs: 150 })).rollback('p', undefined));
    expect(quiet.requests).toHaveLength(1);
  });

  it('maps 401 and 403 to exit 3 with the fix, without retrying', async () => {
    const { target, requests } = await stub((request, response) =>
      request.url?.includes('/me') ? problem(response, 401, 'unauthorized', 'Unauthorized') : problem(response, 403, 'forbidden', 'Forbidden'),
    );
    const api = environmentApi(createClient(target, fast));
    const unauthorized = await failure(api.me());
    expect(unauthorized.exitCode).toBe(ExitCode.unreachable);
    expect(unauthorized.hint).toBe(`Save a valid admin token: mwkit env add stub --url ${target.url} --token-stdin`);
    const forbidden = await failure(api.packages());
    expect(forbidden.exitCode).toBe(ExitCode.unreachable);
    expect(requests).toHaveLength(2);
    expect(`${unauthorized.message} ${unauthorized.hint} ${forbidden.message} ${forbidden.hint}`).not.toContain('secret-token');
  });

  it('is exit 3 with "is mwkit env start running?" for a port nobody listens on', async () => {
    const { target } = await stub(() => undefined);
    const closed = servers.pop() as Server;
    await new Promise((resolve) => closed.close(resolve));
    const error = await failure(environmentApi(createClient(target, fast)).workspaces());
    expect(error.exitCode).toBe(ExitCode.unreachable);
    expect(error.message).toBe(`Cannot reach ${target.url} — is \`mwkit env start\` running?`);
  });

  it('does not follow redirects (the token stays with the address it belongs to)', async () => {
    const { target, requests } = await stub((_, response) => {
      response.writeHead(302, { location: 'https://elsewhere.example/api/v1/me' });
      response.end();
    });
    const error = await failure(environmentApi(createClient(target, fast)).me());
    expect(error.exitCode).toBe(ExitCode.unreachable);
    expect(error.message).toContain('redirects to https://elsewhere.example/api/v1/me');
    expect(requests).toHaveLength(1);
  });

  it('is exit 3 when the answer is not JSON (not an mwkit environment)', async () => {
    const { target } = await stub((_, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<html>hello</html>');
    });
    const error = await failure(environmentApi(createClient(target, fast)).workspaces());
    expect(error.exitCode).toBe(ExitCode.unreachable);
    expect(error.message).toMatch(/not JSON: is it an mwkit environment\?/);
  });

  it('uploads the package bytes as application/zip with dryRun and allowDowngrade in the query', async () => {
    const { target, requests } = await stub((_, response) =>
      json(response, 200, { outcome: 'planned', package: { name: 'p', version: '1.0.0', digest: 'd' }, plan: { workspaces: { added: [], changed: [], unchanged: [], removed: [] } } }),
    );
    const result = await environmentApi(createClient(target, fast)).uploadPackage(Buffer.from('PK\u0003\u0004zip'), { isDryRun: true, isDowngradeAllowed: true });
    expect(result.outcome).toBe('planned');
    expect(requests[0]?.url).toBe('/api/v1/packages?dryRun=true&allowDowngrade=true');
    expect(requests[0]?.headers['content-type']).toBe('application/zip');
    expect(requests[0]?.body.toString()).toBe('PK\u0003\u0004zip');
  });

  it('encodes ids in paths and reads 204 as no content', async () => {
    const { target, requests } = await stub((_, response) => {
      response.writeHead(204);
      response.end();
    });
    await expect(environmentApi(createClient(target, fast)).removeTrustedKey('ab/../cd')).resolves.toBeUndefined();
    expect(requests[0]).toMatchObject({ method: 'DELETE', url: '/api/v1/trust/ab%2F..%2Fcd' });
  });
});
