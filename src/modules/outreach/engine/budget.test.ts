import { describe, expect, it } from 'vitest';
import { capFor, counterWindows, decideSend, effectiveLimits, replyReserve, type BudgetState } from './budget.ts';

const now = new Date('2026-03-02T10:00:30Z');
const rules = { now, intervalMs: 5000, hourCap: 20, dayCap: 50, hourEnd: new Date('2026-03-02T11:00:00Z'), dayEnd: new Date('2026-03-03T00:00:00Z') };
const state = (over: Partial<BudgetState> = {}): BudgetState => ({ nextSlotAt: new Date(0), blockedUntil: null, hourUsed: 0, dayUsed: 0, replyWaitingSince: null, ...over });

describe('one budget per account', () => {
  it('lets a send go when pace and caps allow', () => {
    expect(decideSend(state(), rules, 'cold')).toEqual({ kind: 'go', at: now });
  });

  it('waits for the pace slot, the next hour or the next day', () => {
    expect(decideSend(state({ nextSlotAt: new Date(now.getTime() + 3000) }), rules, 'reply')).toMatchObject({ kind: 'wait', reason: 'pace', until: new Date(now.getTime() + 3000) });
    expect(decideSend(state({ hourUsed: 20 }), rules, 'reply')).toMatchObject({ kind: 'wait', reason: 'hourly_cap', until: rules.hourEnd });
    expect(decideSend(state({ dayUsed: 50 }), rules, 'reply')).toMatchObject({ kind: 'wait', reason: 'daily_cap', until: rules.dayEnd });
    expect(decideSend(state({ blockedUntil: rules.hourEnd }), rules, 'reply')).toMatchObject({ kind: 'wait', reason: 'blocked' });
  });

  it('keeps a share of each cap for replies: cold outreach stops first', () => {
    expect(replyReserve(20)).toBe(2);
    expect(replyReserve(50)).toBe(5);
    expect(replyReserve(6)).toBe(0);
    expect(capFor(20, 'cold')).toBe(18);
    expect(capFor(20, 'reply')).toBe(20);
    expect(capFor(null, 'cold')).toBeNull();
    expect(decideSend(state({ hourUsed: 18 }), rules, 'cold')).toMatchObject({ kind: 'wait', reason: 'hourly_cap' });
    expect(decideSend(state({ hourUsed: 18 }), rules, 'reply')).toMatchObject({ kind: 'go' });
    expect(decideSend(state({ dayUsed: 45 }), rules, 'cold')).toMatchObject({ kind: 'wait', reason: 'daily_cap' });
    expect(decideSend(state({ dayUsed: 45 }), rules, 'reply')).toMatchObject({ kind: 'go' });
  });

  it('cold outreach stands aside while a reply waits for its slot; a stale mark is ignored', () => {
    expect(decideSend(state({ replyWaitingSince: new Date(now.getTime() - 2000) }), rules, 'cold')).toMatchObject({ kind: 'wait', reason: 'reply_first' });
    expect(decideSend(state({ replyWaitingSince: new Date(now.getTime() - 2000) }), rules, 'reply')).toMatchObject({ kind: 'go' });
    expect(decideSend(state({ replyWaitingSince: new Date(now.getTime() - 11 * 60_000) }), rules, 'cold')).toMatchObject({ kind: 'go' });
  });

  it('counts in the organization’s day', () => {
    expect(effectiveLimits('evolution', null).paceSeconds).toBe(30);
    const w = counterWindows(new Date('2026-03-02T20:30:00Z'), 'Asia/Bishkek');
    expect(w.dayStart.toISOString()).toBe('2026-03-02T18:00:00.000Z');
    expect(w.hourEnd.toISOString()).toBe('2026-03-02T21:00:00.000Z');
  });
});
