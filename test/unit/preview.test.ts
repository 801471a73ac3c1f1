// The preview's pure parts: versions, the demo user it signs in as, which files count, what a
// plan reads like, diagnostics placed back in the YAML, and the QR code of the LAN address.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics.js';
import type { Plan } from '../../src/env/api.js';
import type { LoadedProject } from '../../src/project/load.js';
import { relocateToProject } from '../../src/preview/deploy.js';
import { gitignoreNote } from '../../src/preview/environment.js';
import { lockProject } from '../../src/preview/lock.js';
import { penaltyScore } from '../../src/preview/qr-penalty.js';
import { encodeQr, renderQr, type QrMatrix } from '../../src/preview/qr.js';
import { bannerText, planSummary } from '../../src/preview/terminal.js';
import { canChangeTestOutcome } from '../../src/preview/tests.js';
import { chooseUser, publicationRoles } from '../../src/preview/users.js';
import { nextPreviewSerial, previewVersion, withPreviewVersions } from '../../src/preview/version.js';
import { isWatchedFile } from '../../src/preview/watch.js';
import { parseYamlSource } from '../../src/yaml/source.js';
import type { Workspace } from '../../src/model/types.js';

describe('preview versions', () => {
  it('are prereleases of the project version, numbered after every one applied before', () => {
    expect(previewVersion('1.2.0', 3)).toBe('1.2.0-preview.3');
    expect(previewVersion('2.0.0+build.7', 1)).toBe('2.0.0-preview.1');
    expect(nextPreviewSerial([])).toBe(1);
    expect(nextPreviewSerial(['1.0.0', '1.0.0-preview.2', '0.9.0-preview.11', '1.0.0-beta.4'])).toBe(12);
  });

  it('set the package and every workspace to the preview version, leaving the project itself alone', () => {
    const source = parseYamlSource('workspaces/a/workspace.yaml', 'id: a\nversion: 1.0.0\n').source;
    const project: LoadedProject = {
      root: '/p',
      project: { name: 'p', publisher: 'P', version: '1.1.0' },
      sources: new Map(),
      diagnostics: [],
      workspaces: [{ source, workspace: { id: 'a', version: '0.3.0' } as Workspace }, { source }],
    };
    const previewed = withPreviewVersions(project, 4);
    expect(previewed.project?.version).toBe('1.1.0-preview.4');
    expect(previewed.workspaces[0]?.workspace?.version).toBe('0.3.0-preview.4');
    expect(previewed.workspaces[1]?.workspace).toBeUndefined();
    expect(project.project?.version).toBe('1.1.0');
    expect(project.workspaces[0]?.workspace?.version).toBe('0.3.0');
  });
});

describe('the preview user', () => {
  const users = [
    { id: 'maria.schmidt', name: 'Maria Schmidt', roles: ['Manager', 'Employee'] },
    { id: 'emma.fischer', name: 'Emma Fischer', roles: ['Employee'] },
    { id: 'paul.weber', name: 'Paul Weber', roles: ['Employee', 'Purchaser'] },
    { id: 'kai.vogel', name: 'Kai Vogel', roles: ['Vendor'] },
  ];

  it('is the one who sees the most workspaces, then the one with the fewest other roles', () => {
    expect(chooseUser(users, [{ id: 'expenses', roles: ['Employee'] }]).id).toBe('emma.fischer');
    expect(
      chooseUser(users, [
        { id: 'expenses', roles: ['Employee'] },
        { id: 'approvals', roles: ['Manager'] },
      ]).id,
    ).toBe('maria.schmidt');
    expect(
      chooseUser(users, [
        { id: 'orders', roles: ['Purchaser'] },
        { id: 'portal', roles: ['Vendor'] },
      ]).id,
    ).toBe('kai.vogel');
  });

  it('is --user when given, and an unknown one is a usage error with the closest name', () => {
    expect(chooseUser(users, [], 'paul.weber').id).toBe('paul.weber');
    expect(() => chooseUser(users, [], 'emma.fisher')).toThrow(expect.objectContaining({ exitCode: 2, message: 'There is no demo user emma.fisher.', hint: 'Did you mean `emma.fischer`?' }));
  });

  it('publishes a workspace for its roles, or for every demo role when it names none', () => {
    expect(publicationRoles({ id: 'a', roles: ['Manager'] }, users)).toEqual(['Manager']);
    expect(publicationRoles({ id: 'a', roles: [] }, users)).toEqual(['Employee', 'Manager', 'Purchaser', 'Vendor']);
  });
});

