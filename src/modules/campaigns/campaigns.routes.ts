import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { zPage } from '../../platform/http/pagination.ts';
import { AppError } from '../../platform/errors.ts';
import { getOrganization } from '../orgs/index.ts';
import { authOf } from '../../platform/http/auth.ts';
import * as campaigns from './campaigns.service.ts';
import { campaignListCounts, campaignStats, listParticipants, listSends } from './campaign-stats.ts';
import { addCsvAudience, clearAudienceList, contactsForPicker, groupContactIds, listGroupSources, storeGroupMembers } from './campaign-audience.ts';
import { listAgents, setAccountLimits } from './account-limits.ts';
import { generateVariant, previewMessage } from './campaign-content.ts';
import { assertLaunchConfirmed } from './campaign-prelaunch.ts';
import { campaignLaunchRoutes } from './campaign-launch.routes.ts';
import { getCampaignOrgSettings, saveCampaignOrgSettings } from './campaign-org-settings.ts';
import {
  ZAccountLimitsInput,
  ZAudienceDraft,
  ZAudiencePreview,
  ZAccountParams,
  ZAgent,
  ZCampaignDetail,
  ZCampaignListItem,
  ZCampaignOrgSettings,
  ZCampaignParams,
  ZCreateCampaign,
  ZCreateTemplate,
  ZFromCsv,
  ZGenerateVariant,
  ZGroupContactsQuery,
  ZListCampaignsQuery,
  ZListParticipantsQuery,
  ZListSendsQuery,
  ZParticipant,
  ZParticipantParams,
  ZPickerContact,
  ZPickerQuery,
  ZPresetParams,
  ZPreview,
  ZReplaceSteps,
  ZSend,
  ZStats,
  ZStep,
  ZStepInput,
  ZStepParams,
  ZStoreGroupMembers,
  ZTemplate,
  ZTemplateParams,
  ZUpdateCampaign,
  ZUpdateTemplate,
} from './campaigns.schemas.ts';

const ZOk = z.object({ ok: z.literal(true) });

