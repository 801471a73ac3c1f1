// One workspace's refresh never holds back a change's push (issue 27, item 11): while the app
// loads page data slowly (every /data answer held back here), a change the user makes is
// pushed at once, not after the refresh.
import { describe, expect, it } from 'vitest';
import { environmentAndBrowser, hasChromium, newDevice, signIn } from './harness.js';

const started = environmentAndBrowser();

describe.skipIf(!hasChromium)('the app on a deployed environment', () => {
  it('loads without a failing request (no 404 for the preview session; issue 30, item 9)', async () => {
    const context = await newDevice(started.browser);
    const page = await context.newPage();
    const failed: string[] = [];
    page.on('response', (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
    });
    await signIn(page, started.env.appUrl, 'emma.fischer');
    await page.reload();
    await page.getByRole('heading', { name: 'Workspaces' }).waitFor();
    expect(failed).toEqual([]);
    await context.close();
  }, 90_000);
});

describe.skipIf(!hasChromium)('a slow refresh', () => {
  it('does not hold back the push of a new change', async () => {
    const context = await newDevice(started.browser);
    const page = await context.newPage();
    await signIn(page, started.env.appUrl, 'emma.fischer');
    await page.getByRole('link', { name: 'Expense management' }).click();
    await page.getByRole('link', { name: 'My expense reports' }).click();
    await page.getByRole('button', { name: 'New expense report' }).waitFor();

    let isReleased = false;
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
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
