import type { Api } from 'telegram';
import { GramApi, gramjsHelpers, gramjsUploads } from './gramjs.ts';
import { sql } from 'kysely';
import { z } from 'zod';
import type { DbOrTx } from '../../../platform/db/client.ts';
import type { ChannelAccount, MediaInfo } from '../../../platform/db/schema.ts';
import {
  ChannelError,
  MediaTooLargeError,
  type FetchedMedia,
  type MediaSource,
  type AccountConnectInput,
  type AccountSetup,
  type AdapterContext,
  type ChannelAdapter,
  type ChannelHealth,
  type OutboundMessage,
  type OutboundFile,
  type SentMessage,
} from '../channel-adapter.ts';
import { openCredentials } from '../channel-credentials.ts';
import { KeyedPacer } from '../pacer.ts';
import { createGramJsClient, type TelegramClientFactory, type TelegramUserClient } from './telegram-user.client.ts';
import { mtprotoError } from './telegram-user.errors.ts';
import { logOutSession, phoneDigits, requestLoginCode } from './telegram-user.login.ts';
import { findPeer, inputChannelOf, inputPeerOf, markedId, parseMarkedId, peerFromEntity, rememberPeers, type KnownPeer } from './telegram-user.peers.ts';
import { TelegramClientPool } from './telegram-user.pool.ts';

export const ZTelegramUserConfig = z.strictObject({
  apiId: z.coerce.number().int().min(1, 'the api_id from my.telegram.org').max(2_147_483_647).describe('api_id of your application at my.telegram.org'),
  apiHash: z
    .string()
    .trim()
    .regex(/^[0-9a-fA-F]{32}$/, 'the api_hash from my.telegram.org: 32 hexadecimal characters')
    .describe('api_hash of your application at my.telegram.org; stored encrypted'),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[\d\s().-]{7,24}$/, 'the account’s phone number in international format, e.g. +996 700 123 456')
    .describe('Phone number of the Telegram account; Telegram sends the login code to its apps'),
});

export type TelegramUserConfig = z.infer<typeof ZTelegramUserConfig>;

/**
 * Pace of a user account: Telegram does not publish limits for user accounts and punishes bursts with
 * FLOOD_WAIT or PEER_FLOOD, so one message at a time per account, a few seconds apart per chat.
 */
export const TELEGRAM_USER_PACE = { accountIntervalMs: 1500, chatIntervalMs: 3000, maxWaitMs: 5000 };

export interface TelegramUserAdapter extends ChannelAdapter {
  readonly pool: TelegramClientPool;
  /** The account's live client (created on first use, then kept). */
  clientFor(account: ChannelAccount, context: AdapterContext): Promise<TelegramUserClient>;
}

/** A recipient address as a conversation keeps it: a marked id, `@username` or `+phone`. */
function addressKind(chatId: string): 'username' | 'phone' | 'id' | null {
  if (/^@[A-Za-z][A-Za-z0-9_]{3,31}$/.test(chatId)) return 'username';
  if (/^\+\d{6,20}$/.test(chatId)) return 'phone';
  return parseMarkedId(chatId) ? 'id' : null;
}

async function peerByColumn(db: DbOrTx, accountId: string, column: 'username' | 'phone', value: string): Promise<KnownPeer | null> {
  const row = await db
    .selectFrom('telegram_user_peers')
    .selectAll()
    .where('channel_account_id', '=', accountId)
    .where(column === 'username' ? sql<boolean>`lower(username) = ${value.toLowerCase()}` : sql<boolean>`phone = ${value}`)
    .where('access_hash', 'is not', null)
    .executeTakeFirst();
  return row ? { peerId: row.peer_id, kind: row.kind, accessHash: row.access_hash, username: row.username, phone: row.phone, title: row.title, broadcast: row.broadcast } : null;
}

