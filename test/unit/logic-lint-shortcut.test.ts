// The lint looks below a script's top level only when a word a finding needs stands outside
// its comments: both ways must find the same.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScript } from '../../src/logic/ast.js';
import { lintParsedLogic } from '../../src/logic/lint.js';
import { repoRoot } from '../helpers/cli.js';

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

  it('every template script: the same problems both ways', () => {
    const templates = join(repoRoot, 'templates');
    const files = readdirSync(templates).map((t) => join(templates, t, 'logic.js')).filter(existsSync);
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const code = readFileSync(file, 'utf8');
      const fast = parseScript(code, { withTokens: false, withLocations: false, withComments: true });
      const full = parseScript(code, { withTokens: false, withLocations: false });
      expect(lintParsedLogic(fast.script!)).toEqual(lintParsedLogic(full.script!));
    }
  });
});
