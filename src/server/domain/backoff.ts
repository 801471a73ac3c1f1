// Slowing down password guessing: after a few failed sign-ins for the same name from the same
// address, each further attempt must wait, twice as long each time, up to a ceiling.
export interface AttemptState {
  failures: number;
  /** Epoch ms before which the next attempt is refused without checking the password. */
  lockedUntil: number;
}

export const freeAttempts = 3;
const firstDelayMs = 1000;
const maxDelayMs = 15 * 60 * 1000;

export function lockoutAfter(failures: number): number {
  if (failures < freeAttempts) return 0;
  return Math.min(maxDelayMs, firstDelayMs * 2 ** (failures - freeAttempts));
}

export function recordFailure(state: AttemptState | undefined, now: number): AttemptState {
  const failures = (state?.failures ?? 0) + 1;
  return { failures, lockedUntil: now + lockoutAfter(failures) };
}

/** Milliseconds to wait before the next attempt; 0 when it may go ahead. */
export function waitBeforeAttempt(state: AttemptState | undefined, now: number): number {
  return state ? Math.max(0, state.lockedUntil - now) : 0;
}
