import { DateTime } from 'luxon';

/**
 * The limit manager's clock (seed 003 part 3): offers go out only inside the send window — local hours on allowed
 * ISO weekdays — and the day's offers are spread over what is left of the window instead of leaving in one burst,
 * never closer than the account's pace allows.
 */
export interface SendWindow {
  start: string;
  end: string;
  daysOfWeek: number[];
}

function minutesOf(hm: string): number {
  const [h, m] = hm.split(':').map(Number);
  return h! * 60 + m!;
}

function bounds(day: DateTime, window: SendWindow): { open: DateTime; close: DateTime } {
  const start = minutesOf(window.start);
  const end = minutesOf(window.end);
  return {
    open: day.startOf('day').set({ hour: Math.floor(start / 60), minute: start % 60 }),
    close: day.startOf('day').set({ hour: Math.floor(end / 60), minute: end % 60 }),
  };
}

export function isInSendWindow(at: Date, window: SendWindow, zone: string): boolean {
  const local = DateTime.fromJSDate(at, { zone });
  if (!window.daysOfWeek.includes(local.weekday)) return false;
  const { open, close } = bounds(local, window);
  return local >= open && local < close;
}

/** `at` when inside the window, else the next opening (up to two weeks ahead). */
export function nextSendOpening(at: Date, window: SendWindow, zone: string): Date {
  if (isInSendWindow(at, window, zone)) return at;
  let day = DateTime.fromJSDate(at, { zone }).startOf('day');
  for (let i = 0; i < 15; i++) {
    if (window.daysOfWeek.includes(day.weekday)) {
      const { open } = bounds(day, window);
      if (open.toJSDate() >= at) return open.toJSDate();
    }
    day = day.plus({ days: 1 });
  }
  return at;
}

/**
 * Send times for `count` offers from `now`: evenly over the rest of today's window (from its opening when the day
 * has not started), at least `minSpacingMs` apart; what does not fit today continues at the next opening.
 */
export function spreadSendTimes(now: Date, window: SendWindow, zone: string, count: number, minSpacingMs = 0): Date[] {
  const times: Date[] = [];
  let cursor = nextSendOpening(now, window, zone);
  while (times.length < count) {
    const local = DateTime.fromJSDate(cursor, { zone });
    const close = bounds(local, window).close.toJSDate();
    const left = count - times.length;
    const span = close.getTime() - cursor.getTime();
    // Leave the last tenth of the window free so an offer never lands at closing time.
    const spacing = Math.max(minSpacingMs, Math.floor((span * 0.9) / left));
    let t = cursor.getTime();
    while (times.length < count && t < close.getTime()) {
      times.push(new Date(t));
      t += Math.max(spacing, 1000);
    }
    if (times.length < count) cursor = nextSendOpening(new Date(close.getTime() + 1000), window, zone);
  }
  return times;
}
