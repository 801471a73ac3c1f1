// Business logic that attacks the app (issue 11, item 8): each script below tries, from its
// top-level code or a handler, to reach what only the app may touch — the device's database
// (session token, outbox), the Worker's message port, the network, or the globals the form
// session itself relies on. The app must behave exactly as with a harmless script: the form
// stays invalid, nothing is queued, the token is never seen. Each workspace shows what its
// script reached by writing it into the Company field, so the test reads it off the screen.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, upload } from '../server/helpers.js';
import { hasChromium, launchBrowser, packageOf, newDevice, signIn, startEnvironment, type Environment } from './harness.js';

/** Reads the session token from the app's own IndexedDB database, if the script can reach it. */
const storageAttack = `
var found = 'nothing';
var g = globalThis;
try {
  var db = g['indexed' + 'DB'];
  if (db) {
    found = 'indexedDB';
    var opened = db.open('mwkit');
    opened.onsuccess = function () {
      try {
        var read = opened.result.transaction('meta').objectStore('meta').get('session');
        read.onsuccess = function () { found = read.result ? 'token ' + read.result.token : 'no session'; };
      } catch (error) { found = 'indexedDB ' + error.message; }
    };
  }
} catch (error) { found = 'threw ' + error.message; }
export function onFieldChanged(ctx) {
  if (ctx.field === 'jobTitle') ctx.setValue('company', found);
}
`;

/** Answers the app's calls itself: a forged snapshot saying an empty form is valid and queued. */
const portAttack = `
var g = globalThis;
var port = typeof g['post' + 'Message'] === 'function' ? g['post' + 'Message'].bind(g) : undefined;
var forged = { values: { name: 'Forged' }, fields: {}, messages: [], problems: [], isValid: true, isQueued: true };
export function onActionValidating(ctx) {
  if (!port) return;
  for (var id = 1; id < 200; id++) port({ type: 'reply', requestId: id, ok: true, value: forged });
}
`;

/** Loads code and sends requests: importScripts, fetch, and every other door of a Worker. */
const networkAttack = `
var g = globalThis;
var reached = [];
['fetch', 'importScripts', 'XMLHttpRequest', 'WebSocket', 'postMessage', 'indexedDB', 'caches', 'self', 'close', 'navigator', 'location', 'WebAssembly', 'console'].forEach(function (name) {
  if (typeof g[name] !== 'undefined') reached.push(name);
});
try { g['import' + 'Scripts']('data:text/javascript,0'); reached.push('imported'); } catch (error) {}
try { g['fe' + 'tch']('/api/v1/health').then(function () { reached.push('fetched'); }, function () {}); } catch (error) {}
export function onFieldChanged(ctx) {
  if (ctx.field === 'jobTitle') ctx.setValue('company', reached.length > 0 ? reached.join(' ') : 'nothing');
}
`;

/** Bends the built-ins the form's own validation uses, so that its errors go unseen. */
const prototypeAttack = `
Array.prototype.some = function () { return false; };
Array.prototype.every = function () { return true; };
Object.prototype.isValid = true;
Object.prototype.isQueued = true;
export function onActionValidating(ctx) {}
`;

/** A function in a lookup filter (issue 27, item 9): it must be refused where it is set, not break the Worker's answer. */
const lookupAttack = `
export function onFieldChanged(ctx) {
  if (ctx.field !== 'jobTitle') return;
  try { ctx.setLookupFilter('company', { name: function () { return 1; } }); ctx.setValue('company', 'accepted'); }
  catch (error) { ctx.setValue('company', error.name); }
}
`;

/** Reads an entity of other workspaces (issue 27, item 9). */
const foreignQueryAttack = `
export async function onFieldChanged(ctx) {
  if (ctx.field !== 'jobTitle') return;
  try { const found = await ctx.query('Expense' + 'Report'); ctx.setValue('company', 'read ' + found.length); }
  catch (error) { ctx.setValue('company', error.name); }
}
`;

/** Floods the form with messages (issue 27, item 1): the cap stops it and the form says so. */
const floodAttack = `
export function onFieldChanged(ctx) {
  if (ctx.field !== 'jobTitle') return;
  const big = 'x'.repeat(900);
  const end = Date.now() + 900;
  while (Date.now() < end) ctx.addMessage(big);
}
`;

const attacks = {
  'attack-storage': storageAttack,
  'attack-port': portAttack,
  'attack-network': networkAttack,
  'attack-prototype': prototypeAttack,
  'attack-lookup': lookupAttack,
  'attack-query': foreignQueryAttack,
  'attack-flood': floodAttack,
};

