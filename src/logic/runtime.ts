// The environment-agnostic core of the logic runtime: what a sandbox must offer, how a
// script is prepared for one, and how a handler call is bounded in time and turned into
// either a value or a problem naming the handler and the script line. Sandboxes: QuickJS
// (quickjs/sandbox.ts), used by mwkit test and by the app's logic Worker alike.
import { handlerNames, isHandlerName, type HandlerName, type ScriptPosition } from './api.js';
import { parseScript } from './ast.js';
import { calleeMapper } from './call-positions.js';
import { firstScriptFrame, insertionMapper, type LinePosition, type PositionMapper } from './positions.js';
import { toRunnableScript, type ExportedBinding, type RunnableScript } from './transform.js';
import { didYouMean } from '../text/suggest.js';
import type { ChannelUsage } from './caps.js';
import type { Code } from '../validate/codes.js';

export const defaultTimeLimitMs = 1000;

/** How a handler call ended, as the realm reported it (decoded into host data). */
export interface SettledCall {
  threw: boolean;
  value?: unknown;
  error?: unknown;
  /** Line of the loop the guard ended, 0 if none. */
  loopLine: number;
}

export interface LogicProblem {
  code: Code;
  message: string;
  hint?: string;
  /** The handler being called, if the problem happened in a call. */
  handler?: HandlerName;
  position?: ScriptPosition;
}

export type CallOutcome = { ok: true; value: unknown; isMissing?: boolean } | { ok: false; problem: LogicProblem };

/** A loaded logic script, ready to have its handlers called. */
export interface LogicSandbox {
  /** The script's path as messages show it (relative to the project). */
  readonly file: string;
  /** The handlers the script exports. */
  readonly handlers: ReadonlySet<HandlerName>;
  /** Where each handler is declared (for problems that have no better line). */
  readonly declarations: ReadonlyMap<HandlerName, ScriptPosition>;
  /** Calls a handler with a time limit; `usage` is its case's share of the channel caps. Never rejects. */
  invoke(handler: HandlerName, ctx: object, timeLimitMs: number, usage?: ChannelUsage): Promise<CallOutcome>;
  /** A settled promise the script can await without leaving its sandbox. */
  resolved<T>(value: T): Promise<T>;
  /** The script line that called into the host right now (for "set at logic.js:12"). */
  callSite(): ScriptPosition | undefined;
  /** Frees the script's engine (its heap); the sandbox cannot be used afterwards. */
  dispose?(): void;
}

export interface LoadResult {
  sandbox?: LogicSandbox;
  problems: LogicProblem[];
}

/** A script ready for a sandbox: its runnable code and how to map positions back. */
export interface PreparedScript {
  runnable: RunnableScript;
  /** Positions in the runnable script (stack traces) to the author's source. */
  mapPosition: PositionMapper;
  /** Positions in the module as parsed (before the transform) to the author's source. */
  mapOriginal: PositionMapper;
}

/**
 * Parses and transforms a logic module. `mapOriginal` maps positions of `code` further back,
 * e.g. through the source map of a compiled logic.ts.
 */
export function prepareScript(code: string, file: string, mapOriginal?: PositionMapper): { prepared?: PreparedScript; problems: LogicProblem[] } {
  const toOriginal: PositionMapper = mapOriginal ?? (({ line, column }: LinePosition) => ({ line, column }));
  const { script, failure } = parseScript(code);
  if (!script) {
    const at = toOriginal(failure!);
    return { problems: [{ code: 'MW210', message: `${file} does not parse: ${failure!.message}.`, position: { file, ...at } }] };
  }
  const { runnable, problems } = toRunnableScript(code, script);
  if (!runnable) {
    return { problems: problems.map((p) => ({ code: p.code, message: p.message, hint: p.hint, position: { file, ...toOriginal(p) } })) };
  }
  return { prepared: { runnable, mapPosition: insertionMapper(runnable.insertions, calleeMapper(script, toOriginal)), mapOriginal: toOriginal }, problems: [] };
}

/** Checks the exports the script registered: handler names only (MW220), each a function (MW232). */
export function checkExports(
  exported: ReadonlyArray<[string, string]>,
  bindings: readonly ExportedBinding[],
  file: string,
  mapOriginal: PositionMapper,
): { handlers: Set<HandlerName>; declarations: Map<HandlerName, ScriptPosition>; problems: LogicProblem[] } {
  const handlers = new Set<HandlerName>();
  const declarations = new Map<HandlerName, ScriptPosition>();
  const problems: LogicProblem[] = [];
  for (const [name, type] of exported) {
    const binding = bindings.find((b) => b.name === name);
    const position = binding ? { file, ...mapOriginal(binding) } : undefined;
    if (!isHandlerName(name)) {
      // validate and pack refuse such a script too: a misspelt handler would silently never run
      problems.push({ code: 'MW220', message: `\`${name}\` is not a business-logic handler, so the app never calls it.`, hint: didYouMean(name, handlerNames, 'handlers'), position });
      continue;
    }
    if (type !== 'function') {
      problems.push({ code: 'MW232', message: `The export \`${name}\` is a ${type}, not a function.`, hint: `Declare it as \`export function ${name}(ctx) { … }\`.`, position });
      continue;
    }
    handlers.add(name);
    if (position) declarations.set(name, position);
  }
  return { handlers, declarations, problems };
}

