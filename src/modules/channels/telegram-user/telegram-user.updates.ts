import type { Api } from 'telegram';
import { GramApi } from './gramjs.ts';
import type { Db } from '../../../platform/db/client.ts';
import type { ChannelAccount, MediaInfo } from '../../../platform/db/schema.ts';
import type { InboundMessage } from '../channel-adapter.ts';
import { sql } from 'kysely';
import { applyDeliveryReceipt } from '../../conversations/index.ts';
import { ingestInboundMessage, ingestOwnMessage } from '../inbound.service.ts';
import type { RawUpdate } from './telegram-user.client.ts';
import { findPeer, markedId, peerFromEntity, peerIdOf, rememberPeers } from './telegram-user.peers.ts';

/** One message as the adapter needs it, whichever MTProto shape (short update, full message) it came in. */
export interface MtprotoMessage {
  id: number;
  /** Marked id of the chat: the other user in a private chat, the group or channel otherwise. */
  chatId: string;
  /** Marked id of the author; null for channel posts signed by the channel. */
  fromId: string | null;
  out: boolean;
  text: string;
  media: MediaInfo | null;
  date: Date;
  /** A broadcast channel's post (not a customer writing). */
  isPost: boolean;
}

/** Media GramJS can download (`downloadMedia`): photos and documents (voice, audio, video, files, stickers). */
const DOWNLOADABLE = new Set(['image', 'video', 'audio', 'voice', 'document', 'sticker']);

function documentMedia(document: Api.TypeDocument | undefined, caption: string | null): MediaInfo {
  if (!(document instanceof GramApi.Document)) return { type: 'document', caption, omitted: true };
  const attributes = document.attributes ?? [];
  const fileName = attributes.find((a): a is Api.DocumentAttributeFilename => a instanceof GramApi.DocumentAttributeFilename)?.fileName ?? null;
  const audio = attributes.find((a): a is Api.DocumentAttributeAudio => a instanceof GramApi.DocumentAttributeAudio);
  const base = { mimeType: document.mimeType ?? null, size: document.size ? Number(document.size.toString()) : null, omitted: true };
  if (attributes.some((a) => a instanceof GramApi.DocumentAttributeSticker)) return { type: 'sticker', ...base };
  if (audio) return audio.voice ? { type: 'voice', ...base } : { type: 'audio', fileName, caption, ...base };
  if (attributes.some((a) => a instanceof GramApi.DocumentAttributeVideo || a instanceof GramApi.DocumentAttributeAnimated)) return { type: 'video', caption, ...base };
  return { type: 'document', fileName, caption, ...base };
}

export function mediaOf(media: Api.TypeMessageMedia | undefined, caption: string | null): MediaInfo | null {
  if (!media || media instanceof GramApi.MessageMediaEmpty || media instanceof GramApi.MessageMediaWebPage) return null;
  if (media instanceof GramApi.MessageMediaPhoto) return { type: 'image', caption, omitted: true };
  if (media instanceof GramApi.MessageMediaDocument) return documentMedia(media.document, caption);
  if (media instanceof GramApi.MessageMediaContact) return { type: 'contact', omitted: true };
  if (media instanceof GramApi.MessageMediaGeo || media instanceof GramApi.MessageMediaVenue || media instanceof GramApi.MessageMediaGeoLive) return { type: 'location', omitted: true };
  return { type: 'other', caption, omitted: true };
}

function mediaText(media: Api.TypeMessageMedia | undefined, info: MediaInfo): string {
  if (media instanceof GramApi.MessageMediaContact) return [media.firstName, media.lastName, media.phoneNumber].filter(Boolean).join(' ');
  if (media instanceof GramApi.MessageMediaVenue) return [media.title, media.address].filter(Boolean).join(', ');
  if (media instanceof GramApi.MessageMediaGeo && media.geo instanceof GramApi.GeoPoint) return `${media.geo.lat},${media.geo.long}`;
  return info.caption ?? '';
}

/** An `Api.Message` (from an update, the history or the dialogs) → the adapter's shape; null for service messages. */
export function fromApiMessage(message: Api.TypeMessage, selfId: string | null): MtprotoMessage | null {
  if (!(message instanceof GramApi.Message)) return null;
  const chatId = peerIdOf(message.peerId);
  const caption = message.message ? message.message : null;
  const media = mediaOf(message.media, caption);
  const text = message.message || (media ? mediaText(message.media, media) : '');
  if (!text && !media) return null;
  // In a private chat without fromId the author is the chat itself, or us when the message is outgoing.
  const fromId = message.fromId ? peerIdOf(message.fromId) : chatId.startsWith('-') ? null : message.out ? selfId : chatId;
  return { id: message.id, chatId, fromId, out: Boolean(message.out), text, media, date: new Date(message.date * 1000), isPost: Boolean(message.post) };
}

