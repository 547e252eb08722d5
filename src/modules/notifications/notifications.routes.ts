import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { authOf } from '../../platform/http/auth.ts';
import { listNotifications, markAllNotificationsRead, markNotificationRead } from './notifications.service.ts';

const ZNotification = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  subjectType: z.string().nullable(),
  subjectId: z.string().nullable(),
  link: z.string().nullable(),
  readAt: z.string().nullable(),
  createdAt: z.string(),
});

export async function notificationsRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db, clock } = ctx;
  const tags = ['notifications'];

  app.get(
    '/api/notifications',
    {
      schema: {
        tags,
        summary: 'The team’s in-app notifications (autopilot handovers, …), newest first, with the unread count',
        querystring: z.strictObject({ unread: z.enum(['true', 'false']).default('false'), limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: { 200: z.object({ unread: z.number(), items: z.array(ZNotification) }) },
      },
    },
    async (request) => {
      const auth = authOf(request);
      return listNotifications(db, auth.organizationId, { unreadOnly: request.query.unread === 'true', limit: request.query.limit, viewerUserId: auth.userId });
    },
  );

  app.post(
    '/api/notifications/:notificationId/read',
    { schema: { tags, params: z.strictObject({ notificationId: z.uuid() }), response: { 200: z.object({ ok: z.literal(true) }) } } },
    async (request) => {
      await markNotificationRead(db, authOf(request).organizationId, request.params.notificationId, clock.now());
      return { ok: true as const };
    },
  );

  app.post('/api/notifications/read-all', { schema: { tags, response: { 200: z.object({ marked: z.number() }) } } }, async (request) => ({
    marked: await markAllNotificationsRead(db, authOf(request).organizationId, clock.now()),
  }));
}
