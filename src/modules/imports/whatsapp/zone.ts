import { DateTime } from 'luxon';

export interface CivilDay {
  year: number;
  month: number;
  day: number;
}

export interface ClockTime {
  hour: number;
  minute: number;
  second: number;
}

/** Wall times of a day can be ambiguous because of a fall-back just after it: look 26 h beyond each end. */
const MARGIN_MS = 26 * 3600_000;

/**
 * Converts wall-clock components to instants in one IANA zone, with luxon. Asking luxon (Intl) for every message
 * is slow on big exports, so the UTC offset is cached per local day: the offset at local noon is used for the whole
 * day when the zone has that same offset at the instants the day's 00:00:00 and 23:59:59 map to, and 26 hours
 * beyond each (no transition in or next to the day). Days with a transition go through luxon message by message, so the result is always luxon's:
 * a time in the spring-forward gap is moved forward by the gap, an ambiguous autumn time takes luxon's choice.
 */
export class ZoneConverter {
  private readonly dayOffsets = new Map<number, number | null>();

  constructor(private readonly zone: string) {
    if (!DateTime.fromObject({ year: 2000 }, { zone }).isValid) {
      throw new RangeError(`Unknown time zone "${zone}"; expected an IANA name such as "Asia/Bishkek" or "UTC"`);
    }
  }

  private static utcMillis(c: CivilDay, hour: number, minute: number, second: number): number {
    // Date.UTC reads years 0–99 as 1900–1999; those (never in a real export) take the long way.
    if (c.year >= 100) return Date.UTC(c.year, c.month - 1, c.day, hour, minute, second);
    const d = new Date(0);
    d.setUTCFullYear(c.year, c.month - 1, c.day);
    d.setUTCHours(hour, minute, second, 0);
    return d.getTime();
  }

  private offsetForDay(c: CivilDay): number | null {
    const noon = DateTime.fromObject({ year: c.year, month: c.month, day: c.day, hour: 12 }, { zone: this.zone }).offset;
    const startInstant = ZoneConverter.utcMillis(c, 0, 0, 0) - noon * 60_000;
    const endInstant = ZoneConverter.utcMillis(c, 23, 59, 59) - noon * 60_000;
    const constant = [startInstant - MARGIN_MS, startInstant, endInstant, endInstant + MARGIN_MS].every(
      (instant) => DateTime.fromMillis(instant, { zone: this.zone }).offset === noon,
    );
    return constant ? noon : null;
  }

  toDate(c: CivilDay, t: ClockTime): Date {
    const key = (c.year * 13 + c.month) * 32 + c.day;
    let offset = this.dayOffsets.get(key);
    if (offset === undefined) {
      offset = this.offsetForDay(c);
      this.dayOffsets.set(key, offset);
    }
    if (offset === null) {
      return DateTime.fromObject(
        { year: c.year, month: c.month, day: c.day, hour: t.hour, minute: t.minute, second: t.second },
        { zone: this.zone },
      ).toJSDate();
    }
    return new Date(ZoneConverter.utcMillis(c, t.hour, t.minute, t.second) - offset * 60_000);
  }
}
