// The worker-thread logic checker: the same findings as checking here, and nothing lost when
// the thread fails. Uses the compiled worker (npm test builds dist/ first).
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLogicSource, type LogicFinding } from '../../src/logic/check.js';
import { inlineLogicChecker, startLogicWorker, type LogicChecker } from '../../src/validate/logic-checker.js';
import { repoRoot, tempDir } from '../helpers/cli.js';

const scripts: Array<[string, string]> = [
  ['a/logic.js', 'export function onPageOpened(ctx) { ctx.setValue("x", 1); }\n'],
  ['b/logic.js', 'export function onPageOpened(ctx) {\n  return fetch("/x");\n}\n'],
  ['c/logic.js', 'export function onPageOpened(ctx) {\n  let = ;\n}\n'],
  ['d/logic.ts', 'export function helper(n: number): number {\n  return n;\n}\n'],
];

async function findingsOf(checker: LogicChecker): Promise<Record<string, LogicFinding[]>> {
  const found: Record<string, LogicFinding[]> = {};
  try {
    for (const [file, code] of scripts) checker.check(file, code, (findings) => { found[file] = findings; });
    await checker.settled();
  } finally {
    checker.close();
  }
  return found;
}

const expected = Object.fromEntries(scripts.map(([file, code]) => [file, checkLogicSource(file, code)]));
let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  writeFileSync(join(dir, 'exits.mjs'), 'process.exit(3);\n');
  writeFileSync(join(dir, 'throws.mjs'), "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => { throw new Error('boom'); });\n");
});

afterAll(() => cleanup());

describe('logic checkers', () => {
  it('finds something in three of the four scripts (the fixtures are meaningful)', () => {
    expect(Object.values(expected).map((f) => f.map((x) => x.code))).toEqual([[], ['MW222'], ['MW210'], ['MW220']]);
  });

  it('checks here, at once', async () => {
    expect(await findingsOf(inlineLogicChecker)).toEqual(expected);
  });

  it('checks on the compiled worker thread with the same findings', async () => {
    const compiled = join(repoRoot, 'dist', 'validate', 'logic-worker.js');
    expect(existsSync(compiled)).toBe(true);
    expect(await findingsOf(startLogicWorker(compiled))).toEqual(expected);
  });

  it('checks here what a thread that exits took', async () => {
    expect(await findingsOf(startLogicWorker(join(dir, 'exits.mjs')))).toEqual(expected);
  });

  it('checks here what a thread that fails took', async () => {
    expect(await findingsOf(startLogicWorker(join(dir, 'throws.mjs')))).toEqual(expected);
  });
});
