import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { authOf } from '../../platform/http/auth.ts';
import { getOrganization } from '../orgs/index.ts';
import { ZCampaignParams } from './campaigns.schemas.ts';
import { businessFacts, prelaunchCheck } from './campaign-prelaunch.ts';
import { testSendCampaign } from './campaign-test-send.ts';

const ZBusiness = z.object({ name: z.string().nullable(), phone: z.string().nullable(), address: z.string().nullable() });

const ZPrelaunch = z.object({
  campaignId: z.string(),
  account: z.object({ id: z.string(), name: z.string(), channel: z.string(), riskScore: z.number(), riskLevel: z.enum(['low', 'medium', 'high']) }),
  audience: z.object({
    selected: z.number().int().describe('Contacts the filters pick, before exclusions'),
    excluded: z.object({ optedOut: z.number().int(), noAddress: z.number().int(), alreadyContacted: z.number().int() }).describe('Left out, per reason'),
    alreadyContactedKept: z.number().int().describe('Already written to by a campaign but kept (the audience is not "only new")'),
    limitedBy: z.number().int().nullable(),
    willJoin: z.number().int(),
  }),
  samples: z.array(
    z.object({
      contactId: z.string(),
      contactName: z.string(),
      messages: z.array(z.object({ step: z.number().int(), text: z.string(), emptyVariables: z.array(z.string()) })),
    }),
  ),
  window: z.object({
    start: z.string(),
    end: z.string(),
    timezone: z.string(),
    daysOfWeek: z.array(z.number()).nullable(),
    recipientZone: z.boolean().describe('Hours are the recipient’s local time where known'),
    source: z.enum(['campaign', 'default']).describe('campaign: its working hours; default: the quiet hours 09:00–21:00'),
    firstSendAt: z.string(),
  }),
  allowance: z.object({
    warmupLevel: z.number().int().nullable(),
    today: z.number().int().nullable(),
    sentToday: z.number().int(),
    leftToday: z.number().int().nullable(),
    hourlyCap: z.number().nullable(),
    perDayInWindow: z.number().int().nullable(),
    daysNeeded: z.number().int().describe('Days until everyone got the first message, at the account’s allowance'),
  }),
  hints: z.array(
    z.object({
      code: z.enum(['link_in_first_message', 'many_links', 'no_personalisation', 'long_first_message', 'long_message', 'shouting']),
      step: z.number().int(),
      value: z.number(),
      limit: z.number(),
    }),
  ),
  business: ZBusiness,
  problems: z.array(
    z.union([
      z.object({
        code: z.literal('empty_variable'),
        variable: z.string(),
        steps: z.array(z.number().int()),
        recipients: z.number().int(),
        exampleContactId: z.string().nullable(),
        exampleContactName: z.string().nullable(),
      }),
      z.object({ code: z.literal('no_recipients') }),
    ]),
  ),
  confirmToken: z.string().nullable().describe('Pass to POST /start; null while a problem blocks the start'),
});

const ZTestSend = z.strictObject({
  to: z.enum(['sandbox', 'phone']).describe('sandbox: your sandbox inbox; phone: a number you enter, through the campaign’s account'),
  phone: z.string().max(40).nullable().optional(),
  contactId: z.uuid().nullable().optional().describe('Whose data fills the variables (default: the first recipient)'),
  step: z.number().int().min(0).max(100).nullable().optional(),
});

/** The launch: a pre-launch check and a test send before the confirmed start (POST /start). */
export async function campaignLaunchRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['campaigns'];

  app.get(
    '/api/campaigns/business',
    {
      schema: {
        tags,
        summary: 'Your business as templates see it: {{ business.name }}, {{ business.phone }}, {{ business.address }} (null: not in the profile)',
        response: { 200: ZBusiness },
      },
    },
    async (request) => {
      const organizationId = authOf(request).organizationId;
      return businessFacts(await getOrganization(ctx.db, organizationId));
    },
  );

  app.post(
    '/api/campaigns/:campaignId/prelaunch',
    {
      schema: {
        tags,
        summary: 'Pre-launch check: audience after exclusions, three rendered messages, send window, days needed, hints, blocking problems and the confirm token',
        params: ZCampaignParams,
        response: { 200: ZPrelaunch },
      },
    },
    async (request) => prelaunchCheck(ctx, authOf(request).organizationId, request.params.campaignId),
  );

  app.post(
    '/api/campaigns/:campaignId/test-send',
    {
      schema: {
        tags,
        summary: 'Send one step’s message, rendered for a real recipient, to your sandbox or a number you enter',
        params: ZCampaignParams,
        body: ZTestSend,
        response: { 202: z.object({ messageId: z.string(), conversationId: z.string(), accountId: z.string(), accountName: z.string(), text: z.string() }) },
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      const result = await testSendCampaign(ctx, auth.organizationId, request.params.campaignId, auth.userId, request.body);
      reply.status(202);
      return result;
    },
  );
}
