// A preview in this process (no watcher: the test says which files changed): what it applies,
// what it leaves alone, a package the environment refuses with the diagnostics placed in the
// YAML, a project broken from the start, a restart that keeps counting, and a clean stop.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runPreview } from '../../src/commands/preview.js';
import { PreviewSession } from '../../src/preview/session.js';

const repoRoot = new URL('../../', import.meta.url).pathname;
const folders: string[] = [];

afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function newProject(): string {
  const root = mkdtempSync(join(tmpdir(), 'mwkit-preview-session-'));
  folders.push(root);
  writeFileSync(join(root, 'mwkit.yaml'), 'name: field-apps\npublisher: Contoso\nversion: 2.0.0\ncatalog: catalog.json\n');
  cpSync(join(repoRoot, 'templates', 'catalog.json'), join(root, 'catalog.json'));
  cpSync(join(repoRoot, 'templates', 'expense-management'), join(root, 'workspaces', 'expense-management'), { recursive: true });
  return root;
}

async function start(root: string): Promise<{ session: PreviewSession; output: () => string }> {
  const out = new PassThrough();
  let text = '';
  out.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  const session = await PreviewSession.start({ root, host: '127.0.0.1', port: 0, isPortFixed: true, out, isColor: false, isWatching: false });
  await session.idle();
  return { session, output: () => text };
}

function isPortClosed(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port: Number(new URL(url).port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

const workspaceFile = 'workspaces/expense-management/workspace.yaml';

describe('PreviewSession', () => {
  it('applies on start, skips a save that changes nothing, and reports a refused package in the YAML', async () => {
    const root = newProject();
    const { session, output } = await start(root);
    try {
      expect(output()).toContain('applied      2.0.0-preview.1, published expense-management for Employee');
      expect(output()).toMatch(/✓ logic tests: \d+ passed/);
      expect(session.live.current).toMatchObject({ phase: 'ok', applied: { version: '2.0.0-preview.1' }, errors: 0 });

      // Only a comment: the same workspaces, so nothing is applied.
      const file = join(root, workspaceFile);
      const original = readFileSync(file, 'utf8');
      writeFileSync(file, `${original}# a comment\n`);
      await session.refresh([workspaceFile]);
      expect(output()).toContain('No change to the workspaces: nothing to apply.');
      expect(session.live.current.applied?.version).toBe('2.0.0-preview.1');

      // The project's catalog knows a field the environment's does not: valid here, refused there.
      const catalog = JSON.parse(readFileSync(join(root, 'catalog.json'), 'utf8')) as { entities: Record<string, { fields: Record<string, unknown> }> };
      catalog.entities.ExpenseReport!.fields.gadget = { type: 'string', label: 'Gadget' };
      writeFileSync(join(root, 'catalog.json'), JSON.stringify(catalog));
      const lines = original.split('\n');
      const at = lines.indexOf('      - purpose'); // the first list page's fields
      lines.splice(at + 1, 0, '      - gadget');
      writeFileSync(file, lines.join('\n'));
      await session.refresh(['catalog.json', workspaceFile]);
      const refused = session.live.current;
      expect(refused.phase).toBe('rejected');
      expect(refused.applied?.version).toBe('2.0.0-preview.1');
      expect(refused.diagnostics[0]).toMatchObject({ severity: 'error', file: workspaceFile, line: at + 2, column: 9 });
      expect(refused.diagnostics[0]!.message).toContain('gadget');
      expect(output()).toContain(`${workspaceFile}:${at + 2}:9  error`);
      expect(output()).toContain('not applied; the app keeps 2.0.0-preview.1');

      writeFileSync(file, original.replace('title: My expense reports', 'title: Open reports'));
      await session.refresh([workspaceFile]);
      expect(session.live.current).toMatchObject({ phase: 'ok', applied: { version: '2.0.0-preview.2' }, diagnostics: [] });
      expect(output()).toMatch(/✓ applied 2\.0\.0-preview\.2 in \d+ ms: ~expense-management \(pages ~my-reports\)/);
    } finally {
      await session.close();
    }
    expect(await isPortClosed(session.appUrl)).toBe(true);
    expect(await isPortClosed(session.environment.server.url)).toBe(true);
  });

  it('starts with a broken project, applies once it is fixed, and keeps counting after a restart', async () => {
    const root = newProject();
    const file = join(root, workspaceFile);
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace('kind: list', 'kind: lists'));
    const first = await start(root);
    try {
      expect(first.output()).toContain('applied      nothing yet: 1 error (below); fix and save, and the preview applies it');
      expect(first.output().indexOf('App:')).toBeLessThan(first.output().indexOf('error  MW'));
      expect(first.session.live.current).toMatchObject({ phase: 'invalid', applied: null, errors: 1 });
      writeFileSync(file, original);
      await first.session.refresh([workspaceFile]);
      expect(first.session.live.current).toMatchObject({ phase: 'ok', applied: { version: '2.0.0-preview.1' } });
    } finally {
      await first.session.close();
    }
    const second = await start(root);
    try {
      expect(second.output()).toContain('(demo company, kept from the last preview)');
      expect(second.session.live.current.applied?.version).toBe('2.0.0-preview.2');
    } finally {
      await second.session.close();
    }
  });

  it('runPreview: a stop asked for while starting ends the preview as soon as it has started', async () => {
    const root = newProject();
    const controller = new AbortController();
    const listeners = process.listenerCount('SIGINT');
    let appUrl = '';
    const running = runPreview({
      cwd: root,
      port: 0,
      signal: controller.signal,
      stdout: new PassThrough(),
      stderr: new PassThrough(),
      onReady: (url) => {
        appUrl = url;
      },
    });
    controller.abort(); // before the environment is up
    expect(await running).toBe(0);
    expect(appUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/app\/\?as=emma\.fischer$/);
    expect(await isPortClosed(appUrl)).toBe(true);
    expect(process.listenerCount('SIGINT')).toBe(listeners); // no handler left behind
  });

  it('refuses a folder without mwkit.yaml before starting anything', async () => {
    const root = mkdtempSync(join(tmpdir(), 'mwkit-preview-empty-'));
    folders.push(root);
    writeFileSync(join(root, 'workspace.yaml'), 'id: a\n');
    await expect(start(root)).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('is not a project') });
  });
});
