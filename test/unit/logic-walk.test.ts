// The walk over child keys (visitor-keys.ts) must visit exactly the nodes a walk over every
// property visits: a missed child would hide a `fetch` from the lint.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScript, walk, type AnyNode } from '../../src/logic/ast.js';
import { lintParsedLogic } from '../../src/logic/lint.js';
import { visitorKeys } from '../../src/logic/visitor-keys.js';
import { repoRoot } from '../helpers/cli.js';

/** Every syntax a logic script can hold, once. */
const everything = `
import def, { a as b, "s" as c } from 'm' with { type: 'json' };
import * as ns from 'n';
export * from 'o';
export * as p from 'q';
export { b as d };
export default class extends Base { static #x = 1; static { this.y = 2; } get z() { return this.#x; } set z(v) {} m(...r) { super.m(); } }
export function onPageOpened(ctx, { e, f: [g, h = 1], ...i } = {}) {
  label: for (let j = 0, k; j < 3; j++) { if (j) continue label; else break label; }
  for (const l in ctx) {} for (const m of [1, ...ctx.list]) {}
  for (;;) { break; }
  while (false) {} do {} while (false);
  switch (ctx.x) { case 1: break; default: }
  try { throw new Error(\`t \${ctx.user.name} \`); } catch ({ message }) {} finally {}
  try {} catch {}
  const n = async function* gen() { yield* other(); await x; };
  const o = (p, q) => p ?? q?.r?.(s) ?? tag\`u\${v}\`;
  const w = { x, [y]: 1, z() {}, get aa() { return 1; }, ...bb };
  [cc, dd] = [dd, cc]; ({ ee } = ff);
  gg += 1; hh++; !ii; typeof jj; delete kk.ll; void 0;
  mm, nn; oo ? pp : qq; rr || ss && tt; new Uu(vv);
  const Cls = class Named {};
  debugger; ;
  return import('x').then(() => import.meta);
}
`;

function walkedByKeys(program: AnyNode): string[] {
  const seen: string[] = [];
  walk(program, (node, _parent, key) => seen.push(`${key ?? ''}:${node.type}@${node.start}`));
  return seen.sort();
}

function walkedByProperties(program: AnyNode): string[] {
  const seen: string[] = [];
  const visit = (node: AnyNode, key: string | undefined) => {
    seen.push(`${key ?? ''}:${node.type}@${node.start}`);
    for (const childKey in node) {
      if (childKey === 'loc' || childKey === 'range') continue;
      const value: unknown = node[childKey];
      const items = Array.isArray(value) ? value : [value];
      for (const item of items) if (item && typeof item === 'object' && typeof (item as AnyNode).type === 'string') visit(item as AnyNode, childKey);
    }
  };
  visit(program, undefined);
  return seen.sort();
}

function programOf(code: string): AnyNode {
  const { script, failure } = parseScript(code, { withTokens: false, withLocations: false });
  expect(failure).toBeUndefined();
  return script!.program as AnyNode;
}

describe('walking a script by child keys', () => {
  it('visits every node of a script that uses every kind of syntax', () => {
    const program = programOf(everything);
    const byKeys = walkedByKeys(program);
    expect(byKeys).toEqual(walkedByProperties(program));
    const types = new Set(byKeys.map((v) => v.split(':')[1]!.split('@')[0]!));
    // The fixture really covers the table (decorators, accessor keywords and JSX are not JavaScript yet).
    const uncovered = Object.keys(visitorKeys).filter((t) => !types.has(t) && !['Decorator', 'AccessorProperty', 'ParenthesizedExpression', 'WithStatement'].includes(t));
    expect(uncovered).toEqual([]);
  });

  it('visits every node of every template script', () => {
    const templates = join(repoRoot, 'templates');
    const scripts = readdirSync(templates).map((t) => join(templates, t, 'logic.js')).filter(existsSync);
    expect(scripts.length).toBeGreaterThan(5);
    for (const file of scripts) {
      const program = programOf(readFileSync(file, 'utf8'));
      expect(walkedByKeys(program)).toEqual(walkedByProperties(program));
    }
  });
});

describe('linting only the top level when no finding can be deeper', () => {
  const scripts = [
    '// fetch, window and import(...) in a comment only\nexport function onPageOpened(ctx) { ctx.setValue("a", 1); }\n',
    '/** @typedef {import("mwkit/types/logic").PageContext} PageContext */\nexport function helper() {}\n',
    'export function onPageOpened(ctx) { return "please confirm the order"; }\n',
    'export function onPageOpened(ctx) { return fetch("/x"); }\n',
    'export function onPageOpened(ctx) { return \\u0066etch("/x"); }\n',
    'export function onPageOpened(ctx) { return import("./other.js"); }\n',
    'export function onPageOpened(ctx) { return import.meta.url; }\n',
    'export default function () {}\nexport * from "./x.js";\nexport { onPageOpened as helper } from "./y.js";\n',
    'const fetch = (u) => u;\nexport function onPageOpened(ctx) { return fetch("/x") + globalThis.window; }\n',
    'export const onFieldChanged = (ctx) => ctx, helper = 1;\n/* window */ export function onSyncResult() { /* document */ }\n',
  ];

  it.each(scripts.map((code, i) => [i, code]))('script %i: the same problems as the full walk', (_i, code) => {
    const fast = parseScript(code, { withTokens: false, withLocations: false, withComments: true });
    const full = parseScript(code, { withTokens: false, withLocations: false });
    expect(fast.failure).toBeUndefined();
    expect(lintParsedLogic(fast.script!)).toEqual(lintParsedLogic(full.script!));
  });

  it('the fixtures include both paths and findings (they are meaningful)', () => {
    const found = scripts.map((code) => lintParsedLogic(parseScript(code, { withTokens: false, withLocations: false, withComments: true }).script!).map((p) => p.code));
    expect(found.filter((codes) => codes.length > 0).length).toBeGreaterThanOrEqual(6);
    expect(found[0]).toEqual([]);
    expect(found[1]).toEqual(['MW220']);
    expect(found[4]).toEqual(['MW222']);
  });
});
