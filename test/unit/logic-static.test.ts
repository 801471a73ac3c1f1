// The static checks of business logic in `mwkit validate`: ctx members (MW223), literal field
// names (MW224), action ids (MW225), undeclared variables (MW226) and queried entities (MW227),
// each at the name or argument, with a "did you mean"; and no findings on valid scripts that
// use ctx in roundabout ways.
import { describe, expect, it } from 'vitest';
import { baseWorkspace, validateWorkspace } from '../helpers/project.js';

const logicFile = 'workspaces/expenses/logic.js';

function diagnosticsOf(script: string, workspace = baseWorkspace(), name = 'logic.js') {
  return validateWorkspace({ ...workspace, logic: name }, { [`workspaces/expenses/${name}`]: script }).diagnostics;
}

/** [code, line, column] of each diagnostic. */
function found(script: string, name?: string): Array<[string, number, number]> {
  return diagnosticsOf(script, baseWorkspace(), name).map((d) => [d.code, d.line, d.column]);
}

describe('MW223 unknown ctx member', () => {
  it("reports a member the handler's ctx does not have, at the member, with a did-you-mean", () => {
    const diagnostics = diagnosticsOf('export function onPageOpened(ctx) {\n  ctx.setVal("total", 1);\n}\n');
    expect(diagnostics).toMatchObject([
      {
        code: 'MW223',
        severity: 'error',
        file: logicFile,
        line: 2,
        column: 7,
        message: '`ctx.setVal` is not part of the ctx of onPageOpened, so it is undefined when the handler runs.',
        hint: 'Did you mean `setValue`?',
      },
    ]);
  });

  it("knows each handler's own ctx: setReadOnly is a form method, not a page method", () => {
    expect(found('export function onPageOpened(ctx) { ctx.setReadOnly("total"); }\nexport function onActionStarted(ctx) { ctx.setReadOnly("amount"); }\n')).toEqual([['MW223', 1, 41]]);
  });

  it('follows a renamed ctx, optional chaining and literal computed members', () => {
    expect(found('export function onActionStarted(c) { c?.setLabl("amount", "x"); c["hidde"]("amount"); }\n')).toEqual([
      ['MW223', 1, 41],
      ['MW223', 1, 67],
    ]);
  });

  it('checks members destructured in the parameter list', () => {
    expect(found('export function onFieldChanged({ setValue, feild }) { setValue("amount", feild); }\n')).toEqual([['MW223', 1, 44]]);
  });

  it('follows ctx into top-level helpers that every call gives a ctx', () => {
    const script = 'function lock(c) { c.setReadOnli("amount"); }\nexport function onActionStarted(ctx) { lock(ctx); }\nexport function onFieldChanged(ctx) { lock(ctx); }\n';
    expect(diagnosticsOf(script)).toMatchObject([{ code: 'MW223', line: 1, column: 22, message: expect.stringContaining('onActionStarted or onFieldChanged') }]);
  });

  it("leaves members of ctx's members, Object.prototype methods and dynamic members alone", () => {
    expect(found('export function onPageOpened(ctx) { const k = "x"; ctx.log(ctx.values.anything, ctx.user.nickname, ctx[k], ctx.hasOwnProperty("a")); }\n')).toEqual([]);
  });
});

