import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { ChannelType } from '../../platform/db/schema.ts';
import { safeEqual } from '../../platform/security.ts';
import { authOf } from '../../platform/http/auth.ts';
import { toMessageDto } from '../conversations/index.ts';
import { ZMessage } from '../conversations/conversations.schemas.ts';
import * as accounts from './channel-accounts.service.ts';
import { adapterFor, ChannelError } from './channel-adapter.ts';
import { adapterContext, channelServices } from './adapter-context.ts';
import { openCredentials, publicWebhookUrl, webhookPaths } from './channel-credentials.ts';
import { receiveSandboxMessage } from './sandbox-inbound.service.ts';
import { ZAccountParams, ZChannelAccount, ZCreateChannelAccount, ZSandboxInbound, ZUpdateChannelAccount } from './channels.schemas.ts';
import { evolutionGateway } from './evolution/evolution.adapter.ts';
import { handleEvolutionWebhook } from './evolution/evolution.webhook.ts';
import { handleCloudWebhook, isValidSignature } from './whatsapp-cloud/cloud.webhook.ts';
import { ingestTelegramUpdate } from './telegram-bot/telegram.updates.ts';
import { isRec } from './provider-http.ts';
import { telegramUserRoutes } from './telegram-user/telegram-user.routes.ts';
import { accountHealthRoutes } from './account-health/account-health.routes.ts';

const ZInboundResult = z.object({ conversationId: z.string(), message: ZMessage, isDuplicate: z.boolean() });
const ZWebhookAck = z.looseObject({ ok: z.literal(true) });
/** Webhook bodies can be large (message batches); they are bounded all the same. */
const WEBHOOK_BODY_LIMIT = 5 * 1024 * 1024;

/** Logs a webhook request without the secret that is part of its path. */
const maskedRequestLog = {
  req: (request: { method: string; url: string; ip?: string }) => ({
    method: request.method,
    url: request.url.replace(/^(\/webhooks\/evolution\/[^/]+\/)[^/?]+/, '$1[redacted]'),
    remoteAddress: request.ip,
  }),
};

function unauthenticated(): AppError {
  return new AppError('UNAUTHENTICATED', 'unknown account or wrong webhook secret');
}

