import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Role } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { isApiRequest } from '../../platform/http/request-guards.ts';
import { assertSameOrigin } from '../../platform/http/same-origin.ts';
import type { AppContext } from '../../platform/context.ts';
import type { AuthContext } from '../../platform/http/auth.ts';
import { authenticateApiToken, authenticateSession, hasRole } from './auth.service.ts';

export const SESSION_COOKIE = 'parley_session';

/** Resolves the caller from a Bearer API token or the session cookie, and enforces the route's role. */
export const authPlugin = fp(async (app: FastifyInstance, { ctx }: { ctx: AppContext }) => {
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config;
    // Decided on the decoded path the router matched, so `/%61pi/…` is checked like `/api/…`.
    if (!isApiRequest(request) || config?.isPublic) return;
    request.auth = await resolveCaller(ctx, request);
    if (!request.auth) throw new AppError('UNAUTHENTICATED', 'log in or pass an API token as "Authorization: Bearer prl_…"');
    // A browser attaches the cookie to requests other sites make; a token is never sent by the browser on its own.
    if (request.auth.via === 'session') assertSameOrigin(request, ctx.config.PUBLIC_URL);
    const minRole = config?.minRole ?? 'agent';
    if (!hasRole(request.auth.role, minRole)) throw new AppError('FORBIDDEN', `this action needs the ${minRole} role`);
  });
});

async function resolveCaller(ctx: AppContext, request: FastifyRequest): Promise<AuthContext | null> {
  const now = ctx.clock.now();
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new AppError('UNAUTHENTICATED', 'Authorization header must be "Bearer <token>"');
    return authenticateApiToken(ctx.db, match[1]!, now);
  }
  const cookie = request.cookies[SESSION_COOKIE];
  return cookie ? authenticateSession(ctx.db, cookie, now) : null;
}
