import { describe, expect, it } from 'vitest';
import { emptyCounts, addCounts } from '../health-rules.ts';
import { allowanceAtLevel, judgeDay, nextLevel, topLevel } from './warmup-level.ts';

const day = (counts: Parameters<typeof addCounts>[1]) => addCounts(emptyCounts(), counts);
const curve = { startDaily: 30, dailyIncrease: 20 };

describe('warm-up levels', () => {
  it('follows the curve up to the daily cap', () => {
    expect(allowanceAtLevel(curve, 300, 0)).toBe(30);
    expect(allowanceAtLevel(curve, 300, 3)).toBe(90);
    expect(allowanceAtLevel(curve, 300, 50)).toBe(300);
    expect(allowanceAtLevel(null, 1000, 7)).toBe(1000);
    expect(allowanceAtLevel(null, null, 0)).toBeNull();
    expect(topLevel(curve, 300)).toBe(14);
    expect(topLevel(curve, null)).toBeNull();
  });

  it('judges a day: quiet and clean days are healthy, problems hold or drop', () => {
    expect(judgeDay(day({}))).toBe('healthy');
    expect(judgeDay(day({ sent: 40 }))).toBe('healthy');
    expect(judgeDay(day({ sent: 40, failed: 5 }))).toBe('hold');
    expect(judgeDay(day({ sent: 40, rate_limited: 1 }))).toBe('hold');
    expect(judgeDay(day({ sent: 30, failed: 10 }))).toBe('failure_burst');
    expect(judgeDay(day({ sent: 30, rate_limited: 3 }))).toBe('failure_burst');
    expect(judgeDay(day({ sent: 30, rejected: 2 }))).toBe('reported');
    expect(judgeDay(day({ sent: 30, auth_revoked: 1 }))).toBe('blocked');
    // Too few sends for a share to mean a burst.
    expect(judgeDay(day({ sent: 3, failed: 2 }))).toBe('hold');
  });

  it('rises one level per healthy day up to the top, drops on blocks, reports and bursts', () => {
    expect(nextLevel(3, 'healthy', 14)).toBe(4);
    expect(nextLevel(14, 'healthy', 14)).toBe(14);
    expect(nextLevel(3, 'healthy', null)).toBe(4);
    expect(nextLevel(3, 'hold', 14)).toBe(3);
    expect(nextLevel(5, 'failure_burst', 14)).toBe(3);
    expect(nextLevel(1, 'reported', 14)).toBe(0);
    expect(nextLevel(9, 'blocked', 14)).toBe(4);
  });
});
