// `mwkit preview` as a user runs it: a fresh `init` project, the preview as a process of its
// own, the printed URL, edits to workspace.yaml seen through the API and on the live channel,
// and Ctrl-C leaving nothing behind. Until `preview` is registered in the CLI, the process is
// a one-line runner around dist/commands/preview.js (what the registered command will call).
import { execa, type ResultPromise } from 'execa';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PreviewSession, PreviewStatus } from '../../src/preview/protocol.js';
import { binPath, mwkit, repoRoot, tempDir } from '../helpers/cli.js';

interface RunningPreview {
  process: ResultPromise;
  appUrl: string;
  /** http://127.0.0.1:<port> */
  base: string;
  output(): string;
  /** Waits until the output from offset `from` on matches `pattern` (`output().length` marks "from now"). */
  waitForOutput(pattern: RegExp, from?: number): Promise<string>;
}

let isRegistered = false;
const previewModule = pathToFileURL(join(repoRoot, 'dist', 'commands', 'preview.js')).href;

async function startPreview(cwd: string, args: string[] = []): Promise<RunningPreview> {
  const command = isRegistered
    ? [binPath, 'preview', ...args]
    : [
        '--input-type=module',
        '-e',
        `const { runPreview } = await import(${JSON.stringify(previewModule)});
const [port, user] = process.argv.slice(1);
try { process.exitCode = await runPreview({ port, ...(user ? { user } : {}) }); }
catch (error) { process.stderr.write('mwkit: ' + error.message + '\\n'); process.exitCode = error.exitCode ?? 1; }`,
        '--',
        ...runnerArgs(args),
      ];
  // Its own process group, so that the test can tell whether anything it started survives it.
  const child = execa(process.execPath, command, { cwd, reject: false, detached: true, stdin: 'ignore', env: { NO_COLOR: '1', CI: '1' } });
  let stdout = '';
  const waiters = new Set<() => void>();
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    waiters.forEach((wake) => wake());
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    waiters.forEach((wake) => wake());
  });
  const waitForOutput = (pattern: RegExp, start = 0, timeoutMs = 15_000): Promise<string> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const match = pattern.exec(stdout.slice(start));
        if (!match) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(match[1] ?? match[0]);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no output matching ${pattern} within ${timeoutMs} ms; output:\n${stdout}`));
      }, timeoutMs);
      waiters.add(check);
      void child.then(() => check());
      check();
    });
  const appUrl = await waitForOutput(/App:\s+(\S+)/);
  return { process: child, appUrl, base: new URL(appUrl).origin, output: () => stdout, waitForOutput };
}

/** The runner takes the port and the user as plain arguments. */
function runnerArgs(args: string[]): string[] {
  const valueOf = (flag: string): string => (args.includes(flag) ? args[args.indexOf(flag) + 1]! : '');
  return [valueOf('--port'), valueOf('--user')];
}

/** The live channel as the app reads it: every `status` event, and a way to wait for one. */
async function liveChannel(base: string): Promise<{ waitFor(predicate: (s: PreviewStatus) => boolean, timeoutMs?: number): Promise<PreviewStatus>; close(): void }> {
  const controller = new AbortController();
  const response = await fetch(`${base}/api/v1/preview/events`, { signal: controller.signal });
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const received: PreviewStatus[] = [];
  const waiters = new Set<() => void>();
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body!) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const data = buffer
            .slice(0, end)
            .split('\n')
            .find((line) => line.startsWith('data: '));
          buffer = buffer.slice(end + 2);
          if (data) received.push(JSON.parse(data.slice(6)) as PreviewStatus);
          waiters.forEach((wake) => wake());
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    waitFor: (predicate, timeoutMs = 15_000) =>
      new Promise((resolve, reject) => {
        let seen = 0;
        const check = (): void => {
          for (; seen < received.length; seen++) {
            if (!predicate(received[seen]!)) continue;
            waiters.delete(check);
            clearTimeout(timer);
            resolve(received[seen]!);
            return;
          }
        };
        const timer = setTimeout(() => reject(new Error(`no matching status within ${timeoutMs} ms; last: ${JSON.stringify(received.at(-1))}`)), timeoutMs);
        waiters.add(check);
        check();
      }),
    close: () => controller.abort(),
  };
}

async function signIn(base: string): Promise<{ user: string; token: string }> {
  const session = (await (await fetch(`${base}/api/v1/preview/session`)).json()) as PreviewSession;
  const response = await fetch(`${base}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: session.user, password: session.password }),
  });
  expect(response.status).toBe(200);
  return { user: session.user, token: ((await response.json()) as { token: string }).token };
}

