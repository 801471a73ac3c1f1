// What runs in a logic script's realm before the script itself: it takes the one host
// function (and removes it from the global object, so the script never sees it), pins the
// clock to the moment the host names, keeps the handler table, builds each call's ctx as
// realm objects whose methods send plain data to the host, and reports how the handler
// ended. The host computes every verdict from that plain data; nothing here is trusted.
// Turned into source with toString: it must refer to nothing outside itself.
import type { WireCodec, WireValue } from './wire.js';

/** What the host sends to start a call: the handler, ctx described as plain data, limits. */
export interface CallRequest {
  handler: string;
  timeLimitMs: number;
  ctx: CtxDescription;
}

/** ctx as plain data: its values, and the names of its getters and methods (run on the host). */
export interface CtxDescription {
  values: Record<string, WireValue>;
  getters: string[];
  methods: string[];
}

/** A request from the realm to the host, as JSON. */
export type RealmRequest =
  | { op: 'call'; name: string; args: WireValue; stack: string }
  | { op: 'get'; name: string; stack: string }
  | { op: 'settle'; threw: boolean; value?: WireValue; error?: ErrorInfo; loopLine: number; isOutOfMemory: boolean };

/** A thrown value as plain data: an error's name, message and stack, or another value. */
export type ErrorInfo = { name: string; message: string; stack: string } | { value: WireValue };

/** The host's answer to `call` or `get`. */
export type HostReply = { value: WireValue } | { pending: number } | { error: { name: string; message: string } } | { ended: string };

/** The functions the realm hands back to the host (as handles). */
export interface RealmApi {
  /** Starts a call; the outcome arrives later as a `settle` request. */
  invoke(requestJson: string): void;
  /** [name, typeof] of each export the script registered, and whether its top-level code ran out of memory, as JSON. */
  exports(): string;
  /** Settles the promise a ctx method returned (`pending` id) with a HostReply as JSON. */
  deliver(id: number, replyJson: string): void;
}

