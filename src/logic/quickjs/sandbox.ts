// The logic sandbox: each script runs in its own QuickJS runtime compiled to WebAssembly,
// so no object of the host (Node or the app's Worker) exists in the script's world at all.
// One host function is the only door: requests and answers cross it as JSON text, ctx is
// rebuilt in the realm from plain data, and every verdict is the host's. Each runtime has a
// memory cap, a stack cap and an interrupt handler; the host caps what it accepts in return.
import type { QuickJSWASMModule } from 'quickjs-emscripten-core';
import type { HandlerName } from '../api.js';
import type { ChannelUsage } from '../caps.js';
import type { PositionMapper } from '../positions.js';
import {
  checkExports,
  defaultTimeLimitMs,
  loadProblem,
  outcomeOf,
  positionInStack,
  prepareScript,
  stackOf,
  timeLimitProblem,
  type CallOutcome,
  type LoadResult,
  type LogicProblem,
  type LogicSandbox,
  type PreparedScript,
  type ScriptIdentity,
} from '../runtime.js';
import type { Ending } from './bridge.js';
import { backstopMarginMs, defaultMemoryLimitBytes, Realm, type Failure } from './engine-realm.js';
import { memoryLimitProblem, stoppedAtProblem, unsettledProblem } from './problems.js';

export interface QuickJSSandboxOptions {
  /** The script's path as messages show it (relative to the project). */
  file: string;
  /** Maps positions of `code` further back (the source map of a compiled logic.ts). */
  mapOriginal?: PositionMapper;
  /** Time limit for the script's top-level code. */
  timeLimitMs?: number;
  /** Memory the script's runtime may use, in bytes. */
  memoryLimitBytes?: number;
  /**
   * Called (once) as soon as the engine may be unusable (a runtime ran out of memory, a
   * WebAssembly trap): use a new one. The app's Worker ends itself then; mwkit test retires it.
   */
  onEngineBroken?: (engine: QuickJSWASMModule) => void;
}

export function loadLogicInQuickJS(engine: QuickJSWASMModule, code: string, options: QuickJSSandboxOptions): LoadResult {
  return quickJSLoader(code, options)(engine);
}

/**
 * Parses and transforms the script once; each call of the loader gives a fresh runtime with the
 * script loaded in it (mwkit test loads it once per case, so no case sees another's leftovers).
 */
export function quickJSLoader(code: string, options: QuickJSSandboxOptions): (engine: QuickJSWASMModule, clock?: { now: string }) => LoadResult {
  const { prepared, problems } = prepareScript(code, options.file, options.mapOriginal);
  if (!prepared) return () => ({ problems });
  return (engine, clock) => loadPrepared(engine, prepared, options, clock?.now);
}

/** `now`: where the script's clock starts, top-level code included (mwkit test: the case's); else the host's. */
function loadPrepared(engine: QuickJSWASMModule, prepared: PreparedScript, options: QuickJSSandboxOptions, now?: string): LoadResult {
  const { file } = options;
  const memoryLimitBytes = options.memoryLimitBytes ?? defaultMemoryLimitBytes;
  const realm = new Realm(engine, memoryLimitBytes, now, options.onEngineBroken);
  const identity = { file, scriptName: file, mapPosition: prepared.mapPosition, mapOriginal: prepared.mapOriginal };
  const loadLimitMs = options.timeLimitMs ?? defaultTimeLimitMs;
  const failed = realm.evaluate(prepared.runnable.code, file, Date.now() + loadLimitMs);
  if (failed) {
    realm.dispose();
    if (failed.kind === 'interrupted') {
      return {
        problems: [
          {
            code: 'MW232',
            message: `${file} did not finish loading within ${loadLimitMs} ms.`,
            position: { file, line: 1, column: 1 },
            hint: 'Top-level code runs when the workspace opens; keep it to declarations.',
          },
        ],
      };
    }
    if (failed.kind === 'memory') return { problems: [memoryLimitProblem(file, memoryLimitBytes)] };
    return { problems: [loadProblem(failed.error, identity)] };
  }
  const { exported, isOutOfMemory } = realm.exports();
  if (isOutOfMemory) {
    // The top-level code caught the engine's "out of memory" and went on: it still hit the cap.
    realm.memoryFailure();
    return { problems: [memoryLimitProblem(file, memoryLimitBytes)] };
  }
  const checked = checkExports(exported, prepared.runnable.exports, file, prepared.mapOriginal);
  if (checked.problems.length > 0) {
    realm.dispose();
    return { problems: checked.problems };
  }
  const fullIdentity: ScriptIdentity = { ...identity, declarations: checked.declarations };
  const calls: RealmCalls = { realm, identity: fullIdentity, memoryLimitBytes };
  return {
    problems: [],
    sandbox: {
      file,
      handlers: checked.handlers,
      declarations: checked.declarations,
      invoke: (handler, ctx, timeLimitMs, usage) => invokeInRealm(calls, handler, ctx, timeLimitMs, usage),
      resolved: (value) => Promise.resolve(value),
      callSite: () => realm.bridge.callSite(fullIdentity),
      dispose: () => realm.dispose(),
    } satisfies LogicSandbox,
  };
}

