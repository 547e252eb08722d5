import { z } from 'zod';

export const ZChannelType = z.enum(['sandbox', 'evolution', 'whatsapp_cloud', 'telegram_bot', 'telegram_user']);

export const ZChannelAccount = z.object({
  id: z.string(),
  channel: ZChannelType,
  name: z.string(),
  address: z.string().nullable(),
  status: z.enum(['active', 'paused', 'disconnected']),
  settings: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});

export const ZSandboxSettings = z.strictObject({
  failMode: z
    .enum(['none', 'temporary', 'rate_limited', 'recipient_invalid', 'auth_revoked', 'timeout_after_accept'])
    .optional()
    .describe('Makes the sandbox behave like a failing provider, to see retries and error handling'),
});

export const ZCreateChannelAccount = z.strictObject({
  channel: ZChannelType,
  name: z.string().trim().min(1).max(100),
  address: z.string().trim().max(100).nullable().optional(),
  settings: ZSandboxSettings.optional(),
});

export const ZUpdateChannelAccount = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  status: z.enum(['active', 'paused']).optional(),
  settings: ZSandboxSettings.optional(),
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
