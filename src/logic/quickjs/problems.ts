// The problems the QuickJS sandbox reports beside those of runtime.ts: the memory cap, and the
// two ways the time limit ends what no loop guard saw (one long step; a chain that never settles).
import type { HandlerName } from '../api.js';
import type { LogicProblem, ScriptIdentity } from '../runtime.js';

export function memoryLimitProblem(file: string, memoryLimitBytes: number, handler?: HandlerName, position?: LogicProblem['position']): LogicProblem {
  const megabytes = Math.round(memoryLimitBytes / (1024 * 1024));
  return {
    code: 'MW233',
    ...(handler ? { handler } : {}),
    position: position ?? { file, line: 1, column: 1 },
    message: `${handler ?? `${file}'s top-level code`} used more than the ${megabytes} MB of memory business logic may use.`,
    hint: 'Look for a loop that keeps adding to a list or a text; logic works on the few records of one page or form.',
  };
}

/** The time limit stopped one long step, not a loop the guard saw: a regular expression or a built-in. */
export function stoppedAtProblem(handler: HandlerName, timeLimitMs: number, position: NonNullable<LogicProblem['position']>): LogicProblem {
  return {
    code: 'MW231',
    handler,
    position,
    message: `${handler} did not finish within ${timeLimitMs} ms: line ${position.line} was still running when the time ran out.`,
    hint: 'A regular expression with nested repetition such as (a+)+ can take for ever on some texts; so can a built-in over a huge value.',
  };
}

export function unsettledProblem(handler: HandlerName, timeLimitMs: number, identity: ScriptIdentity): LogicProblem {
  return {
    code: 'MW231',
    handler,
    position: identity.declarations.get(handler),
    message: `${handler} did not settle within ${timeLimitMs} ms: its promises kept making more work and never gave a value.`,
    hint: "Look for a promise chain that calls itself (then(again)); a handler's promise must settle.",
  };
}
