// The QuickJS engine for Node (mwkit test): the WebAssembly module is compiled once and shared;
// every script still gets a runtime (heap, limits) of its own, in a memory with a hard cap
// (engine-memory.ts). A runtime that ran out of memory may leave the module unusable, so the
// module is then retired and the next load gets a fresh one.
import type { QuickJSWASMModule } from 'quickjs-emscripten-core';
import { engineMemory } from './engine-memory.js';

let current: Promise<QuickJSWASMModule> | undefined;
let created: QuickJSWASMModule | undefined;

async function createEngine(): Promise<QuickJSWASMModule> {
  const [{ newQuickJSWASMModuleFromVariant, newVariant }, { default: variant }] = await Promise.all([import('quickjs-emscripten-core'), import('@jitl/quickjs-wasmfile-release-sync')]);
  created = await newQuickJSWASMModuleFromVariant(newVariant(variant, { wasmMemory: engineMemory() }));
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
