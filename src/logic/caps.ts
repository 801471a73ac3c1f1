// One rule for every channel from business logic to the host: what a script sends through
// the one door (ctx calls and reads, values it passes, returns or throws) is counted on the
// host's side, per handler call and per case (one page, form, workspace opening or sync
// result: in mwkit test, one test case). Going over ends the handler; the script cannot catch
// it. The per-state caps (messages, log lines) bound what a page or form keeps between calls.

export const logicCaps = {
  /** ctx method calls one handler call may make (reads of ctx.values are bounded by time only). */
  requestsPerHandler: 10_000,
  /** Bytes one handler call may send (arguments, the value it returns or throws). */
  bytesPerHandler: 4 * 1024 * 1024,
  /** ctx method calls all the handler calls of one case may make. */
  requestsPerCase: 50_000,
  /** Bytes all the handler calls of one case may send. */
  bytesPerCase: 16 * 1024 * 1024,
  /** The largest single value (one argument list, one returned or thrown value). */
  bytesPerValue: 1024 * 1024,
  /** Messages (ctx.addMessage) one page or form may hold. */
  messagesPerCase: 100,
  /** Lines of ctx.log one page or form may hold (characters: maxLogChars). */
  logLinesPerCase: 1_000,
  /** Characters of one message or field error: what a phone screen can show. */
  messageChars: 1_000,
  /** Characters of one field label. */
  labelChars: 200,
} as const;

/** What the handlers of one case have sent so far (the case's share of the caps). */
export interface ChannelUsage {
  requests: number;
  bytes: number;
}

export function newUsage(): ChannelUsage {
  return { requests: 0, bytes: 0 };
}

function size(bytes: number): string {
  const text = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1));
  return bytes >= 1024 * 1024 ? `${text(bytes / (1024 * 1024))} MB` : `${text(bytes / 1024)} KB`;
}

export interface CapExceeded {
  message: string;
  hint: string;
}

const chattyHint = 'Call ctx for the few fields and records a decision needs, not in a loop over everything.';
const largeHint = 'Business logic works on the few values of one page or form; pass and return small values.';

/**
 * Counts one method call of `bytes` against the call's and the case's caps; says which one it
 * went over. A read of a ctx property (`isCall` false) is not counted: it sends nothing and keeps
 * nothing on the host, and a loop of reads is an endless loop, which the time limit names.
 */
export function countRequest(handler: string, call: ChannelUsage, usage: ChannelUsage, bytes: number, isCall: boolean): CapExceeded | undefined {
  if (!isCall) return undefined;
  call.requests += 1;
  call.bytes += bytes;
  usage.requests += 1;
  usage.bytes += bytes;
  if (call.requests > logicCaps.requestsPerHandler) {
    return { message: `${handler} called ctx more than ${logicCaps.requestsPerHandler.toLocaleString('en-US')} times in one call (the cap per handler), so it was stopped.`, hint: chattyHint };
  }
  if (call.bytes > logicCaps.bytesPerHandler) {
    return { message: `${handler} sent more than ${size(logicCaps.bytesPerHandler)} to ctx in one call (the cap per handler), so it was stopped.`, hint: largeHint };
  }
  if (usage.requests > logicCaps.requestsPerCase) {
    return {
      message: `${handler} went over the ${logicCaps.requestsPerCase.toLocaleString('en-US')} ctx calls the handlers of one page or form may make (the cap per case), so it was stopped.`,
      hint: chattyHint,
    };
  }
  if (usage.bytes > logicCaps.bytesPerCase) {
    return { message: `${handler} went over the ${size(logicCaps.bytesPerCase)} the handlers of one page or form may send (the cap per case), so it was stopped.`, hint: largeHint };
  }
  return undefined;
}

/** A returned or thrown value too large to take. */
export function valueTooLarge(handler: string, threw: boolean, bytes: number): CapExceeded {
  return {
    message: `${handler} ${threw ? 'threw' : 'returned'} a value of ${size(bytes)}; a value may be at most ${size(logicCaps.bytesPerValue)} (the cap per value), so it was refused.`,
    hint: largeHint,
  };
}

export function tooManyMessages(handler: string): CapExceeded {
  return {
    message: `${handler} added more than ${logicCaps.messagesPerCase} messages to one page or form (the cap per case), so it was stopped.`,
    hint: 'Show the user a few messages that say what to do; log details with ctx.log.',
  };
}

export function tooManyLogLines(handler: string): CapExceeded {
  return {
    message: `${handler} logged more than ${logicCaps.logLinesPerCase.toLocaleString('en-US')} lines through ctx.log (the cap per case), so it was stopped.`,
    hint: 'Log a few values that explain a decision, not every step of a loop.',
  };
}
