import { sql } from 'kysely';
import { DateTime } from 'luxon';
import type { Db, DbOrTx } from '../../platform/db/client.ts';
import type { ChannelAccount, ChannelType } from '../../platform/db/schema.ts';
import { iso } from '../../platform/http/pagination.ts';
import { getChannelAccount, listChannelAccounts } from '../channels/index.ts';
import type { AccountLimitsInput } from './campaigns.schemas.ts';

/**
 * Per sending account: a pace (at least N seconds between two sends), hourly and daily caps, and a warm-up curve
 * (a new account may send `startDaily` on its first day, `dailyIncrease` more each day after, up to the daily cap).
 * Stored in `account_send_budget.limits`; NULL means the channel's defaults below. The claim query enforces them.
 */
export interface AccountLimits {
  paceSeconds: number | null;
  hourlyCap: number | null;
  dailyCap: number | null;
  warmup: { startDaily: number; dailyIncrease: number } | null;
}

/**
 * Defaults per channel, from what each kind of account tolerates: a personal Telegram or WhatsApp (Evolution)
 * account gets banned for bulk cold messages, so it starts slow and warms up; the Cloud API's first tier is 1,000
 * conversations a day; bots may send about 30 messages a second; the sandbox is unlimited.
 */
export const CHANNEL_DEFAULT_LIMITS: Record<ChannelType, AccountLimits> = {
  sandbox: { paceSeconds: null, hourlyCap: null, dailyCap: null, warmup: null },
  telegram_bot: { paceSeconds: 0.05, hourlyCap: null, dailyCap: null, warmup: null },
  whatsapp_cloud: { paceSeconds: 1, hourlyCap: null, dailyCap: 1000, warmup: null },
  evolution: { paceSeconds: 30, hourlyCap: 60, dailyCap: 300, warmup: { startDaily: 30, dailyIncrease: 20 } },
  telegram_user: { paceSeconds: 60, hourlyCap: 30, dailyCap: 150, warmup: { startDaily: 20, dailyIncrease: 10 } },
};

export function effectiveLimits(channel: ChannelType, stored: unknown): AccountLimits {
  if (stored && typeof stored === 'object') return stored as AccountLimits;
  return CHANNEL_DEFAULT_LIMITS[channel] ?? CHANNEL_DEFAULT_LIMITS.sandbox;
}

/** Whole days since the warm-up started, counted from 0 on the first day. */
export function warmupDay(warmupStartedAt: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - warmupStartedAt.getTime()) / 86_400_000));
}

/** Today's cap: the daily cap, lowered by the warm-up curve while the account is new; null = unlimited. */
export function dailyAllowance(limits: AccountLimits, warmupStartedAt: Date, now: Date): number | null {
  const curve = limits.warmup ? limits.warmup.startDaily + limits.warmup.dailyIncrease * warmupDay(warmupStartedAt, now) : null;
  if (curve === null) return limits.dailyCap;
  return limits.dailyCap === null ? curve : Math.min(curve, limits.dailyCap);
}

/** The hour and day the counters belong to, in the organization's time zone. */
export function counterWindows(now: Date, zone: string): { hourStart: Date; dayStart: Date } {
  const local = DateTime.fromJSDate(now, { zone });
  return { hourStart: local.startOf('hour').toJSDate(), dayStart: local.startOf('day').toJSDate() };
}

/** The minimum spacing of the account's sends for one campaign: the larger of the account pace and the campaign's. */
export function paceIntervalMs(limits: AccountLimits, sendDelaySeconds: number | null | undefined): number {
  return Math.round(Math.max(limits.paceSeconds ?? 0, sendDelaySeconds ?? 0) * 1000);
}

export async function ensureBudgetRow(db: DbOrTx, organizationId: string, accountId: string, now: Date): Promise<void> {
  await db
    .insertInto('account_send_budget')
    .values({ channel_account_id: accountId, organization_id: organizationId, warmup_started_at: now })
    .onConflict((oc) => oc.column('channel_account_id').doNothing())
    .execute();
}

