// logic.ts: business logic written in TypeScript, compiled to the plain logic.js the app
// runs (esbuild, types stripped, nothing bundled). Positions map back to the .ts source
// through the source map, so validate and mwkit test point at the lines the author wrote.
// esbuild is loaded only when a logic.ts is compiled, keeping `mwkit validate` quick.
import { createRequire } from 'node:module';
import type { TransformOptions, TransformResult } from 'esbuild';
import type { ParseFailure } from './ast.js';
import type { PositionMapper } from './positions.js';
import { sourceMapMapper } from './sourcemap.js';

export interface CompiledLogic {
  /** The JavaScript module to run and to pack as logic.js. */
  code: string;
  /** Maps positions in `code` to positions in the TypeScript source. */
  mapOriginal: PositionMapper;
}

export type CompileResult = { compiled: CompiledLogic; failure?: undefined } | { compiled?: undefined; failure: ParseFailure };

type Esbuild = typeof import('esbuild');

let esbuild: Esbuild | undefined;

function loadEsbuild(): Esbuild {
  esbuild ??= createRequire(import.meta.url)('esbuild') as Esbuild;
  return esbuild;
}

export function isTypeScriptLogic(file: string): boolean {
  return /\.[cm]?ts$/.test(file);
}

function options(file: string): TransformOptions {
  // es2022 keeps async/await and modern syntax as written. No `format`: esbuild then keeps the
  // module as written (`export function onX` stays in place, mapped, rather than becoming an
  // `export { onX }` at the end that the source map cannot place).
  return { loader: 'ts', target: 'es2022', sourcemap: 'external', sourcefile: file, charset: 'utf8', legalComments: 'inline' };
}

function compiledFrom(result: TransformResult): CompiledLogic {
  const map = JSON.parse(result.map) as { mappings: string };
  return { code: result.code, mapOriginal: sourceMapMapper(map.mappings) };
}

function failureFrom(error: unknown): ParseFailure {
  const first = (error as { errors?: Array<{ text: string; location?: { line: number; column: number } | null }> }).errors?.[0];
  if (!first) throw error;
  return { message: first.text, line: first.location?.line ?? 1, column: (first.location?.column ?? 0) + 1 };
}

/** Compiles logic.ts source; a syntax error comes back as a failure with its position. */
export async function compileLogic(source: string, file: string): Promise<CompileResult> {
  try {
    return { compiled: compiledFrom(await loadEsbuild().transform(source, options(file))) };
  } catch (error) {
    return { failure: failureFrom(error) };
  }
}

/** The same, synchronously (for validation rules, which are synchronous). */
export function compileLogicSync(source: string, file: string): CompileResult {
  try {
    return { compiled: compiledFrom(loadEsbuild().transformSync(source, options(file))) };
  } catch (error) {
    return { failure: failureFrom(error) };
  }
}
