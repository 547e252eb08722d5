import { describe, expect, it } from 'vitest';
import { alignToWindow, isWithinWindow, nextWindowOpening, parseHm, zoneFor, type CampaignSchedule } from './schedule.ts';

const weekdays9to17: CampaignSchedule = {
  timezone: 'Europe/Berlin',
  workingHours: { start: '09:00', end: '17:00' },
  daysOfWeek: [1, 2, 3, 4, 5],
  useContactTimezone: false,
  jitterMinutes: 0,
};

describe('sending window', () => {
  it('parses HH:MM up to 24:00', () => {
    expect(parseHm('09:30')).toBe(570);
    expect(parseHm('24:00')).toBe(1440);
    expect(parseHm('24:30')).toBeNull();
    expect(parseHm('9:30')).toBeNull();
  });

  it('knows working hours and weekdays in the campaign zone', () => {
    // Tuesday 2026-03-03, 08:30 UTC = 09:30 in Berlin (CET, UTC+1).
    expect(isWithinWindow(new Date('2026-03-03T08:30:00Z'), weekdays9to17, 'Europe/Berlin')).toBe(true);
    expect(isWithinWindow(new Date('2026-03-03T07:30:00Z'), weekdays9to17, 'Europe/Berlin')).toBe(false);
    expect(isWithinWindow(new Date('2026-03-03T16:00:00Z'), weekdays9to17, 'Europe/Berlin')).toBe(false);
    // Saturday.
    expect(isWithinWindow(new Date('2026-03-07T10:00:00Z'), weekdays9to17, 'Europe/Berlin')).toBe(false);
  });

  it('moves a Friday evening send to Monday 09:00 local, across the end-of-March DST change', () => {
    // Friday 2026-03-27 18:00 CET; clocks go forward on Sunday 29 March; Monday 09:00 is CEST (UTC+2) = 07:00 UTC.
    expect(nextWindowOpening(new Date('2026-03-27T17:00:00Z'), weekdays9to17, 'Europe/Berlin')).toEqual(new Date('2026-03-30T07:00:00Z'));
    // The same Friday a week earlier opens Monday at 08:00 UTC (still CET).
    expect(nextWindowOpening(new Date('2026-03-20T17:00:00Z'), weekdays9to17, 'Europe/Berlin')).toEqual(new Date('2026-03-23T08:00:00Z'));
  });

  it('opens at 09:00 local on the day the clocks go forward when that day is allowed', () => {
    const everyDay = { ...weekdays9to17, daysOfWeek: null };
    expect(nextWindowOpening(new Date('2026-03-28T17:00:00Z'), everyDay, 'Europe/Berlin')).toEqual(new Date('2026-03-29T07:00:00Z'));
    // And back in October: 09:00 CET = 08:00 UTC on 25 October.
    expect(nextWindowOpening(new Date('2026-10-24T17:00:00Z'), everyDay, 'Europe/Berlin')).toEqual(new Date('2026-10-25T08:00:00Z'));
  });

  it('handles windows past midnight', () => {
    const night: CampaignSchedule = { ...weekdays9to17, workingHours: { start: '22:00', end: '06:00' }, daysOfWeek: null, timezone: 'UTC' };
    expect(isWithinWindow(new Date('2026-03-03T23:30:00Z'), night, 'UTC')).toBe(true);
    expect(isWithinWindow(new Date('2026-03-04T05:59:00Z'), night, 'UTC')).toBe(true);
    expect(isWithinWindow(new Date('2026-03-04T12:00:00Z'), night, 'UTC')).toBe(false);
    expect(nextWindowOpening(new Date('2026-03-04T12:00:00Z'), night, 'UTC')).toEqual(new Date('2026-03-04T22:00:00Z'));
  });

  it('adds jitter only when a send is moved, and keeps it inside the window', () => {
    const jittered = { ...weekdays9to17, jitterMinutes: 30 };
    const inside = new Date('2026-03-03T10:00:00Z');
    expect(alignToWindow(inside, jittered, 'Europe/Berlin', () => 0.99)).toEqual(inside);
    const moved = alignToWindow(new Date('2026-03-03T17:00:00Z'), jittered, 'Europe/Berlin', () => 0.5);
    expect(moved).toEqual(new Date('2026-03-04T08:15:00Z'));
    const short = { ...weekdays9to17, workingHours: { start: '09:00', end: '09:10' }, jitterMinutes: 60 };
    const capped = alignToWindow(new Date('2026-03-03T17:00:00Z'), short, 'Europe/Berlin', () => 0.999);
    expect(capped.getTime()).toBeLessThan(new Date('2026-03-04T08:10:00Z').getTime());
  });

  it('without a schedule every moment is open', () => {
    const at = new Date('2026-03-07T03:00:00Z');
    expect(isWithinWindow(at, null, 'UTC')).toBe(true);
    expect(alignToWindow(at, null, 'UTC')).toEqual(at);
  });

  it("uses the contact's zone only when asked and valid", () => {
    expect(zoneFor({ ...weekdays9to17, useContactTimezone: true }, 'Asia/Bishkek', 'UTC')).toBe('Asia/Bishkek');
    expect(zoneFor({ ...weekdays9to17, useContactTimezone: true }, 'Mars/Base', 'UTC')).toBe('Europe/Berlin');
    expect(zoneFor(weekdays9to17, 'Asia/Bishkek', 'UTC')).toBe('Europe/Berlin');
    expect(zoneFor(null, null, 'Asia/Bishkek')).toBe('Asia/Bishkek');
  });
});
