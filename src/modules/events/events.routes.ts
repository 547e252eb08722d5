import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { iso } from '../../platform/http/pagination.ts';
import { authOf } from '../../platform/http/auth.ts';
import { listEvents } from './events.repository.ts';
import { EVENT_TYPES } from './event-types.ts';
import { LiveFeed, type LiveEvent } from './live-feed.ts';
import { createWebhookEndpoint, deleteWebhookEndpoint, listWebhookEndpoints } from './events.service.ts';

const ZEvent = z.object({
  id: z.string(),
  type: z.string(),
  subject: z.object({ type: z.string(), id: z.string().nullable() }),
  data: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});
const ZWebhook = z.object({ id: z.string(), url: z.string(), eventTypes: z.array(z.string()), isActive: z.boolean(), createdAt: z.string() });

export async function eventsRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = ctx;

  app.get(
    '/api/events',
    {
      schema: {
        tags: ['events'],
        summary: 'Domain events of the organization, oldest first; poll with `after` = the last id seen',
        querystring: z.strictObject({
          after: z
            .string()
            .refine((id) => /^\d{1,19}$/.test(id) && BigInt(id) <= 9223372036854775807n, 'must be an event id')
            .optional(),
          types: z.string().max(500).optional().describe('Comma-separated event types'),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.object({ items: z.array(ZEvent), lastId: z.string().nullable() }) },
      },
    },
    async (request) => {
      const { after, types, limit } = request.query;
      const rows = await listEvents(db, authOf(request).organizationId, {
        afterId: after,
        types: types?.split(',').map((t) => t.trim()).filter(Boolean),
        limit,
      });
      const items = rows.map((row) => ({
        id: String(row.id),
        type: row.type,
        subject: { type: row.subject_type, id: row.subject_id },
        data: row.payload,
        createdAt: iso(row.created_at)!,
      }));
      return { items, lastId: items.at(-1)?.id ?? after ?? null };
    },
  );

  const feed = new LiveFeed(db, ctx.logger);
  const streams = new Set<import('node:http').ServerResponse>();
  // Open streams would keep the server from closing: end them first.
  fastify.addHook('preClose', async () => {
    for (const stream of streams) stream.end();
    feed.stop();
  });

  app.get(
    '/api/events/stream',
    {
      schema: {
        tags: ['events'],
        summary: 'Server-Sent Events: the organization’s domain events as they happen (reconnect with Last-Event-ID)',
        querystring: z.strictObject({}),
      },
    },
    async (request, reply) => {
      const { organizationId } = authOf(request);
      const lastEventId = request.headers['last-event-id'];
      const replayFrom = typeof lastEventId === 'string' && /^\d{1,18}$/.test(lastEventId) ? lastEventId : null;
      reply.hijack();
      const out = reply.raw;
      out.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      const send = (event: LiveEvent) =>
        out.write(`id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify({ type: event.type, subject: { type: event.subjectType, id: event.subjectId }, data: event.payload })}\n\n`);
      streams.add(out);
      out.write('retry: 2000\n: connected\n\n');
      const unsubscribe = await feed.subscribe(organizationId, send);
      if (replayFrom) for (const event of await feed.replay(organizationId, replayFrom)) send(event);
      // A comment now and then keeps proxies from closing an idle stream.
      const heartbeat = setInterval(() => out.write(': ping\n\n'), 20_000);
      request.raw.on('close', () => {
        clearInterval(heartbeat);
        streams.delete(out);
        unsubscribe();
      });
    },
  );

  app.get(
    '/api/events/types',
    { schema: { tags: ['events'], summary: 'Every event type, for webhook subscriptions', response: { 200: z.object({ items: z.array(z.string()) }) } } },
    async () => ({ items: [...EVENT_TYPES] }),
  );

  app.get(
    '/api/webhooks',
    { config: { minRole: 'admin' }, schema: { tags: ['webhooks'], response: { 200: z.object({ items: z.array(ZWebhook) }) } } },
    async (request) => ({ items: await listWebhookEndpoints(db, authOf(request).organizationId) }),
  );

  app.post(
    '/api/webhooks',
    {
      config: { minRole: 'admin' },
      schema: {
        tags: ['webhooks'],
        summary: 'Subscribe a URL to events; deliveries are signed with the returned secret (X-Parley-Signature: sha256=HMAC)',
        body: z.strictObject({
          url: z.url({ protocol: /^https?$/ }).max(2000),
          eventTypes: z.array(z.enum(EVENT_TYPES)).max(50).default([]),
        }),
        response: { 201: ZWebhook.extend({ secret: z.string() }) },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return createWebhookEndpoint(db, authOf(request).organizationId, request.body);
    },
  );

  app.delete(
    '/api/webhooks/:webhookId',
    {
      config: { minRole: 'admin' },
      schema: { tags: ['webhooks'], params: z.strictObject({ webhookId: z.uuid() }), response: { 200: z.object({ ok: z.literal(true) }) } },
    },
    async (request) => {
      await deleteWebhookEndpoint(db, authOf(request).organizationId, request.params.webhookId);
      return { ok: true as const };
    },
  );
}
