// The host's side of the one door into a logic realm: it answers the realm's requests (ctx
// method calls, getters, a call's outcome) from the ctx the session built, and turns what
// the realm reports into an outcome. Everything arrives as JSON text and is decoded into
// fresh host data; nothing the realm sends is trusted beyond what the ctx methods check.
import type { HandlerName } from '../api.js';
import { countRequest, logicCaps, newUsage, valueTooLarge, type CapExceeded, type ChannelUsage } from '../caps.js';
import { outcomeOf, positionInStack, type CallOutcome, type LogicProblem, type ScriptIdentity, type SettledCall } from '../runtime.js';
import { LogicApiError, LogicLimitError } from '../state.js';
import type { CallRequest, CtxDescription, ErrorInfo, HostReply, RealmRequest } from './realm.js';
import { wireCodec } from './wire.js';

const codec = wireCodec(32);
/** The most one request may carry: more than any field value or log line needs. */
export const maxRequestBytes = logicCaps.bytesPerValue;

/** Why the host ended a call before the script finished (a cap it went over), and where. */
export interface Ending {
  code: LogicProblem['code'];
  message: string;
  hint: string;
  /** The realm's stack at the ctx call that went over. */
  stack?: string;
}

type SettledWire = Extract<RealmRequest, { op: 'settle' }>;

/** One handler call in progress: its ctx, its outcome, and the host promises it waits for. */
export class RealmCall {
  settled?: SettledWire;
  private nextId = 1;
  private readonly ready: Array<[number, string]> = [];
  private wakeUp?: () => void;

  /** What this call has sent so far. */
  readonly sent = newUsage();

  constructor(
    readonly ctx: Record<string, unknown>,
    readonly handler: HandlerName,
    readonly caseUsage: ChannelUsage,
  ) {}

  /** Registers a host promise the realm awaits; returns the id the realm waits under. */
  pending(promise: Promise<unknown>): number {
    const id = this.nextId++;
    promise.then(
      (value) => this.arrive(id, { value: codec.encode(value) }),
      (error: unknown) => this.arrive(id, errorReply(error)),
    );
    return id;
  }

  private arrive(id: number, reply: HostReply): void {
    this.ready.push([id, JSON.stringify(reply)]);
    this.wakeUp?.();
  }

  nextDelivery(): [number, string] | undefined {
    return this.ready.shift();
  }

  /** Waits until a host promise settles, or `ms` pass. */
  wake(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }
}

function errorReply(error: unknown): HostReply {
  if (error instanceof LogicApiError) return { error: { name: 'LogicApiError', message: error.message } };
  // Only the message crosses: host stacks (file paths of this machine) stay here.
  return { error: { name: 'Error', message: error instanceof Error ? error.message : String(error) } };
}

function describeCtx(ctx: object): CtxDescription {
  const description: CtxDescription = { values: {}, getters: [], methods: [] };
  for (const [name, property] of Object.entries(Object.getOwnPropertyDescriptors(ctx))) {
    if (property.get) description.getters.push(name);
    else if (typeof property.value === 'function') description.methods.push(name);
    else description.values[name] = codec.encode(property.value);
  }
  return description;
}

function settledCall(wire: SettledWire): SettledCall {
  const loopLine = typeof wire.loopLine === 'number' ? wire.loopLine : 0;
  if (!wire.threw) return { threw: false, value: codec.decode(wire.value, false), loopLine };
  const info = wire.error as ErrorInfo | undefined;
  if (info && 'message' in info) return { threw: true, error: { name: String(info.name), message: String(info.message), stack: String(info.stack) }, loopLine };
  return { threw: true, error: codec.decode(info?.value, false), loopLine };
}

export class HostBridge {
  ending?: Ending;
  private call?: RealmCall;
  private lastStack?: string;

  begin(ctx: object, handler: HandlerName, caseUsage: ChannelUsage = newUsage()): RealmCall {
    this.ending = undefined;
    this.lastStack = undefined;
    this.call = new RealmCall(ctx as Record<string, unknown>, handler, caseUsage);
    return this.call;
  }

  /** Ends the call: the realm is interrupted, and the problem names the cap and the line. */
  private endAtCap(exceeded: CapExceeded, stack: string | undefined): HostReply {
    this.ending = { code: 'MW235', message: exceeded.message, hint: exceeded.hint, ...(stack !== undefined ? { stack } : {}) };
    return { ended: exceeded.message };
  }

  end(): void {
    this.call = undefined;
  }

  callRequest(handler: HandlerName, timeLimitMs: number, ctx: object): string {
    return JSON.stringify({ handler, timeLimitMs, ctx: describeCtx(ctx) } satisfies CallRequest);
  }

  /** The script line of the ctx call being answered now. */
  callSite(identity: ScriptIdentity) {
    return positionInStack(this.lastStack, identity);
  }

  /** Answers one request of the realm. Never throws: a throw would carry host details in. */
  answer(requestJson: string): string {
    try {
      return JSON.stringify(this.reply(requestJson));
    } catch (error) {
      return JSON.stringify(errorReply(error));
    }
  }

  private reply(requestJson: string): HostReply {
    const call = this.call;
    if (!call) return { ended: 'No handler is running.' };
    // Counted before anything else, on this side of the door: the script cannot skip it.
    const exceeded = countRequest(call.handler, call.sent, call.caseUsage, requestJson.length, requestJson.startsWith('{"op":"call"'));
    // The prelude writes `op` first, so a settle is known without parsing what may be megabytes.
    const isSettle = requestJson.startsWith('{"op":"settle"');
    if (requestJson.length > maxRequestBytes) {
      if (isSettle) return this.endAtCap(valueTooLarge(call.handler, requestJson.startsWith('{"op":"settle","threw":true'), requestJson.length), undefined);
      if (exceeded) return this.endAtCap(exceeded, this.lastStack);
      return { error: { name: 'LogicApiError', message: `ctx: a value larger than ${maxRequestBytes / 1024} KB cannot be passed to ctx.` } };
    }
    const request = JSON.parse(requestJson) as RealmRequest;
    if (exceeded && !isSettle) return this.endAtCap(exceeded, request.op !== 'settle' && typeof request.stack === 'string' ? request.stack : this.lastStack);
    if (request.op === 'settle') {
      call.settled ??= request;
      return { value: null };
    }
    const member = typeof request.name === 'string' && Object.prototype.hasOwnProperty.call(call.ctx, request.name) ? request.name : undefined;
    if (member === undefined) return { error: { name: 'LogicApiError', message: 'ctx has no such member.' } };
    if (request.op === 'get') return { value: codec.encode(call.ctx[member]) };
    this.lastStack = typeof request.stack === 'string' ? request.stack : undefined;
    const method = call.ctx[member];
    if (typeof method !== 'function') return { error: { name: 'LogicApiError', message: `ctx.${member} is not a function.` } };
    const args = codec.decode(request.args, false);
    try {
      const result: unknown = method(...(Array.isArray(args) ? args : []));
      if (result instanceof Promise) return { pending: call.pending(result) };
      return { value: codec.encode(result) };
    } catch (error) {
      if (error instanceof LogicLimitError) return this.endAtLimit(error);
      return errorReply(error);
    }
  }

  private endAtLimit(error: LogicLimitError): HostReply {
    this.ending = { code: error.code, message: error.message, hint: error.hint, stack: this.lastStack };
    return { ended: error.message };
  }

  outcome(handler: HandlerName, wire: SettledWire, timeLimitMs: number, identity: ScriptIdentity): CallOutcome {
    return outcomeOf(handler, settledCall(wire), timeLimitMs, identity);
  }
}
