import { describe, expect, it } from 'vitest';
import { comparePriority, segmentOf, type Prioritised } from './priority.ts';

const thresholds = { vipMinVisits: 10, vipMinSpend: 20000, regularMinVisits: 3 };

describe('client segments', () => {
  it('VIP by visit count or by spend; regular by visit count; otherwise new', () => {
    expect(segmentOf({ visits: 10, spend: 0 }, thresholds)).toBe('vip');
    expect(segmentOf({ visits: 2, spend: 25000 }, thresholds)).toBe('vip');
    expect(segmentOf({ visits: 3, spend: 100 }, thresholds)).toBe('regular');
    expect(segmentOf({ visits: 2, spend: 100 }, thresholds)).toBe('new');
  });

  it('without a spend threshold only visits make a VIP', () => {
    expect(segmentOf({ visits: 2, spend: 1e9 }, { ...thresholds, vipMinSpend: null })).toBe('new');
  });
});

describe('priority order', () => {
  it('VIP → regular → new, then spend, then days overdue', () => {
    const clients: Prioritised[] = [
      { contactId: 'n', segment: 'new', spend: 99999, overdueDays: 100 },
      { contactId: 'r1', segment: 'regular', spend: 5000, overdueDays: 3 },
      { contactId: 'r2', segment: 'regular', spend: 5000, overdueDays: 9 },
      { contactId: 'v', segment: 'vip', spend: 100, overdueDays: 1 },
      { contactId: 'r3', segment: 'regular', spend: 8000, overdueDays: 1 },
    ];
    expect([...clients].sort(comparePriority).map((c) => c.contactId)).toEqual(['v', 'r3', 'r2', 'r1', 'n']);
  });
});