/** The contact of the conversation a message goes to: its other addresses are the fallback for an unknown id. */
async function chatContact(db: DbOrTx, account: ChannelAccount, chatId: string) {
  return db
    .selectFrom('conversations as v')
    .innerJoin('contacts as c', 'c.id', 'v.contact_id')
    .select(['c.id', 'c.display_name', 'c.first_name', 'c.last_name', 'c.telegram_id', 'c.telegram_username', 'c.phone_e164'])
    .where('v.organization_id', '=', account.organization_id)
    .where('v.channel_account_id', '=', account.id)
    .where('v.external_chat_id', '=', chatId)
    .executeTakeFirst();
}

interface Target {
  peer: Api.TypeInputPeer;
  peerId: string;
}

async function resolveUsername(client: TelegramUserClient, account: ChannelAccount, username: string, context: AdapterContext): Promise<Target> {
  const known = await peerByColumn(context.db, account.id, 'username', username);
  const knownPeer = known ? inputPeerOf(known) : null;
  if (known && knownPeer) return { peer: knownPeer, peerId: known.peerId };
  let resolved: Api.contacts.ResolvedPeer;
  try {
    resolved = await client.invoke(new GramApi.contacts.ResolveUsername({ username }));
  } catch (error) {
    throw mtprotoError(error, `Telegram contacts.resolveUsername @${username}`);
  }
  await rememberPeers(context.db, account, [...resolved.users, ...resolved.chats], context.now);
  const entity = [...resolved.users, ...resolved.chats].map(peerFromEntity).find((p) => p && p.username?.toLowerCase() === username.toLowerCase()) ?? null;
  const peer = entity ? inputPeerOf(entity) : null;
  if (!entity || !peer) throw new ChannelError('RECIPIENT_INVALID', `@${username} cannot be written to`, undefined, 'USERNAME_NOT_OCCUPIED');
  return { peer, peerId: entity.peerId };
}

/** contacts.importContacts is the only way MTProto finds a user by phone; it adds them to the account's contacts. */
async function resolvePhone(client: TelegramUserClient, account: ChannelAccount, phone: string, name: string | null, context: AdapterContext): Promise<Target> {
  const known = await peerByColumn(context.db, account.id, 'phone', phone);
  const knownPeer = known ? inputPeerOf(known) : null;
  if (known && knownPeer) return { peer: knownPeer, peerId: known.peerId };
  const [firstName, ...rest] = (name ?? '').trim().split(/\s+/);
  let imported: Api.contacts.ImportedContacts;
  try {
    imported = await client.invoke(
      new GramApi.contacts.ImportContacts({
        contacts: [new GramApi.InputPhoneContact({ clientId: gramjsHelpers().generateRandomLong(), phone: phoneDigits(phone), firstName: firstName || phone, lastName: rest.join(' ') })],
      }),
    );
  } catch (error) {
    throw mtprotoError(error, 'Telegram contacts.importContacts');
  }
  if (imported.retryContacts.length > 0 && imported.users.length === 0) {
    throw new ChannelError('RATE_LIMITED', 'Telegram postponed the phone lookup (too many contacts imported); trying later', 5 * 60_000, 'import_retry');
  }
  await rememberPeers(context.db, account, imported.users, context.now);
  const userId = imported.imported[0]?.userId;
  const user = imported.users.find((u) => userId !== undefined && u.id.toString() === userId.toString()) ?? imported.users[0];
  const entity = user ? peerFromEntity(user) : null;
  const peer = entity ? inputPeerOf(entity) : null;
  if (!entity || !peer) throw new ChannelError('RECIPIENT_INVALID', 'the number has no Telegram account, or its privacy settings hide it', undefined, 'not_on_telegram');
  return { peer, peerId: entity.peerId };
}

/**
 * Where a message goes: a known peer by id (its access_hash stored), else `@username` through
 * contacts.resolveUsername, else `+phone` through contacts.importContacts. An id this account was never
 * given an access_hash for falls back on the contact's username or phone.
 */
