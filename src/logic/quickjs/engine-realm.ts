// One script's QuickJS runtime as the host holds it: the runtime and context with their memory,
// stack and interrupt caps, the prelude's handles, the host's door (the bridge), and how a call
// into it failed. The loading and the call loop over it are sandbox.ts's.
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime, QuickJSWASMModule } from 'quickjs-emscripten-core';
import { HostBridge } from './bridge.js';
import { realmMain, type RealmApi } from './realm.js';
import { wireCodec } from './wire.js';

export const defaultMemoryLimitBytes = 64 * 1024 * 1024;
/** Deep enough for any sane recursion, shallow enough that QuickJS stops before the host's stack. */
const maxStackBytes = 256 * 1024;
/** The interrupt handler is the backstop for what the loop guard cannot see (a runaway regular expression, say). */
export const backstopMarginMs = 500;
/** Jobs run between two looks at how many ran (drainJobs). */
const jobsPerSlice = 1024;

/** The prelude, with the moment the script's clock starts at (undefined: the host's clock). */
function preludeSource(now: string | undefined): string {
  return `(${realmMain.toString()})(globalThis, ${wireCodec.toString()}, ${now === undefined ? 'undefined' : JSON.stringify(now)})`;
}

export interface Failure {
  kind: 'interrupted' | 'unsettled' | 'memory' | 'error';
  error: unknown;
}

/** One script's runtime and context, the handles of its prelude, and the host's door. */
export class Realm {
  readonly runtime: QuickJSRuntime;
  readonly context: QuickJSContext;
  readonly bridge = new HostBridge();
  readonly api: { [K in keyof RealmApi]: QuickJSHandle };
  /** Set once the runtime ran out of memory: QuickJS may then fail to free it, so it is left alone. */
  isBroken = false;

  constructor(
    readonly engine: QuickJSWASMModule,
    memoryLimitBytes: number,
    now: string | undefined,
    private readonly onEngineBroken?: (engine: QuickJSWASMModule) => void,
  ) {
    this.runtime = engine.newRuntime();
    this.runtime.setMemoryLimit(memoryLimitBytes);
    this.runtime.setMaxStackSize(maxStackBytes);
    this.context = this.runtime.newContext();
    const { context } = this;
    const door = context.newFunction('__mwkit_host', (request) => context.newString(this.bridge.answer(context.getString(request))));
    context.setProp(context.global, '__mwkit_host', door);
    door.dispose();
    const api = context.unwrapResult(context.evalCode(preludeSource(now), 'mwkit:prelude'));
    this.api = { invoke: context.getProp(api, 'invoke'), exports: context.getProp(api, 'exports'), deliver: context.getProp(api, 'deliver') };
    api.dispose();
  }

  /** Runs `run` with an interrupt at `deadline` and whenever the bridge ended the call. */
  interrupting<T>(deadline: number, run: () => T): T {
    this.runtime.setInterruptHandler(() => this.bridge.ending !== undefined || Date.now() > deadline);
    try {
      return run();
    } finally {
      this.runtime.removeInterruptHandler();
    }
  }

  /** Why an evaluation failed, from the error QuickJS reports (dumped to plain data). */
  failure(errorHandle: QuickJSHandle): Failure {
    const error = this.context.dump(errorHandle) as { name?: unknown; message?: unknown } | null;
    errorHandle.dispose();
    if (error?.name === 'InternalError' && error.message === 'interrupted') return { kind: 'interrupted', error };
    if (error?.name === 'InternalError' && error.message === 'out of memory') return this.memoryFailure(error);
    return { kind: 'error', error };
  }

  memoryFailure(error?: unknown): Failure {
    this.markBroken();
    return { kind: 'memory', error };
  }

  /** Says so at once (not only at dispose): a long-lived sandbox (the app's) must stop using the engine. */
  markBroken(): void {
    if (this.isBroken) return;
    this.isBroken = true;
    this.onEngineBroken?.(this.engine);
  }

  evaluate(code: string, file: string, deadline: number): Failure | undefined {
    const result = this.interrupting(deadline, () => this.context.evalCode(code, file));
    if (result.error) return this.failure(result.error);
    result.value.dispose();
    return undefined;
  }

  call(fn: QuickJSHandle, args: Array<string | number>, deadline: number): Failure | undefined {
    const { context } = this;
    const handles = args.map((arg) => (typeof arg === 'string' ? context.newString(arg) : context.newNumber(arg)));
    const result = this.interrupting(deadline, () => context.callFunction(fn, context.undefined, ...handles));
    for (const handle of handles) handle.dispose();
    if (result.error) return this.failure(result.error);
    result.value.dispose();
    return undefined;
  }

  drainJobs(deadline: number): Failure | undefined {
    // In slices, to know how many jobs ran: a time limit that cuts in after a whole slice of
    // jobs cut off a chain that kept making more work, wherever inside a job it landed.
    let executed = 0;
    const result = this.interrupting(deadline, () => {
      for (;;) {
        const slice = this.runtime.executePendingJobs(jobsPerSlice);
        if (slice.error || slice.value < jobsPerSlice) return slice;
        executed += slice.value;
      }
    });
    const isInterrupted = Date.now() > deadline;
    // QuickJS cannot free a runtime interrupted between jobs (it aborts on a leftover object):
    // leave it, and its engine, alone.
    if (isInterrupted) this.markBroken();
    const failure = result.error ? this.failure(result.error) : undefined;
    if (!failure) return isInterrupted ? { kind: 'unsettled', error: null } : undefined;
    if (failure.kind === 'interrupted' && executed > 0) return { kind: 'unsettled', error: null };
    // Interrupted between jobs, QuickJS reports no error object: the promises kept making more
    // work until the time ran out (a chain that never settles).
    return failure.kind === 'error' && failure.error === null ? { kind: 'unsettled', error: null } : failure;
  }

  exports(): { exported: Array<[string, string]>; isOutOfMemory: boolean } {
    const json = this.context.unwrapResult(this.context.callFunction(this.api.exports, this.context.undefined));
    const answer = JSON.parse(this.context.getString(json)) as { exported: Array<[string, string]>; isOutOfMemory: boolean };
    json.dispose();
    return answer;
  }

  dispose(): void {
    if (this.isBroken) return;
    try {
      for (const handle of Object.values(this.api)) if (handle.alive) handle.dispose();
      this.context.dispose();
      this.runtime.dispose();
    } catch {
      // QuickJS aborted while freeing: the engine is gone with it.
      this.markBroken();
    }
  }
}
