// `mwkit validate` through the built binary: output formats, exit codes, stdout/stderr split.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mwkit, repoRoot, tempDir } from '../helpers/cli.js';

let root: string;
let cleanup: () => Promise<void>;

const brokenWorkspace = `schemaVersion: 1
id: broken
title: Broken
version: 1.0.0
pages:
  - id: orders
    kind: list
    title: Orders
    entity: SalesOrder
    fields: [number, customr]
    open: ordr
`;

beforeAll(async () => {
  ({ dir: root, cleanup } = await tempDir());
  const good = join(root, 'good');
  mkdirSync(join(good, 'workspaces'), { recursive: true });
  cpSync(join(repoRoot, 'templates', 'catalog.json'), join(good, 'catalog.json'));
  cpSync(join(repoRoot, 'templates', 'sales-orders'), join(good, 'workspaces', 'sales-orders'), { recursive: true });
  writeFileSync(join(good, 'mwkit.yaml'), 'name: good\npublisher: Contoso\nversion: 1.0.0\ncatalog: catalog.json\n');
  const bad = join(root, 'bad');
  cpSync(good, bad, { recursive: true });
  mkdirSync(join(bad, 'workspaces', 'broken'));
  writeFileSync(join(bad, 'workspaces', 'broken', 'workspace.yaml'), brokenWorkspace);
});

afterAll(() => cleanup());

describe('mwkit validate', () => {
  it('exits 0 with a summary on a valid project', async () => {
    const result = await mwkit(['validate'], { cwd: join(root, 'good') });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/no problems in 1 workspace/);
    expect(result.stderr).toBe('');
  });

  it('prints code frames and exits 1 on errors', async () => {
    const result = await mwkit(['validate'], { cwd: join(root, 'bad') });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('workspaces/broken/workspace.yaml:10:22');
    expect(result.stdout).toContain('MW302');
    expect(result.stdout).toContain('Did you mean `customer`?');
    expect(result.stdout).toMatch(/> 10 \|\s+fields: \[number, customr\]/);
    expect(result.stdout).not.toContain('\u001b[');
  });

  it('prints only the JSON contract document on stdout', async () => {
    const result = await mwkit(['validate', '--format', 'json'], { cwd: join(root, 'bad') });
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(Object.keys(report)).toEqual(['ok', 'errors', 'warnings', 'diagnostics']);
    expect(report.ok).toBe(false);
    expect(report.diagnostics).toContainEqual({
      severity: 'error',
      code: 'MW204',
      message: expect.stringContaining('ordr'),
      file: 'workspaces/broken/workspace.yaml',
      line: 11,
      column: 11,
      pointer: '/pages/0/open',
      hint: 'Did you mean `orders`?',
    });
  });

  it('validates one workspace folder or file inside a project', async () => {
    const folder = await mwkit(['validate', 'workspaces/sales-orders', '--format', 'json'], { cwd: join(root, 'bad') });
    expect(JSON.parse(folder.stdout)).toMatchObject({ ok: true, errors: 0 });
    const file = await mwkit(['validate', join(root, 'bad', 'workspaces', 'broken', 'workspace.yaml'), '--format', 'json']);
    expect(file.exitCode).toBe(1);
    expect(JSON.parse(file.stdout).diagnostics[0].file).toBe('workspaces/broken/workspace.yaml');
  });

  it('writes SARIF, JUnit and GitHub annotations', async () => {
    const sarif = await mwkit(['validate', '--format', 'sarif'], { cwd: join(root, 'bad') });
    expect(sarif.exitCode).toBe(1);
    expect(JSON.parse(sarif.stdout).runs[0].results.length).toBeGreaterThan(0);
    const junit = await mwkit(['validate', '--format', 'junit'], { cwd: join(root, 'bad') });
    expect(junit.stdout).toMatch(/<testcase [^>]*name="broken"/);
    expect(junit.stdout).toContain('<failure');
    const github = await mwkit(['validate', '--format', 'github'], { cwd: join(root, 'bad') });
    expect(github.stdout).toContain('::error file=workspaces/broken/workspace.yaml,line=10,col=22,title=MW302::');
  });

  it('says once on stderr that catalog rules are skipped without a catalog', async () => {
    const result = await mwkit(['validate', 'workspaces/broken/workspace.yaml', '--format', 'json'], { cwd: join(root, 'bad') });
    expect(result.stderr).toBe('');
    const dir = join(root, 'nocatalog');
    mkdirSync(dir);
    writeFileSync(join(dir, 'workspace.yaml'), brokenWorkspace);
    const alone = await mwkit(['validate', '--format', 'json'], { cwd: dir });
    expect(alone.stderr.trim().split('\n')).toHaveLength(1);
    expect(alone.stderr).toContain('catalog rules skipped');
    expect(JSON.parse(alone.stdout).diagnostics.map((d: { code: string }) => d.code)).toEqual(['MW204']);
  });

  it('uses --catalog over mwkit.yaml', async () => {
    const catalog = join(root, 'empty-catalog.json');
    writeFileSync(catalog, '{ "entities": {} }');
    const result = await mwkit(['validate', '--format', 'json', '--catalog', catalog], { cwd: join(root, 'good') });
    expect(result.exitCode).toBe(1);
    // The empty catalog lacks the workspace's entities (MW301) and those its logic queries (MW227).
    const found = new Set(JSON.parse(result.stdout).diagnostics.map((d: { code: string }) => d.code));
    expect([...found].sort()).toEqual(['MW227', 'MW301']);
  });

  it('exits 2 on usage errors, without a stack trace', async () => {
    const missing = await mwkit(['validate', 'nowhere']);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('No such file or folder: nowhere');
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    const format = await mwkit(['validate', '--format', 'xml'], { cwd: join(root, 'good') });
    expect(format.exitCode).toBe(2);
    expect(format.stderr).toContain('xml');
    const catalog = await mwkit(['validate', '--catalog', 'missing.json'], { cwd: join(root, 'good') });
    expect(catalog.exitCode).toBe(2);
    expect(catalog.stderr).toContain('Catalog file not found');
    const flag = await mwkit(['validate', '--bogus']);
    expect(flag.exitCode).toBe(2);
  });

  it('reports YAML syntax errors with their position, never a crash', async () => {
    const dir = join(root, 'syntax');
    mkdirSync(dir);
    writeFileSync(join(dir, 'workspace.yaml'), 'schemaVersion: 1\nid: x\nid: y\npages: [\n');
    const result = await mwkit(['validate', '--format', 'json'], { cwd: dir });
    expect(result.exitCode).toBe(1);
    const codes = JSON.parse(result.stdout).diagnostics.map((d: { code: string; line: number }) => `${d.code}@${d.line}`);
    expect(codes).toContain('MW002@3');
    expect(codes.some((c: string) => c.startsWith('MW001'))).toBe(true);
  });

  it('--strict fails on warnings', async () => {
    const dir = join(root, 'warn');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'workspace.yaml'),
      brokenWorkspace.replace('    open: ordr\n', '').replace('customr', 'customer') + 'actions:\n  - { id: unused, kind: create, title: New, entity: SalesOrder }\n',
    );
    const lax = await mwkit(['validate'], { cwd: dir });
    expect(lax.exitCode).toBe(0);
    expect(lax.stdout).toContain('MW212');
    const strict = await mwkit(['validate', '--strict'], { cwd: dir });
    expect(strict.exitCode).toBe(1);
  });
});
