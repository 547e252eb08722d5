import { describe, expect, it } from 'vitest';
import { isInSendWindow, nextSendOpening, spreadSendTimes } from './send-plan.ts';

const ZONE = 'Asia/Bishkek'; // UTC+6
const WINDOW = { start: '10:00', end: '20:00', daysOfWeek: [1, 2, 3, 4, 5, 6] };

describe('send window', () => {
  it('knows local hours and weekdays', () => {
    expect(isInSendWindow(new Date('2026-03-04T05:00:00Z'), WINDOW, ZONE)).toBe(true); // Wed 11:00
    expect(isInSendWindow(new Date('2026-03-04T03:00:00Z'), WINDOW, ZONE)).toBe(false); // Wed 09:00
    expect(isInSendWindow(new Date('2026-03-08T05:00:00Z'), WINDOW, ZONE)).toBe(false); // Sun
  });

  it('opens next at 10:00 of the next allowed day', () => {
    expect(nextSendOpening(new Date('2026-03-04T03:00:00Z'), WINDOW, ZONE).toISOString()).toBe('2026-03-04T04:00:00.000Z');
    expect(nextSendOpening(new Date('2026-03-07T15:00:00Z'), WINDOW, ZONE).toISOString()).toBe('2026-03-09T04:00:00.000Z'); // Sat 21:00 → Mon
  });
});

describe('spreading the day’s offers', () => {
  it('spreads evenly over the rest of the window', () => {
    const times = spreadSendTimes(new Date('2026-03-04T04:00:00Z'), WINDOW, ZONE, 4);
    // 10 hours × 0.9 / 4 = 2 h 15 min apart.
    expect(times.map((t) => t.toISOString())).toEqual(['2026-03-04T04:00:00.000Z', '2026-03-04T06:15:00.000Z', '2026-03-04T08:30:00.000Z', '2026-03-04T10:45:00.000Z']);
  });

  it('keeps the account’s pace and carries what does not fit to the next opening', () => {
    const times = spreadSendTimes(new Date('2026-03-04T12:00:00Z'), WINDOW, ZONE, 3, 60 * 60_000); // 18:00, 2 h left
    expect(times.map((t) => t.toISOString())).toEqual(['2026-03-04T12:00:00.000Z', '2026-03-04T13:00:00.000Z', '2026-03-05T04:00:00.000Z']);
  });
});
