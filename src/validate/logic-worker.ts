// The worker thread of logic-checker.ts: checks each script it is sent and replies in order.
import { parentPort } from 'node:worker_threads';
import { checkLogicSource } from '../logic/check.js';
import type { WorkerReply } from './logic-checker.js';

parentPort?.on('message', ({ id, file, code }: { id: number; file: string; code: string }) => {
  const reply: WorkerReply = { id, findings: checkLogicSource(file, code) };
  parentPort?.postMessage(reply);
});
