// The preview's lock file in .mwkit/: which process previews the project, and where.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { previewFolder } from './environment.js';

/**
 * One preview per project: two would share one database and race for the same versions. The
 * lock file names the process; a lock left by a process that is gone (a crash) is taken over.
 */
export function lockProject(root: string): () => void {
  const file = join(root, previewFolder, 'preview.lock');
  const holder = readLock(file);
  if (holder && holder.pid !== process.pid && isRunning(holder.pid)) {
    throw new UsageError(`Another mwkit preview (process ${holder.pid}) runs for this project${holder.url ? ` at ${holder.url}` : ''}.`, 'Use that one, or stop it (Ctrl-C in its terminal) first.');
  }
  mkdirSync(join(root, previewFolder), { recursive: true });
  writeFileSync(file, JSON.stringify({ pid: process.pid }));
  return () => {
    if (readLock(file)?.pid === process.pid) rmSync(file, { force: true });
  };
}

/** Notes where the preview can be opened, for the next one that finds the lock. */
export function noteLockUrl(root: string, url: string): void {
  writeFileSync(join(root, previewFolder, 'preview.lock'), JSON.stringify({ pid: process.pid, url }));
}

function readLock(file: string): { pid: number; url?: string } | undefined {
  try {
    const lock = JSON.parse(readFileSync(file, 'utf8')) as { pid?: unknown; url?: unknown };
    return typeof lock.pid === 'number' ? { pid: lock.pid, ...(typeof lock.url === 'string' ? { url: lock.url } : {}) } : undefined;
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
