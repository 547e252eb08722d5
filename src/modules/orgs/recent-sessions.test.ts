import { describe, expect, it } from 'vitest';
import type { AuthContext } from '../../platform/http/auth.ts';
import { RecentSessions } from './recent-sessions.ts';

const auth: AuthContext = { organizationId: 'o1', userId: 'u1', role: 'agent', via: 'session', sessionId: 's1' };
const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);

describe('RecentSessions', () => {
  it('answers a session looked up moments ago, not after the time to live', () => {
    const recent = new RecentSessions(5_000);
    recent.remember('hash', auth, at(0), at(3_600_000));
    expect(recent.get('hash', at(4_999))).toEqual(auth);
    expect(recent.get('hash', at(5_000))).toBeUndefined();
    expect(recent.get('other', at(0))).toBeUndefined();
  });

  it('never outlives the session itself, nor a clock that moved back', () => {
    const recent = new RecentSessions(5_000);
    recent.remember('hash', auth, at(0), at(1_000));
    expect(recent.get('hash', at(1_000))).toBeUndefined();
    recent.remember('hash', auth, at(10_000), at(3_600_000));
    expect(recent.get('hash', at(9_000))).toBeUndefined();
  });

  it('forgets everything at once (logout, a role change, a removed member)', () => {
    const recent = new RecentSessions(5_000);
    recent.remember('hash', auth, at(0), at(3_600_000));
    recent.forgetAll();
    expect(recent.get('hash', at(1))).toBeUndefined();
  });

  it('starts over instead of growing past its bound', () => {
    const recent = new RecentSessions(5_000, 2);
    recent.remember('a', auth, at(0), at(3_600_000));
    recent.remember('b', auth, at(0), at(3_600_000));
    recent.remember('c', auth, at(0), at(3_600_000));
    expect(recent.get('a', at(1))).toBeUndefined();
    expect(recent.get('c', at(1))).toEqual(auth);
  });
});