interface RealmCalls {
  realm: Realm;
  identity: ScriptIdentity;
  memoryLimitBytes: number;
}

function endingProblem(calls: RealmCalls, handler: HandlerName, timeLimitMs: number, ending: Ending | undefined, failure: Failure | undefined): LogicProblem {
  const { identity } = calls;
  if (ending) {
    const position = positionInStack(ending.stack, identity) ?? identity.declarations.get(handler);
    return { code: ending.code, handler, message: ending.message, hint: ending.hint, ...(position ? { position } : {}) };
  }
  if (failure?.kind === 'memory') return memoryLimitProblem(identity.file, calls.memoryLimitBytes, handler, identity.declarations.get(handler));
  if (failure?.kind === 'unsettled') return unsettledProblem(handler, timeLimitMs, identity);
  if (failure?.kind === 'interrupted') {
    const position = positionInStack(stackOf(failure.error), identity);
    if (position) return stoppedAtProblem(handler, timeLimitMs, position);
  }
  return timeLimitProblem(handler, timeLimitMs, identity);
}

/**
 * A promise chain that keeps making more work is cut off by the engine after the time limit,
 * and its promise then rejects with a bare null: that is no settled value, not a throw.
 */
function isUnsettledChain(settled: { threw: boolean; error?: unknown }, deadline: number): boolean {
  const error = settled.error as { value?: unknown } | undefined;
  return settled.threw && Date.now() > deadline && error !== undefined && 'value' in error && error.value === null;
}

/** Calls the handler, then lets its promises run (delivering host answers) until it settles or time runs out. */
async function invokeInRealm(calls: RealmCalls, handler: HandlerName, ctx: object, timeLimitMs: number, usage?: ChannelUsage): Promise<CallOutcome> {
  const { realm } = calls;
  const { bridge } = realm;
  const deadline = Date.now() + timeLimitMs;
  const hardDeadline = deadline + backstopMarginMs;
  const call = bridge.begin(ctx, handler, usage);
  try {
    let failure = realm.call(realm.api.invoke, [bridge.callRequest(handler, timeLimitMs, ctx)], hardDeadline);
    while (!failure && !call.settled && !bridge.ending) {
      failure = realm.drainJobs(hardDeadline);
      if (failure || call.settled || bridge.ending) break;
      const delivery = call.nextDelivery();
      if (delivery) {
        failure = realm.call(realm.api.deliver, delivery, hardDeadline);
        continue;
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) break;
      if (!realm.runtime.hasPendingJob()) await call.wake(remaining);
    }
    if (call.settled && !bridge.ending && isUnsettledChain(call.settled, deadline)) {
      // QuickJS cannot free a runtime whose job chain it cut off (it aborts on a leftover object).
      realm.markBroken();
      return { ok: false, problem: unsettledProblem(handler, timeLimitMs, calls.identity) };
    }
    if (call.settled && !bridge.ending) {
      const outcome = bridge.outcome(handler, call.settled, timeLimitMs, calls.identity);
      // A script that caught "out of memory" has still hit the cap: report the cap.
      if (call.settled.isOutOfMemory || (!outcome.ok && / out of memory$/.test(outcome.problem.message))) {
        realm.memoryFailure();
        return { ok: false, problem: memoryLimitProblem(calls.identity.file, calls.memoryLimitBytes, handler, outcome.ok ? calls.identity.declarations.get(handler) : outcome.problem.position) };
      }
      return outcome;
    }
    // The prelude itself threw (the script broke something it relies on): the handler's throw.
    if (failure?.kind === 'error' && !bridge.ending) return outcomeOf(handler, { threw: true, error: failure.error, loopLine: 0 }, timeLimitMs, calls.identity);
    return { ok: false, problem: endingProblem(calls, handler, timeLimitMs, bridge.ending, failure) };
  } catch (error) {
    // The engine itself failed (a WebAssembly trap): nothing of it can be trusted any more.
    realm.markBroken();
    return {
      ok: false,
      problem: {
        code: 'MW230',
        handler,
        message: `${handler} stopped the logic engine: ${error instanceof Error ? error.message : String(error)}`,
        ...(calls.identity.declarations.get(handler) ? { position: calls.identity.declarations.get(handler)! } : {}),
      },
    };
  } finally {
    bridge.end();
  }
}
