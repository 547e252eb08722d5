import { describe, expect, it } from 'vitest';
import { emptyReason } from './reengagement.service.ts';

const row = (over: Partial<Parameters<typeof emptyReason>[0]> = {}) => ({
  status: 'ready',
  candidates: 40,
  eligible: 30,
  picked: 0,
  allowance: null,
  window_end: new Date('2026-03-25T13:00:00Z'),
  formed_at: new Date('2026-03-25T09:00:00Z'),
  ...over,
});

describe('why a queue picked nobody', () => {
  it('is read from the formation’s figures, in order: no quiet leads, none eligible, allowance spent, window passed', () => {
    expect(emptyReason(row({ picked: 3 }))).toBeNull();
    expect(emptyReason(row({ candidates: 0, eligible: 0 }))?.kind).toBe('no_quiet_leads');
    expect(emptyReason(row({ eligible: 0 }))).toMatchObject({ kind: 'none_eligible', candidates: 40 });
    expect(emptyReason(row({ allowance: 0 }))).toMatchObject({ kind: 'allowance_spent', eligible: 30 });
    expect(emptyReason(row({ formed_at: new Date('2026-03-25T14:00:00Z') }))).toMatchObject({ kind: 'window_passed', windowEnd: '2026-03-25T13:00:00.000Z' });
    expect(emptyReason(row())?.kind).toBe('no_room');
  });
});
