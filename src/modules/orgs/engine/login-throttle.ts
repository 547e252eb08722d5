/**
 * Login throttling policy, per account (the e-mail typed) and per client address. Failures within a window
 * are counted; past a few free ones each further attempt must wait twice as long as the last (1 s, 2 s, 4 s …
 * up to a minute), and past a limit the key is locked for a while — even the right password is refused then.
 */
export interface ThrottlePolicy {
  /** Failures after which the next attempt must wait. */
  freeFailures: number;
  /** Failures that lock the key. */
  lockAfter: number;
  lockMs: number;
  maxDelayMs: number;
  /** Failures older than this (since the last one) are forgotten. */
  windowMs: number;
}

export const ACCOUNT_POLICY: ThrottlePolicy = { freeFailures: 3, lockAfter: 10, lockMs: 15 * 60_000, maxDelayMs: 60_000, windowMs: 60 * 60_000 };
/** An address may try many accounts (an office behind one NAT), so it gets more room than one account. */
export const ADDRESS_POLICY: ThrottlePolicy = { freeFailures: 10, lockAfter: 50, lockMs: 15 * 60_000, maxDelayMs: 60_000, windowMs: 60 * 60_000 };

export interface ThrottleState {
  failures: number;
  lastFailureAt: Date;
  nextAttemptAt: Date | null;
  lockedUntil: Date | null;
}

/** Milliseconds the caller must still wait before another attempt with this key (0: go ahead). */
export function waitBeforeAttempt(state: ThrottleState | undefined, now: Date): { waitMs: number; locked: boolean } {
  if (!state) return { waitMs: 0, locked: false };
  if (state.lockedUntil && state.lockedUntil > now) return { waitMs: state.lockedUntil.getTime() - now.getTime(), locked: true };
  if (state.nextAttemptAt && state.nextAttemptAt > now) return { waitMs: state.nextAttemptAt.getTime() - now.getTime(), locked: false };
  return { waitMs: 0, locked: false };
}

/** The state after one more failure; `lockedNow` is true only on the failure that starts a lock. */
export function afterFailure(state: ThrottleState | undefined, now: Date, policy: ThrottlePolicy): ThrottleState & { lockedNow: boolean } {
  const isFresh = !state || now.getTime() - state.lastFailureAt.getTime() > policy.windowMs || (state.lockedUntil !== null && state.lockedUntil <= now);
  const failures = isFresh ? 1 : state.failures + 1;
  // The attempt after the last free failure waits 1 s, the next 2 s, and so on.
  const over = failures - policy.freeFailures;
  const delayMs = over >= 0 ? Math.min(1000 * 2 ** over, policy.maxDelayMs) : 0;
  const lockedNow = failures >= policy.lockAfter;
  return {
    failures: lockedNow ? 0 : failures,
    lastFailureAt: now,
    nextAttemptAt: delayMs > 0 ? new Date(now.getTime() + delayMs) : null,
    lockedUntil: lockedNow ? new Date(now.getTime() + policy.lockMs) : null,
    lockedNow,
  };
}
