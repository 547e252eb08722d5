import { DateTime } from 'luxon';
import { isValidZone, minutesOf } from '../../outreach/index.ts';

/**
 * When a campaign may send: working hours on chosen weekdays, in the campaign's time zone (or the contact's,
 * when `useContactTimezone` and the contact has one). Seed 002 shape: `{ timezone, workingHours: { start, end },
 * daysOfWeek }`. Weekdays are ISO (1 = Monday … 7 = Sunday; 0 is taken as Sunday too). A window whose end is
 * not after its start runs past midnight (22:00–06:00) and belongs to the weekday it opens on.
 */
export interface CampaignSchedule {
  timezone: string;
  workingHours: { start: string; end: string } | null;
  daysOfWeek: number[] | null;
  useContactTimezone: boolean;
  /** A send moved to the next opening lands at a random moment within this many minutes after it. */
  jitterMinutes: number;
}

export const DEFAULT_JITTER_MINUTES = 20;

// 'HH:MM' and zone checks are the outbound path's own (one rule for quiet hours and campaign windows).
export { minutesOf as parseHm, isValidZone };

function isoWeekdays(days: number[] | null): Set<number> | null {
  if (!days || days.length === 0) return null;
  return new Set(days.map((d) => (d === 0 ? 7 : d)));
}

/** The local wall-clock time `minutes` after midnight of `day`; 24:00 is the next midnight. */
function wallTime(day: DateTime, minutes: number): DateTime {
  if (minutes >= 24 * 60) return day.plus({ days: 1 }).startOf('day');
  // set() keeps wall time across DST (a 09:00 opening stays 09:00 on the day clocks change).
  return day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0, millisecond: 0 });
}

interface Window {
  start: DateTime;
  end: DateTime;
}

/** Windows of the days around `at`, in order; enough to find the next opening within a week. */
function windowsAround(at: DateTime, schedule: CampaignSchedule): Window[] {
  const days = isoWeekdays(schedule.daysOfWeek);
  const startMin = schedule.workingHours ? minutesOf(schedule.workingHours.start) ?? 0 : 0;
  let endMin = schedule.workingHours ? minutesOf(schedule.workingHours.end) ?? 24 * 60 : 24 * 60;
  const overnight = endMin <= startMin;
  if (overnight && endMin === startMin && startMin === 0) endMin = 24 * 60;
  const windows: Window[] = [];
  const first = at.startOf('day').minus({ days: 1 });
  for (let i = 0; i < 9; i++) {
    const day = first.plus({ days: i });
    if (days && !days.has(day.weekday)) continue;
    const start = wallTime(day, startMin);
    const end = endMin <= startMin ? wallTime(day.plus({ days: 1 }), endMin) : wallTime(day, endMin);
    if (end > start) windows.push({ start, end });
  }
  return windows;
}

export function hasWindow(schedule: CampaignSchedule | null): schedule is CampaignSchedule {
  return !!schedule && (!!schedule.workingHours || !!isoWeekdays(schedule.daysOfWeek));
}

/** Whether `at` falls inside a sending window. No schedule (or an unrestricted one) means always. */
export function isWithinWindow(at: Date, schedule: CampaignSchedule | null, zone: string): boolean {
  if (!hasWindow(schedule)) return true;
  const local = DateTime.fromJSDate(at, { zone });
  return windowsAround(local, schedule).some((w) => local >= w.start && local < w.end);
}

/** The next moment a window opens at or after `at` (or `at` itself when it is inside one). */
export function nextWindowOpening(at: Date, schedule: CampaignSchedule | null, zone: string): Date {
  if (!hasWindow(schedule)) return at;
  const local = DateTime.fromJSDate(at, { zone });
  for (const window of windowsAround(local, schedule)) {
    if (local < window.end) return local >= window.start ? at : window.start.toJSDate();
  }
  // Unreachable with at least one weekday allowed: windowsAround covers more than a week.
  return at;
}

/**
 * `at` when it is inside a window; otherwise the next opening plus a random offset (at most `jitterMinutes`,
 * and never past the end of that window), so a crowd of sends moved to 09:00 does not arrive at 09:00 sharp.
 */
export function alignToWindow(at: Date, schedule: CampaignSchedule | null, zone: string, random: () => number = Math.random): Date {
  if (!hasWindow(schedule)) return at;
  const opening = nextWindowOpening(at, schedule, zone);
  if (opening.getTime() === at.getTime()) return at;
  const local = DateTime.fromJSDate(opening, { zone });
  const window = windowsAround(local, schedule).find((w) => w.start.toMillis() === opening.getTime());
  const windowMs = window ? window.end.toMillis() - window.start.toMillis() : 0;
  const jitterMs = Math.max(0, Math.min(schedule.jitterMinutes * 60_000, windowMs - 1000));
  return new Date(opening.getTime() + Math.floor(random() * jitterMs));
}

/** The zone a participant's window is computed in. */
export function zoneFor(schedule: CampaignSchedule | null, contactZone: string | null | undefined, fallback: string): string {
  if (schedule?.useContactTimezone && isValidZone(contactZone)) return contactZone;
  if (schedule && isValidZone(schedule.timezone)) return schedule.timezone;
  return isValidZone(fallback) ? fallback : 'UTC';
}
