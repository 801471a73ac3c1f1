// Attacks on the HTTP surface (security issue 11, items 12, 13, 15, 17, 18), one test per attack
// in the style of python-tuf's attack tests: the attack is named, the defence asserted.
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, startServer, type TestServer } from './helpers.js';

interface Problem {
  type: string;
  status: number;
  detail: string;
  errors?: Array<{ pointer: string; message: string }>;
}

let server: TestServer;

beforeAll(async () => {
  server = await startServer({ maxPackageBytes: 64 * 1024 });
});

afterAll(async () => server.cleanup());

async function expectProblem(response: Response, status: number, slug: string): Promise<Problem> {
  expect({ status: response.status, contentType: response.headers.get('content-type') }).toEqual({ status, contentType: 'application/problem+json; charset=utf-8' });
  const problem = await json<Problem>(response);
  expect(problem.type).toBe(`https://mwkit.dev/problems/${slug}`);
  return problem;
}

/** A request with a raw path (fetch would normalise it), answered as status, headers and body. */
function rawGet(path: string, headers: Record<string, string> = {}): Promise<{ status: number; contentType: string | undefined; body: string }> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: url.hostname, port: url.port, path, headers: { authorization: `Bearer ${server.adminToken}`, ...headers } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, contentType: response.headers['content-type'], body }));
    });
    request.on('error', reject);
    request.end();
  });
}

describe('attack: $user.<inherited property> in a data filter (item 12)', () => {
  it.each(['constructor', 'toString', 'hasOwnProperty', '__proto__'])('$user.%s is a 400 problem naming the variable', async (name) => {
    const token = await server.signIn('emma.fischer');
    const filter = encodeURIComponent(JSON.stringify({ owner: `$user.${name}` }));
    const problem = await expectProblem(await server.api(`/data/ExpenseReport?filter=${filter}`, { token }), 400, 'invalid-request');
    expect(problem.detail).toContain(`$user.${name}`);
    expect(problem.errors?.[0]?.pointer).toBe('/filter/owner');
  });

  it('a known attribute the user has still resolves', async () => {
    const token = await server.signIn('kai.vogel');
    const filter = encodeURIComponent(JSON.stringify({ vendor: '$user.vendorId' }));
    const response = await server.api(`/data/PurchaseOrder?filter=${filter}`, { token });
    expect(response.status).toBe(200);
  });
});

describe('attack: malformed and oversized URLs (items 13, 18)', () => {
  it('invalid percent-encoding is a 400 problem, not plain JSON', async () => {
    const answer = await rawGet('/api/v1/%c0%ae');
    expect({ status: answer.status, contentType: answer.contentType }).toEqual({ status: 400, contentType: 'application/problem+json; charset=utf-8' });
    expect(JSON.parse(answer.body).type).toBe('https://mwkit.dev/problems/invalid-request');
  });

  it('a record key of 200 characters (the documented maximum) reaches the route', async () => {
    const response = await server.api(`/data/ExpenseReport/${'k'.repeat(200)}`);
    await expectProblem(response, 404, 'not-found');
  });

  it("a path parameter beyond the router's limit is a 414 problem", async () => {
    const answer = await rawGet(`/api/v1/data/ExpenseReport/${'k'.repeat(2000)}`);
    expect({ status: answer.status, contentType: answer.contentType }).toEqual({ status: 414, contentType: 'application/problem+json; charset=utf-8' });
    expect(JSON.parse(answer.body).type).toBe('https://mwkit.dev/problems/uri-too-long');
  });

  it('an oversized URL (headers over the limit) is a 431 problem', async () => {
    const answer = await rawGet(`/api/v1/health?x=${'a'.repeat(20_000)}`);
    expect({ status: answer.status, contentType: answer.contentType }).toEqual({ status: 431, contentType: 'application/problem+json; charset=utf-8' });
    expect(JSON.parse(answer.body).type).toBe('https://mwkit.dev/problems/headers-too-large');
  });
});

