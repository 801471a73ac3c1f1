// `pack` writes reproducible packages: byte-identical for the same sources, whatever the
// folder, the order the files were created in or their timestamps; and nothing for an invalid project.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import yauzl from 'yauzl';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pack } from '../../src/commands/pack.js';
import { FailedError, UsageError } from '../../src/errors.js';
import { normalizeWorkspace } from '../../src/model/normalize.js';
import type { Workspace } from '../../src/model/types.js';
import { isManifest, sha256Hex } from '../../src/package/manifest.js';
import { readPackage } from '../../src/package/reader.js';
import { verifyPackage } from '../../src/package/verify.js';
import { parse as parseYaml } from 'yaml';

const templates = fileURLToPath(new URL('../../templates/', import.meta.url));
const projectFile = 'name: demo\npublisher: Contoso Ltd\nversion: 1.2.3\ndescription: Field apps\ncatalog: catalog.json\n';
const logic = 'export function onPageOpened(context) {\n  return context;\n}\n';

/** A template's workspace.yaml without its own `logic:` line: the tests bring their own script. */
function withoutLogic(template: string): string {
  return readFileSync(join(templates, template, 'workspace.yaml'), 'utf8').replace(/^logic:.*\n/m, '');
}

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'mwkit-pack-'));
}

/** Copies the source files in the given order, each with its own modification time. */
function makeProject(order: 'forward' | 'reverse' = 'forward'): string {
  const root = scratch();
  const files: Array<[string, string]> = [
    ['mwkit.yaml', projectFile],
    ['catalog.json', readFileSync(join(templates, 'catalog.json'), 'utf8')],
    ['workspaces/expense-management/workspace.yaml', `${withoutLogic('expense-management')}\nlogic: logic.js\n`],
    ['workspaces/expense-management/logic.js', logic],
    ['workspaces/sales-orders/workspace.yaml', withoutLogic('sales-orders')],
  ];
  if (order === 'reverse') files.reverse();
  files.forEach(([path, text], index) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
    utimesSync(join(root, path), 1_000_000 + index * 7919, 1_000_000 + index * 7919);
  });
  return root;
}

async function packBytes(root: string, env: NodeJS.ProcessEnv = {}, cwd = root): Promise<Buffer> {
  const result = await pack({ path: root, out: join(cwd, 'dist'), cwd, env });
  return readFileSync(join(cwd, result.path));
}

