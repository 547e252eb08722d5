import { DateTime } from 'luxon';

/**
 * One sending budget per channel account, counted over every send from it whichever feature made it: a pace (at
 * least N seconds between two sends), hourly and daily caps, and a warm-up curve (a new account may send
 * `startDaily` at warm-up level 0, `dailyIncrease` more per level, up to the daily cap; the level — kept by the
 * channels module's account health — rises after healthy days and drops on blocks). Stored in
 * `account_send_budget.limits`; NULL means the channel's defaults below.
 */
export interface AccountLimits {
  paceSeconds: number | null;
  hourlyCap: number | null;
  dailyCap: number | null;
  warmup: { startDaily: number; dailyIncrease: number } | null;
}

export type ChannelKind = 'sandbox' | 'telegram_bot' | 'whatsapp_cloud' | 'evolution' | 'telegram_user';

/**
 * Defaults per channel, from what each kind of account tolerates: a personal Telegram or WhatsApp (Evolution)
 * account gets banned for bulk cold messages, so it starts slow and warms up; the Cloud API's first tier is 1,000
 * conversations a day; bots may send about 30 messages a second; the sandbox is unlimited.
 */
export const CHANNEL_DEFAULT_LIMITS: Record<ChannelKind, AccountLimits> = {
  sandbox: { paceSeconds: null, hourlyCap: null, dailyCap: null, warmup: null },
  telegram_bot: { paceSeconds: 0.05, hourlyCap: null, dailyCap: null, warmup: null },
  whatsapp_cloud: { paceSeconds: 1, hourlyCap: null, dailyCap: 1000, warmup: null },
  evolution: { paceSeconds: 30, hourlyCap: 60, dailyCap: 300, warmup: { startDaily: 30, dailyIncrease: 20 } },
  telegram_user: { paceSeconds: 60, hourlyCap: 30, dailyCap: 150, warmup: { startDaily: 20, dailyIncrease: 10 } },
};

export function effectiveLimits(channel: string, stored: unknown): AccountLimits {
  if (stored && typeof stored === 'object') return stored as AccountLimits;
  return CHANNEL_DEFAULT_LIMITS[channel as ChannelKind] ?? CHANNEL_DEFAULT_LIMITS.sandbox;
}

export function isLimited(limits: AccountLimits, intervalMs = paceIntervalMs(limits, null)): boolean {
  return intervalMs > 0 || limits.hourlyCap !== null || limits.dailyCap !== null || limits.warmup !== null;
}

/** Whole days since the warm-up started, counted from 0 on the first day. */
export function warmupDay(warmupStartedAt: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - warmupStartedAt.getTime()) / 86_400_000));
}

/** The hour and day the counters belong to, in the organization's time zone, and when each ends. */
export function counterWindows(now: Date, zone: string): { hourStart: Date; dayStart: Date; hourEnd: Date; dayEnd: Date } {
  const local = DateTime.fromJSDate(now, { zone });
  const hour = local.startOf('hour');
  const day = local.startOf('day');
  return { hourStart: hour.toJSDate(), dayStart: day.toJSDate(), hourEnd: hour.plus({ hours: 1 }).toJSDate(), dayEnd: day.plus({ days: 1 }).toJSDate() };
}

/** The minimum spacing of the account's sends: the larger of the account pace and a campaign's own delay. */
export function paceIntervalMs(limits: AccountLimits, sendDelaySeconds: number | null | undefined): number {
  return Math.round(Math.max(limits.paceSeconds ?? 0, sendDelaySeconds ?? 0) * 1000);
}

// ── Priorities inside one budget ─────────────────────────────────────────────

/**
 * `reply`: a person's message or an automatic answer to a client who just wrote; `cold`: a send nobody asked for
 * (campaigns, reactivation offers, re-engagement). Both count in the same totals; cold outreach yields first.
 */
export type SendPriority = 'reply' | 'cold';

/** The share of each cap cold outreach leaves for replies (rounded down: a cap under 10 keeps no reserve). */
export const REPLY_RESERVE_SHARE = 0.1;
/** A reply waiting for the pace makes cold claims stand aside; a mark older than this is ignored (its job died). */
export const REPLY_HOLD_MS = 10 * 60_000;

export function replyReserve(cap: number | null): number {
  return cap === null ? 0 : Math.floor(cap * REPLY_RESERVE_SHARE);
}

/** The part of a cap a send of this priority may use. */
export function capFor(cap: number | null, priority: SendPriority): number | null {
  if (cap === null) return null;
  return priority === 'reply' ? cap : Math.max(0, cap - replyReserve(cap));
}

export function isReplyWaiting(replyWaitingSince: Date | null, now: Date): boolean {
  return replyWaitingSince !== null && now.getTime() - replyWaitingSince.getTime() < REPLY_HOLD_MS;
}

export interface BudgetState {
  nextSlotAt: Date;
  blockedUntil: Date | null;
  /** Sends counted in the current hour and day (0 when the stored counters belong to an earlier one). */
  hourUsed: number;
  dayUsed: number;
  replyWaitingSince: Date | null;
}

export interface BudgetRules {
  now: Date;
  intervalMs: number;
  hourCap: number | null;
  dayCap: number | null;
  hourEnd: Date;
  dayEnd: Date;
}

export type BudgetDecision =
  | { kind: 'go'; at: Date }
  | { kind: 'wait'; until: Date; reason: 'pace' | 'hourly_cap' | 'daily_cap' | 'blocked' | 'reply_first' };

/** Whether one send of this priority may go now, and if not, when to ask again. */
export function decideSend(state: BudgetState, rules: BudgetRules, priority: SendPriority): BudgetDecision {
  const { now } = rules;
  if (state.blockedUntil && state.blockedUntil > now) return { kind: 'wait', until: state.blockedUntil, reason: 'blocked' };
  const dayCap = capFor(rules.dayCap, priority);
  if (dayCap !== null && state.dayUsed >= dayCap) return { kind: 'wait', until: rules.dayEnd, reason: 'daily_cap' };
  const hourCap = capFor(rules.hourCap, priority);
  if (hourCap !== null && state.hourUsed >= hourCap) return { kind: 'wait', until: rules.hourEnd, reason: 'hourly_cap' };
  if (rules.intervalMs > 0 && state.nextSlotAt > now) return { kind: 'wait', until: state.nextSlotAt, reason: 'pace' };
  if (priority === 'cold' && isReplyWaiting(state.replyWaitingSince, now)) return { kind: 'wait', until: new Date(now.getTime() + Math.max(1000, rules.intervalMs)), reason: 'reply_first' };
  return { kind: 'go', at: now };
}

/** What remains of today's allowance after `sent`; null = no cap. */
export function remainingToday(allowance: number | null, sent: number): number | null {
  return allowance === null ? null : Math.max(0, allowance - sent);
}
