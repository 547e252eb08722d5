import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { zPage } from '../../platform/http/pagination.ts';
import { authOf } from '../../platform/http/auth.ts';
import { getContact } from '../contacts/index.ts';
import { adapterFor, getChannelAccount } from '../channels/index.ts';
import { assertSendable, queueOutboundMessage } from '../outreach/index.ts';
import { attachmentMediaInfo, getPendingAttachment } from '../media/index.ts';
import { attachmentsRoutes } from './attachments.routes.ts';
import * as conversations from './conversations.service.ts';
import { markReadBy } from './conversation-assignment.service.ts';
import { linkImportedConversation } from './conversation-link.service.ts';
import {
  ZConversation,
  ZConversationParams,
  ZListConversationsQuery,
  ZLinkAccount,
  ZListMessagesQuery,
  ZMessage,
  ZOpenConversation,
  ZSendMessage,
} from './conversations.schemas.ts';

export async function conversationsRoutes(fastify: FastifyInstance, { ctx, onQueued }: { ctx: AppContext; onQueued?: () => void }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db, clock } = ctx;
  const tags = ['conversations'];
  // Raw-file uploads need their own body parser, kept to that plugin.
  await fastify.register(attachmentsRoutes, { ctx });

  app.post(
    '/api/conversations/:conversationId/link-account',
    {
      schema: {
        tags,
        summary: 'Continue an imported WhatsApp/Telegram chat on a connected channel account (answers then go out from the same thread)',
        params: ZConversationParams,
        body: ZLinkAccount,
        response: { 200: ZConversation },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const conversation = await conversations.getConversation(db, auth.organizationId, request.params.conversationId);
      const account = await getChannelAccount(db, auth.organizationId, request.body.channelAccountId).catch(() => {
        throw new AppError('BAD_REQUEST', 'channel account not found', [{ field: 'body.channelAccountId', message: 'no such channel account' }]);
      });
      const contact = conversation.contact_id ? await getContact(db, auth.organizationId, conversation.contact_id) : null;
      const chatId = contact ? adapterFor(ctx.channels, account.channel).chatIdForContact(contact) : null;
      if (!chatId) {
        throw new AppError('UNPROCESSABLE', `the contact has no address on ${account.channel}`, [{ field: 'body.channelAccountId', message: 'the contact has no phone or username for this channel' }]);
      }
      const id = await linkImportedConversation(db, auth.organizationId, conversation.id, account, chatId, auth.userId, clock.now());
      return conversations.getConversationDto(db, auth.organizationId, id, auth.userId);
    },
  );

  app.get(
    '/api/conversations',
    { schema: { tags, summary: 'Conversations, most recent activity first', querystring: ZListConversationsQuery, response: { 200: zPage(ZConversation) } } },
    async (request) => {
      const auth = authOf(request);
      return conversations.listConversations(db, auth.organizationId, request.query, auth.userId);
    },
  );

  app.post(
    '/api/conversations',
    {
      schema: {
        tags,
        summary: 'Open (find or create) the conversation with a contact on a channel account',
        body: ZOpenConversation,
        response: { 200: ZConversation, 201: ZConversation },
      },
    },
    async (request, reply) => {
      const { organizationId } = authOf(request);
      const contact = await getContact(db, organizationId, request.body.contactId).catch(() => {
        throw new AppError('BAD_REQUEST', 'contact not found', [{ field: 'body.contactId', message: 'no such contact' }]);
      });
      const account = await getChannelAccount(db, organizationId, request.body.channelAccountId).catch(() => {
        throw new AppError('BAD_REQUEST', 'channel account not found', [{ field: 'body.channelAccountId', message: 'no such channel account' }]);
      });
      const chatId = adapterFor(ctx.channels, account.channel).chatIdForContact(contact);
      if (!chatId) {
        throw new AppError('UNPROCESSABLE', `the contact has no address on ${account.channel}`, [{ field: 'body.contactId', message: 'no address on this channel' }]);
      }
      const { id, isNew } = await conversations.findOrCreateConversation(
        db,
        organizationId,
        { channel: account.channel, channelAccountId: account.id, externalChatId: chatId },
        { contactId: contact.id },
      );
      reply.status(isNew ? 201 : 200);
      return conversations.getConversationDto(db, organizationId, id, authOf(request).userId);
    },
  );

  app.get('/api/conversations/:conversationId', { schema: { tags, params: ZConversationParams, response: { 200: ZConversation } } }, async (request) => {
    const auth = authOf(request);
    return conversations.getConversationDto(db, auth.organizationId, request.params.conversationId, auth.userId);
  });

  app.post(
    '/api/conversations/:conversationId/read',
    { schema: { tags, summary: 'Mark the conversation read', params: ZConversationParams, response: { 200: z.object({ ok: z.literal(true) }) } } },
    async (request) => {
      const auth = authOf(request);
      await conversations.markConversationRead(db, auth.organizationId, request.params.conversationId);
      await markReadBy(db, auth.organizationId, request.params.conversationId, auth.userId, clock.now());
      return { ok: true as const };
    },
  );

  app.get(
    '/api/conversations/:conversationId/messages',
    {
      schema: { tags, summary: 'Messages, newest first', params: ZConversationParams, querystring: ZListMessagesQuery, response: { 200: zPage(ZMessage) } },
    },
    async (request) => conversations.listMessages(db, authOf(request).organizationId, request.params.conversationId, request.query),
  );

  app.post(
    '/api/conversations/:conversationId/messages',
    {
      schema: {
        tags,
        summary: 'Send a message: stored as queued and sent by the job loop through the channel',
        params: ZConversationParams,
        body: ZSendMessage,
        response: { 202: ZMessage },
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      const { body, template, media } = request.body;
      // Another organization's conversation is unknown (404) before its attachment is looked at.
      if (media && 'mediaId' in media) await conversations.getConversation(db, auth.organizationId, request.params.conversationId);
      const mediaInfo = !media
        ? null
        : 'mediaId' in media
          ? attachmentMediaInfo(await getPendingAttachment(db, auth.organizationId, media.mediaId, request.params.conversationId), body ?? null)
          : { type: media.type, url: media.url, mimeType: media.mimeType ?? null, fileName: media.fileName ?? null, caption: body ?? null };
      if (mediaInfo?.type === 'voice' && body) throw new AppError('BAD_REQUEST', 'a voice note carries no text; send the text as its own message', [{ field: 'body.body', message: 'not allowed with a voice note' }]);
      await assertSendable(ctx, auth.organizationId, request.params.conversationId, { text: body ?? '', template, media: mediaInfo });
      const user = await db.selectFrom('users').select('name').where('id', '=', auth.userId).executeTakeFirst();
      const message = await queueOutboundMessage(
        db,
        auth.organizationId,
        {
          conversationId: request.params.conversationId,
          body: body ?? (template ? `[template ${template.name} (${template.language})]` : ''),
          authorUserId: auth.userId,
          authorName: user?.name ?? null,
          media: mediaInfo,
          ...(template ? { metadata: { template } } : {}),
        },
        clock.now(),
      );
      onQueued?.();
      reply.status(202);
      return conversations.toMessageDto(message);
    },
  );
}
