import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { iso } from '../../platform/http/pagination.ts';
import { authOf } from '../../platform/http/auth.ts';
import { contactPreferences, namesFor, previewCandidates, toPreferencesDto, toRankedSlotDto } from './candidates.service.ts';
import { getReactivationSettings, saveReactivationSettings, toSettingsDto } from './reactivation-settings.service.ts';
import { getOrganization } from '../orgs/index.ts';
import { periodOf, reactivationAnalytics, reactivationStats } from './analytics.service.ts';
import { decideWaitingOffers } from './queue-bulk.service.ts';
import { approveAttempt, editAttempt, formDailyQueue, getAttemptDetail, getQueue, getRun, listAttempts, listRuns, localDate, skipAttempt } from './queue.service.ts';
import { reactivationAccountHealth } from './sending-account.ts';
import {
  ZAccountHealthResponse,
  ZAnalytics,
  ZApproveAttempt,
  ZAttempt,
  ZAttemptDetail,
  ZAttemptParams,
  ZAttemptsQuery,
  ZEditAttempt,
  ZPeriodQuery,
  ZQueueQuery,
  ZQueueResponse,
  ZRunDetail,
  ZRunParams,
  ZRunResponse,
  ZRunsQuery,
  ZRunSummary,
  ZStats,
  ZCandidatesQuery,
  ZCandidatesResponse,
  ZContactParams,
  ZCreateRule,
  ZPreferences,
  ZReactivationSettings,
  ZRecomputeRules,
  ZRule,
  ZRuleParams,
  ZUpdateReactivationSettings,
  ZUpdateRule,
} from './reactivation.schemas.ts';
import { createRule, deleteRule, getRule, listRules, recomputeRules, toRuleDto, updateRule } from './rules.service.ts';

const ZOk = z.object({ ok: z.literal(true) });

