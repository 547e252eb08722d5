import type { Db } from '../../platform/db/client.ts';
import type { ChannelAccount, MediaInfo, Message } from '../../platform/db/schema.ts';
import { getContact, upsertContactByAddress, type ContactAddress } from '../contacts/index.ts';
import { claimPendingOutbound, findConversationByKey, findOrCreateConversation, storeExternalOutboundMessage, storeInboundMessage } from '../conversations/index.ts';
import { enqueueJob } from '../../platform/jobs/job-queue.ts';
import type { InboundMessage } from './channel-adapter.ts';
import { MEDIA_DOWNLOAD_TASK, MEDIA_DOWNLOAD_ATTEMPTS } from './media-download.task.ts';

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
    const key = { channel: account.channel, channelAccountId: account.id, externalChatId: inbound.externalChatId };
    // A one-to-one chat keeps its contact: the address need not be parseable (a phone the region rules reject).
    const chatContactId = inbound.knownContactId ?? (inbound.isGroup ? null : ((await findConversationByKey(tx, organizationId, key))?.contact_id ?? null));
    const contact = chatContactId
      ? await getContact(tx, organizationId, chatContactId)
      : (await upsertContactByAddress(tx, organizationId, inbound.from, account.channel)).contact;
    const conversation = await findOrCreateConversation(tx, organizationId, key, {
      contactId: inbound.isGroup ? null : contact.id,
      isGroup: inbound.isGroup,
      title: inbound.chatTitle ?? null,
    });
    const { message, isDuplicate } = await storeInboundMessage(
      tx,
      organizationId,
      {
        conversationId: conversation.id,
        externalId: inbound.externalMessageId,
        authorContactId: contact.id,
        authorName: inbound.from.name ?? contact.display_name,
        body: inbound.text,
        media: inbound.media ? (inbound.mediaSource ? { ...inbound.media, download: 'pending' as const } : inbound.media) : null,
        sentAt: inbound.sentAt,
      },
      account.channel,
    );
    // The file is fetched by the job loop, so the webhook answers at once and a provider outage loses nothing;
    // it is due from the moment the message was sent, i.e. at once by any clock.
    if (!isDuplicate && inbound.media && inbound.mediaSource) {
      await enqueueJob(
        tx,
        MEDIA_DOWNLOAD_TASK,
        { messageId: message.id, accountId: account.id, source: inbound.mediaSource },
        { organizationId, jobKey: `media:${message.id}`, maxAttempts: MEDIA_DOWNLOAD_ATTEMPTS, runAt: inbound.sentAt },
      );
    }
    return { message, conversationId: conversation.id, contactId: contact.id, isDuplicate };
  });
}

export interface OwnMessage {
  externalChatId: string;
  externalMessageId: string;
  /** The other side of a one-to-one chat; null in groups. */
  counterpart: ContactAddress | null;
  knownContactId?: string | null;
  text: string;
  media?: MediaInfo | null;
  sentAt: Date;
  isGroup?: boolean;
}

/**
 * A message the account itself sent, reported back by the channel: the echo of our own send (matched to the
 * pending outbound message, which then learns its channel id) or one typed on the phone (stored as outbound).
 */
export async function ingestOwnMessage(db: Db, account: ChannelAccount, own: OwnMessage): Promise<{ conversationId: string; stored: 'echo' | 'new' | 'duplicate' }> {
  const organizationId = account.organization_id;
  return db.transaction().execute(async (tx) => {
    let contactId: string | null = own.knownContactId ?? null;
    if (!contactId && !own.isGroup) {
      contactId = (await findConversationByKey(tx, organizationId, { channel: account.channel, channelAccountId: account.id, externalChatId: own.externalChatId }))?.contact_id ?? null;
    }
    if (!contactId && !own.isGroup && own.counterpart) {
      contactId = (await upsertContactByAddress(tx, organizationId, own.counterpart, account.channel)).contact.id;
    }
    const conversation = await findOrCreateConversation(
      tx,
      organizationId,
      { channel: account.channel, channelAccountId: account.id, externalChatId: own.externalChatId },
      { contactId: own.isGroup ? null : contactId, isGroup: own.isGroup },
    );
    const isEcho = await claimPendingOutbound(tx, organizationId, { conversationId: conversation.id, body: own.text }, own.externalMessageId, own.sentAt);
    if (isEcho) return { conversationId: conversation.id, stored: 'echo' as const };
    const { isDuplicate } = await storeExternalOutboundMessage(
      tx,
      organizationId,
      { conversationId: conversation.id, externalId: own.externalMessageId, body: own.text, media: own.media ?? null, sentAt: own.sentAt, authorName: account.name },
      account.channel,
    );
    return { conversationId: conversation.id, stored: isDuplicate ? ('duplicate' as const) : ('new' as const) };
  });
}
