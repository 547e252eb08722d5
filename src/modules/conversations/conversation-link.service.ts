import { sql } from 'kysely';
import type { Db } from '../../platform/db/client.ts';
import type { ChannelType } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/context.ts';
import { recordEvent } from '../events/index.ts';
import { getContact, normalizePhone } from '../contacts/index.ts';
import { adapterFor, listChannelAccounts } from '../channels/index.ts';
import { findConversationByKey, getConversation } from './conversations.service.ts';

/** Which connected channels can carry on an imported chat: WhatsApp history on a WhatsApp number, Telegram on Telegram. */
const CONTINUES: Record<'whatsapp_export' | 'telegram_export', ChannelType[]> = {
  whatsapp_export: ['evolution', 'whatsapp_cloud', 'sandbox'],
  telegram_export: ['telegram_user', 'telegram_bot', 'sandbox'],
};

export function isImportedChannel(channel: string): channel is keyof typeof CONTINUES {
  return channel in CONTINUES;
}

export function canContinueOn(importedChannel: string, accountChannel: ChannelType): boolean {
  return isImportedChannel(importedChannel) && CONTINUES[importedChannel].includes(accountChannel);
}

/**
 * Makes an imported chat (WhatsApp or Telegram export) a live thread of a connected account: the conversation
 * takes the account and the contact's address on it (`chatId`), so the next answer goes out from the same
 * thread. When the client already has a live thread on that account, the imported history moves into it
 * (messages, notes, activity) and the imported conversation goes. Returns the id of the thread to open.
 */
export async function linkImportedConversation(
  db: Db,
  organizationId: string,
  conversationId: string,
  account: { id: string; channel: ChannelType },
  chatId: string,
  actorUserId: string | null,
  now: Date,
): Promise<string> {
  const linkedId = await db.transaction().execute(async (tx) => {
    const imported = await getConversation(tx, organizationId, conversationId);
    if (!isImportedChannel(imported.channel)) {
      throw new AppError('BAD_REQUEST', 'only an imported conversation can be linked to a channel account', [{ field: 'conversationId', message: 'not an imported conversation' }]);
    }
    if (imported.is_group) throw new AppError('BAD_REQUEST', 'a group chat cannot be linked to a channel account', [{ field: 'conversationId', message: 'group chat' }]);
    if (!canContinueOn(imported.channel, account.channel)) {
      throw new AppError('BAD_REQUEST', `a ${imported.channel} conversation cannot continue on ${account.channel}`, [{ field: 'body.channelAccountId', message: 'another messenger' }]);
    }
    const live = await findConversationByKey(tx, organizationId, { channel: account.channel, channelAccountId: account.id, externalChatId: chatId });
    if (!live) {
      await tx
        .updateTable('conversations')
        .set({ channel: account.channel, channel_account_id: account.id, external_chat_id: chatId, updated_at: now })
        .where('organization_id', '=', organizationId)
        .where('id', '=', conversationId)
        .execute();
      return conversationId;
    }
    for (const table of ['messages', 'conversation_notes', 'conversation_activity'] as const) {
      await tx.updateTable(table).set({ conversation_id: live.id }).where('organization_id', '=', organizationId).where('conversation_id', '=', conversationId).execute();
    }
    // The live thread keeps whichever is newer of the two as its last message, and gains the contact if it had none.
    await sql`
      UPDATE conversations live SET
        last_message_at = greatest(live.last_message_at, imported.last_message_at),
        last_message_preview = CASE WHEN imported.last_message_at > coalesce(live.last_message_at, '-infinity') THEN imported.last_message_preview ELSE live.last_message_preview END,
        last_inbound_at = greatest(live.last_inbound_at, imported.last_inbound_at),
        contact_id = coalesce(live.contact_id, imported.contact_id),
        updated_at = ${now}
      FROM conversations imported
      WHERE live.organization_id = ${organizationId} AND live.id = ${live.id} AND imported.organization_id = ${organizationId} AND imported.id = ${conversationId}`.execute(tx);
    await tx.deleteFrom('conversations').where('organization_id', '=', organizationId).where('id', '=', conversationId).execute();
    return live.id;
  });
  await recordEvent(db, {
    organizationId,
    type: 'conversation.linked',
    subjectType: 'conversation',
    subjectId: linkedId,
    payload: { importedConversationId: conversationId, channelAccountId: account.id, channel: account.channel, merged: linkedId !== conversationId, actorUserId },
  });
  return linkedId;
}

/**
 * After an import: when the business side of the chats ("me" in the export) is the very number of a connected
 * account, the imported one-to-one chats created since `since` continue on that account at once. Returns how
 * many were linked; chats whose contact has no address on the account stay imported.
 */
export async function linkImportsToOwnNumber(
  ctx: Pick<AppContext, 'db' | 'channels'>,
  organizationId: string,
  source: 'whatsapp' | 'telegram',
  me: string | null | undefined,
  since: Date,
  now: Date,
): Promise<number> {
  const own = normalizePhone(me).e164;
  if (!own) return 0;
  const importedChannel = source === 'whatsapp' ? 'whatsapp_export' : 'telegram_export';
  const account = (await listChannelAccounts(ctx.db, organizationId)).find(
    (candidate) => candidate.channel !== 'sandbox' && canContinueOn(importedChannel, candidate.channel) && normalizePhone(candidate.address).e164 === own,
  );
  if (!account) return 0;
  const imported = await ctx.db
    .selectFrom('conversations')
    .select(['id', 'contact_id'])
    .where('organization_id', '=', organizationId)
    .where('channel', '=', importedChannel)
    .where('is_group', '=', false)
    .where('contact_id', 'is not', null)
    .where('created_at', '>=', since)
    .execute();
  let linked = 0;
  for (const conversation of imported) {
    const chatId = adapterFor(ctx.channels, account.channel).chatIdForContact(await getContact(ctx.db, organizationId, conversation.contact_id!));
    if (!chatId) continue;
    await linkImportedConversation(ctx.db, organizationId, conversation.id, account, chatId, null, now);
    linked += 1;
  }
  return linked;
}
