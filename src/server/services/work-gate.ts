// Bounds concurrent CPU-heavy work (password hashing): at most `maxRunning` at once and
// `maxWaiting` in line; beyond that a caller is refused at once (503 busy) rather than queued
// without end, so a flood cannot make a real sign-in wait for thousands of checks ahead of it.
import { ServiceError } from './errors.js';

export interface GateLimits {
  maxRunning: number;
  maxWaiting: number;
}

export class WorkGate {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limits: GateLimits) {}

  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  /** True when `run` would refuse now. */
  get isFull(): boolean {
    return this.running >= this.limits.maxRunning && this.waiting.length >= this.limits.maxWaiting;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.limits.maxRunning) {
      if (this.waiting.length >= this.limits.maxWaiting) {
        throw new ServiceError('busy', 'Busy', 'The environment is checking too many sign-ins at once; try again shortly.', {}, { 'retry-after': '1' });
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await work();
    } finally {
      // Hand the slot straight to the next in line, so `running` never drops below the queue's need.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
