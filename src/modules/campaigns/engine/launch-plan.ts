/**
 * How long a launch takes: the account may send a day's allowance (which grows with the warm-up level while the
 * account stays healthy), and the send window and hourly cap limit a day too. Pure numbers in, days out.
 */

export const DEFAULT_QUIET_HOURS = { start: '09:00', end: '21:00' } as const;

/** Sends one day can hold through the window: the hourly cap times the open hours, and the pace. null = no limit. */
export function windowCapacity(windowMinutes: number, hourlyCap: number | null, paceSeconds: number | null): number | null {
  const byHour = hourlyCap === null ? null : Math.floor((windowMinutes / 60) * hourlyCap);
  const byPace = paceSeconds && paceSeconds > 0 ? Math.floor((windowMinutes * 60) / paceSeconds) : null;
  if (byHour === null) return byPace;
  return byPace === null ? byHour : Math.min(byHour, byPace);
}

/**
 * Days until every one of `audience` first messages is sent: day 0 is today with `leftToday` still allowed, day i
 * allows `allowanceOnDay(i)` (null = unlimited), each capped by the window. At most `maxDays` are counted.
 */
export function daysToSend(audience: number, leftToday: number | null, allowanceOnDay: (day: number) => number | null, capacity: number | null, maxDays = 365): number {
  if (audience <= 0) return 0;
  let remaining = audience;
  for (let day = 0; day < maxDays; day++) {
    const allowance = day === 0 ? leftToday : allowanceOnDay(day);
    const today = [allowance, capacity].filter((n): n is number => n !== null);
    if (today.length === 0) return day + 1;
    remaining -= Math.max(0, Math.min(...today));
    if (remaining <= 0) return day + 1;
  }
  return maxDays;
}

/** Minutes a daily window stays open (an end before the start runs past midnight). */
export function windowMinutes(start: string, end: string): number {
  const toMin = (hm: string) => Number(hm.slice(0, 2)) * 60 + Number(hm.slice(3, 5));
  const open = toMin(end) - toMin(start);
  return open > 0 ? open : open + 24 * 60;
}
