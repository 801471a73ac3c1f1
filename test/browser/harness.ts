// What the browser tests run against: a real environment on port 0 with the demo company, the
// template workspaces applied and published, and the app built into dist/app and served by it;
// Debian's Chromium driven by playwright-core at phone size (never a downloaded browser).
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { makePackage, repoRoot, startServer, upload, type TestServer } from '../server/helpers.js';
import { buildPackage } from '../../src/package/build.js';
import { validateProject } from '../../src/validate/index.js';

export const chromiumPath = process.env.MWKIT_CHROMIUM ?? '/usr/bin/chromium';
export const hasChromium = existsSync(chromiumPath);
export const phone = { width: 360, height: 640 };
/** The workspaces the template package holds, published for their suggested roles. */
export const publishedTemplates = ['expense-management', 'purchase-order-approval', 'inventory-on-hand', 'sales-orders', 'vendor-collaboration', 'project-time-entry', 'cost-controlling'];

export interface Environment {
  server: TestServer;
  /** The app's URL: <server>/app/ */
  appUrl: string;
  close(): Promise<void>;
}

let appBuild: Promise<unknown> | undefined;

/** The newest modification time under `folder` (the app's sources and what it imports from src/). */
function newestChange(folder: string): number {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Builds the app into dist/app unless it is newer than its sources. Test files run in parallel
 * processes, so one builds while the others wait on a lock folder (a crashed build's lock expires).
 */
export function buildAppOnce(): Promise<unknown> {
  appBuild ??= (async () => {
    const outDir = join(repoRoot, 'dist', 'app');
    const lock = join(repoRoot, 'dist', '.app-build.lock');
    mkdirSync(join(repoRoot, 'dist'), { recursive: true });
    for (;;) {
      try {
        mkdirSync(lock);
        break;
      } catch {
        const lockedAt = statSync(lock, { throwIfNoEntry: false })?.mtimeMs;
        if (lockedAt !== undefined && Date.now() - lockedAt > 60_000) rmSync(lock, { recursive: true, force: true });
        await delay(100); // another test process is building: wait for its lock to go
      }
    }
    try {
      const built = statSync(join(outDir, 'index.html'), { throwIfNoEntry: false })?.mtimeMs ?? 0;
      if (built > Math.max(newestChange(join(repoRoot, 'app')), newestChange(join(repoRoot, 'src')))) return;
      // @ts-expect-error: a plain .mjs build script without declarations
      const { buildApp } = (await import('../../scripts/build-app.mjs')) as { buildApp(o: { outDir: string }): Promise<unknown> };
      await buildApp({ outDir });
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  })();
  return appBuild;
}

export async function startEnvironment(): Promise<Environment> {
  // Another environment factory (a module exporting startEnvironment), e.g. to try a server build.
  if (process.env.MWKIT_TEST_ENVIRONMENT) return ((await import(process.env.MWKIT_TEST_ENVIRONMENT)) as { startEnvironment(): Promise<Environment> }).startEnvironment();
  await buildAppOnce();
  const server = await startServer();
  const applied = await upload(server, await makePackage({ name: 'templates', workspaces: publishedTemplates }));
  if (applied.status !== 201) throw new Error(`applying the templates failed: ${applied.status} ${await applied.text()}`);
  for (const id of publishedTemplates) {
    const published = await server.api(`/workspaces/${id}/publish`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    if (published.status !== 200) throw new Error(`publishing ${id} failed: ${published.status} ${await published.text()}`);
  }
  const appUrl = `${server.url}/app/`;
  const probe = await fetch(appUrl);
  if (probe.status !== 200) throw new Error(`The environment does not serve the app at /app/ (${probe.status}): registerAppRoutes is not wired into the server yet.`);
  return { server, appUrl, close: () => server.cleanup() };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A fresh device: its own storage, service worker and network switch. */
export async function newDevice(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: phone, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'en-GB', timezoneId: 'UTC' });
  if (process.env.MWKIT_DEBUG_BROWSER) {
    context.on('console', (message) => process.stderr.write(`[browser ${message.type()}] ${message.text()}\n`));
    context.on('weberror', (error) => process.stderr.write(`[browser error] ${error.error().message}\n`));
  }
  return context;
}

export async function signIn(page: Page, appUrl: string, username: string, password = 'mwkit-demo'): Promise<void> {
  await page.goto(appUrl);
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Workspaces' }).waitFor();
  // The first sync loads what the pages, lookups and figures need offline.
  await page.getByText(/Last synced just now/).waitFor({ timeout: 20_000 });
}

/** Waits until the service worker controls the page, so the next load can come from its cache. */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page
    .waitForFunction(
      async () => {
        const registration = await navigator.serviceWorker.getRegistration();
        return Boolean(registration?.active) && navigator.serviceWorker.controller !== null;
      },
      undefined,
      { timeout: 15_000 },
    )
    .catch(async () => {
      // The first load is not controlled until the worker claims it; a reload is.
      await page.reload();
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 15_000 });
    });
}

/** Validates a project folder and builds its package (fixed time); a project with errors throws them. */
export async function packageOf(root: string): Promise<Buffer> {
  const validation = validateProject({ path: root });
  const errors = validation.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(JSON.stringify(errors.slice(0, 3)));
  return (await buildPackage(validation.project, { createdAt: new Date('2024-01-01T00:00:00Z') })).bytes;
}

/**
 * Starts an environment and a browser for the test file that calls this (closed after it); the
 * returned object holds them once its tests run.
 */
export function environmentAndBrowser(): { env: Environment; browser: Browser } {
  const started = {} as { env: Environment; browser: Browser };
  beforeAll(async () => {
    if (!hasChromium) return;
    started.env = await startEnvironment();
    started.browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await started.browser?.close();
    await started.env?.close();
  });
  return started;
}
