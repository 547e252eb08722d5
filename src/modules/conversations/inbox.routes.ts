import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { iso } from '../../platform/http/pagination.ts';
import { authOf } from '../../platform/http/auth.ts';
import * as assignment from './conversation-assignment.service.ts';
import * as notes from './conversation-notes.service.ts';
import * as savedReplies from './saved-replies.service.ts';
import { countInbox, getConversationDto, listConversations } from './conversations.service.ts';
import { searchMessages } from './message-search.service.ts';
import {
  ZActivity,
  ZAssign,
  ZConversation,
  ZConversationParams,
  ZCreateNote,
  ZCreateSavedReply,
  ZInboxCounts,
  ZNote,
  ZRoundRobin,
  ZSavedReply,
  ZSearchQuery,
  ZSearchResult,
  ZSetStatus,
  ZUpdateSavedReply,
} from './conversations.schemas.ts';

const ZSavedReplyParams = z.strictObject({ savedReplyId: z.uuid() });

/** The team's workspace around conversations: assignment, status, notes, saved replies, search, round-robin. */
export async function inboxRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db, clock } = ctx;
  const tags = ['inbox'];

  app.get('/api/inbox/counts', { schema: { tags, summary: 'Open conversations per tab (mine, unassigned, all) and how many the caller has not read', response: { 200: ZInboxCounts } } }, async (request) => {
    const auth = authOf(request);
    return countInbox(db, auth.organizationId, auth.userId);
  });

  app.get(
    '/api/inbox/search',
    { schema: { tags, summary: 'Conversations by contact name or phone, and messages by their text (Russian and English)', querystring: ZSearchQuery, response: { 200: ZSearchResult } } },
    async (request) => {
      const auth = authOf(request);
      const { q, limit } = request.query;
      const [byName, messages] = await Promise.all([
        listConversations(db, auth.organizationId, { q, limit: 10, view: 'all', status: 'all' }, auth.userId),
        searchMessages(db, auth.organizationId, q, limit),
      ]);
      return { conversations: byName.items, messages };
    },
  );

  app.post(
    '/api/conversations/:conversationId/assign',
    { schema: { tags, summary: 'Assign the conversation to a member, or to nobody; agents only to themselves', params: ZConversationParams, body: ZAssign, response: { 200: ZConversation } } },
    async (request) => {
      const auth = authOf(request);
      await assignment.assignConversation(db, auth.organizationId, request.params.conversationId, request.body.assigneeUserId, auth, clock.now());
      return getConversationDto(db, auth.organizationId, request.params.conversationId, auth.userId);
    },
  );

  app.post(
    '/api/conversations/:conversationId/status',
    { schema: { tags, summary: 'Open, pending, snoozed until a time, or resolved; the client’s next message reopens it', params: ZConversationParams, body: ZSetStatus, response: { 200: ZConversation } } },
    async (request) => {
      const auth = authOf(request);
      const { status, snoozedUntil } = request.body;
      await assignment.setConversationStatus(db, auth.organizationId, request.params.conversationId, { status, snoozedUntil: snoozedUntil ? new Date(snoozedUntil) : null }, auth, clock.now());
      return getConversationDto(db, auth.organizationId, request.params.conversationId, auth.userId);
    },
  );

  app.get(
    '/api/conversations/:conversationId/activity',
    { schema: { tags, summary: 'Who assigned, resolved or reopened the conversation, and when', params: ZConversationParams, response: { 200: z.object({ items: z.array(ZActivity) }) } } },
    async (request) => {
      const { organizationId } = authOf(request);
      await getConversationDto(db, organizationId, request.params.conversationId, authOf(request).userId);
      const rows = await assignment.listActivity(db, organizationId, request.params.conversationId);
      return {
        items: rows.map((row) => ({
          id: row.id,
          kind: row.kind,
          details: row.details,
          actor: row.actor_user_id ? { id: row.actor_user_id, name: row.actor_name ?? '' } : null,
          createdAt: iso(row.created_at)!,
        })),
      };
    },
  );

  app.get(
    '/api/conversations/:conversationId/notes',
    { schema: { tags, summary: 'Private notes of the thread, oldest first', params: ZConversationParams, response: { 200: z.object({ items: z.array(ZNote) }) } } },
    async (request) => ({ items: await notes.listNotes(db, authOf(request).organizationId, request.params.conversationId) }),
  );

  app.post(
    '/api/conversations/:conversationId/notes',
    { schema: { tags, summary: 'Add a private note (never sent); @Name or mentionedUserIds notify colleagues', params: ZConversationParams, body: ZCreateNote, response: { 201: ZNote } } },
    async (request, reply) => {
      const auth = authOf(request);
      reply.status(201);
      return notes.addNote(db, auth.organizationId, request.params.conversationId, request.body, auth);
    },
  );

  app.get(
    '/api/saved-replies',
    { schema: { tags, summary: 'The organization’s saved replies, by shortcut', querystring: z.strictObject({ q: z.string().trim().max(100).optional() }), response: { 200: z.object({ items: z.array(ZSavedReply) }) } } },
    async (request) => ({ items: await savedReplies.listSavedReplies(db, authOf(request).organizationId, request.query.q || undefined) }),
  );

  app.post('/api/saved-replies', { schema: { tags, body: ZCreateSavedReply, response: { 201: ZSavedReply } } }, async (request, reply) => {
    const auth = authOf(request);
    reply.status(201);
    return savedReplies.createSavedReply(db, auth.organizationId, request.body, auth.userId);
  });

  app.patch('/api/saved-replies/:savedReplyId', { schema: { tags, params: ZSavedReplyParams, body: ZUpdateSavedReply, response: { 200: ZSavedReply } } }, async (request) =>
    savedReplies.updateSavedReply(db, authOf(request).organizationId, request.params.savedReplyId, request.body, clock.now()),
  );

  app.delete('/api/saved-replies/:savedReplyId', { schema: { tags, params: ZSavedReplyParams, response: { 200: z.object({ ok: z.literal(true) }) } } }, async (request) => {
    await savedReplies.deleteSavedReply(db, authOf(request).organizationId, request.params.savedReplyId);
    return { ok: true as const };
  });

  app.post(
    '/api/conversations/:conversationId/saved-replies/:savedReplyId/render',
    {
      schema: {
        tags,
        summary: 'The saved reply’s text for this conversation, variables filled in, for the person to edit and send',
        params: ZConversationParams.extend(ZSavedReplyParams.shape),
        response: { 200: z.object({ text: z.string() }) },
      },
    },
    async (request) => {
      const auth = authOf(request);
      return savedReplies.renderSavedReply(db, auth.organizationId, request.params.savedReplyId, request.params.conversationId, auth.userId);
    },
  );

  app.get('/api/inbox/round-robin', { schema: { tags, summary: 'Agents who take new conversations in turn', response: { 200: ZRoundRobin } } }, async (request) => ({
    userIds: await assignment.getRoundRobin(db, authOf(request).organizationId),
  }));

  app.put('/api/inbox/round-robin', { config: { minRole: 'admin' }, schema: { tags, body: ZRoundRobin, response: { 200: ZRoundRobin } } }, async (request) => ({
    userIds: await assignment.setRoundRobin(db, authOf(request).organizationId, request.body.userIds),
  }));
}
