// The app and sync figures (SPEC §7): a push of 10,000 operations (< 2 s), a pull of the 10,000
// records they changed, the app shell's JavaScript gzip size (< 60 KB), and the dashboard shown
// after signing in (< 1 s, Chromium on loopback). The server is the built one (dist/), on port 0
// over a fresh demo data folder; pushes go in batches of 1,000 (the largest a push takes).
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export const name = 'app';

const operationCount = 10_000;
const batchSize = 1000;

async function postJson(url, token, body) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return response.json();
}

async function getJson(url, token) {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return response.json();
}

async function syncFigures(ctx) {
  const { createServer, openEnvironmentStore } = await import(join(ctx.repoRoot, 'dist', 'server', 'index.js'));
  const dataDir = mkdtempSync(join(ctx.workDir, 'app-env-'));
  const server = await createServer({ store: openEnvironmentStore(dataDir), demo: true, port: 0 });
  try {
    const api = `${server.url}/api/v1`;
    const { token } = await postJson(`${api}/auth/token`, undefined, { username: 'emma.fischer', password: 'mwkit-demo' });
    const { checkpoint } = await getJson(`${api}/sync/pull`, token);
    const deviceId = `bench-${randomUUID()}`;
    const batches = [];
    for (let start = 0; start < operationCount; start += batchSize) {
      batches.push(
        Array.from({ length: batchSize }, (_, i) => ({
          id: randomUUID(),
          entity: 'ExpenseReport',
          kind: 'create',
          key: `local:${randomUUID()}`,
          values: { purpose: `Bench report ${start + i}`, currency: 'EUR' },
        })),
      );
    }
    const pushStart = performance.now();
    let applied = 0;
    for (const operations of batches) {
      const { results } = await postJson(`${api}/sync/push`, token, { deviceId, operations });
      applied += results.filter((r) => r.status === 'applied').length;
    }
    const pushMs = performance.now() - pushStart;
    if (applied !== operationCount) throw new Error(`only ${applied} of ${operationCount} operations applied`);
    const pullStart = performance.now();
    let pulled = 0;
    for (let since = checkpoint, more = true; more; ) {
      const page = await getJson(`${api}/sync/pull?since=${since}&entities=ExpenseReport&limit=1000`, token);
      pulled += page.changes.length;
      since = page.checkpoint;
      more = page.hasMore;
    }
    const pullMs = performance.now() - pullStart;
    if (pulled < operationCount) throw new Error(`pulled ${pulled} changes, expected ${operationCount}`);
    return { pushMs, pullMs };
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Median time from pressing "Sign in" to the first workspace tile, each run a fresh device. */
async function dashboardMs(ctx) {
  const executablePath = process.env.MWKIT_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) return undefined;
  const { chromium } = await import('playwright-core');
  const { startDemo } = await import(join(ctx.repoRoot, 'scripts', 'screenshots.mjs'));
  const demo = await startDemo();
  const browser = await chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const times = [];
    for (let run = 0; run < 5; run++) {
      const context = await browser.newContext({ viewport: { width: 360, height: 640 } });
      const page = await context.newPage();
      await page.goto(demo.appUrl);
      await page.getByLabel('User name').fill('emma.fischer');
      await page.getByLabel('Password').fill('mwkit-demo');
      const start = performance.now();
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('link', { name: 'Expense management' }).waitFor();
      times.push(performance.now() - start);
      await context.close();
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)];
  } finally {
    await browser.close();
    await demo.close();
  }
}

export async function run(ctx) {
  const { buildApp } = await import(join(ctx.repoRoot, 'scripts', 'build-app.mjs'));
  const app = await buildApp({ outDir: join(ctx.workDir, 'app') });
  const { pushMs, pullMs } = await syncFigures(ctx);
  const dashboard = await dashboardMs(ctx);
  return [
    ...(dashboard === undefined ? [] : [{ metric: 'dashboard after sign-in (Chromium, loopback)', value: dashboard, unit: 'ms', budget: 1000 }]),
    { metric: `sync push, ${operationCount} operations (1,000 per batch)`, value: pushMs, unit: 'ms', budget: 2000 },
    { metric: `sync pull, ${operationCount} changed records (1,000 per page)`, value: pullMs, unit: 'ms', budget: 2000 },
    { metric: 'app shell JavaScript, gzip', value: app.sizes.shellJsGzip / 1024, unit: 'KB', budget: 60 },
  ];
}
