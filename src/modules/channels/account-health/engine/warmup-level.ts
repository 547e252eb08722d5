/**
 * Warm-up as levels that adapt (seed 003 "dynamic limits on the warmup level"): a new personal account starts at
 * level 0 and may send a little; every healthy day raises the level by one, and today's allowance follows the
 * level up the account's warm-up curve to its daily cap. Blocks, spam reports and failure bursts drop the level
 * (and the health rules pause the account), so the allowance shrinks when the channel shows it is unhappy.
 * Pure: outcome counts in, a level out.
 */
import type { OutcomeCounts } from '../health-rules.ts';

export interface WarmupCurve {
  /** What level 0 may send in a day. */
  startDaily: number;
  /** How much more each level may send. */
  dailyIncrease: number;
}

/** Today's allowance at a level: up the curve, never above the daily cap; null = unlimited. */
export function allowanceAtLevel(curve: WarmupCurve | null, dailyCap: number | null, level: number): number | null {
  if (!curve) return dailyCap;
  const atLevel = curve.startDaily + curve.dailyIncrease * Math.max(0, level);
  return dailyCap === null ? atLevel : Math.min(atLevel, dailyCap);
}

/** The first level whose allowance reaches the daily cap: climbing further changes nothing (null: no warm-up or no cap). */
export function topLevel(curve: WarmupCurve | null, dailyCap: number | null): number | null {
  if (!curve || dailyCap === null) return null;
  if (curve.dailyIncrease <= 0) return 0;
  return Math.max(0, Math.ceil((dailyCap - curve.startDaily) / curve.dailyIncrease));
}

export type DayVerdict = 'healthy' | 'hold' | 'failure_burst' | 'reported' | 'blocked';

/** A failure share of a day's attempts that drops the level, once the day has this many attempts. */
const FAILURE_BURST_RATIO = 0.2;
const FAILURE_BURST_MIN_ATTEMPTS = 10;
/** A failure share that keeps the level where it is. */
const HOLD_RATIO = 0.1;
/** Channel answers "rejected" (the number or the message flagged as spam) that count as reports. */
const REPORTS_TO_DROP = 2;
const RATE_LIMITS_TO_DROP = 3;

/**
 * How one day went for the account. A quiet day (nothing sent) counts as healthy: the warm-up is a calendar with
 * brakes, so an account that rests does not fall behind, and one the channel complains about slows down.
 */
export function judgeDay(day: OutcomeCounts): DayVerdict {
  if (day.auth_revoked > 0) return 'blocked';
  if (day.rejected >= REPORTS_TO_DROP) return 'reported';
  const attempts = day.sent + day.failed + day.rejected + day.recipient_invalid;
  const failed = day.failed + day.rejected;
  if (day.rate_limited >= RATE_LIMITS_TO_DROP) return 'failure_burst';
  if (attempts >= FAILURE_BURST_MIN_ATTEMPTS && failed / attempts >= FAILURE_BURST_RATIO) return 'failure_burst';
  if (day.rate_limited > 0 || day.rejected > 0 || (attempts > 0 && failed / attempts >= HOLD_RATIO)) return 'hold';
  return 'healthy';
}

/** The level after a verdict: a block halves it, a report or a failure burst takes two levels off, a healthy day adds one. */
export function nextLevel(level: number, verdict: DayVerdict, top: number | null): number {
  switch (verdict) {
    case 'healthy':
      return top === null ? level + 1 : Math.min(top, level + 1);
    case 'hold':
      return level;
    case 'failure_burst':
    case 'reported':
      return Math.max(0, level - 2);
    case 'blocked':
      return Math.floor(level / 2);
  }
}

/** Whether a verdict is one that drops the level (and pauses the account through the health rules). */
export function isDrop(verdict: DayVerdict): boolean {
  return verdict === 'failure_burst' || verdict === 'reported' || verdict === 'blocked';
}
