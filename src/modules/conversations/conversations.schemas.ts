import { z } from 'zod';

export const ZChannel = z.enum(['sandbox', 'evolution', 'whatsapp_cloud', 'telegram_bot', 'telegram_user', 'whatsapp_export', 'telegram_export']);

export const ZConversation = z.object({
  id: z.string(),
  channel: ZChannel,
  channelAccountId: z.string().nullable(),
  externalChatId: z.string(),
  contact: z.object({ id: z.string(), displayName: z.string(), phone: z.string().nullable(), optedOut: z.boolean() }).nullable(),
  isGroup: z.boolean(),
  title: z.string().nullable(),
  lastMessageAt: z.string().nullable(),
  lastMessagePreview: z.string().nullable(),
  unreadCount: z.number(),
  createdAt: z.string(),
});

export const ZMedia = z.object({
  type: z.enum(['image', 'video', 'audio', 'voice', 'document', 'sticker', 'contact', 'location', 'other']),
  mimeType: z.string().nullable().optional(),
  fileName: z.string().nullable().optional(),
  size: z.number().nullable().optional(),
  url: z.string().nullable().optional(),
  caption: z.string().nullable().optional(),
  omitted: z.boolean().optional(),
  mediaId: z.string().nullable().optional(),
  download: z.enum(['pending', 'stored', 'failed', 'too_large']).nullable().optional(),
  transcript: z.string().nullable().optional(),
});

export const ZMessage = z.object({
  id: z.string(),
  conversationId: z.string(),
  direction: z.enum(['inbound', 'outbound']),
  kind: z.enum(['text', 'media', 'system']),
  body: z.string(),
  authorName: z.string().nullable(),
  authorContactId: z.string().nullable(),
  authorUserId: z.string().nullable(),
  status: z.enum(['received', 'queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'unknown']),
  error: z.string().nullable(),
  media: ZMedia.nullable(),
  externalId: z.string().nullable(),
  sentAt: z.string(),
  deliveredAt: z.string().nullable(),
  readAt: z.string().nullable(),
  createdAt: z.string(),
  autopilot: z.boolean(),
});

export const ZListConversationsQuery = z.strictObject({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  contactId: z.uuid().optional(),
  channel: ZChannel.optional(),
  channelAccountId: z.uuid().optional(),
  q: z.string().trim().max(200).optional().describe('Search by contact name, phone or conversation title'),
  unread: z.enum(['true', 'false']).optional(),
});

export const ZOpenConversation = z.strictObject({
  contactId: z.uuid(),
  channelAccountId: z.uuid(),
});

export const ZConversationParams = z.strictObject({ conversationId: z.uuid() });

export const ZListMessagesQuery = z.strictObject({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const ZMessageTemplate = z.strictObject({
  name: z.string().trim().regex(/^[a-z0-9_]{1,512}$/, 'an approved template name: lowercase letters, digits and _'),
  language: z.string().trim().regex(/^[a-z]{2,3}(_[A-Za-z]{2,4})?$/, 'a template language code such as en_US or ru'),
  components: z.array(z.record(z.string(), z.unknown())).max(20).optional().describe('Cloud API template components (header/body/button parameters)'),
});

export const ZOutboundMedia = z.strictObject({
  type: z.enum(['image', 'video', 'audio', 'voice', 'document', 'sticker']),
  url: z.url({ protocol: /^https?$/ }).describe('Where the channel fetches the file from'),
  mimeType: z.string().trim().max(100).optional(),
  fileName: z.string().trim().max(255).optional(),
});

export const ZSendMessage = z
  .strictObject({
    body: z.string().trim().min(1, 'must not be empty').max(4096).optional().describe('The text (the caption, with media)'),
    template: ZMessageTemplate.optional().describe('WhatsApp Cloud API: an approved template, the only kind of message allowed outside the 24-hour window'),
    media: ZOutboundMedia.optional(),
  })
  .refine((message) => message.body !== undefined || message.template !== undefined || message.media !== undefined, {
    path: ['body'],
    message: 'must not be empty',
  })
  .refine((message) => !(message.template && message.media), { path: ['media'], message: 'a template carries its media in its components' });
