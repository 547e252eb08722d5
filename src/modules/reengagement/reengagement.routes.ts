import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { AppError } from '../../platform/errors.ts';
import { authOf } from '../orgs/index.ts';
import { getChannelAccount } from '../channels/index.ts';
import { getReengagementSettings, saveReengagementSettings, ZReengagementSettings } from './reengagement-settings.service.ts';
import { formQueue } from './queue-formation.service.ts';
import { approveMany, dashboard, getQueue, reviewItem } from './reengagement.service.ts';

const ZDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD');
const ZText = z.string().trim().min(1).max(1500);
const ZItemParams = z.strictObject({ itemId: z.uuid() });

export async function reengagementRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db, clock } = ctx;
  const tags = ['reengagement'];
  const admin = { minRole: 'admin' as const };

  app.get('/api/reengagement/settings', { schema: { tags, summary: 'Re-engagement queue settings' } }, async (request) => getReengagementSettings(db, authOf(request).organizationId));

  app.put('/api/reengagement/settings', { config: admin, schema: { tags, body: ZReengagementSettings } }, async (request) => {
    const { organizationId } = authOf(request);
    if (request.body.channelAccountId) {
      await getChannelAccount(db, organizationId, request.body.channelAccountId).catch(() => {
        throw new AppError('BAD_REQUEST', 'no such channel account', [{ field: 'body.channelAccountId', message: 'unknown channel account' }]);
      });
    }
    await saveReengagementSettings(db, organizationId, request.body, clock.now());
    return getReengagementSettings(db, organizationId);
  });

  app.get(
    '/api/reengagement/queue',
    { schema: { tags, summary: 'The queue of a day (default: today in the organization’s time zone) with its items', querystring: z.strictObject({ date: ZDate.optional() }) } },
    async (request) => getQueue(db, authOf(request).organizationId, request.query.date, clock.now()),
  );

  app.post(
    '/api/reengagement/queue/run',
    { config: admin, schema: { tags, summary: 'Form today’s queue now (a no-op when it exists; a failed one is formed again)' } },
    async (request, reply) => {
      const { organizationId } = authOf(request);
      const result = await formQueue(ctx, organizationId, { retryFailed: true });
      const queue = await getQueue(db, organizationId, undefined, clock.now());
      return reply.status(result.formed ? 201 : 200).send({ formed: result.formed, ...queue });
    },
  );

  app.post(
    '/api/reengagement/items/:itemId/approve',
    { schema: { tags, params: ZItemParams, body: z.strictObject({ text: ZText.optional() }).optional() } },
    async (request) => {
      const { organizationId, userId } = authOf(request);
      return reviewItem(db, organizationId, request.params.itemId, { kind: 'approve', ...(request.body?.text ? { text: request.body.text } : {}) }, userId, clock.now());
    },
  );

  app.post('/api/reengagement/items/:itemId/skip', { schema: { tags, params: ZItemParams } }, async (request) => {
    const { organizationId, userId } = authOf(request);
    return reviewItem(db, organizationId, request.params.itemId, { kind: 'skip' }, userId, clock.now());
  });

  app.patch('/api/reengagement/items/:itemId', { schema: { tags, params: ZItemParams, body: z.strictObject({ text: ZText }) } }, async (request) => {
    const { organizationId, userId } = authOf(request);
    return reviewItem(db, organizationId, request.params.itemId, { kind: 'edit', text: request.body.text }, userId, clock.now());
  });

  app.post(
    '/api/reengagement/items/approve',
    {
      schema: {
        tags,
        summary: 'Approve the given pending items, or every pending item of a day’s queue',
        body: z.strictObject({ ids: z.array(z.uuid()).max(5000).optional(), date: ZDate.optional() }),
      },
    },
    async (request) => {
      const { organizationId, userId } = authOf(request);
      return approveMany(db, organizationId, request.body, userId, clock.now());
    },
  );

  app.get(
    '/api/reengagement/dashboard',
    {
      schema: {
        tags,
        summary: 'Sent, delivered, read, replied, reply rate, time to first reply, conversions; per day and per slot',
        querystring: z.strictObject({ days: z.coerce.number().int().min(1).max(90).default(14), date: ZDate.optional() }),
      },
    },
    async (request) => dashboard(db, authOf(request).organizationId, request.query, clock.now()),
  );
}
