import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

/** Header the web client sends with every request; a page on another origin cannot add it without a CORS preflight, which Parley never grants. */
export const CLIENT_HEADER = 'x-parley-client';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cookie-authenticated state changes must come from Parley's own pages: the Origin header (sent by every current
 * browser on POST/PUT/PATCH/DELETE) must be this server's origin or PUBLIC_URL; without an Origin header the
 * request must carry X-Parley-Client. Safe methods are exempt (they change nothing).
 */
export function assertSameOrigin(request: FastifyRequest, publicUrl?: string): void {
  if (SAFE_METHODS.has(request.method)) return;
  const origin = request.headers.origin;
  if (origin === undefined || origin === '') {
    if (request.headers[CLIENT_HEADER] !== undefined) return;
    throw new AppError('FORBIDDEN', `a change made with the session cookie needs the Origin header of this site (or the ${CLIENT_HEADER} header)`);
  }
  const own = `${request.protocol}://${request.host}`;
  const allowed = new Set([own.toLowerCase(), publicUrl ? new URL(publicUrl).origin.toLowerCase() : own.toLowerCase()]);
  if (!allowed.has(origin.toLowerCase())) {
    throw new AppError('FORBIDDEN', `requests from ${origin.slice(0, 200)} may not use this session; changes must come from Parley's own pages`);
  }
}
