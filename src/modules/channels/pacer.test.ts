import { describe, expect, it } from 'vitest';
import { KeyedPacer } from './pacer.ts';

function manual() {
  let now = 1_000_000;
  const waits: number[] = [];
  const pacer = new KeyedPacer(
    () => now,
    async (ms) => {
      waits.push(ms);
      now += ms;
    },
  );
  return { pacer, waits, advance: (ms: number) => (now += ms), now: () => now };
}

describe('KeyedPacer', () => {
  it('spaces calls to one chat by its interval and lets other chats through', async () => {
    const { pacer, waits } = manual();
    const chat = (id: string) => [{ key: 'bot', intervalMs: 34 }, { key: `bot:${id}`, intervalMs: 1000 }];
    await pacer.acquire(chat('a'), 5000);
    await pacer.acquire(chat('a'), 5000);
    await pacer.acquire(chat('b'), 5000);
    await pacer.acquire(chat('a'), 5000);
    expect(waits).toEqual([1000, 34, 966]);
  });

  it('never starts more than 30 calls in any second for a 34 ms global interval', async () => {
    const { pacer, now } = manual();
    const starts: number[] = [];
    for (let i = 0; i < 100; i++) {
      await pacer.acquire([{ key: 'bot', intervalMs: 34 }, { key: `bot:${i}`, intervalMs: 1000 }], 10_000);
      starts.push(now());
    }
    for (let i = 30; i < starts.length; i++) expect(starts[i]! - starts[i - 30]!).toBeGreaterThanOrEqual(1000);
  });

  it('does not reserve a slot that is further away than the caller may wait', () => {
    const { pacer } = manual();
    const rules = [{ key: 'bot:a', intervalMs: 1000 }];
    expect(pacer.reserve(rules, 0)).toEqual({ ok: true, waitMs: 0 });
    expect(pacer.reserve(rules, 500)).toEqual({ ok: false, waitMs: 1000 });
    expect(pacer.reserve(rules, 1000)).toEqual({ ok: true, waitMs: 1000 });
    expect(pacer.reserve(rules, 1500)).toEqual({ ok: false, waitMs: 2000 });
  });
});
