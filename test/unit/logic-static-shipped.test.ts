// The static checks of logic find nothing in what mwkit ships: every template's script in its
// workspace (against the demo catalog), and the JavaScript examples of the business-logic docs.
// Each also finds something to check, so a check that silently stopped looking would show.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScript } from '../../src/logic/ast.js';
import { checkLogicSource } from '../../src/logic/check.js';
import { scanParsedLogic } from '../../src/logic/lint.js';
import { validateProject } from '../../src/validate/index.js';
import { repoRoot } from '../helpers/cli.js';

const staticCodes = ['MW223', 'MW224', 'MW225', 'MW226', 'MW227', 'MW228', 'MW229'];
const templatesDir = join(repoRoot, 'templates');
const templates = readdirSync(templatesDir).filter((t) => existsSync(join(templatesDir, t, 'logic.js')));

describe('static checks on the shipped templates', () => {
  it('covers every template with logic', () => {
    expect(templates.length).toBeGreaterThanOrEqual(8);
  });

  it.each(templates)('%s: no static finding, and references to check', (template) => {
    const result = validateProject({ path: join(templatesDir, template, 'workspace.yaml'), catalogPath: join(templatesDir, 'catalog.json') });
    expect(result.diagnostics.filter((d) => staticCodes.includes(d.code))).toEqual([]);
    const { findings, references } = checkLogicSource(`${template}/logic.js`, readFileSync(join(templatesDir, template, 'logic.js'), 'utf8'));
    expect(findings).toEqual([]);
    expect(references.length).toBeGreaterThan(0);
  });

  it('between them, they pass fields, actions and entities to ctx, also through helpers, and compare every kind of ctx id', () => {
    const references = templates.flatMap((t) => checkLogicSource(`${t}/logic.js`, readFileSync(join(templatesDir, t, 'logic.js'), 'utf8')).references);
    expect(new Set(references.map((r) => r.role))).toEqual(new Set(['field', 'action', 'entity', 'compared-action', 'compared-page', 'compared-field']));
    expect(references.some((r) => r.handlers.length > 1)).toBe(true);
  });
});

describe('static checks on the examples of docs/business-logic.md', () => {
  const doc = readFileSync(join(repoRoot, 'docs', 'business-logic.md'), 'utf8');
  // Whole scripts only (fragments such as a lone `await ctx.query(…)` line are not scripts).
  const examples = [...doc.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((code) => /^export /m.test(code));
  // Some examples elide code with `…`; those do not parse and are left out.
  const parsed = examples.map((code) => parseScript(code, { withTokens: false, withLocations: false }).script).filter((s) => s !== undefined);

  it('parses most examples', () => {
    expect(parsed.length).toBeGreaterThanOrEqual(8);
  });

  it('finds no unknown ctx member or undeclared name in any of them', () => {
    expect(parsed.flatMap((script) => scanParsedLogic(script).problems)).toEqual([]);
  });
});
