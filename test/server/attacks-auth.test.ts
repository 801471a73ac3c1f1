// Attacks on signing in (security issue 11, items 10 and 11), one test per attack: parallel
// guesses must not bypass the slow-down, a flood must be capped before any password is
// checked, password checks must be bounded, and the memory of failures must not grow forever.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignInAttempts, freeAttempts } from '../../src/server/domain/backoff.js';
import { ServiceError } from '../../src/server/services/errors.js';
import { WorkGate } from '../../src/server/services/work-gate.js';
import { demoPassword, json, startServer, type TestServer } from './helpers.js';

let server: TestServer;

beforeAll(async () => {
  server = await startServer({ signIn: { perAddress: { max: 1000, windowMs: 60_000 } } });
});

afterAll(async () => server.cleanup());

function signIn(target: TestServer, username: string, password: string): Promise<Response> {
  return target.api('/auth/token', { token: null, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
}

async function expectProblemType(response: Response, slug: string): Promise<void> {
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect((await json<{ type: string }>(response)).type).toBe(`https://mwkit.dev/problems/${slug}`);
}

describe('attack: parallel password guesses for one name (item 10)', () => {
  it('30 parallel wrong guesses: at most the free attempts are checked, the rest are 429 with Retry-After', async () => {
    const responses = await Promise.all(Array.from({ length: 30 }, (_, i) => signIn(server, 'noah.dubois', `guess-${i}`)));
    const checked = responses.filter((r) => r.status === 401);
    const refused = responses.filter((r) => r.status === 429);
    expect(checked.length + refused.length).toBe(30);
    expect(checked.length).toBeGreaterThanOrEqual(1);
    expect(checked.length).toBeLessThanOrEqual(freeAttempts);
    for (const response of refused) {
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      await expectProblemType(response, 'too-many-attempts');
    }
  });

  it('the right password hidden in a burst of 40 does not get through', async () => {
    const passwords = Array.from({ length: 40 }, (_, i) => (i === 20 ? demoPassword : `guess-${i}`));
    const responses = await Promise.all(passwords.map((password) => signIn(server, 'mia.jansen', password)));
    expect(responses.map((r) => r.status)).not.toContain(200);
    expect(responses.filter((r) => r.status === 401).length).toBeLessThanOrEqual(freeAttempts);
  });
});

describe('attack: a flood of sign-ins for unknown names (item 11)', () => {
  it('sign-ins beyond the per-address limit are refused before any password check', async () => {
    const limited = await startServer({ demo: false, signIn: { perAddress: { max: 5, windowMs: 60_000 } } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) {
        const response = await signIn(limited, `nobody-${i}`, 'x');
        statuses.push(response.status);
        if (response.status === 429) {
          expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
          await expectProblemType(response, 'too-many-attempts');
        } else {
          await response.arrayBuffer();
        }
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    } finally {
      await limited.cleanup();
    }
  });

  it('password checks beyond the gate are refused as busy (503, Retry-After), never queued without end', async () => {
    const gated = await startServer({ demo: false, signIn: { perAddress: { max: 10_000, windowMs: 60_000 }, checks: { maxRunning: 1, maxWaiting: 2 } } });
    try {
      const responses = await Promise.all(Array.from({ length: 40 }, (_, i) => signIn(gated, `flood-${i}`, 'x')));
      const statuses = new Set(responses.map((r) => r.status));
      expect([...statuses].sort()).toEqual([401, 503]);
      const busy = responses.find((r) => r.status === 503)!;
      expect(busy.headers.get('retry-after')).toBe('1');
      await expectProblemType(busy, 'busy');
    } finally {
      await gated.cleanup();
    }
  });

  it('the gate runs at most maxRunning at once and refuses beyond maxWaiting', async () => {
    const gate = new WorkGate({ maxRunning: 2, maxWaiting: 3 });
    let running = 0;
    let peak = 0;
    const releases: Array<() => void> = [];
    const work = (): Promise<void> =>
      new Promise((resolve) => {
        running++;
        peak = Math.max(peak, running);
        releases.push(() => (running--, resolve()));
      });
    const results = Array.from({ length: 8 }, () =>
      gate.run(work).then(
        () => 'done',
        (error: unknown) => (error instanceof ServiceError ? error.slug : 'other'),
      ),
    );
    expect(gate.load).toEqual({ running: 2, waiting: 3 });
    while (releases.length > 0 || running > 0) {
      releases.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await Promise.all(results)).toEqual(['done', 'done', 'done', 'done', 'done', 'busy', 'busy', 'busy']);
    expect(peak).toBe(2);
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });

  it('the memory of failed attempts is pruned: old entries go, and it never exceeds its cap', () => {
    const attempts = new SignInAttempts({ forgetAfterMs: 60_000, maxEntries: 100 });
    for (let i = 0; i < 50; i++) {
      const reservation = attempts.reserve(`name-${i}\u0000127.0.0.1`, 0);
      expect(reservation.ok).toBe(true);
      attempts.failed(`name-${i}\u0000127.0.0.1`);
    }
    expect(attempts.size).toBe(50);
    attempts.reserve('later\u0000127.0.0.1', 61_000);
    expect(attempts.size).toBe(1);
    for (let i = 0; i < 500; i++) {
      attempts.reserve(`flood-${i}\u0000127.0.0.1`, 62_000);
      attempts.failed(`flood-${i}\u0000127.0.0.1`);
    }
    expect(attempts.size).toBeLessThanOrEqual(100);
  });
});
