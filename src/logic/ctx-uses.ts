// From what ctx-scan.ts gathered to what validate reports: a ctx member the handler's ctx does
// not have (MW223, here, from the script alone), and each literal field name, action id or
// entity passed to ctx (a reference, checked against the workspace by references.ts, because
// a worker thread that sees only the script produces these).
//
// A ctx is the first parameter of an exported handler, or a parameter of a top-level helper
// function that every call passes a ctx to (`needsReceipt(ctx, …)`), through any number of
// helpers. A helper also read as a value (`list.map(helper)`) may get anything, so it is not
// checked; neither are aliases (`const c = ctx`) or members destructured in a body.
import type { HandlerName } from './api.js';
import { isHandlerName } from './api.js';
import type { AnyNode } from './ast.js';
import { ctxMember, ctxMemberNames, type ArgumentRole } from './ctx-api.js';
import { isFunctionNode, literalText, type CtxScan, type FunctionInfo, type ParamBinding } from './ctx-scan.js';
import { didYouMean } from '../text/suggest.js';

/** What a literal compared with a ctx value must be: `ctx.actionId === 'x'` needs an action `x`. */
export type ComparedRole = 'compared-action' | 'compared-page' | 'compared-field';

const comparedMembers: Readonly<Record<string, ComparedRole>> = { actionId: 'compared-action', pageId: 'compared-page', field: 'compared-field' };

/** A literal name passed to ctx, or compared with one of its ids, where the workspace must define it. */
export interface LogicReference {
  role: ArgumentRole | ComparedRole;
  name: string;
  /** The handlers whose ctx the call can be made on. */
  handlers: HandlerName[];
  line: number;
  column: number;
}

export interface CtxProblem {
  code: 'MW223';
  message: string;
  hint?: string;
  line: number;
  column: number;
}

type Locate = (offset: number) => { line: number; column: number };

/** Handler names per function node: `export function onX`, `export const onX = …`, `export { f as onX }`. */
function handlerFunctions(program: AnyNode, topFunctions: Map<string, AnyNode>): Map<AnyNode, HandlerName> {
  const handlers = new Map<AnyNode, HandlerName>();
  for (const statement of program.body as AnyNode[]) {
    if (statement.type !== 'ExportNamedDeclaration' || statement.source) continue;
    const declaration = statement.declaration as AnyNode | null;
    if (declaration?.type === 'FunctionDeclaration' && isHandlerName(declaration.id.name as string)) handlers.set(declaration, declaration.id.name as HandlerName);
    if (declaration?.type === 'VariableDeclaration') {
      for (const d of declaration.declarations as AnyNode[]) {
        if (d.id.type === 'Identifier' && isHandlerName(d.id.name as string) && d.init && isFunctionNode(d.init)) handlers.set(d.init, d.id.name as HandlerName);
      }
    }
    for (const specifier of (statement.specifiers ?? []) as AnyNode[]) {
      const exported = specifier.exported.type === 'Identifier' ? (specifier.exported.name as string) : String(specifier.exported.value);
      const local = topFunctions.get(specifier.local.name as string);
      if (local && isHandlerName(exported)) handlers.set(local, exported);
    }
  }
  return handlers;
}

/** The parameter `name` stands for inside `scope`; undefined when a local or nothing. */
function resolveParam(name: string, scope: FunctionInfo | undefined): ParamBinding | undefined {
  for (let fn = scope; fn; fn = fn.parent) {
    if (fn.locals.has(name)) return undefined;
    const binding = fn.params.get(name);
    if (binding) return binding.index >= 0 ? binding : undefined;
  }
  return undefined;
}

function isShadowed(name: string, scope: FunctionInfo | undefined): boolean {
  for (let fn = scope; fn; fn = fn.parent) if (fn.locals.has(name) || fn.params.has(name)) return true;
  return false;
}

interface HelperCall {
  args: AnyNode[];
  scope: FunctionInfo | undefined;
  mayHoldCtx: boolean;
}

/** Handlers whose ctx each function's parameters hold: fn → parameter index → handlers. */
type CtxParams = Map<FunctionInfo, Map<number, Set<HandlerName>>>;

function ctxHandlers(ctxParams: CtxParams, binding: ParamBinding | undefined): Set<HandlerName> | undefined {
  return binding ? ctxParams.get(binding.fn)?.get(binding.index) : undefined;
}

