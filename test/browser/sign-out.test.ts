// Sign-out on a shared phone (issue 27, item 12): the token stops working on the server (at once
// when online, at the next contact when offline), the user's records, workspaces, catalog and
// drafts are erased, and unsent changes are never lost nor sent as anyone else.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { environmentAndBrowser, hasChromium, newDevice, signIn, waitForServiceWorker } from './harness.js';

const started = environmentAndBrowser();

interface DeviceContents {
  records: number;
  workspaces: number;
  outbox: Array<{ userId: string }>;
  hasSession: boolean;
  hasCatalog: boolean;
  drafts: number;
  token?: string;
}

/** What the app keeps on this device, read from its IndexedDB database and localStorage. */
function deviceContents(page: Page): Promise<DeviceContents> {
  return page.evaluate(
    () =>
      new Promise<DeviceContents>((resolve, reject) => {
        const opened = indexedDB.open('mwkit');
        opened.onerror = () => reject(opened.error);
        opened.onsuccess = () => {
          const tx = opened.result.transaction(['records', 'workspaces', 'outbox', 'meta']);
          const records = tx.objectStore('records').count();
          const workspaces = tx.objectStore('workspaces').count();
          const outbox = tx.objectStore('outbox').getAll();
          const session = tx.objectStore('meta').get('session');
          const catalog = tx.objectStore('meta').get('catalog');
          tx.oncomplete = () =>
            resolve({
              records: records.result,
              workspaces: workspaces.result,
              outbox: outbox.result as Array<{ userId: string }>,
              hasSession: session.result !== undefined,
              hasCatalog: catalog.result !== undefined,
              drafts: Object.keys(localStorage).filter((key) => key.startsWith('mwkit.draft.')).length,
              ...(session.result ? { token: (session.result as { token: string }).token } : {}),
            });
        };
      }),
  );
}

/** The status the server answers for a request made with `token`. */
async function statusWith(token: string): Promise<number> {
  return (await started.env.server.api('/me', { token })).status;
}

async function purposes(user: string, purpose: string): Promise<number> {
  const response = await started.env.server.api(`/data/ExpenseReport?filter=${encodeURIComponent(JSON.stringify({ purpose }))}`, { token: await started.env.server.signIn(user) });
  return ((await response.json()) as { items: unknown[] }).items.length;
}

async function openReports(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Expense management' }).click();
  await page.getByRole('link', { name: 'My expense reports' }).click();
  await page.getByRole('button', { name: 'New expense report' }).waitFor();
}

describe.skipIf(!hasChromium)('signing out of a shared phone', () => {
  it('online: revokes the token at once and erases records, workspaces, catalog and drafts', async () => {
    const context = await newDevice(started.browser);
    const page = await context.newPage();
    await signIn(page, started.env.appUrl, 'emma.fischer');
    await openReports(page);
    await page.getByRole('button', { name: 'New expense report' }).click();
    await page.getByLabel('Purpose').fill('Half typed');
    await expect.poll(async () => (await deviceContents(page)).drafts, { timeout: 10_000 }).toBe(1);
    const before = await deviceContents(page);
    expect(before.records).toBeGreaterThan(0);
    expect(await statusWith(before.token!)).toBe(200);

    await page.goto(started.env.appUrl);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('User name').waitFor();
    await expect.poll(() => statusWith(before.token!), { timeout: 10_000 }).toBe(401);
    expect(await deviceContents(page)).toMatchObject({ records: 0, workspaces: 0, hasSession: false, hasCatalog: false, drafts: 0, outbox: [] });
    await context.close();
  }, 90_000);

  it('offline with a change pending: keeps it for that user only, and revokes the token at the next contact', async () => {
    const context = await newDevice(started.browser);
    const page = await context.newPage();
    await signIn(page, started.env.appUrl, 'lucas.martin');
    await openReports(page);
    await waitForServiceWorker(page);
    const { token } = await deviceContents(page);

    await context.setOffline(true);
    await page.getByRole('button', { name: 'New expense report' }).click();
    await page.getByLabel('Purpose').fill('Kept for Lucas');
    await page.getByRole('button', { name: 'New expense report' }).click();
    await page.getByRole('link', { name: /Kept for Lucas/ }).waitFor();
    await page.goto(started.env.appUrl);
    await page.getByRole('button', { name: 'Sign out' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign out?' });
    await dialog.getByText('1 change has not been sent yet').waitFor();
    await dialog.getByRole('button', { name: 'Keep them for lucas.martin and sign out' }).click();
    await page.getByLabel('User name').waitFor();
    expect(await deviceContents(page)).toMatchObject({ records: 0, workspaces: 0, hasSession: false, outbox: [{ userId: 'lucas.martin' }] });
    expect(await statusWith(token!)).toBe(200); // offline: the server has not heard yet

    await context.setOffline(false);
    await signIn(page, started.env.appUrl, 'emma.fischer');
    await expect.poll(() => statusWith(token!), { timeout: 15_000 }).toBe(401);
    expect(await purposes('lucas.martin', 'Kept for Lucas')).toBe(0); // never sent as emma
    expect((await deviceContents(page)).outbox).toEqual([expect.objectContaining({ userId: 'lucas.martin' })]);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, started.env.appUrl, 'lucas.martin');
    await expect.poll(() => purposes('lucas.martin', 'Kept for Lucas'), { timeout: 15_000 }).toBe(1);
    await context.close();
  }, 120_000);

  it('with a change pending and online: sends it first when asked, then signs out', async () => {
    const context = await newDevice(started.browser);
    const page = await context.newPage();
    await signIn(page, started.env.appUrl, 'emma.fischer');
    await openReports(page);
    await waitForServiceWorker(page);
    await context.setOffline(true);
    await page.getByRole('button', { name: 'New expense report' }).click();
    await page.getByLabel('Purpose').fill('Sent before sign-out');
    await page.getByRole('button', { name: 'New expense report' }).click();
    await page.getByRole('link', { name: /Sent before sign-out/ }).waitFor();
    await page.goto(started.env.appUrl).catch(() => undefined);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await context.setOffline(false);
    await page.getByRole('dialog', { name: 'Sign out?' }).getByRole('button', { name: 'Send and sign out' }).click();
    await page.getByLabel('User name').waitFor({ timeout: 20_000 });
    expect(await purposes('emma.fischer', 'Sent before sign-out')).toBe(1);
    expect((await deviceContents(page)).outbox).toEqual([]);
    await context.close();
  }, 120_000);
});
