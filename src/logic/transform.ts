// Turns a logic module (ES module syntax) into a classic script that a sandbox can evaluate:
// `export` keywords are blanked out with spaces and the handlers are registered at the end,
// so every line and almost every column stays where the author wrote it. Loops get a guard
// call in their test (`while (__mwkit_loop(12), x)`) that ends an endless loop after the
// time limit and names its line. The few columns that shift are recorded in `insertions`,
// so positions in stack traces map back exactly (see positions.ts). Pure: the browser app
// runs the same transform before it hands a script to its Worker.
import type { AnyNode, ParsedScript } from './ast.js';
import { exportedName, patternNames, startOf, walk } from './ast.js';
import type { Code } from '../validate/codes.js';

/** Text added to the script at an original position (1-based line and column). */
export interface Insertion {
  line: number;
  column: number;
  length: number;
}

export interface ExportedBinding {
  /** The exported name (the handler name). */
  name: string;
  /** The script's own name for it. */
  local: string;
  line: number;
  column: number;
}

export interface RunnableScript {
  code: string;
  exports: ExportedBinding[];
  insertions: Insertion[];
}

export interface TransformProblem {
  code: Code;
  message: string;
  line: number;
  column: number;
  hint?: string;
}

interface Edit {
  start: number;
  end: number;
  text: string;
  insertion?: Insertion;
}

export const loopGuardName = '__mwkit_loop';
export const catchGuardName = '__mwkit_caught';
const caughtName = '__mwkit_error';
export const registerName = '__mwkit_register';
const strictPrologue = '"use strict";';

function blank(code: string, start: number, end: number): Edit {
  return { start, end, text: code.slice(start, end).replace(/[^\n\r]/g, ' ') };
}

function insert(at: number, position: { line: number; column: number }, text: string): Edit {
  return { start: at, end: at, text, insertion: { ...position, length: text.length } };
}

const importHint = 'Logic scripts are self-contained: copy what you need into the file, and read data with ctx.query().';

/** Module features a sandbox cannot offer: imports, re-exports, default exports. */
const moduleNodeTypes = new Set(['ImportDeclaration', 'ImportExpression', 'MetaProperty', 'ExportAllDeclaration', 'ExportNamedDeclaration', 'ExportDefaultDeclaration']);

const noProblems: readonly TransformProblem[] = [];

export function moduleProblems(node: AnyNode, code?: string): readonly TransformProblem[] {
  // Called for every node: find the position only for a node that is a problem.
  if (!moduleNodeTypes.has(node.type)) return noProblems;
  const problem = (problemCode: 'MW220' | 'MW221', message: string, hint: string): TransformProblem[] => [{ code: problemCode, ...startOf(node, code), message, hint }];
  switch (node.type) {
    case 'ImportDeclaration':
      return problem('MW221', `Logic scripts cannot import modules (\`${String(node.source.value)}\`).`, importHint);
    case 'ImportExpression':
      return problem('MW221', 'Logic scripts cannot load modules with import().', importHint);
    case 'MetaProperty':
      return node.meta?.name === 'import' ? problem('MW221', 'import.meta is not available to logic scripts.', importHint) : noProblems;
    case 'ExportAllDeclaration':
      return problem('MW221', `Logic scripts cannot re-export another module (\`${String(node.source.value)}\`).`, importHint);
    case 'ExportNamedDeclaration':
      return node.source ? problem('MW221', `Logic scripts cannot re-export another module (\`${String(node.source.value)}\`).`, importHint) : noProblems;
    case 'ExportDefaultDeclaration':
      return problem('MW220', 'A default export is not a handler: the app calls handlers by name.', 'Export named functions, e.g. `export function onFieldChanged(ctx) { … }`.');
    default:
      return noProblems;
  }
}

const reservedPrefix = '__mwkit';

/** The sandbox's own names: a script that declared one could stand in for the guards. */
function reservedNameProblems(node: AnyNode): readonly TransformProblem[] {
  if (node.type !== 'Identifier' || typeof node.name !== 'string' || !node.name.startsWith(reservedPrefix)) return noProblems;
  return [{ code: 'MW222', ...startOf(node), message: `\`${node.name}\` is a name of the logic sandbox; a script cannot use names that start with ${reservedPrefix}.`, hint: 'Rename it.' }];
}

