// Static checks of a logic script, for `mwkit validate`: exported names must be handlers,
// nothing may be imported, browser or Node globals are out of reach (the script runs
// offline on a phone, with only the language and ctx), every variable is declared, and ctx is
// used as types/logic.d.ts declares it (ctx-uses.ts). All in one walk over the tree: validate
// checks every workspace's script. Each problem points at its line and column.
import { closestMatch, didYouMean } from '../text/suggest.js';
import { handlerNames, isHandlerName } from './api.js';
import { exportedName, isReference, offsetLocator, patternNames, startOf, walk, type AnyNode, type ParsedScript } from './ast.js';
import { createCtxScan } from './ctx-scan.js';
import { ctxUses, type LogicReference } from './ctx-uses.js';
import { languageGlobals } from './language-globals.js';
import { moduleProblems, type TransformProblem } from './transform.js';

export type LintProblem = TransformProblem;

const domHint = 'Logic cannot reach the screen: change what the user sees through ctx (ctx.setValue, ctx.hide, ctx.addMessage …).';
const storageHint = "Logic has no storage of its own: read the device's data with ctx.query().";
const networkHint = 'Logic runs on the device, offline too, and cannot use the network: read local data with ctx.query(); the environment checks every write itself.';
const nodeHint = 'Logic runs on phones, not in Node: use ctx.user, ctx.today and ctx.online.';
const timerHint = 'There are no timers: handlers finish at once (async handlers may await ctx.query()).';
const otherHint = 'Business logic has the JavaScript language and ctx, nothing of the browser or Node.';

