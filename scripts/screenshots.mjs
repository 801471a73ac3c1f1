// Saves a screenshot of each screen of the app at phone size (360×640, 2× pixels) into
// docs/screenshots/, against a local demo environment with the template workspaces published.
// Usage: npm run build && node scripts/build-app.mjs && node scripts/screenshots.mjs [--out dir]
// Uses Debian's Chromium (/usr/bin/chromium, or MWKIT_CHROMIUM); never downloads a browser.
import { randomUUID } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('..', import.meta.url));
const templates = ['expense-management', 'purchase-order-approval', 'inventory-on-hand', 'sales-orders', 'vendor-collaboration', 'project-time-entry', 'cost-controlling'];
const user = 'emma.fischer';
const password = 'mwkit-demo';

/** A package of the template workspaces, made with mwkit's own (built) functions. */
async function templatePackage() {
  const { validateProject } = await import(join(root, 'dist', 'validate', 'index.js'));
  const { buildPackage } = await import(join(root, 'dist', 'package', 'build.js'));
  const project = mkdtempSync(join(tmpdir(), 'mwkit-shots-'));
  try {
    writeFileSync(join(project, 'mwkit.yaml'), 'name: templates\npublisher: mwkit\nversion: 1.0.0\n');
    for (const id of templates) cpSync(join(root, 'templates', id), join(project, 'workspaces', id), { recursive: true });
    const validation = validateProject({ path: project });
    if (validation.errors > 0) throw new Error(`the templates do not validate: ${JSON.stringify(validation.diagnostics[0])}`);
    return (await buildPackage(validation.project, { createdAt: new Date('2024-01-01T00:00:00Z') })).bytes;
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}

/** An environment with the demo company and the templates published; `api(path, init, token)`. */
export async function startDemo() {
  const { createServer, openEnvironmentStore } = await import(join(root, 'dist', 'server', 'index.js'));
  const dataDir = mkdtempSync(join(tmpdir(), 'mwkit-shots-env-'));
  const server = await createServer({ store: openEnvironmentStore(dataDir), demo: true, port: 0 });
  const api = (path, init = {}, token = server.adminToken) => fetch(`${server.url}/api/v1${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...init.headers } });
  const applied = await api('/packages', { method: 'POST', headers: { 'content-type': 'application/zip' }, body: new Uint8Array(await templatePackage()) });
  if (applied.status !== 201 && applied.status !== 200) throw new Error(`applying the templates failed: ${applied.status}`);
  for (const id of templates) await api(`/workspaces/${id}/publish`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  return {
    appUrl: `${server.url}/app/`,
    api,
    close: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function signInAs(api, username) {
  const response = await api('/auth/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) }, '');
  return (await response.json()).token;
}

/** Drives the app through every screen; `api` reaches the same environment. */
export async function takeScreenshots({ appUrl, api, outDir, executablePath = process.env.MWKIT_CHROMIUM ?? '/usr/bin/chromium' }) {
  mkdirSync(outDir, { recursive: true });
  const browser = await chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const saved = [];
  try {
    const context = await browser.newContext({ viewport: { width: 360, height: 640 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'en-GB', timezoneId: 'UTC' });
    const page = await context.newPage();
    const shot = async (name) => {
      for (const dismiss of await page.getByRole('button', { name: 'Dismiss' }).all()) await dismiss.click();
      await page.waitForTimeout(400); // let lists and figures settle
      const file = join(outDir, `${name}.png`);
      await page.screenshot({ path: file });
      saved.push(file);
    };
    await page.goto(appUrl);
    await page.getByLabel('User name').fill(user);
    await shot('01-sign-in');
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Expense management' }).waitFor();
    await shot('02-dashboard');
    await page.getByRole('link', { name: 'Expense management' }).click();
    await shot('03-workspace');
    await page.getByRole('link', { name: 'Overview' }).click();
    await shot('04-summary');
    await page.goBack();
    await page.getByRole('link', { name: 'My expense reports' }).click();
    await page.locator('a.row').first().waitFor();
    await shot('05-list');
    await page.locator('a.row').first().click();
    await page.getByRole('heading', { name: 'Expense report' }).waitFor();
    await shot('06-details');
    await page.getByRole('button', { name: 'Add expense' }).click();
    await page.getByLabel('Merchant').fill('Café Central');
    await page.getByLabel('Category').click();
    await page.getByRole('option').first().waitFor();
    await shot('07-action-form');
    await page.getByRole('button', { name: 'Cancel' }).click();

    // Offline: a change made against the record someone else changes meanwhile, and a new report.
    const report = await page.locator('.record-title strong').textContent();
    const token = await signInAs(api, user);
    const current = await (await api(`/data/ExpenseReport/${report}`, {}, token)).json();
    await context.setOffline(true);
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Purpose').fill(`${current.purpose} (phone)`);
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('heading', { name: 'Expense report' }).waitFor();
    await page.goto(`${appUrl}#/w/expense-management/p/my-reports`);
    await page.getByRole('button', { name: 'New expense report' }).click();
    await page.getByLabel('Purpose').fill('Customer workshop Oslo');
    await page.getByRole('button', { name: 'New expense report' }).click();
    await page.getByRole('link', { name: /Customer workshop Oslo/ }).waitFor();
    await shot('08-offline');
    await api(
      '/sync/push',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          deviceId: `laptop-${randomUUID()}`,
          operations: [{ id: randomUUID(), entity: 'ExpenseReport', kind: 'update', key: report, baseVersion: current._version, values: { purpose: `${current.purpose} (laptop)` } }],
        }),
      },
      token,
    );
    await context.setOffline(false);
    await page.getByRole('link', { name: /needs your attention/ }).waitFor({ timeout: 20_000 });
    await page.getByRole('link', { name: /needs your attention/ }).click();
    await page.getByRole('table').waitFor();
    await shot('09-changes-conflict');
    await context.close();
  } finally {
    await browser.close();
  }
  return saved;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const outDir = args.includes('--out') ? resolve(args[args.indexOf('--out') + 1]) : join(root, 'docs', 'screenshots');
  readFileSync(join(root, 'dist', 'app', 'index.html')); // fails early with a clear ENOENT if the app is not built
  const demo = await startDemo();
  try {
    const saved = await takeScreenshots({ appUrl: demo.appUrl, api: demo.api, outDir });
    process.stdout.write(`${saved.length} screenshots in ${outDir}\n`);
  } finally {
    await demo.close();
  }
}