describe('no false positives on valid but roundabout scripts', () => {
  it.each([
    ['a shadowing parameter', 'export function onPageOpened(ctx) { [1].forEach((ctx) => ctx.whatever); }'],
    ['a shadowing local', 'export function onPageOpened(ctx) { { const ctx = { other: 1 }; return ctx.other; } }'],
    ['a helper also given something else', 'function name(x) { return x.title; }\nexport function onPageOpened(ctx) { ctx.log(name(ctx), name({ title: 1 })); }'],
    ['a helper passed as a value', 'function show(x) { return x.title; }\nexport function onPageOpened(ctx) { ctx.log(show(ctx), [ctx].map(show)); }'],
    ['an alias of ctx (not followed)', 'export function onPageOpened(ctx) { const c = ctx; c.anything(); }'],
    ['a method destructured in the body (not followed)', 'export function onPageOpened(ctx) { const { setValue } = ctx; setValue("nope", 1); }'],
    ['a dynamic field name', 'export function onActionStarted(ctx) { for (const f of ["a", "b"]) ctx.hide(f); ctx.show(`x${1}`); }'],
    ['typeof an undeclared name', 'export function onPageOpened(ctx) { if (typeof someGlobal === "undefined") ctx.log("none"); }'],
    [
      'hoisted functions, var, classes, catch and labels',
      'export function onPageOpened(ctx) { later(); v = 2; var v; try { new K(); } catch (e) { ctx.log(e); } outer: for (;;) break outer; }\nfunction later() {}\nclass K {}',
    ],
    [
      'language globals',
      'export async function onPageOpened(ctx) { ctx.log(Math.max(1), JSON.stringify({}), new Date(), Intl.NumberFormat, Array.from([]), await Promise.resolve(1), globalThis.Math, NaN, undefined, Infinity, structuredClone === undefined); }',
    ],
    ['arguments and object shorthand', 'function sum() { return [...arguments].length; }\nexport function onPageOpened(ctx) { const total = sum(1); ctx.log({ total }); }'],
    ['a handler exported under another name', 'function check(ctx) { ctx.setFieldError("amount", null); }\nexport { check as onActionValidating };'],
    ['an arrow handler', 'export const onActionStarted = async ({ setValue, actionId }) => { if (actionId === "add-line") setValue("amount", 0); };'],
  ])('%s', (_name, script) => {
    // structuredClone is MW222 (a host global), which is not what these cases are about.
    expect(found(`${script}\n`).filter(([code]) => code !== 'MW222')).toEqual([]);
  });
});

describe('MW224 unknown field', () => {
  it('reports a literal field no page has, for onPageOpened, at the argument', () => {
    const diagnostics = diagnosticsOf('export function onPageOpened(ctx) {\n  ctx.setValue("totl", 1);\n}\n');
    expect(diagnostics).toMatchObject([
      {
        code: 'MW224',
        file: logicFile,
        line: 2,
        column: 16,
        message: '`totl` is not a field of any page of this workspace, so onPageOpened cannot change it.',
        hint: 'Did you mean `total`?',
      },
    ]);
  });

  it("takes form handlers' fields from the action forms, not the pages", () => {
    // `total` is on a page, not in a form; `amount` is in the add-line form.
    expect(found('export function onActionStarted(ctx) { ctx.setRequired("total"); ctx.setRequired("amount"); }\n')).toEqual([['MW224', 1, 56]]);
  });

  it('checks every field method and destructured ones', () => {
    const methods = ['setValue', 'show', 'hide', 'setReadOnly', 'setRequired', 'setLabel', 'setFieldError', 'setLookupFilter'];
    const script = `export function onActionStarted(ctx) {\n${methods.map((m) => `  ctx.${m}('inspectionCnt');`).join('\n')}\n}\nexport function onFieldChanged({ setValue }) { setValue('inspectionCnt', 1); }\n`;
    expect(found(script).map(([code, line]) => `${code}:${line}`)).toEqual([...methods.map((_m, i) => `MW224:${i + 2}`), 'MW224:11']);
  });

  it("checks a helper's fields against the forms and pages of all its callers", () => {
    const script =
      'function mark(ctx) { ctx.setLabel("purpose", "Why"); ctx.setLabel("nowhere", "x"); }\nexport function onPageOpened(ctx) { mark(ctx); }\nexport function onActionStarted(ctx) { mark(ctx); }\n';
    expect(diagnosticsOf(script)).toMatchObject([{ code: 'MW224', line: 1, column: 67, message: expect.stringContaining('any page or action form') }]);
  });
});

describe('MW225 unknown action', () => {
  it('reports an action id no page offers, with a did-you-mean', () => {
    const diagnostics = diagnosticsOf("export function onPageOpened(ctx) {\n  ctx.hideAction('sbmit');\n}\n");
    expect(diagnostics).toMatchObject([{ code: 'MW225', line: 2, column: 18, message: '`sbmit` is not an action of this workspace.', hint: 'Did you mean `submit`?' }]);
  });

  it('says so when the action exists but no page offers it', () => {
    const workspace = baseWorkspace();
    workspace.actions.push({ id: 'recall', kind: 'operation', title: 'Recall', entity: 'ExpenseReport', operation: 'submitExpenseReport' });
    const diagnostics = diagnosticsOf('export function onPageOpened(ctx) { ctx.showAction("recall"); ctx.showAction("submit"); }\n', workspace);
    expect(diagnostics.filter((d) => d.code === 'MW225')).toMatchObject([{ column: 52, message: 'The action `recall` is not offered on any page, so there is nothing to show or hide.' }]);
  });
});

