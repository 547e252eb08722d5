import type { AppContext } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import type { ChannelAccount } from '../../platform/db/schema.ts';
import { getAccountHealth, listChannelAccounts } from '../channels/index.ts';
import { capFor } from '../outreach/index.ts';
import type { ReactivationSettings } from './reactivation-settings.service.ts';

/**
 * The limit manager's view of the sending accounts (seed 003 part 3, edge case 6): the configured account first, then
 * the organization's other accounts (same channel first). An account is usable when it is active and its health
 * (channels module) is not paused; its allowance is today's cap of the channels' health card minus what it sent.
 */
export interface UsableAccount {
  id: string;
  channel: ChannelAccount['channel'];
  account: ChannelAccount;
  paceSeconds: number | null;
  hourlyCap: number | null;
  remainingToday: number | null;
}

export async function usableAccounts(ctx: Pick<AppContext, 'db'>, organizationId: string, settings: Pick<ReactivationSettings, 'channelAccountId'>, now: Date): Promise<UsableAccount[]> {
  const accounts = await listChannelAccounts(ctx.db, organizationId);
  const preferred = accounts.find((a) => a.id === settings.channelAccountId) ?? null;
  const ordered = [
    ...(preferred ? [preferred] : []),
    ...accounts.filter((a) => a !== preferred && preferred && a.channel === preferred.channel),
    ...accounts.filter((a) => a !== preferred && (!preferred || a.channel !== preferred.channel)),
  ];
  const out: UsableAccount[] = [];
  for (const account of ordered) {
    if (account.status !== 'active') continue;
    const health = await getAccountHealth(ctx.db, organizationId, account.id, now);
    if (health.status === 'paused') continue;
    const remaining = remainingCold(health.today);
    out.push({ id: account.id, channel: account.channel, account, paceSeconds: health.today.paceSeconds, hourlyCap: health.today.hourlyCap, remainingToday: remaining });
  }
  return out;
}

/** Offers are cold outreach: they leave the share of the cap kept for replies. */
function remainingCold(today: { allowed: number | null; sent: number }): number | null {
  const cap = capFor(today.allowed, 'cold');
  return cap === null ? null : Math.max(0, cap - today.sent);
}

export async function chooseSendingAccount(ctx: Pick<AppContext, 'db'>, organizationId: string, settings: Pick<ReactivationSettings, 'channelAccountId'>, now: Date): Promise<UsableAccount | null> {
  return (await usableAccounts(ctx, organizationId, settings, now))[0] ?? null;
}

/** What the account may still send today; null = no cap. */
export async function remainingAllowance(db: DbOrTx, organizationId: string, accountId: string, now: Date): Promise<number | null> {
  const health = await getAccountHealth(db, organizationId, accountId, now);
  return remainingCold(health.today);
}

/** The health card of every account, as the reactivation page shows it. */
export async function reactivationAccountHealth(ctx: Pick<AppContext, 'db'>, organizationId: string, settings: Pick<ReactivationSettings, 'channelAccountId'>, now: Date) {
  const accounts = await listChannelAccounts(ctx.db, organizationId);
  const usable = await usableAccounts(ctx, organizationId, settings, now);
  const items = [];
  for (const account of accounts) {
    const health = await getAccountHealth(ctx.db, organizationId, account.id, now);
    items.push({
      accountId: account.id,
      name: account.name,
      channel: account.channel,
      accountStatus: account.status,
      status: health.status,
      reasons: health.reasons,
      today: health.today,
      remainingToday: remainingCold(health.today),
      usedForReactivation: usable[0]?.id === account.id,
    });
  }
  return { configuredAccountId: settings.channelAccountId, items };
}
