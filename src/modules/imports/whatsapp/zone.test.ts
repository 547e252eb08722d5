import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { ZoneConverter } from './zone.ts';

describe('ZoneConverter (per-day offset cache)', () => {
  // DST at 02:00/03:00, at midnight (São Paulo 2018), half-hour DST (Lord Howe), +05:45, a skipped day (Apia 2011-12-30).
  it.each(['UTC', 'America/New_York', 'Europe/Berlin', 'America/Sao_Paulo', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Apia'])(
    'agrees with luxon on every 53rd minute of a year with transitions: %s',
    (zone) => {
      const converter = new ZoneConverter(zone);
      const year = zone === 'Pacific/Apia' ? 2011 : 2018;
      let t = DateTime.fromObject({ year, month: 1, day: 1 }, { zone: 'UTC' });
      const end = t.plus({ years: 1 });
      for (; t < end; t = t.plus({ minutes: 53 })) {
        const day = { year: t.year, month: t.month, day: t.day };
        const time = { hour: t.hour, minute: t.minute, second: t.second };
        const expected = DateTime.fromObject({ ...day, ...time }, { zone }).toMillis();
        if (converter.toDate(day, time).getTime() !== expected) throw new Error(`${zone} ${t.toISO()}: ${converter.toDate(day, time).toISOString()} vs ${new Date(expected).toISOString()}`);
      }
      expect(true).toBe(true);
    },
  );

  it('rejects an unknown zone', () => {
    expect(() => new ZoneConverter('Not/AZone')).toThrow(RangeError);
  });
});
