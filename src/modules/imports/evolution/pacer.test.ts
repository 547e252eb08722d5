import { describe, expect, it } from 'vitest';
import { Pacer } from './pacer.ts';
import { fakeClock } from '../../../../test/fakes/fake-clock.ts';

describe('Pacer', () => {
  it('with 5 requests/s, 6 back-to-back requests span at least 1 s (spacing 200 ms)', async () => {
    const clock = fakeClock(1_000_000);
    const pacer = new Pacer(5, clock);
    const startedAt: number[] = [];
    for (let i = 0; i < 6; i++) {
      await pacer.acquire();
      startedAt.push(clock.now());
    }
    expect(clock.waits).toEqual([200, 200, 200, 200, 200]);
    expect(startedAt[5]! - startedAt[0]!).toBeGreaterThanOrEqual(1000);
    // No one-second window holds more than 5 starts.
    for (const s of startedAt) expect(startedAt.filter((x) => x >= s && x < s + 1000).length).toBeLessThanOrEqual(5);
  });

  it('concurrent callers reserve distinct slots', () => {
    const clock = fakeClock();
    const pacer = new Pacer(5, clock);
    const waits = Array.from({ length: 6 }, () => pacer.reserve());
    expect(waits).toEqual([0, 200, 400, 600, 800, 1000]);
  });

  it('does not wait when requests are already spaced out, and never banks idle time as a burst', async () => {
    const clock = fakeClock();
    const pacer = new Pacer(2, clock);
    expect(await pacer.acquire()).toBe(0);
    clock.t += 5000; // idle
    expect(await pacer.acquire()).toBe(0);
    expect(await pacer.acquire()).toBe(500);
    clock.t += 100; // partly elapsed
    expect(await pacer.acquire()).toBe(400);
  });

  it('rejects a non-positive rate', () => {
    expect(() => new Pacer(0)).toThrow(RangeError);
    expect(() => new Pacer(Number.NaN)).toThrow(RangeError);
  });
});
