// One SQLite connection runs one thing at a time. better-sqlite3 runs each statement
// synchronously, but an asynchronous unit of work stays open across awaits: without this lock,
// another request's statement would run inside it (and commit or roll back with it) or read what
// it has not committed. Every store call takes the lock, in the order the calls came (FIFO).
//
// A call that waits longer than `maxWaitMs` fails instead of waiting for ever: a store method
// called from inside a unit of work of the same store waits for that unit, which waits for it.
// (AsyncLocalStorage could tell that call apart at once, but on Node 20 it hooks every promise
// of the process and cost a sync push of 10,000 operations 13 % of its CPU time.)

export const defaultMaxLockWaitMs = 30_000;

export class ConnectionLock {
  private tail: Promise<void> = Promise.resolve();
  /** Calls holding or waiting for the lock. */
  private busy = 0;

  constructor(private readonly maxWaitMs = defaultMaxLockWaitMs) {}

  /** Runs `work` when every call before it has finished. */
  run<T>(work: () => T | Promise<T>): Promise<T> {
    const previous = this.tail;
    const turn = this.busy > 0 ? this.deadline(previous) : previous;
    this.busy++;
    const result = turn.then(work);
    // The next call waits for this one's turn too, even when this one gave up waiting.
    this.tail = previous.then(() => result).then(this.done, this.done);
    return result;
  }

  private readonly done = (): void => {
    this.busy--;
  };

  private deadline(turn: Promise<void>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(
          new Error(
            `The store waited ${this.maxWaitMs / 1000} s for a transaction to end. A store method called from inside a transaction of the same store waits for it for ever: use the transaction's own methods (tx).`,
          ),
        );
      }, this.maxWaitMs);
      timer.unref();
      void turn.then(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
