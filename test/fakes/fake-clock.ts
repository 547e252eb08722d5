/** Virtual time for pacing/backoff tests: `sleep()` advances `now()` instantly and records the wait. */
export interface FakeClock {
  t: number;
  waits: number[];
  now(): number;
  sleep(ms: number): Promise<void>;
}

export function fakeClock(start = 0): FakeClock {
  const c: FakeClock = {
    t: start,
    waits: [],
    now: () => c.t,
    sleep: async (ms: number) => {
      c.waits.push(ms);
      c.t += ms;
    },
  };
  return c;
}