export async function campaignsRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db, clock } = ctx;
  const tags = ['campaigns'];
  const admin = { minRole: 'admin' as const };
  const zoneOf = async (organizationId: string) => (await getOrganization(db, organizationId)).timezone;
  await campaignLaunchRoutes(fastify, { ctx });

  // --- organization-level (static paths before /:campaignId) ---

  app.get(
    '/api/campaigns/agents',
    { schema: { tags, summary: 'Sending accounts with sentToday, limits and what they may still send today', response: { 200: z.object({ items: z.array(ZAgent) }) } } },
    async (request) => {
      const { organizationId } = authOf(request);
      return { items: await listAgents(db, organizationId, clock.now(), await zoneOf(organizationId)) };
    },
  );

  app.put(
    '/api/campaigns/agents/:accountId/limits',
    { config: admin, schema: { tags, summary: 'Set the pace, hourly/daily caps and warm-up of a sending account', params: ZAccountParams, body: ZAccountLimitsInput, response: { 200: ZAgent } } },
    async (request) => {
      const { organizationId } = authOf(request);
      return setAccountLimits(db, organizationId, request.params.accountId, request.body, clock.now(), await zoneOf(organizationId));
    },
  );

  app.get(
    '/api/campaigns/presets',
    { schema: { tags, summary: 'Organization-wide message templates (campaign_id IS NULL)', response: { 200: z.object({ items: z.array(ZTemplate) }) } } },
    async (request) => ({ items: await campaigns.listCampaignTemplates(db, authOf(request).organizationId, null) }),
  );

  app.post('/api/campaigns/presets', { schema: { tags, summary: 'Create a preset (name, channel, content)', body: ZCreateTemplate, response: { 201: ZTemplate } } }, async (request, reply) => {
    reply.status(201);
    return campaigns.createTemplate(db, authOf(request).organizationId, null, request.body, clock.now());
  });

  app.patch('/api/campaigns/presets/:templateId', { schema: { tags, params: ZPresetParams, body: ZUpdateTemplate, response: { 200: ZTemplate } } }, async (request) =>
    campaigns.updateTemplate(db, authOf(request).organizationId, null, request.params.templateId, request.body, clock.now()),
  );

  app.delete('/api/campaigns/presets/:templateId', { schema: { tags, params: ZPresetParams, response: { 200: ZOk } } }, async (request) => {
    await campaigns.deleteTemplate(db, authOf(request).organizationId, null, request.params.templateId);
    return { ok: true as const };
  });

  app.get(
    '/api/campaigns/contacts-for-picker',
    { schema: { tags, summary: 'Contacts to pick for an audience, with outreach status new | in_outreach', querystring: ZPickerQuery, response: { 200: zPage(ZPickerContact) } } },
    async (request) => contactsForPicker(db, authOf(request).organizationId, request.query),
  );

  app.get(
    '/api/campaigns/group-sources',
    {
      schema: {
        tags,
        summary: 'Telegram groups and channels to take an audience from (stored member lists and group chats)',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                bdAccountId: z.string(),
                telegramChatId: z.string(),
                title: z.string().nullable(),
                peerType: z.enum(['chat', 'channel']),
                memberCount: z.number(),
                sources: z.array(z.enum(['member_list', 'chat_messages'])),
              }),
            ),
          }),
        },
      },
    },
    async (request) => ({ items: await listGroupSources(db, authOf(request).organizationId) }),
  );

  app.get(
    '/api/campaigns/group-sources/contacts',
    { schema: { tags, summary: 'Contact ids of a Telegram group: its stored members and who wrote in it', querystring: ZGroupContactsQuery, response: { 200: z.object({ contactIds: z.array(z.string()) }) } } },
    async (request) => ({ contactIds: await groupContactIds(db, authOf(request).organizationId, request.query.bdAccountId, request.query.telegramChatId) }),
  );

  app.post(
    '/api/campaigns/group-sources/members',
    { schema: { tags, summary: "Store a group's member list (contacts are found or created)", body: ZStoreGroupMembers, response: { 201: z.object({ stored: z.number(), created: z.number() }) } } },
    async (request, reply) => {
      reply.status(201);
      return storeGroupMembers(db, authOf(request).organizationId, request.body);
    },
  );

  app.get(
    '/api/campaigns/settings',
    { schema: { tags, summary: 'Campaign settings of the organization (opt-out phrases)', response: { 200: z.object({ optOutPhrases: z.array(z.string()), isDefault: z.boolean() }) } } },
    async (request) => getCampaignOrgSettings(db, authOf(request).organizationId),
  );

  app.put(
    '/api/campaigns/settings',
    { config: admin, schema: { tags, body: ZCampaignOrgSettings, response: { 200: z.object({ optOutPhrases: z.array(z.string()), isDefault: z.boolean() }) } } },
    async (request) => saveCampaignOrgSettings(db, authOf(request).organizationId, request.body.optOutPhrases ?? null, clock.now()),
  );

  // --- campaigns ---

  app.get(
    '/api/campaigns',
    { schema: { tags, summary: 'Campaigns of the organization, newest first, with participant counts', querystring: ZListCampaignsQuery, response: { 200: zPage(ZCampaignListItem) } } },
    async (request) => {
      const { organizationId } = authOf(request);
      const page = await campaigns.listCampaigns(db, organizationId, request.query);
      const counts = await campaignListCounts(db, organizationId, page.items.map((c) => c.id));
      const none = { total: 0, sent: 0, replied: 0, inProgress: 0, replyRate: null };
      return { ...page, items: page.items.map((c) => ({ ...c, counts: counts.get(c.id) ?? none })) };
    },
  );

  app.post('/api/campaigns', { schema: { tags, summary: 'Create a campaign (draft), optionally with its steps', body: ZCreateCampaign, response: { 201: ZCampaignDetail } } }, async (request, reply) => {
    const auth = authOf(request);
    reply.status(201);
    return campaigns.createCampaign(db, auth.organizationId, auth.userId, request.body);
  });

  app.get('/api/campaigns/:campaignId', { schema: { tags, summary: 'A campaign with its templates and steps', params: ZCampaignParams, response: { 200: ZCampaignDetail } } }, async (request) =>
    campaigns.getCampaignDetail(db, authOf(request).organizationId, request.params.campaignId),
  );

  app.patch(
    '/api/campaigns/:campaignId',
    { schema: { tags, summary: 'Update name, schedule, audience (draft only), lead creation, settings, or status', params: ZCampaignParams, body: ZUpdateCampaign, response: { 200: ZCampaignDetail } } },
    async (request) => campaigns.updateCampaign(ctx, authOf(request).organizationId, request.params.campaignId, request.body),
  );

  app.delete('/api/campaigns/:campaignId', { schema: { tags, summary: 'Delete a draft or completed campaign', params: ZCampaignParams, response: { 200: ZOk } } }, async (request) => {
    await campaigns.deleteCampaign(db, authOf(request).organizationId, request.params.campaignId);
    return { ok: true as const };
  });

  app.post(
    '/api/campaigns/:campaignId/start',
    {
      schema: {
        tags,
        summary: 'Start after a passed pre-launch check: materialise participants from the audience, status active',
        params: ZCampaignParams,
        body: z
          .strictObject({ confirmToken: z.string().max(100).nullable().optional().describe('From POST /prelaunch; required') })
          .nullish(),
        response: { 200: ZCampaignDetail.extend({ participants: z.number() }) },
      },
    },
    async (request) => {
      const organizationId = authOf(request).organizationId;
      await assertLaunchConfirmed(ctx, organizationId, request.params.campaignId, request.body?.confirmToken);
      const result = await campaigns.startCampaign(ctx, organizationId, request.params.campaignId);
      return { ...result.campaign, participants: result.participants };
    },
  );

  app.post('/api/campaigns/:campaignId/pause', { schema: { tags, params: ZCampaignParams, response: { 200: ZCampaignDetail } } }, async (request) =>
    campaigns.pauseCampaign(ctx, authOf(request).organizationId, request.params.campaignId),
  );

  app.post('/api/campaigns/:campaignId/resume', { schema: { tags, params: ZCampaignParams, response: { 200: ZCampaignDetail } } }, async (request) =>
    campaigns.resumeCampaign(ctx, authOf(request).organizationId, request.params.campaignId),
  );

  app.post(
    '/api/campaigns/:campaignId/stop',
    { schema: { tags, summary: 'Stop: completed at once, remaining participants stopped', params: ZCampaignParams, response: { 200: ZCampaignDetail } } },
    async (request) => campaigns.stopCampaign(ctx, authOf(request).organizationId, request.params.campaignId),
  );

  app.get('/api/campaigns/:campaignId/stats', { schema: { tags, summary: 'Funnel, per step and per variant, sends per day', params: ZCampaignParams, response: { 200: ZStats } } }, async (request) =>
    campaignStats(db, authOf(request).organizationId, request.params.campaignId),
  );

  app.get(
    '/api/campaigns/:campaignId/participants',
    { schema: { tags, params: ZCampaignParams, querystring: ZListParticipantsQuery, response: { 200: zPage(ZParticipant) } } },
    async (request) => listParticipants(db, authOf(request).organizationId, request.params.campaignId, request.query),
  );

  app.post(
    '/api/campaigns/:campaignId/participants/:participantId/stop',
    { schema: { tags, summary: 'Stop one participant (no further steps)', params: ZParticipantParams, response: { 200: ZOk } } },
    async (request) => {
      await campaigns.stopParticipant(ctx, authOf(request).organizationId, request.params.campaignId, request.params.participantId);
      return { ok: true as const };
    },
  );

  app.get('/api/campaigns/:campaignId/sends', { schema: { tags, summary: 'Sends, newest first', params: ZCampaignParams, querystring: ZListSendsQuery, response: { 200: zPage(ZSend) } } }, async (request) =>
    listSends(db, authOf(request).organizationId, request.params.campaignId, request.query),
  );

  // --- audience ---

  app.get(
    '/api/campaigns/:campaignId/audience/preview',
    {
      schema: {
        tags,
        summary: 'How many contacts the audience selects now (after opt-outs, reachability and onlyNew), with a sample',
        params: ZCampaignParams,
        response: { 200: ZAudiencePreview },
      },
    },
    async (request) => campaigns.previewCampaignAudience(db, authOf(request).organizationId, request.params.campaignId),
  );

  app.post(
    '/api/campaigns/:campaignId/audience/preview',
    {
      schema: {
        tags,
        summary: 'The same count for an audience not saved yet (the editor recounts as filters change); nothing is written',
        params: ZCampaignParams,
        body: ZAudienceDraft,
        response: { 200: ZAudiencePreview },
      },
    },
    async (request) => campaigns.previewUnsavedAudience(db, authOf(request).organizationId, request.params.campaignId, request.body),
  );

  app.post(
    '/api/campaigns/:campaignId/audience/from-csv',
    {
      schema: {
        tags,
        summary: 'Upload a CSV: contacts are matched by phone, Telegram id/username or e-mail (created when missing) and added to the campaign list (source csv)',
        params: ZCampaignParams,
        body: ZFromCsv,
        response: {
          200: z.object({
            contactIds: z.array(z.string()),
            created: z.number(),
            matched: z.number(),
            skipped: z.array(z.object({ line: z.number(), reason: z.string() })),
            listSize: z.number(),
          }),
        },
      },
    },
    async (request) => {
      const { organizationId } = authOf(request);
      const campaign = await campaigns.getCampaignRow(db, organizationId, request.params.campaignId);
      if (campaign.status !== 'draft') throw new AppError('CONFLICT', 'the audience is fixed once the campaign has started', [{ field: 'params.campaignId', message: 'not a draft' }]);
      return addCsvAudience(db, organizationId, campaign.id, request.body);
    },
  );

  app.delete('/api/campaigns/:campaignId/audience/list', { schema: { tags, summary: 'Empty the uploaded (CSV) list', params: ZCampaignParams, response: { 200: ZOk } } }, async (request) => {
    const { organizationId } = authOf(request);
    await campaigns.getCampaignRow(db, organizationId, request.params.campaignId);
    await clearAudienceList(db, organizationId, request.params.campaignId);
    return { ok: true as const };
  });

  // --- templates ---

  app.get('/api/campaigns/:campaignId/templates', { schema: { tags, summary: "The campaign's templates (presets: /api/campaigns/presets)", params: ZCampaignParams, response: { 200: z.object({ items: z.array(ZTemplate) }) } } }, async (request) => ({
    items: await campaigns.listCampaignTemplates(db, authOf(request).organizationId, request.params.campaignId),
  }));

  app.post('/api/campaigns/:campaignId/templates', { schema: { tags, params: ZCampaignParams, body: ZCreateTemplate, response: { 201: ZTemplate } } }, async (request, reply) => {
    reply.status(201);
    return campaigns.createTemplate(db, authOf(request).organizationId, request.params.campaignId, request.body, clock.now());
  });

  app.patch('/api/campaigns/:campaignId/templates/:templateId', { schema: { tags, params: ZTemplateParams, body: ZUpdateTemplate, response: { 200: ZTemplate } } }, async (request) =>
    campaigns.updateTemplate(db, authOf(request).organizationId, request.params.campaignId, request.params.templateId, request.body, clock.now()),
  );

  app.delete('/api/campaigns/:campaignId/templates/:templateId', { schema: { tags, params: ZTemplateParams, response: { 200: ZOk } } }, async (request) => {
    await campaigns.deleteTemplate(db, authOf(request).organizationId, request.params.campaignId, request.params.templateId);
    return { ok: true as const };
  });

  app.post(
    '/api/campaigns/:campaignId/preview',
    {
      schema: {
        tags,
        summary: 'Render a message on a real contact (or the sample contact), as it would be sent',
        params: ZCampaignParams,
        body: ZPreview,
        response: { 200: z.object({ text: z.string(), usesAi: z.boolean(), aiSource: z.enum(['sample', 'offline', 'llm']).nullable() }) },
      },
    },
    async (request) => previewMessage(ctx, authOf(request).organizationId, request.params.campaignId, request.body),
  );

  app.post(
    '/api/campaigns/:campaignId/generate-variant',
    {
      schema: {
        tags,
        summary: 'An alternative wording for an A/B variant (AI provider, offline rewrite as fallback)',
        params: ZCampaignParams,
        body: ZGenerateVariant,
        response: { 200: z.object({ content: z.string(), provider: z.string(), fallbackReason: z.string().nullable() }) },
      },
    },
    async (request) => generateVariant(ctx, authOf(request).organizationId, request.params.campaignId, request.body),
  );

  // --- steps ---

  app.get('/api/campaigns/:campaignId/steps', { schema: { tags, params: ZCampaignParams, response: { 200: z.object({ items: z.array(ZStep) }) } } }, async (request) => ({
    items: (await campaigns.getCampaignDetail(db, authOf(request).organizationId, request.params.campaignId)).steps,
  }));

  app.put(
    '/api/campaigns/:campaignId/steps',
    { schema: { tags, summary: 'Replace the sequence (steps with an id are kept and updated)', params: ZCampaignParams, body: ZReplaceSteps, response: { 200: z.object({ items: z.array(ZStep) }) } } },
    async (request) => ({ items: await campaigns.replaceSteps(db, authOf(request).organizationId, request.params.campaignId, request.body.steps) }),
  );

  app.post('/api/campaigns/:campaignId/steps', { schema: { tags, summary: 'Append a step', params: ZCampaignParams, body: ZStepInput, response: { 201: ZStep } } }, async (request, reply) => {
    reply.status(201);
    return campaigns.addStep(db, authOf(request).organizationId, request.params.campaignId, request.body);
  });

  app.patch('/api/campaigns/:campaignId/steps/:stepId', { schema: { tags, params: ZStepParams, body: ZStepInput, response: { 200: ZStep } } }, async (request) =>
    campaigns.updateStep(db, authOf(request).organizationId, request.params.campaignId, request.params.stepId, request.body),
  );

  app.delete('/api/campaigns/:campaignId/steps/:stepId', { schema: { tags, params: ZStepParams, response: { 200: ZOk } } }, async (request) => {
    await campaigns.deleteStep(db, authOf(request).organizationId, request.params.campaignId, request.params.stepId);
    return { ok: true as const };
  });
}