const hostGlobals = new Map<string, string>([
  ...['window', 'self', 'document', 'navigator', 'location', 'history', 'alert', 'confirm', 'prompt', 'requestAnimationFrame', 'Worker', 'importScripts', 'postMessage'].map(
    (n) => [n, domHint] as const,
  ),
  ...['localStorage', 'sessionStorage', 'indexedDB', 'caches'].map((n) => [n, storageHint] as const),
  ...['fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource', 'Request', 'Response', 'Headers', 'FormData'].map((n) => [n, networkHint] as const),
  ...['process', 'global', 'Buffer', '__dirname', '__filename'].map((n) => [n, nodeHint] as const),
  ...['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'setImmediate', 'queueMicrotask'].map((n) => [n, timerHint] as const),
  ['console', 'Use ctx.log(…) instead: mwkit test shows what it logged next to a failing case.'],
  ['Intl', 'Logic runs in QuickJS, which has no Intl: format numbers and dates yourself (toFixed, ISO text); the app formats what it shows.'],
  ...['structuredClone', 'atob', 'btoa', 'crypto', 'performance', 'URL', 'URLSearchParams', 'TextEncoder', 'TextDecoder', 'Blob', 'AbortController', 'WebAssembly'].map((n) => [n, otherHint] as const),
]);

const moduleGlobals = new Set(['require', 'module', 'exports']);

function exportProblems(node: AnyNode, code: string): LintProblem[] {
  if (node.type !== 'ExportNamedDeclaration' || node.source) return [];
  const declaration = node.declaration as AnyNode | null;
  const named: Array<{ name: string; at: AnyNode }> = declaration
    ? declaration.type === 'VariableDeclaration'
      ? (declaration.declarations as AnyNode[]).flatMap((d) => patternNames(d.id).map((name) => ({ name, at: d.id as AnyNode })))
      : [{ name: declaration.id.name as string, at: declaration.id as AnyNode }]
    : (node.specifiers as AnyNode[]).map((s) => ({ name: exportedName(s.exported), at: s.exported as AnyNode }));
  return named
    .filter(({ name }) => !isHandlerName(name))
    .map(({ name, at }) => ({
      code: 'MW220',
      ...startOf(at, code),
      message: `\`${name}\` is not a business-logic handler, so the app never calls it.`,
      hint: `${didYouMean(name, handlerNames, 'handlers') ?? ''} Helpers need no export: only handlers are exported.`.trim(),
    }));
}

function globalProblem(name: string, node: AnyNode, code: string): LintProblem | undefined {
  if (moduleGlobals.has(name)) {
    return {
      code: 'MW221',
      ...startOf(node, code),
      message: `Logic scripts cannot use \`${name}\`: they are self-contained, with no modules.`,
      hint: 'Copy what you need into the file, and read data with ctx.query().',
    };
  }
  const hint = hostGlobals.get(name);
  return hint ? { code: 'MW222', ...startOf(node, code), message: `\`${name}\` is not available to business logic.`, hint } : undefined;
}

function isRestricted(name: string): boolean {
  return moduleGlobals.has(name) || hostGlobals.has(name);
}

/** An identifier read or assigned as a variable, where an undeclared name throws (`typeof x` does not). */
function isVariableUse(node: AnyNode, parent: AnyNode | undefined, key: string | undefined): boolean {
  if (parent?.type === 'UnaryExpression' && parent.operator === 'typeof') return false;
  // Import forms are MW221 already; their names are not variables of this script's making.
  if (parent && (parent.type.startsWith('Import') || parent.type === 'ExportAllDeclaration')) return false;
  return isReference(node, parent, key);
}

function undeclaredProblem(name: string, node: AnyNode, parent: AnyNode | undefined, key: string | undefined, declared: Set<string>, at: { line: number; column: number }): LintProblem {
  const isAssigned = (parent?.type === 'AssignmentExpression' && key === 'left') || parent?.type === 'UpdateExpression' || parent?.type === 'ForInStatement' || parent?.type === 'ForOfStatement';
  const match = closestMatch(name, [...declared, ...languageGlobals]);
  return {
    code: 'MW226',
    ...at,
    message: isAssigned
      ? `\`${name}\` is assigned but declared nowhere: in a module (strict mode) this throws a ReferenceError.`
      : `\`${name}\` is declared nowhere in the script and is not a JavaScript global: reading it throws a ReferenceError.`,
    hint: match
      ? `Did you mean \`${match}\`? Otherwise declare it (\`let ${name} = …\`) in the function that uses it.`
      : `Declare it (\`let ${name} = …\` or \`const\`) where it is used; business logic has the language and ctx only.`,
  };
}

/** What validate learns from a script's text: its problems in source order, and its literal references to the workspace. */
export function scanParsedLogic(script: ParsedScript): { problems: LintProblem[]; references: LogicReference[] } {
  const problems: LintProblem[] = [];
  const locate = offsetLocator(script.code);
  const scan = createCtxScan(script.program as AnyNode);
  // Names the script declares anywhere (a declared `fetch` is the script's own), known in full after the walk.
  const declared = scan.declared;
  // Names a global could be read by; whether the script declares them is known after the walk.
  const candidates: Array<{ name: string; node: AnyNode }> = [];
  const undeclared: Array<{ node: AnyNode; parent: AnyNode | undefined; key: string | undefined }> = [];
  walk(script.program, (node, parent, key) => {
    scan.visit(node, parent, key);
    switch (node.type) {
      case 'Identifier': {
        // Most identifiers are names declared before they are used: one lookup settles them.
        const name = node.name as string;
        if (declared.has(name) || languageGlobals.has(name)) break;
        if (isRestricted(name)) {
          if (isReference(node, parent, key)) candidates.push({ name, node });
        } else if (isVariableUse(node, parent, key)) {
          // Declared later (hoisting) or nowhere: settled after the walk.
          undeclared.push({ node, parent, key });
        }
        break;
      }
      case 'MemberExpression':
        // globalThis.fetch and friends: the same globals, reached the long way round.
        if (!node.computed && node.object.type === 'Identifier' && node.object.name === 'globalThis') {
          candidates.push({ name: `globalThis.${node.property.name as string}`, node: node.property as AnyNode });
        }
        break;
      case 'ImportDeclaration':
      case 'ImportExpression':
      case 'MetaProperty':
      case 'ExportAllDeclaration':
      case 'ExportDefaultDeclaration':
      case 'ExportNamedDeclaration':
        problems.push(...moduleProblems(node, script.code));
        if (parent === script.program && node.type === 'ExportNamedDeclaration') problems.push(...exportProblems(node, script.code));
        break;
    }
  });
  for (const { name, node } of candidates) {
    const isViaGlobalThis = name.startsWith('globalThis.');
    if (declared.has(isViaGlobalThis ? 'globalThis' : name)) continue;
    const found = globalProblem(isViaGlobalThis ? name.slice('globalThis.'.length) : name, node, script.code);
    if (found) problems.push(found);
  }
  for (const { node, parent, key } of undeclared) {
    if (!declared.has(node.name as string)) problems.push(undeclaredProblem(node.name as string, node, parent, key, declared, locate(node.start)));
  }
  const uses = ctxUses(scan, script.program as AnyNode, locate);
  problems.push(...uses.problems);
  return { problems: problems.sort((a, b) => a.line - b.line || a.column - b.column), references: uses.references };
}

/** The problems of a parsed script, in source order. */
export function lintParsedLogic(script: ParsedScript): LintProblem[] {
  return scanParsedLogic(script).problems;
}
