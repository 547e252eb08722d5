import { describe, expect, it } from 'vitest';
import { ALWAYS_WINDOW, DEFAULT_SEND_WINDOW, isInsideWindow, nextOpening, recipientZone, resolveWindow } from './quiet-hours.ts';
import { keepsQuietHours, originOfMetadata, priorityOf } from './origin.ts';

describe('quiet hours', () => {
  it('sends 09:00–21:00 in the recipient’s zone by default', () => {
    const zone = 'Asia/Bishkek'; // UTC+6
    expect(isInsideWindow(new Date('2026-03-02T02:59:00Z'), DEFAULT_SEND_WINDOW, zone)).toBe(false);
    expect(isInsideWindow(new Date('2026-03-02T03:00:00Z'), DEFAULT_SEND_WINDOW, zone)).toBe(true);
    expect(isInsideWindow(new Date('2026-03-02T14:59:59Z'), DEFAULT_SEND_WINDOW, zone)).toBe(true);
    expect(isInsideWindow(new Date('2026-03-02T15:00:00Z'), DEFAULT_SEND_WINDOW, zone)).toBe(false);
    // 23:50 local: the next opening is 09:00 tomorrow.
    expect(nextOpening(new Date('2026-03-02T17:50:00Z'), DEFAULT_SEND_WINDOW, zone).toISOString()).toBe('2026-03-03T03:00:00.000Z');
    // 07:00 local: today at 09:00.
    expect(nextOpening(new Date('2026-03-02T01:00:00Z'), DEFAULT_SEND_WINDOW, zone).toISOString()).toBe('2026-03-02T03:00:00.000Z');
  });

  it('uses the recipient’s zone where known, else the organization’s', () => {
    expect(recipientZone('Asia/Tokyo', 'Europe/Berlin')).toBe('Asia/Tokyo');
    expect(recipientZone('Mars/Olympus', 'Europe/Berlin')).toBe('Europe/Berlin');
    expect(recipientZone(undefined, 'nowhere')).toBe('UTC');
  });

  it('takes the most specific window set, and can be widened to always or run past midnight', () => {
    expect(resolveWindow(null, null)).toEqual(DEFAULT_SEND_WINDOW);
    expect(resolveWindow({ start: '08:00', end: '22:00' }, null, { start: '10:00', end: '12:00' })).toEqual({ start: '10:00', end: '12:00' });
    expect(resolveWindow({ start: '08:00', end: '22:00' }, { start: 'bad', end: '12:00' })).toEqual({ start: '08:00', end: '22:00' });
    expect(isInsideWindow(new Date('2026-03-02T03:00:00Z'), ALWAYS_WINDOW, 'UTC')).toBe(true);
    const night = { start: '22:00', end: '06:00' };
    expect(isInsideWindow(new Date('2026-03-02T23:00:00Z'), night, 'UTC')).toBe(true);
    expect(isInsideWindow(new Date('2026-03-02T05:00:00Z'), night, 'UTC')).toBe(true);
    expect(isInsideWindow(new Date('2026-03-02T12:00:00Z'), night, 'UTC')).toBe(false);
    expect(nextOpening(new Date('2026-03-02T12:00:00Z'), night, 'UTC').toISOString()).toBe('2026-03-02T22:00:00.000Z');
  });
});

describe('origins', () => {
  it('gives replies priority and holds automated sends in quiet hours', () => {
    expect(priorityOf('manual')).toBe('reply');
    expect(priorityOf('autopilot')).toBe('reply');
    expect(priorityOf('campaign')).toBe('cold');
    expect(priorityOf('reengagement')).toBe('cold');
    expect(keepsQuietHours('manual')).toBe(false);
    expect(keepsQuietHours('autopilot')).toBe(true);
    expect(keepsQuietHours('autopilot', { autopilotHasOwnHours: true })).toBe(false);
    expect(keepsQuietHours('reactivation')).toBe(true);
    expect(originOfMetadata({ autopilot: true })).toBe('autopilot');
    expect(originOfMetadata({ origin: 'reengagement' })).toBe('reengagement');
    expect(originOfMetadata({ reactivationAttemptId: 'x' })).toBe('reactivation');
    expect(originOfMetadata({})).toBe('manual');
  });
});
