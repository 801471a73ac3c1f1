// The logic runtime in the Node sandbox: loading, calling handlers, time limits, errors at
// the script's own lines, and nothing of Node or the browser within reach.
import { describe, expect, it } from 'vitest';
import type { HandlerName } from '../../src/logic/api.js';
import { quickJSEngine } from '../../src/logic/quickjs/engine-node.js';
import { loadLogicInQuickJS } from '../../src/logic/quickjs/sandbox.js';

const engine = await quickJSEngine();
import { callHandler, type CallOutcome, type LogicSandbox } from '../../src/logic/runtime.js';

const file = 'workspaces/demo/logic.js';

function load(code: string): LogicSandbox {
  const { sandbox, problems } = loadLogicInQuickJS(engine, code, { file });
  expect(problems).toEqual([]);
  return sandbox!;
}

async function call(code: string, handler: HandlerName, ctx: object = {}, timeLimitMs = 200): Promise<CallOutcome> {
  return callHandler(load(code), handler, ctx, timeLimitMs);
}

describe('loading a script', () => {
  it('finds the exported handlers, however they are exported', () => {
    const sandbox = load(['export function onPageOpened(ctx) {}', 'export const onFieldChanged = async (ctx) => {};', 'function check(ctx) {}', 'export { check as onActionValidating };'].join('\n'));
    expect([...sandbox.handlers].sort()).toEqual(['onActionValidating', 'onFieldChanged', 'onPageOpened']);
    expect(sandbox.declarations.get('onFieldChanged')).toEqual({ file, line: 2, column: 14 });
  });

  it('reports a syntax error at its line', () => {
    const { sandbox, problems } = loadLogicInQuickJS(engine, 'export function onPageOpened(ctx) {\n  const = 1;\n}\n', { file });
    expect(sandbox).toBeUndefined();
    expect(problems).toMatchObject([{ code: 'MW210', position: { file, line: 2, column: 9 } }]);
  });

  it('refuses imports and default exports before running anything', () => {
    const { problems } = loadLogicInQuickJS(engine, "import { x } from './helpers.js';\nexport default function () {}\n", { file });
    expect(problems.map((p) => [p.code, p.position?.line])).toEqual([
      ['MW221', 1],
      ['MW220', 2],
    ]);
  });

  it('reports top-level code that throws, at its line', () => {
    const { problems } = loadLogicInQuickJS(engine, 'const rates = {};\nconst eur = rates.EUR.value;\nexport function onPageOpened() {}\n', { file });
    expect(problems).toMatchObject([{ code: 'MW232', position: { line: 2 } }]);
    expect(problems[0]!.message).toContain('TypeError');
  });

  it('reports a handler that is not a function', () => {
    const { problems } = loadLogicInQuickJS(engine, 'export const onPageOpened = 42;\n', { file });
    expect(problems).toMatchObject([{ code: 'MW232', message: 'The export `onPageOpened` is a number, not a function.', position: { line: 1 } }]);
  });

  it('refuses an export that is not a handler, which would never run', () => {
    const { problems } = loadLogicInQuickJS(engine, 'export function onFieldChange(ctx) {}\n', { file });
    expect(problems).toMatchObject([{ code: 'MW220', hint: 'Did you mean `onFieldChanged`?', position: { line: 1, column: 17 } }]);
  });

  it('ends top-level code that never finishes', () => {
    const { problems } = loadLogicInQuickJS(engine, 'while (true) {}\n', { file, timeLimitMs: 100 });
    expect(problems[0]).toMatchObject({ code: 'MW232' });
  });
});

describe('calling handlers', () => {
  it('passes ctx and returns what a synchronous handler returns', async () => {
    expect(await call('export function onActionValidating(ctx) { return ctx.amount > 10 ? "too much" : undefined; }', 'onActionValidating', { amount: 12 })).toEqual({ ok: true, value: 'too much' });
  });

  it('awaits async handlers, including data the host delivers later', async () => {
    const sandbox = load('export async function onFieldChanged(ctx) {\n  const [item] = await ctx.query();\n  const more = await ctx.later();\n  return item.price + more;\n}\n');
    const ctx = {
      query: () => sandbox.resolved([{ price: 2 }]),
      later: () => new Promise((resolve) => setTimeout(() => resolve(3), 20)),
    };
    expect(await callHandler(sandbox, 'onFieldChanged', ctx, 500)).toEqual({ ok: true, value: 5 });
  });

  it('treats a handler the script does not export as done', async () => {
    expect(await call('export function onPageOpened() {}', 'onSyncResult')).toEqual({ ok: true, value: undefined, isMissing: true });
  });

  it('reports a throw with the handler and the script line', async () => {
    const outcome = await call('export function onFieldChanged(ctx) {\n  const x = 1;\n  return ctx.item.price;\n}\n', 'onFieldChanged');
    expect(outcome).toMatchObject({ ok: false, problem: { code: 'MW230', handler: 'onFieldChanged', position: { file, line: 3, column: 18 } } });
    if (!outcome.ok) expect(outcome.problem.message).toMatch(/^onFieldChanged threw TypeError: cannot read property 'price' of undefined/);
  });

  it('reports a rejected promise of an async handler at the line that threw', async () => {
    const outcome = await call('export async function onPageOpened(ctx) {\n  await null;\n  throw new RangeError("no such page");\n}\n', 'onPageOpened');
    expect(outcome).toMatchObject({ ok: false, problem: { code: 'MW230', position: { line: 3 }, message: 'onPageOpened threw RangeError: no such page' } });
  });

  it('reports a thrown value that is not an Error, at the handler', async () => {
    const outcome = await call('export function onPageOpened() {\n  throw "stop";\n}\n', 'onPageOpened');
    expect(outcome).toMatchObject({ ok: false, problem: { code: 'MW230', position: { line: 1 }, message: 'onPageOpened threw "stop" (a thrown value that is not an Error)' } });
  });

  it('keeps columns exact on a line where the transform added a loop guard', async () => {
    const outcome = await call('export function onPageOpened(ctx) {\n  for (let i = 0; i < 1; i++) { ctx.missing(); }\n}\n', 'onPageOpened');
    expect(outcome).toMatchObject({ ok: false, problem: { position: { line: 2, column: 37 } } });
  });
});

