import { sql } from 'kysely';
import type { Db } from '../../../platform/db/client.ts';
import type { ChannelAccount } from '../../../platform/db/schema.ts';
import type { AdapterContext } from '../channel-adapter.ts';
import { ChannelError } from '../channel-adapter.ts';
import { markAccountDisconnected } from '../channel-accounts.service.ts';
import { isRec } from '../provider-http.ts';
import { telegramApi } from './telegram.adapter.ts';
import { ingestTelegramUpdate, TELEGRAM_ALLOWED_UPDATES } from './telegram.updates.ts';

export interface PollOutcome {
  accountId: string;
  updates: number;
  stored: number;
  error?: string;
}

/** A poll holds its bot for at most this long; a crashed process's lease simply expires. */
const LEASE_MS = 60_000;
const MAX_BACKOFF_MS = 5 * 60_000;
/** Bots polled at once by one process. */
const CONCURRENCY = 4;

/**
 * One round of long polling for every bot in polling mode (a periodic task of the job runner). Each bot is
 * leased in `channel_polls`, so any number of job processes can run this: only one asks Telegram at a time.
 * Updates are stored one by one and the offset moves past each stored update, so a failure part-way
 * re-reads only what was not stored (and stored messages are unique, so a re-read is harmless anyway).
 */
export async function pollTelegramBots(db: Db, context: Omit<AdapterContext, 'db'>, workerId: string): Promise<PollOutcome[]> {
  const accounts = await db
    .selectFrom('channel_accounts')
    .selectAll()
    .where('channel', '=', 'telegram_bot')
    .where('status', 'in', ['active', 'paused'])
    .where(sql<boolean>`settings->>'mode' = 'polling'`)
    .execute();
  const outcomes: PollOutcome[] = [];
  for (let i = 0; i < accounts.length; i += CONCURRENCY) {
    const batch = await Promise.all(accounts.slice(i, i + CONCURRENCY).map((account) => pollBot(db, account, context, workerId)));
    for (const outcome of batch) if (outcome) outcomes.push(outcome);
  }
  return outcomes;
}

async function pollBot(db: Db, account: ChannelAccount, context: Omit<AdapterContext, 'db'>, workerId: string): Promise<PollOutcome | null> {
  const now = context.now;
  await db
    .insertInto('channel_polls')
    .values({ channel_account_id: account.id, organization_id: account.organization_id, next_poll_at: now })
    .onConflict((oc) => oc.column('channel_account_id').doNothing())
    .execute();
  const lease = await db
    .updateTable('channel_polls')
    .set({ locked_by: workerId, locked_until: new Date(now.getTime() + LEASE_MS) })
    .where('channel_account_id', '=', account.id)
    .where('next_poll_at', '<=', now)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
    .returning(['update_offset', 'failures'])
    .executeTakeFirst();
  if (!lease) return null;

  let offset = Number(lease.update_offset);
  const outcome: PollOutcome = { accountId: account.id, updates: 0, stored: 0 };
  try {
    const updates = await telegramApi(account, { ...context, db }).call<unknown[]>(
      'getUpdates',
      { offset, limit: 100, timeout: 0, allowed_updates: TELEGRAM_ALLOWED_UPDATES },
      Math.min(context.config.CHANNEL_HTTP_TIMEOUT_MS, 15_000),
    );
    for (const update of Array.isArray(updates) ? updates : []) {
      const updateId = isRec(update) && typeof update.update_id === 'number' ? update.update_id : null;
      if (updateId === null || updateId < offset) continue;
      if ((await ingestTelegramUpdate(db, account, update)) === 'stored') outcome.stored++;
      outcome.updates++;
      offset = updateId + 1;
    }
    await release(db, account.id, workerId, { update_offset: offset, failures: 0, last_error: null, last_polled_at: now, next_poll_at: now });
  } catch (error) {
    const failures = lease.failures + 1;
    outcome.error = error instanceof Error ? error.message : String(error);
    await release(db, account.id, workerId, {
      update_offset: offset,
      failures,
      last_error: outcome.error.slice(0, 500),
      last_polled_at: now,
      next_poll_at: new Date(now.getTime() + Math.min(MAX_BACKOFF_MS, 1000 * 2 ** failures)),
    });
    if (error instanceof ChannelError && error.code === 'AUTH_REVOKED') await markAccountDisconnected(db, account, error.message, now);
    else context.logger.warn({ accountId: account.id, err: outcome.error }, 'telegram polling failed');
  }
  return outcome;
}

async function release(
  db: Db,
  accountId: string,
  workerId: string,
  values: { update_offset: number; failures: number; last_error: string | null; last_polled_at: Date; next_poll_at: Date },
): Promise<void> {
  await db
    .updateTable('channel_polls')
    .set({ ...values, locked_by: null, locked_until: null })
    .where('channel_account_id', '=', accountId)
    .where('locked_by', '=', workerId)
    .execute();
}
