// From a position in the running script back to the line and column the author wrote:
// undo the columns that the transform inserted, then (for logic.ts) follow the source map.
// Pure: stack traces of V8 (Node, Chromium) and of SpiderMonkey/JavaScriptCore both parse.
import type { Insertion } from './transform.js';

export interface LinePosition {
  line: number;
  column: number;
}

/** Maps positions of the runnable script to the source the author wrote. */
export interface PositionMapper {
  (position: LinePosition): LinePosition;
}

/** Undoes the transform's insertions (all within one line each, so lines never move). */
export function insertionMapper(insertions: readonly Insertion[], next: PositionMapper = (p) => p): PositionMapper {
  const byLine = new Map<number, Insertion[]>();
  for (const insertion of insertions) {
    const list = byLine.get(insertion.line) ?? [];
    list.push(insertion);
    byLine.set(insertion.line, list);
  }
  for (const list of byLine.values()) list.sort((a, b) => a.column - b.column);
  return ({ line, column }) => {
    let shift = 0;
    for (const insertion of byLine.get(line) ?? []) {
      const generatedStart = insertion.column + shift;
      if (column < generatedStart) break;
      if (column < generatedStart + insertion.length) return next({ line, column: insertion.column });
      shift += insertion.length;
    }
    return next({ line, column: column - shift });
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Made once per script name: a ctx call asks for its line, and a chatty script makes thousands. */
const framePatterns = new Map<string, RegExp>();

function framePattern(scriptName: string): RegExp {
  let pattern = framePatterns.get(scriptName);
  if (!pattern) {
    if (framePatterns.size >= 100) framePatterns.clear();
    // The name must start the location (after `(`, a space or `@`), so `x/logic.js` never
    // matches a host file such as `/lib/x/logic.js`.
    pattern = new RegExp(`(?:^|[\\s(@])${escapeRegExp(scriptName)}:(\\d+):(\\d+)`);
    framePatterns.set(scriptName, pattern);
  }
  return pattern;
}

/**
 * The first frame of `stack` in the script named `scriptName` (as the sandbox compiled it),
 * as a 1-based position in the runnable script. Frames look like
 * `at fn (name:12:5)`, `at name:12:5` (V8) or `fn@name:12:5` (Firefox, Safari).
 */
export function firstScriptFrame(stack: string | undefined, scriptName: string): LinePosition | undefined {
  if (!stack) return undefined;
  const pattern = framePattern(scriptName);
  for (const line of stack.split('\n')) {
    const match = pattern.exec(line);
    if (match) return { line: Number(match[1]), column: Number(match[2]) };
  }
  return undefined;
}
