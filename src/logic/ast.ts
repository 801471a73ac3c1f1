// Parsing a logic script and walking its syntax tree (ESTree, from meriyah). Pure: runs in the
// browser app as well as in Node. meriyah parses about twice as fast as acorn did, which
// matters to `validate` (every workspace's script); `lexical` gives the early errors (a name
// declared twice, an export of nothing) that engines report.
import { parseModule, type Options } from 'meriyah';

/** A node of the tree, with its offsets; `loc` only when parsed with locations. */
export interface Node {
  type: string;
  start: number;
  end: number;
  loc?: { start: { line: number; column: number }; end: { line: number; column: number } } | null;
}

/** A token of the script; `value` is its text. */
export interface Token {
  type: string;
  value: string;
  start: number;
  end: number;
  loc: { start: { line: number; column: number }; end: { line: number; column: number } };
}

export interface ParsedScript {
  program: Node;
  tokens: Token[];
  /** The parsed source, for positions of nodes parsed without `locations`. */
  code: string;
}

export interface ParseFailure {
  message: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

/** Parses `code` as an ES module; a failure names the position as 1-based line and column. */
export function parseScript(code: string, { withTokens = true, withLocations = true } = {}): { script?: ParsedScript; failure?: ParseFailure } {
  const tokens: Token[] = [];
  // Tokens are only needed to rewrite the script, and locations only where many positions are
  // read: `validate` parses every workspace's script and needs neither (startOf falls back to
  // counting lines for the rare node it reports).
  const options: Options = {
    ranges: true,
    loc: withLocations,
    lexical: true,
    ...(withTokens ? { onToken: (type: string, start: number, end: number, loc: Token['loc']) => tokens.push({ type, value: code.slice(start, end), start, end, loc }) } : {}),
  };
  try {
    const program = parseModule(code, options) as unknown as Node;
    return { script: { program, tokens, code } };
  } catch (error) {
    const { description, message, loc } = error as SyntaxError & { description?: string; loc?: { start: { line: number; column: number } } };
    return { failure: { message: description ?? message, line: loc?.start.line ?? 1, column: (loc?.start.column ?? 0) + 1 } };
  }
}

/** Called for each node with its parent and the key it sits under (none for the root). */
export type Visitor = (node: AnyNode, parent: AnyNode | undefined, key: string | undefined) => void;

/** An ESTree node read loosely: visitors check `type` and then read the fields they expect. */
// `any`: ESTree has dozens of node shapes; visitors check `type` before reading a field.
export type AnyNode = Node & Record<string, any>;

/** Calls `visit` for every node, depth first, parents before children. */
export function walk(root: Node, visit: Visitor): void {
  visitNode(root as AnyNode, undefined, undefined, visit);
}

// Recursion with for…in and no object per visit: validate walks every workspace's script, and
// the arrays Object.entries made for every node were once most of its time and garbage.
function visitNode(node: AnyNode, parent: AnyNode | undefined, key: string | undefined, visit: Visitor): void {
  visit(node, parent, key);
  for (const childKey in node) {
    if (childKey !== 'loc' && childKey !== 'range') visitChild(node, childKey, visit);
  }
}

function visitChild(node: AnyNode, childKey: string, visit: Visitor): void {
  const value: unknown = node[childKey];
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (isNode(item)) visitNode(item, node, childKey, visit);
    }
  } else if (isNode(value)) {
    visitNode(value, node, childKey, visit);
  }
}

function isNode(value: unknown): value is AnyNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** 1-based line and column of a node's start; `code` is needed when parsed without locations. */
export function startOf(node: Node, code?: string): { line: number; column: number } {
  if (node.loc || code === undefined) return { line: node.loc?.start.line ?? 1, column: (node.loc?.start.column ?? 0) + 1 };
  const before = code.slice(0, node.start);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: node.start - lineStart + 1 };
}

/** Names a binding pattern declares (`a`, `{ b, c: d }`, `[e, ...f]`, `g = 1`). */
export function patternNames(pattern: AnyNode | null | undefined): string[] {
  if (!pattern) return [];
  switch (pattern.type) {
    case 'Identifier':
      return [pattern.name as string];
    case 'ObjectPattern':
      return (pattern.properties as AnyNode[]).flatMap((p) => patternNames(p.type === 'RestElement' ? p.argument : p.value));
    case 'ArrayPattern':
      return (pattern.elements as Array<AnyNode | null>).flatMap((e) => patternNames(e));
    case 'RestElement':
      return patternNames(pattern.argument);
    case 'AssignmentPattern':
      return patternNames(pattern.left);
    default:
      return [];
  }
}

/** The name an export specifier or declaration gives (`export { a as b }` gives `b`). */
export function exportedName(node: AnyNode): string {
  return node.type === 'Identifier' ? (node.name as string) : String(node.value);
}

/** Whether an Identifier is read as a variable (not a property name, label or key). */
export function isReference(node: AnyNode, parent: AnyNode | undefined, key: string | undefined): boolean {
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

/**
 * 1-based line and column of offsets in `code`, from a table of line starts built on first
 * use: a script with many positions to report (references checked against the workspace)
 * would otherwise count lines again for each.
 */
export function offsetLocator(code: string): (offset: number) => { line: number; column: number } {
  let lineStarts: number[] | undefined;
  return (offset) => {
    if (!lineStarts) {
      lineStarts = [0];
      for (let at = code.indexOf('\n'); at !== -1; at = code.indexOf('\n', at + 1)) lineStarts.push(at + 1);
    }
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (lineStarts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - lineStarts[low]! + 1 };
  };
}
