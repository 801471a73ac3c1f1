// The worker-thread logic checker: the same findings as checking here, and nothing lost when
// the thread fails. Uses the compiled worker (npm test builds dist/ first).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLogicSource, type LogicCheck } from '../../src/logic/check.js';
import { inlineLogicChecker, startLogicWorker, type LogicChecker, type ReadFile } from '../../src/validate/logic-checker.js';
import { repoRoot, tempDir } from '../helpers/cli.js';

const scripts: Array<[string, string]> = [
  ['a/logic.js', 'export function onPageOpened(ctx) { ctx.setValue("x", 1); }\n'],
  ['b/logic.js', 'export function onPageOpened(ctx) {\n  return fetch("/x");\n}\n'],
  ['c/logic.js', 'export function onPageOpened(ctx) {\n  let = ;\n}\n'],
  ['d/logic.ts', 'export function helper(n: number): number {\n  return n;\n}\n'],
  ['f/logic.js', 'export function onPageOpened(ctx) {\n  ctx.setVal("x", 1);\n  totl = 1;\n  ctx.hideAction("retire");\n}\n'],
  ['g/logic.ts', 'type N = number;\nexport function onActionStarted(ctx: { setValue(f: string, v: N): void }): void {\n  const n: N = 2;\n  ctx.setValue("count", n);\n}\n'],
];
const files = [...scripts.map(([file]) => file), 'e/missing.js'];

async function findingsOf(checker: LogicChecker): Promise<Record<string, LogicCheck | undefined>> {
  const found: Record<string, LogicCheck | undefined> = {};
  try {
    for (const file of files)
      checker.check(file, (findings) => {
        found[file] = findings;
      });
    await checker.settled();
  } finally {
    checker.close();
  }
  return found;
}

const expected: Record<string, LogicCheck | undefined> = { ...Object.fromEntries(scripts.map(([file, code]) => [file, checkLogicSource(file, code)])), 'e/missing.js': undefined };
let root: string;
let cleanup: () => Promise<void>;
let readFile: ReadFile;

beforeAll(async () => {
  ({ dir: root, cleanup } = await tempDir());
  for (const [file, code] of scripts) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), code);
  }
  writeFileSync(join(root, 'exits.mjs'), 'process.exit(3);\n');
  writeFileSync(join(root, 'throws.mjs'), "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', (m) => { if (m.jobs) throw new Error('boom'); });\n");
  readFile = (file) => (existsSync(join(root, file)) ? readFileSync(join(root, file), 'utf8') : undefined);
});

afterAll(() => cleanup());

describe('logic checkers', () => {
  it('finds something in most scripts, references in some, and nothing for the missing one (the fixtures are meaningful)', () => {
    expect(Object.values(expected).map((f) => f?.findings.map((x) => x.code))).toEqual([[], ['MW222'], ['MW210'], ['MW220'], ['MW223', 'MW226'], [], undefined]);
    expect(Object.values(expected).map((f) => f?.references.map((r) => `${r.role} ${r.name} ${r.line}:${r.column}`))).toEqual([
      ['field x 1:50'],
      [],
      [],
      [],
      ['action retire 4:18'],
      ['field count 4:16'],
      undefined,
    ]);
  });

  it('checks here, at once', async () => {
    expect(await findingsOf(inlineLogicChecker(readFile, checkLogicSource))).toEqual(expected);
  });

  it('checks on the compiled worker thread, which reads the files itself, with the same findings', async () => {
    const compiled = join(repoRoot, 'dist', 'validate', 'logic-worker.js');
    expect(existsSync(compiled)).toBe(true);
    let readsHere = 0;
    const counted: ReadFile = (file) => {
      readsHere++;
      return readFile(file);
    };
    expect(await findingsOf(startLogicWorker(root, counted, compiled))).toEqual(expected);
    expect(readsHere).toBe(0);
  });

  it('checks here what a thread that exits took', async () => {
    expect(await findingsOf(startLogicWorker(root, readFile, join(root, 'exits.mjs')))).toEqual(expected);
  });

  it('checks here what a thread that fails took', async () => {
    expect(await findingsOf(startLogicWorker(root, readFile, join(root, 'throws.mjs')))).toEqual(expected);
  });
});