async function resolveTarget(client: TelegramUserClient, account: ChannelAccount, chatId: string, context: AdapterContext): Promise<Target> {
  const kind = addressKind(chatId);
  if (kind === 'username') return resolveUsername(client, account, chatId.slice(1), context);
  if (kind === 'phone') return resolvePhone(client, account, chatId, (await chatContact(context.db, account, chatId))?.display_name ?? null, context);
  if (kind !== 'id') throw new ChannelError('RECIPIENT_INVALID', `"${chatId}" is not a Telegram id, @username or +phone`, undefined, 'bad_address');
  const known = await findPeer(context.db, account.id, chatId);
  const direct = known ? inputPeerOf(known) : parseMarkedId(chatId)?.kind === 'chat' ? inputPeerOf({ kind: 'chat', peerId: chatId, accessHash: null }) : null;
  if (direct) return { peer: direct, peerId: chatId };
  const contact = await chatContact(context.db, account, chatId);
  if (contact?.telegram_username) return resolveUsername(client, account, contact.telegram_username, context);
  if (contact?.phone_e164) return resolvePhone(client, account, contact.phone_e164, contact.display_name, context);
  throw new ChannelError(
    'RECIPIENT_INVALID',
    'this Telegram account has never seen that user: it can write to people who wrote to it, members of its groups, or by @username or phone',
    undefined,
    'peer_unknown',
  );
}

/**
 * After a first message to `@username` or `+phone` the conversation is keyed by the user's id, which every
 * reply carries, and the contact learns the id; neither happens when another conversation or contact has it.
 */
async function keyConversationById(db: DbOrTx, account: ChannelAccount, fromChatId: string, peerId: string): Promise<void> {
  if (fromChatId === peerId) return;
  const contact = await chatContact(db, account, fromChatId);
  await sql`
    UPDATE conversations SET external_chat_id = ${peerId}, updated_at = now()
    WHERE organization_id = ${account.organization_id} AND channel = 'telegram_user' AND channel_account_id = ${account.id} AND external_chat_id = ${fromChatId}
      AND NOT EXISTS (SELECT 1 FROM conversations o WHERE o.organization_id = ${account.organization_id} AND o.channel = 'telegram_user'
                      AND o.channel_account_id = ${account.id} AND o.external_chat_id = ${peerId})`.execute(db);
  if (contact && !contact.telegram_id && parseMarkedId(peerId)?.kind === 'user') {
    await sql`
      UPDATE contacts SET telegram_id = ${peerId}, updated_at = now()
      WHERE id = ${contact.id} AND organization_id = ${account.organization_id} AND telegram_id IS NULL
        AND NOT EXISTS (SELECT 1 FROM contacts o WHERE o.organization_id = ${account.organization_id} AND o.telegram_id = ${peerId})`.execute(db);
  }
}

function inputMediaOf(media: MediaInfo): Api.TypeInputMedia {
  if (!media.url) throw new ChannelError('REJECTED', 'the media has no URL to send from', undefined, 'media_url_missing');
  if (media.type === 'image') return new GramApi.InputMediaPhotoExternal({ url: media.url });
  if (media.type === 'contact' || media.type === 'location') throw new ChannelError('REJECTED', `${media.type} messages cannot be sent by URL`, undefined, 'media_unsupported');
  return new GramApi.InputMediaDocumentExternal({ url: media.url });
}

/** Photos Telegram shows as photos; other images go as files. */
const PHOTO_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);

/** A name with the extension GramJS reads to tell a photo from a document (`photo.jpeg`, `voice.ogg`). */
function uploadName(media: MediaInfo, file: OutboundFile): string {
  const extension = file.mimeType.split('/')[1]?.replace(/^.*[.+]/, '').replace('mpeg', 'mp3') || 'bin';
  if (file.fileName && (media.type === 'document' || file.fileName.toLowerCase().endsWith(`.${extension}`))) return file.fileName;
  return `${media.type === 'image' ? 'photo' : media.type}.${extension}`;
}

