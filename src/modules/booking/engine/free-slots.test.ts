import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { computeFreeSlots, isWithinWorkingHours, ZWorkingHours } from './free-slots.ts';

const TZ = 'Asia/Bishkek';
const local = (iso: string, zone = TZ) => DateTime.fromISO(iso, { zone }).toJSDate();
const hhmm = (d: Date, zone = TZ) => DateTime.fromJSDate(d, { zone }).toFormat('ccc HH:mm');

describe('free slots', () => {
  const query = { timezone: TZ, from: local('2026-01-05T00:00'), to: local('2026-01-07T00:00'), durationMinutes: 60, stepMinutes: 30, notBefore: local('2026-01-01T00:00') };

  it('walk working hours in steps, keep whole services, skip bookings', () => {
    const slots = computeFreeSlots(query, [
      { staffId: 'a', workingHours: { mon: [['10:00', '12:30']], tue: [['10:00', '11:00']] }, busy: [{ start: local('2026-01-05T10:30'), end: local('2026-01-05T11:00') }] },
    ]);
    expect(slots.map((s) => hhmm(s.start))).toEqual(['Mon 11:00', 'Mon 11:30', 'Tue 10:00']);
    expect(slots.every((s) => s.end.getTime() - s.start.getTime() === 3600_000)).toBe(true);
  });

  it('respect the lead time and the window, and several intervals a day (a lunch break)', () => {
    const slots = computeFreeSlots({ ...query, notBefore: local('2026-01-05T13:10') }, [
      { staffId: 'a', workingHours: { mon: [['10:00', '12:00'], ['13:00', '15:00']] }, busy: [] },
    ]);
    expect(slots.map((s) => hhmm(s.start))).toEqual(['Mon 13:30', 'Mon 14:00']);
  });

  it('order by time, then staff', () => {
    const hours = { mon: [['10:00', '11:00']] as Array<[string, string]> };
    const slots = computeFreeSlots(query, [
      { staffId: 'b', workingHours: hours, busy: [] },
      { staffId: 'a', workingHours: hours, busy: [] },
    ]);
    expect(slots.map((s) => s.staffId)).toEqual(['a', 'b']);
  });

  it('keep local opening hours across a daylight-saving change', () => {
    const berlin = { ...query, timezone: 'Europe/Berlin', from: local('2026-03-28T00:00', 'Europe/Berlin'), to: local('2026-03-31T00:00', 'Europe/Berlin') };
    const slots = computeFreeSlots(berlin, [{ staffId: 'a', workingHours: { sat: [['09:00', '10:00']], mon: [['09:00', '10:00']] }, busy: [] }]);
    expect(slots.map((s) => hhmm(s.start, 'Europe/Berlin'))).toEqual(['Sat 09:00', 'Mon 09:00']);
    expect(slots.map((s) => s.start.toISOString())).toEqual(['2026-03-28T08:00:00.000Z', '2026-03-30T07:00:00.000Z']);
  });

  it('working hours are validated and checked', () => {
    expect(ZWorkingHours.safeParse({ mon: [['18:00', '09:00']] }).success).toBe(false);
    expect(ZWorkingHours.safeParse({ mon: [['09:00', '13:00'], ['12:00', '18:00']] }).success).toBe(false);
    expect(ZWorkingHours.safeParse({ mon: [['9:00', '18:00']] }).success).toBe(false);
    expect(ZWorkingHours.safeParse({ mon: [['09:00', '13:00'], ['14:00', '18:00']], sun: [] }).success).toBe(true);
    expect(isWithinWorkingHours({ mon: [['10:00', '12:00']] }, TZ, local('2026-01-05T11:00'), local('2026-01-05T12:00'))).toBe(true);
    expect(isWithinWorkingHours({ mon: [['10:00', '12:00']] }, TZ, local('2026-01-05T11:30'), local('2026-01-05T12:30'))).toBe(false);
  });
});
