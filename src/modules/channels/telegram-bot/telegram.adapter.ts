import { z } from 'zod';
import type { ChannelAccount, MediaInfo } from '../../../platform/db/schema.ts';
import { AppError } from '../../../platform/errors.ts';
import {
  ChannelError,
  type AccountConnectInput,
  type AccountSetup,
  type AdapterContext,
  type ChannelAdapter,
  type ChannelHealth,
  type FetchedMedia,
  type MediaSource,
  type OutboundMessage,
  type OutboundFile,
  type SentMessage,
} from '../channel-adapter.ts';
import { assertNotConnectedElsewhere, openCredentials, publicWebhookUrl, requireCredential, webhookPaths } from '../channel-credentials.ts';
import { KeyedPacer } from '../pacer.ts';
import { isRec, str } from '../provider-http.ts';
import { TelegramApi } from './telegram.api.ts';
import { TELEGRAM_ALLOWED_UPDATES } from './telegram.updates.ts';

export const ZTelegramBotConfig = z.strictObject({
  botToken: z
    .string()
    .trim()
    .regex(/^\d{3,20}:[A-Za-z0-9_-]{30,80}$/, 'a bot token from @BotFather looks like 123456789:AAE…')
    .describe('Bot token from @BotFather; stored encrypted'),
  mode: z
    .enum(['webhook', 'polling'])
    .optional()
    .describe('webhook (needs PUBLIC_URL; the default when it is set) or polling (getUpdates from the job runner)'),
});

export type TelegramBotConfig = z.infer<typeof ZTelegramBotConfig>;

/** Telegram's documented limits: about 30 messages a second per bot, 1 a second per chat, 20 a minute per group. */
export const TELEGRAM_PACE = { globalIntervalMs: 34, chatIntervalMs: 1000, groupIntervalMs: 3000, maxWaitMs: 5000 };

export function telegramApi(account: ChannelAccount, context: AdapterContext): TelegramApi {
  const token = requireCredential(openCredentials(context.secrets, account), 'botToken');
  return new TelegramApi({ baseUrl: context.config.TELEGRAM_BOT_API_URL, token, timeoutMs: context.config.CHANNEL_HTTP_TIMEOUT_MS });
}

const MB = 1024 * 1024;

/**
 * The Bot API method for a stored file sent as multipart: photos up to 10 MB (larger ones as documents), GIFs
 * as animations, voice notes as OGG/Opus, MP3 or M4A, audio as MP3 or M4A; anything else as a document.
 */
export function uploadMethod(media: MediaInfo, file: OutboundFile): { method: string; field: string } {
  const mime = file.mimeType;
  if (media.type === 'image' && mime === 'image/gif') return { method: 'sendAnimation', field: 'animation' };
  if (media.type === 'image' && file.bytes.byteLength <= 10 * MB) return { method: 'sendPhoto', field: 'photo' };
  if (media.type === 'video' && mime === 'video/mp4') return { method: 'sendVideo', field: 'video' };
  if (media.type === 'voice' && ['audio/ogg', 'audio/mpeg', 'audio/mp4'].includes(mime)) return { method: 'sendVoice', field: 'voice' };
  if (media.type === 'audio' && ['audio/mpeg', 'audio/mp4'].includes(mime)) return { method: 'sendAudio', field: 'audio' };
  return { method: 'sendDocument', field: 'document' };
}

/** The Bot API method and file field for a media message sent by URL. */
function mediaMethod(media: MediaInfo): { method: string; field: string } | null {
  switch (media.type) {
    case 'image':
      return { method: 'sendPhoto', field: 'photo' };
    case 'video':
      return { method: 'sendVideo', field: 'video' };
    case 'audio':
      return { method: 'sendAudio', field: 'audio' };
    case 'voice':
      return { method: 'sendVoice', field: 'voice' };
    case 'sticker':
      return { method: 'sendSticker', field: 'sticker' };
    case 'document':
    case 'other':
      return { method: 'sendDocument', field: 'document' };
    default:
      return null;
  }
}

function connectFailure(error: unknown): never {
  if (error instanceof ChannelError && error.code === 'AUTH_REVOKED') {
    throw new AppError('UNPROCESSABLE', 'Telegram rejected the bot token', [{ field: 'body.config.botToken', message: 'rejected by Telegram' }]);
  }
  throw new AppError('UNPROCESSABLE', `the Telegram Bot API could not be reached or refused the setup: ${error instanceof Error ? error.message : String(error)}`, [
    { field: 'body.config.botToken', message: 'could not be checked' },
  ]);
}

