import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, ERROR_STATUS, type ErrorCode, type FieldError } from '../errors.ts';

export interface ErrorBody {
  error: { code: ErrorCode; message: string; fields?: FieldError[] };
}

const CONTEXT_PREFIX: Record<string, string> = { body: 'body', querystring: 'query', params: 'params', headers: 'headers' };

/** The parts of a request a database "bad value" error can be traced back to. */
interface RequestInput {
  body?: unknown;
  query?: unknown;
  params?: unknown;
}

/** Dotted path of the first string (or key) holding a NUL character, which PostgreSQL text and jsonb cannot store. */
function findNul(value: unknown, path: string[]): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path.join('.') : null;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const hit = findNul(item, [...path, String(index)]);
      if (hit) return hit;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const safeKey = key.replace(/\u0000/g, '\\u0000');
      if (key !== safeKey) return [...path, safeKey].join('.');
      const hit = findNul(item, [...path, key]);
      if (hit) return hit;
    }
  }
  return null;
}

/** Maps a thrown value to the JSON error body. Unknown errors become a generic 500; details stay in the log. */
export function toErrorBody(error: unknown, request?: RequestInput): { status: number; body: ErrorBody } {
  if (error instanceof AppError) {
    return { status: error.status, body: { error: { code: error.code, message: error.message, fields: error.fields } } };
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const prefix = CONTEXT_PREFIX[(error as { validationContext?: string }).validationContext ?? 'body'] ?? 'body';
    const fields: FieldError[] = error.validation.flatMap((issue) => {
      const path = issue.instancePath.split('/').filter(Boolean);
      const keys = (issue.params as { keys?: string[] }).keys;
      if (issue.keyword === 'unrecognized_keys' && keys?.length) {
        return keys.map((key) => ({ field: [prefix, ...path, key].join('.'), message: `unknown field "${key}"` }));
      }
      return [{ field: [prefix, ...path].join('.'), message: issue.message ?? 'invalid' }];
    });
    const summary = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
    return { status: 400, body: { error: { code: 'BAD_REQUEST', message: `Invalid request — ${summary}`, fields } } };
  }
  const fastifyError = error as Partial<FastifyError> & { code?: string };
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return badBody('BAD_REQUEST', fastifyError.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ? 'Request body is empty but JSON was declared' : 'Request body is not valid JSON');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return badBody('PAYLOAD_TOO_LARGE', 'Request body is too large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return badBody('UNSUPPORTED_MEDIA_TYPE', 'Content-Type must be application/json');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return badBody('BAD_REQUEST', 'Request body size does not match the Content-Length header');
  }
  if (error instanceof SyntaxError && fastifyError.statusCode === 400) return badBody('BAD_REQUEST', 'Request body is not valid JSON');
  const pgCode = (error as { code?: unknown }).code;
  if (pgCode === '23505') {
    return { status: 409, body: { error: { code: 'CONFLICT', message: 'A record with the same unique value already exists' } } };
  }
  if (pgCode === '22P02' || pgCode === '22007' || pgCode === '22008') {
    return { status: 400, body: { error: { code: 'BAD_REQUEST', message: 'A value has the wrong format' } } };
  }
  if (pgCode === '22021' || pgCode === '22P05') {
    const message = 'text must not contain NUL (\\u0000) characters';
    const field =
      findNul(request?.body, ['body']) ?? findNul(request?.query, ['query']) ?? findNul(request?.params, ['params']);
    return { status: 400, body: { error: { code: 'BAD_REQUEST', message, ...(field ? { fields: [{ field, message }] } : {}) } } };
  }
  if (pgCode === '22003') {
    return { status: 400, body: { error: { code: 'BAD_REQUEST', message: 'A number is out of range' } } };
  }
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500 && !isResponseSerializationError(error)) {
    const code = (Object.entries(ERROR_STATUS).find(([, s]) => s === status)?.[0] as ErrorCode | undefined) ?? 'BAD_REQUEST';
    return { status, body: { error: { code, message: fastifyError.message ?? 'Bad request' } } };
  }
  return { status: 500, body: { error: { code: 'INTERNAL', message: 'Internal server error' } } };
}

function badBody(code: ErrorCode, message: string): { status: number; body: ErrorBody } {
  return { status: ERROR_STATUS[code], body: { error: { code, message, fields: [{ field: 'body', message }] } } };
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const { status, body } = toErrorBody(error, request);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: body.error.code, fields: body.error.fields }, 'request rejected');
    return reply.status(status).send(body);
  });
}