describe('MW229 comparison with an id the workspace does not have', () => {
  it('reports ctx.actionId compared with a renamed action, at the literal, either side, with a did-you-mean', () => {
    const diagnostics = diagnosticsOf("export function onActionStarted(ctx) {\n  if (ctx.actionId === 'add-lne') ctx.setValue('amount', 1);\n  if ('submit' !== ctx.actionId) return;\n}\n");
    expect(diagnostics).toMatchObject([
      {
        code: 'MW229',
        severity: 'error',
        file: logicFile,
        line: 2,
        column: 24,
        message: '`ctx.actionId` is never `add-lne`: this workspace has no action `add-lne`, so the comparison is always false.',
        hint: 'Did you mean `add-line`?',
      },
    ]);
  });

  it('checks switch cases and [..].includes, for ctx.pageId too', () => {
    const script =
      "export function onPageOpened(ctx) {\n  switch (ctx.pageId) { case 'reports': break; case 'reprt': break; }\n  if (['lines', 'overviews'].includes(ctx.pageId)) ctx.addMessage('x');\n}\n";
    expect(found(script)).toEqual([
      ['MW229', 2, 53],
      ['MW229', 3, 17],
    ]);
    expect(diagnosticsOf(script)[1]).toMatchObject({ message: expect.stringContaining('`ctx.pageId` is never `overviews`: this workspace has no page'), hint: 'Did you mean `overview`?' });
  });

  it('checks ctx.field in onFieldChanged against the action forms, and names them when none is close', () => {
    const diagnostics = diagnosticsOf("export function onFieldChanged(ctx) { if (ctx.field == 'zzz') ctx.setValue('amount', 0); }\n");
    expect(diagnostics).toMatchObject([{ code: 'MW229', column: 56, hint: 'Known fields: `purpose`, `project`, `reportNumber`, `amount`, `date`.' }]);
  });

  it('accepts ids the workspace has, other comparisons and values that are not literals', () => {
    const script =
      "const wanted = 'whatever';\nexport function onActionStarted(ctx) {\n  if (ctx.actionId === 'add-line' || ctx.actionId === wanted || ctx.values.kind === 'zzz') return;\n  if (ctx.actionId < 'b') return;\n}\nexport function onSyncResult(ctx) { if (ctx.actionId === 'submit') ctx.addMessage('sent'); }\n";
    expect(found(script)).toEqual([]);
  });
});

describe('MW226 undeclared variable', () => {
  it('reports an assignment and a read of names declared nowhere, each at the name', () => {
    const diagnostics = diagnosticsOf('export function onActionValidating(ctx) {\n  const amount = ctx.values.amount;\n  totl = 1;\n  if (amout > 10) return "Too much.";\n}\n');
    expect(diagnostics).toMatchObject([
      { code: 'MW226', line: 3, column: 3, message: expect.stringContaining('`totl` is assigned but declared nowhere') },
      { code: 'MW226', line: 4, column: 7, message: expect.stringContaining('`amout` is declared nowhere'), hint: expect.stringContaining('Did you mean `amount`?') },
    ]);
  });

  it('leaves host globals to MW222 and imports to MW221', () => {
    expect(found('import { x } from "./x.js";\nexport function onPageOpened(ctx) { ctx.log(x, window, document); }\n').map(([code]) => code)).toEqual(['MW221', 'MW222', 'MW222']);
  });
});

describe('MW227 unknown entity', () => {
  it('reports a queried entity the catalog does not have', () => {
    const diagnostics = diagnosticsOf('export async function onPageOpened(ctx) {\n  await ctx.query("ExpenseLines", {});\n}\n');
    expect(diagnostics).toMatchObject([{ code: 'MW227', line: 2, column: 19, hint: 'Did you mean `ExpenseLine`?' }]);
  });
});

describe('logic.ts', () => {
  it('reports the positions in the TypeScript the author wrote', () => {
    const script =
      'interface Totals { sum: number }\nexport function onPageOpened(ctx: { setValue(f: string, v: number): void }): void {\n  const t: Totals = { sum: 1 };\n  ctx.setValue("totl", t.sum);\n}\n';
    expect(found(script, 'logic.ts')).toEqual([['MW224', 4, 16]]);
  });
});
