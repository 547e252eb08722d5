import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../platform/context.ts';
import { authOf } from '../../platform/http/auth.ts';
import { resolveWindow } from './engine/quiet-hours.ts';
import { getOrganizationSendWindow, setOrganizationSendWindow } from './settings.service.ts';
import { z } from 'zod';
import { getOrganization } from '../orgs/index.ts';
import { listChannelAccounts } from '../channels/index.ts';
import { readBudgetsToday } from './budget.service.ts';
import { ZAccountSendStats, ZOutreachSettings, ZOutreachSettingsInput } from './outreach.schemas.ts';

/** The organization's quiet hours: the send window every automated message keeps to. */
export async function outreachRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db, clock } = ctx;
  const tags = ['outreach'];
  const view = (sendWindow: Awaited<ReturnType<typeof getOrganizationSendWindow>>) => ({ sendWindow, effectiveWindow: resolveWindow(sendWindow) });

  app.get('/api/outreach/settings', { schema: { tags, summary: 'Quiet hours: the send window of automated messages', response: { 200: ZOutreachSettings } } }, async (request) =>
    view(await getOrganizationSendWindow(db, authOf(request).organizationId)),
  );

  app.put(
    '/api/outreach/settings',
    { config: { minRole: 'admin' as const }, schema: { tags, summary: 'Set or widen the send window (null = the default 09:00–21:00)', body: ZOutreachSettingsInput, response: { 200: ZOutreachSettings } } },
    async (request) => view(await setOrganizationSendWindow(db, authOf(request).organizationId, request.body.sendWindow, clock.now())),
  );

  app.get(
    '/api/outreach/stats',
    { schema: { tags, summary: 'Sends per account today and this hour: the sending budget every feature counts in', response: { 200: z.object({ items: z.array(ZAccountSendStats) }) } } },
    async (request) => {
      const { organizationId } = authOf(request);
      const now = clock.now();
      const [organization, accounts] = await Promise.all([getOrganization(db, organizationId), listChannelAccounts(db, organizationId)]);
      const budgets = await readBudgetsToday(db, organizationId, accounts, now, organization.timezone);
      return {
        items: accounts.map((account) => {
          const today = budgets.get(account.id)!;
          return {
            accountId: account.id,
            name: account.name,
            channel: account.channel,
            sentToday: today.sentToday,
            sentThisHour: today.sentThisHour,
            allowance: today.allowance,
            remainingToday: today.remainingToday,
            hourlyCap: today.limits.hourlyCap,
            paceSeconds: today.limits.paceSeconds,
          };
        }),
      };
    },
  );
}
