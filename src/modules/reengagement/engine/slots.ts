import { DateTime } from 'luxon';

/**
 * Slot planning of the day's queue: the working window of the queue's date (in the organization's time zone) is cut
 * into slots of `slotMinutes`; the picked leads get send times spread evenly over what is left of the window, never
 * closer together than the account allows (its pace, and 3600 / hourly cap seconds), so the day's sends follow the
 * account's limits without bursts.
 */

export interface WorkingWindow {
  /** 'HH:MM' local. */
  start: string;
  end: string;
}

export interface AccountPace {
  paceSeconds: number | null;
  hourlyCap: number | null;
}

export function windowOfDay(date: string, window: WorkingWindow, zone: string): { start: Date; end: Date } {
  const day = DateTime.fromISO(date, { zone });
  const at = (hhmm: string) => {
    const [h, m] = hhmm.split(':').map(Number) as [number, number];
    return day.set({ hour: 0, minute: 0, second: 0, millisecond: 0 }).plus({ hours: h, minutes: m }).toJSDate();
  };
  return { start: at(window.start), end: at(window.end) };
}

/** The smallest spacing between two sends the account tolerates, in milliseconds. */
export function minGapMs(pace: AccountPace): number {
  const byPace = (pace.paceSeconds ?? 0) * 1000;
  const byHour = pace.hourlyCap && pace.hourlyCap > 0 ? Math.ceil(3_600_000 / pace.hourlyCap) : 0;
  return Math.max(byPace, byHour);
}

/** How many sends fit between `from` and `to` at the given spacing (the first goes at `from`). */
export function capacity(from: Date, to: Date, gapMs: number): number {
  const span = to.getTime() - from.getTime();
  if (span <= 0) return 0;
  if (gapMs <= 0) return Number.POSITIVE_INFINITY;
  return Math.floor((span - 1) / gapMs) + 1;
}

export interface PlannedSlot {
  /** Start of the slot the send belongs to (for "sends per slot"). */
  slotStart: Date;
  /** When the send is due. */
  at: Date;
}

/**
 * `count` send times spread evenly over [from, to): spacing = span / count, at least `gapMs`. The caller has cut
 * `count` to `capacity(from, to, gapMs)`; more than that would not fit and throws.
 */
export function planSlots(count: number, from: Date, to: Date, gapMs: number, slotMinutes: number, windowStart: Date = from): PlannedSlot[] {
  if (count <= 0) return [];
  if (count > capacity(from, to, gapMs)) throw new Error(`${count} sends do not fit the window at ${gapMs} ms apart`);
  const span = to.getTime() - from.getTime();
  const spacing = Math.max(gapMs, span / count);
  const slotMs = slotMinutes * 60_000;
  const plan: PlannedSlot[] = [];
  for (let i = 0; i < count; i++) {
    const at = from.getTime() + Math.floor(i * spacing);
    const slotIndex = Math.floor((at - windowStart.getTime()) / slotMs);
    plan.push({ at: new Date(at), slotStart: new Date(windowStart.getTime() + slotIndex * slotMs) });
  }
  return plan;
}
