/**
 * The one error type of the application. Services throw it; the HTTP layer maps `code` to a status.
 * - BAD_REQUEST: input is well-formed JSON but not acceptable (validation, bad cursor).
 * - UNAUTHENTICATED: no valid session or token.
 * - FORBIDDEN: authenticated, but the role does not allow the action.
 * - NOT_FOUND: the object does not exist in the caller's organization (also used for other organizations' ids).
 * - CONFLICT: a uniqueness rule would be broken (same phone twice, same slug).
 * - PAYLOAD_TOO_LARGE: the body is over the limit.
 * - UNSUPPORTED_MEDIA_TYPE: the body is not JSON where JSON is expected.
 * - RATE_LIMITED: too many requests.
 * - UNPROCESSABLE: the request is valid but the current state forbids it (opted-out contact, paused account).
 * - INTERNAL: anything unexpected; the message is never shown to the client.
 */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface FieldError {
  /** Dotted path of the offending input, e.g. `body.phone` or `query.limit`. */
  field: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldError[],
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what: string): AppError => new AppError('NOT_FOUND', `${what} not found`);
export const conflict = (message: string, field?: string): AppError =>
  new AppError('CONFLICT', message, field ? [{ field, message }] : undefined);
export const badRequest = (message: string, field?: string): AppError =>
  new AppError('BAD_REQUEST', message, field ? [{ field, message }] : undefined);
