import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { AppError } from '../../platform/errors.ts';
import { iso } from '../../platform/http/pagination.ts';
import { authOf } from '../orgs/index.ts';
import { contactPreferences, namesFor, previewCandidates, toPreferencesDto, toRankedSlotDto } from './candidates.service.ts';
import { getReactivationSettings, saveReactivationSettings, toSettingsDto } from './reactivation-settings.service.ts';
import {
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

  app.get('/api/reactivation/settings', { schema: { tags, response: { 200: ZReactivationSettings } } }, async (request) =>
    toSettingsDto(await getReactivationSettings(db, authOf(request).organizationId)),
  );
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
      return toSettingsDto(await saveReactivationSettings(db, organizationId, request.body, clock.now()));
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
}
