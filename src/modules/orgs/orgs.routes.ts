import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { SESSION_COOKIE } from './auth.plugin.ts';
import { authOf, type AuthContext } from '../../platform/http/auth.ts';
import * as auth from './auth.service.ts';
import * as orgs from './orgs.service.ts';
import { beginLoginAttempt, loginSucceeded, notifyAccountLocked } from './login-throttle.service.ts';
import {
  ZApiToken,
  ZCreateApiToken,
  ZCreateMember,
  ZLogin,
  ZMe,
  ZMember,
  ZOrganization,
  ZTokenIdParams,
  ZUpdateMember,
  ZUpdateOrganization,
  ZUserIdParams,
} from './orgs.schemas.ts';

const ZOk = z.object({ ok: z.literal(true) });

export async function orgsRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db, clock, config } = ctx;

  async function describeMe(a: AuthContext) {
    const [organization, member, organizations] = await Promise.all([
      orgs.getOrganization(db, a.organizationId),
      orgs.getMember(db, a.organizationId, a.userId),
      orgs.listOrganizationsOfUser(db, a.userId),
    ]);
    return {
      user: { id: member.id, email: member.email, name: member.name, locale: member.locale },
      organization: orgs.toOrganizationDto(organization),
      role: a.role,
      organizations,
      via: a.via,
    };
  }

  app.post(
    '/api/auth/login',
    {
      config: { isPublic: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: { tags: ['auth'], summary: 'Log in; sets the session cookie', body: ZLogin, response: { 200: ZMe } },
    },
    async (request, reply) => {
      const attempt = { email: request.body.email, address: request.ip, now: clock.now() };
      const verdict = await beginLoginAttempt(db, attempt);
      if (!verdict.allowed) {
        const seconds = Math.ceil(verdict.waitMs / 1000);
        reply.header('retry-after', String(seconds));
        throw new AppError(
          'RATE_LIMITED',
          verdict.locked
            ? `too many wrong passwords: sign-in is locked for ${Math.ceil(seconds / 60)} more minute(s)`
            : `too many wrong passwords: wait ${seconds} second(s) before trying again`,
        );
      }
      let result: Awaited<ReturnType<typeof auth.login>>;
      try {
        result = await auth.login(db, { ...request.body, userAgent: request.headers['user-agent'], ttlHours: config.SESSION_TTL_HOURS, now: attempt.now });
      } catch (error) {
        if (verdict.accountLockedNow && error instanceof AppError && error.code === 'UNAUTHENTICATED') await notifyAccountLocked(db, attempt);
        throw error;
      }
      await loginSucceeded(db, attempt);
      reply.setCookie(SESSION_COOKIE, result.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: config.COOKIE_SECURE,
        expires: result.expiresAt,
      });
      return describeMe(result.auth);
    },
  );

  app.post('/api/auth/logout', { schema: { tags: ['auth'], summary: 'End the session', response: { 200: ZOk } } }, async (request, reply) => {
    const a = authOf(request);
    if (a.sessionId) await auth.logout(db, a.sessionId);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });

  app.get('/api/auth/me', { schema: { tags: ['auth'], summary: 'The caller, its organization and role', response: { 200: ZMe } } }, async (request) =>
    describeMe(authOf(request)),
  );

  app.get('/api/org', { schema: { tags: ['organization'], response: { 200: ZOrganization } } }, async (request) =>
    orgs.toOrganizationDto(await orgs.getOrganization(db, authOf(request).organizationId)),
  );

  app.patch(
    '/api/org',
    { config: { minRole: 'admin' }, schema: { tags: ['organization'], body: ZUpdateOrganization, response: { 200: ZOrganization } } },
    async (request) => orgs.toOrganizationDto(await orgs.updateOrganization(db, authOf(request).organizationId, request.body)),
  );

  app.get('/api/users', { schema: { tags: ['users'], response: { 200: z.object({ items: z.array(ZMember) }) } } }, async (request) => ({
    items: (await orgs.listMembers(db, authOf(request).organizationId)).map(orgs.toMemberDto),
  }));

  app.post(
    '/api/users',
    { config: { minRole: 'admin' }, schema: { tags: ['users'], body: ZCreateMember, response: { 201: ZMember } } },
    async (request, reply) => {
      const a = authOf(request);
      if (request.body.role === 'owner' && a.role !== 'owner') throw new AppError('FORBIDDEN', 'only an owner can add an owner');
      reply.status(201);
      return orgs.toMemberDto(await orgs.addMember(db, a.organizationId, request.body));
    },
  );

  app.get('/api/users/:userId', { schema: { tags: ['users'], params: ZUserIdParams, response: { 200: ZMember } } }, async (request) =>
    orgs.toMemberDto(await orgs.getMember(db, authOf(request).organizationId, request.params.userId)),
  );

  app.patch(
    '/api/users/:userId',
    { config: { minRole: 'admin' }, schema: { tags: ['users'], params: ZUserIdParams, body: ZUpdateMember, response: { 200: ZMember } } },
    async (request) => {
      const a = authOf(request);
      return orgs.toMemberDto(await orgs.changeMemberRole(db, a.organizationId, a.role, request.params.userId, request.body.role));
    },
  );

  app.delete(
    '/api/users/:userId',
    { config: { minRole: 'admin' }, schema: { tags: ['users'], params: ZUserIdParams, response: { 200: ZOk } } },
    async (request) => {
      const a = authOf(request);
      await orgs.removeMember(db, a.organizationId, a.role, request.params.userId);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/tokens',
    { config: { minRole: 'admin' }, schema: { tags: ['api tokens'], response: { 200: z.object({ items: z.array(ZApiToken) }) } } },
    async (request) => ({ items: await auth.listApiTokens(db, authOf(request).organizationId) }),
  );

  app.post(
    '/api/tokens',
    {
      config: { minRole: 'admin' },
      schema: {
        tags: ['api tokens'],
        summary: 'Create an API token; the secret is shown only in this response',
        body: ZCreateApiToken,
        response: { 201: z.object({ token: ZApiToken, secret: z.string() }) },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return auth.createApiToken(db, authOf(request), request.body, clock.now());
    },
  );

  app.delete(
    '/api/tokens/:tokenId',
    { config: { minRole: 'admin' }, schema: { tags: ['api tokens'], params: ZTokenIdParams, response: { 200: ZOk } } },
    async (request) => {
      await auth.revokeApiToken(db, authOf(request).organizationId, request.params.tokenId, clock.now());
      return { ok: true as const };
    },
  );
}
