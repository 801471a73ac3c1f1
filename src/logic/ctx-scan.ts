// What a script does with its handlers' ctx, gathered during lint's one walk over the tree
// and resolved after it (declarations are hoisted, so a name is known only at the end):
// which parameters hold a ctx, which members they use, and which literal arguments name a
// field, an action or an entity. ctx-uses.ts turns this into findings and references.
//
// Scopes are function scopes (a block's `let` counts for its whole function): a name declared
// anywhere in a function is taken to shadow an outer ctx there. That may miss a check, never
// invent one — a false "unknown member" would cost more trust than a missed one.
import { isReference, type AnyNode } from './ast.js';

/** A parameter, or a name destructured from one (`{ setValue }` binds member `setValue`). */
export interface ParamBinding {
  fn: FunctionInfo;
  /** The parameter's position; -1 for a name that can never be a ctx (nested in a pattern). */
  index: number;
  member?: string;
}

export interface FunctionInfo {
  node: AnyNode;
  /** The function this one is nested in: the scope chain, shared rather than copied per use. */
  parent: FunctionInfo | undefined;
  params: Map<string, ParamBinding>;
  /** Members destructured from a parameter in the parameter list itself. */
  patternMembers: Array<{ index: number; member: string; node: AnyNode }>;
  /** Names declared inside the function (var, let, const, function, class, catch). */
  locals: Set<string>;
}

/** `obj.name` (or `obj['name']`) where `obj` may be a parameter of a top-level function. */
export interface MemberUse {
  object: string;
  member: string;
  node: AnyNode;
  /** When the member is called: its first argument. */
  argument: AnyNode | undefined;
  /** The literals the member's value is compared with (`=== 'x'`, `case 'x':`, `['x', 'y'].includes(…)`). */
  comparedWith: AnyNode[];
  /** The innermost function around the use. */
  scope: FunctionInfo;
}

/** A call of a plain name: a helper, or a method destructured from ctx. */
export interface NameCall {
  callee: string;
  args: AnyNode[];
  /** The innermost function around the call (none at the top level). */
  scope: FunctionInfo | undefined;
  /** Whether the callee or an argument may be a top-level function's parameter, so that the call may involve a ctx. */
  mayHoldCtx: boolean;
}

export interface CtxScan {
  visit(node: AnyNode, parent: AnyNode | undefined, key: string | undefined): void;
  /** Top-level functions by name: the helpers a ctx can be passed to. */
  topFunctions: Map<string, AnyNode>;
  /** Every name the script declares, in any scope (so far, during the walk). */
  declared: Set<string>;
  /** The functions not nested in another, by node: handlers and helpers are among them. */
  topInfos: Map<AnyNode, FunctionInfo>;
  memberUses: MemberUse[];
  calls: NameCall[];
  /** Top-level function names read other than as the callee of a call: such a helper may get other arguments. */
  readNotCalled: Set<string>;
}

export function isFunctionNode(node: AnyNode): boolean {
  return node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression';
}

/** Functions a top-level name stands for: `function f` and `const f = (…) => …`. */
function topLevelFunctions(program: AnyNode): Map<string, AnyNode> {
  const found = new Map<string, AnyNode>();
  for (const item of program.body as AnyNode[]) {
    const statement = item.type === 'ExportNamedDeclaration' && item.declaration ? (item.declaration as AnyNode) : item;
    if (statement.type === 'FunctionDeclaration' && statement.id) found.set(statement.id.name as string, statement);
    if (statement.type === 'VariableDeclaration') {
      for (const d of statement.declarations as AnyNode[]) if (d.id.type === 'Identifier' && d.init && isFunctionNode(d.init)) found.set(d.id.name as string, d.init);
    }
  }
  return found;
}

/** The names a pattern declares, as bindings of parameter `index`; only plain and one-level object patterns bind ctx. */
function bindParam(fn: FunctionInfo, pattern: AnyNode, index: number): void {
  const target = pattern.type === 'AssignmentPattern' ? (pattern.left as AnyNode) : pattern;
  if (target.type === 'Identifier') {
    fn.params.set(target.name as string, { fn, index });
  } else if (target.type === 'ObjectPattern') {
    for (const property of target.properties as AnyNode[]) {
      if (property.type === 'RestElement') {
        if (property.argument.type === 'Identifier') fn.params.set(property.argument.name as string, { fn, index });
        continue;
      }
      const member = !property.computed && property.key.type === 'Identifier' ? (property.key.name as string) : undefined;
      const value = property.value.type === 'AssignmentPattern' ? (property.value.left as AnyNode) : (property.value as AnyNode);
      if (member !== undefined) fn.patternMembers.push({ index, member, node: property.key as AnyNode });
      if (value.type === 'Identifier') fn.params.set(value.name as string, member === undefined ? { fn, index: -1 } : { fn, index, member });
      else for (const name of namesIn(value)) fn.params.set(name, { fn, index: -1 });
    }
  } else {
    // An array or nested pattern: its names are parameters, but none of them is a ctx.
    for (const name of namesIn(target)) fn.params.set(name, { fn, index: -1 });
  }
}

function namesIn(pattern: AnyNode): string[] {
  switch (pattern.type) {
    case 'Identifier':
      return [pattern.name as string];
    case 'ObjectPattern':
      return (pattern.properties as AnyNode[]).flatMap((p) => namesIn(p.type === 'RestElement' ? p.argument : p.value));
    case 'ArrayPattern':
      return (pattern.elements as Array<AnyNode | null>).flatMap((e) => (e ? namesIn(e) : []));
    case 'RestElement':
      return namesIn(pattern.argument);
    case 'AssignmentPattern':
      return namesIn(pattern.left);
    default:
      return [];
  }
}

