// A real server process killed with SIGKILL in the middle of applying a large package restarts
// with the old state or the new one, never half; two applies at once end consistent.
// Runs the built server (dist/): `npm test` builds first.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPassword, makePackage, repoRoot, tempFolder, templateIds } from './helpers.js';
import { storeFactories } from './store-factories.js';

interface Child {
  process: ChildProcess;
  apiUrl: string;
  token: string;
  lines: AsyncIterator<string>;
}

const childScript = new URL('./fixtures/server-child.mjs', import.meta.url).pathname;
const dataDir = tempFolder();
let small: Buffer;
let large: Buffer;

async function startChild(mode: 'hold' | 'plain' | 'demo', folder = dataDir): Promise<Child> {
  const child = spawn(process.execPath, [childScript, folder, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done) throw new Error('the server process exited before it listened');
  const { apiUrl, token } = JSON.parse(first.value) as { apiUrl: string; token: string };
  return { process: child, apiUrl, token, lines };
}

async function kill(child: Child): Promise<void> {
  const exited = new Promise((resolve) => child.process.once('exit', resolve));
  child.process.kill('SIGKILL');
  await exited;
}

function api(child: Child, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${child.apiUrl}${path}`, { ...init, headers: { authorization: `Bearer ${child.token}`, ...(init.headers as Record<string, string> | undefined) } });
}

function uploadTo(child: Child, bytes: Buffer): Promise<Response> {
  return api(child, '/packages', { method: 'POST', headers: { 'content-type': 'application/zip' }, body: new Uint8Array(bytes) });
}

async function state(child: Child): Promise<{ text: string; workspaces: number; current: string[] }> {
  const texts = await Promise.all(['/packages', '/workspaces', '/history'].map(async (path) => (await api(child, path)).text()));
  const packages = JSON.parse(texts[0]!) as Array<{ version: string; isCurrent: boolean }>;
  return { text: texts.join('\n'), workspaces: (JSON.parse(texts[1]!) as unknown[]).length, current: packages.filter((p) => p.isCurrent).map((p) => p.version) };
}

beforeAll(async () => {
  if (!existsSync(`${repoRoot}dist/server/index.js`)) throw new Error('Build first (npm run build): the crash tests run the built server.');
  small = await makePackage({ name: 'big-apps', version: '1.0.0', workspaces: ['expense-management', 'sales-orders'] });
  const workspaces = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`ws-${String(i).padStart(3, '0')}`, templateIds[i % templateIds.length]!]));
  large = await makePackage({ name: 'big-apps', version: '2.0.0', workspaces });
}, 120_000);

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('a server killed while applying', () => {
  it('keeps the old state when killed inside the apply transaction', async () => {
    let child = await startChild('hold');
    expect((await uploadTo(child, small)).status).toBe(201);
    const before = await state(child);
    expect(before.current).toEqual(['1.0.0']);
    const pending = uploadTo(child, large).catch((error: unknown) => error);
    const held = await child.lines.next();
    expect(held.value).toBe('midApply big-apps 2.0.0');
    await kill(child);
    expect(await pending).toBeInstanceOf(Error);
    child = await startChild('plain');
    const after = await state(child);
    expect(after.text).toBe(before.text);
    expect(after.workspaces).toBe(2);
    await kill(child);
  });

  it('has the whole new state when killed after the apply answered', async () => {
    let child = await startChild('plain');
    const response = await uploadTo(child, large);
    expect(response.status).toBe(201);
    const applied = await state(child);
    await kill(child);
    child = await startChild('plain');
    const after = await state(child);
    expect(after.text).toBe(applied.text);
    expect(after).toMatchObject({ workspaces: 500, current: ['2.0.0'] });
    await kill(child);
  });
});

describe('two applies at once', () => {
  it('are decided one after the other: both recorded in order, or the older refused as a downgrade', async () => {
    const child = await startChild('plain');
    const v3 = await makePackage({ name: 'race-apps', version: '3.0.0', workspaces: ['inventory-on-hand'] });
    const v4 = await makePackage({ name: 'race-apps', version: '4.0.0', workspaces: ['inventory-on-hand', 'cost-controlling'] });
    const [a, b] = await Promise.all([uploadTo(child, v3), uploadTo(child, v4)]);
    const packages = (await (await api(child, '/packages')).json()) as Array<{ name: string; version: string; isCurrent: boolean }>;
    const race = packages.filter((p) => p.name === 'race-apps');
    const history = ((await (await api(child, '/history')).json()) as Array<{ action: string; package?: { name: string; version: string } }>)
      .filter((h) => h.package?.name === 'race-apps')
      .map((h) => h.package!.version)
      .reverse();
    const workspaces = ((await (await api(child, '/workspaces')).json()) as Array<{ id: string; package: { name: string; version: string } }>).filter((w) => w.package.name === 'race-apps');
    // Whatever the order, 4.0.0 ends current with exactly its own workspaces.
    expect(race.find((p) => p.isCurrent)?.version).toBe('4.0.0');
    expect(workspaces.map((w) => [w.id, w.package.version])).toEqual([
      ['cost-controlling', '4.0.0'],
      ['inventory-on-hand', '4.0.0'],
    ]);
    if (a.status === 201) {
      expect(b.status).toBe(201);
      expect(history).toEqual(['3.0.0', '4.0.0']);
    } else {
      expect([a.status, b.status]).toEqual([409, 201]);
      expect(history).toEqual(['4.0.0']);
    }
    await kill(child);
  });

  it('of the same package: one applied, the other unchanged', async () => {
    const child = await startChild('plain');
    const v5 = await makePackage({ name: 'twin-apps', version: '1.0.0', workspaces: ['project-time-entry'] });
    const statuses = (await Promise.all([uploadTo(child, v5), uploadTo(child, v5), uploadTo(child, v5)])).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 201]);
    const history = ((await (await api(child, '/history')).json()) as Array<{ package?: { name: string } }>).filter((h) => h.package?.name === 'twin-apps');
    expect(history).toHaveLength(1);
    await kill(child);
  });
});

describe('a server killed while pushing', () => {
  const sqlite = storeFactories.find((factory) => factory.name === 'sqlite')!; // the server process runs SQLite

  /** The Contacts there are, and how many of `operationIds` have a stored result, read from the data folder. */
  async function stored(folder: string, operationIds: string[]): Promise<{ contacts: number; results: number }> {
    const store = sqlite.open(folder);
    try {
      const contacts = (await store.countRecords()).Contact ?? 0;
      const results = await store.transaction('read', async (tx) => (await tx.findOperations(operationIds)).size);
      return { contacts, results };
    } finally {
      await store.close();
    }
  }

  it('keeps a batch of 1000 operations whole or absent, whenever it is killed', async () => {
    const folder = tempFolder();
    try {
      await kill(await startChild('demo', folder)); // seeds the demo company, whose people push below
      // Killed before the request arrives, during the transaction, and after it: each round checks the same invariant.
      for (const delayMs of [0, 30, 50, 70, 90, 110, 150, 250]) {
        const before = await stored(folder, []);
        const running = await startChild('demo', folder);
        const signIn = await fetch(`${running.apiUrl}/auth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'emma.fischer', password: demoPassword }),
        });
        const { token } = (await signIn.json()) as { token: string };
        const operations = Array.from({ length: 1000 }, (_, i) => ({ id: randomUUID(), entity: 'Contact', kind: 'create', key: `local:${randomUUID()}`, values: { name: `Pushed ${delayMs}/${i}` } }));
        const pending = fetch(`${running.apiUrl}/sync/push`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ deviceId: `phone-${delayMs}`, operations }),
        }).then(
          (response) => response.status,
          () => 'killed',
        );
        await sleep(delayMs);
        await kill(running);
        const status = await pending;
        const after = await stored(
          folder,
          operations.map((o) => o.id),
        );
        expect([0, 1000], `round ${delayMs} ms (${String(status)})`).toContain(after.results);
        expect(after.contacts - before.contacts).toBe(after.results);
        if (status === 200) expect(after.results).toBe(1000); // answered means committed
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 120_000);
});
