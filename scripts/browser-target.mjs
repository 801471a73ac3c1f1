// The app supports Chrome 91, Firefox 90 and Safari 15 (build-app.mjs's `browsers`). esbuild
// lowers syntax to that target, but not built-ins: a call of Object.hasOwn (Chrome 93) passes the
// build and fails on the phone. This check reads the built bundles and refuses every built-in
// newer than the target, by name, with the file and position of its first use.
import { parseScript } from 'meriyah';

/** Built-ins newer than the target, with the browser versions they need. */
export const newerBuiltIns = {
  hasOwn: 'Object.hasOwn (Chrome 93, Safari 15.4)',
  at: 'Array.prototype.at / String.prototype.at (Chrome 92, Safari 15.4)',
  structuredClone: 'structuredClone (Chrome 98, Safari 15.4)',
  findLast: 'Array.prototype.findLast (Chrome 97, Safari 15.4)',
  findLastIndex: 'Array.prototype.findLastIndex (Chrome 97, Safari 15.4)',
  toSorted: 'Array.prototype.toSorted (Chrome 110)',
  toReversed: 'Array.prototype.toReversed (Chrome 110)',
  toSpliced: 'Array.prototype.toSpliced (Chrome 110)',
  groupBy: 'Object.groupBy / Map.groupBy (Chrome 117)',
  withResolvers: 'Promise.withResolvers (Chrome 119)',
  fromAsync: 'Array.fromAsync (Chrome 121)',
  randomUUID: 'crypto.randomUUID (Chrome 92, Safari 15.4)',
  isWellFormed: 'String.prototype.isWellFormed (Chrome 111)',
  toWellFormed: 'String.prototype.toWellFormed (Chrome 111)',
  timeout: 'AbortSignal.timeout (Chrome 103, Safari 16)',
  any: 'AbortSignal.any (Chrome 116)',
};

/** Names that are also ordinary methods of Chrome 91: only refused as a member of the object named. */
const onlyOn = new Map([
  ['timeout', ['AbortSignal']],
  ['any', ['AbortSignal']],
]);
/** Names that are also ordinary properties (a problem's `at`): only refused when called. */
const onlyCalled = new Set(['at', 'any', 'timeout']);

function objectName(node) {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier') return node.property.name;
  return undefined;
}

function walk(node, visit) {
  if (!node || typeof node.type !== 'string') return;
  visit(node);
  for (const key of Object.keys(node)) {
    if (key === 'loc' || key === 'range') continue;
    const child = node[key];
    if (Array.isArray(child)) for (const item of child) walk(item, visit);
    else if (child && typeof child === 'object') walk(child, visit);
  }
}

/**
 * Names the bundle tests for before it uses them (`typeof crypto.randomUUID == "function"`,
 * `typeof structuredClone`, `'hasOwn' in Object`): a fallback or a polyfill covers older browsers.
 */
function featureTested(program) {
  const tested = new Set();
  walk(program, (node) => {
    if (node.type === 'UnaryExpression' && node.operator === 'typeof') {
      const name = objectName(node.argument);
      if (name) tested.add(name);
    }
    if (node.type === 'BinaryExpression' && node.operator === 'in' && node.left.type === 'Literal' && typeof node.left.value === 'string') tested.add(node.left.value);
  });
  return tested;
}

/** The uses of newer built-ins in one bundle's code (not feature-tested): [{ name, what, line, column }]. */
export function newerBuiltInUses(code) {
  const uses = [];
  const program = parseScript(code, { module: true, next: true, loc: true });
  const tested = featureTested(program);
  const callees = new Set();
  walk(program, (node) => {
    if (node.type === 'CallExpression') callees.add(node.callee);
  });
  walk(program, (node) => {
    let name;
    let at;
    if (node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier') {
      name = node.property.name;
      at = node.property.loc.start;
      const required = onlyOn.get(name);
      if (required && !required.includes(objectName(node.object))) return;
    } else if (node.type === 'MemberExpression' && node.computed && node.property.type === 'Literal' && typeof node.property.value === 'string') {
      name = node.property.value;
      at = node.property.loc.start;
      const required = onlyOn.get(name);
      if (required && !required.includes(objectName(node.object))) return;
    } else if (node.type === 'Identifier' && node.name === 'structuredClone') {
      name = node.name;
      at = node.loc.start;
    }
    if (name && onlyCalled.has(name) && !callees.has(node)) return;
    if (name && Object.hasOwn(newerBuiltIns, name) && !tested.has(name)) uses.push({ name, what: newerBuiltIns[name], line: at.line, column: at.column + 1 });
  });
  return uses;
}
