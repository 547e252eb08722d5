import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { authOf } from '../../platform/http/auth.ts';
import { hasRole } from '../orgs/auth.service.ts';
import { addLeadNote, deleteLeadNote, listLeadNotes } from '../pipelines/lead-notes.service.ts';
import * as profiles from './business-profile.service.ts';
import { createAnalysisRun, getAnalysisRun, listAnalysisRuns, toRunDto } from './analysis-runs.service.ts';
import { createManualLead, deleteAnalysedLead, getAnalysisWithHistory, leadCardOf, patchLead } from './dialog-leads.service.ts';
import { modelStatus, retrainOrgModel } from './dialog-learning.service.ts';
import { getLead } from '../pipelines/index.ts';
import { countLeads, leadStats, searchLeads, toBoardLeadDto, toDialogAnalysisDto, type LeadFilters } from './lead-search.ts';
import { exportLeadsCsv } from './lead-export.ts';
import {
  ZAnalysisDetail,
  ZAnalysisListQuery,
  ZAnalysisParams,
  ZAnalysisRun,
  ZAnalyzeBody,
  ZBoardLead,
  ZCreateDialogLead,
  ZDialogAnalysis,
  ZExportQuery,
  ZLeadCard,
  ZLeadIdParams,
  ZLeadFilterQuery,
  ZModelStatus,
  ZRetrainResult,
  ZLeadListQuery,
  ZLeadStats,
  ZNoteParams,
  ZPatchDialogLead,
  ZProfile,
  ZPromptVersion,
  ZRunParams,
  ZSaveProfile,
  ZSavePrompt,
  ZSaveScoring,
  ZStatsQuery,
  ZBusinessPreset,
  ZPresetQuery,
  ZSetBusinessType,
} from './analysis.schemas.ts';
import { ANALYSIS_BUSINESS_TYPES, businessPreset, type PresetLanguage } from './engine/business-presets.ts';
import { getOrganization } from '../orgs/index.ts';
import { ZScoringRules } from './engine/analysis-schema.ts';

function filtersOf(query: z.infer<typeof ZLeadFilterQuery> & Partial<Pick<LeadFilters, 'pipelineId' | 'stageId' | 'contactId' | 'ownerUserId'>>): LeadFilters {
  return {
    interestLevel: query.interestLevel,
    minScore: query.minScore,
    maxScore: query.maxScore,
    funnelStage: query.funnelStage,
    qualificationComplete: query.qualificationComplete,
    channelAccountId: query.channelAccountId,
    instanceName: query.instanceName,
    q: query.q,
    pipelineId: query.pipelineId,
    stageId: query.stageId,
    contactId: query.contactId,
    ownerUserId: query.ownerUserId,
  };
}

const ZNote = z.object({ id: z.string(), body: z.string(), authorUserId: z.string().nullable(), authorName: z.string().nullable(), createdAt: z.string() });