async function attackPackage(): Promise<Buffer> {
  const root = mkdtempSync(join(tmpdir(), 'mwkit-attack-logic-'));
  try {
    writeFileSync(join(root, 'mwkit.yaml'), 'name: attack-logic\npublisher: Contoso\nversion: 1.0.0\n');
    for (const [id, logic] of Object.entries(attacks)) {
      const folder = join(root, 'workspaces', id);
      cpSync(join(repoRoot, 'templates', 'blank'), folder, { recursive: true });
      const yaml = readFileSync(join(folder, 'workspace.yaml'), 'utf8')
        .replace(/^id: .*$/m, `id: ${id}`)
        .replace(/^title: .*$/m, `title: ${id}`);
      writeFileSync(join(folder, 'workspace.yaml'), yaml);
      writeFileSync(join(folder, 'logic.js'), logic);
      rmSync(join(folder, 'logic.test.yaml'), { force: true });
    }
    return await packageOf(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

let env: Environment;
let browser: Browser;

beforeAll(async () => {
  env = await startEnvironment();
  expect((await upload(env.server, await attackPackage())).status).toBe(201);
  for (const id of Object.keys(attacks)) {
    expect((await env.server.api(`/workspaces/${id}/publish`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(200);
  }
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await env?.close();
});

async function openForm(workspace: string): Promise<Page> {
  const context = await newDevice(browser);
  const page = await context.newPage();
  await signIn(page, env.appUrl, 'emma.fischer');
  await page.getByRole('link', { name: workspace }).click();
  await page.getByRole('link', { name: 'Contacts' }).click();
  await page.getByRole('button', { name: 'New contact' }).click();
  await page.getByLabel('Job title').waitFor();
  return page;
}

/** What the script wrote into Company once the job title changed. */
async function reported(page: Page): Promise<string> {
  await page.getByLabel('Job title').fill('Spy');
  await page.getByLabel('Job title').press('Tab');
  await expect.poll(() => page.getByLabel('Company').inputValue(), { timeout: 10_000 }).not.toBe('');
  return page.getByLabel('Company').inputValue();
}

/** Submits the form with its required Name empty: it must stay open, invalid, with nothing queued. */
async function expectRefusedAndNothingQueued(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'New contact' }).click();
  await page.getByText('Name is required.').waitFor({ timeout: 10_000 });
  expect(await page.getByRole('heading', { name: 'New contact' }).isVisible()).toBe(true);
  expect(await page.getByRole('link', { name: 'Pending changes' }).textContent()).toBe('0');
  const outbox = await page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const opened = indexedDB.open('mwkit');
        opened.onerror = () => reject(opened.error);
        opened.onsuccess = () => {
          const count = opened.result.transaction('outbox').objectStore('outbox').count();
          count.onsuccess = () => resolve(count.result);
        };
      }),
  );
  expect(outbox).toBe(0);
}

describe.skipIf(!hasChromium)('business logic cannot attack the app', () => {
  it('top-level code cannot reach IndexedDB, so the session token stays out of its reach', async () => {
    const page = await openForm('attack-storage');
    const token = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const opened = indexedDB.open('mwkit');
          opened.onsuccess = () => {
            const read = opened.result.transaction('meta').objectStore('meta').get('session');
            read.onsuccess = () => resolve((read.result as { token: string }).token);
          };
        }),
    );
    expect(token.length).toBeGreaterThan(10);
    const seen = await reported(page);
    expect(seen).toBe('nothing');
    expect(seen).not.toContain(token);
    await page.context().close();
  }, 90_000);

  it('a script cannot post a forged form snapshot: an invalid form stays invalid and nothing is queued', async () => {
    const page = await openForm('attack-port');
    await expectRefusedAndNothingQueued(page);
    await page.context().close();
  }, 90_000);

  it('a script reaches neither importScripts, fetch, nor any other global of the Worker', async () => {
    const page = await openForm('attack-network');
    expect(await reported(page)).toBe('nothing');
    await page.context().close();
  }, 90_000);

  it('a function in ctx.setLookupFilter is refused at that line, and the form still answers', async () => {
    const page = await openForm('attack-lookup');
    expect(await reported(page)).toBe('LogicApiError');
    await page.context().close();
  }, 90_000);

  it('ctx.query of an entity its workspace does not use is refused', async () => {
    const page = await openForm('attack-query');
    expect(await reported(page)).toBe('LogicApiError');
    await page.context().close();
  }, 90_000);

  it('a flood of messages is stopped at the cap, the form says so and stays responsive', async () => {
    const page = await openForm('attack-flood');
    await page.getByLabel('Job title').fill('Spy');
    await page.getByLabel('Job title').press('Tab');
    await page
      .getByText(/more than 100 messages to one page or form \(the cap per case\)/)
      .first()
      .waitFor({ timeout: 15_000 });
    await page.getByLabel('Company').fill('Still typing');
    expect(await page.getByLabel('Company').inputValue()).toBe('Still typing');
    await page.context().close();
  }, 90_000);

  it("the page's CSP blocks inline script and inline event handlers, should markup ever get in", async () => {
    const page = await openForm('attack-lookup');
    const ran = await page.evaluate(async () => {
      const flags = globalThis as unknown as { inlineRan?: boolean; handlerRan?: boolean };
      const script = document.createElement('script');
      script.textContent = 'globalThis.inlineRan = true';
      document.body.append(script);
      const holder = document.createElement('div');
      holder.innerHTML = '<img src="data:," onerror="globalThis.handlerRan = true">';
      document.body.append(holder);
      await new Promise((resolve) => setTimeout(resolve, 300));
      return { inline: flags.inlineRan === true, handler: flags.handlerRan === true };
    });
    expect(ran).toEqual({ inline: false, handler: false });
    await page.context().close();
  }, 90_000);

  it("polluting Array.prototype and Object.prototype does not steer the form's validation", async () => {
    const page = await openForm('attack-prototype');
    await expectRefusedAndNothingQueued(page);
    await page.context().close();
  }, 90_000);
});
