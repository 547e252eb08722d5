import { describe, expect, it } from 'vitest';
import { capacity, minGapMs, planSlots, windowOfDay } from './slots.ts';

describe('re-engagement slot planning', () => {
  const window = windowOfDay('2026-03-02', { start: '10:00', end: '19:00' }, 'Asia/Bishkek');

  it('reads the working window in the organization’s time zone', () => {
    expect(window.start.toISOString()).toBe('2026-03-02T04:00:00.000Z');
    expect(window.end.toISOString()).toBe('2026-03-02T13:00:00.000Z');
  });

  it('takes the larger of the pace and the hourly cap as the minimum gap', () => {
    expect(minGapMs({ paceSeconds: 30, hourlyCap: 60 })).toBe(60_000);
    expect(minGapMs({ paceSeconds: 90, hourlyCap: 60 })).toBe(90_000);
    expect(minGapMs({ paceSeconds: null, hourlyCap: null })).toBe(0);
  });

  it('spreads sends evenly over the whole window, each in its slot', () => {
    const plan = planSlots(18, window.start, window.end, 0, 30);
    const gaps = plan.slice(1).map((p, i) => p.at.getTime() - plan[i]!.at.getTime());
    expect(new Set(gaps)).toEqual(new Set([30 * 60_000]));
    expect(plan[0]!.at).toEqual(window.start);
    expect(plan.at(-1)!.at.getTime()).toBeLessThan(window.end.getTime());
    expect(plan.map((p) => p.slotStart.getTime())).toEqual(plan.map((p) => p.at.getTime()));
  });

  it('never packs sends closer than the account allows, and refuses more than fit', () => {
    const gap = minGapMs({ paceSeconds: 30, hourlyCap: 60 });
    const fits = capacity(window.start, window.end, gap);
    expect(fits).toBe(540);
    const plan = planSlots(fits, window.start, window.end, gap, 30);
    const gaps = plan.slice(1).map((p, i) => p.at.getTime() - plan[i]!.at.getTime());
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(gap);
    // At most the hourly cap in any clock hour.
    const perHour = new Map<number, number>();
    for (const p of plan) perHour.set(Math.floor(p.at.getTime() / 3_600_000), (perHour.get(Math.floor(p.at.getTime() / 3_600_000)) ?? 0) + 1);
    expect(Math.max(...perHour.values())).toBeLessThanOrEqual(60);
    // Slots of 30 minutes hold 30 sends each.
    const perSlot = new Map<number, number>();
    for (const p of plan) perSlot.set(p.slotStart.getTime(), (perSlot.get(p.slotStart.getTime()) ?? 0) + 1);
    expect([...perSlot.values()].every((n) => n === 30)).toBe(true);
    expect(() => planSlots(fits + 1, window.start, window.end, gap, 30)).toThrow();
  });

  it('starts mid-window when formed late, keeping slot boundaries of the whole day', () => {
    const from = new Date(window.start.getTime() + 95 * 60_000);
    const plan = planSlots(4, from, window.end, 0, 30, window.start);
    expect(plan[0]!.at).toEqual(from);
    expect(plan[0]!.slotStart.getTime()).toBe(window.start.getTime() + 90 * 60_000);
  });
});