async function pageTitles(base: string, token: string): Promise<Record<string, string>> {
  const response = await fetch(`${base}/api/v1/me/workspaces`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  const workspaces = (await response.json()) as Array<{ id: string; definition: { pages: Array<{ id: string; title: string }> } }>;
  return Object.fromEntries(workspaces.flatMap((w) => w.definition.pages.map((p) => [`${w.id}/${p.id}`, p.title])));
}

function isPortClosed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

/** True when no process of the group `pgid` is left. */
function isGroupGone(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

let root: { dir: string; cleanup: () => Promise<void> };
let project: string;

beforeAll(async () => {
  // `--help` would succeed either way (commander shows the main help for an unknown command).
  isRegistered = !(await mwkit(['preview', '--port', 'x'])).stderr.includes("unknown command 'preview'");
  root = await tempDir('mwkit-preview-');
  const init = await mwkit(['init', 'my-app', '--yes'], { cwd: root.dir });
  expect(init.exitCode).toBe(0);
  project = join(root.dir, 'my-app');
});

afterAll(async () => {
  await root?.cleanup();
});

describe('mwkit preview (a process of its own)', () => {
  it('serves the app URL, applies edits without a restart, shows and clears the diagnostics of a broken file', async () => {
    const preview = await startPreview(project, ['--port', '0']);
    try {
      expect(preview.appUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/app\/\?as=[a-z.]+$/);
      expect(preview.output()).toContain('applied      1.0.0-preview.1, published expense-management for Employee');
      // The printed address answers: the environment behind it, and the preview's own routes.
      expect((await fetch(`${preview.base}/api/v1/health`)).status).toBe(200);
      const app = await fetch(preview.appUrl);
      expect(app.status).not.toBe(502);
      expect(app.headers.get('content-type')).toMatch(/text\/html|application\/problem\+json/);

      const { user, token } = await signIn(preview.base);
      expect(user).toBe('emma.fischer'); // an Employee, as expense-management suggests
      expect((await pageTitles(preview.base, token))['expense-management/my-reports']).toBe('My expense reports');
      const live = await liveChannel(preview.base);
      const first = await live.waitFor((s) => s.phase === 'ok');
      expect(first.applied?.version).toBe('1.0.0-preview.1');

      const file = join(project, 'workspaces', 'expense-management', 'workspace.yaml');
      const original = readFileSync(file, 'utf8');
      writeFileSync(file, original.replace('title: My expense reports', 'title: Reports in progress'));
      const renamed = await live.waitFor((s) => s.applied?.version === '1.0.0-preview.2');
      expect(renamed.diagnostics).toEqual([]);
      expect((await pageTitles(preview.base, token))['expense-management/my-reports']).toBe('Reports in progress');
      await preview.waitForOutput(/applied 1\.0\.0-preview\.2 in \d+ ms: ~expense-management \(pages ~my-reports\)/);

      // Broken: an unclosed flow sequence right under `pages:`; YAML reports it there or on the next line.
      const lines = original.split('\n');
      const pagesLine = lines.indexOf('pages:');
      lines.splice(pagesLine + 1, 0, '  - id: [broken');
      writeFileSync(file, lines.join('\n'));
      const broken = await live.waitFor((s) => s.phase === 'invalid');
      expect(broken.errors).toBeGreaterThan(0);
      expect(broken.applied?.version).toBe('1.0.0-preview.2'); // the app keeps the last good one
      const [diagnostic] = broken.diagnostics;
      expect(diagnostic).toMatchObject({ severity: 'error', code: 'MW001', file: 'workspaces/expense-management/workspace.yaml' });
      expect(diagnostic!.line).toBeGreaterThanOrEqual(pagesLine + 2);
      expect(diagnostic!.line).toBeLessThanOrEqual(pagesLine + 3);
      expect(diagnostic!.frame).toContain('[broken');
      await preview.waitForOutput(/not applied; the app keeps 1\.0\.0-preview\.2/);
      expect(preview.output()).toMatch(new RegExp(`workspaces/expense-management/workspace\\.yaml:${diagnostic!.line}:\\d+  error  MW001`));

      writeFileSync(file, original);
      const fixed = await live.waitFor((s) => s.phase === 'ok' && s.revision > broken.revision);
      expect(fixed).toMatchObject({ errors: 0, diagnostics: [] });
      expect((await pageTitles(preview.base, token))['expense-management/my-reports']).toBe('My expense reports');

      // A logic change runs the business-logic tests and reports them.
      const logic = join(project, 'workspaces', 'expense-management', 'logic.js');
      const beforeLogicEdit = preview.output().length;
      writeFileSync(logic, `${readFileSync(logic, 'utf8')}\n// edited\n`);
      await preview.waitForOutput(/logic\.js changed[^]*✓ logic tests: \d+ passed/, beforeLogicEdit);
      live.close();
    } finally {
      preview.process.kill('SIGINT');
      await preview.process;
    }
    expect(preview.process.exitCode).toBe(0);
  }, 90_000);

  it('runs the logic tests after a workspace definition changes and when a workspace is added (issue 30, item 5)', async () => {
    const preview = await startPreview(project, ['--port', '0']);
    const file = join(project, 'workspaces', 'expense-management', 'workspace.yaml');
    const original = readFileSync(file, 'utf8');
    try {
      await preview.waitForOutput(/✓ logic tests: \d+ passed \(\d+ cases? in 1 workspace\)/);
      // Only the definition changes (a page title): applied, and the tests run again, as they would after a renamed action.
      const beforeEdit = preview.output().length;
      writeFileSync(file, original.replace('title: My expense reports', 'title: Reports in progress'));
      await preview.waitForOutput(/workspace\.yaml changed\n[^]*✓ applied 1\.0\.0-preview\.\d+[^]*\n.*✓ logic tests: \d+ passed/, beforeEdit);

      const beforeAdd = preview.output().length;
      expect((await mwkit(['new', 'workspace', 'orders', '--template', 'sales-orders'], { cwd: project })).exitCode).toBe(0);
      await preview.waitForOutput(/✓ logic tests: \d+ passed \(\d+ cases in 2 workspaces\)/, beforeAdd);
    } finally {
      preview.process.kill('SIGINT');
      await preview.process;
      writeFileSync(file, original);
      rmSync(join(project, 'workspaces', 'orders'), { recursive: true, force: true });
    }
  }, 90_000);

  it('stops on SIGINT with an app connected: exit 0, the port closed, no process left', async () => {
    const preview = await startPreview(project, ['--port', '0']);
    const port = Number(new URL(preview.base).port);
    const live = await liveChannel(preview.base);
    await live.waitFor(() => true);
    expect(await isPortClosed(port)).toBe(false);
    preview.process.kill('SIGINT');
    const result = await preview.process;
    live.close();
    expect(result.exitCode).toBe(0);
    expect(preview.output()).toContain('mwkit: stopped.');
    expect(await isPortClosed(port)).toBe(true);
    expect(isGroupGone(preview.process.pid!)).toBe(true);
  }, 60_000);

  it('refuses an unknown --user with exit 2 and the closest name', async () => {
    const result = await execa(
      process.execPath,
      isRegistered
        ? [binPath, 'preview', '--port', '0', '--user', 'emma.fisher']
        : [
            '--input-type=module',
            '-e',
            `const { runPreview } = await import(${JSON.stringify(previewModule)});
try { process.exitCode = await runPreview({ port: 0, user: 'emma.fisher' }); }
catch (error) { process.stderr.write('mwkit: ' + error.message + '\\n  ' + error.hint + '\\n'); process.exitCode = error.exitCode ?? 1; }`,
          ],
      { cwd: project, reject: false, env: { NO_COLOR: '1', CI: '1' } },
    );
    expect(result.exitCode).toBe(2);
    expect(String(result.stderr)).toContain('There is no demo user emma.fisher.');
    expect(String(result.stderr)).toContain('Did you mean `emma.fischer`?');
  }, 30_000);
});

const chromiumPath = process.env.MWKIT_CHROMIUM ?? '/usr/bin/chromium';
const appDir = join(repoRoot, 'dist', 'app');

/** The built app (dist/app) has the preview module when its shell script knows the preview's path. */
function isAppWithPreview(): boolean {
  if (!existsSync(join(appDir, 'index.html'))) return false;
  return readdirSync(appDir).some((file) => /^app-.*\.js$/.test(file) && readFileSync(join(appDir, file), 'utf8').includes('/api/v1/preview'));
}

describe('mwkit preview in the app (Chromium)', () => {
  it.skipIf(!existsSync(chromiumPath) || !isAppWithPreview())(
    'shows a renamed page without a reload, the overlay with the line of a broken file, and clears it',
    async (context) => {
      const preview = await startPreview(project, ['--port', '0']);
      const browser = await chromium.launch({
        executablePath: chromiumPath,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      });
      try {
        if ((await fetch(preview.appUrl)).status !== 200) context.skip(); // the environment does not serve the app yet
        const page = await (await browser.newContext({ viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true })).newPage();
        await page.goto(preview.appUrl);
        // Signed in as the preview's user without a sign-in form, and the ?as= is gone from the address.
        await page.getByRole('link', { name: 'Expense management' }).click();
        await page.getByRole('link', { name: 'My expense reports' }).waitFor();
        expect(new URL(page.url()).search).toBe('');
        await page.evaluate(() => {
          (window as unknown as { marker: number }).marker = 42;
        });
        // The start-up run of the logic tests is over: the watcher now sees the next edit (a busy machine can take seconds).
        await preview.waitForOutput(/logic tests: \d+ passed/);

        const file = join(project, 'workspaces', 'expense-management', 'workspace.yaml');
        const original = readFileSync(file, 'utf8');
        writeFileSync(file, original.replace('title: My expense reports', 'title: Reports in progress'));
        await page
          .getByRole('link', { name: 'Reports in progress' })
          .waitFor()
          .catch(async (error: unknown) => {
            throw new Error(`${String(error)}\npreview said:\n${preview.output()}\npage shows:\n${await page.locator('body').innerText()}`);
          });
        expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42); // no reload
        expect(new URL(page.url()).hash).toBe('#/w/expense-management'); // still where the user was

        const lines = original.split('\n');
        const kindLine = lines.findIndex((line, i) => line === '    kind: list' && lines[i - 1] === '  - id: my-reports');
        lines[kindLine] = '    kind: lists';
        writeFileSync(file, lines.join('\n'));
        const overlay = page.getByRole('dialog', { name: 'Preview problems' });
        await overlay.waitFor();
        await expect.poll(() => overlay.innerText()).toContain(`workspaces/expense-management/workspace.yaml:${kindLine + 1}:11`);
        expect(await overlay.innerText()).toContain('MW106');

        writeFileSync(file, original);
        await overlay.waitFor({ state: 'hidden' });
        await page.getByRole('link', { name: 'My expense reports' }).waitFor();
      } finally {
        await browser.close();
        preview.process.kill('SIGINT');
        await preview.process;
      }
    },
    90_000,
  );
});
