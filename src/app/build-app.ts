import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, validatorCompiler } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { registerErrorHandler } from '../platform/http/error-handler.ts';
import { registerRequestGuards } from '../platform/http/request-guards.ts';
import { responseSerializerCompiler } from '../platform/http/response-serializer.ts';
import { CONTENT_SECURITY_POLICY } from '../platform/http/security-headers.ts';
import { logSettings } from '../platform/logger.ts';
import { AppError } from '../platform/errors.ts';
import { projectPath } from '../platform/project-root.ts';
import { authPlugin, orgsRoutes } from '../modules/orgs/index.ts';
import { contactsRoutes } from '../modules/contacts/index.ts';
import { conversationsRoutes, inboxRoutes } from '../modules/conversations/index.ts';
import { channelsRoutes } from '../modules/channels/index.ts';
import { pipelinesRoutes } from '../modules/pipelines/index.ts';
import { eventsRoutes } from '../modules/events/index.ts';
import { importsRoutes } from '../modules/imports/index.ts';
import { aiRoutes } from '../modules/ai/index.ts';
import { analysisRegistry, analysisRoutes } from '../modules/analysis/index.ts';
import { campaignsRoutes } from '../modules/campaigns/index.ts';
import { autopilotRoutes } from '../modules/autopilot/index.ts';
import { notificationsRoutes } from '../modules/notifications/index.ts';
import { bookingRoutes } from '../modules/booking/index.ts';
import { reactivationRoutes } from '../modules/reactivation/index.ts';
import { reengagementRoutes } from '../modules/reengagement/index.ts';
import { contactOverviewRoutes } from '../modules/contact-overview/index.ts';
import { mediaRoutes } from '../modules/media/index.ts';
import { outreachRoutes } from '../modules/outreach/index.ts';
import type { AppContext } from '../platform/context.ts';
import { Registry } from 'prom-client';

export interface RouteEntry {
  method: string;
  url: string;
  config: { isPublic?: boolean; minRole?: string };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route as registered; the tenancy test walks it so no new route escapes the check. */
    routeTable: RouteEntry[];
  }
}

const WEB_DIST = projectPath('web/dist');

export interface BuildAppOptions {
  /** Called when work was queued, to wake an in-process job loop instead of waiting for its next poll. */
  onWorkQueued?: () => void;
  /** Serve the built web UI (off in API-only tests). */
  serveWeb?: boolean;
}

/** TRUST_PROXY as Fastify takes it: a hop count becomes "trust the first n hops" (what Fastify does with a number). */
function trustProxyOption(setting: false | number | string[]): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof setting === 'number') return (_address, hop) => hop < setting;
  return setting;
}

export async function buildApp(ctx: AppContext, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.logger as FastifyBaseLogger,
    bodyLimit: ctx.config.BODY_LIMIT_BYTES,
    requestIdHeader: 'x-request-id',
    // One line per request (below), not Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: trustProxyOption(ctx.config.TRUST_PROXY),
  });
  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) if (method !== 'HEAD') routeTable.push({ method, url: route.url, config: route.config ?? {} });
  });
  // JSON only: a text/plain body would otherwise reach validation as a string instead of getting 415.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializerCompiler);
  registerErrorHandler(app);
  registerRequestGuards(app);

  const { requestLevel } = logSettings(ctx.config);
  const routeLabels = new WeakMap<object, number>();
  app.addHook('onRequest', async (request) => {
    routeLabels.set(request, performance.now());
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const started = routeLabels.get(request);
    ctx.metrics.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
    const ms = started === undefined ? undefined : performance.now() - started;
    if (ms !== undefined) ctx.metrics.httpDuration.observe({ method: request.method, route }, ms / 1000);
    request.log[requestLevel]({ method: request.method, url: loggableUrl(request.url, request.params), status: reply.statusCode, ms: ms === undefined ? undefined : Math.round(ms) }, 'request');
  });

  // CSP, frame-ancestors 'none' + X-Frame-Options, nosniff, referrer policy on every response (UI and API).
  await app.register(fastifyHelmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    hsts: false, // TLS ends at the reverse proxy, which sets HSTS (docs/deployment.md)
    crossOriginEmbedderPolicy: false,
  });
  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Parley API', version: '0.1.0', description: 'Messaging-first CRM. Authenticate with the session cookie or `Authorization: Bearer prl_…`.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, cookie: { type: 'apiKey', in: 'cookie', name: 'parley_session' } } },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  await app.register(authPlugin, { ctx });

  app.get('/health', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await sql`SELECT 1`.execute(ctx.db);
      return { status: 'ok', database: ctx.database.kind };
    } catch (error) {
      ctx.logger.error({ err: error }, 'health check failed');
      return reply.status(503).send({ status: 'unavailable', database: ctx.database.kind });
    }
  });

  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    reply.header('content-type', ctx.metrics.registry.contentType);
    return Registry.merge([ctx.metrics.registry, analysisRegistry]).metrics();
  });

  await app.register(orgsRoutes, { ctx });
  await app.register(contactsRoutes, { ctx });
  await app.register(conversationsRoutes, { ctx, onQueued: options.onWorkQueued });
  await app.register(inboxRoutes, { ctx });
  await app.register(channelsRoutes, { ctx });
  await app.register(pipelinesRoutes, { ctx });
  await app.register(eventsRoutes, { ctx });
  await app.register(importsRoutes, { ctx, onQueued: options.onWorkQueued });
  await app.register(aiRoutes, { ctx });
  await app.register(analysisRoutes, { ctx, onQueued: options.onWorkQueued });
  await app.register(campaignsRoutes, { ctx });
  await app.register(outreachRoutes, { ctx });
  await app.register(autopilotRoutes, { ctx });
  await app.register(notificationsRoutes, { ctx });

  await app.register(bookingRoutes, { ctx, onQueued: options.onWorkQueued });
  await app.register(reactivationRoutes, { ctx });
  await app.register(reengagementRoutes, { ctx });
  await app.register(contactOverviewRoutes, { ctx });
  await app.register(mediaRoutes, { ctx });

  const hasWeb = (options.serveWeb ?? true) && existsSync(join(WEB_DIST, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, { root: WEB_DIST, wildcard: true, index: ['index.html'] });

  app.setNotFoundHandler(async (request, reply) => {
    const isApi = request.url.startsWith('/api/') || request.url.startsWith('/webhooks/');
    if (!isApi && hasWeb && request.method === 'GET' && (request.headers.accept ?? '').includes('text/html')) {
      return reply.type('text/html').sendFile('index.html');
    }
    throw new AppError('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`);
  });

  return app;
}

/** The path without its query, and with a secret carried in the path (a channel webhook's) masked. */
function loggableUrl(url: string, params: unknown): string {
  const path = url.split('?')[0]!;
  const secret = (params as { secret?: unknown } | undefined)?.secret;
  return typeof secret === 'string' && secret ? path.split(encodeURIComponent(secret)).join('***').split(secret).join('***') : path;
}
