// pack, inspect, verify and keygen through the built binary: exit codes, stdout/stderr split,
// files written; and independent zip readers (unzip, Python's zipfile) accept the packages.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mwkit, repoRoot, tempDir } from '../helpers/cli.js';

let root: string;
let project: string;
let cleanup: () => Promise<void>;
const packagePath = join('dist', 'contoso-field-apps-2.0.0.mwpkg');

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

beforeAll(async () => {
  ({ dir: root, cleanup } = await tempDir());
  project = join(root, 'project');
  mkdirSync(join(project, 'workspaces'), { recursive: true });
  cpSync(join(repoRoot, 'templates', 'catalog.json'), join(project, 'catalog.json'));
  for (const id of ['expense-management', 'inventory-on-hand']) {
    cpSync(join(repoRoot, 'templates', id), join(project, 'workspaces', id), { recursive: true });
  }
  writeFileSync(join(project, 'mwkit.yaml'), 'name: contoso-field-apps\npublisher: Contoso Ltd\nversion: 2.0.0\ncatalog: catalog.json\n');
});

afterAll(() => cleanup());

describe('mwkit keygen', () => {
  it('writes a key pair, prints the fingerprint and never the private key', async () => {
    const result = await mwkit(['keygen', '--out', 'keys', '--json'], { cwd: root });
    expect(result.exitCode).toBe(0);
    const output = JSON.parse(result.stdout) as { privateKey: string; publicKey: string; fingerprint: string };
    expect(output).toEqual({ privateKey: join('keys', 'signing.key'), publicKey: join('keys', 'signing.pub'), fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(statSync(join(root, 'keys', 'signing.key')).mode & 0o777).toBe(0o600);
    expect(result.stdout + result.stderr).not.toContain('PRIVATE KEY');
  });

  it('refuses to replace a key (exit 2)', async () => {
    const result = await mwkit(['keygen', '--out', 'keys'], { cwd: root });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^mwkit: keys\/signing\.key already exists; mwkit keygen never replaces a key\./);
  });
});

describe('mwkit pack', () => {
  it('writes dist/<name>-<version>.mwpkg and prints its path, digest and size as JSON', async () => {
    const result = await mwkit(['pack', '--json', '--sign', join(root, 'keys', 'signing.key')], { cwd: project });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const output = JSON.parse(result.stdout) as { path: string; sha256: string; size: number; keyFingerprint: string };
    expect(output.path).toBe(packagePath);
    expect(output.sha256).toBe(sha256(join(project, packagePath)));
    expect(output.size).toBe(statSync(join(project, packagePath)).size);
    expect(output.keyFingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is byte-identical on a second run, and follows SOURCE_DATE_EPOCH', async () => {
    const first = sha256(join(project, packagePath));
    expect((await mwkit(['pack', '--sign', join(root, 'keys', 'signing.key')], { cwd: project })).exitCode).toBe(0);
    expect(sha256(join(project, packagePath))).toBe(first);
    const dated = await mwkit(['pack', '--out', join(root, 'dated'), '--json'], { cwd: project, env: { SOURCE_DATE_EPOCH: '1700000000' } });
    expect(dated.exitCode).toBe(0);
    expect(JSON.parse(dated.stdout).sha256).not.toBe(first);
  });

  it('prints a summary in text mode', async () => {
    const result = await mwkit(['pack', '--out', join(root, 'text')], { cwd: project });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^Packed contoso-field-apps 2\.0\.0: 2 workspaces, \d+ files\n/);
    expect(result.stdout).toMatch(/sha256 [0-9a-f]{64}/);
    expect(result.stdout).toContain('not signed');
  });

  it('refuses an invalid project: exit 1, the diagnostics as validate prints them, no file', async () => {
    const broken = join(root, 'broken');
    cpSync(project, broken, { recursive: true });
    writeFileSync(join(broken, 'mwkit.yaml'), 'name: broken\npublisher: Contoso Ltd\nversion: 1.0.0.0\ncatalog: catalog.json\n');
    const result = await mwkit(['pack', '--out', 'out'], { cwd: broken });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('mwkit.yaml:3:10  error  MW105');
    expect(result.stderr).toMatch(/mwkit: Not packed: the project has 1 error\.\n/);
    expect(existsSync(join(broken, 'out'))).toBe(false);
  });

  it('refuses a folder without mwkit.yaml, and a bad signing key (exit 2)', async () => {
    const notProject = await mwkit(['pack', 'workspaces'], { cwd: project });
    expect(notProject.exitCode).toBe(2);
    expect(notProject.stderr).toMatch(/^mwkit: workspaces is not a project folder: it has no mwkit\.yaml\./);
    const badKey = await mwkit(['pack', '--sign', join(root, 'keys', 'signing.pub')], { cwd: project });
    expect(badKey.exitCode).toBe(2);
    expect(badKey.stderr).toMatch(/it is a public key; signing needs the private key/);
  });
});

describe('independent zip readers', () => {
  it('unzip -t tests the package without errors', () => {
    const output = execFileSync('unzip', ['-t', join(project, packagePath)], { encoding: 'utf8' });
    expect(output).toMatch(/No errors detected in compressed data/);
    expect(output).toContain('testing: manifest.json');
    expect(output).toContain('testing: workspaces/expense-management/workspace.json');
  });

  it("Python's zipfile reads it, and every file matches the manifest", () => {
    const script = [
      'import hashlib, json, sys, zipfile',
      'z = zipfile.ZipFile(sys.argv[1])',
      'assert z.testzip() is None',
      'm = json.loads(z.read("manifest.json"))',
      'names = sorted(n for n in z.namelist() if n not in ("manifest.json", "signature.json"))',
      'assert names == sorted(f["path"] for f in m["files"]), names',
      'for f in m["files"]:',
      '    data = z.read(f["path"])',
      '    assert len(data) == f["size"] and hashlib.sha256(data).hexdigest() == f["sha256"], f["path"]',
      'print(json.dumps({"unlisted": len(z.namelist()) - len(m["files"]), "modes": sorted({oct(i.external_attr >> 16) for i in z.infolist()})}))',
    ].join('\n');
    const result = spawnSync('python3', ['-c', script, join(project, packagePath)], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({ unlisted: 2, modes: ['0o100644'] }); // manifest.json and signature.json
  });
});

describe('mwkit verify', () => {
  it('exits 0 for a package signed by the given key', async () => {
    const result = await mwkit(['verify', packagePath, '--key', join(root, 'keys', 'signing.pub')], { cwd: project });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^✔ dist\/contoso-field-apps-2\.0\.0\.mwpkg: verified\n/);
    expect(result.stdout).toMatch(/signature: valid, by key [0-9a-f]{64}/);
  });

  it('exits 1 for another key, naming both', async () => {
    expect((await mwkit(['keygen', '--out', 'other'], { cwd: root })).exitCode).toBe(0);
    const result = await mwkit(['verify', packagePath, '--key', join(root, 'other', 'signing.pub'), '--json'], { cwd: project });
    expect(result.exitCode).toBe(1);
    const output = JSON.parse(result.stdout) as { ok: boolean; problems: Array<{ code: string }>; signature: { status: string } };
    expect(output.ok).toBe(false);
    expect(output.signature.status).toBe('unknown-key');
    expect(output.problems.map((p) => p.code)).toEqual(['unknown-key']);
  });

  it('exits 1 for an unsigned package under --key', async () => {
    const result = await mwkit(['verify', join(root, 'text', 'contoso-field-apps-2.0.0.mwpkg'), '--key', join(root, 'keys', 'signing.pub')], { cwd: project });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('The package is not signed, but a signature by key');
  });

  it('exits 1 when one byte was changed', async () => {
    const tampered = join(root, 'tampered.mwpkg');
    const bytes = readFileSync(join(project, packagePath));
    const at = bytes.indexOf(Buffer.from('"title":"Inventory on-hand"'));
    bytes.write('"title":"Inventory on-hanD"', at);
    writeFileSync(tampered, bytes);
    const result = await mwkit(['verify', tampered], { cwd: project });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('workspaces/inventory-on-hand/workspace.json" fails its CRC-32 check');
  });

  it('exits 1 for a file that is not a zip, and 2 for a missing one', async () => {
    writeFileSync(join(root, 'not-a-zip.mwpkg'), 'hello');
    const corrupt = await mwkit(['verify', join(root, 'not-a-zip.mwpkg')], { cwd: project });
    expect(corrupt.exitCode).toBe(1);
    expect(corrupt.stdout).toMatch(/Not a readable zip file/);
    const missing = await mwkit(['verify', 'dist/nothing.mwpkg'], { cwd: project });
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/^mwkit: Package not found: dist\/nothing\.mwpkg/);
  });
});