describe('what the preview watches', () => {
  it('takes YAML, JSON and scripts, not its own data, dependencies, builds or editor files', () => {
    for (const file of ['mwkit.yaml', 'catalog.json', 'workspaces/a/workspace.yaml', 'workspaces/a/logic.js', 'workspaces/a/logic.ts', 'workspaces/a/logic.test.yml'])
      expect(isWatchedFile(file), file).toBe(true);
    for (const file of [
      '.mwkit/environment/data.sqlite',
      'node_modules/x/index.js',
      'dist/app-1.0.0.mwpkg',
      '.git/index',
      'README.md',
      'workspaces/a/.workspace.yaml.swp',
      'workspaces/a/workspace.yaml~',
    ])
      expect(isWatchedFile(file), file).toBe(false);
  });

  it('runs the logic tests after a change to a script, a test file, a workspace definition, mwkit.yaml or the catalog', () => {
    for (const file of ['workspaces/a/logic.js', 'workspaces/a/logic.test.yaml', 'catalog.json', 'workspaces/a/workspace.yaml', 'mwkit.yaml']) {
      expect(canChangeTestOutcome(file, 'catalog.json'), file).toBe(true);
    }
    expect(canChangeTestOutcome('other.json', 'catalog.json')).toBe(false);
  });
});

