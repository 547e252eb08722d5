import { z } from 'zod';
import { ZEvolutionConfig } from './evolution/evolution.adapter.ts';
import { ZWhatsAppCloudConfig } from './whatsapp-cloud/cloud.adapter.ts';
import { ZTelegramBotConfig } from './telegram-bot/telegram.adapter.ts';
import { ZTelegramUserConfig } from './telegram-user/telegram-user.adapter.ts';

export const ZChannelType = z.enum(['sandbox', 'evolution', 'whatsapp_cloud', 'telegram_bot', 'telegram_user']);

export const ZChannelAccount = z.object({
  id: z.string(),
  channel: ZChannelType,
  name: z.string(),
  address: z.string().nullable(),
  status: z.enum(['active', 'paused', 'disconnected']),
  settings: z.record(z.string(), z.unknown()),
  /** Credentials are stored encrypted and never returned; this says whether there are any. */
  hasCredentials: z.boolean(),
  connection: z
    .object({ state: z.string(), detail: z.string().nullable(), updatedAt: z.string().nullable() })
    .nullable()
    .describe('What the provider last said about the connection (Evolution: open / connecting / close)'),
  createdAt: z.string(),
});

export const ZSandboxSettings = z.strictObject({
  failMode: z
    .enum(['none', 'temporary', 'rate_limited', 'recipient_invalid', 'auth_revoked', 'timeout_after_accept'])
    .optional()
    .describe('Makes the sandbox behave like a failing provider, to see retries and error handling'),
});

const ZAccountName = z.string().trim().min(1).max(100);
const ZAccountAddress = z.string().trim().max(100).nullable().optional();

/** One body shape per channel: the sandbox takes settings, a real channel its config (credentials included). */
export const ZCreateChannelAccount = z.discriminatedUnion('channel', [
  z.strictObject({ channel: z.literal('sandbox'), name: ZAccountName, address: ZAccountAddress, settings: ZSandboxSettings.optional() }),
  z.strictObject({ channel: z.literal('evolution'), name: ZAccountName, address: ZAccountAddress, config: ZEvolutionConfig }),
  z.strictObject({ channel: z.literal('whatsapp_cloud'), name: ZAccountName, address: ZAccountAddress, config: ZWhatsAppCloudConfig }),
  z.strictObject({ channel: z.literal('telegram_bot'), name: ZAccountName, address: ZAccountAddress, config: ZTelegramBotConfig }),
  z.strictObject({ channel: z.literal('telegram_user'), name: ZAccountName, address: ZAccountAddress, config: ZTelegramUserConfig }),
]);

export const ZUpdateChannelAccount = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  status: z.enum(['active', 'paused']).optional(),
  settings: ZSandboxSettings.optional(),
  config: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('Changes to a real channel\'s config (a new token, another mode); omitted fields, credentials included, keep their stored values'),
});

export const ZAccountParams = z.strictObject({ accountId: z.uuid() });

export const ZSandboxInbound = z.strictObject({
  text: z.string().trim().min(1, 'must not be empty').max(4096),
  chatId: z.string().trim().min(1).max(200).optional().describe('Answer in an existing sandbox chat (the conversation externalChatId)'),
  messageId: z.string().trim().min(1).max(200).optional().describe('External message id; a repeated id is stored once'),
  from: z
    .strictObject({
      name: z.string().trim().min(1).max(200).optional(),
      phone: z.string().trim().max(40).optional(),
      telegramUsername: z.string().trim().max(40).optional(),
    })
    .optional(),
  sentAt: z.iso.datetime({ offset: true }).optional(),
});