describe('mwkit inspect', () => {
  it('shows the manifest, workspaces with pages and actions, files, digest and signature', async () => {
    const result = await mwkit(['inspect', packagePath], { cwd: project });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^contoso-field-apps 2\.0\.0 by Contoso Ltd\n/);
    expect(result.stdout).toMatch(/sha256 +[0-9a-f]{64}/);
    expect(result.stdout).toMatch(/signature signed by key [0-9a-f]{64}, not checked/);
    expect(result.stdout).toContain('integrity ok');
    expect(result.stdout).toMatch(/ {2}expense-management 1\.0\.0 {2}Expense management\n {4}pages: {3}.*my-reports \(list of ExpenseReport\)/);
    expect(result.stdout).toMatch(/actions: .*submit-report \(operation ExpenseReport\)/);
    expect(result.stdout).toMatch(/ {2}\d+ {2}[0-9a-f]{64} {2}workspaces\/inventory-on-hand\/workspace\.json/);
  });

  it('prints the same as JSON', async () => {
    const result = await mwkit(['inspect', packagePath, '--json'], { cwd: project });
    expect(result.exitCode).toBe(0);
    const output = JSON.parse(result.stdout) as {
      manifest: { name: string; files: unknown[] };
      sha256: string;
      workspaces: Array<{ id: string; pages: unknown[] }>;
      files: unknown[];
      integrity: { ok: boolean };
    };
    expect(output.manifest.name).toBe('contoso-field-apps');
    expect(output.sha256).toBe(sha256(join(project, packagePath)));
    expect(output.workspaces.map((w) => w.id)).toEqual(['expense-management', 'inventory-on-hand']);
    expect(output.workspaces[0]!.pages.length).toBeGreaterThan(2);
    expect(output.files.length).toBeGreaterThanOrEqual(2);
    expect(output.files).toEqual(output.manifest.files);
    expect(output.integrity.ok).toBe(true);
  });

  it('exits 1 with the reason for a package the reader refuses', async () => {
    const result = await mwkit(['inspect', join(root, 'not-a-zip.mwpkg')], { cwd: project });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^mwkit: Cannot inspect .*not-a-zip\.mwpkg: Not a readable zip file/);
  });
});