export function createTelegramBotAdapter(pacer = new KeyedPacer()): ChannelAdapter {
  return {
    channel: 'telegram_bot',
    configSchema: ZTelegramBotConfig,
    credentialFields: ['botToken'],

    async connect(input: AccountConnectInput, context: AdapterContext): Promise<AccountSetup> {
      const config = input.config as TelegramBotConfig;
      const webhookUrl = publicWebhookUrl(context.config.PUBLIC_URL, webhookPaths.telegramBot(input.accountId));
      const mode = config.mode ?? (webhookUrl ? 'webhook' : 'polling');
      if (mode === 'webhook' && !webhookUrl) {
        throw new AppError('UNPROCESSABLE', 'webhook mode needs PUBLIC_URL (the address Telegram can reach); use polling mode or set PUBLIC_URL', [
          { field: 'body.config.mode', message: 'needs PUBLIC_URL' },
        ]);
      }
      const api = new TelegramApi({ baseUrl: context.config.TELEGRAM_BOT_API_URL, token: config.botToken, timeoutMs: context.config.CHANNEL_HTTP_TIMEOUT_MS });
      let me: Record<string, unknown>;
      try {
        me = await api.call<Record<string, unknown>>('getMe');
      } catch (error) {
        connectFailure(error);
      }
      // A bot has one webhook (or one getUpdates reader): a second account would take its updates away.
      await assertNotConnectedElsewhere(context.db, 'telegram_bot', { botId: String(me.id) }, input.accountId, 'body.config.botToken');
      try {
        if (mode === 'webhook') {
          // secret_token: Telegram sends it back in X-Telegram-Bot-Api-Secret-Token with every update.
          await api.call('setWebhook', { url: webhookUrl, secret_token: input.webhookSecret, allowed_updates: TELEGRAM_ALLOWED_UPDATES });
        } else {
          // getUpdates refuses to work while a webhook is set.
          await api.call('deleteWebhook', { drop_pending_updates: false });
        }
      } catch (error) {
        connectFailure(error);
      }
      const username = str(me.username);
      return {
        settings: { mode, botId: String(me.id), botUsername: username ?? null },
        credentials: { botToken: config.botToken },
        address: username ? `@${username}` : null,
        status: 'active',
        providerState: { connection: mode, detail: null, updatedAt: context.now.toISOString() },
      };
    },

    async send(account: ChannelAccount, message: OutboundMessage, context: AdapterContext): Promise<SentMessage> {
      if (message.template) throw new ChannelError('REJECTED', 'templates are a WhatsApp Cloud API feature', undefined, 'template_unsupported');
      const api = telegramApi(account, context);
      const isGroup = message.externalChatId.startsWith('-');
      const pace = await pacer.acquire(
        [
          { key: account.id, intervalMs: TELEGRAM_PACE.globalIntervalMs },
          { key: `${account.id}:${message.externalChatId}`, intervalMs: isGroup ? TELEGRAM_PACE.groupIntervalMs : TELEGRAM_PACE.chatIntervalMs },
        ],
        TELEGRAM_PACE.maxWaitMs,
      );
      // Too many messages queued for this chat: come back later instead of holding a worker.
      if (!pace.ok) throw new ChannelError('RATE_LIMITED', `pacing: this chat's next free slot is in ${pace.waitMs} ms`, pace.waitMs, 'pacing');
      let result: unknown;
      if (message.media && message.file) {
        const target = uploadMethod(message.media, message.file);
        const caption = message.media.caption ?? message.text;
        result = await api.callMultipart(target.method, { chat_id: message.externalChatId, ...(caption ? { caption } : {}) }, { field: target.field, ...message.file });
      } else if (message.media) {
        const target = mediaMethod(message.media);
        if (!target) throw new ChannelError('REJECTED', `${message.media.type} messages cannot be sent by URL through the Bot API`, undefined, 'media_unsupported');
        if (!message.media.url) throw new ChannelError('REJECTED', 'the media has no URL to send from', undefined, 'media_url_missing');
        const caption = message.media.caption ?? message.text;
        result = await api.call(target.method, {
          chat_id: message.externalChatId,
          [target.field]: message.media.url,
          ...(caption && target.method !== 'sendSticker' ? { caption } : {}),
        });
      } else {
        result = await api.call('sendMessage', { chat_id: message.externalChatId, text: message.text });
      }
      const messageId = isRec(result) ? result.message_id : undefined;
      if (typeof messageId !== 'number') throw new Error('Telegram send: accepted without a message_id');
      const date = isRec(result) && typeof result.date === 'number' ? new Date(result.date * 1000) : context.now;
      return { externalId: String(messageId), sentAt: date };
    },

    async endSession(account: ChannelAccount, context: AdapterContext): Promise<void> {
      // `deleteWebhook`: Telegram stops posting updates for the deleted account (best effort, like every provider call on delete).
      try {
        await telegramApi(account, context).call('deleteWebhook', { drop_pending_updates: false });
      } catch (error) {
        context.logger.warn({ accountId: account.id, err: error instanceof Error ? error.message : String(error) }, 'could not delete the Telegram webhook');
      }
    },

    async fetchMedia(account: ChannelAccount, source: MediaSource, context: AdapterContext, maxBytes: number): Promise<FetchedMedia> {
      if (typeof source.fileId !== 'string') throw new ChannelError('REJECTED', 'the media reference has no file_id', undefined, 'media_source');
      return telegramApi(account, context).downloadFile(source.fileId, maxBytes);
    },

    chatIdForContact(contact) {
      return contact.telegram_id;
    },

    async health(account: ChannelAccount, context: AdapterContext): Promise<ChannelHealth> {
      try {
        const api = telegramApi(account, context);
        await api.call('getMe');
        if ((account.settings as { mode?: string }).mode === 'webhook') {
          const info = await api.call<Record<string, unknown>>('getWebhookInfo');
          const lastError = str(info.last_error_message);
          if (!str(info.url)) return { status: 'down', detail: 'no webhook is set for the bot: reconnect the account' };
          if (lastError) return { status: 'degraded', detail: `Telegram could not deliver updates: ${lastError}` };
        }
        return { status: 'ok' };
      } catch (error) {
        return { status: 'down', detail: error instanceof Error ? error.message.slice(0, 200) : 'Bot API unreachable' };
      }
    },
  };
}
