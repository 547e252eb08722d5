import { sql } from 'kysely';
import type { Db, DbOrTx } from '../../platform/db/client.ts';
import type { ChannelAccount } from '../../platform/db/schema.ts';
import { iso } from '../../platform/http/pagination.ts';
import { getChannelAccount, listChannelAccounts, warmupAllowanceToday } from '../channels/index.ts';
import { effectiveLimits, remainingToday, warmupDay, type AccountLimits } from './engine/budget.ts';
import { isValidWindow, type SendWindow } from './engine/quiet-hours.ts';
import { ensureBudgetRow, getBudgetRow, usedNow } from './budget.repository.ts';

/**
 * What an account sent and may still send today — the one set of numbers the health card, the campaigns' agents
 * list, reactivation, re-engagement and the autopilot read: the budget row's counters, which every send moves.
 */
export interface BudgetToday {
  limits: AccountLimits;
  limitsAreDefault: boolean;
  sentToday: number;
  sentThisHour: number;
  /** Today's cap (daily cap lowered by the warm-up level); null = unlimited. */
  allowance: number | null;
  remainingToday: number | null;
  warmupDay: number | null;
  warmupStartedAt: Date;
  blockedUntil: Date | null;
  sendWindow: SendWindow | null;
}

type BudgetRow = Awaited<ReturnType<typeof getBudgetRow>>;

/**
 * Today's allowance of an account (null = unlimited): the daily cap, lowered while the account warms up by its
 * warm-up level — the level the health card shows, which rises after healthy days and drops on blocks (the
 * channels module keeps it). The one source every claim, the card and the lists read.
 */
export async function allowanceToday(db: DbOrTx, organizationId: string, account: { id: string; channel: string }, limits: AccountLimits, now: Date): Promise<number | null> {
  if (!limits.warmup) return limits.dailyCap;
  return warmupAllowanceToday(db, organizationId, account.id, now);
}

/** `allowance`: today's allowance from `allowanceToday` (the card passes the level it already read). */
export function budgetTodayOf(channel: string, row: BudgetRow, now: Date, zone: string, allowance: number | null): BudgetToday {
  const limits = effectiveLimits(channel, row?.limits);
  // No budget row yet: the warm-up starts today.
  const warmupStartedAt = row?.warmup_started_at ? new Date(row.warmup_started_at) : now;
  const used = usedNow(row, now, zone);
  const window = row?.send_window as SendWindow | null | undefined;
  return {
    limits,
    limitsAreDefault: !row?.limits,
    sentToday: used.day,
    sentThisHour: used.hour,
    allowance,
    remainingToday: remainingToday(allowance, used.day),
    warmupDay: limits.warmup ? warmupDay(warmupStartedAt, now) : null,
    warmupStartedAt,
    blockedUntil: row?.blocked_until && new Date(row.blocked_until) > now ? new Date(row.blocked_until) : null,
    sendWindow: window && isValidWindow(window) ? window : null,
  };
}

export async function readBudgetToday(db: DbOrTx, organizationId: string, account: { id: string; channel: string }, now: Date, zone: string): Promise<BudgetToday> {
  const row = await getBudgetRow(db, organizationId, account.id);
  const allowance = await allowanceToday(db, organizationId, account, effectiveLimits(account.channel, row?.limits), now);
  return budgetTodayOf(account.channel, row, now, zone, allowance);
}

/** Today's figures of several accounts (their budget rows read in one query). */
export async function readBudgetsToday(db: DbOrTx, organizationId: string, accounts: Array<{ id: string; channel: string }>, now: Date, zone: string): Promise<Map<string, BudgetToday>> {
  if (accounts.length === 0) return new Map();
  const rows = await db
    .selectFrom('account_send_budget')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('channel_account_id', 'in', accounts.map((a) => a.id))
    .execute();
  const entries = await Promise.all(
    accounts.map(async (account) => {
      const row = rows.find((b) => b.channel_account_id === account.id);
      const allowance = await allowanceToday(db, organizationId, account, effectiveLimits(account.channel, row?.limits), now);
      return [account.id, budgetTodayOf(account.channel, row, now, zone, allowance)] as const;
    }),
  );
  return new Map(entries);
}

export interface AccountLimitsPatch {
  paceSeconds?: number | null | undefined;
  hourlyCap?: number | null | undefined;
  dailyCap?: number | null | undefined;
  warmup?: { startDaily: number; dailyIncrease: number } | null | undefined;
  restartWarmup?: boolean | null | undefined;
  useChannelDefaults?: boolean | null | undefined;
  /** The account's own send window (quiet hours); null = the organization's. */
  sendWindow?: SendWindow | null | undefined;
}

export async function setAccountLimits(db: Db, organizationId: string, accountId: string, input: AccountLimitsPatch, now: Date, zone: string) {
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
      ...(input.sendWindow !== undefined ? { send_window: input.sendWindow === null ? null : JSON.stringify(input.sendWindow) } : {}),
      updated_at: now,
    })
    .where('organization_id', '=', organizationId)
    .where('channel_account_id', '=', accountId)
    .execute();
  return (await listAgents(db, organizationId, now, zone, accountId))[0]!;
}

/** The sending accounts of the organization with what they sent today (every send) and what they may still send. */
export async function listAgents(db: DbOrTx, organizationId: string, now: Date, zone: string, onlyAccountId?: string) {
  const accounts: ChannelAccount[] = onlyAccountId ? [await getChannelAccount(db, organizationId, onlyAccountId)] : await listChannelAccounts(db, organizationId);
  if (accounts.length === 0) return [];
  const ids = accounts.map((a) => a.id);
  const [budgets, active] = await Promise.all([
    readBudgetsToday(db, organizationId, accounts, now, zone),
    sql<{ channel_account_id: string; n: number }>`
      SELECT channel_account_id, count(*)::int AS n FROM campaigns
      WHERE organization_id = ${organizationId} AND status = 'active' GROUP BY channel_account_id`.execute(db),
  ]);
  return accounts.map((account) => {
    const today = budgets.get(account.id)!;
    return {
      id: account.id,
      name: account.name,
      channel: account.channel,
      status: account.status,
      address: account.address,
      sentToday: today.sentToday,
      activeCampaigns: Number(active.rows.find((r) => r.channel_account_id === account.id)?.n ?? 0),
      limits: today.limits,
      limitsAreDefault: today.limitsAreDefault,
      todayAllowance: today.remainingToday,
      warmupDay: today.warmupDay,
      blockedUntil: iso(today.blockedUntil),
      sendWindow: today.sendWindow,
    };
  });
}
