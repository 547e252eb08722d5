import { z } from 'zod';

export const ZChannel = z.enum(['sandbox', 'evolution', 'whatsapp_cloud', 'telegram_bot', 'telegram_user', 'whatsapp_export', 'telegram_export']);

export const ZConversationStatus = z.enum(['open', 'pending', 'snoozed', 'resolved']);

export const ZConversation = z.object({
  id: z.string(),
  channel: ZChannel,
  channelAccountId: z.string().nullable(),
  externalChatId: z.string(),
  contact: z.object({ id: z.string(), displayName: z.string(), phone: z.string().nullable(), optedOut: z.boolean(), tags: z.array(z.string()) }).nullable(),
  isGroup: z.boolean(),
  title: z.string().nullable(),
  lastMessageAt: z.string().nullable(),
  lastMessagePreview: z.string().nullable(),
  unreadCount: z.number().describe('The client’s messages since the caller last read the conversation (at most 100)'),
  status: ZConversationStatus,
  snoozedUntil: z.string().nullable(),
  assignee: z.object({ id: z.string(), name: z.string() }).nullable(),
  interestLevel: z.enum(['hot', 'warm', 'cold']).nullable().describe('The contact’s open lead, as the analysis rated it'),
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
  unread: z.enum(['true', 'false']).optional().describe('Unread by the caller'),
  view: z.enum(['all', 'mine', 'unassigned']).default('all').describe('mine: assigned to the caller'),
  status: z.enum(['open', 'pending', 'snoozed', 'resolved', 'all']).default('all'),
  assigneeUserId: z.uuid().optional(),
  tag: z.string().trim().min(1).max(100).optional().describe('A tag of the contact'),
  interest: z.enum(['hot', 'warm', 'cold']).optional().describe('The interest level of the contact’s open lead'),
});

export const ZOpenConversation = z.strictObject({
  contactId: z.uuid(),
  channelAccountId: z.uuid(),
});

export const ZConversationParams = z.strictObject({ conversationId: z.uuid() });

export const ZLinkAccount = z.strictObject({ channelAccountId: z.uuid() });

export const ZListMessagesQuery = z.strictObject({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  anchor: z.uuid().optional().describe('A message id (a search result): the page ends at it and holds the messages before it'),
});

export const ZAssign = z.strictObject({ assigneeUserId: z.uuid().nullable().describe('A member, or null for nobody') });

export const ZSetStatus = z.strictObject({
  status: ZConversationStatus,
  snoozedUntil: z.iso.datetime({ offset: true }).optional().describe('Required with snoozed: when it opens again'),
});

export const ZInboxCounts = z.object({
  mine: z.object({ open: z.number(), unread: z.number() }),
  unassigned: z.object({ open: z.number(), unread: z.number() }),
  all: z.object({ open: z.number(), unread: z.number() }),
});

export const ZActivity = z.object({
  id: z.string(),
  kind: z.enum(['assigned', 'status_changed']),
  details: z.record(z.string(), z.unknown()),
  actor: z.object({ id: z.string(), name: z.string() }).nullable(),
  createdAt: z.string(),
});

export const ZNote = z.object({
  id: z.string(),
  conversationId: z.string(),
  authorUserId: z.string().nullable(),
  authorName: z.string().nullable(),
  body: z.string(),
  mentionedUserIds: z.array(z.string()),
  createdAt: z.string(),
});

export const ZCreateNote = z.strictObject({
  body: z.string().trim().min(1, 'must not be empty').max(4000),
  mentionedUserIds: z.array(z.uuid()).max(20).optional().describe('Colleagues to notify; @Name in the text also notifies'),
});

export const ZSavedReply = z.object({ id: z.string(), shortcut: z.string(), body: z.string(), createdAt: z.string(), updatedAt: z.string() });

export const ZCreateSavedReply = z.strictObject({
  shortcut: z.string().trim().min(1, 'must not be empty').max(60).regex(/^[\p{L}\p{N}_-]+$/u, 'letters, digits, - and _ only'),
  body: z.string().trim().min(1, 'must not be empty').max(4000).describe('Text with {{ contact.first_name }}, {{ agent.name }}, {{ business.name }}'),
});

export const ZUpdateSavedReply = ZCreateSavedReply.partial().refine((v) => v.shortcut !== undefined || v.body !== undefined, { path: ['body'], message: 'nothing to change' });

export const ZSearchQuery = z.strictObject({
  q: z.string().trim().min(1, 'must not be empty').max(200),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const ZSearchResult = z.object({
  conversations: z.array(ZConversation),
  messages: z.array(
    z.object({
      messageId: z.string(),
      conversationId: z.string(),
      direction: z.enum(['inbound', 'outbound']),
      excerpt: z.string(),
      sentAt: z.string(),
      conversationName: z.string().nullable(),
      channel: z.string(),
    }),
  ),
});

export const ZRoundRobin = z.strictObject({ userIds: z.array(z.uuid()).max(200).describe('Agents who take new conversations in turn; empty turns it off') });

export const ZMessageTemplate = z.strictObject({
  name: z.string().trim().regex(/^[a-z0-9_]{1,512}$/, 'an approved template name: lowercase letters, digits and _'),
  language: z.string().trim().regex(/^[a-z]{2,3}(_[A-Za-z]{2,4})?$/, 'a template language code such as en_US or ru'),
  components: z.array(z.record(z.string(), z.unknown())).max(20).optional().describe('Cloud API template components (header/body/button parameters)'),
});

export const ZOutboundMediaByUrl = z.strictObject({
  type: z.enum(['image', 'video', 'audio', 'voice', 'document', 'sticker']),
  url: z.url({ protocol: /^https?$/ }).describe('Where the channel fetches the file from'),
  mimeType: z.string().trim().max(100).optional(),
  fileName: z.string().trim().max(255).optional(),
});

export const ZOutboundMediaUpload = z.strictObject({
  mediaId: z.uuid().describe('A file uploaded with POST /api/conversations/:conversationId/attachments; its bytes are sent'),
});

export const ZOutboundMedia = z.union([ZOutboundMediaUpload, ZOutboundMediaByUrl]);

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