/** A stored file through GramJS's `sendFile`: a photo, a voice note (OGG/Opus) or a document, with its caption. */
async function sendStoredFile(client: TelegramUserClient, peer: Api.TypeInputPeer, media: MediaInfo, file: OutboundFile, caption: string, context: AdapterContext): Promise<SentMessage> {
  const isPhoto = media.type === 'image' && PHOTO_TYPES.has(file.mimeType);
  const isVoice = media.type === 'voice' && file.mimeType === 'audio/ogg';
  const params = {
    file: new (gramjsUploads().CustomFile)(uploadName(media, file), file.bytes.byteLength, '', file.bytes),
    ...(caption && !isVoice ? { caption } : {}),
    forceDocument: !isPhoto && !isVoice && media.type !== 'video',
    voiceNote: isVoice,
    workers: 1,
    parseMode: false as const,
  };
  let sent: Api.Message;
  try {
    sent = await withTimeout(client.sendFile(peer, params), Math.max(context.config.CHANNEL_HTTP_TIMEOUT_MS, 60_000), 'Telegram sendFile');
  } catch (error) {
    throw mtprotoError(error, 'Telegram sendFile');
  }
  if (!sent || typeof sent.id !== 'number') throw new Error('Telegram sendFile: accepted without a message id');
  return { externalId: String(sent.id), sentAt: sent.date ? new Date(sent.date * 1000) : context.now };
}

/** The sent message's id and date from what messages.sendMessage / sendMedia answer. */
function sentFrom(result: Api.TypeUpdates, randomId: string, now: Date): SentMessage {
  if (result instanceof GramApi.UpdateShortSentMessage) return { externalId: String(result.id), sentAt: new Date(result.date * 1000) };
  if (result instanceof GramApi.Updates || result instanceof GramApi.UpdatesCombined) {
    const idUpdate = result.updates.find((u): u is Api.UpdateMessageID => u instanceof GramApi.UpdateMessageID && u.randomId?.toString() === randomId);
    const messages = result.updates
      .filter((u): u is Api.UpdateNewMessage | Api.UpdateNewChannelMessage => u instanceof GramApi.UpdateNewMessage || u instanceof GramApi.UpdateNewChannelMessage)
      .map((u) => u.message);
    const id = idUpdate?.id ?? (messages.length === 1 ? messages[0]!.id : undefined);
    if (id !== undefined) {
      const message = messages.find((m) => m.id === id);
      return { externalId: String(id), sentAt: message && 'date' in message && message.date ? new Date(message.date * 1000) : now };
    }
  }
  // Accepted without an id we can read: the message may be out, so this is "outcome unknown", not a retry.
  throw new Error(`Telegram send: accepted without a message id (${result.className})`);
}

/** A provider call bounded in time: no answer means "outcome unknown" (the request may have been executed). */
async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** One message of a chat by id (`messages.getMessages`, or `channels.getMessages` in a supergroup), with its media. */
async function fetchMessage(client: TelegramUserClient, account: ChannelAccount, chatId: string, messageId: number, context: AdapterContext): Promise<Api.Message> {
  const ids = [new GramApi.InputMessageID({ id: messageId })];
  let result: Api.messages.TypeMessages;
  try {
    if (parseMarkedId(chatId)?.kind === 'channel') {
      const known = await findPeer(context.db, account.id, chatId);
      const channel = known ? inputChannelOf(known) : null;
      if (!channel) throw new ChannelError('REJECTED', 'this Telegram account does not know that group any more', undefined, 'peer_unknown');
      result = await withTimeout(client.invoke(new GramApi.channels.GetMessages({ channel, id: ids })), context.config.CHANNEL_HTTP_TIMEOUT_MS, 'Telegram channels.getMessages');
    } else {
      result = await withTimeout(client.invoke(new GramApi.messages.GetMessages({ id: ids })), context.config.CHANNEL_HTTP_TIMEOUT_MS, 'Telegram messages.getMessages');
    }
  } catch (error) {
    if (error instanceof ChannelError) throw error;
    const mapped = mtprotoError(error, 'Telegram getMessages');
    throw mapped instanceof ChannelError ? mapped : new ChannelError('TEMPORARY', mapped.message, undefined, 'get_messages_failed');
  }
  const message = 'messages' in result ? result.messages.find((m) => m.id === messageId) : undefined;
  if (!(message instanceof GramApi.Message) || !message.media) throw new ChannelError('REJECTED', 'the message or its file is gone on Telegram', undefined, 'media_missing');
  return message;
}

