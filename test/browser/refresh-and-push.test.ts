// One workspace's refresh never holds back a change's push (issue 27, item 11): while the app
// loads page data slowly (every /data answer held back here), a change the user makes is
// pushed at once, not after the refresh.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser, newDevice, signIn, startEnvironment, type Environment } from './harness.js';

let env: Environment;
let browser: Browser;

beforeAll(async () => {
  if (!hasChromium) return;
  env = await startEnvironment();
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await env?.close();
});

describe.skipIf(!hasChromium)('a slow refresh', () => {
  it('does not hold back the push of a new change', async () => {
    const context = await newDevice(browser);
    const page = await context.newPage();
    await signIn(page, env.appUrl, 'emma.fischer');
    await page.getByRole('link', { name: 'Expense management' }).click();
    await page.getByRole('link', { name: 'My expense reports' }).click();
    await page.getByRole('button', { name: 'New expense report' }).waitFor();

    let isReleased = false;
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => { release = resolve; });
    await page.route('**/api/v1/data/**', async (route) => {
      if (!isReleased) await held;
      await route.continue();
    });
    await page.getByRole('button', { name: 'Sync now' }).click(); // a refresh: loads every page's data
    await page.waitForTimeout(300);
    await page.getByRole('button', { name: 'New expense report' }).click();
    await page.getByLabel('Purpose').fill('Pushed during a refresh');
    const pushed = page.waitForRequest((request) => request.url().includes('/api/v1/sync/push') && (request.postData() ?? '').includes('Pushed during a refresh'), { timeout: 8000 });
    await page.getByRole('button', { name: 'New expense report' }).click();
    await expect(pushed).resolves.toBeTruthy();
    isReleased = true;
    release();
    await context.close();
  }, 90_000);
});
