// A Babel-style code frame: the lines before, the offending line marked with `>`, and a caret
// under the column, with a right-aligned line-number gutter.
import type { ChalkInstance } from 'chalk';
import { visibleText } from '../text/terminal.js';

const linesBefore = 2;

export function splitLines(source: string): string[] {
  return source.split(/\r\n|\r|\n/);
}

/**
 * The frame around 1-based `line` and `column`, or '' when the line is not in the source
 * (a diagnostic about a file that could not be read, or a stale position).
 */
export function codeFrame(source: string, line: number, column: number, colors: ChalkInstance): string {
  const lines = splitLines(source);
  const marked = lines[line - 1];
  if (marked === undefined || line < 1) return '';
  const first = Math.max(1, line - linesBefore);
  const gutterWidth = String(line).length;
  const gutter = (number: number): string => colors.dim(` ${String(number).padStart(gutterWidth)} |`);
  // The source is the package's: a control character in it is shown, never obeyed.
  const withText = (text: string): string => (text.length > 0 ? ` ${visibleText(text)}` : '');

  const frame: string[] = [];
  for (let number = first; number < line; number++) {
    frame.push(` ${gutter(number)}${withText(lines[number - 1] ?? '')}`);
  }
  frame.push(`${colors.red.bold('>')}${gutter(line)}${withText(marked)}`);
  frame.push(` ${colors.dim(` ${' '.repeat(gutterWidth)} |`)} ${caretIndent(marked, column)}${colors.red.bold('^')}`);
  return frame.join('\n');
}

/** Spaces up to the column, keeping tabs so the caret lines up however tabs are shown. */
function caretIndent(text: string, column: number): string {
  const width = Math.min(Math.max(column - 1, 0), text.length);
  return visibleText(text.slice(0, width)).replace(/[^\t]/g, ' ');
}