export async function channelsRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db, clock } = ctx;
  const tags = ['channels'];
  const admin = { minRole: 'admin' as const };

  // Live provider connections (MTProto) end with the server.
  fastify.addHook('onClose', async () => {
    await Promise.all([...ctx.channels.values()].map((adapter) => adapter.close?.()));
  });
  /** Paused and deleted accounts keep no connection open in this process (job processes close theirs on their next round). */
  const release = async (channel: ChannelType, accountId: string) => {
    await ctx.channels.get(channel)?.release?.(accountId);
  };

  app.get('/api/channel-accounts', { schema: { tags, response: { 200: z.object({ items: z.array(ZChannelAccount) }) } } }, async (request) => ({
    items: (await accounts.listChannelAccounts(db, authOf(request).organizationId)).map(accounts.toChannelAccountDto),
  }));

  app.post(
    '/api/channel-accounts',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Connect a channel account: the sandbox, or a real channel with its config (credentials are stored encrypted and never returned)',
        body: ZCreateChannelAccount,
        response: { 201: ZChannelAccount },
      },
    },
    async (request, reply) => {
      const account = await accounts.createChannelAccount(db, authOf(request).organizationId, request.body, channelServices(ctx));
      reply.status(201);
      return accounts.toChannelAccountDto(account);
    },
  );

  app.get('/api/channel-accounts/:accountId', { schema: { tags, params: ZAccountParams, response: { 200: ZChannelAccount } } }, async (request) =>
    accounts.toChannelAccountDto(await accounts.getChannelAccount(db, authOf(request).organizationId, request.params.accountId)),
  );

  app.patch(
    '/api/channel-accounts/:accountId',
    { config: admin, schema: { tags, params: ZAccountParams, body: ZUpdateChannelAccount, response: { 200: ZChannelAccount } } },
    async (request) => {
      const account = await accounts.updateChannelAccount(db, authOf(request).organizationId, request.params.accountId, request.body, clock.now(), channelServices(ctx));
      if (account.status === 'paused') await release(account.channel, account.id);
      return accounts.toChannelAccountDto(account);
    },
  );

  app.delete(
    '/api/channel-accounts/:accountId',
    { config: admin, schema: { tags, params: ZAccountParams, response: { 200: z.object({ ok: z.literal(true) }) } } },
    async (request) => {
      const account = await accounts.getChannelAccount(db, authOf(request).organizationId, request.params.accountId);
      await ctx.channels.get(account.channel)?.endSession?.(account, adapterContext(ctx));
      await accounts.deleteChannelAccount(db, authOf(request).organizationId, request.params.accountId);
      await release(account.channel, account.id);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/channel-accounts/:accountId/health',
    { schema: { tags, params: ZAccountParams, response: { 200: z.object({ status: z.enum(['ok', 'degraded', 'down']), detail: z.string().optional() }) } } },
    async (request) => {
      const account = await accounts.getChannelAccount(db, authOf(request).organizationId, request.params.accountId);
      return adapterFor(ctx.channels, account.channel).health(account, adapterContext(ctx));
    },
  );

  app.get(
    '/api/channel-accounts/:accountId/qr',
    {
      config: admin,
      schema: {
        tags,
        summary: 'The QR code to scan in WhatsApp (Linked devices) for an Evolution account; null once the session is open',
        params: ZAccountParams,
        response: {
          200: z.object({
            state: z.string().describe('open, connecting or close'),
            qr: z.object({ base64: z.string().nullable(), code: z.string().nullable(), pairingCode: z.string().nullable() }).nullable(),
          }),
        },
      },
    },
    async (request) => {
      const account = await accounts.getChannelAccount(db, authOf(request).organizationId, request.params.accountId);
      if (account.channel !== 'evolution') {
        throw new AppError('UNPROCESSABLE', 'QR codes are for WhatsApp accounts on an Evolution gateway', [{ field: 'params.accountId', message: 'not an Evolution account' }]);
      }
      const context = adapterContext(ctx);
      let connection;
      try {
        connection = await evolutionGateway(account, context).connect();
      } catch (error) {
        const reason = error instanceof ChannelError && error.code === 'AUTH_REVOKED' ? error.message : `the gateway did not answer: ${(error as Error).message}`;
        throw new AppError('UNPROCESSABLE', reason, [{ field: 'params.accountId', message: 'gateway unavailable' }]);
      }
      await accounts.recordAccountConnection(
        db,
        account,
        { status: connection.state === 'open' ? 'active' : undefined, providerState: { connection: connection.state, updatedAt: context.now.toISOString() } },
        context.now,
      );
      return { state: connection.state, qr: connection.qr };
    },
  );

  app.get(
    '/api/channel-accounts/:accountId/webhook',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Where the channel should post inbound events, and how it proves itself',
        params: ZAccountParams,
        response: {
          200: z.object({
            path: z.string(),
            url: z.string().nullable().describe('Absolute URL when PUBLIC_URL is configured'),
            secretHeader: z.string().nullable().describe('Header that must carry the secret (null: the secret is in the path, or the request is signed)'),
            secret: z.string(),
            verifyToken: z.string().nullable().describe('WhatsApp Cloud API: the verify token to paste in the Meta app'),
          }),
        },
      },
    },
    async (request) => {
      const account = await accounts.getChannelAccount(db, authOf(request).organizationId, request.params.accountId);
      const secret = account.webhook_secret;
      const describe = (path: string, secretHeader: string | null, verifyToken: string | null = null) => ({
        path,
        url: publicWebhookUrl(ctx.config.PUBLIC_URL, path),
        secretHeader,
        secret,
        verifyToken,
      });
      switch (account.channel) {
        case 'evolution':
          return describe(webhookPaths.evolution(account.id, secret), null);
        case 'whatsapp_cloud':
          return describe(webhookPaths.whatsappCloud(account.id), null, secret);
        case 'telegram_bot':
          return describe(webhookPaths.telegramBot(account.id), 'x-telegram-bot-api-secret-token');
        default:
          return describe(`/webhooks/${account.channel}/${account.id}`, 'x-parley-webhook-secret');
      }
    },
  );

  await app.register(telegramUserRoutes, { ctx });
  await app.register(accountHealthRoutes, { ctx });

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

  // Public webhooks below: each authenticates itself (secret header, secret in the path, or signature) and
  // answers 401 before reading or writing anything else.

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
      if (!account || typeof secret !== 'string' || !safeEqual(secret, account.webhook_secret)) throw unauthenticated();
      const result = await receiveSandboxMessage(db, account, request.body, clock.now());
      if (!result.isDuplicate) ctx.metrics.messagesReceived.inc({ channel: account.channel });
      reply.status(result.isDuplicate ? 200 : 201);
      return { conversationId: result.conversationId, message: toMessageDto(result.message), isDuplicate: result.isDuplicate };
    },
  );

  app.post(
    '/webhooks/evolution/:accountId/:secret',
    {
      config: { isPublic: true },
      logSerializers: maskedRequestLog,
      bodyLimit: WEBHOOK_BODY_LIMIT,
      schema: {
        tags: ['webhooks'],
        summary: 'Evolution API webhook (messages.upsert, messages.update, connection.update, contacts.upsert); the path carries the account secret',
        params: z.object({ accountId: z.string(), secret: z.string() }),
        // Checked after authentication, so a stranger learns nothing but 401.
        body: z.unknown(),
        response: { 200: ZWebhookAck },
      },
    },
    async (request) => {
      const account = await accounts.findChannelAccountById(db, request.params.accountId);
      if (!account || account.channel !== 'evolution' || !safeEqual(request.params.secret, account.webhook_secret)) throw unauthenticated();
      const body = request.body;
      if (!isRec(body) || typeof body.event !== 'string') throw new AppError('BAD_REQUEST', 'expected an Evolution webhook envelope', [{ field: 'body.event', message: 'required' }]);
      const result = await handleEvolutionWebhook(db, account, body, clock.now());
      if (result.stored > 0 && result.event === 'messages.upsert') ctx.metrics.messagesReceived.inc({ channel: account.channel }, result.stored);
      return { ok: true as const, ...result };
    },
  );

  app.post(
    '/webhooks/telegram/:accountId',
    {
      config: { isPublic: true },
      bodyLimit: WEBHOOK_BODY_LIMIT,
      schema: {
        tags: ['webhooks'],
        summary: 'Telegram Bot API webhook; requires X-Telegram-Bot-Api-Secret-Token (set by Parley with setWebhook)',
        params: z.object({ accountId: z.string() }),
        body: z.unknown(),
        response: { 200: ZWebhookAck },
      },
    },
    async (request) => {
      const account = await accounts.findChannelAccountById(db, request.params.accountId);
      const secret = request.headers['x-telegram-bot-api-secret-token'];
      if (!account || account.channel !== 'telegram_bot' || typeof secret !== 'string' || !safeEqual(secret, account.webhook_secret)) throw unauthenticated();
      if (!isRec(request.body) || typeof request.body.update_id !== 'number') {
        throw new AppError('BAD_REQUEST', 'expected a Telegram Update', [{ field: 'body.update_id', message: 'required' }]);
      }
      const outcome = await ingestTelegramUpdate(db, account, request.body);
      if (outcome === 'stored') ctx.metrics.messagesReceived.inc({ channel: account.channel });
      return { ok: true as const, outcome };
    },
  );

  // The Cloud API signs the exact bytes it sends, so this scope keeps the raw body instead of parsed JSON.
  await app.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT }, (_request, body, done) => done(null, body));
    const cloud = scope.withTypeProvider<ZodTypeProvider>();
    const params = z.object({ accountId: z.string() });

    cloud.get(
      '/webhooks/whatsapp-cloud/:accountId',
      {
        config: { isPublic: true },
        schema: {
          tags: ['webhooks'],
          summary: 'WhatsApp Cloud API verification handshake: echoes hub.challenge when hub.verify_token matches',
          params,
          querystring: z.looseObject({ 'hub.mode': z.string().max(50).optional(), 'hub.verify_token': z.string().max(300).optional(), 'hub.challenge': z.string().max(300).optional() }),
        },
      },
      async (request, reply) => {
        const account = await accounts.findChannelAccountById(db, request.params.accountId);
        const query = request.query;
        const token = query['hub.verify_token'];
        if (!account || account.channel !== 'whatsapp_cloud' || query['hub.mode'] !== 'subscribe' || typeof token !== 'string' || !safeEqual(token, account.webhook_secret)) {
          throw unauthenticated();
        }
        return reply.type('text/plain').send(query['hub.challenge'] ?? '');
      },
    );

    cloud.post(
      '/webhooks/whatsapp-cloud/:accountId',
      {
        config: { isPublic: true },
        schema: { tags: ['webhooks'], summary: 'WhatsApp Cloud API webhook (messages and statuses); requires X-Hub-Signature-256', params, response: { 200: ZWebhookAck } },
      },
      async (request) => {
        const account = await accounts.findChannelAccountById(db, request.params.accountId);
        const raw = Buffer.isBuffer(request.body) ? request.body : null;
        if (!account || account.channel !== 'whatsapp_cloud' || !raw) throw unauthenticated();
        let appSecret: string | undefined;
        try {
          appSecret = openCredentials(ctx.secrets, account).appSecret;
        } catch {
          appSecret = undefined;
        }
        const signature = request.headers['x-hub-signature-256'];
        if (!appSecret || typeof signature !== 'string' || !isValidSignature(raw, signature, appSecret)) throw unauthenticated();
        let payload: unknown;
        try {
          payload = JSON.parse(raw.toString('utf8'));
        } catch {
          throw new AppError('BAD_REQUEST', 'Request body is not valid JSON', [{ field: 'body', message: 'not JSON' }]);
        }
        if (!isRec(payload)) throw new AppError('BAD_REQUEST', 'expected a webhook object', [{ field: 'body', message: 'not an object' }]);
        const result = await handleCloudWebhook(db, account, payload, clock.now());
        if (result.stored > 0) ctx.metrics.messagesReceived.inc({ channel: account.channel }, result.stored);
        return { ok: true as const, ...result };
      },
    );
  });
}
