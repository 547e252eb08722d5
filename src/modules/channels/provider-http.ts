import { ChannelError, MediaTooLargeError } from './channel-adapter.ts';

export interface ProviderResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or null when the body is empty or not JSON. */
  body: unknown;
}

export interface ProviderRequest {
  method: 'GET' | 'POST' | 'DELETE' | 'PUT';
  headers?: Record<string, string>;
  json?: unknown;
  /** A multipart/form-data body (file uploads); fetch writes its boundary. */
  form?: FormData;
  timeoutMs: number;
  /** Names the call in errors ("Telegram sendMessage"); the URL is never used, it may carry a token. */
  what: string;
}

/** Error codes of a connection that was never made: nothing reached the provider. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * One provider call, one attempt (the job queue does the retrying). Network failures are split the way the
 * sending rules need: a connection that was never made is TEMPORARY, since the provider cannot have acted on
 * it; a timeout or a reset after the request went out is a plain Error, since it may have.
 */
export async function providerRequest(url: string, request: ProviderRequest): Promise<ProviderResponse> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: request.method,
      headers: { accept: 'application/json', ...(request.json !== undefined ? { 'content-type': 'application/json' } : {}), ...request.headers },
      body: request.form ?? (request.json === undefined ? undefined : JSON.stringify(request.json)),
      signal: AbortSignal.timeout(request.timeoutMs),
    });
  } catch (error) {
    const name = (error as Error)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') throw new Error(`${request.what}: no answer within ${request.timeoutMs} ms`);
    const code = causeCode(error);
    if (code && NOT_CONNECTED.has(code)) throw new ChannelError('TEMPORARY', `${request.what}: cannot connect (${code})`);
    throw new Error(`${request.what}: connection failed${code ? ` (${code})` : ''}`);
  }
  let text: string;
  try {
    text = await response.text();
  } catch {
    throw new Error(`${request.what}: the answer was cut off (HTTP ${response.status})`);
  }
  let body: unknown = null;
  if (text.trim() !== '') {
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      body = null;
    }
  }
  return { status: response.status, headers: response.headers, body };
}

export interface DownloadRequest {
  headers?: Record<string, string>;
  timeoutMs: number;
  maxBytes: number;
  what: string;
}

/**
 * Downloads a file, reading at most `maxBytes` (a bigger one stops the transfer with `MediaTooLargeError`).
 * Downloads change nothing on the provider's side, so every failure but "too large" and "gone" is retryable:
 * 404/410 and other 4xx are REJECTED, 401/403 AUTH_REVOKED, 429 RATE_LIMITED, the rest TEMPORARY.
 */
export async function downloadBytes(url: string, request: DownloadRequest): Promise<{ bytes: Buffer; contentType: string | null }> {
  let response: Response;
  try {
    response = await fetch(url, { method: 'GET', headers: request.headers, signal: AbortSignal.timeout(request.timeoutMs) });
  } catch (error) {
    const code = causeCode(error);
    throw new ChannelError('TEMPORARY', `${request.what}: download failed${code ? ` (${code})` : ''}`, undefined, code ?? 'network');
  }
  if (response.status < 200 || response.status >= 300) {
    await response.body?.cancel().catch(() => undefined);
    const text = `${request.what}: HTTP ${response.status}`;
    if (response.status === 429) throw new ChannelError('RATE_LIMITED', text, retryAfterMs(response.headers.get('retry-after'), Date.now()) ?? 30_000, '429');
    if (response.status === 401 || response.status === 403) throw new ChannelError('AUTH_REVOKED', text, undefined, String(response.status));
    if (response.status >= 500) throw new ChannelError('TEMPORARY', text, undefined, String(response.status));
    throw new ChannelError('REJECTED', text, undefined, String(response.status));
  }
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > request.maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new MediaTooLargeError(declared, request.maxBytes);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  const reader = response.body?.getReader();
  try {
    for (;;) {
      if (!reader) break;
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > request.maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new MediaTooLargeError(null, request.maxBytes);
      }
      chunks.push(Buffer.from(value));
    }
  } catch (error) {
    if (error instanceof MediaTooLargeError) throw error;
    throw new ChannelError('TEMPORARY', `${request.what}: the download was cut off`, undefined, 'cut_off');
  }
  return { bytes: Buffer.concat(chunks), contentType: response.headers.get('content-type') };
}

/** `Retry-After` as delay-seconds or an HTTP date → milliseconds (null when absent or unreadable). */
export function retryAfterMs(value: string | null, nowMs: number): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+(?:\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

export type Rec = Record<string, unknown>;
export const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
export const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
