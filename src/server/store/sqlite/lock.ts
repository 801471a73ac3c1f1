// One SQLite connection runs one thing at a time. better-sqlite3 runs each statement
// synchronously, but an asynchronous unit of work stays open across awaits: without this lock,
// another request's statement would run inside it (and commit or roll back with it) or read what
// it has not committed. Every store call takes the lock, in the order the calls came (FIFO).
import { AsyncLocalStorage } from 'node:async_hooks';

export class ConnectionLock {
  private tail: Promise<unknown> = Promise.resolve();
  /** Set while a unit of work runs, so that a store call made from inside it fails instead of waiting for ever. */
  private readonly holder = new AsyncLocalStorage<ConnectionLock>();

  /** Runs `work` when every call before it has finished. */
  run<T>(work: () => T | Promise<T>): Promise<T> {
    if (this.holder.getStore() === this) {
      return Promise.reject(new Error('A store method was called inside a transaction of the same store: it would wait for that transaction for ever. Use the transaction\'s own methods (tx).'));
    }
    const result = this.tail.then(work);
    this.tail = result.then(noop, noop);
    return result;
  }

  /** The same, with `work` marked as the holder (for units of work that await inside). */
  runHolding<T>(work: () => Promise<T>): Promise<T> {
    return this.run(() => this.holder.run(this, work));
  }
}

function noop(): void {}
