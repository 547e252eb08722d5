/**
 * The health rules of a sending account, pure: hourly outcome counters in, a status and its reasons out.
 * Kept free of the database so the thresholds can be reasoned about (and tested) on plain numbers.
 */

export const SEND_OUTCOMES = ['sent', 'failed', 'recipient_invalid', 'rate_limited', 'auth_revoked', 'rejected'] as const;
export type SendOutcome = (typeof SEND_OUTCOMES)[number];
export type OutcomeCounts = Record<SendOutcome, number>;

export interface HealthThresholds {
  /** Pause the account when a pause-level rule fires; off = the card only warns. */
  autoPause: boolean;
  /** Share of failed or rejected sends in the last hour that pauses the account… */
  hourlyFailureRatio: number;
  /** …once the hour has at least this many send attempts. */
  hourlyMinSends: number;
  /** Share of "not on WhatsApp" / unknown recipients over 24 h that pauses the account… */
  invalidRatio24h: number;
  /** …once the 24 h have at least this many send attempts. */
  minSends24h: number;
  /** Rate-limit answers (429, FLOOD_WAIT) in the last hour that pause the account. */
  rateLimitedPerHour: number;
  /** A revoked session or a banned number pauses the account at once. */
  pauseOnAuthRevoked: boolean;
}

export const DEFAULT_HEALTH_THRESHOLDS: HealthThresholds = {
  autoPause: true,
  hourlyFailureRatio: 0.2,
  hourlyMinSends: 10,
  invalidRatio24h: 0.3,
  minSends24h: 10,
  rateLimitedPerHour: 3,
  pauseOnAuthRevoked: true,
};

/** A rule warns at this share of its pause threshold. */
const WARNING_SHARE = 0.5;

export type HealthReasonCode = 'failure_ratio' | 'invalid_recipients' | 'rate_limited' | 'auth_revoked' | 'paused_by_person' | 'disconnected';

export interface HealthReason {
  code: HealthReasonCode;
  level: 'warning' | 'pause';
  window: '1h' | '24h' | null;
  value: number | null;
  threshold: number | null;
}

export function emptyCounts(): OutcomeCounts {
  return { sent: 0, failed: 0, recipient_invalid: 0, rate_limited: 0, auth_revoked: 0, rejected: 0 };
}

export function addCounts(a: OutcomeCounts, b: Partial<OutcomeCounts>): OutcomeCounts {
  const sum = { ...a };
  for (const key of SEND_OUTCOMES) sum[key] += b[key] ?? 0;
  return sum;
}

/** Sends the channel actually processed: a rate-limit or a revoked session means it never looked at the message. */
export function attemptsOf(c: OutcomeCounts): number {
  return c.sent + c.failed + c.rejected + c.recipient_invalid;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/**
 * The window rules over the last hour and the last 24 h. Pause-level reasons are what automatic pausing acts on;
 * revoked sessions pause when they happen (see `pausesAtOnce`), in the window they only warn, because a
 * reconnected account must not be paused again for yesterday's logout.
 */
export function evaluateWindows(hour: OutcomeCounts, day: OutcomeCounts, t: HealthThresholds): HealthReason[] {
  const reasons: HealthReason[] = [];
  const level = (value: number, threshold: number): HealthReason['level'] | null =>
    value >= threshold ? 'pause' : value >= threshold * WARNING_SHARE && value > 0 ? 'warning' : null;

  const hourAttempts = attemptsOf(hour);
  if (hourAttempts >= t.hourlyMinSends) {
    const ratio = (hour.failed + hour.rejected) / hourAttempts;
    const l = level(ratio, t.hourlyFailureRatio);
    if (l) reasons.push({ code: 'failure_ratio', level: l, window: '1h', value: round(ratio), threshold: t.hourlyFailureRatio });
  }
  const dayAttempts = attemptsOf(day);
  if (dayAttempts >= t.minSends24h) {
    const ratio = day.recipient_invalid / dayAttempts;
    const l = level(ratio, t.invalidRatio24h);
    if (l) reasons.push({ code: 'invalid_recipients', level: l, window: '24h', value: round(ratio), threshold: t.invalidRatio24h });
  }
  const limited = level(hour.rate_limited, t.rateLimitedPerHour);
  if (limited) reasons.push({ code: 'rate_limited', level: limited, window: '1h', value: hour.rate_limited, threshold: t.rateLimitedPerHour });
  if (day.auth_revoked > 0) reasons.push({ code: 'auth_revoked', level: 'warning', window: '24h', value: day.auth_revoked, threshold: 1 });
  return reasons;
}

/** Outcomes that pause an account the moment they are recorded, whatever the window says. */
export function pausesAtOnce(outcomes: Partial<OutcomeCounts>, t: HealthThresholds): HealthReason | null {
  if (t.pauseOnAuthRevoked && (outcomes.auth_revoked ?? 0) > 0) return { code: 'auth_revoked', level: 'pause', window: null, value: outcomes.auth_revoked!, threshold: 1 };
  return null;
}

/** The hour a moment belongs to (UTC hours: whole-hour buckets stay comparable across organizations). */
export function hourFloor(at: Date): Date {
  return new Date(Math.floor(at.getTime() / 3_600_000) * 3_600_000);
}
