import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { authOf } from '../../platform/http/auth.ts';
import { getContact } from '../contacts/index.ts';
import { campaignsOfContact } from '../campaigns/index.ts';
import { reactivationOffersOfContact } from '../reactivation/index.ts';
import { reengagementItemsOfContact } from '../reengagement/index.ts';
import { analysesOfContact } from '../analysis/index.ts';

const ZParams = z.strictObject({ contactId: z.uuid() });
const ZInterest = z.enum(['hot', 'warm', 'cold']);

const ZOverview = z.object({
  campaigns: z.array(
    z.object({
      campaignId: z.string(),
      name: z.string(),
      campaignStatus: z.string(),
      status: z.string(),
      step: z.number(),
      steps: z.number(),
      lastSentAt: z.string().nullable(),
      joinedAt: z.string(),
    }),
  ),
  reactivationOffers: z.array(
    z.object({ id: z.string(), status: z.string(), service: z.object({ id: z.string(), name: z.string() }), attempt: z.number(), date: z.string(), closedAt: z.string().nullable() }),
  ),
  reengagementItems: z.array(
    z.object({ id: z.string(), status: z.string(), why: z.string(), daysQuiet: z.number(), queueDate: z.string(), scheduledAt: z.string(), sentAt: z.string().nullable() }),
  ),
  analyses: z.array(
    z.object({
      id: z.string(),
      conversationId: z.string(),
      leadId: z.string(),
      isCurrent: z.boolean(),
      funnelStage: z.string(),
      score: z.number(),
      interestLevel: ZInterest,
      summary: z.string(),
      nextAction: z.string(),
      analyzedAt: z.string(),
    }),
  ),
});

/**
 * Everything the contact is part of, for the panel beside an inbox thread: campaigns, reactivation offers,
 * re-engagement items and dialog analyses (the latest first), each read through its owning module.
 */
export async function contactOverviewRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = ctx;
  app.get(
    '/api/contacts/:contactId/overview',
    { schema: { tags: ['contacts'], summary: 'The campaigns, reactivation offers, re-engagement items and analyses of a contact', params: ZParams, response: { 200: ZOverview } } },
    async (request) => {
      const { organizationId } = authOf(request);
      const { contactId } = request.params;
      await getContact(db, organizationId, contactId);
      const [campaigns, reactivationOffers, reengagementItems, analyses] = await Promise.all([
        campaignsOfContact(db, organizationId, contactId),
        reactivationOffersOfContact(db, organizationId, contactId),
        reengagementItemsOfContact(db, organizationId, contactId),
        analysesOfContact(db, organizationId, contactId),
      ]);
      return { campaigns, reactivationOffers, reengagementItems, analyses };
    },
  );
}