/** Which parameters hold a ctx: handlers' first ones, then helpers' that every call passes one to. */
function findCtxParams(scan: CtxScan, program: AnyNode): CtxParams {
  const topFunctions = scan.topFunctions;
  const infoOf = scan.topInfos;
  const ctxParams: CtxParams = new Map();
  for (const [node, handler] of handlerFunctions(program, topFunctions)) {
    const fn = infoOf.get(node);
    if (fn && (node.params as AnyNode[]).length > 0) ctxParams.set(fn, new Map([[0, new Set([handler])]]));
  }
  const handlerFns = new Set(ctxParams.keys());
  const callsOf = new Map<FunctionInfo, HelperCall[]>();
  for (const call of scan.calls) {
    if (isShadowed(call.callee, call.scope)) continue;
    const node = topFunctions.get(call.callee);
    const fn = node ? infoOf.get(node) : undefined;
    // A helper read as a value (`list.map(helper)`) may be called with anything.
    if (!fn || handlerFns.has(fn) || scan.readNotCalled.has(call.callee)) continue;
    const calls = callsOf.get(fn);
    if (calls) calls.push(call);
    else callsOf.set(fn, [call]);
  }
  // Each round may find a helper whose callers are all known now; a chain of n helpers takes n rounds.
  for (let isChanged = true; isChanged; ) {
    isChanged = false;
    for (const [fn, calls] of callsOf) {
      for (let index = 0; index < (fn.node.params as AnyNode[]).length; index++) {
        if (ctxParams.get(fn)?.has(index)) continue;
        const handlers = handlersPassed(calls, index, ctxParams);
        if (!handlers) continue;
        if (!ctxParams.has(fn)) ctxParams.set(fn, new Map());
        ctxParams.get(fn)!.set(index, handlers);
        isChanged = true;
      }
    }
  }
  return ctxParams;
}

/** The handlers whose ctx every call passes as argument `index`; undefined if one call passes something else. */
function handlersPassed(calls: HelperCall[], index: number, ctxParams: CtxParams): Set<HandlerName> | undefined {
  const handlers = new Set<HandlerName>();
  for (const { args, scope, mayHoldCtx } of calls) {
    const arg = args[index];
    if (!mayHoldCtx || arg?.type !== 'Identifier') return undefined;
    const binding = resolveParam(arg.name as string, scope);
    if (binding?.member !== undefined) return undefined;
    const passed = ctxHandlers(ctxParams, binding);
    if (!passed) return undefined;
    for (const handler of passed) handlers.add(handler);
  }
  return handlers.size > 0 ? handlers : undefined;
}

/** MW223 for each member no ctx of `handlers` has, and a reference for each literal name argument. */
export function ctxUses(scan: CtxScan, program: AnyNode, locate: Locate): { problems: CtxProblem[]; references: LogicReference[] } {
  const ctxParams = findCtxParams(scan, program);
  const problems: CtxProblem[] = [];
  const references: LogicReference[] = [];
  const use = (handlers: Set<HandlerName>, object: string, member: string, at: AnyNode, argument: AnyNode | undefined) => {
    const found = ctxMember(handlers, member);
    if (!found) {
      if (member in Object.prototype) return; // ctx is a plain object: hasOwnProperty, toString …
      problems.push(unknownMember(handlers, object, member, locate(at.start)));
      return;
    }
    const name = literalText(argument);
    if (found.argument && name !== undefined && argument) references.push({ role: found.argument, name, handlers: [...handlers], ...locate(argument.start) });
  };
  const compared = (handlers: Set<HandlerName>, member: string, literals: readonly AnyNode[]) => {
    const role = Object.hasOwn(comparedMembers, member) ? comparedMembers[member] : undefined;
    if (!role || !ctxMember(handlers, member)) return;
    for (const literal of literals) references.push({ role, name: literalText(literal)!, handlers: [...handlers], ...locate(literal.start) });
  };
  for (const { object, member, node, argument, comparedWith, scope } of scan.memberUses) {
    const binding = resolveParam(object, scope);
    const handlers = binding?.member === undefined ? ctxHandlers(ctxParams, binding) : undefined;
    if (!handlers) continue;
    use(handlers, object, member, node, argument);
    compared(handlers, member, comparedWith);
  }
  for (const [fn, byIndex] of ctxParams) {
    for (const { index, member, node } of fn.patternMembers) {
      const handlers = byIndex.get(index);
      if (handlers) use(handlers, '', member, node, undefined);
    }
  }
  for (const call of scan.calls) {
    const binding = call.mayHoldCtx ? resolveParam(call.callee, call.scope) : undefined;
    const handlers = binding?.member !== undefined ? ctxHandlers(ctxParams, binding) : undefined;
    const found = handlers ? ctxMember(handlers, binding!.member!) : undefined;
    const name = literalText(call.args[0]);
    if (handlers && found?.argument && name !== undefined) references.push({ role: found.argument, name, handlers: [...handlers], ...locate(call.args[0]!.start) });
  }
  return { problems, references };
}

function unknownMember(handlers: Set<HandlerName>, object: string, member: string, at: { line: number; column: number }): CtxProblem {
  const names = ctxMemberNames(handlers);
  const of = [...handlers].join(' or ');
  const shown = object ? `\`${object}.${member}\`` : `\`${member}\` (destructured from ctx)`;
  return {
    code: 'MW223',
    ...at,
    message: `${shown} is not part of the ctx of ${of}, so it is undefined when the handler runs.`,
    hint: didYouMean(member, names, 'members') ?? `The ctx of ${of} has: ${names.join(', ')}.`,
  };
}
