import { describe, expect, it } from 'vitest';
import { daysToSend, windowCapacity, windowMinutes } from './launch-plan.ts';

describe('launch plan', () => {
  it('measures a window and what it holds', () => {
    expect(windowMinutes('09:00', '21:00')).toBe(720);
    expect(windowMinutes('22:00', '06:00')).toBe(480);
    expect(windowCapacity(720, 20, 5)).toBe(240);
    expect(windowCapacity(720, null, 60)).toBe(720);
    expect(windowCapacity(720, null, null)).toBeNull();
  });

  it('counts days with a growing allowance, the window capping each day', () => {
    // 30 today, then 50, 70, 90… : 200 need 30 + 50 + 70 + 50 → 4 days.
    expect(daysToSend(200, 30, (d) => 30 + 20 * d, null)).toBe(4);
    expect(daysToSend(200, 30, (d) => 30 + 20 * d, 40)).toBe(6);
    expect(daysToSend(7, null, () => null, null)).toBe(1);
    expect(daysToSend(0, 0, () => 0, null)).toBe(0);
    // Nothing left today: everyone waits for tomorrow.
    expect(daysToSend(10, 0, () => 10, null)).toBe(2);
  });
});
