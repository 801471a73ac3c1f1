// Static checks of a logic script, for `mwkit validate`: exported names must be handlers,
// nothing may be imported, and browser or Node globals are out of reach (the script runs
// offline on a phone, with only the language and ctx). Each problem points at its line.
import { didYouMean } from '../text/suggest.js';
import { handlerNames, isHandlerName } from './api.js';
import { exportedName, parseScript, patternNames, startOf, walk, type AnyNode, type ParseFailure, type ParsedScript } from './ast.js';
import { moduleProblems, type TransformProblem } from './transform.js';

export type LintProblem = TransformProblem;

const domHint = 'Logic cannot reach the screen: change what the user sees through ctx (ctx.setValue, ctx.hide, ctx.addMessage …).';
const storageHint = 'Logic has no storage of its own: read the device\'s data with ctx.query().';
const networkHint = 'Logic runs on the device, offline too, and cannot use the network: read local data with ctx.query(); the environment checks every write itself.';
const nodeHint = 'Logic runs on phones, not in Node: use ctx.user, ctx.today and ctx.online.';
const timerHint = 'There are no timers: handlers finish at once (async handlers may await ctx.query()).';
const otherHint = 'Business logic has the JavaScript language and ctx, nothing of the browser or Node.';

const hostGlobals = new Map<string, string>([
  ...['window', 'self', 'document', 'navigator', 'location', 'history', 'alert', 'confirm', 'prompt', 'requestAnimationFrame', 'Worker', 'importScripts', 'postMessage'].map((n) => [n, domHint] as const),
  ...['localStorage', 'sessionStorage', 'indexedDB', 'caches'].map((n) => [n, storageHint] as const),
  ...['fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource', 'Request', 'Response', 'Headers', 'FormData'].map((n) => [n, networkHint] as const),
  ...['process', 'global', 'Buffer', '__dirname', '__filename'].map((n) => [n, nodeHint] as const),
  ...['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'setImmediate', 'queueMicrotask'].map((n) => [n, timerHint] as const),
  ['console', 'Use ctx.log(…) instead: mwkit test shows what it logged next to a failing case.'],
  ...['structuredClone', 'atob', 'btoa', 'crypto', 'performance', 'URL', 'URLSearchParams', 'TextEncoder', 'TextDecoder', 'Blob', 'AbortController', 'WebAssembly'].map((n) => [n, otherHint] as const),
]);

const moduleGlobals = new Set(['require', 'module', 'exports']);

/** Adds the names a node declares, if it declares any; a declared `fetch` is the script's own. */
function addDeclaredNames(node: AnyNode, names: Set<string>): void {
  switch (node.type) {
    case 'VariableDeclarator':
      patternNames(node.id).forEach((n) => names.add(n));
      break;
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
      if (node.id) names.add(node.id.name);
      (node.params as AnyNode[]).flatMap(patternNames).forEach((n) => names.add(n));
      break;
    case 'ClassDeclaration':
    case 'ClassExpression':
      if (node.id) names.add(node.id.name);
      break;
    case 'CatchClause':
      patternNames(node.param).forEach((n) => names.add(n));
      break;
  }
}

/** Whether an Identifier is read as a variable (not a property name, label or key). */
function isReference(node: AnyNode, parent: AnyNode | undefined, key: string | undefined): boolean {
  if (!parent) return true;
  switch (parent.type) {
    case 'MemberExpression':
      return key !== 'property' || parent.computed === true;
    case 'Property':
    case 'MethodDefinition':
    case 'PropertyDefinition':
      return key !== 'key' || parent.computed === true;
    case 'LabeledStatement':
    case 'BreakStatement':
    case 'ContinueStatement':
    case 'ExportSpecifier':
    case 'MetaProperty':
      return false;
    default:
      return true;
  }
}

function exportProblems(node: AnyNode, code: string): LintProblem[] {
  if (node.type !== 'ExportNamedDeclaration' || node.source) return [];
  const declaration = node.declaration as AnyNode | null;
  const named: Array<{ name: string; at: AnyNode }> = declaration
    ? (declaration.type === 'VariableDeclaration'
      ? (declaration.declarations as AnyNode[]).flatMap((d) => patternNames(d.id).map((name) => ({ name, at: d.id as AnyNode })))
      : [{ name: declaration.id.name as string, at: declaration.id as AnyNode }])
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
    return { code: 'MW221', ...startOf(node, code), message: `Logic scripts cannot use \`${name}\`: they are self-contained, with no modules.`, hint: 'Copy what you need into the file, and read data with ctx.query().' };
  }
  const hint = hostGlobals.get(name);
  return hint ? { code: 'MW222', ...startOf(node, code), message: `\`${name}\` is not available to business logic.`, hint } : undefined;
}

