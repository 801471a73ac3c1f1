// Which top-level folder of src/ may import which (issue 28, step 1). Every import between two
// folders must be allowed below, or listed as debt: a known violation to burn down, with the
// files that make it. A new violation fails; so does debt that is paid but still listed, so
// the list only ever shrinks.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const srcDir = resolve(import.meta.dirname, '../../src');

/** Folder (or top-level module) → what it may import. Foundations first, the CLI's composition root last. */
const allowed: Record<string, readonly string[]> = {
  errors: [],
  version: [],
  diagnostics: [],
  text: [],
  yaml: ['diagnostics'],
  model: [],
  // The wire contract between the environment, the CLI and the app: names the model's types (a workspace's definition), nothing else.
  contract: ['model'],
  project: ['diagnostics', 'errors', 'model', 'yaml'],
  logic: ['diagnostics', 'errors', 'model', 'project', 'reporters', 'text', 'yaml'],
  validate: ['diagnostics', 'logic', 'model', 'project', 'text', 'yaml'],
  reporters: ['diagnostics', 'errors', 'project', 'text', 'validate', 'version'],
  package: ['errors', 'logic', 'model', 'project', 'version'],
  scaffold: ['errors', 'project', 'text'],
  server: ['contract', 'logic', 'model', 'package', 'validate', 'version'],
  env: ['cli', 'contract', 'diagnostics', 'errors', 'model', 'package', 'project', 'reporters', 'scaffold', 'validate', 'version', 'yaml'],
  preview: ['diagnostics', 'env', 'errors', 'logic', 'package', 'project', 'reporters', 'server', 'text', 'validate', 'version', 'yaml'],
  commands: ['cli', 'env', 'errors', 'logic', 'model', 'package', 'preview', 'project', 'reporters', 'scaffold', 'server', 'text', 'validate', 'version'],
  cli: ['commands', 'errors', 'text', 'version'],
};

/** Known violations: `from → to` with the files that import across. */
const debt: Record<string, readonly string[]> = {
  // The diagnostic codes are a foundation, kept in validate/: logic cannot see them without climbing.
  'logic → validate': ['src/logic/check.ts', 'src/logic/runtime.ts', 'src/logic/state.ts', 'src/logic/transform.ts'],
  // Loading a project checks workspace files against the schema, which lives in validate/ (a cycle).
  'project → validate': ['src/project/load.ts'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

function topOf(path: string, root = srcDir): string {
  const [first, ...rest] = relative(root, path).split(sep);
  return rest.length === 0 ? first!.replace(/\.[jt]s$/, '') : first!;
}

/** `from → to` with the files importing across, for every relative import out of a folder of `root`. */
function crossings(root = srcDir): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  for (const file of sourceFiles(root)) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm)) {
      const target = resolve(dirname(file), match[1]!);
      expect(relative(srcDir, target).startsWith('..'), `${relative(srcDir, file)} imports outside src/: ${match[1]}`).toBe(false);
      // Imports that leave `root` are the outer table's business.
      if (relative(root, target).startsWith('..')) continue;
      const [from, to] = [topOf(file, root), topOf(target, root)];
      if (from === to) continue;
      const key = `${from} → ${to}`;
      if (!found.has(key)) found.set(key, new Set());
      found.get(key)!.add(`src/${relative(srcDir, file).split(sep).join('/')}`);
    }
  }
  return found;
}

describe('layers of src/', () => {
  const found = crossings();

  it('finds the imports it checks', () => {
    expect(found.size).toBeGreaterThan(40);
    expect(found.get('commands → env')?.size).toBeGreaterThan(5);
  });

  it('every folder is in the table', () => {
    const folders = new Set(sourceFiles(srcDir).map((file) => topOf(file)));
    expect([...folders].filter((folder) => !Object.hasOwn(allowed, folder)).sort()).toEqual([]);
  });

  it('imports only what the table allows, or what is listed as debt', () => {
    const violations = [...found]
      .filter(([key]) => {
        const [from, to] = key.split(' → ') as [string, string];
        return !allowed[from]?.includes(to) && !Object.hasOwn(debt, key);
      })
      .map(([key, files]) => `${key}: ${[...files].sort().join(', ')}`);
    expect(violations).toEqual([]);
  });

  it('debt is listed exactly: no new file adds to it, and paid debt is taken off the list', () => {
    const actual = Object.fromEntries(Object.keys(debt).map((key) => [key, [...(found.get(key) ?? [])].sort()]));
    expect(actual).toEqual(Object.fromEntries(Object.entries(debt).map(([key, files]) => [key, [...files].sort()])));
  });

  it('the table allows no folder its own debt (debt is not also allowed)', () => {
    for (const key of Object.keys(debt)) {
      const [from, to] = key.split(' → ') as [string, string];
      expect(allowed[from]?.includes(to), key).toBe(false);
    }
  });

  it('the HTTP layer of the server calls services only: nothing in src/server/http imports the store', () => {
    const httpDir = join(srcDir, 'server', 'http');
    const reaching = sourceFiles(httpDir).filter((file) => /['"](\.{1,2}\/)+store\//.test(readFileSync(file, 'utf8')));
    expect(reaching.map((file) => relative(srcDir, file))).toEqual([]);
  });
});

/**
 * Inside src/server (DEVELOPERS.md, "Layers"): a request goes down — http → services → sync →
 * domain, with the store beside the domain — and nothing imports back up. No debt here.
 */
const serverAllowed: Record<string, readonly string[]> = {
  domain: [],
  sync: ['domain'],
  store: ['domain', 'sync'],
  demo: ['domain', 'store'],
  services: ['domain', 'store', 'sync'],
  http: ['domain', 'services', 'sync'],
  seed: ['demo', 'domain', 'services', 'store'],
  index: ['domain', 'http', 'seed', 'services', 'store'],
};

describe('layers of src/server/', () => {
  const found = crossings(join(srcDir, 'server'));

  it('finds the imports it checks', () => {
    expect(found.get('http → services')?.size).toBeGreaterThan(5);
    expect(found.get('services → store')?.size).toBeGreaterThan(3);
  });

  it('every folder of the server is in the table', () => {
    const folders = new Set(sourceFiles(join(srcDir, 'server')).map((file) => topOf(file, join(srcDir, 'server'))));
    expect([...folders].filter((folder) => !Object.hasOwn(serverAllowed, folder)).sort()).toEqual([]);
  });

  it('imports only down the layers, with no debt', () => {
    const violations = [...found]
      .filter(([key]) => {
        const [from, to] = key.split(' → ') as [string, string];
        return !serverAllowed[from]?.includes(to);
      })
      .map(([key, files]) => `${key}: ${[...files].sort().join(', ')}`);
    expect(violations).toEqual([]);
  });
});
