import { ChannelError } from './channel-adapter.ts';

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
      body: request.json === undefined ? undefined : JSON.stringify(request.json),
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
