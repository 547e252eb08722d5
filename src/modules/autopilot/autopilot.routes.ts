import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { iso } from '../../platform/http/pagination.ts';
import { authOf } from '../../platform/http/auth.ts';
import { suggestReply } from './suggested-reply.service.ts';
import { getAutopilotSettings, saveAutopilotSettings, ZAutopilotSettings } from './autopilot-settings.service.ts';

const ZDecision = z.object({
  id: z.string(),
  conversationId: z.string(),
  leadId: z.string().nullable(),
  triggerMessageId: z.string(),
  outcome: z.enum(['replied', 'handed_over', 'skipped']),
  reason: z.string(),
  replyMessageId: z.string().nullable(),
  provider: z.string().nullable(),
  model: z.string().nullable(),
  fallbackReason: z.string().nullable(),
  createdAt: z.string(),
});

export async function autopilotRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db, clock } = ctx;
  const tags = ['autopilot'];

  app.post(
    '/api/conversations/:conversationId/suggested-reply',
    {
      schema: {
        tags: ['conversations'],
        summary: 'Draft an answer from the business profile, the last messages and the latest analysis (the configured model, or an offline draft without a key); never sent',
        params: z.strictObject({ conversationId: z.uuid() }),
        response: { 200: z.object({ text: z.string(), source: z.enum(['ai', 'offline']), language: z.enum(['ru', 'en']) }) },
      },
    },
    async (request) => suggestReply(ctx, authOf(request).organizationId, request.params.conversationId),
  );

  app.get('/api/autopilot/settings', { schema: { tags, response: { 200: ZAutopilotSettings } } }, async (request) => getAutopilotSettings(db, authOf(request).organizationId));

  app.put(
    '/api/autopilot/settings',
    { config: { minRole: 'admin' as const }, schema: { tags, body: ZAutopilotSettings.strict(), response: { 200: ZAutopilotSettings } } },
    async (request) => {
      const { organizationId } = authOf(request);
      await saveAutopilotSettings(db, organizationId, request.body, clock.now());
      return getAutopilotSettings(db, organizationId);
    },
  );

  app.get(
    '/api/autopilot/decisions',
    {
      schema: {
        tags,
        summary: 'What the autopilot did with each client message (replied, handed over, skipped, and why), newest first',
        querystring: z.strictObject({ conversationId: z.uuid().optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: { 200: z.object({ items: z.array(ZDecision) }) },
      },
    },
    async (request) => {
      let query = db.selectFrom('autopilot_replies').selectAll().where('organization_id', '=', authOf(request).organizationId);
      if (request.query.conversationId) query = query.where('conversation_id', '=', request.query.conversationId);
      const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(request.query.limit).execute();
      return {
        items: rows.map((row) => ({
          id: row.id,
          conversationId: row.conversation_id,
          leadId: row.lead_id,
          triggerMessageId: row.trigger_message_id,
          outcome: row.outcome,
          reason: row.reason,
          replyMessageId: row.reply_message_id,
          provider: row.provider,
          model: row.model,
          fallbackReason: row.fallback_reason,
          createdAt: iso(row.created_at)!,
        })),
      };
    },
  );
}
