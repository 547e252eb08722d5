import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { authOf } from '../../platform/http/auth.ts';
import * as leads from './leads.service.ts';
import * as pipelines from './pipelines.service.ts';
import {
  ZCreateLead,
  ZCreatePipeline,
  ZCreateStage,
  ZLead,
  ZLeadParams,
  ZPipeline,
  ZPipelineParams,
  ZStageHistoryEntry,
  ZStageParams,
  ZUpdateLead,
  ZUpdatePipeline,
  ZUpdateStage,
} from './pipelines.schemas.ts';

export async function pipelinesRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db, clock } = ctx;
  const tags = ['pipelines'];
  const admin = { minRole: 'admin' as const };

  app.get('/api/pipelines', { schema: { tags, response: { 200: z.object({ items: z.array(ZPipeline) }) } } }, async (request) => ({
    items: (await pipelines.listPipelines(db, authOf(request).organizationId)).map(pipelines.toPipelineDto),
  }));

  app.post('/api/pipelines', { config: admin, schema: { tags, body: ZCreatePipeline, response: { 201: ZPipeline } } }, async (request, reply) => {
    reply.status(201);
    return pipelines.toPipelineDto(await pipelines.createPipeline(db, authOf(request).organizationId, request.body));
  });

  app.get('/api/pipelines/:pipelineId', { schema: { tags, params: ZPipelineParams, response: { 200: ZPipeline } } }, async (request) =>
    pipelines.toPipelineDto(await pipelines.getPipeline(db, authOf(request).organizationId, request.params.pipelineId)),
  );

  app.patch(
    '/api/pipelines/:pipelineId',
    { config: admin, schema: { tags, params: ZPipelineParams, body: ZUpdatePipeline, response: { 200: ZPipeline } } },
    async (request) => pipelines.toPipelineDto(await pipelines.updatePipeline(db, authOf(request).organizationId, request.params.pipelineId, request.body)),
  );

  app.post(
    '/api/pipelines/:pipelineId/stages',
    { config: admin, schema: { tags, params: ZPipelineParams, body: ZCreateStage, response: { 201: ZPipeline } } },
    async (request, reply) => {
      reply.status(201);
      return pipelines.toPipelineDto(await pipelines.addStage(db, authOf(request).organizationId, request.params.pipelineId, request.body));
    },
  );

  app.patch(
    '/api/pipelines/:pipelineId/stages/:stageId',
    { config: admin, schema: { tags, params: ZStageParams, body: ZUpdateStage, response: { 200: ZPipeline } } },
    async (request) =>
      pipelines.toPipelineDto(
        await pipelines.updateStage(db, authOf(request).organizationId, request.params.pipelineId, request.params.stageId, request.body),
      ),
  );

  app.delete(
    '/api/pipelines/:pipelineId/stages/:stageId',
    { config: admin, schema: { tags, params: ZStageParams, response: { 200: ZPipeline } } },
    async (request) =>
      pipelines.toPipelineDto(await pipelines.deleteStage(db, authOf(request).organizationId, request.params.pipelineId, request.params.stageId)),
  );

  const leadTags = ['leads'];
  // GET /api/leads (the board, with filters and analyses) is served by the analysis module's read model.
  app.post('/api/leads', { schema: { tags: leadTags, body: ZCreateLead, response: { 201: ZLead } } }, async (request, reply) => {
    const auth = authOf(request);
    reply.status(201);
    return leads.toLeadDto(await leads.createLead(db, auth.organizationId, request.body, auth.userId));
  });

  app.get('/api/leads/:leadId', { schema: { tags: leadTags, params: ZLeadParams, response: { 200: ZLead } } }, async (request) =>
    leads.toLeadDto(await leads.getLead(db, authOf(request).organizationId, request.params.leadId)),
  );

  app.patch('/api/leads/:leadId', { schema: { tags: leadTags, params: ZLeadParams, body: ZUpdateLead, response: { 200: ZLead } } }, async (request) => {
    const auth = authOf(request);
    return leads.toLeadDto(await leads.updateLead(db, auth.organizationId, request.params.leadId, request.body, { userId: auth.userId }, clock.now()));
  });

  app.delete('/api/leads/:leadId', { schema: { tags: leadTags, params: ZLeadParams, response: { 200: z.object({ ok: z.literal(true) }) } } }, async (request) => {
    await leads.deleteLead(db, authOf(request).organizationId, request.params.leadId);
    return { ok: true as const };
  });

  app.get(
    '/api/leads/:leadId/history',
    { schema: { tags: leadTags, summary: 'Stage history of a lead, oldest first', params: ZLeadParams, response: { 200: z.object({ items: z.array(ZStageHistoryEntry) }) } } },
    async (request) => ({ items: await leads.getStageHistory(db, authOf(request).organizationId, request.params.leadId) }),
  );
}