function isRestricted(name: string): boolean {
  return moduleGlobals.has(name) || hostGlobals.has(name);
}

/** Words a finding below the top level needs: a restricted global, `import`, a \u escape. */
const wordsOfFindings = new RegExp(`\\\\u|\\b(?:${[...hostGlobals.keys(), ...moduleGlobals, 'globalThis', 'import'].join('|')})\\b`, 'g');

/**
 * Whether one of those words stands outside the script's comments. Without one, only the
 * top-level statements are looked at: most scripts name none of them, and walking every node
 * was a fifth of what `validate` spends on a script. Unknown (no comments kept): walk.
 */
function needsFullWalk(script: ParsedScript): boolean {
  const { comments } = script;
  if (!comments) return true;
  for (const match of script.code.matchAll(wordsOfFindings)) {
    const at = match.index ?? 0;
    if (!comments.some(([start, end]) => at >= start && at < end)) return true;
  }
  return false;
}

/** The problems of a parsed script, in source order. One walk: `validate` lints every script. */
export function lintParsedLogic(script: ParsedScript): LintProblem[] {
  if (!needsFullWalk(script)) return topLevelProblems(script);
  const declared = new Set<string>();
  const problems: LintProblem[] = [];
  // Names a global could be read by; whether the script declares them is known after the walk.
  const candidates: Array<{ name: string; node: AnyNode }> = [];
  walk(script.program, (node, parent, key) => {
    addDeclaredNames(node, declared);
    const moduleFound = moduleProblems(node, script.code);
    if (moduleFound.length > 0) problems.push(...moduleFound);
    if (parent === script.program && node.type === 'ExportNamedDeclaration') problems.push(...exportProblems(node, script.code));
    if (node.type === 'Identifier' && isRestricted(node.name as string) && isReference(node, parent, key)) candidates.push({ name: node.name as string, node });
    // globalThis.fetch and friends: the same globals, reached the long way round.
    if (node.type === 'MemberExpression' && !node.computed && node.object.type === 'Identifier' && node.object.name === 'globalThis') {
      candidates.push({ name: `globalThis.${node.property.name as string}`, node: node.property as AnyNode });
    }
  });
  for (const { name, node } of candidates) {
    const isViaGlobalThis = name.startsWith('globalThis.');
    if (declared.has(isViaGlobalThis ? 'globalThis' : name)) continue;
    const found = globalProblem(isViaGlobalThis ? name.slice('globalThis.'.length) : name, node, script.code);
    if (found) problems.push(found);
  }
  return problems.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** The problems only top-level statements can have: exports, and the module forms of them. */
function topLevelProblems(script: ParsedScript): LintProblem[] {
  const problems: LintProblem[] = [];
  for (const node of (script.program as AnyNode).body as AnyNode[]) {
    problems.push(...moduleProblems(node, script.code));
    if (node.type === 'ExportNamedDeclaration') problems.push(...exportProblems(node, script.code));
  }
  return problems.sort((a, b) => a.line - b.line || a.column - b.column);
}
