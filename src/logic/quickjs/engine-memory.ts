// The WebAssembly memory a QuickJS engine runs in, the same in Node and in the app's Worker:
// a fixed maximum is the hard cap below QuickJS's own per-runtime limit (which does not count
// every string), so a script cannot grow the engine's memory past it.
const pageBytes = 64 * 1024;
/** What the variant needs at start (16 MB) and the most it may ever hold (128 MB). */
const initialPages = (16 * 1024 * 1024) / pageBytes;
const maximumPages = (128 * 1024 * 1024) / pageBytes;

export function engineMemory(): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: initialPages, maximum: maximumPages });
}