let stderr: { mock: { calls: unknown[][] }; mockRestore(): void };
beforeEach(() => {
  stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => stderr.mockRestore());

describe('pack is reproducible', () => {
  it('gives byte-identical packages twice, in another folder, and after creating the files in another order', async () => {
    const first = makeProject('forward');
    const again = await packBytes(first);
    const once = await packBytes(first);
    const elsewhere = await packBytes(makeProject('reverse'));
    expect(sha256Hex(once)).toBe(sha256Hex(again));
    expect(sha256Hex(elsewhere)).toBe(sha256Hex(once));
  });

  it('takes every date from SOURCE_DATE_EPOCH, and only from it', async () => {
    const root = makeProject();
    const fixed = await packBytes(root);
    const dated = await packBytes(root, { SOURCE_DATE_EPOCH: '1700000000' });
    expect(sha256Hex(dated)).not.toBe(sha256Hex(fixed));
    const pkg = await readPackage(dated);
    expect(pkg.manifest.createdAt).toBe('2023-11-14T22:13:20Z');
    expect((await readPackage(fixed)).manifest.createdAt).toBe('1980-01-01T00:00:00Z');
    const dates = await entryDates(dated);
    expect(new Set(dates.map((d) => d.toISOString()))).toEqual(new Set(['2023-11-14T22:13:20.000Z']));
  });

  it('refuses a SOURCE_DATE_EPOCH that is not a number of seconds', async () => {
    await expect(pack({ path: makeProject(), env: { SOURCE_DATE_EPOCH: 'yesterday' } })).rejects.toThrow(UsageError);
  });

  it('writes sorted, stored entries with mode 0644, no extra fields and no comment', async () => {
    const entries = await rawEntries(await packBytes(makeProject()));
    const names = entries.map((e) => e.fileName);
    expect(names).toEqual([...names].sort());
    expect(names[0]).toBe('manifest.json');
    for (const entry of entries) {
      expect(entry.compressionMethod).toBe(0);
      expect((entry.externalFileAttributes >>> 16).toString(8)).toBe('100644');
      expect(entry.extraFieldLength).toBe(0);
      expect(entry.fileCommentLength).toBe(0);
      expect(entry.generalPurposeBitFlag & 0x8).toBe(0); // no data descriptor
    }
  });
});

describe('pack writes the package contract', () => {
  it('a manifest listing every file with size and sha256, and the project and tool', async () => {
    const pkg = await readPackage(await packBytes(makeProject()));
    expect(isManifest(JSON.parse(pkg.manifestBytes.toString()))).toBe(true);
    const { files, ...rest } = pkg.manifest;
    expect(rest).toEqual({
      format: 1,
      name: 'demo',
      publisher: 'Contoso Ltd',
      version: '1.2.3',
      description: 'Field apps',
      createdAt: '1980-01-01T00:00:00Z',
      tool: { name: 'mwkit', version: expect.stringMatching(/^\d+\.\d+\.\d+/) },
      workspaces: [
        { id: 'expense-management', version: '1.0.0', path: 'workspaces/expense-management/workspace.json' },
        { id: 'sales-orders', version: '1.0.0', path: 'workspaces/sales-orders/workspace.json' },
      ],
    });
    expect(files.map((f) => f.path)).toEqual(['workspaces/expense-management/logic.js', 'workspaces/expense-management/workspace.json', 'workspaces/sales-orders/workspace.json']);
    for (const file of files) {
      const data = pkg.entries.get(file.path)!;
      expect({ size: data.length, sha256: sha256Hex(data) }).toEqual({ size: file.size, sha256: file.sha256 });
    }
    expect([...pkg.entries.keys()].sort()).toEqual(['manifest.json', ...files.map((f) => f.path)].sort());
    expect(verifyPackage(pkg).ok).toBe(true);
  });

  it('the normalised workspace, with logic.js as written', async () => {
    const root = makeProject();
    const pkg = await readPackage(await packBytes(root));
    const source = parseYaml(readFileSync(join(root, 'workspaces/expense-management/workspace.yaml'), 'utf8')) as Workspace;
    const expected = { ...normalizeWorkspace(source), logic: 'logic.js' };
    expect(pkg.entries.get('workspaces/expense-management/workspace.json')!.toString()).toBe(`${JSON.stringify(expected)}\n`);
    expect(pkg.entries.get('workspaces/expense-management/logic.js')!.toString()).toBe(logic);
    const sales = JSON.parse(pkg.entries.get('workspaces/sales-orders/workspace.json')!.toString()) as { logic?: string; offline: unknown };
    expect(sales.logic).toBeUndefined();
    expect(sales.offline).toEqual({ records: 500 });
  });

  it('logic.ts compiled to logic.js, reproducibly', async () => {
    const root = makeProject();
    const file = join(root, 'workspaces/expense-management/workspace.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('logic: logic.js', 'logic: logic.ts'));
    writeFileSync(join(root, 'workspaces/expense-management/logic.ts'), 'export function onPageOpened(context: { pageId: string }): void {\n  const id: string = context.pageId;\n  void id;\n}\n');
    const bytes = await packBytes(root);
    expect(sha256Hex(await packBytes(root))).toBe(sha256Hex(bytes));
    const pkg = await readPackage(bytes);
    const compiled = pkg.entries.get('workspaces/expense-management/logic.js')!.toString();
    expect(compiled).toMatch(/export function onPageOpened\(context\)/);
    expect(compiled).not.toContain(': string');
    expect([...pkg.entries.keys()].filter((p) => p.endsWith('.ts'))).toEqual([]);
    expect(JSON.parse(pkg.entries.get('workspaces/expense-management/workspace.json')!.toString()).logic).toBe('logic.js');
  });

  it('names the file <name>-<version>.mwpkg under --out, relative to the current folder', async () => {
    const root = makeProject();
    const result = await pack({ path: '.', out: 'build/packages', cwd: root, env: {} });
    expect(result.path).toBe(join('build', 'packages', 'demo-1.2.3.mwpkg'));
    expect(result.size).toBe(readFileSync(join(root, result.path)).length);
    expect(result.sha256).toBe(sha256Hex(readFileSync(join(root, result.path))));
    expect(readdirSync(join(root, 'build/packages'))).toEqual(['demo-1.2.3.mwpkg']); // no temporary file left
  });
});

describe('pack refuses', () => {
  it('an invalid project: exit 1, diagnostics on stderr, no file and no folder written', async () => {
    const root = makeProject();
    writeFileSync(
      join(root, 'workspaces/sales-orders/workspace.yaml'),
      'schemaVersion: 1\nid: sales-orders\ntitle: Sales\nversion: 1.0.0\npages:\n  - id: orders\n    kind: list\n    title: Orders\n    entity: SalesOrder\n    fields: [number]\n    open: nowhere\n',
    );
    const error = await pack({ path: root, cwd: root, env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FailedError);
    expect((error as FailedError).message).toMatch(/^Not packed: the project has \d+ errors?\.$/);
    expect((error as FailedError).exitCode).toBe(1);
    expect(stderr.mock.calls.map((call) => String(call[0])).join('')).toMatch(/workspaces\/sales-orders\/workspace\.yaml:11:11 +error +MW\d+ +.*nowhere/);
    expect(existsSync(join(root, 'dist'))).toBe(false);
  });

  it('a folder that is not a project, and a workspace folder', async () => {
    const root = makeProject();
    await expect(pack({ path: 'workspaces/sales-orders', cwd: root })).rejects.toThrow(/is not a project folder/);
    await expect(pack({ path: 'missing', cwd: root })).rejects.toThrow(/No such folder: missing/);
  });
});

async function rawEntries(archive: Buffer): Promise<yauzl.Entry[]> {
  const zip = await yauzl.fromBufferPromise(archive, { lazyEntries: true });
  const entries: yauzl.Entry[] = [];
  for await (const entry of zip.eachEntry()) entries.push(entry);
  zip.close();
  return entries;
}

async function entryDates(archive: Buffer): Promise<Date[]> {
  return (await rawEntries(archive)).map((e) => e.getLastModDate({ timezone: 'UTC' }));
}
