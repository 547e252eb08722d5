import { DateTime } from 'luxon';
import { z } from 'zod';
import type { WorkingHours } from '../../../platform/db/schema.ts';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

export function minutesOfDay(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

/** Working hours per weekday: intervals "HH:MM"–"HH:MM" in the organization's time zone, non-overlapping. */
export const ZWorkingHours = z
  .partialRecord(z.enum(WEEKDAYS), z.array(z.tuple([z.string().regex(HHMM, 'must be HH:MM'), z.string().regex(HHMM, 'must be HH:MM')])).max(6))
  .superRefine((hours, ctx) => {
    for (const day of WEEKDAYS) {
      const intervals = [...(hours[day] ?? [])].sort((a, b) => minutesOfDay(a[0]) - minutesOfDay(b[0]));
      for (const [index, [start, end]] of intervals.entries()) {
        if (minutesOfDay(end) <= minutesOfDay(start)) ctx.addIssue({ code: 'custom', path: [day], message: `${start}–${end} ends before it starts` });
        const next = intervals[index + 1];
        if (next && minutesOfDay(next[0]) < minutesOfDay(end)) ctx.addIssue({ code: 'custom', path: [day], message: `${start}–${end} overlaps ${next[0]}–${next[1]}` });
      }
    }
  });

export interface Interval {
  start: Date;
  end: Date;
}

export interface StaffSchedule {
  staffId: string;
  workingHours: WorkingHours;
  /** Appointments and other blocks of this staff member. */
  busy: Interval[];
}

export interface FreeSlotQuery {
  timezone: string;
  from: Date;
  to: Date;
  durationMinutes: number;
  stepMinutes: number;
  /** Slots may not start before this (now + the minimum lead time). */
  notBefore: Date;
}

export interface FreeSlot {
  staffId: string;
  start: Date;
  end: Date;
}

/**
 * Free start times of one service: for every staff member and every local day in [from, to), the working intervals
 * of that weekday walked in steps from their start, keeping a slot when the whole service fits in the interval and
 * overlaps none of the staff member's busy intervals. Local times are built in the organization's zone, so a
 * 09:00 start stays 09:00 across daylight-saving changes. Sorted by start, then staff.
 */
export function computeFreeSlots(query: FreeSlotQuery, staff: StaffSchedule[]): FreeSlot[] {
  const slots: FreeSlot[] = [];
  const earliest = Math.max(query.from.getTime(), query.notBefore.getTime());
  const latest = query.to.getTime();
  if (earliest >= latest) return slots;
  const durationMs = query.durationMinutes * 60_000;
  const firstDay = DateTime.fromMillis(earliest, { zone: query.timezone }).startOf('day');
  const lastDay = DateTime.fromMillis(latest, { zone: query.timezone }).startOf('day');
  for (const member of staff) {
    const busy = [...member.busy].sort((a, b) => a.start.getTime() - b.start.getTime());
    for (let day = firstDay; day <= lastDay; day = day.plus({ days: 1 })) {
      const weekday = WEEKDAYS[day.weekday - 1]!;
      for (const [open, close] of member.workingHours[weekday] ?? []) {
        const closeAt = day.plus({ minutes: minutesOfDay(close) }).toMillis();
        for (let minute = minutesOfDay(open); ; minute += query.stepMinutes) {
          const start = day.plus({ minutes: minute }).toMillis();
          const end = start + durationMs;
          if (end > closeAt) break;
          if (start < earliest || start >= latest) continue;
          if (overlapsAny(busy, start, end)) continue;
          slots.push({ staffId: member.staffId, start: new Date(start), end: new Date(end) });
        }
      }
    }
  }
  return slots.sort((a, b) => a.start.getTime() - b.start.getTime() || a.staffId.localeCompare(b.staffId));
}

function overlapsAny(busy: Interval[], start: number, end: number): boolean {
  for (const block of busy) {
    if (block.start.getTime() >= end) return false;
    if (block.end.getTime() > start) return true;
  }
  return false;
}

/** Whether [start, end) lies inside one working interval of the staff member's local weekday. */
export function isWithinWorkingHours(workingHours: WorkingHours, timezone: string, start: Date, end: Date): boolean {
  const local = DateTime.fromJSDate(start, { zone: timezone });
  const day = local.startOf('day');
  for (const [open, close] of workingHours[WEEKDAYS[local.weekday - 1]!] ?? []) {
    if (start.getTime() >= day.plus({ minutes: minutesOfDay(open) }).toMillis() && end.getTime() <= day.plus({ minutes: minutesOfDay(close) }).toMillis()) return true;
  }
  return false;
}