// The realm is a foreign, untyped place: its globals are reached through `any` on purpose.
/* eslint-disable @typescript-eslint/no-explicit-any */
export function realmMain(global: any, makeCodec: (depthLimit: number) => WireCodec, startsAt?: string): RealmApi {
  'use strict';
  const host: (request: string) => string = global.__mwkit_host;
  delete global.__mwkit_host;
  const codec = makeCodec(32);
  const stringify = JSON.stringify;
  const parse = JSON.parse;
  const keys = Object.keys;
  const freeze = Object.freeze;
  const defineProperty = Object.defineProperty;
  const RealDate = Date;
  const realNow = Date.now;
  const parseDate = Date.parse;
  const RealError = Error;
  const RealRangeError = RangeError;
  const RealPromise = Promise;
  const promiseResolve = Promise.resolve.bind(Promise);
  const construct = Reflect.construct;
  const promiseThen = Function.prototype.call.bind(Promise.prototype.then) as (p: Promise<unknown>, ok: (v: unknown) => void, fail: (e: unknown) => void) => void;
  const handlers: Record<string, unknown> = Object.create(null);
  const waiting: Record<number, { resolve(value: unknown): void; reject(error: unknown): void }> = Object.create(null);
  const guard = { deadline: Infinity, count: 0, loopLine: 0, isOutOfMemory: false };
  const getPrototypeOf = Object.getPrototypeOf;
  const ownDescriptor = Object.getOwnPropertyDescriptor;
  const InternalErrorPrototype: unknown = global.InternalError ? global.InternalError.prototype : undefined;
  const clock = { offset: 0 };
  if (typeof startsAt === 'string') {
    const startMs = parseDate(startsAt);
    if (startMs === startMs) clock.offset = startMs - realNow();
  }

  function define(name: string, value: unknown): void {
    defineProperty(global, name, { value, writable: false, enumerable: false, configurable: false });
  }

  // The clock a script sees is the host's `ctx.now`, moving on in real time during the call.
  const now = () => realNow() + clock.offset;
  function ClockedDate(this: unknown, ...args: unknown[]): unknown {
    if (!new.target) return new RealDate(now()).toString();
    return construct(RealDate, args.length === 0 ? [now()] : args, new.target);
  }
  defineProperty(ClockedDate, 'prototype', { value: RealDate.prototype, writable: false });
  defineProperty(ClockedDate, 'now', { value: now, writable: true, configurable: true });
  defineProperty(ClockedDate, 'parse', { value: RealDate.parse, writable: true, configurable: true });
  defineProperty(ClockedDate, 'UTC', { value: RealDate.UTC, writable: true, configurable: true });
  defineProperty(RealDate.prototype, 'constructor', { value: ClockedDate, writable: true, configurable: true });
  defineProperty(global, 'Date', { value: ClockedDate, writable: true, configurable: true });

  // Only the language: what engines add besides it goes, and strings are never code (the app's
  // Worker has no 'unsafe-eval' either, and validate could not see code made at run time).
  for (const name of ['queueMicrotask', 'performance', 'DOMException', 'console', 'print', 'WebAssembly']) delete global[name];
  const refuseStrings = function refuseStrings(): never {
    throw new global.EvalError('Business logic cannot run text as code (eval, new Function).');
  };
  global.eval = refuseStrings;
  const functionKinds = [function () {}, async function () {}, function* () {}, async function* () {}];
  for (const kind of functionKinds) defineProperty(Object.getPrototypeOf(kind), 'constructor', { value: refuseStrings, writable: false, configurable: false });
  defineProperty(global, 'Function', { value: refuseStrings, writable: true, configurable: true });

  class LogicApiError extends RealError {}
  defineProperty(LogicApiError.prototype, 'name', { value: 'LogicApiError', writable: true, configurable: true });

  function ask(request: RealmRequest): HostReply {
    return parse(host(stringify(request))) as HostReply;
  }

  function answer(reply: HostReply): unknown {
    if ('value' in reply) return codec.decode(reply.value, true);
    if ('error' in reply) {
      const error = reply.error.name === 'LogicApiError' ? new LogicApiError(reply.error.message) : new RealError(reply.error.message);
      throw error;
    }
    if ('ended' in reply) throw new RealRangeError(reply.ended);
    return new RealPromise((resolve, reject) => {
      waiting[reply.pending] = { resolve, reject };
    });
  }

  function method(name: string) {
    return function (...args: unknown[]): unknown {
      const stack = String(new RealError().stack);
      return answer(ask({ op: 'call', name, args: codec.encode(args), stack }));
    };
  }

  function buildCtx(description: CtxDescription): object {
    const ctx: Record<string, unknown> = {};
    for (const name of keys(description.values)) {
      defineProperty(ctx, name, { value: codec.decode(description.values[name], true), enumerable: true });
    }
    for (const name of description.getters) {
      defineProperty(ctx, name, { get: () => answer(ask({ op: 'get', name, stack: String(new RealError().stack) })), enumerable: true });
    }
    for (const name of description.methods) defineProperty(ctx, name, { value: method(name), enumerable: true });
    return freeze(ctx);
  }

  function errorInfo(error: unknown): ErrorInfo {
    try {
      if (error !== null && typeof error === 'object' && 'message' in error) {
        const found = error as { name?: unknown; message?: unknown; stack?: unknown };
        return { name: typeof found.name === 'string' ? found.name : 'Error', message: String(found.message), stack: typeof found.stack === 'string' ? found.stack : '' };
      }
      return { value: codec.encode(error) };
    } catch {
      return { value: '(a thrown value that could not be read)' };
    }
  }

  function settle(threw: boolean, outcome: unknown): void {
    const { loopLine, isOutOfMemory } = guard;
    if (threw) host(stringify({ op: 'settle', threw, error: errorInfo(outcome), loopLine, isOutOfMemory }));
    else host(stringify({ op: 'settle', threw, value: codec.encode(outcome), loopLine, isOutOfMemory }));
  }

  define('__mwkit_loop', (line: number) => {
    if (guard.isOutOfMemory) throw new RealRangeError('Business logic ran out of memory.');
    if (guard.loopLine === 0 && (++guard.count & 1023) === 0 && realNow() > guard.deadline) guard.loopLine = line;
    if (guard.loopLine !== 0) throw new RealRangeError(`The time limit ended a loop at line ${guard.loopLine}.`);
    return true;
  });
  // The engine's "out of memory" is not the script's to swallow: every catch clause (see
  // transform.ts) and every rejection handler hands what it caught here first.
  function isOutOfMemory(error: unknown): boolean {
    if (error === null || typeof error !== 'object' || getPrototypeOf(error) !== InternalErrorPrototype) return false;
    const message = ownDescriptor(error, 'message');
    return message !== undefined && message.value === 'out of memory';
  }
  function caught(error: unknown): unknown {
    if (guard.isOutOfMemory || isOutOfMemory(error)) {
      guard.isOutOfMemory = true;
      throw error;
    }
    return error;
  }
  define('__mwkit_caught', caught);
  const realThen = Promise.prototype.then;
  const apply = Reflect.apply;
  defineProperty(Promise.prototype, 'then', {
    value: function then(this: Promise<unknown>, onFulfilled?: unknown, onRejected?: unknown) {
      const guarded =
        typeof onRejected === 'function'
          ? function (this: unknown, reason: unknown) {
              return apply(onRejected as (r: unknown) => unknown, this, [caught(reason)]);
            }
          : onRejected;
      return apply(realThen, this, [onFulfilled, guarded]);
    },
    writable: false,
    enumerable: false,
    configurable: false,
  });
  define('__mwkit_register', (table: Record<string, unknown>) => {
    for (const name of keys(table)) handlers[name] = table[name];
  });

  return {
    invoke(requestJson) {
      const request = parse(requestJson) as CallRequest;
      guard.count = 0;
      guard.loopLine = 0;
      guard.isOutOfMemory = false;
      guard.deadline = realNow() + request.timeLimitMs;
      const ctx = buildCtx(request.ctx);
      const ctxNow = parseDate(String((ctx as { now?: unknown }).now));
      clock.offset = ctxNow === ctxNow ? ctxNow - realNow() : 0;
      let result: unknown;
      try {
        result = (handlers[request.handler] as (ctx: object) => unknown)(ctx);
      } catch (error) {
        settle(true, error);
        return;
      }
      if (result !== null && (typeof result === 'object' || typeof result === 'function') && typeof (result as { then?: unknown }).then === 'function') {
        promiseThen(
          promiseResolve(result),
          (value) => settle(false, value),
          (error) => settle(true, error),
        );
      } else {
        settle(false, result);
      }
    },
    exports() {
      const names = keys(handlers);
      const exported: Array<[string, string]> = [];
      for (let i = 0; i < names.length; i++) defineProperty(exported, i, { value: [names[i], typeof handlers[names[i]!]], enumerable: true });
      return stringify({ exported, isOutOfMemory: guard.isOutOfMemory });
    },
    deliver(id, replyJson) {
      const waiter = waiting[id];
      delete waiting[id];
      if (!waiter) return;
      try {
        waiter.resolve(answer(parse(replyJson) as HostReply));
      } catch (error) {
        waiter.reject(error);
      }
    },
  };
}