export async function getBudgetRow(db: DbOrTx, organizationId: string, accountId: string) {
  return db
    .selectFrom('account_send_budget')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('channel_account_id', '=', accountId)
    .executeTakeFirst();
}

export async function setAccountLimits(db: Db, organizationId: string, accountId: string, input: AccountLimitsInput, now: Date, zone: string) {
  const account = await getChannelAccount(db, organizationId, accountId);
  await ensureBudgetRow(db, organizationId, accountId, now);
  const current = await getBudgetRow(db, organizationId, accountId);
  const base = effectiveLimits(account.channel, current?.limits);
  const next: AccountLimits | null = input.useChannelDefaults
    ? null
    : {
        paceSeconds: input.paceSeconds === undefined ? base.paceSeconds : input.paceSeconds,
        hourlyCap: input.hourlyCap === undefined ? base.hourlyCap : input.hourlyCap,
        dailyCap: input.dailyCap === undefined ? base.dailyCap : input.dailyCap,
        warmup: input.warmup === undefined ? base.warmup : input.warmup,
      };
  await db
    .updateTable('account_send_budget')
    .set({
      limits: next === null ? null : JSON.stringify(next),
      ...(input.restartWarmup ? { warmup_started_at: now } : {}),
      updated_at: now,
    })
    .where('organization_id', '=', organizationId)
    .where('channel_account_id', '=', accountId)
    .execute();
  return (await listAgents(db, organizationId, now, zone, accountId))[0]!;
}

/** The sending accounts of the organization with what they sent today and what they may still send. */
export async function listAgents(db: DbOrTx, organizationId: string, now: Date, zone: string, onlyAccountId?: string) {
  const accounts: ChannelAccount[] = onlyAccountId ? [await getChannelAccount(db, organizationId, onlyAccountId)] : await listChannelAccounts(db, organizationId);
  if (accounts.length === 0) return [];
  const { dayStart } = counterWindows(now, zone);
  const ids = accounts.map((a) => a.id);
  const [budgets, sentToday, active] = await Promise.all([
    db.selectFrom('account_send_budget').selectAll().where('organization_id', '=', organizationId).where('channel_account_id', 'in', ids).execute(),
    sql<{ channel_account_id: string; n: number }>`
      SELECT s.channel_account_id, count(*)::int AS n FROM campaign_sends s
      WHERE s.organization_id = ${organizationId}
        AND s.campaign_id IN (SELECT id FROM campaigns WHERE organization_id = ${organizationId} AND started_at IS NOT NULL)
        AND s.created_at >= ${dayStart} AND s.status <> 'failed'
      GROUP BY s.channel_account_id`.execute(db),
    db
      .selectFrom('campaigns')
      .select(['channel_account_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('organization_id', '=', organizationId)
      .where('status', '=', 'active')
      .groupBy('channel_account_id')
      .execute(),
  ]);
  return accounts.map((account) => {
    const budget = budgets.find((b) => b.channel_account_id === account.id);
    const limits = effectiveLimits(account.channel, budget?.limits);
    const sent = sentToday.rows.find((r) => r.channel_account_id === account.id)?.n ?? 0;
    const allowance = dailyAllowance(limits, budget?.warmup_started_at ?? now, now);
    return {
      id: account.id,
      name: account.name,
      channel: account.channel,
      status: account.status,
      address: account.address,
      sentToday: Number(sent),
      activeCampaigns: Number(active.find((r) => r.channel_account_id === account.id)?.n ?? 0),
      limits,
      limitsAreDefault: !budget?.limits,
      todayAllowance: allowance === null ? null : Math.max(0, allowance - Number(sent)),
      warmupDay: limits.warmup ? warmupDay(budget?.warmup_started_at ?? now, now) : null,
      blockedUntil: budget?.blocked_until && budget.blocked_until > now ? iso(budget.blocked_until) : null,
    };
  });
}
