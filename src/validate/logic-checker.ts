// Where logic scripts are checked. Parsing a script costs about as much as everything else
// validate does with its workspace, so a large project hands them to a worker thread that
// parses while this thread reads YAML and runs the other rules; small projects, the server
// and tests check them here, one by one. Both give the same findings (checkLogicSource).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { checkLogicSource, type LogicFinding } from '../logic/check.js';

export type DeliverFindings = (findings: LogicFinding[]) => void;

export interface LogicChecker {
  /** Checks `code` read from `file`; the findings reach `deliver` now or before `settled()` resolves. */
  check(file: string, code: string, deliver: DeliverFindings): void;
  /** Resolves once every script handed to `check` has been delivered. */
  settled(): Promise<void>;
  /** Frees the thread, if any (also after a failure elsewhere, so the process can exit). */
  close(): void;
}

export const inlineLogicChecker: LogicChecker = {
  check: (file, code, deliver) => deliver(checkLogicSource(file, code)),
  settled: () => Promise.resolve(),
  close: () => undefined,
};

/** Below this many workspaces, starting a thread costs more than it saves. */
export const workerThreshold = 24;

interface Job {
  file: string;
  code: string;
  deliver: DeliverFindings;
}

export interface WorkerReply {
  id: number;
  findings: LogicFinding[];
}

const workerFile = fileURLToPath(new URL('./logic-worker.js', import.meta.url));

/** The checker for a project of `workspaceCount` workspaces. */
export function logicCheckerFor(workspaceCount: number): LogicChecker {
  // From the TypeScript sources (unit tests) there is no compiled worker to start.
  if (workspaceCount < workerThreshold || !existsSync(workerFile)) return inlineLogicChecker;
  return startLogicWorker();
}

/** Checks scripts on a thread running `file` (logic-worker.js; tests pass others). */
export function startLogicWorker(file: string = workerFile): LogicChecker {
  const worker = new Worker(file);
  const pending = new Map<number, Job>();
  let nextId = 0;
  let isBroken = false;
  let onIdle: (() => void) | undefined;
  const notifyIfIdle = () => {
    if (pending.size === 0) onIdle?.();
  };
  // A thread that fails or exits early loses nothing: what it still had is checked here.
  const takeBack = () => {
    isBroken = true;
    for (const job of pending.values()) job.deliver(checkLogicSource(job.file, job.code));
    pending.clear();
    notifyIfIdle();
  };
  worker.on('message', ({ id, findings }: WorkerReply) => {
    const job = pending.get(id);
    if (!job) return;
    pending.delete(id);
    job.deliver(findings);
    notifyIfIdle();
  });
  worker.on('error', takeBack);
  worker.on('exit', takeBack);
  return {
    check(file, code, deliver) {
      if (isBroken) return deliver(checkLogicSource(file, code));
      const id = nextId++;
      pending.set(id, { file, code, deliver });
      worker.postMessage({ id, file, code });
    },
    settled() {
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
