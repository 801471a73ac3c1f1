// The code a sandbox evaluates before the logic script, in the script's own global scope:
// it removes the two non-language globals engines add (console, WebAssembly), defines the
// loop guard the transform inserts, keeps the handler table, and calls a handler so that its
// outcome (value or error, synchronous or not) is reported through one host callback.
// Plain ES5-style source so that any engine runs it; shared by the Node and Worker sandboxes.

export const preludeSource = `(function (global) {
  "use strict";
  var now = Date.now;
  var handlers = Object.create(null);
  var state = { deadline: Infinity, count: 0, loopLine: 0 };
  delete global.console;
  delete global.WebAssembly;
  function define(name, value) {
    Object.defineProperty(global, name, { value: value, writable: false, enumerable: false, configurable: false });
  }
  define("__mwkit_loop", function (line) {
    if (state.loopLine === 0 && (++state.count & 1023) === 0 && now() > state.deadline) state.loopLine = line;
    if (state.loopLine !== 0) throw new RangeError("The time limit ended a loop at line " + state.loopLine + ".");
    return true;
  });
  define("__mwkit_register", function (table) {
    for (var name in table) handlers[name] = table[name];
  });
  define("__mwkit_exports", function () {
    return Object.keys(handlers).map(function (name) { return [name, typeof handlers[name]]; });
  });
  define("__mwkit_invoke", function (call) {
    state.count = 0;
    state.loopLine = 0;
    state.deadline = now() + call.timeLimitMs;
    function settle(outcome) {
      outcome.loopLine = state.loopLine;
      call.settle(outcome);
    }
    var result;
    try {
      result = handlers[call.name](call.ctx);
    } catch (error) {
      settle({ threw: true, error: error });
      return;
    }
    if (result !== null && (typeof result === "object" || typeof result === "function") && typeof result.then === "function") {
      Promise.resolve(result).then(
        function (value) { settle({ threw: false, value: value }); },
        function (error) { settle({ threw: true, error: error }); }
      );
    } else {
      settle({ threw: false, value: result });
    }
  });
})(globalThis);
`;

/** What `__mwkit_invoke` reports through `call.settle`. */
export interface SettledCall {
  threw: boolean;
  value?: unknown;
  error?: unknown;
  /** Line of the loop the guard ended, 0 if none. */
  loopLine: number;
}
