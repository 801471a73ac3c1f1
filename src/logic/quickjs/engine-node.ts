// The QuickJS engine for Node (mwkit test): the WebAssembly module is compiled once and shared;
// every script still gets a runtime (heap, limits) of its own. The module's memory has a fixed
// maximum, a hard cap below QuickJS's own per-runtime limit (which does not count every string).
// A runtime that ran out of memory may leave the module unusable, so the module is then retired
// and the next load gets a fresh one.
import type { QuickJSWASMModule } from 'quickjs-emscripten-core';

const pageBytes = 64 * 1024;
/** What the variant needs at start (16 MB) and the most it may ever hold (128 MB). */
const initialPages = (16 * 1024 * 1024) / pageBytes;
const maximumPages = (128 * 1024 * 1024) / pageBytes;

let current: Promise<QuickJSWASMModule> | undefined;
let created: QuickJSWASMModule | undefined;

async function createEngine(): Promise<QuickJSWASMModule> {
  const [{ newQuickJSWASMModuleFromVariant, newVariant }, { default: variant }] = await Promise.all([
    import('quickjs-emscripten-core'),
    import('@jitl/quickjs-wasmfile-release-sync'),
  ]);
  const wasmMemory = new WebAssembly.Memory({ initial: initialPages, maximum: maximumPages });
  created = await newQuickJSWASMModuleFromVariant(newVariant(variant, { wasmMemory }));
  return created;
}

export function quickJSEngine(): Promise<QuickJSWASMModule> {
  current ??= createEngine();
  return current;
}

/** Drops `engine` (after it ran out of memory); the next quickJSEngine() makes a new one. */
export function retireQuickJSEngine(engine: QuickJSWASMModule): void {
  if (created !== engine) return;
  current = undefined;
  created = undefined;
}
