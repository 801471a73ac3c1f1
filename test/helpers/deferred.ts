// Test stores that answer the way a database across a network does: on a later turn of the
// event loop. A forgotten await is invisible on SQLite (the statement runs when it is called);
// here the forgotten call has not happened yet when the caller goes on, and `commit` fails while
// any call is still pending.
export class DeferredAnswers {
  private pending = 0;

  /** `compute` runs on a later turn; its value (or throw) is the answer. */
  answer<T>(compute: () => T): Promise<T> {
    this.pending++;
    return new Promise<T>((resolve, reject) => {
      setImmediate(() => {
        this.pending--;
        try {
          resolve(compute());
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
  }

  /** What a commit checks: every call answered (one still pending was not awaited). */
  commit(): void {
    if (this.pending > 0) throw new Error(`${this.pending} store call(s) still pending at commit: an await is missing, so the call would run after the transaction ended.`);
  }
}
