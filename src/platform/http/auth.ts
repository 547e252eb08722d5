import type { FastifyRequest } from 'fastify';
import type { Role } from '../db/schema.ts';
import { AppError } from '../errors.ts';

/** Who is calling: resolved once per request by the orgs module's auth plugin, read by every route. */
export interface AuthContext {
  organizationId: string;
  userId: string;
  role: Role;
  via: 'session' | 'token';
  sessionId?: string;
  tokenId?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | null;
  }
  interface FastifyContextConfig {
    /** Reachable without a session or token (login, health, channel webhooks that verify their own secret). */
    isPublic?: boolean;
    /** Lowest role allowed; agent when absent. */
    minRole?: Role;
  }
}

/** The authenticated caller of a protected route. */
export function authOf(request: FastifyRequest): AuthContext {
  if (!request.auth) throw new AppError('UNAUTHENTICATED', 'not logged in');
  return request.auth;
}
