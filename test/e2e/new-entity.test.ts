// `mwkit new entity <Name>` through the built binary: the starter model file (and roles.yaml)
// it writes validates cleanly, a workspace can use the entity at once, and mistakes are refused
// with a precise message and exit 2, writing nothing.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { entityNameFrom, entityTitleFrom, keyPrefixFrom } from '../../src/scaffold/entity.js';
import { mwkit, tempDir } from '../helpers/cli.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function project(): Promise<string> {
  const { dir, cleanup } = await tempDir('mwkit-new-entity-');
  cleanups.push(cleanup);
  writeFileSync(join(dir, 'mwkit.yaml'), 'name: visits\npublisher: Contoso\nversion: 1.0.0\n');
  return dir;
}

describe('mwkit new entity', () => {
  it('writes a starter entity and roles.yaml that validate cleanly, and a workspace can use it', async () => {
    const dir = await project();
    const created = await mwkit(['new', 'entity', 'ServiceOrder'], { cwd: dir });
    expect(created.exitCode, created.stderr).toBe(0);
    expect(created.stdout).toContain('+ model/ServiceOrder.yaml');
    expect(created.stdout).toContain('+ model/roles.yaml');
    const text = readFileSync(join(dir, 'model', 'ServiceOrder.yaml'), 'utf8');
    expect(text).toContain('entity: ServiceOrder\ntitle: Service order\n');
    expect(text).toContain('keyPrefix: SO-');
    const workspace = 'schemaVersion: 1\nid: orders\ntitle: Orders\nversion: 1.0.0\npages:\n  - id: list\n    kind: list\n    title: My orders\n    entity: ServiceOrder\n    fields: [name, status]\n';
    mkdirSync(join(dir, 'workspaces', 'orders'), { recursive: true });
    writeFileSync(join(dir, 'workspaces', 'orders', 'workspace.yaml'), workspace);
    const checked = await mwkit(['validate', '--format', 'json'], { cwd: dir });
    expect(checked.exitCode, checked.stdout + checked.stderr).toBe(0);
    expect(JSON.parse(checked.stdout)).toMatchObject({ ok: true, errors: 0, warnings: 0 });
  });

  it('adds a second entity without touching roles.yaml', async () => {
    const dir = await project();
    await mwkit(['new', 'entity', 'Visit'], { cwd: dir });
    const roles = readFileSync(join(dir, 'model', 'roles.yaml'), 'utf8');
    writeFileSync(join(dir, 'model', 'roles.yaml'), `${roles}  Auditor: {}\n`);
    const second = await mwkit(['new', 'entity', 'Customer', '--title', 'Client'], { cwd: dir });
    expect(second.exitCode, second.stderr).toBe(0);
    expect(second.stdout).not.toContain('roles.yaml');
    expect(readFileSync(join(dir, 'model', 'roles.yaml'), 'utf8')).toContain('Auditor');
    expect(readFileSync(join(dir, 'model', 'Customer.yaml'), 'utf8')).toContain('title: Client\n');
  });

  it('refuses a name that is not an entity name, one that exists, and a folder that is not a project', async () => {
    const dir = await project();
    const badName = await mwkit(['new', 'entity', 'service order'], { cwd: dir });
    expect(badName.exitCode).toBe(2);
    expect(badName.stderr).toContain('is not an entity name');
    expect(badName.stderr).toContain('Did you mean `ServiceOrder`?');
    expect(existsSync(join(dir, 'model'))).toBe(false);
    await mwkit(['new', 'entity', 'Visit'], { cwd: dir });
    const again = await mwkit(['new', 'entity', 'Visit'], { cwd: dir });
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toContain('model/Visit.yaml already exists');
    const { dir: empty, cleanup } = await tempDir();
    cleanups.push(cleanup);
    const outside = await mwkit(['new', 'entity', 'Visit'], { cwd: empty });
    expect(outside.exitCode).toBe(2);
    expect(outside.stderr).toContain('not an mwkit project');
  });

  it('derives names, titles and key prefixes', () => {
    expect([entityNameFrom('service order'), entityNameFrom('9 lives'), entityNameFrom('---')]).toEqual(['ServiceOrder', 'Lives', undefined]);
    expect([entityTitleFrom('ServiceOrder'), entityTitleFrom('Visit')]).toEqual(['Service order', 'Visit']);
    expect([keyPrefixFrom('ServiceOrder'), keyPrefixFrom('Visit'), keyPrefixFrom('X')]).toEqual(['SO-', 'VIS-', 'X-']);
  });
});