describe('the time limit', () => {
  it('ends an endless loop and names its line', async () => {
    const started = Date.now();
    const outcome = await call('export function onFieldChanged(ctx) {\n  let n = 0;\n  while (n >= 0) { n++; }\n}\n', 'onFieldChanged', {}, 100);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(outcome).toMatchObject({ ok: false, problem: { code: 'MW231', handler: 'onFieldChanged', position: { line: 3 } } });
    if (!outcome.ok) expect(outcome.problem.message).toBe('onFieldChanged did not finish within 100 ms: the loop at line 3 never ended.');
  });

  it('ends an endless loop after an await', async () => {
    const outcome = await call('export async function onPageOpened(ctx) {\n  await null;\n  for (;;) {}\n}\n', 'onPageOpened', {}, 100);
    expect(outcome).toMatchObject({ ok: false, problem: { code: 'MW231', position: { line: 3 } } });
  });

  it('ends a loop even when the script catches what stops it', async () => {
    const code = 'export function onPageOpened() {\n  do {\n    try { while (true) {} } catch (e) {}\n  } while (true);\n}\n';
    const outcome = await call(code, 'onPageOpened', {}, 100);
    expect(outcome).toMatchObject({ ok: false, problem: { code: 'MW231' } });
  });

  it('ends a handler whose promise never settles', async () => {
    const outcome = await call('export async function onSyncResult() {\n  await new Promise(() => {});\n}\n', 'onSyncResult', {}, 100);
    expect(outcome).toMatchObject({ ok: false, problem: { code: 'MW231', handler: 'onSyncResult', position: { line: 1 } } });
  });

  it('leaves the sandbox usable after a time-out', async () => {
    const sandbox = load('export function onPageOpened(ctx) { if (ctx.loop) for (;;) {} return 1; }');
    expect((await callHandler(sandbox, 'onPageOpened', { loop: true }, 50)).ok).toBe(false);
    expect(await callHandler(sandbox, 'onPageOpened', { loop: false }, 50)).toEqual({ ok: true, value: 1 });
  });
});

describe('the sandbox', () => {
  const globals = [
    'process',
    'require',
    'module',
    'global',
    'Buffer',
    'window',
    'document',
    'fetch',
    'XMLHttpRequest',
    'localStorage',
    'console',
    'setTimeout',
    'setInterval',
    'queueMicrotask',
    'structuredClone',
    'WebAssembly',
    'URL',
  ];

  it.each(globals)('has no %s', async (name) => {
    expect(await call(`export function onPageOpened() { return typeof ${name}; }`, 'onPageOpened')).toEqual({ ok: true, value: 'undefined' });
  });

  it("has the language's own globals", async () => {
    const code = 'export function onPageOpened() { return [typeof Math, typeof JSON, typeof Promise, typeof Date, typeof Map, typeof Proxy, typeof WeakRef].join(); }';
    expect(await call(code, 'onPageOpened')).toEqual({ ok: true, value: 'object,object,function,function,function,function,function' });
  });

  it('refuses to evaluate strings as code', async () => {
    const outcome = await call('export function onPageOpened() { return eval("1 + 1"); }', 'onPageOpened');
    expect(outcome).toMatchObject({ ok: false, problem: { code: 'MW230' } });
    if (!outcome.ok) expect(outcome.problem.message).toContain('EvalError');
  });

  it('gives every script its own global scope', async () => {
    const first = load('globalThis.shared = 1; export function onPageOpened() { return typeof shared; }');
    const second = load('export function onPageOpened() { return typeof shared; }');
    expect(await callHandler(first, 'onPageOpened', {})).toEqual({ ok: true, value: 'number' });
    expect(await callHandler(second, 'onPageOpened', {})).toEqual({ ok: true, value: 'undefined' });
  });

  it('runs in strict mode, like the module it was', async () => {
    const outcome = await call('export function onPageOpened() { undeclared = 1; }', 'onPageOpened');
    expect(outcome).toMatchObject({ ok: false, problem: { code: 'MW230' } });
    if (!outcome.ok) expect(outcome.problem.message).toContain('ReferenceError');
  });

  it('knows the script line that called into the host', async () => {
    const sandbox = load('export function onPageOpened(ctx) {\n  const x = 1;\n    ctx.mark();\n}\n');
    let site: unknown;
    await callHandler(sandbox, 'onPageOpened', {
      mark: () => {
        site = sandbox.callSite();
      },
    });
    expect(site).toEqual({ file, line: 3, column: 9 });
  });
});
