import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { AppError } from '../../platform/errors.ts';
import { safeEqual } from '../../platform/security.ts';
import { authOf } from '../orgs/index.ts';
import { toMessageDto } from '../conversations/index.ts';
import { ZMessage } from '../conversations/conversations.schemas.ts';
import * as accounts from './channel-accounts.service.ts';
import { adapterFor } from './channel-adapter.ts';
import { receiveSandboxMessage } from './sandbox-inbound.service.ts';
import { ZAccountParams, ZChannelAccount, ZCreateChannelAccount, ZSandboxInbound, ZUpdateChannelAccount } from './channels.schemas.ts';

const ZInboundResult = z.object({ conversationId: z.string(), message: ZMessage, isDuplicate: z.boolean() });

export async function channelsRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db, clock } = ctx;
  const tags = ['channels'];
  const admin = { minRole: 'admin' as const };

  app.get('/api/channel-accounts', { schema: { tags, response: { 200: z.object({ items: z.array(ZChannelAccount) }) } } }, async (request) => ({
    items: (await accounts.listChannelAccounts(db, authOf(request).organizationId)).map(accounts.toChannelAccountDto),
  }));

  app.post(
    '/api/channel-accounts',
    { config: admin, schema: { tags, body: ZCreateChannelAccount, response: { 201: ZChannelAccount } } },
    async (request, reply) => {
      reply.status(201);
      return accounts.toChannelAccountDto(await accounts.createChannelAccount(db, authOf(request).organizationId, request.body));
    },
  );

  app.get('/api/channel-accounts/:accountId', { schema: { tags, params: ZAccountParams, response: { 200: ZChannelAccount } } }, async (request) =>
    accounts.toChannelAccountDto(await accounts.getChannelAccount(db, authOf(request).organizationId, request.params.accountId)),
  );

  app.patch(
    '/api/channel-accounts/:accountId',
    { config: admin, schema: { tags, params: ZAccountParams, body: ZUpdateChannelAccount, response: { 200: ZChannelAccount } } },
    async (request) =>
      accounts.toChannelAccountDto(await accounts.updateChannelAccount(db, authOf(request).organizationId, request.params.accountId, request.body, clock.now())),
  );

  app.delete(
    '/api/channel-accounts/:accountId',
    { config: admin, schema: { tags, params: ZAccountParams, response: { 200: z.object({ ok: z.literal(true) }) } } },
    async (request) => {
      await accounts.deleteChannelAccount(db, authOf(request).organizationId, request.params.accountId);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/channel-accounts/:accountId/health',
    { schema: { tags, params: ZAccountParams, response: { 200: z.object({ status: z.enum(['ok', 'degraded', 'down']), detail: z.string().optional() }) } } },
    async (request) => {
      const account = await accounts.getChannelAccount(db, authOf(request).organizationId, request.params.accountId);
      return adapterFor(ctx.channels, account.channel).health(account, { db, now: clock.now() });
    },
  );

  app.get(
    '/api/channel-accounts/:accountId/webhook',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Where the channel should post inbound messages, and the secret it must send',
        params: ZAccountParams,
        response: { 200: z.object({ path: z.string(), secretHeader: z.string(), secret: z.string() }) },
      },
    },
    async (request) => {
      const account = await accounts.getChannelAccount(db, authOf(request).organizationId, request.params.accountId);
      return { path: `/webhooks/${account.channel}/${account.id}`, secretHeader: 'x-parley-webhook-secret', secret: account.webhook_secret };
    },
  );

  app.post(
    '/api/sandbox/:accountId/inbound',
    {
      schema: {
        tags: ['sandbox'],
        summary: 'Write to us as the contact (the sandbox inbox)',
        params: ZAccountParams,
        body: ZSandboxInbound,
        response: { 200: ZInboundResult, 201: ZInboundResult },
      },
    },
    async (request, reply) => {
      const account = await accounts.getChannelAccount(db, authOf(request).organizationId, request.params.accountId);
      const result = await receiveSandboxMessage(db, account, request.body, clock.now());
      if (!result.isDuplicate) ctx.metrics.messagesReceived.inc({ channel: account.channel });
      reply.status(result.isDuplicate ? 200 : 201);
      return { conversationId: result.conversationId, message: toMessageDto(result.message), isDuplicate: result.isDuplicate };
    },
  );

  // Public: authenticated by the per-account secret header, not by a session.
  app.post(
    '/webhooks/sandbox/:accountId',
    {
      config: { isPublic: true },
      schema: {
        tags: ['sandbox'],
        summary: 'Sandbox inbound webhook; requires the header x-parley-webhook-secret',
        params: ZAccountParams,
        body: ZSandboxInbound,
        response: { 200: ZInboundResult, 201: ZInboundResult },
      },
    },
    async (request, reply) => {
      const account = await accounts.findChannelAccountById(db, request.params.accountId);
      const secret = request.headers['x-parley-webhook-secret'];
      if (!account || typeof secret !== 'string' || !safeEqual(secret, account.webhook_secret)) {
        throw new AppError('UNAUTHENTICATED', 'unknown account or wrong webhook secret');
      }
      const result = await receiveSandboxMessage(db, account, request.body, clock.now());
      if (!result.isDuplicate) ctx.metrics.messagesReceived.inc({ channel: account.channel });
      reply.status(result.isDuplicate ? 200 : 201);
      return { conversationId: result.conversationId, message: toMessageDto(result.message), isDuplicate: result.isDuplicate };
    },
  );
}
