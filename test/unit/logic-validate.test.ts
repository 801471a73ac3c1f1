// What `mwkit validate` checks in a logic script: only handlers exported (with a did-you-mean),
// nothing imported, no browser or Node globals, each at its line; logic.ts compiled first.
import { describe, expect, it } from 'vitest';
import { parseScript } from '../../src/logic/ast.js';
import { lintParsedLogic } from '../../src/logic/lint.js';
import { baseWorkspace, validateWorkspace } from '../helpers/project.js';

const logicFile = 'workspaces/expenses/logic.js';

function validateLogic(script: string, name = 'logic.js') {
  return validateWorkspace({ ...baseWorkspace(), logic: name }, { [`workspaces/expenses/${name}`]: script }).diagnostics;
}

function lint(code: string): Array<[string, number, number]> {
  const { script } = parseScript(code, { withTokens: false, withLocations: false });
  return lintParsedLogic(script!).map((p) => [p.code, p.line, p.column]);
}

describe('validate: logic exports', () => {
  it('accepts a script that exports handlers and keeps helpers to itself', () => {
    const script = 'const limit = 25;\nfunction over(x) { return x > limit; }\nexport function onActionValidating(ctx) {\n  if (over(ctx.values.amount)) return { amount: "Too much." };\n}\n';
    expect(validateLogic(script)).toEqual([]);
  });

  it('reports an exported name that is not a handler, with a did-you-mean, at the name', () => {
    const diagnostics = validateLogic('export function onPageOpened(ctx) {}\n\nexport async function onFieldChange(ctx) {}\n');
    expect(diagnostics).toMatchObject([
      {
        code: 'MW220',
        severity: 'error',
        file: logicFile,
        line: 3,
        column: 23,
        message: '`onFieldChange` is not a business-logic handler, so the app never calls it.',
        hint: 'Did you mean `onFieldChanged`? Helpers need no export: only handlers are exported.',
      },
    ]);
  });

  it('reports exported constants and specifiers too', () => {
    expect(lint('export const RATE = 1.2;\nconst a = 1;\nexport { a as onSubmit };\n')).toEqual([
      ['MW220', 1, 14],
      ['MW220', 3, 15],
    ]);
  });

  it('reports a default export', () => {
    expect(lint('export default function (ctx) {}\n')).toEqual([['MW220', 1, 1]]);
  });
});

describe('validate: imports and globals', () => {
  it('reports import, import() and re-exports', () => {
    expect(lint('import { round } from "./util.js";\nexport * from "./more.js";\nexport async function onPageOpened() { await import("./x.js"); }\n')).toEqual([
      ['MW221', 1, 1],
      ['MW221', 2, 1],
      ['MW221', 3, 46],
    ]);
  });

  it('reports require and module.exports at their lines', () => {
    const diagnostics = validateLogic('const fs = require("fs");\nmodule.exports = {};\n');
    expect(diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([
      ['MW221', 1, 12],
      ['MW221', 2, 1],
    ]);
  });

  it.each([
    ['window', 'window.alert("x");'],
    ['document', 'const el = document.getElementById("total");'],
    ['fetch', 'const response = await fetch("/api/v1/entities");'],
    ['process', 'const mode = process.env.MODE;'],
    ['localStorage', 'localStorage.setItem("k", "v");'],
    ['setTimeout', 'setTimeout(() => {}, 10);'],
    ['console', 'console.log(ctx.values);'],
  ])('reports %s at its line', (name, statement) => {
    const diagnostics = validateLogic(`export async function onPageOpened(ctx) {\n  const a = 1;\n  ${statement}\n}\n`);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: name === 'require' ? 'MW221' : 'MW222', file: logicFile, line: 3, message: `\`${name}\` is not available to business logic.` });
    expect(diagnostics[0]!.hint).toBeTruthy();
  });

  it('reports globals reached through globalThis', () => {
    expect(lint('export function onPageOpened() { return globalThis.fetch; }')).toEqual([['MW222', 1, 52]]);
  });

  it("leaves the script's own names alone, and property names that look like globals", () => {
    const code = [
      'function fetch(entity) { return entity; }',
      'export function onPageOpened(ctx) {',
      '  const window = { start: 1 };',
      '  const { document } = ctx.values;',
      '  ctx.log(ctx.values.process, { location: 1 }, window.start, document, fetch("x"));',
      '  label: for (const process of []) { break label; }',
      '}',
    ].join('\n');
    expect(lint(code)).toEqual([]);
  });
});

describe('validate: logic.ts', () => {
  it('compiles TypeScript and accepts type-only imports', () => {
    const script =
      'import type { ActionContext } from "mwkit/types/logic";\n\ninterface Limits { max: number }\nconst limits: Limits = { max: 25 };\n\nexport function onActionValidating(ctx: ActionContext) {\n  if ((ctx.values.amount as number) > limits.max) return "Too much.";\n}\n';
    expect(validateLogic(script, 'logic.ts')).toEqual([]);
  });

  it('reports problems at the lines of the TypeScript source', () => {
    const script =
      'interface Limits {\n  max: number;\n}\n\ntype Ctx = { values: Record<string, unknown> };\n\nexport function onFieldChange(ctx: Ctx): void {\n  const limits: Limits = { max: 1 };\n  document.title = String(limits.max);\n}\n';
    const diagnostics = validateLogic(script, 'logic.ts');
    expect(diagnostics.map((d) => [d.code, d.file, d.line])).toEqual([
      ['MW220', 'workspaces/expenses/logic.ts', 7],
      ['MW222', 'workspaces/expenses/logic.ts', 9],
    ]);
  });

  it('reports a TypeScript syntax error at its position', () => {
    const diagnostics = validateLogic('export function onPageOpened(ctx: any) {\n  const x: = 1;\n}\n', 'logic.ts');
    expect(diagnostics).toMatchObject([{ code: 'MW210', file: 'workspaces/expenses/logic.ts', line: 2, column: 12 }]);
  });
});
