import { DateTime, IANAZone } from 'luxon';

/**
 * Quiet hours: automated sends go out only inside a daily send window in the recipient's time zone where it is
 * known, else the organization's. 09:00–21:00 unless the user widens it (organization setting, then an account or
 * a campaign override — the most specific wins). A window whose end is not after its start runs past midnight;
 * 00:00–24:00 means always.
 */
export interface SendWindow {
  /** 'HH:MM', local. */
  start: string;
  /** 'HH:MM', local; '24:00' is the end of the day. */
  end: string;
}

export const DEFAULT_SEND_WINDOW: SendWindow = { start: '09:00', end: '21:00' };
export const ALWAYS_WINDOW: SendWindow = { start: '00:00', end: '24:00' };

const HM = /^([01]\d|2[0-4]):([0-5]\d)$/;

export function minutesOf(hm: string): number | null {
  const match = HM.exec(hm);
  if (!match) return null;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return minutes > 24 * 60 ? null : minutes;
}

export function isValidWindow(window: SendWindow): boolean {
  return minutesOf(window.start) !== null && minutesOf(window.end) !== null && window.start !== window.end;
}

export function isAlways(window: SendWindow): boolean {
  return minutesOf(window.start) === 0 && minutesOf(window.end) === 24 * 60;
}

/** The most specific window that is set: campaign, then account, then organization, then the default. */
export function resolveWindow(...candidates: Array<SendWindow | null | undefined>): SendWindow {
  for (let i = candidates.length - 1; i >= 0; i--) {
    const window = candidates[i];
    if (window && isValidWindow(window)) return window;
  }
  return DEFAULT_SEND_WINDOW;
}

const zoneValidity = new Map<string, boolean>();

export function isValidZone(zone: unknown): zone is string {
  if (typeof zone !== 'string' || zone.length === 0) return false;
  let valid = zoneValidity.get(zone);
  if (valid === undefined) {
    valid = IANAZone.isValidZone(zone);
    if (zoneValidity.size < 1000) zoneValidity.set(zone, valid);
  }
  return valid;
}

/** The recipient's zone where known (a contact's `timezone` field), else the organization's. */
export function recipientZone(contactZone: unknown, organizationZone: string): string {
  if (isValidZone(contactZone)) return contactZone;
  return isValidZone(organizationZone) ? organizationZone : 'UTC';
}

function span(day: DateTime, window: SendWindow): { start: DateTime; end: DateTime } {
  const startMin = minutesOf(window.start) ?? 0;
  const endMin = minutesOf(window.end) ?? 24 * 60;
  const at = (d: DateTime, minutes: number) => (minutes >= 24 * 60 ? d.plus({ days: 1 }).startOf('day') : d.set({ hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0, millisecond: 0 }));
  const start = at(day, startMin);
  const end = endMin <= startMin ? at(day.plus({ days: 1 }), endMin) : at(day, endMin);
  return { start, end };
}

export function isInsideWindow(at: Date, window: SendWindow, zone: string): boolean {
  if (isAlways(window)) return true;
  const local = DateTime.fromJSDate(at, { zone });
  return [-1, 0].some((offset) => {
    const { start, end } = span(local.startOf('day').plus({ days: offset }), window);
    return local >= start && local < end;
  });
}

/** `at` when it is inside the window, else the next opening. */
export function nextOpening(at: Date, window: SendWindow, zone: string): Date {
  if (isInsideWindow(at, window, zone)) return at;
  const local = DateTime.fromJSDate(at, { zone });
  for (const offset of [0, 1, 2]) {
    const { start } = span(local.startOf('day').plus({ days: offset }), window);
    if (start > local) return start.toJSDate();
  }
  return at;
}
