// Small presentation helpers shared by the package commands (pack, inspect, verify, keygen).
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';

/** A one-line status on stderr while something slow runs; only on an interactive terminal. */
export interface Progress {
  show(text: string): void;
  clear(): void;
}

export function createProgress(stream: NodeJS.WriteStream): Progress {
  const isShown = Boolean(stream.isTTY) && !process.env.CI && process.env.TERM !== 'dumb';
  let isVisible = false;
  return {
    show(text) {
      if (!isShown) return;
      stream.write(`\r\u001b[K${text}`);
      isVisible = true;
    },
    clear() {
      if (!isVisible) return;
      stream.write('\r\u001b[K');
      isVisible = false;
    },
  };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** The package named on the command line: an existing regular file, else a usage error. */
export function packageArgument(cwd: string, given: string): string {
  const file = resolve(cwd, given);
  let isFile = false;
  try {
    isFile = statSync(file).isFile();
  } catch {
    throw new UsageError(`Package not found: ${given}`, 'Pass the path of a .mwpkg file (mwkit pack writes them to dist/).');
  }
  if (!isFile) throw new UsageError(`Not a file: ${given}`, 'Pass the path of a .mwpkg file, not a folder.');
  return file;
}