function errorText(error: unknown): string {
  if (error !== null && typeof error === 'object' && 'message' in error) {
    const name = 'name' in error && typeof error.name === 'string' ? error.name : 'Error';
    return `${name}: ${String(error.message)}`;
  }
  return `${typeof error === 'string' ? JSON.stringify(error) : String(error)} (a thrown value that is not an Error)`;
}

export function stackOf(error: unknown): string | undefined {
  return error !== null && typeof error === 'object' && 'stack' in error && typeof error.stack === 'string' ? error.stack : undefined;
}

export interface ScriptIdentity {
  file: string;
  /** The name the sandbox compiled the script under (appears in stack traces). */
  scriptName: string;
  /** Positions in the runnable script to the author's source. */
  mapPosition: PositionMapper;
  /** Positions in the module as parsed (loop lines) to the author's source. */
  mapOriginal: PositionMapper;
  declarations: ReadonlyMap<HandlerName, ScriptPosition>;
}

/** Where in the script a stack points, mapped to the author's source. */
export function positionInStack(stack: string | undefined, identity: ScriptIdentity): ScriptPosition | undefined {
  const frame = firstScriptFrame(stack, identity.scriptName);
  return frame ? { file: identity.file, ...identity.mapPosition(frame) } : undefined;
}

export function timeLimitProblem(handler: HandlerName, timeLimitMs: number, identity: ScriptIdentity, loopLine?: number): LogicProblem {
  if (loopLine) {
    const at = identity.mapOriginal({ line: loopLine, column: 1 });
    return {
      code: 'MW231',
      handler,
      position: { file: identity.file, line: at.line, column: 1 },
      message: `${handler} did not finish within ${timeLimitMs} ms: the loop at line ${at.line} never ended.`,
      hint: "Check the loop's condition; handlers must finish quickly (the app waits for them).",
    };
  }
  return {
    code: 'MW231',
    handler,
    position: identity.declarations.get(handler),
    message: `${handler} did not finish within ${timeLimitMs} ms.`,
    hint: 'Look for an endless loop, or a promise the handler awaits that never settles.',
  };
}

/** Turns how a call settled into an outcome. */
export function outcomeOf(handler: HandlerName, settled: SettledCall, timeLimitMs: number, identity: ScriptIdentity): CallOutcome {
  if (settled.loopLine) return { ok: false, problem: timeLimitProblem(handler, timeLimitMs, identity, settled.loopLine) };
  if (!settled.threw) return { ok: true, value: settled.value };
  const position = positionInStack(stackOf(settled.error), identity) ?? identity.declarations.get(handler);
  return {
    ok: false,
    problem: { code: 'MW230', handler, position, message: `${handler} threw ${errorText(settled.error)}` },
  };
}

/** A problem of a script's top-level code (it runs once, when the script loads). */
export function loadProblem(error: unknown, identity: Omit<ScriptIdentity, 'declarations'>): LogicProblem {
  const position = positionInStack(stackOf(error), { ...identity, declarations: new Map() }) ?? { file: identity.file, line: 1, column: 1 };
  return { code: 'MW232', position, message: `${identity.file} threw while loading: ${errorText(error)}`, hint: 'Top-level code runs once when the workspace opens; keep it to declarations.' };
}

/**
 * Calls a handler if the script exports it (a missing handler is fine: the app just goes on),
 * racing the call against the time limit for sandboxes whose own limit cannot see every wait.
 */
export async function callHandler(sandbox: LogicSandbox, handler: HandlerName, ctx: object, timeLimitMs = defaultTimeLimitMs, usage?: ChannelUsage): Promise<CallOutcome> {
  if (!sandbox.handlers.has(handler)) return { ok: true, value: undefined, isMissing: true };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<CallOutcome>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          ok: false,
          problem: {
            code: 'MW231',
            handler,
            position: sandbox.declarations.get(handler),
            message: `${handler} did not finish within ${timeLimitMs} ms.`,
            hint: 'Look for a promise the handler awaits that never settles.',
          },
        }),
      timeLimitMs + 50,
    );
  });
  try {
    return await Promise.race([sandbox.invoke(handler, ctx, timeLimitMs, usage), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
