// Parsing a logic script and walking its syntax tree (ESTree, from acorn). Pure: runs in the
// browser app as well as in Node.
import { parse, type Node, type Options, type Token } from 'acorn';

export type { Node, Token } from 'acorn';

export const parseOptions: Options = { ecmaVersion: 'latest', sourceType: 'module', locations: true };

export interface ParsedScript {
  program: Node;
  tokens: Token[];
}

export interface ParseFailure {
  message: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

/** Parses `code` as an ES module; a failure names the position as 1-based line and column. */
export function parseScript(code: string): { script?: ParsedScript; failure?: ParseFailure } {
  const tokens: Token[] = [];
  try {
    const program = parse(code, { ...parseOptions, onToken: tokens });
    return { script: { program, tokens } };
  } catch (error) {
    const { message, loc } = error as SyntaxError & { loc?: { line: number; column: number } };
    return { failure: { message: message.replace(/ \(\d+:\d+\)$/, ''), line: loc?.line ?? 1, column: (loc?.column ?? 0) + 1 } };
  }
}

/** A node with its parent and the key it sits under, for visitors that need context. */
export interface Visit {
  node: AnyNode;
  parent?: AnyNode;
  key?: string;
}

/** An ESTree node read loosely: visitors check `type` and then read the fields they expect. */
// `any`: ESTree has dozens of node shapes; visitors check `type` before reading a field.
export type AnyNode = Node & Record<string, any>;

function isNode(value: unknown): value is AnyNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** Calls `visit` for every node, depth first, parents before children. */
export function walk(root: Node, visit: (visit: Visit) => void): void {
  const stack: Visit[] = [{ node: root as AnyNode }];
  while (stack.length > 0) {
    const current = stack.pop()!;
    visit(current);
    const children: Visit[] = [];
    for (const [key, value] of Object.entries(current.node)) {
      if (key === 'loc') continue;
      if (Array.isArray(value)) {
        for (const item of value) if (isNode(item)) children.push({ node: item, parent: current.node, key });
      } else if (isNode(value)) {
        children.push({ node: value, parent: current.node, key });
      }
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
}

/** 1-based line and column of a node's start. */
export function startOf(node: Node): { line: number; column: number } {
  return { line: node.loc?.start.line ?? 1, column: (node.loc?.start.column ?? 0) + 1 };
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
