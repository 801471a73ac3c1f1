// How the app fetches a workspace's offline data (issue 27, item 11): a few requests at a time,
// and no more bytes per workspace than its budget, however many pages ask for data.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadWorkspace, offlineConcurrency } from '../../app/src/snapshots.js';
import type { Catalog, Workspace } from '../../src/model/types.js';

const catalog = { entities: { Item: { key: 'id', fields: { id: { type: 'string' }, name: { type: 'string' } } } } } as unknown as Catalog;

function workspaceOf(pages: number): Workspace {
  return {
    schemaVersion: 1,
    id: 'w',
    title: 'W',
    version: '1.0.0',
    offline: { records: 500 },
    pages: Array.from({ length: pages }, (_, i) => ({ id: `p${i}`, kind: 'list', title: `P${i}`, entity: 'Item', filter: { name: `n${i}` }, fields: ['name'] })),
  } as unknown as Workspace;
}

/** A fake environment: every /data request answers 500 records of about 1 KB each, after a tick. */
function fakeEnvironment() {
  const seen = { requests: 0, inFlight: 0, maxInFlight: 0 };
  const body = JSON.stringify({ items: Array.from({ length: 500 }, (_, i) => ({ id: `I-${i}`, name: 'x'.repeat(1000) })), nextCursor: null });
  vi.stubGlobal('fetch', async () => {
    seen.requests += 1;
    seen.inFlight += 1;
    seen.maxInFlight = Math.max(seen.maxInFlight, seen.inFlight);
    await new Promise((resolve) => setTimeout(resolve, 5));
    seen.inFlight -= 1;
    return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
  });
  return seen;
}

const store = { putRecords: async () => undefined } as never;
const session = { token: 't', expiresAt: '', user: { id: 'u', name: 'U', roles: [], attributes: {} } } as never;

afterEach(() => vi.unstubAllGlobals());

describe('loadWorkspace', () => {
  it('runs at most a few requests at a time', async () => {
    const seen = fakeEnvironment();
    await loadWorkspace({ store, session, catalog }, workspaceOf(12), { bytesLeft: Infinity });
    expect(seen.requests).toBe(12);
    expect(seen.maxInFlight).toBe(offlineConcurrency);
  });

  it("stops at the workspace's byte budget instead of fetching every page", async () => {
    const seen = fakeEnvironment();
    await loadWorkspace({ store, session, catalog }, workspaceOf(100), { bytesLeft: 2 * 1024 * 1024 });
    // ~0.5 MB per answer: the budget is spent after 4–5, plus what was already in flight.
    expect(seen.requests).toBeLessThanOrEqual(5 + offlineConcurrency);
    expect(seen.requests).toBeGreaterThanOrEqual(4);
  });
});
