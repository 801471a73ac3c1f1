// The Node sandbox: each script gets a fresh `node:vm` context holding nothing but the
// language's own globals (no require, process, console, timers or fetch), with string
// evaluation switched off. `microtaskMode: 'afterEvaluate'` gives the context its own
// microtask queue, drained inside every run, so vm's `timeout` also ends an endless loop
// that runs after an `await`. vm isolates mistakes, not attackers (docs/decisions.md).
import * as vm from 'node:vm';
import type { HandlerName, ScriptPosition } from './api.js';
import type { PositionMapper } from './positions.js';
import { preludeSource, type SettledCall } from './prelude.js';
import {
  checkExports, defaultTimeLimitMs, loadProblem, outcomeOf, positionInStack, prepareScript, timeLimitProblem,
  type CallOutcome, type LoadResult, type LogicSandbox, type ScriptIdentity,
} from './runtime.js';

export interface NodeSandboxOptions {
  /** The script's path as messages show it (relative to the project). */
  file: string;
  /** Maps positions of `code` further back (the source map of a compiled logic.ts). */
  mapOriginal?: PositionMapper;
  /** Time limit for the script's top-level code. */
  timeLimitMs?: number;
}

const invokeScript = new vm.Script('__mwkit_invoke(__mwkit_call)', { filename: 'mwkit:invoke' });
const pumpScript = new vm.Script('undefined', { filename: 'mwkit:pump' });
const preludeScript = new vm.Script(preludeSource, { filename: 'mwkit:prelude' });

/**
 * vm's own timeout is the backstop for what the loop guard cannot see (a runaway regular
 * expression, say); it fires well after the limit so the guard, which names the loop's line,
 * wins the race even on a loaded machine that deschedules the script at the wrong moment.
 */
const backstopMarginMs = 500;

function isTimeout(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
}

/** Lets host promises (an asynchronous data source) settle before the next drain. */
function hostTick(waitedMs: number): Promise<void> {
  if (waitedMs === 0) return new Promise((resolve) => setImmediate(resolve));
  return new Promise((resolve) => setTimeout(resolve, Math.min(20, waitedMs)));
}

/** V8 reports a syntax error of a compiled script as `name:line` on the first line of its stack. */
function syntaxErrorPosition(error: unknown, scriptName: string, mapPosition: PositionMapper, file: string): ScriptPosition | undefined {
  const stack = (error as { stack?: unknown } | null)?.stack;
  if (typeof stack !== 'string' || !stack.startsWith(`${scriptName}:`)) return undefined;
  const line = Number(/^[^\n]*:(\d+)\n/.exec(stack)?.[1] ?? 1);
  return { file, ...mapPosition({ line, column: 1 }) };
}

export function loadLogicInNode(code: string, options: NodeSandboxOptions): LoadResult {
  const { file } = options;
  const { prepared, problems } = prepareScript(code, file, options.mapOriginal);
  if (!prepared) return { problems };
  const scriptName = file;
  const context = vm.createContext({}, {
    name: `mwkit logic ${file}`,
    codeGeneration: { strings: false, wasm: false },
    microtaskMode: 'afterEvaluate',
  });
  preludeScript.runInContext(context);
  const identity = { file, scriptName, mapPosition: prepared.mapPosition, mapOriginal: prepared.mapOriginal };
  try {
    new vm.Script(prepared.runnable.code, { filename: scriptName }).runInContext(context, { timeout: options.timeLimitMs ?? defaultTimeLimitMs });
  } catch (error) {
    if (isTimeout(error)) {
      return { problems: [{ code: 'MW232', message: `${file} did not finish loading within ${options.timeLimitMs ?? defaultTimeLimitMs} ms.`, position: { file, line: 1, column: 1 }, hint: 'Top-level code runs when the workspace opens; keep it to declarations.' }] };
    }
    const position = syntaxErrorPosition(error, scriptName, prepared.mapPosition, file);
    const problem = loadProblem(error, identity);
    return { problems: [position ? { ...problem, position } : problem] };
  }
  const exported = vm.runInContext('__mwkit_exports()', context) as Array<[string, string]>;
  const checked = checkExports(Array.from(exported, ([name, type]) => [name, type]), prepared.runnable.exports, file, prepared.mapOriginal);
  if (checked.problems.length > 0) return { problems: checked.problems };
  const fullIdentity: ScriptIdentity = { ...identity, declarations: checked.declarations };
  const realmResolve = vm.runInContext('(function (value) { return Promise.resolve(value); })', context) as <T>(value: T) => Promise<T>;
  return {
    problems: [],
    sandbox: {
      file,
      handlers: checked.handlers,
      declarations: checked.declarations,
      invoke: (handler, ctx, timeLimitMs) => invokeInContext(context, fullIdentity, handler, ctx, timeLimitMs),
      resolved: realmResolve,
      callSite() {
        const limit = Error.stackTraceLimit;
        Error.stackTraceLimit = 50;
        try {
          return positionInStack(new Error().stack, fullIdentity);
        } finally {
          Error.stackTraceLimit = limit;
        }
      },
    } satisfies LogicSandbox,
  };
}

async function invokeInContext(context: vm.Context, identity: ScriptIdentity, handler: HandlerName, ctx: object, timeLimitMs: number): Promise<CallOutcome> {
  let settled: SettledCall | undefined;
  const started = Date.now();
  context.__mwkit_call = { name: handler, ctx, timeLimitMs, settle: (outcome: SettledCall) => { settled ??= outcome; } };
  try {
    invokeScript.runInContext(context, { timeout: timeLimitMs + backstopMarginMs });
    // An async handler that awaits a host promise settles later: let the host run, then drain again.
    for (let waited = 0; settled === undefined; ) {
      const remaining = timeLimitMs - (Date.now() - started);
      if (remaining <= 0) return { ok: false, problem: timeLimitProblem(handler, timeLimitMs, identity) };
      await hostTick(waited);
      waited = Date.now() - started;
      pumpScript.runInContext(context, { timeout: remaining + backstopMarginMs });
    }
  } catch (error) {
    if (isTimeout(error)) return { ok: false, problem: timeLimitProblem(handler, timeLimitMs, identity) };
    throw error;
  } finally {
    context.__mwkit_call = undefined;
  }
  return outcomeOf(handler, settled, timeLimitMs, identity);
}
