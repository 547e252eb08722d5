import { DateTime } from 'luxon';

/** Local days of the calendar in the organization's zone: the shown range and the key of each day. */

export type CalendarView = 'day' | 'week';

export function todayKey(zone: string | undefined): string {
  return DateTime.now().setZone(zone ?? 'local').toISODate()!;
}

/** The days shown: the day itself, or Monday to Sunday of its week. */
export function daysOf(view: CalendarView, anchor: string, zone: string | undefined): string[] {
  const day = DateTime.fromISO(anchor, { zone: zone ?? 'local' });
  if (view === 'day') return [anchor];
  const monday = day.minus({ days: day.weekday - 1 });
  return Array.from({ length: 7 }, (_, i) => monday.plus({ days: i }).toISODate()!);
}

export function shiftAnchor(view: CalendarView, anchor: string, direction: -1 | 1): string {
  return DateTime.fromISO(anchor).plus({ days: direction * (view === 'day' ? 1 : 7) }).toISODate()!;
}

/** [from, to) of the days as instants. */
export function rangeOf(days: string[], zone: string | undefined): { from: string; to: string } {
  const z = zone ?? 'local';
  return {
    from: DateTime.fromISO(days[0]!, { zone: z }).startOf('day').toUTC().toISO()!,
    to: DateTime.fromISO(days[days.length - 1]!, { zone: z }).plus({ days: 1 }).startOf('day').toUTC().toISO()!,
  };
}

export function weekdayOf(day: string): 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun' {
  return (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const)[DateTime.fromISO(day).weekday - 1]!;
}

/** An instant as "the local day + time" of an input, and back. */
export function localParts(iso: string, zone: string | undefined): { day: string; time: string } {
  const d = DateTime.fromISO(iso).setZone(zone ?? 'local');
  return { day: d.toISODate()!, time: d.toFormat('HH:mm') };
}
