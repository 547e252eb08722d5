import type { Clock } from './types.ts';

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Request pacing by spacing: request starts are at least `1000 / requestsPerSecond` ms apart, so any one-second
 * window holds at most `requestsPerSecond` starts (a token bucket with a burst would allow more). Slots are
 * reserved synchronously, so concurrent callers queue up correctly.
 */
export class Pacer {
  private readonly intervalMs: number;
  private nextAt = Number.NEGATIVE_INFINITY;

  constructor(
    requestsPerSecond: number,
    private readonly clock: Clock = systemClock,
  ) {
    if (!(requestsPerSecond > 0) || !Number.isFinite(requestsPerSecond)) {
      throw new RangeError(`requestsPerSecond must be a positive number, got ${requestsPerSecond}`);
    }
    this.intervalMs = 1000 / requestsPerSecond;
  }

  /** Reserves the next slot; returns the wait (ms) needed before it. */
  reserve(): number {
    const now = this.clock.now();
    const at = Math.max(now, this.nextAt);
    this.nextAt = at + this.intervalMs;
    return at - now;
  }

  /** Waits for the next slot; resolves with the time waited (ms). */
  async acquire(): Promise<number> {
    const wait = this.reserve();
    if (wait > 0) await this.clock.sleep(wait);
    return wait;
  }
}
