// A small fetch wrapper for the Parley API: JSON in and out, the session cookie, and typed errors.

export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldError[];

  constructor(status: number, code: string, message: string, fields: FieldError[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
  }

  /** Field errors keyed by the form field name: `body.phone` → `phone`, `body.tags.0` → `tags`. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const { field, message } of this.fields) {
      const name = fieldPath(field)[0];
      if (name && !(name in out)) out[name] = message;
    }
    return out;
  }
}

type Query = Record<string, string | number | boolean | null | undefined>;

let unauthorizedHandler: () => void = () => {
  if (window.location.pathname !== '/login') window.location.assign('/login');
};

/** Called when any request (other than login / me) answers 401; the app uses it to go to the login page. */
export function setUnauthorizedHandler(handler: () => void): void {
  unauthorizedHandler = handler;
}

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

interface RequestOptions {
  /** Do not redirect to the login page on 401 (used by the login form and the session probe). */
  allowUnauthorized?: boolean;
  signal?: AbortSignal;
  /** The body's Content-Type for `upload` (a file's own type); octet-stream when absent. */
  contentType?: string;
}

export async function request<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  return send<T>(
    path,
    {
      method,
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    },
    options,
  );
}

/** Sends a file (or any blob) as the raw request body, `Content-Type: application/octet-stream`; answers JSON. */
export async function upload<T>(path: string, query: Query, file: Blob, options: RequestOptions = {}): Promise<T> {
  return send<T>(withQuery(path, query), { method: 'POST', headers: { accept: 'application/json', 'content-type': options.contentType || 'application/octet-stream' }, body: file }, options);
}

async function send<T>(path: string, init: Pick<RequestInit, 'method' | 'headers' | 'body'>, options: RequestOptions): Promise<T> {
  let response: Response;
  try {
    // X-Parley-Client marks the request as the app's own (the server refuses cookie-authenticated changes without it or a same-origin Origin).
    response = await fetch(path, { ...init, headers: { ...(init.headers as Record<string, string>), 'x-parley-client': 'web' }, credentials: 'include', signal: options.signal });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'NETWORK', 'The server cannot be reached');
  }

  const text = await response.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }

  if (!response.ok) {
    const err = (data as { error?: { code?: string; message?: string; fields?: FieldError[] } } | undefined)?.error;
    const apiError = new ApiError(
      response.status,
      err?.code ?? `HTTP_${response.status}`,
      err?.message ?? (response.statusText || `Request failed (${response.status})`),
      err?.fields ?? [],
    );
    if (response.status === 401 && !options.allowUnauthorized) unauthorizedHandler();
    throw apiError;
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, query?: Query, options?: RequestOptions) => request<T>('GET', withQuery(path, query), undefined, options),
  post: <T>(path: string, body: unknown = {}, options?: RequestOptions) => request<T>('POST', path, body, options),
  patch: <T>(path: string, body: unknown, options?: RequestOptions) => request<T>('PATCH', path, body, options),
  put: <T>(path: string, body: unknown, options?: RequestOptions) => request<T>('PUT', path, body, options),
  delete: <T>(path: string, options?: RequestOptions) => request<T>('DELETE', path, undefined, options),
  upload: <T>(path: string, query: Query, file: Blob, options?: RequestOptions) => upload<T>(path, query, file, options),
};

/** The field path of an API field error without its `body.` / `query.` prefix: `body.from.phone` → `from.phone`. */
function fieldPath(field: string): string[] {
  const parts = field.split('.');
  if (parts[0] === 'body' || parts[0] === 'query' || parts[0] === 'params') parts.shift();
  return parts;
}

/**
 * Splits an error into messages for the given form fields and a general message for the rest.
 * A field error matches the longest known prefix of its path, so `body.tags.0` lands on `tags`.
 */
export function formErrors(error: unknown, knownFields: readonly string[]): { fields: Record<string, string>; general: string | null } {
  if (!error) return { fields: {}, general: null };
  if (!(error instanceof ApiError)) return { fields: {}, general: (error as Error).message ?? String(error) };
  const fields: Record<string, string> = {};
  let unmatched = error.fields.length === 0;
  for (const { field, message } of error.fields) {
    const parts = fieldPath(field);
    let matched = false;
    for (let n = parts.length; n > 0 && !matched; n--) {
      const key = parts.slice(0, n).join('.');
      if (knownFields.includes(key)) {
        fields[key] ??= message;
        matched = true;
      }
    }
    if (!matched) unmatched = true;
  }
  return { fields, general: unmatched ? error.message : null };
}
