import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { emptyPreferences, type ClientPreferences } from './preferences.ts';
import { rankSlots, scoreSlot } from './slot-ranking.ts';

const TZ = 'Asia/Bishkek';
const at = (iso: string) => DateTime.fromISO(iso, { zone: TZ }).toJSDate();
const slot = (staffId: string, iso: string) => ({ staffId, staffName: staffId === 'dinara' ? 'Динара' : 'Айбек', startAt: at(iso), endAt: new Date(at(iso).getTime() + 3600_000) });

const prefs: ClientPreferences = {
  ...emptyPreferences(),
  visits: 10,
  staff: { staffId: 'dinara', share: 0.9, confidence: 0.8 },
  timeOfDay: { value: 'evening', share: 0.8, confidence: 0.6, typicalTime: '18:00' },
  weekdays: { value: ['sat'], share: 0.7, confidence: 0.5 },
};

describe('slot ranking: 60 % staff, 40 % time', () => {
  it('scores each part, blended with its confidence, and explains the sum', () => {
    // Saturday 2026-01-10 18:00 with the favourite: staff 0.8·1 + 0.2·0.5 = 0.9; hour 0.6·1 + 0.4·0.5 = 0.8;
    // day 0.5·1 + 0.5·0.5 = 0.75; time = 0.7·0.8 + 0.3·0.75 = 0.785; total = 0.6·0.9 + 0.4·0.785 = 0.854
    const best = scoreSlot(slot('dinara', '2026-01-10T18:00'), prefs, TZ);
    expect(best.score).toBe(0.854);
    expect(best.explanation.staff).toMatchObject({ score: 0.9, weight: 0.6 });
    expect(best.explanation.staff.reason).toMatch(/Динара is the favourite \(90 % of visits/);
    expect(best.explanation.time).toMatchObject({ score: 0.785, weight: 0.4 });
    expect(best.explanation.time.timeOfDay).toMatchObject({ score: 0.8, slot: 'evening' });
    expect(best.explanation.time.weekday).toMatchObject({ score: 0.75, slot: 'sat' });
    expect(best.explanation.summary).toBe('0.854 = 0.6 × 0.9 (staff) + 0.4 × 0.785 (time: 0.7 × 0.8 hour + 0.3 × 0.75 day)');
  });

  it('the favourite staff member at a worse time beats another at the perfect time (staff outweighs time)', () => {
    const favouriteMorningMonday = scoreSlot(slot('dinara', '2026-01-05T10:00'), prefs, TZ);
    const otherEveningSaturday = scoreSlot(slot('aibek', '2026-01-10T18:00'), prefs, TZ);
    // staff 0.9, hour 0.6·0 + 0.2 = 0.2, day 0.25 → 0.6·0.9 + 0.4·(0.14 + 0.075) = 0.626
    expect(favouriteMorningMonday.score).toBe(0.626);
    // staff 0.8·0 + 0.1 = 0.1 → 0.6·0.1 + 0.4·0.785 = 0.374
    expect(otherEveningSaturday.score).toBe(0.374);
    expect(otherEveningSaturday.explanation.staff.reason).toMatch(/Айбек is not the favourite/);
    expect(favouriteMorningMonday.explanation.time.timeOfDay.reason).toMatch(/morning slot; the client prefers evening/);
  });

  it('a neighbouring time of day scores between a match and the opposite', () => {
    const afternoon = scoreSlot(slot('dinara', '2026-01-10T14:00'), prefs, TZ).explanation.time.timeOfDay.score;
    expect(afternoon).toBe(0.44);
  });

  it('picks the best few, one per day first, best first', () => {
    const slots = [
      slot('aibek', '2026-01-10T18:00'),
      slot('dinara', '2026-01-10T18:00'),
      slot('dinara', '2026-01-10T18:30'),
      slot('dinara', '2026-01-09T18:00'),
      slot('dinara', '2026-01-08T10:00'),
      slot('aibek', '2026-01-07T18:00'),
    ];
    const ranked = rankSlots(slots, prefs, { timezone: TZ, limit: 3 });
    // The three best, one per day, listed in date order.
    expect(ranked.map((s) => [s.staffId, DateTime.fromJSDate(s.startAt, { zone: TZ }).toFormat('ccc HH:mm')])).toEqual([
      ['dinara', 'Thu 10:00'],
      ['dinara', 'Fri 18:00'],
      ['dinara', 'Sat 18:00'],
    ]);
    expect(ranked[2]!.score).toBeGreaterThan(ranked[1]!.score);
  });

  it('a client without history gets the earliest slots, each part at 0.5', () => {
    const ranked = rankSlots([slot('aibek', '2026-01-07T12:00'), slot('dinara', '2026-01-06T18:00')], emptyPreferences(), { timezone: TZ, limit: 2 });
    expect(ranked.map((s) => s.score)).toEqual([0.5, 0.5]);
    expect(ranked[0]!.staffId).toBe('dinara');
    expect(ranked[0]!.explanation.staff.reason).toBe('no favourite staff member yet');
  });
});
