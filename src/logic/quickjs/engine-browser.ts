// The QuickJS engine in the app's logic Worker: the same build as mwkit test's
// (@jitl/quickjs-wasmfile-release-sync), instantiated from a WebAssembly.Module the page
// compiled and handed over, so the Worker itself never fetches anything (its CSP has
// connect-src 'none'). Each Worker makes one engine; a broken engine ends its Worker.
import type { QuickJSWASMModule } from 'quickjs-emscripten-core';
import { engineMemory } from './engine-memory.js';

export async function quickJSEngineFromModule(wasmModule: WebAssembly.Module): Promise<QuickJSWASMModule> {
  // Imported like engine-node.ts does, so both module resolutions (Node's, the bundler's) agree on the type.
  const [{ newQuickJSWASMModuleFromVariant, newVariant }, { default: variant }] = await Promise.all([import('quickjs-emscripten-core'), import('@jitl/quickjs-wasmfile-release-sync')]);
  return newQuickJSWASMModuleFromVariant(newVariant(variant, { wasmModule, wasmMemory: engineMemory() }));
}