describe('attack: extreme numbers in limit (item 18)', () => {
  it.each(['1e309', '-1e309', 'Infinity', '-Infinity', 'NaN'])('limit=%s on /data and /history is a 400 problem', async (limit) => {
    await expectProblem(await server.api(`/data/ExpenseReport?limit=${limit}`), 400, 'invalid-request');
    await expectProblem(await server.api(`/history?limit=${limit}`), 400, 'invalid-request');
  });
});

describe('attack: caching or sniffing secrets (item 17)', () => {
  it('the token response says Cache-Control: no-store', async () => {
    const response = await server.api('/auth/token', {
      token: null,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'lucas.martin', password: 'mwkit-demo' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it.each(['/health', '/me', '/nope', '/data/ExpenseReport?limit=0'])('%s answers with X-Content-Type-Options: nosniff and no-store', async (path) => {
    const response = await server.api(path);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('a package over the limit is refused with a 413 naming the option that sets it', async () => {
    const response = await server.api('/packages', { method: 'POST', headers: { 'content-type': 'application/zip' }, body: new Uint8Array(65 * 1024) });
    const problem = await expectProblem(response, 413, 'payload-too-large');
    expect(problem.detail).toContain('64 KiB');
    expect(problem.detail).toContain('mwkit env start --max-package-size');
  });
});

describe('attack: slow-loris (item 15)', () => {
  it('a body sent a byte at a time is cut off by the request timeout', async () => {
    const slow = await startServer({ demo: false, limits: { requestTimeoutMs: 300 } });
    try {
      const url = new URL(slow.url);
      const socket = connect(Number(url.port), url.hostname);
      let answer = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (answer += chunk));
      socket.write('POST /api/v1/auth/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{');
      const drip = setInterval(() => socket.write(' '), 50);
      const closed = await new Promise<boolean>((resolve) => {
        socket.on('close', () => resolve(true));
        setTimeout(() => resolve(false), 5000);
      });
      clearInterval(drip);
      socket.destroy();
      expect(closed).toBe(true);
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
      expect(answer).toContain('application/problem+json');
    } finally {
      await slow.cleanup();
    }
  });

  it('connections beyond the cap are dropped, not queued', async () => {
    const capped = await startServer({ demo: false, limits: { maxConnections: 2 } });
    const url = new URL(capped.url);
    const open = (): Promise<{ socket: ReturnType<typeof connect>; closed: Promise<void> }> =>
      new Promise((resolve) => {
        const socket = connect(Number(url.port), url.hostname, () => resolve({ socket, closed: new Promise((done) => socket.on('close', () => done())) }));
        socket.on('error', () => undefined);
      });
    try {
      const held = [await open(), await open()];
      const third = await open();
      await third.closed;
      // The held ones still work.
      held[0]!.socket.write('GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n');
      const answer = await new Promise<string>((resolve) => held[0]!.socket.once('data', (chunk: Buffer) => resolve(chunk.toString())));
      expect(answer).toMatch(/^HTTP\/1\.1 200/);
      for (const { socket } of held) socket.destroy();
    } finally {
      await capped.cleanup();
    }
  });

  it('the defaults bound every wait and count', async () => {
    const { serverLimits, fastifyLimitOptions } = await import('../../src/server/http/limits.js');
    const limits = serverLimits();
    const options = fastifyLimitOptions(limits);
    for (const value of [options.connectionTimeout, options.requestTimeout, options.keepAliveTimeout, options.maxRequestsPerSocket, limits.maxConnections, options.http.headersTimeout]) {
      expect(value).toBeGreaterThan(0);
    }
    expect(options.http.connectionsCheckingInterval).toBeLessThanOrEqual(1000);
    expect(options.routerOptions.maxParamLength).toBeGreaterThanOrEqual(3 * 214);
  });
});
