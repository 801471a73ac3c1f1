// The worker thread of logic-checker.ts: reads and checks the scripts it is sent, in order.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { checkLogicSource } from '../logic/check.js';
import type { WorkerReply, WorkerRequest } from './logic-checker.js';

let root = '';

function read(file: string): string | undefined {
  try {
    return readFileSync(join(root, file), 'utf8');
  } catch {
    return undefined;
  }
}

parentPort?.on('message', (request: WorkerRequest) => {
  if ('root' in request) {
    root = request.root;
    return;
  }
  for (const { id, file } of request.jobs) {
    const code = read(file);
    const reply: WorkerReply = { id, checked: code === undefined ? undefined : checkLogicSource(file, code) };
    parentPort?.postMessage(reply);
  }
});
