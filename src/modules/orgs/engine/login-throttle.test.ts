import { describe, expect, it } from 'vitest';
import { ACCOUNT_POLICY, afterFailure, waitBeforeAttempt, type ThrottleState } from './login-throttle.ts';

const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1) + seconds * 1000);

function fail(times: number, start = 0): { state: ThrottleState | undefined; delays: number[]; lockedAt: number[] } {
  let state: ThrottleState | undefined;
  const delays: number[] = [];
  const lockedAt: number[] = [];
  let clock = start;
  for (let i = 1; i <= times; i++) {
    clock += waitBeforeAttempt(state, at(clock)).waitMs / 1000;
    const next = afterFailure(state, at(clock), ACCOUNT_POLICY);
    if (next.lockedNow) lockedAt.push(i);
    state = next;
    delays.push(waitBeforeAttempt(state, at(clock)).waitMs / 1000);
  }
  return { state, delays, lockedAt };
}

describe('login throttle policy', () => {
  it('makes the attempt after the third failure wait 1 s, then doubles the wait', () => {
    expect(fail(8).delays).toEqual([0, 0, 1, 2, 4, 8, 16, 32]);
  });

  it('locks the account for 15 minutes on the tenth failure', () => {
    const { state, lockedAt } = fail(10);
    expect(lockedAt).toEqual([10]);
    expect(waitBeforeAttempt(state, at(100))).toMatchObject({ locked: true });
    expect(waitBeforeAttempt(state, at(100)).waitMs).toBeGreaterThan(14 * 60_000);
  });

  it('forgets failures after an hour without one, and counts afresh after a lock ends', () => {
    const first = afterFailure(undefined, at(0), ACCOUNT_POLICY);
    expect(afterFailure(first, at(3601), ACCOUNT_POLICY).failures).toBe(1);
    const { state } = fail(10);
    const afterLock = afterFailure(state, at(3 * 3600), ACCOUNT_POLICY);
    expect(afterLock).toMatchObject({ failures: 1, lockedNow: false });
  });
});
