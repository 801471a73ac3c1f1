// The app in Chromium at phone size against a real environment: the path through it, offline
// work and reload, conflicts between two devices resolved both ways, a rejected change fixed.
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json } from '../server/helpers.js';
import { hasChromium, launchBrowser, newDevice, signIn, startEnvironment, waitForServiceWorker, type Environment } from './harness.js';

let env: Environment;
let browser: Browser;

beforeAll(async () => {
  env = await startEnvironment();
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await env?.close();
});

type Row = Record<string, unknown> & { _version: number };

async function apiRecords(user: string, entity: string, filter: object): Promise<Row[]> {
  const query = encodeURIComponent(JSON.stringify(filter));
  const response = await env.server.api(`/data/${entity}?filter=${query}&limit=100`, { token: await env.server.signIn(user) });
  return (await json<{ items: Row[] }>(response)).items;
}

async function apiPush(user: string, operations: unknown[]): Promise<unknown[]> {
  const response = await env.server.api('/sync/push', {
    token: await env.server.signIn(user),
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ deviceId: `api-${randomUUID()}`, operations }),
  });
  return (await json<{ results: unknown[] }>(response)).results;
}

/** A draft expense report of the user's own, made through the sync API (the demo data may have none). */
async function draftReport(user: string, purpose: string): Promise<Row> {
  const [created] = (await apiPush(user, [{ id: randomUUID(), entity: 'ExpenseReport', kind: 'create', values: { purpose } }])) as Array<{ status: string; key: string }>;
  expect(created?.status).toBe('applied');
  return (await apiRecords(user, 'ExpenseReport', { number: created!.key }))[0]!;
}

function pendingCount(page: Page) {
  return page.getByRole('link', { name: 'Pending changes' });
}

async function expectPending(page: Page, count: number): Promise<void> {
  await expect.poll(() => pendingCount(page).textContent(), { timeout: 15_000 }).toBe(String(count));
}

async function openReport(page: Page, purpose: string): Promise<void> {
  await page.getByRole('link', { name: 'My expense reports' }).click();
  await page.getByRole('link', { name: new RegExp(purpose) }).click();
  await page.getByRole('heading', { name: 'Expense report' }).waitFor();
}

async function deviceFor(user: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newDevice(browser);
  const page = await context.newPage();
  await signIn(page, env.appUrl, user);
  return { context, page };
}

