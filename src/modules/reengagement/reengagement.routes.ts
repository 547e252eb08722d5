import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZLocalDate } from '../../platform/http/query-schemas.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { authOf } from '../../platform/http/auth.ts';
import { getChannelAccount } from '../channels/index.ts';
import { getReengagementSettings, saveReengagementSettings, ZReengagementSettings } from './reengagement-settings.service.ts';
import { localDate, organizationZone } from './queue-formation.service.ts';
import { formationStatus, requestFormation } from './formation-request.service.ts';
import { listTemplates, previewTemplate } from './templates.service.ts';
import { approveMany, dashboard, getQueue, reviewItem } from './reengagement.service.ts';

const ZDate = ZLocalDate;
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
    {
      config: admin,
      schema: {
        tags,
        summary: 'Form today’s queue now, in the background: 202 with the formation status to poll (200 when the queue is already formed)',
      },
    },
    async (request, reply) => {
      const { organizationId } = authOf(request);
      const { accepted, formation } = await requestFormation(ctx, organizationId);
      const statusUrl = `/api/reengagement/queue/status?date=${formation.date}`;
      if (accepted) reply.header('location', statusUrl);
      return reply.status(accepted ? 202 : 200).send({ date: formation.date, formation, statusUrl });
    },
  );

  app.get(
    '/api/reengagement/queue/status',
    {
      schema: {
        tags,
        summary: 'Where the formation of a day’s queue stands: none / forming / formed (with counts) / failed (with the reason)',
        querystring: z.strictObject({ date: ZDate.optional() }),
      },
    },
    async (request) => {
      const { organizationId } = authOf(request);
      const date = request.query.date ?? localDate(clock.now(), await organizationZone(db, organizationId));
      return formationStatus(db, organizationId, date, clock.now());
    },
  );

  app.get('/api/reengagement/templates', { schema: { tags, summary: 'The offline message templates per pipeline stage: the organization’s own and the built-in default' } }, async (request) =>
    listTemplates(db, authOf(request).organizationId),
  );

  app.post(
    '/api/reengagement/templates/preview',
    {
      schema: {
        tags,
        summary: 'Render a template on a real lead (the given one, else a recent lead of the stage)',
        body: z.strictObject({
          content: z.string().trim().min(1).max(1500),
          stageKey: z.string().trim().min(1).max(60).optional(),
          stageId: z.uuid().optional(),
          leadId: z.uuid().optional(),
        }),
      },
    },
    async (request) => previewTemplate(db, authOf(request).organizationId, request.body, clock.now()),
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
