// Where logic scripts are read and checked. Parsing a script costs about as much as everything
// else validate does with its workspace, so a large project hands them to a worker thread that
// reads and parses them while this thread reads YAML and runs the other rules; small projects,
// the server and tests check them here, one by one. Both give the same findings
// (logic/check.ts). This module loads no parser itself: with a worker thread, this thread
// never needs one.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { LogicCheck } from '../logic/check.js';

/** What the check of a script found, or undefined when it does not exist. */
export type DeliverFindings = (checked: LogicCheck | undefined) => void;

/** Reads a file relative to the project; undefined when it does not exist. */
export type ReadFile = (file: string) => string | undefined;

/** logic/check.ts's checkLogicSource. */
export type CheckSource = (file: string, code: string) => LogicCheck;

export interface LogicChecker {
  /** Reads and checks the script at `file` (relative to the project); the findings reach `deliver` now or before `settled()` resolves. */
  check(file: string, deliver: DeliverFindings): void;
  /** Resolves once every script handed to `check` has been delivered. */
  settled(): Promise<void>;
  /** Frees the thread, if any (also after a failure elsewhere, so the process can exit). */
  close(): void;
}

function checkFile(checkSource: CheckSource, readFile: ReadFile, file: string): LogicCheck | undefined {
  const code = readFile(file);
  return code === undefined ? undefined : checkSource(file, code);
}

/** Checks each script here, at once. */
export function inlineLogicChecker(readFile: ReadFile, checkSource: CheckSource): LogicChecker {
  return {
    check: (file, deliver) => deliver(checkFile(checkSource, readFile, file)),
    settled: () => Promise.resolve(),
    close: () => undefined,
  };
}

/** Below this many workspaces, starting a thread costs more than it saves. */
export const workerThreshold = 24;

/** Scripts per message: one message per script cost this thread more than reading them. */
const batchSize = 8;

/** What the worker is sent: the project folder once, then batches of files to check. */
export type WorkerRequest = { root: string } | { jobs: Array<{ id: number; file: string }> };

export interface WorkerReply {
  id: number;
  checked: LogicCheck | undefined;
}

const workerFile = fileURLToPath(new URL('./logic-worker.js', import.meta.url));

async function loadCheckSource(): Promise<CheckSource> {
  return (await import('../logic/check.js')).checkLogicSource;
}

/** The checker for a project of `workspaceCount` workspaces in `root`. */
export async function logicCheckerFor(workspaceCount: number, root: string, readFile: ReadFile): Promise<LogicChecker> {
  // From the TypeScript sources (unit tests) there is no compiled worker to start.
  if (workspaceCount < workerThreshold || !existsSync(workerFile)) return inlineLogicChecker(readFile, await loadCheckSource());
  return startLogicWorker(root, readFile);
}

/**
 * Checks scripts on a thread running `file` (logic-worker.js; tests pass others), which reads
 * them from `root`. If the thread fails, what it had not answered is checked here with `readFile`.
 */
export function startLogicWorker(root: string, readFile: ReadFile, file: string = workerFile): LogicChecker {
  const worker = new Worker(file);
  const pending = new Map<number, { file: string; deliver: DeliverFindings }>();
  let batch: Array<{ id: number; file: string }> = [];
  let nextId = 0;
  let checkSourceHere: Promise<CheckSource> | undefined;
  let onIdle: (() => void) | undefined;
  const notifyIfIdle = () => {
    if (pending.size === 0) onIdle?.();
  };
  const flush = () => {
    if (batch.length === 0 || checkSourceHere) return;
    worker.postMessage({ jobs: batch } satisfies WorkerRequest);
    batch = [];
  };
  // A thread that fails or exits early loses nothing: what it still had, and anything sent
  // after, is checked here once the parser is loaded.
  const takeBack = () => {
    batch = [];
    checkSourceHere ??= loadCheckSource();
    void checkSourceHere.then((checkSource) => {
      for (const job of pending.values()) job.deliver(checkFile(checkSource, readFile, job.file));
      pending.clear();
      notifyIfIdle();
    });
  };
  worker.on('message', ({ id, checked }: WorkerReply) => {
    const job = pending.get(id);
    if (!job) return;
    pending.delete(id);
    job.deliver(checked);
    notifyIfIdle();
  });
  worker.on('error', takeBack);
  worker.on('exit', takeBack);
  worker.postMessage({ root } satisfies WorkerRequest);
  return {
    check(file, deliver) {
      const id = nextId++;
      pending.set(id, { file, deliver });
      if (checkSourceHere) return takeBack();
      batch.push({ id, file });
      // The first script goes at once, so the thread starts warming up while this one reads YAML.
      if (id === 0 || batch.length >= batchSize) flush();
    },
    settled() {
      flush();
      return new Promise((resolve) => {
        onIdle = resolve;
        notifyIfIdle();
      });
    },
    close() {
      worker.removeAllListeners('exit');
      void worker.terminate();
    },
  };
}
