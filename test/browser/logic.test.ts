// A workspace whose business logic misbehaves must not freeze the app: an endless loop is ended
// by the time limit and reported at the form, a handler that exhausts the engine's memory is
// reported and its Worker ended and started again (the form keeps what the user typed), and the
// change still syncs.
import { cpSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, repoRoot, upload } from '../server/helpers.js';
import { hasChromium, launchBrowser, packageOf, newDevice, signIn, startEnvironment, type Environment } from './harness.js';

const brokenLogic = `
export function onFieldChanged(ctx) {
  if (ctx.field === 'jobTitle') { for (;;) { /* never ends */ } }
  if (ctx.field === 'company') { const grow = []; for (;;) grow.push(new Array(1 << 16).fill(grow.length)); }
}
export function onActionValidating(ctx) {
  if (ctx.values.name === 'Loop') { while (true) { /* never ends */ } }
}
`;

async function brokenPackage(): Promise<Buffer> {
  const root = mkdtempSync(join(tmpdir(), 'mwkit-broken-logic-'));
  try {
    writeFileSync(join(root, 'mwkit.yaml'), 'name: broken-logic\npublisher: Contoso\nversion: 1.0.0\n');
    const folder = join(root, 'workspaces', 'hung-contacts');
    cpSync(join(repoRoot, 'templates', 'blank'), folder, { recursive: true });
    const yaml = readFileSync(join(folder, 'workspace.yaml'), 'utf8')
      .replace(/^id: .*$/m, 'id: hung-contacts')
      .replace(/^title: .*$/m, 'title: Hung contacts');
    writeFileSync(join(folder, 'workspace.yaml'), yaml);
    writeFileSync(join(folder, 'logic.js'), brokenLogic);
    rmSync(join(folder, 'logic.test.yaml'), { force: true });
    return await packageOf(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

let env: Environment;
let browser: Browser;

beforeAll(async () => {
  env = await startEnvironment();
  expect((await upload(env.server, await brokenPackage())).status).toBe(201);
  expect((await env.server.api('/workspaces/hung-contacts/publish', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(200);
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await env?.close();
});

describe.skipIf(!hasChromium)('business logic that misbehaves', () => {
  it('cannot freeze the app: loops are ended and reported, a Worker whose engine ran out of memory is restarted, the change still syncs', async () => {
    const context = await newDevice(browser);
    const page = await context.newPage();
    await signIn(page, env.appUrl, 'emma.fischer');
    await page.getByRole('link', { name: 'Hung contacts' }).click();
    await page.getByRole('link', { name: 'Contacts' }).click();
    await page.getByRole('button', { name: 'New contact' }).click();

    await page.getByLabel('Name').fill('Loop');
    await page.getByLabel('Job title').fill('Buyer');
    await page.getByLabel('Job title').press('Tab');
    await page.getByText(/onFieldChanged did not finish within 1000 ms/).waitFor({ timeout: 10_000 });

    await page.getByLabel('Company').fill('Runaway Ltd');
    await page.getByLabel('Company').press('Tab');
    await page.getByText(/onFieldChanged used more than the 64 MB of memory/).waitFor({ timeout: 15_000 });
    // The engine may be unusable after that: the Worker is ended; the next call starts the form again.
    await page.getByRole('button', { name: 'New contact' }).click();
    await page.getByText(/ran out of memory and was restarted/).waitFor({ timeout: 15_000 });
    expect(await page.getByLabel('Company').inputValue()).toBe('Runaway Ltd');

    await page.getByRole('button', { name: 'New contact' }).click();
    await page.getByText(/onActionValidating did not finish within 1000 ms/).waitFor({ timeout: 10_000 });
    expect(await page.getByRole('heading', { name: 'New contact' }).isVisible()).toBe(true);

    await page.getByLabel('Name').fill('Zoe Quillfeather');
    await page.getByRole('button', { name: 'New contact' }).click();
    await page.getByRole('heading', { name: 'Contacts' }).waitFor();
    const token = await env.server.signIn('emma.fischer');
    await expect
      .poll(
        async () => {
          const found = await json<{ items: Array<Record<string, unknown>> }>(await env.server.api(`/data/Contact?filter=${encodeURIComponent('{"name":"Zoe Quillfeather"}')}`, { token }));
          return found.items.map((c) => [c.jobTitle, c.company]);
        },
        { timeout: 15_000 },
      )
      .toEqual([['Buyer', 'Runaway Ltd']]);
    await context.close();
  }, 90_000);
});
