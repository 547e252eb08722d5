import type { Db, DbOrTx } from '../../platform/db/client.ts';
import type { ChannelAccount, ChannelType } from '../../platform/db/schema.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { generateSecret } from '../../platform/security.ts';
import { iso } from '../../platform/http/pagination.ts';
import { recordEvent } from '../events/index.ts';

export async function createChannelAccount(
  db: Db,
  organizationId: string,
  input: { channel: ChannelType; name: string; address?: string | null; settings?: Record<string, unknown> },
): Promise<ChannelAccount> {
  if (input.channel !== 'sandbox') {
    throw new AppError('UNPROCESSABLE', `the ${input.channel} channel is not available yet`, [{ field: 'body.channel', message: 'not available' }]);
  }
  return db
    .insertInto('channel_accounts')
    .values({
      organization_id: organizationId,
      channel: input.channel,
      name: input.name,
      address: input.address ?? null,
      settings: JSON.stringify(input.settings ?? {}),
      webhook_secret: generateSecret('whk_'),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function getChannelAccount(db: DbOrTx, organizationId: string, accountId: string): Promise<ChannelAccount> {
  const account = await db
    .selectFrom('channel_accounts')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', accountId)
    .executeTakeFirst();
  if (!account) throw notFound('channel account');
  return account;
}

/** For webhooks, which arrive before we know the organization: the account id in the URL decides it. */
export async function findChannelAccountById(db: DbOrTx, accountId: string): Promise<ChannelAccount | undefined> {
  return db.selectFrom('channel_accounts').selectAll().where('id', '=', accountId).executeTakeFirst();
}

export async function listChannelAccounts(db: DbOrTx, organizationId: string): Promise<ChannelAccount[]> {
  return db.selectFrom('channel_accounts').selectAll().where('organization_id', '=', organizationId).orderBy('created_at').execute();
}

export async function updateChannelAccount(
  db: Db,
  organizationId: string,
  accountId: string,
  patch: { name?: string; status?: 'active' | 'paused'; settings?: Record<string, unknown> },
  now: Date,
): Promise<ChannelAccount> {
  const current = await getChannelAccount(db, organizationId, accountId);
  return db.transaction().execute(async (tx) => {
    const account = await tx
      .updateTable('channel_accounts')
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.status !== undefined ? { status: patch.status } : {}),
        ...(patch.settings !== undefined ? { settings: JSON.stringify({ ...current.settings, ...patch.settings }) } : {}),
        updated_at: now,
      })
      .where('organization_id', '=', organizationId)
      .where('id', '=', accountId)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (patch.status && patch.status !== current.status) {
      await recordEvent(tx, { organizationId, type: `channel_account.${patch.status}`, subjectType: 'channel_account', subjectId: accountId, payload: {} });
    }
    return account;
  });
}

export async function markAccountDisconnected(db: DbOrTx, account: ChannelAccount, reason: string, now: Date): Promise<void> {
  await db.updateTable('channel_accounts').set({ status: 'disconnected', updated_at: now }).where('id', '=', account.id).execute();
  await recordEvent(db, {
    organizationId: account.organization_id,
    type: 'channel_account.disconnected',
    subjectType: 'channel_account',
    subjectId: account.id,
    payload: { reason },
  });
}

export async function deleteChannelAccount(db: Db, organizationId: string, accountId: string): Promise<void> {
  const result = await db.deleteFrom('channel_accounts').where('organization_id', '=', organizationId).where('id', '=', accountId).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw notFound('channel account');
}

export function toChannelAccountDto(account: ChannelAccount) {
  return {
    id: account.id,
    channel: account.channel,
    name: account.name,
    address: account.address,
    status: account.status,
    settings: account.settings,
    createdAt: iso(account.created_at)!,
  };
}