describe('gitignoreNote', () => {
  it('asks to ignore .mwkit/ only in a git project whose .gitignore does not', () => {
    const root = mkdtempSync(join(tmpdir(), 'mwkit-gitignore-'));
    try {
      expect(gitignoreNote(root)).toBeUndefined(); // not under git
      mkdirSync(join(root, '.git'));
      expect(gitignoreNote(root)).toContain('add `.mwkit/` to .gitignore');
      writeFileSync(join(root, '.gitignore'), 'dist/\n.mwkit\n');
      expect(gitignoreNote(root)).toBeUndefined();
      writeFileSync(join(root, '.gitignore'), 'dist/\n.mwkit-env/\n');
      expect(gitignoreNote(root)).toContain('.gitignore');
      writeFileSync(join(root, '.gitignore'), '/.mwkit/\n');
      expect(gitignoreNote(root)).toBeUndefined();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('bannerText', () => {
  const input = {
    project: { name: 'my-app', version: '1.0.0', workspaces: 1 },
    root: '/home/me/my-app',
    dataDir: '/home/me/my-app/.mwkit/environment',
    isNewEnvironment: true,
    appUrl: 'http://127.0.0.1:4400/app/?as=emma.fischer',
    user: { id: 'emma.fischer', name: 'Emma Fischer', roles: ['Employee'] },
    firstOutcome: '1.0.0-preview.1, published expense-management for Employee (120 ms)',
  };

  it('shows the app URL, and how to reach it from a phone', () => {
    const text = bannerText(input, false);
    expect(text).toContain('  environment  .mwkit/environment (demo company, new)\n  applied      1.0.0-preview.1, published expense-management for Employee (120 ms)\n');
    expect(text).toContain('➜  App:      http://127.0.0.1:4400/app/?as=emma.fischer\n');
    expect(text).toContain('mwkit preview --host 0.0.0.0');
    expect(text).not.toContain('█');
  });

  it('with --host 0.0.0.0: the network URL and its QR code, or why there is none', () => {
    const text = bannerText({ ...input, networkUrl: 'http://192.168.1.23:4400/app/?as=emma.fischer' }, false);
    expect(text).toContain('➜  Network:  http://192.168.1.23:4400/app/?as=emma.fischer\n\n');
    expect(text).toContain(renderQr(encodeQr('http://192.168.1.23:4400/app/?as=emma.fischer')).trimEnd());
    expect(bannerText({ ...input, networkUrl: null }, false)).toContain('No network address of this machine was found');
  });
});

describe('lockProject', () => {
  it('refuses a second preview of a project while the first runs, and takes over a lock whose process is gone', () => {
    const root = mkdtempSync(join(tmpdir(), 'mwkit-lock-'));
    const lock = join(root, '.mwkit', 'preview.lock');
    try {
      const release = lockProject(root);
      expect(existsSync(lock)).toBe(true);
      release();
      expect(existsSync(lock)).toBe(false);
      writeFileSync(lock, JSON.stringify({ pid: process.ppid, url: 'http://127.0.0.1:4400/app/' })); // a live process
      expect(() => lockProject(root)).toThrow(
        expect.objectContaining({ exitCode: 2, message: `Another mwkit preview (process ${process.ppid}) runs for this project at http://127.0.0.1:4400/app/.` }),
      );
      const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
      writeFileSync(lock, JSON.stringify({ pid: gone }));
      lockProject(root)();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('planSummary', () => {
  it('says in one line what was added, changed and removed', () => {
    const plan: Plan = {
      package: { name: 'p', from: '1.0.0-preview.1', to: '1.0.0-preview.2' },
      workspaces: {
        added: ['timesheets'],
        unchanged: ['inventory'],
        removed: ['old'],
        changed: [
          {
            id: 'expenses',
            from: '1.0.0-preview.1',
            to: '1.0.0-preview.2',
            pages: { added: ['overview'], changed: ['my-reports'], removed: [] },
            actions: { added: [], changed: [], removed: ['delete-line'] },
            fields: { added: [], removed: [] },
            settings: ['title'],
          },
        ],
      },
    };
    expect(planSummary(plan)).toBe('+timesheets, ~expenses (pages +overview ~my-reports; actions -delete-line; title), -old');
    expect(planSummary({ package: { name: 'p', from: '1.0.0', to: '1.0.0' }, workspaces: { added: [], changed: [], removed: [], unchanged: ['a'] } })).toBe('');
  });
});

describe('relocateToProject', () => {
  it("puts the environment's diagnostics on the key in the workspace YAML they came from", () => {
    const text = 'id: expenses\nversion: 1.0.0\npages:\n  - id: list\n    kind: list\n    entity: Gadget\n';
    const source = parseYamlSource('workspaces/expenses/workspace.yaml', text).source;
    const project = { root: '/p', sources: new Map(), diagnostics: [], workspaces: [{ source, workspace: source.data as Workspace }] } as LoadedProject;
    const fromServer: Diagnostic = {
      severity: 'error',
      code: 'MW301',
      message: 'Unknown entity `Gadget`.',
      file: 'workspaces/expenses/workspace.json',
      line: 1,
      column: 180,
      pointer: '/pages/0/entity',
    };
    const other: Diagnostic = { ...fromServer, file: 'workspaces/unknown/workspace.json' };
    expect(relocateToProject([fromServer, other], project)).toEqual([{ ...fromServer, file: 'workspaces/expenses/workspace.yaml', line: 6, column: 13 }, other]);
  });
});

// Made by encodeQr and read back with a QR decoder (jsQR) when it was written.
const lanUrl = 'http://192.168.1.23:4400/app/?as=emma.fischer';
const lanUrlCode = [
  '111111101000001000010111101111111',
  '100000101000001011001101001000001',
  '101110100110111100111011101011101',
  '101110101101100000100100001011101',
  '101110100100110011100100101011101',
  '100000100100101110100010101000001',
  '111111101010101010101010101111111',
  '000000001001000111010001100000000',
  '101101110001101111001110101001011',
  '111100011011110001010001111101101',
  '110010110100110000101111111111011',
  '011100010101000011000110011101000',
  '011001101110101110011110110111011',
  '101001011011011001001100100100010',
  '101100111101001000011100010001000',
  '010110011111111100100100110011100',
  '010010110001001010000100101011100',
  '111101000011100100100001001011001',
  '001100110011101100101100101010100',
  '100011011001111001111010111110010',
  '101101100001100010010011000001110',
  '111001001001111110001111011101001',
  '000111100100010101011001100100011',
  '011000001101101100001001000011000',
  '101011100010000011111000111110011',
  '000000001010000110011101100011010',
  '111111101011111001110101101010000',
  '100000101001101101110000100010110',
  '101110100111011011100011111110101',
  '101110101110100011010110110001111',
  '101110101100111111001010111101100',
  '100000100110010001101001101010001',
  '111111101100000011111111001000100',
];

function bits(matrix: QrMatrix): string[] {
  return matrix.map((row) => row.map((isDark) => (isDark ? '1' : '0')).join(''));
}

/** The 15 format bits next to the top-left finder, as the standard reads them. */
function formatBits(matrix: QrMatrix): number {
  const cells: Array<[number, number]> = [
    [8, 0],
    [8, 1],
    [8, 2],
    [8, 3],
    [8, 4],
    [8, 5],
    [8, 7],
    [8, 8],
    [7, 8],
    [5, 8],
    [4, 8],
    [3, 8],
    [2, 8],
    [1, 8],
    [0, 8],
  ];
  return cells.reduce((value, [x, y], i) => value | ((matrix[y]![x] ? 1 : 0) << i), 0);
}

describe('the QR code', () => {
  it('encodes the LAN address as it did when checked with a decoder', () => {
    expect(bits(encodeQr(lanUrl))).toEqual(lanUrlCode);
  });

  it('grows with the text, up to version 10, and has finders, timing and valid format bits', () => {
    for (const [text, size] of [
      ['a', 21],
      ['http://10.0.0.5:4400/app/', 25],
      ['x'.repeat(60), 33],
      ['z'.repeat(200), 57],
    ] as const) {
      const matrix = encodeQr(text);
      expect(matrix.length, text).toBe(size);
      const finder = ['1111111', '1000001', '1011101', '1011101', '1011101', '1000001', '1111111'];
      expect(
        bits(matrix)
          .slice(0, 7)
          .map((row) => row.slice(0, 7)),
      ).toEqual(finder);
      expect(
        bits(matrix)
          .slice(0, 7)
          .map((row) => row.slice(size - 7)),
      ).toEqual(finder);
      expect(bits(matrix)[6]!.slice(8, size - 8)).toMatch(/^(10)*1$/);
      // Format bits: BCH(15,5) with the standard's mask; level M is 00.
      const format = formatBits(matrix) ^ 0x5412;
      let remainder = format;
      for (let bit = 14; bit >= 10; bit--) if (remainder & (1 << bit)) remainder ^= 0x537 << (bit - 10);
      expect(remainder, text).toBe(0);
      expect(format >> 13).toBe(0);
    }
    expect(() => encodeQr('y'.repeat(300))).toThrow(/Too long/);
  });

  it("scores masks by the standard's penalty rules", () => {
    const checkerboard = Array.from({ length: 5 }, (_, y) => Array.from({ length: 5 }, (_, x) => (x + y) % 2 === 0));
    expect(penaltyScore(checkerboard)).toBe(0);
    // A run of five in the first row (3), and 15 of 25 dark: 10 points per 5 % away from half.
    expect(penaltyScore(checkerboard.map((row, y) => (y === 0 ? row.map(() => true) : row)))).toBe(3 + 10);
    // A 2×2 block of one colour (3 each), all dark (90).
    expect(
      penaltyScore([
        [true, true],
        [true, true],
      ]),
    ).toBe(3 + 90);
    // The finder-like 1:1:3:1:1 with light modules on a side (40), in a row and, transposed, in a column.
    const finderRow = [false, false, false, false, true, false, true, true, true, false, true];
    const withFinder = [finderRow, ...Array.from({ length: 10 }, (_, y) => finderRow.map((_, x) => (x + y) % 2 === 1))];
    expect(penaltyScore(withFinder) - penaltyScore([finderRow.map((_, x) => x % 2 === 1), ...withFinder.slice(1)])).toBeGreaterThanOrEqual(40);
  });

  it('draws two module rows per line, light modules as blocks, with a quiet zone', () => {
    const matrix = encodeQr('a');
    const lines = renderQr(matrix).trimEnd().split('\n');
    expect(lines).toHaveLength(Math.ceil((21 + 4) / 2));
    expect(lines.every((line) => [...line].length === 25)).toBe(true);
    expect(lines[0]).toBe('█'.repeat(25));
    // Read it back: each character holds the module above (top half) and below (bottom half).
    const light = (ch: string, half: 'top' | 'bottom'): boolean => ch === '█' || ch === (half === 'top' ? '▀' : '▄');
    for (let y = 0; y < 21; y++) {
      const line = [...lines[Math.floor((y + 2) / 2)]!];
      const half = (y + 2) % 2 === 0 ? 'top' : 'bottom';
      expect(
        line
          .slice(2, 23)
          .map((ch) => (light(ch, half) ? '0' : '1'))
          .join(''),
      ).toBe(bits(matrix)[y]);
    }
  });
});