export async function reactivationRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db, clock, ai } = ctx;
  const tags = ['reactivation'];

  const zoneOf = async (organizationId: string) => (await getOrganization(db, organizationId)).timezone;
  app.get('/api/reactivation/settings', { schema: { tags, response: { 200: ZReactivationSettings } } }, async (request) => {
    const { organizationId } = authOf(request);
    return toSettingsDto(await getReactivationSettings(db, organizationId), await zoneOf(organizationId));
  });
  app.put(
    '/api/reactivation/settings',
    { config: { minRole: 'admin' }, schema: { tags, summary: 'Daily run time, limits, VIP thresholds, business type', body: ZUpdateReactivationSettings, response: { 200: ZReactivationSettings } } },
    async (request) => {
      const { organizationId } = authOf(request);
      const current = await getReactivationSettings(db, organizationId);
      const vip = request.body.vipMinVisits ?? current.vipMinVisits;
      const regular = request.body.regularMinVisits ?? current.regularMinVisits;
      if (regular > vip) {
        const field = request.body.regularMinVisits !== undefined ? 'body.regularMinVisits' : 'body.vipMinVisits';
        throw new AppError('BAD_REQUEST', `regularMinVisits (${regular}) must not be above vipMinVisits (${vip})`, [{ field, message: 'regular threshold above the VIP one' }]);
      }
      if (request.body.channelAccountId) {
        const account = await db.selectFrom('channel_accounts').select('id').where('organization_id', '=', organizationId).where('id', '=', request.body.channelAccountId).executeTakeFirst();
        if (!account) throw new AppError('BAD_REQUEST', 'channel account not found', [{ field: 'body.channelAccountId', message: 'no such channel account in this organization' }]);
      }
      return toSettingsDto(await saveReactivationSettings(db, organizationId, request.body, clock.now()), await zoneOf(organizationId));
    },
  );

  app.get('/api/reactivation/rules', { schema: { tags, response: { 200: z.object({ items: z.array(ZRule) }) } } }, async (request) => ({
    items: (await listRules(db, authOf(request).organizationId)).map(toRuleDto),
  }));
  app.post('/api/reactivation/rules', { config: { minRole: 'admin' }, schema: { tags, body: ZCreateRule, response: { 201: ZRule } } }, async (request, reply) => {
    reply.status(201);
    return toRuleDto(await createRule(db, ai, authOf(request).organizationId, request.body, clock.now()));
  });
  app.post(
    '/api/reactivation/rules/recompute',
    {
      config: { minRole: 'admin' },
      schema: { tags, summary: 'A rule for every active service, intervals re-chosen from fresh history (and the AI where needed)', body: ZRecomputeRules.optional(), response: { 200: z.object({ items: z.array(ZRule) }) } },
    },
    async (request) => ({ items: (await recomputeRules(db, ai, authOf(request).organizationId, request.body ?? {}, clock.now())).map(toRuleDto) }),
  );
  app.get('/api/reactivation/rules/:ruleId', { schema: { tags, params: ZRuleParams, response: { 200: ZRule } } }, async (request) =>
    toRuleDto(await getRule(db, authOf(request).organizationId, request.params.ruleId)),
  );
  app.patch('/api/reactivation/rules/:ruleId', { config: { minRole: 'admin' }, schema: { tags, params: ZRuleParams, body: ZUpdateRule, response: { 200: ZRule } } }, async (request) =>
    toRuleDto(await updateRule(db, ai, authOf(request).organizationId, request.params.ruleId, request.body, clock.now())),
  );
  app.delete('/api/reactivation/rules/:ruleId', { config: { minRole: 'admin' }, schema: { tags, params: ZRuleParams, response: { 200: ZOk } } }, async (request) => {
    await deleteRule(db, authOf(request).organizationId, request.params.ruleId);
    return { ok: true as const };
  });

  app.get(
    '/api/reactivation/candidates',
    {
      schema: {
        tags,
        summary: 'Today’s overdue clients after exclusions, in priority order (daily limit), with preferences and suggested slots',
        querystring: ZCandidatesQuery,
        response: { 200: ZCandidatesResponse },
      },
    },
    async (request) => {
      const { organizationId } = authOf(request);
      const preview = await previewCandidates(ctx, organizationId, { limit: request.query.limit, withSlots: request.query.slots === 'true' });
      const names = await namesFor(db, organizationId, preview.items);
      return {
        generatedAt: iso(preview.generatedAt)!,
        dailyLimit: preview.dailyLimit,
        overdue: preview.overdue,
        excluded: preview.excluded,
        eligible: preview.eligible,
        items: preview.items.map((item) => ({
          ...item,
          lastVisitAt: iso(item.lastVisitAt)!,
          dueAt: iso(item.dueAt)!,
          preferences: toPreferencesDto(item.preferences, names),
          slots: item.slots?.map(toRankedSlotDto),
        })),
      };
    },
  );

  app.get('/api/reactivation/contacts/:contactId/preferences', { schema: { tags, params: ZContactParams, response: { 200: ZPreferences } } }, async (request) => {
    const { organizationId } = authOf(request);
    const prefs = await contactPreferences(db, organizationId, request.params.contactId, clock.now());
    return toPreferencesDto(prefs, await namesFor(db, organizationId, [{ preferences: prefs }]));
  });

  // ── The daily queue, attempts, runs ("campaigns"), stats, analytics, account health ──────────────────────────

  app.get('/api/reactivation/queue', { schema: { tags, summary: 'The offers of a day’s run (today by default), in send order', querystring: ZQueueQuery, response: { 200: ZQueueResponse } } }, async (request) => {
    const { organizationId } = authOf(request);
    const date = request.query.date ?? localDate(clock.now(), await zoneOf(organizationId));
    return getQueue(db, organizationId, date);
  });
  app.post(
    '/api/reactivation/queue/run',
    { config: { minRole: 'admin' }, schema: { tags, summary: 'Forms today’s queue now (once per day: a second call answers the first run)', response: { 200: ZRunResponse } } },
    async (request) => formDailyQueue(ctx, authOf(request).organizationId, { trigger: 'manual' }),
  );
  for (const decision of ['approve', 'skip'] as const) {
    app.post(
      `/api/reactivation/queue/${decision}-all`,
      {
        config: { minRole: 'admin' },
        schema: {
          tags,
          summary: decision === 'approve' ? 'Approve every offer of a day’s queue still waiting for review' : 'Skip every offer of a day’s queue still waiting for review',
          body: z.strictObject({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD').optional().describe('Local date of the run; today by default') }).nullish(),
          response: { 200: z.object({ date: z.string(), changed: z.number(), unchanged: z.number() }) },
        },
      },
      async (request) => {
        const { organizationId } = authOf(request);
        const date = request.body?.date ?? localDate(clock.now(), await zoneOf(organizationId));
        return decideWaitingOffers(ctx, organizationId, date, decision);
      },
    );
  }
  app.post(
    '/api/reactivation/attempts/:attemptId/approve',
    { config: { minRole: 'admin' }, schema: { tags, summary: 'Approve an offer (optionally with an edited message): it is sent at its time inside the send window', params: ZAttemptParams, body: ZApproveAttempt.nullish(), response: { 200: ZAttemptDetail } } },
    async (request) => {
      const { organizationId } = authOf(request);
      await approveAttempt(ctx, organizationId, request.params.attemptId, request.body?.message);
      return getAttemptDetail(db, organizationId, request.params.attemptId);
    },
  );
  app.post(
    '/api/reactivation/attempts/:attemptId/skip',
    { config: { minRole: 'admin' }, schema: { tags, summary: 'Skip an offer not sent yet', params: ZAttemptParams, response: { 200: ZAttemptDetail } } },
    async (request) => {
      const { organizationId } = authOf(request);
      await skipAttempt(ctx, organizationId, request.params.attemptId, 'skipped by a person');
      return getAttemptDetail(db, organizationId, request.params.attemptId);
    },
  );
  app.patch(
    '/api/reactivation/attempts/:attemptId',
    { config: { minRole: 'admin' }, schema: { tags, summary: 'Edit the message of an offer not sent yet', params: ZAttemptParams, body: ZEditAttempt, response: { 200: ZAttemptDetail } } },
    async (request) => {
      const { organizationId } = authOf(request);
      await editAttempt(ctx, organizationId, request.params.attemptId, request.body.message);
      return getAttemptDetail(db, organizationId, request.params.attemptId);
    },
  );
  app.get(
    '/api/reactivation/attempts',
    { schema: { tags, summary: 'Offers, newest first (keyset pages)', querystring: ZAttemptsQuery, response: { 200: z.object({ items: z.array(ZAttempt), nextCursor: z.string().nullable() }) } } },
    async (request) => listAttempts(db, authOf(request).organizationId, request.query),
  );
  app.get('/api/reactivation/attempts/:attemptId', { schema: { tags, summary: 'One offer with the client’s classified replies', params: ZAttemptParams, response: { 200: ZAttemptDetail } } }, async (request) =>
    getAttemptDetail(db, authOf(request).organizationId, request.params.attemptId),
  );
  app.get('/api/reactivation/campaigns', { schema: { tags, summary: 'Daily runs, newest first, with their offers counted by status', querystring: ZRunsQuery, response: { 200: z.object({ items: z.array(ZRunSummary) }) } } }, async (request) =>
    listRuns(db, authOf(request).organizationId, request.query.limit),
  );
  app.get('/api/reactivation/campaigns/:reactivationCampaignId', { schema: { tags, summary: 'One daily run with its offers', params: ZRunParams, response: { 200: ZRunDetail } } }, async (request) =>
    getRun(db, authOf(request).organizationId, request.params.reactivationCampaignId),
  );
  app.get('/api/reactivation/stats', { schema: { tags, summary: 'Totals and rates of the offers sent in a period', querystring: ZPeriodQuery, response: { 200: ZStats } } }, async (request) => {
    const { organizationId } = authOf(request);
    return reactivationStats(db, organizationId, await periodOf(db, organizationId, clock.now(), request.query));
  });
  app.get('/api/reactivation/analytics', { schema: { tags, summary: 'Series by day or week, best send times, services, and the target figures', querystring: ZPeriodQuery, response: { 200: ZAnalytics } } }, async (request) => {
    const { organizationId } = authOf(request);
    return reactivationAnalytics(db, organizationId, await periodOf(db, organizationId, clock.now(), request.query), request.query.interval);
  });
  app.get('/api/reactivation/account-health', { schema: { tags, summary: 'The sending accounts’ health and what they may still send today', response: { 200: ZAccountHealthResponse } } }, async (request) => {
    const { organizationId } = authOf(request);
    return reactivationAccountHealth(ctx, organizationId, await getReactivationSettings(db, organizationId), clock.now());
  });
}
