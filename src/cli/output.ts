// Terminal output helpers shared by the commands: colour decisions and the error printer.
import { UserError } from '../errors.js';

/** Colour only on a TTY, never with NO_COLOR or TERM=dumb; FORCE_COLOR forces it (for tests). */
export function isColorEnabled(stream: NodeJS.WriteStream = process.stdout): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY) && process.env.TERM !== 'dumb';
}

/** Non-interactive when stdin is not a TTY or CI is set: prompts must not be shown then. */
export function isInteractive(): boolean {
  return Boolean(process.stdin.isTTY) && !process.env.CI;
}

export function printError(error: unknown, isDebug: boolean): void {
  if (error instanceof UserError) {
    process.stderr.write(`mwkit: ${error.message}\n`);
    if (error.hint) process.stderr.write(`  ${error.hint}\n`);
    if (isDebug && error.stack) process.stderr.write(`${error.stack}\n`);
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`mwkit: internal error: ${message}\n`);
  if (isDebug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  else process.stderr.write('  Run again with --debug for the stack trace, and report it if it persists.\n');
}
