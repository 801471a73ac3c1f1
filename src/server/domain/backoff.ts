// Slowing down password guessing: after a few failed sign-ins for the same name from the same
// address, each further attempt must wait, twice as long each time, up to a ceiling.
// An attempt is reserved before its password is checked, in one synchronous step: it counts as
// a failure until it succeeds, and while it is being checked no other attempt for the same name
// and address is checked at all, so parallel guesses cannot all slip in before the first fails.
export interface AttemptState {
  failures: number;
  /** Epoch ms before which the next attempt is refused without checking the password. */
  lockedUntil: number;
  /** Epoch ms of the latest attempt: failures are forgotten some time after it. */
  lastAt: number;
  /** A password check for this key is running. */
  isChecking: boolean;
}

export const freeAttempts = 3;
const firstDelayMs = 1000;
const maxDelayMs = 15 * 60 * 1000;
/** How long a refusal while another check runs asks the client to wait. */
export const checkingWaitMs = 1000;

export function lockoutAfter(failures: number): number {
  if (failures < freeAttempts) return 0;
  return Math.min(maxDelayMs, firstDelayMs * 2 ** (failures - freeAttempts));
}

export function recordFailure(state: AttemptState | undefined, now: number): AttemptState {
  const failures = (state?.failures ?? 0) + 1;
  return { failures, lockedUntil: now + lockoutAfter(failures), lastAt: now, isChecking: false };
}

/** Milliseconds to wait before the next attempt; 0 when it may go ahead. */
export function waitBeforeAttempt(state: AttemptState | undefined, now: number): number {
  if (!state) return 0;
  const locked = Math.max(0, state.lockedUntil - now);
  return state.isChecking ? Math.max(locked, checkingWaitMs) : locked;
}

export type Reservation = { ok: true; previous: AttemptState | undefined } | { ok: false; waitMs: number };

export interface AttemptLimits {
  /** Failures are forgotten this long after the latest attempt (and once any lockout is over). */
  forgetAfterMs: number;
  /** Entries kept at most; beyond it the oldest idle ones go first. */
  maxEntries: number;
}

export const defaultAttemptLimits: AttemptLimits = { forgetAfterMs: 60 * 60 * 1000, maxEntries: 50_000 };
const pruneEveryMs = 60 * 1000;

/** The attempts per name and address, pruned as it goes so that it cannot grow without bound. */
export class SignInAttempts {
  private readonly states = new Map<string, AttemptState>();
  private lastPrune = 0;

  constructor(private readonly limits: AttemptLimits = defaultAttemptLimits) {}

  get size(): number {
    return this.states.size;
  }

  /** Refuses (with the wait) or reserves the attempt, counting it as a failure until `succeeded`. */
  reserve(key: string, now: number): Reservation {
    if (now - this.lastPrune >= pruneEveryMs || this.states.size >= this.limits.maxEntries) this.prune(now);
    const previous = this.states.get(key);
    const waitMs = waitBeforeAttempt(previous, now);
    if (waitMs > 0) return { ok: false, waitMs };
    this.states.delete(key); // re-inserted last: the Map's order is the order of the latest attempt
    this.states.set(key, { ...recordFailure(previous, now), isChecking: true });
    return { ok: true, previous };
  }

  /** The check ended with a wrong password: the failure stays counted. */
  failed(key: string): void {
    const state = this.states.get(key);
    if (state) state.isChecking = false;
  }

  succeeded(key: string): void {
    this.states.delete(key);
  }

  /** The check never ran (the server was too busy): as if the attempt had not been made. */
  withdraw(key: string, previous: AttemptState | undefined): void {
    if (previous) this.states.set(key, previous);
    else this.states.delete(key);
  }

  prune(now: number): void {
    this.lastPrune = now;
    for (const [key, state] of this.states) {
      if (!state.isChecking && state.lockedUntil <= now && now - state.lastAt >= this.limits.forgetAfterMs) this.states.delete(key);
    }
    for (const [key, state] of this.states) {
      if (this.states.size < this.limits.maxEntries) break;
      if (!state.isChecking) this.states.delete(key);
    }
  }
}
