import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { ZodObject, z } from 'zod';
import { AppError } from '../errors.ts';

/** The request path percent-decoded, as the router matched it (`/%61pi/x` → `/api/x`); the raw path if it cannot be decoded. */
export function normalizedPath(request: FastifyRequest): string {
  const raw = request.url.split('?')[0] ?? '/';
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** Whether a request is under the API (the central authentication applies), decided on the decoded path. */
export function isApiRequest(request: FastifyRequest): boolean {
  const route = request.routeOptions.url;
  return (route ?? normalizedPath(request)).startsWith('/api/');
}

/**
 * Unknown query parameters are refused like unknown body fields: every API route's query schema is made strict
 * (a route without one accepts no parameters). Webhook routes that must take a provider's extra parameters
 * declare a loose object on purpose and keep it.
 */
export function strictQueryOnRoute(route: RouteOptions): void {
  if (!route.url.startsWith('/api/')) return;
  const schema = (route.schema ??= {});
  const query = schema.querystring;
  if (query === undefined) {
    schema.querystring = z.strictObject({});
    return;
  }
  if (query instanceof ZodObject && query.def.catchall === undefined) schema.querystring = query.strict();
}

/** Dotted field of the first query value holding a NUL character (PostgreSQL text cannot store it). */
function nulField(query: unknown): string | null {
  if (!query || typeof query !== 'object') return null;
  for (const [key, value] of Object.entries(query)) {
    const values = Array.isArray(value) ? value : [value];
    if (key.includes('\u0000') || values.some((v) => typeof v === 'string' && v.includes('\u0000'))) return `query.${key.replace(/\u0000/g, '\\u0000')}`;
  }
  return null;
}

export function registerRequestGuards(app: FastifyInstance): void {
  app.addHook('onRoute', strictQueryOnRoute);
  // Before validation and before any handler can start a response: a NUL in a query value is a 400 naming it.
  app.addHook('preValidation', async (request) => {
    const field = nulField(request.query);
    if (field) throw new AppError('BAD_REQUEST', `${field} must not contain NUL (\\u0000) characters`, [{ field, message: 'must not contain NUL (\\u0000) characters' }]);
  });
}
