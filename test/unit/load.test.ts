import { describe, expect, it } from 'vitest';
import { expandGlob } from '../../src/project/glob.js';
import { loadProject } from '../../src/project/load.js';
import { validateProject } from '../../src/validate/index.js';
import { locate, parseYamlSource } from '../../src/yaml/source.js';
import { baseWorkspace, projectFile, testCatalog, writeTree } from '../helpers/project.js';

describe('positions', () => {
  const text = 'id: x\npages:\n  - id: a\n    kind: list\n  - { id: b, kind: details }\n';
  const { source } = parseYamlSource('w.yaml', text);

  it('points at values and keys, 1-based', () => {
    expect(locate(source, '/pages/0/kind')).toEqual({ line: 4, column: 11 });
    expect(locate(source, '/pages/0/kind', 'key')).toEqual({ line: 4, column: 5 });
    expect(locate(source, '/pages/1/kind')).toEqual({ line: 5, column: 20 });
  });

  it('points at the mapping that lacks a key', () => {
    expect(locate(source, '/pages/0/title')).toEqual({ line: 3, column: 5 });
    expect(locate(source, '')).toEqual({ line: 1, column: 1 });
  });

  it('reports a duplicate key at the second one, and does not crash on broken YAML', () => {
    expect(parseYamlSource('d.yaml', 'a: 1\nb: 2\na: 3\n').diagnostics).toMatchObject([{ code: 'MW002', line: 3, column: 1, message: 'Duplicate key `a`.' }]);
    expect(parseYamlSource('d.yaml', 'pages:\n  - id: a\n    title: A\n    title: B\n').diagnostics[0]!.message).toBe('Duplicate key `title`.');
    const broken = parseYamlSource('b.yaml', 'a: [1, 2\nb: {\n');
    expect(broken.diagnostics).toHaveLength(1); // only the first syntax error: later ones follow from it
    expect(broken.diagnostics.every((d) => d.code === 'MW001' && d.line >= 1)).toBe(true);
    expect(broken.source.data).toBeUndefined();
  });

  it('keeps dates and yes/no as text (YAML 1.2 core schema)', () => {
    expect(parseYamlSource('s.yaml', 'a: 2024-01-01\nb: yes\nc: 1.0\n').source.data).toEqual({ a: '2024-01-01', b: 'yes', c: 1 });
  });
});

describe('globs', () => {
  const root = writeTree({ 'w/a/workspace.yaml': '', 'w/b/workspace.yaml': '', 'w/b/deep/x/workspace.yaml': '', 'other.yaml': '', 'node_modules/p/workspace.yaml': '' });
  it('matches *, ? and ** and sorts', () => {
    expect(expandGlob(root, 'w/*/workspace.yaml')).toEqual(['w/a/workspace.yaml', 'w/b/workspace.yaml']);
    expect(expandGlob(root, 'w/?/workspace.yaml')).toHaveLength(2);
    expect(expandGlob(root, '**/workspace.yaml')).toEqual(['w/a/workspace.yaml', 'w/b/deep/x/workspace.yaml', 'w/b/workspace.yaml']);
    expect(expandGlob(root, './*.yaml')).toEqual(['other.yaml']);
    expect(expandGlob(root, 'missing/*')).toEqual([]);
  });
});

describe('loading a project', () => {
  it('uses the workspaces globs of mwkit.yaml', () => {
    const root = writeTree({
      'mwkit.yaml': `${projectFile}workspaces: [apps/*.yaml]\n`,
      'catalog.json': testCatalog,
      'apps/one.yaml': JSON.stringify(baseWorkspace()),
      'workspaces/ignored/workspace.yaml': 'id: [',
    });
    const loaded = loadProject({ path: root });
    expect(loaded.workspaces.map((w) => w.source.file)).toEqual(['apps/one.yaml']);
    expect(loaded.catalog).toBeDefined();
    expect(loaded.diagnostics).toEqual([]);
  });

  it('warns when no workspace matches', () => {
    const root = writeTree({ 'mwkit.yaml': 'name: demo\npublisher: Contoso\nversion: 1.0.0\n' });
    const result = validateProject({ path: root });
    expect(result.diagnostics).toMatchObject([{ code: 'MW004', severity: 'warning', file: 'mwkit.yaml' }]);
    expect(result.ok).toBe(true);
  });

  it('reports a missing catalog named in mwkit.yaml at its key', () => {
    const root = writeTree({ 'mwkit.yaml': 'name: demo\npublisher: Contoso\nversion: 1.0.0\ncatalog: nope.json\n', 'workspaces/x/workspace.yaml': JSON.stringify(baseWorkspace()) });
    const result = validateProject({ path: root });
    expect(result.diagnostics).toMatchObject([{ code: 'MW003', file: 'mwkit.yaml', line: 4, column: 10, pointer: '/catalog' }]);
  });

  it('reports an invalid catalog as MW005 in the catalog file', () => {
    const root = writeTree({
      'mwkit.yaml': projectFile,
      'catalog.json': '{\n  "entities": {\n    "bad name": { "key": "id", "fields": {} }\n  }\n}\n',
      'workspaces/x/workspace.yaml': JSON.stringify(baseWorkspace()),
    });
    const result = validateProject({ path: root });
    expect(result.hasCatalog).toBe(false);
    expect(result.diagnostics).toMatchObject([{ code: 'MW005', file: 'catalog.json', line: 3, column: 5 }]);
  });

  it('checks mwkit.yaml against its schema', () => {
    const root = writeTree({ 'mwkit.yaml': 'name: My App\npublisher: Contoso\nversion: one\nworkspace: []\n' });
    const codes = validateProject({ path: root }).diagnostics.map((d) => `${d.code}@${d.line}`);
    expect(codes).toEqual(expect.arrayContaining(['MW104@1', 'MW105@3', 'MW101@4']));
  });

  it('finds the project root above a workspace file', () => {
    const root = writeTree({ 'mwkit.yaml': projectFile, 'catalog.json': testCatalog, 'workspaces/x/workspace.yaml': JSON.stringify(baseWorkspace()) });
    const loaded = loadProject({ path: 'workspaces/x', cwd: root });
    expect(loaded.root).toBe(root);
    expect(loaded.workspaces.map((w) => w.source.file)).toEqual(['workspaces/x/workspace.yaml']);
    expect(loaded.catalog).toBeDefined();
  });

  it('refuses a path that is neither project nor workspace', () => {
    const root = writeTree({ 'readme.txt': 'hi' });
    expect(() => loadProject({ path: root })).toThrow(/neither mwkit.yaml nor workspace.yaml/);
    expect(() => loadProject({ path: `${root}/readme.txt` })).toThrow(/Not a YAML file/);
  });
});