export function createTelegramUserAdapter(options: { clientFactory?: TelegramClientFactory; pacer?: KeyedPacer } = {}): TelegramUserAdapter {
  const pool = new TelegramClientPool(options.clientFactory ?? createGramJsClient);
  const pacer = options.pacer ?? new KeyedPacer();

  const clientFor = async (account: ChannelAccount, context: AdapterContext) => {
    try {
      return await pool.client(account, context.secrets);
    } catch (error) {
      const mapped = mtprotoError(error, 'Telegram connect');
      // Nothing was sent while connecting, so a failure here is always safe to retry.
      throw mapped instanceof ChannelError ? mapped : new ChannelError('TEMPORARY', mapped.message, undefined, 'connect_failed');
    }
  };

  return {
    channel: 'telegram_user',
    configSchema: ZTelegramUserConfig,
    credentialFields: ['apiHash'],
    pool,
    clientFor,

    /** Starts the login: Telegram sends a code to the account's apps; the code (and password) steps follow. */
    async connect(input: AccountConnectInput, context: AdapterContext): Promise<AccountSetup> {
      const config = input.config as TelegramUserConfig;
      await pool.release(input.accountId);
      const sent = await requestLoginCode(pool, config);
      pool.adopt(input.accountId, sent.client, sent.session);
      return {
        settings: { apiId: config.apiId, phone: `+${phoneDigits(config.phone)}`, userId: null, username: null },
        credentials: { apiHash: config.apiHash, session: sent.session, phoneCodeHash: sent.phoneCodeHash, loginStep: 'awaiting_code' },
        address: `+${phoneDigits(config.phone)}`,
        status: 'disconnected',
        resetsSession: true,
        providerState: { connection: 'awaiting_code', detail: null, codeType: sent.codeType, updatedAt: context.now.toISOString() },
      };
    },

    async send(account: ChannelAccount, message: OutboundMessage, context: AdapterContext): Promise<SentMessage> {
      if (message.template) throw new ChannelError('REJECTED', 'templates are a WhatsApp Cloud API feature', undefined, 'template_unsupported');
      const client = await clientFor(account, context);
      const target = await resolveTarget(client, account, message.externalChatId, context);
      const pace = await pacer.acquire(
        [
          { key: account.id, intervalMs: TELEGRAM_USER_PACE.accountIntervalMs },
          { key: `${account.id}:${target.peerId}`, intervalMs: TELEGRAM_USER_PACE.chatIntervalMs },
        ],
        TELEGRAM_USER_PACE.maxWaitMs,
      );
      if (!pace.ok) throw new ChannelError('RATE_LIMITED', `pacing: this account's next free slot is in ${pace.waitMs} ms`, pace.waitMs, 'pacing');
      if (message.media && message.file) {
        const sent = await sendStoredFile(client, target.peer, message.media, message.file, message.media.caption ?? message.text, context);
        await keyConversationById(context.db, account, message.externalChatId, target.peerId);
        return sent;
      }
      const randomId = gramjsHelpers().generateRandomLong();
      const request = message.media
        ? new GramApi.messages.SendMedia({ peer: target.peer, media: inputMediaOf(message.media), message: message.media.caption ?? message.text, randomId })
        : new GramApi.messages.SendMessage({ peer: target.peer, message: message.text, randomId });
      let result: Api.TypeUpdates;
      try {
        result = await withTimeout(client.invoke(request), context.config.CHANNEL_HTTP_TIMEOUT_MS, `Telegram ${request.className}`);
      } catch (error) {
        throw mtprotoError(error, `Telegram ${request.className}`);
      }
      const sent = sentFrom(result, randomId.toString(), context.now);
      await keyConversationById(context.db, account, message.externalChatId, target.peerId);
      return sent;
    },

    async fetchMedia(account: ChannelAccount, source: MediaSource, context: AdapterContext, maxBytes: number): Promise<FetchedMedia> {
      const chatId = typeof source.chatId === 'string' ? source.chatId : null;
      const messageId = typeof source.messageId === 'number' ? source.messageId : null;
      if (!chatId || messageId === null) throw new ChannelError('REJECTED', 'the media reference has no chat and message id', undefined, 'media_source');
      const client = await clientFor(account, context);
      const message = await fetchMessage(client, account, chatId, messageId, context);
      const document = message.media instanceof GramApi.MessageMediaDocument && message.media.document instanceof GramApi.Document ? message.media.document : null;
      const declared = document?.size ? Number(document.size.toString()) : null;
      if (declared !== null && declared > maxBytes) throw new MediaTooLargeError(declared, maxBytes);
      let bytes: Buffer | string | undefined;
      try {
        bytes = await withTimeout(client.downloadMedia(message, {}), Math.max(context.config.CHANNEL_HTTP_TIMEOUT_MS, 60_000), 'Telegram downloadMedia');
      } catch (error) {
        const mapped = mtprotoError(error, 'Telegram downloadMedia');
        throw mapped instanceof ChannelError ? mapped : new ChannelError('TEMPORARY', mapped.message, undefined, 'download_failed');
      }
      if (!bytes || typeof bytes === 'string') throw new ChannelError('REJECTED', 'Telegram downloadMedia: the message has no file to download', undefined, 'media_missing');
      if (bytes.byteLength > maxBytes) throw new MediaTooLargeError(bytes.byteLength, maxBytes);
      const fileName = document?.attributes.find((a): a is Api.DocumentAttributeFilename => a instanceof GramApi.DocumentAttributeFilename)?.fileName ?? null;
      return { bytes, mimeType: document?.mimeType ?? (message.media instanceof GramApi.MessageMediaPhoto ? 'image/jpeg' : null), fileName };
    },

    chatIdForContact(contact) {
      if (contact.telegram_id) return contact.telegram_id;
      if (contact.telegram_username) return `@${contact.telegram_username.replace(/^@/, '')}`;
      return contact.phone_e164;
    },

    async health(account: ChannelAccount, context: AdapterContext): Promise<ChannelHealth> {
      const state = (account.provider_state as { connection?: string }).connection;
      if (state === 'awaiting_code') return { status: 'down', detail: 'waiting for the login code Telegram sent' };
      if (state === 'awaiting_password') return { status: 'down', detail: 'waiting for the account’s cloud password' };
      try {
        openCredentials(context.secrets, account);
        const client = await clientFor(account, context);
        const users = await withTimeout(client.invoke(new GramApi.users.GetUsers({ id: [new GramApi.InputUserSelf()] })), context.config.CHANNEL_HTTP_TIMEOUT_MS, 'Telegram users.getUsers');
        const self = users[0];
        if (!(self instanceof GramApi.User)) return { status: 'down', detail: 'Telegram did not return the account' };
        const expected = (account.settings as { userId?: string | null }).userId;
        if (expected && markedId('user', self.id) !== expected) return { status: 'degraded', detail: 'the session belongs to another Telegram account' };
        return { status: 'ok' };
      } catch (error) {
        const mapped = mtprotoError(error, 'Telegram');
        return { status: 'down', detail: mapped.message.slice(0, 200) };
      }
    },

    async endSession(account: ChannelAccount, context: AdapterContext) {
      await logOutSession(pool, account, context);
    },

    async release(accountId: string) {
      await pool.release(accountId);
    },

    async close() {
      await pool.closeAll();
    },
  };
}
