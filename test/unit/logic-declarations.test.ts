// types/logic.d.ts is the contract script authors see in their editor: it must compile, name
// exactly the handlers the runtime calls, and give each ctx exactly the members the runtime does.
import ts from 'typescript';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { handlerNames } from '../../src/logic/api.js';
import { actionContext, pageContext, syncContext, workspaceContext, type CallScope } from '../../src/logic/context.js';
import { emptyState } from '../../src/logic/state.js';

const declarations = fileURLToPath(new URL('../../types/logic.d.ts', import.meta.url));
const program = ts.createProgram([declarations], {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  types: [],
});
const checker = program.getTypeChecker();
const sourceFile = program.getSourceFile(declarations)!;

/** Every member of an exported interface, its bases' included. */
function membersOf(name: string): string[] {
  const symbol = checker.getExportsOfModule(checker.getSymbolAtLocation(sourceFile)!).find((s) => s.name === name);
  if (!symbol) throw new Error(`types/logic.d.ts does not export ${name}`);
  return checker
    .getPropertiesOfType(checker.getDeclaredTypeOfSymbol(symbol))
    .map((p) => p.name)
    .sort();
}

const scope = {
  env: {
    sandbox: { callSite: () => undefined, resolved: (v: unknown) => Promise.resolve(v) },
    workspace: { id: 'w' },
    user: { id: 'u', name: 'U', roles: [], attributes: {} },
    online: true,
    today: '2025-03-14',
    now: '2025-03-14T12:00:00Z',
  },
  handler: 'onPageOpened',
  state: emptyState(),
} as unknown as CallScope;

function keys(ctx: object): string[] {
  return Object.keys(ctx).sort();
}

describe('types/logic.d.ts', () => {
  it('compiles under strict settings', () => {
    const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(problems).toEqual([]);
  });

  it('types the template scripts, which use them through JSDoc, without a complaint', () => {
    const templates = fileURLToPath(new URL('../../templates/', import.meta.url));
    const scripts = readdirSync(templates, { withFileTypes: true })
      .filter((e) => e.isDirectory() && e.name !== 'project')
      .map((e) => `${templates}${e.name}/logic.js`);
    const checked = ts.createProgram(scripts, {
      allowJs: true,
      checkJs: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      types: [],
      lib: ['lib.es2022.d.ts'],
      baseUrl: templates,
      paths: { 'mwkit/types/logic': [declarations] },
    });
    const problems = ts.getPreEmitDiagnostics(checked).map((d) => `${d.file?.fileName.slice(templates.length) ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
    expect(problems).toEqual([]);
  });

  it('declares exactly the handlers the runtime calls', () => {
    expect(membersOf('Handlers')).toEqual([...handlerNames].sort());
  });

  it.each([
    ['WorkspaceContext', () => workspaceContext(scope)],
    ['PageContext', () => pageContext(scope, { id: 'p', kind: 'details' })],
    ['ActionContext', () => actionContext(scope, { id: 'a', kind: 'create' }, undefined)],
    ['FieldChangedContext', () => actionContext(scope, { id: 'a', kind: 'create' }, undefined, { field: 'f', value: 1, previousValue: null })],
    ['SyncResultContext', () => syncContext(scope, { status: 'applied', actionId: 'a', operationId: 'o', values: {} })],
  ])('%s has the members the runtime gives ctx', (name, build) => {
    expect(membersOf(name)).toEqual(keys(build()));
  });
});