function exportEdits(code: string, node: AnyNode): { edits: Edit[]; exports: ExportedBinding[] } {
  if (node.type !== 'ExportNamedDeclaration' || node.source) return { edits: [], exports: [] };
  const declaration = node.declaration as AnyNode | null;
  if (declaration) {
    const ids: AnyNode[] = declaration.type === 'VariableDeclaration' ? (declaration.declarations as AnyNode[]).map((d) => d.id as AnyNode) : [declaration.id as AnyNode];
    const names = ids.flatMap((id) => patternNames(id));
    const at = startOf(ids[0] ?? declaration);
    return {
      edits: [blank(code, node.start, declaration.start)],
      exports: names.map((name) => ({ name, local: name, ...at })),
    };
  }
  const exports = (node.specifiers as AnyNode[]).map((s) => ({ name: exportedName(s.exported), local: exportedName(s.local), ...startOf(s.exported) }));
  return { edits: [blank(code, node.start, node.end)], exports };
}

function guardText(line: number): string {
  return `${loopGuardName}(${line})`;
}

function loopEdit(node: AnyNode, script: ParsedScript): Edit | undefined {
  const line = startOf(node).line;
  if (node.type === 'WhileStatement' || node.type === 'DoWhileStatement' || (node.type === 'ForStatement' && node.test)) {
    const test = node.test as AnyNode;
    return insert(test.start, startOf(test), `${guardText(line)}, `);
  }
  if (node.type !== 'ForStatement') return undefined;
  // `for (init;; update)`: the guard becomes the test, right after the first `;`.
  const from = node.init ? (node.init as AnyNode).end : node.start;
  const semicolon = script.tokens.find((t) => t.start >= from && t.value === ';');
  if (!semicolon) return undefined;
  return insert(semicolon.end, { line: semicolon.loc.end.line, column: semicolon.loc.end.column + 1 }, guardText(line));
}

/**
 * Every catch clause first hands what it caught to the guard, which rethrows what a script may
 * not swallow (the engine's "out of memory"): `catch (e) {` gets `__mwkit_caught(e);` at the start
 * of its block. A pattern or a missing binding is given a name, and the pattern is destructured
 * from the guard's answer in the block, so a script never sees the error before the guard does.
 */
function catchEdits(code: string, node: AnyNode): Edit[] {
  if (node.type !== 'CatchClause') return [];
  const body = node.body as AnyNode;
  const param = node.param as AnyNode | null;
  const afterBrace = body.start + 1;
  const bodyAt = { line: startOf(body).line, column: startOf(body).column + 1 };
  if (param?.type === 'Identifier') return [insert(afterBrace, bodyAt, `${catchGuardName}(${String(param.name)});`)];
  if (!param) {
    return [insert(body.start, startOf(body), `(${caughtName})`), insert(afterBrace, bodyAt, `${catchGuardName}(${caughtName});`)];
  }
  const pattern = code.slice(param.start, param.end);
  return [
    blank(code, param.start, param.end),
    insert(param.start, startOf(param), caughtName),
    insert(afterBrace, bodyAt, `let ${pattern.replace(/[\n\r]+/g, ' ')} = ${catchGuardName}(${caughtName});`),
  ];
}

function applyEdits(code: string, edits: Edit[]): string {
  let result = code;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) {
    result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  }
  return result;
}

/** The runnable form of a parsed logic module, or the module features a sandbox cannot run. */
export function toRunnableScript(code: string, script: ParsedScript): { runnable?: RunnableScript; problems: TransformProblem[] } {
  const problems: TransformProblem[] = [];
  const edits: Edit[] = [];
  const exports: ExportedBinding[] = [];
  walk(script.program, (node, parent) => {
    problems.push(...moduleProblems(node));
    problems.push(...reservedNameProblems(node));
    if (parent === script.program) {
      const found = exportEdits(code, node);
      edits.push(...found.edits);
      exports.push(...found.exports);
    }
    const guard = loopEdit(node, script);
    if (guard) edits.push(guard);
    edits.push(...catchEdits(code, node));
  });
  if (problems.length > 0) return { problems };
  const insertions = [{ line: 1, column: 1, length: strictPrologue.length }, ...edits.flatMap((e) => (e.insertion ? [e.insertion] : []))];
  const table = exports.map((e) => `${JSON.stringify(e.name)}: ${e.local}`).join(', ');
  const runnable = `${strictPrologue}${applyEdits(code, edits)}\n;${registerName}({ ${table} });\n`;
  return { runnable: { code: runnable, exports, insertions }, problems };
}
