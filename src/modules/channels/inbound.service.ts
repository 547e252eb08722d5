import type { Db } from '../../platform/db/client.ts';
import type { ChannelAccount, Message } from '../../platform/db/schema.ts';
import { getContact, upsertContactByAddress } from '../contacts/index.ts';
import { findOrCreateConversation, storeInboundMessage } from '../conversations/index.ts';
import type { InboundMessage } from './channel-adapter.ts';

export interface IngestResult {
  message: Message;
  conversationId: string;
  contactId: string;
  isDuplicate: boolean;
}

/**
 * The one inbound path for every channel: upsert the contact, find or open the conversation, store the
 * message once. All in one transaction, so a replayed webhook either sees everything or nothing.
 */
export async function ingestInboundMessage(db: Db, account: ChannelAccount, inbound: InboundMessage): Promise<IngestResult> {
  const organizationId = account.organization_id;
  return db.transaction().execute(async (tx) => {
    const contact = inbound.knownContactId
      ? await getContact(tx, organizationId, inbound.knownContactId)
      : (await upsertContactByAddress(tx, organizationId, inbound.from, account.channel)).contact;
    const conversation = await findOrCreateConversation(
      tx,
      organizationId,
      { channel: account.channel, channelAccountId: account.id, externalChatId: inbound.externalChatId },
      { contactId: inbound.isGroup ? null : contact.id, isGroup: inbound.isGroup, title: inbound.chatTitle ?? null },
    );
    const { message, isDuplicate } = await storeInboundMessage(
      tx,
      organizationId,
      {
        conversationId: conversation.id,
        externalId: inbound.externalMessageId,
        authorContactId: contact.id,
        authorName: inbound.from.name ?? contact.display_name,
        body: inbound.text,
        media: inbound.media ?? null,
        sentAt: inbound.sentAt,
      },
      account.channel,
    );
    return { message, conversationId: conversation.id, contactId: contact.id, isDuplicate };
  });
}
