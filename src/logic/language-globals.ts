// The global names of the JavaScript language itself (ECMAScript 2023), which every engine a
// logic script runs in has: the app's Worker, Node's vm sandbox, any phone's browser. A name
// a script reads or assigns that is neither declared in it nor one of these throws a
// ReferenceError at run time (MW226). Host objects (window, fetch, console …) are not here:
// lint.ts reports those as MW222 with their own hints.

export const languageGlobals: ReadonlySet<string> = new Set([
  // Values and functions of the global object
  'globalThis', 'Infinity', 'NaN', 'undefined',
  'eval', 'isFinite', 'isNaN', 'parseFloat', 'parseInt',
  'decodeURI', 'decodeURIComponent', 'encodeURI', 'encodeURIComponent', 'escape', 'unescape',
  // Constructors and namespaces
  'Object', 'Function', 'Boolean', 'Symbol', 'Number', 'BigInt', 'Math', 'Date', 'String', 'RegExp',
  'Array', 'Map', 'Set', 'WeakMap', 'WeakSet', 'WeakRef', 'FinalizationRegistry',
  'Promise', 'Proxy', 'Reflect', 'JSON', 'Atomics',
  'ArrayBuffer', 'SharedArrayBuffer', 'DataView',
  'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array',
  'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array',
  'Error', 'AggregateError', 'EvalError', 'RangeError', 'ReferenceError', 'SyntaxError', 'TypeError', 'URIError',
  // Not a global, but every non-arrow function has it
  'arguments',
]);