describe.skipIf(!hasChromium)('the app at phone size', () => {
  it('signs in, opens a template workspace, a list, a record, and runs an action', async () => {
    const report = await draftReport('emma.fischer', 'Client meeting Graz');
    const { context, page } = await deviceFor('emma.fischer');
    await page.getByRole('link', { name: 'Expense management' }).click();
    await page.getByRole('link', { name: 'My expense reports' }).click();
    await page.getByRole('searchbox', { name: 'Search' }).fill(String(report.number));
    await page.getByRole('link', { name: new RegExp(String(report.number)) }).click();
    await page.getByRole('heading', { name: 'Expense report' }).waitFor();
    await page.getByText('Client meeting Graz').first().waitFor();
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Purpose').fill('Edited on the phone');
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('heading', { name: 'Expense report' }).waitFor();
    await expect.poll(async () => (await apiRecords('emma.fischer', 'ExpenseReport', { number: report.number }))[0]?.purpose, { timeout: 15_000 }).toBe('Edited on the phone');
    await expectPending(page, 0);
    expect((await apiRecords('emma.fischer', 'ExpenseReport', { number: report.number }))[0]?._version).toBe(report._version + 1);
    await context.close();
  });

  it('works offline: reloads, creates and edits, counts the pending changes, and syncs them when back online', async () => {
    const report = await draftReport('lucas.martin', 'Warehouse visit Linz');
    const { context, page } = await deviceFor('lucas.martin');
    await page.getByRole('link', { name: 'Expense management' }).click();
    await page.getByRole('link', { name: 'My expense reports' }).click();
    await page.getByRole('link', { name: new RegExp(String(report.number)) }).waitFor();
    await waitForServiceWorker(page);

    await context.setOffline(true);
    await page.reload();
    await page.getByText('You are offline').waitFor();
    await page.getByRole('button', { name: 'New expense report' }).click();
    await page.getByLabel('Purpose').fill('Made offline');
    await page.getByRole('button', { name: 'New expense report' }).click();
    await page.getByRole('link', { name: /Made offline/ }).waitFor();
    await page.getByRole('link', { name: new RegExp(String(report.number)) }).click();
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Purpose').fill('Edited offline');
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByText('Edited offline').first().waitFor();
    await expectPending(page, 2);

    await page.reload();
    await page.getByText('Edited offline').first().waitFor();
    await expectPending(page, 2);

    await context.setOffline(false);
    await expectPending(page, 0);
    expect(await apiRecords('lucas.martin', 'ExpenseReport', { purpose: 'Made offline' })).toEqual([expect.objectContaining({ owner: 'lucas.martin', status: 'Draft' })]);
    expect((await apiRecords('lucas.martin', 'ExpenseReport', { number: report.number }))[0]).toMatchObject({ purpose: 'Edited offline' });
    await context.close();
  });

  it('keeps nothing typed from being lost: a half-filled form survives a reload', async () => {
    const { context, page } = await deviceFor('olivia.brown');
    await page.getByRole('link', { name: 'Expense management' }).click();
    await page.getByRole('link', { name: 'My expense reports' }).click();
    await page.getByRole('button', { name: 'New expense report' }).click();
    await page.getByLabel('Purpose').fill('Half typed');
    await page.reload();
    await expect.poll(() => page.getByLabel('Purpose').inputValue(), { timeout: 10_000 }).toBe('Half typed');
    await context.close();
  });

  it('shows a conflict between two devices with both versions, and resolves it both ways', async () => {
    const drafts = [await draftReport('noah.dubois', 'Supplier day Ghent')];
    const phone = await deviceFor('noah.dubois');
    const tablet = await deviceFor('noah.dubois');
    for (const [choice, expected] of [
      ['Keep mine', 'Phone wins'],
      ["Take the server's", 'Tablet wins'],
    ] as const) {
      const report = (await apiRecords('noah.dubois', 'ExpenseReport', { number: drafts[0]!.number }))[0]!;
      for (const device of [phone, tablet]) {
        // Opening a record online fetches it afresh.
        await device.page.goto(`${env.appUrl}#/changes`);
        await device.page.goto(`${env.appUrl}#/w/expense-management/p/report/${String(report.number)}`);
        await device.page.getByText(String(report.purpose)).first().waitFor();
      }
      await phone.context.setOffline(true);
      await phone.page.getByRole('button', { name: 'Edit' }).click();
      await phone.page.getByLabel('Purpose').fill('Phone wins');
      await phone.page.getByRole('button', { name: 'Edit' }).click();
      await expectPending(phone.page, 1);

      await tablet.page.getByRole('button', { name: 'Edit' }).click();
      await tablet.page.getByLabel('Purpose').fill('Tablet wins');
      await tablet.page.getByRole('button', { name: 'Edit' }).click();
      await expect.poll(async () => (await apiRecords('noah.dubois', 'ExpenseReport', { number: report.number }))[0]?.purpose, { timeout: 15_000 }).toBe('Tablet wins');

      await phone.context.setOffline(false);
      await phone.page.getByRole('link', { name: /needs your attention/ }).click();
      const table = phone.page.getByRole('table');
      await table.getByRole('cell', { name: 'Phone wins' }).waitFor();
      await table.getByRole('cell', { name: 'Tablet wins' }).waitFor();
      await phone.page.getByRole('button', { name: choice }).click();
      await expectPending(phone.page, 0);
      await expect.poll(async () => (await apiRecords('noah.dubois', 'ExpenseReport', { number: report.number }))[0]?.purpose, { timeout: 15_000 }).toBe(expected);
    }
    await phone.context.close();
    await tablet.context.close();
  }, 120_000);

  it('shows a change the environment rejects with its message, and syncs it once fixed', async () => {
    // Two draft reports of the user's own: one with an expense (so it can be submitted), one spare.
    const [target, , spare] = (await apiPush('finn.larsen', [
      { id: randomUUID(), entity: 'ExpenseReport', kind: 'create', key: 'local:target', values: { purpose: 'Fair in Basel' } },
      { id: randomUUID(), entity: 'ExpenseLine', kind: 'create', values: { reportNumber: 'local:target', date: '2025-03-03', category: 'CAT-00005', amount: 30, receiptAttached: true } },
      { id: randomUUID(), entity: 'ExpenseReport', kind: 'create', key: 'local:spare', values: { purpose: 'Visit in Bern' } },
    ])) as Array<{ status: string; key: string }>;
    expect([target?.status, spare?.status]).toEqual(['applied', 'applied']);
    const { context, page } = await deviceFor('finn.larsen');
    await page.getByRole('link', { name: 'Expense management' }).click();
    await page.getByRole('link', { name: 'My expenses' }).click();
    await context.setOffline(true);
    await page.getByRole('button', { name: 'Quick expense' }).click();
    await page.getByLabel('Expense report').fill('Basel');
    await page.getByRole('option', { name: new RegExp(target!.key) }).click();
    await page.getByLabel('Category').fill('Fuel');
    await page.getByRole('option', { name: /Fuel/ }).click();
    await page.getByLabel('Amount').fill('20');
    await page.getByRole('button', { name: 'Quick expense' }).click();
    await expectPending(page, 1);

    // Meanwhile the report is submitted from elsewhere: expenses can no longer be added to it.
    const [submitted] = await apiRecords('finn.larsen', 'ExpenseReport', { number: target!.key });
    expect(
      await apiPush('finn.larsen', [
        { id: randomUUID(), entity: 'ExpenseReport', kind: 'operation', operation: 'submitExpenseReport', key: target!.key, baseVersion: submitted!._version, values: {} },
      ]),
    ).toEqual([expect.objectContaining({ status: 'applied' })]);
    await context.setOffline(false);
    await page.getByRole('link', { name: /needs your attention/ }).click();
    await page.getByText(/can only be added to your own draft/).waitFor();
    await page.getByRole('link', { name: 'Fix' }).click();
    await page.getByLabel('Expense report').fill('Bern');
    await page.getByRole('option', { name: new RegExp(spare!.key) }).click();
    await page.getByRole('button', { name: 'Quick expense' }).click();
    await expect.poll(async () => (await apiRecords('finn.larsen', 'ExpenseLine', { reportNumber: spare!.key, amount: 20 })).length, { timeout: 15_000 }).toBe(1);
    await expectPending(page, 0);
    await context.close();
  }, 90_000);
});