/** The new message an update announces, or null (edits, reads, typing, everything else). */
export function messageOfUpdate(update: RawUpdate, selfId: string | null): MtprotoMessage | null {
  if (update instanceof GramApi.UpdateShortMessage) {
    if (!update.message) return null;
    const user = markedId('user', update.userId);
    return { id: update.id, chatId: user, fromId: update.out ? selfId : user, out: Boolean(update.out), text: update.message, media: null, date: new Date(update.date * 1000), isPost: false };
  }
  if (update instanceof GramApi.UpdateShortChatMessage) {
    if (!update.message) return null;
    return {
      id: update.id,
      chatId: markedId('chat', update.chatId),
      fromId: markedId('user', update.fromId),
      out: Boolean(update.out),
      text: update.message,
      media: null,
      date: new Date(update.date * 1000),
      isPost: false,
    };
  }
  if (update instanceof GramApi.UpdateNewMessage || update instanceof GramApi.UpdateNewChannelMessage) return fromApiMessage(update.message, selfId);
  return null;
}

/** The other side read our messages in a chat up to `maxId` (message ids grow within a chat). */
export interface ReadReceipt {
  chatId: string;
  maxId: number;
}

/**
 * `updateReadHistoryOutbox` (a private chat or basic group: `peer`, `max_id`) and `updateReadChannelOutbox`
 * (a supergroup: `channel_id`, `max_id`) → a read receipt; null for every other update.
 */
export function readReceiptOfUpdate(update: RawUpdate): ReadReceipt | null {
  if (update instanceof GramApi.UpdateReadHistoryOutbox) return { chatId: peerIdOf(update.peer), maxId: update.maxId };
  if (update instanceof GramApi.UpdateReadChannelOutbox) return { chatId: markedId('channel', update.channelId), maxId: update.maxId };
  return null;
}

/** At most this many messages turn `read` per receipt (a receipt after a long silence covers the recent ones). */
const READ_RECEIPT_BATCH = 500;

/**
 * Marks our outbound messages of the chat up to `maxId` read (`read_at`, and `delivered_at` when unset), each
 * with its `message.read` event, which campaign statistics count. Replays change nothing.
 */
export async function applyReadReceipt(db: Db, account: ChannelAccount, receipt: ReadReceipt, at: Date): Promise<number> {
  const rows = await db
    .selectFrom('messages as m')
    .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
    .select('m.external_id')
    .where('c.organization_id', '=', account.organization_id)
    .where('c.channel_account_id', '=', account.id)
    .where('c.external_chat_id', '=', receipt.chatId)
    .where('m.organization_id', '=', account.organization_id)
    .where('m.direction', '=', 'outbound')
    .where('m.status', 'in', ['sent', 'delivered', 'unknown'])
    .where('m.external_id', '~', '^[0-9]{1,18}$')
    .where(sql<boolean>`m.external_id::bigint <= ${receipt.maxId}`)
    .orderBy('m.sent_at', 'desc')
    .limit(READ_RECEIPT_BATCH)
    .execute();
  let applied = 0;
  for (const row of rows) {
    if (await applyDeliveryReceipt(db, account.organization_id, account.id, row.external_id!, 'read', at)) applied++;
  }
  return applied;
}

export type IngestOutcome = 'stored' | 'duplicate' | 'own' | 'ignored';

/**
 * One message of the account → the inbound path (a customer writing) or the own-message path (sent from the
 * phone or another app, or the echo of ours). Authors and chats are named from the update's entities or
 * from the peers this account has seen.
 */
export async function ingestMtprotoMessage(
  db: Db,
  account: ChannelAccount,
  message: MtprotoMessage,
  entities: Map<string, Api.TypeUser | Api.TypeChat>,
  now: Date,
): Promise<IngestOutcome> {
  if (message.isPost) return 'ignored';
  if (entities.size > 0) await rememberPeers(db, account, entities.values(), now);
  const isGroup = message.chatId.startsWith('-');
  const describe = async (peerId: string | null) => {
    if (!peerId) return null;
    const entity = entities.get(peerId);
    const fromEntity = entity ? peerFromEntity(entity) : null;
    return fromEntity ?? (await findPeer(db, account.id, peerId));
  };
  const externalMessageId = String(message.id);
  if (message.out) {
    const counterpart = isGroup ? null : await describe(message.chatId);
    const result = await ingestOwnMessage(db, account, {
      externalChatId: message.chatId,
      externalMessageId,
      counterpart: isGroup ? null : { telegramId: message.chatId, telegramUsername: counterpart?.username ?? null, name: counterpart?.title ?? null },
      text: message.text,
      media: message.media,
      sentAt: message.date,
      isGroup,
    });
    return result.stored === 'duplicate' ? 'duplicate' : 'own';
  }
  if (!message.fromId || message.fromId.startsWith('-')) return 'ignored';
  const author = await describe(message.fromId);
  const chat = isGroup ? await describe(message.chatId) : null;
  const inbound: InboundMessage = {
    externalChatId: message.chatId,
    externalMessageId,
    from: { telegramId: message.fromId, telegramUsername: author?.username ?? null, phone: author?.phone ?? null, name: author?.title ?? null },
    text: message.text,
    media: message.media,
    mediaSource: message.media && DOWNLOADABLE.has(message.media.type) ? { chatId: message.chatId, messageId: message.id } : null,
    sentAt: message.date,
    isGroup,
    chatTitle: chat?.title ?? null,
  };
  const result = await ingestInboundMessage(db, account, inbound);
  return result.isDuplicate ? 'duplicate' : 'stored';
}