export async function analysisRoutes(fastify: FastifyInstance, { ctx, onQueued }: { ctx: AppContext; onQueued?: () => void }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db, clock, ai } = ctx;
  const admin = { minRole: 'admin' as const };
  const profileTags = ['analysis: business profile'];
  const dialogTags = ['analysis: dialogs'];
  const leadTags = ['leads'];

  const profileDto = async (organizationId: string) => ({
    ...(await profiles.getBusinessProfile(db, organizationId)),
    currentPrompt: await profiles.currentPrompt(db, organizationId),
  });

  // --- business profile (seed 000) ---
  app.get('/api/analysis/profile', { schema: { tags: profileTags, summary: 'The brief, scoring rules and current analysis prompt', response: { 200: ZProfile } } }, async (request) =>
    profileDto(authOf(request).organizationId),
  );

  app.put('/api/analysis/profile', { config: admin, schema: { tags: profileTags, body: ZSaveProfile, response: { 200: ZProfile } } }, async (request) => {
    const { organizationId } = authOf(request);
    await profiles.saveBrief(db, organizationId, request.body.brief, request.body.complete ?? false, clock.now());
    return profileDto(organizationId);
  });

  /** Presets are written in Russian and English; an organization in another locale gets the English one. */
  const presetLanguage = async (organizationId: string, asked: PresetLanguage | undefined): Promise<PresetLanguage> =>
    asked ?? ((await getOrganization(db, organizationId)).locale.startsWith('ru') ? 'ru' : 'en');

  app.get(
    '/api/analysis/presets',
    { schema: { tags: profileTags, summary: 'The business-type presets: scoring rules, stage meanings, questions and signals', querystring: ZPresetQuery, response: { 200: z.object({ items: z.array(ZBusinessPreset) }) } } },
    async (request) => {
      const language = await presetLanguage(authOf(request).organizationId, request.query.lang);
      return { items: ANALYSIS_BUSINESS_TYPES.map((type) => businessPreset(type, language)) };
    },
  );

  app.put(
    '/api/analysis/profile/business-type',
    { config: admin, schema: { tags: profileTags, summary: "Sets the business type; with applyPreset its preset replaces the rules, stage meanings and signals", body: ZSetBusinessType, response: { 200: ZProfile } } },
    async (request) => {
      const { organizationId } = authOf(request);
      const language = await presetLanguage(organizationId, request.body.language);
      await profiles.setBusinessType(db, organizationId, { businessType: request.body.businessType, applyPreset: request.body.applyPreset, language }, clock.now());
      return profileDto(organizationId);
    },
  );

  app.post(
    '/api/analysis/profile/generate-prompt',
    { config: admin, schema: { tags: profileTags, summary: 'Writes a new analysis prompt version from the brief (model, or the offline template)', response: { 201: z.object({ prompt: ZPromptVersion }) } } },
    async (request, reply) => {
      const auth = authOf(request);
      reply.status(201);
      return { prompt: await profiles.generateAnalysisPrompt(db, ai, auth.organizationId, auth.userId) };
    },
  );

  app.get('/api/analysis/prompts', { schema: { tags: profileTags, response: { 200: z.object({ items: z.array(ZPromptVersion) }) } } }, async (request) => ({
    items: await profiles.listPromptVersions(db, authOf(request).organizationId),
  }));

  app.post('/api/analysis/prompts', { config: admin, schema: { tags: profileTags, summary: 'Saves an edited prompt as the new current version', body: ZSavePrompt, response: { 201: ZPromptVersion } } }, async (request, reply) => {
    const auth = authOf(request);
    reply.status(201);
    return profiles.addPromptVersion(db, auth.organizationId, { text: request.body.text, source: 'edited', provider: null, model: null, userId: auth.userId });
  });

  app.put('/api/analysis/scoring', { config: admin, schema: { tags: profileTags, body: ZSaveScoring, response: { 200: ZScoringRules } } }, async (request) => {
    const { organizationId } = authOf(request);
    await profiles.saveScoringRules(db, organizationId, request.body, clock.now());
    return (await profiles.getBusinessProfile(db, organizationId)).scoring;
  });

  // --- dialogs (seed 001) ---
  app.post(
    '/api/dialogs/analyze',
    { schema: { tags: dialogTags, summary: 'Starts an analysis run as a background job', body: ZAnalyzeBody, response: { 202: z.object({ runId: z.string(), status: z.string() }) } } },
    async (request, reply) => {
      const auth = authOf(request);
      const { userAccountId: _seedCompat, ...params } = request.body;
      const run = await createAnalysisRun(db, auth.organizationId, params, auth.userId, clock.now());
      onQueued?.();
      reply.status(202);
      return { runId: run.id, status: run.status };
    },
  );

  app.get('/api/dialogs/analyze/:runId', { schema: { tags: dialogTags, params: ZRunParams, response: { 200: ZAnalysisRun } } }, async (request) =>
    toRunDto(await getAnalysisRun(db, authOf(request).organizationId, request.params.runId)),
  );

  app.get(
    '/api/dialogs/runs',
    { schema: { tags: dialogTags, querystring: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }), response: { 200: z.object({ items: z.array(ZAnalysisRun) }) } } },
    async (request) => ({ items: (await listAnalysisRuns(db, authOf(request).organizationId, request.query.limit)).map(toRunDto) }),
  );

  app.get(
    '/api/dialogs/analysis',
    { schema: { tags: dialogTags, summary: 'Analysed leads, filtered and sorted', querystring: ZAnalysisListQuery, response: { 200: z.object({ items: z.array(ZDialogAnalysis), nextCursor: z.string().nullable(), count: z.number(), countEstimated: z.boolean() }) } } },
    async (request) => {
      const { organizationId } = authOf(request);
      const filters = { ...filtersOf(request.query), analysedOnly: true };
      const page = await searchLeads(db, organizationId, filters, { sort: request.query.sort, cursor: request.query.cursor, limit: request.query.limit });
      const count = await countLeads(db, organizationId, filters, { firstPage: !request.query.cursor, rows: page.rows.length, hasMore: page.nextCursor !== null });
      return { items: page.rows.map(toDialogAnalysisDto), nextCursor: page.nextCursor, count: count.count, countEstimated: count.estimated };
    },
  );

  app.get('/api/dialogs/analysis/:analysisId', { schema: { tags: dialogTags, params: ZAnalysisParams, response: { 200: ZAnalysisDetail } } }, async (request) =>
    getAnalysisWithHistory(db, authOf(request).organizationId, request.params.analysisId),
  );

  app.delete(
    '/api/dialogs/analysis/:analysisId',
    { schema: { tags: dialogTags, summary: 'Deletes the lead and its analyses; the conversation is not re-analysed unless asked for', params: ZAnalysisParams, response: { 200: z.object({ ok: z.literal(true) }) } } },
    async (request) => {
      await deleteAnalysedLead(db, authOf(request).organizationId, request.params.analysisId);
      return { ok: true as const };
    },
  );

  app.get('/api/dialogs/stats', { schema: { tags: dialogTags, querystring: ZStatsQuery, response: { 200: ZLeadStats } } }, async (request) =>
    leadStats(db, authOf(request).organizationId, filtersOf(request.query)),
  );

  app.get('/api/dialogs/export-csv', { schema: { tags: dialogTags, summary: 'CSV of the filtered leads (UTF-8 with BOM, streamed)', querystring: ZExportQuery } }, async (request, reply) => {
    const { organizationId } = authOf(request);
    const stamp = clock.now().toISOString().slice(0, 10);
    const csv = await exportLeadsCsv(db, organizationId, filtersOf(request.query), {
      sort: request.query.sort,
      delimiter: request.query.delimiter === 'semicolon' ? ';' : ',',
      lang: request.query.lang,
    });
    reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="parley-leads-${stamp}.csv"`)
      .header('cache-control', 'no-store');
    return reply.send(csv);
  });

  app.post('/api/dialogs/leads', { schema: { tags: dialogTags, summary: 'Creates a lead by hand', body: ZCreateDialogLead, response: { 201: ZBoardLead } } }, async (request, reply) => {
    const auth = authOf(request);
    reply.status(201);
    return createManualLead(db, auth.organizationId, request.body, auth.userId);
  });

  app.patch('/api/dialogs/leads/:leadId', { schema: { tags: dialogTags, params: ZLeadIdParams, body: ZPatchDialogLead, response: { 200: ZBoardLead } } }, async (request) => {
    const auth = authOf(request);
    return patchLead(db, auth.organizationId, request.params.leadId, request.body, auth.userId, clock.now());
  });

  app.get(
    '/api/dialogs/leads/:leadId/card',
    { schema: { tags: dialogTags, summary: 'Score, interest and breakdown of a lead, always adding up', params: ZLeadIdParams, response: { 200: ZLeadCard.nullable() } } },
    async (request) => {
      const { organizationId } = authOf(request);
      await getLead(db, organizationId, request.params.leadId);
      return leadCardOf(db, organizationId, request.params.leadId);
    },
  );

  // --- learning from corrections ---
  app.get('/api/analysis/model', { schema: { tags: dialogTags, summary: 'The dialog model in use and its agreement before and after the last retraining', response: { 200: ZModelStatus } } }, async (request) =>
    modelStatus(db, authOf(request).organizationId),
  );

  app.post(
    '/api/analysis/model/retrain',
    { schema: { tags: dialogTags, summary: "Retrains the organization's dialog model from its corrections", response: { 200: ZRetrainResult } } },
    async (request) => retrainOrgModel(db, authOf(request).organizationId, clock.now()),
  );

  // --- the leads board ---
  app.get(
    '/api/leads',
    { schema: { tags: leadTags, summary: 'Leads with their contact, conversation and current analysis', querystring: ZLeadListQuery, response: { 200: z.object({ items: z.array(ZBoardLead), nextCursor: z.string().nullable() }) } } },
    async (request) => {
      const { organizationId } = authOf(request);
      const page = await searchLeads(db, organizationId, filtersOf(request.query), { sort: request.query.sort, cursor: request.query.cursor, limit: request.query.limit });
      return { items: page.rows.map(toBoardLeadDto), nextCursor: page.nextCursor };
    },
  );

  app.get('/api/leads/:leadId/notes', { schema: { tags: leadTags, params: ZLeadIdParams, response: { 200: z.object({ items: z.array(ZNote) }) } } }, async (request) => ({
    items: await listLeadNotes(db, authOf(request).organizationId, request.params.leadId),
  }));

  app.post(
    '/api/leads/:leadId/notes',
    { schema: { tags: leadTags, params: ZLeadIdParams, body: z.strictObject({ body: z.string().trim().min(1).max(10_000) }), response: { 201: ZNote } } },
    async (request, reply) => {
      const auth = authOf(request);
      reply.status(201);
      return addLeadNote(db, auth.organizationId, request.params.leadId, request.body.body, auth.userId);
    },
  );

  app.delete('/api/leads/:leadId/notes/:noteId', { schema: { tags: leadTags, params: ZNoteParams, response: { 200: z.object({ ok: z.literal(true) }) } } }, async (request) => {
    const auth = authOf(request);
    await deleteLeadNote(db, auth.organizationId, request.params.leadId, request.params.noteId, { userId: auth.userId, isAdmin: hasRole(auth.role, 'admin') });
    return { ok: true as const };
  });
}