function functionInfo(node: AnyNode, parent: FunctionInfo | undefined): FunctionInfo {
  const fn: FunctionInfo = { node, parent, params: new Map(), patternMembers: [], locals: new Set() };
  (node.params as AnyNode[]).forEach((param, index) => bindParam(fn, param, index));
  return fn;
}

/** The literal text of a string or a template without substitutions; undefined otherwise. */
export function literalText(node: AnyNode | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && (node.expressions as AnyNode[]).length === 0) return (node.quasis as AnyNode[])[0]?.value?.cooked ?? undefined;
  return undefined;
}

function memberName(node: AnyNode): string | undefined {
  return node.computed ? literalText(node.property as AnyNode) : node.property.type === 'Identifier' ? (node.property.name as string) : undefined;
}

const equalityOperators = new Set(['===', '!==', '==', '!=']);

/** The string literals `node`'s value is compared with in its parent: the other side, the cases, the array. */
function comparedLiterals(node: AnyNode, parent: AnyNode | undefined, key: string | undefined): AnyNode[] {
  if (!parent) return [];
  if (parent.type === 'BinaryExpression' && equalityOperators.has(parent.operator as string)) {
    const other = (key === 'left' ? parent.right : parent.left) as AnyNode;
    return literalText(other) === undefined ? [] : [other];
  }
  if (parent.type === 'SwitchStatement' && key === 'discriminant') {
    return (parent.cases as AnyNode[]).flatMap((c) => (c.test && literalText(c.test as AnyNode) !== undefined ? [c.test as AnyNode] : []));
  }
  const callee = parent.type === 'CallExpression' && key === 'arguments' ? (parent.callee as AnyNode) : undefined;
  if (callee?.type === 'MemberExpression' && memberName(callee) === 'includes' && callee.object.type === 'ArrayExpression') {
    return (callee.object.elements as Array<AnyNode | null>).filter((e): e is AnyNode => e !== null && literalText(e) !== undefined);
  }
  return [];
}

export function createCtxScan(program: AnyNode): CtxScan {
  let scope: FunctionInfo | undefined;
  const topFunctions = topLevelFunctions(program);
  const scan: CtxScan = { visit, topFunctions, declared: new Set(), topInfos: new Map(), memberUses: [], calls: [], readNotCalled: new Set() };

  /**
   * Whether `name` here may be a parameter of a top-level function, the only ones that can
   * hold a ctx (handlers and helpers are top-level). A nested function's parameter of that
   * name shadows it, so `line.amount` in a callback is not even recorded.
   */
  function mayBeCtx(name: string): boolean {
    for (let fn = scope; fn; fn = fn.parent) {
      const binding = fn.params.get(name);
      if (binding) return fn.parent === undefined && binding.index >= 0;
    }
    return false;
  }

  function declare(name: string, isLocal: boolean): void {
    scan.declared.add(name);
    if (isLocal && scope) scope.locals.add(name);
  }

  function declareAll(names: string[]): void {
    for (const name of names) declare(name, true);
  }

  function visit(node: AnyNode, parent: AnyNode | undefined, key: string | undefined): void {
    // Nodes come in source order, parents first: a function ends before the next node outside it starts.
    while (scope && node.start >= scope.node.end) scope = scope.parent;
    switch (node.type) {
      case 'Identifier':
        if (topFunctions.has(node.name as string) && key !== 'id' && key !== 'params' && !(parent?.type === 'CallExpression' && key === 'callee') && isReference(node, parent, key))
          scan.readNotCalled.add(node.name as string);
        return;
      case 'MemberExpression':
        if (node.object.type === 'Identifier' && mayBeCtx(node.object.name as string)) recordMember(node, parent, key);
        return;
      case 'CallExpression':
        if (node.callee.type === 'Identifier') recordCall(node);
        return;
      case 'VariableDeclarator':
        declareAll(namesIn(node.id as AnyNode));
        return;
      case 'CatchClause':
        if (node.param) declareAll(namesIn(node.param as AnyNode));
        return;
      case 'ClassDeclaration':
      case 'ClassExpression':
        if (node.id) declare(node.id.name as string, node.type === 'ClassDeclaration');
        return;
      case 'ImportSpecifier':
      case 'ImportDefaultSpecifier':
      case 'ImportNamespaceSpecifier':
        declare(node.local.name as string, false);
        return;
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        // A declaration's name belongs to the enclosing scope; an expression's only to itself.
        if (node.id) declare(node.id.name as string, node.type === 'FunctionDeclaration');
        if (!scope) {
          scope = functionInfo(node, undefined);
          scan.topInfos.set(node, scope);
        } else {
          scope = functionInfo(node, scope);
        }
        for (const name of scope.params.keys()) scan.declared.add(name);
        return;
    }
  }

  function recordMember(node: AnyNode, parent: AnyNode | undefined, key: string | undefined): void {
    const member = memberName(node);
    if (member === undefined || !scope) return;
    const isCalled = parent?.type === 'CallExpression' && key === 'callee';
    scan.memberUses.push({
      object: node.object.name as string,
      member,
      node: node.property as AnyNode,
      argument: isCalled ? (parent.arguments as AnyNode[])[0] : undefined,
      comparedWith: comparedLiterals(node, parent, key),
      scope,
    });
  }

  function recordCall(node: AnyNode): void {
    const args = node.arguments as AnyNode[];
    const mayHoldCtx = mayBeCtx(node.callee.name as string) || args.some((a) => a.type === 'Identifier' && mayBeCtx(a.name as string));
    scan.calls.push({ callee: node.callee.name as string, args, scope, mayHoldCtx });
  }

  return scan;
}
